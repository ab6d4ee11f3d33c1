package index

import (
	"runtime/debug"
	"testing"
)

func TestSetServingGC(t *testing.T) {
	old := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(old) })
	t.Setenv("GOGC", "")
	if got := SetServingGC(); got != servingGCPercent || debug.SetGCPercent(100) != servingGCPercent {
		t.Errorf("SetServingGC() = %d, want %d in force", got, servingGCPercent)
	}
	// GOGC read at start-up wins: the runtime applied it already.
	t.Setenv("GOGC", "80")
	debug.SetGCPercent(80)
	if got := SetServingGC(); got != 80 || debug.SetGCPercent(100) != 80 {
		t.Errorf("with GOGC=80, SetServingGC() = %d, want 80 kept", got)
	}
}

func TestRaiseGCForBuild(t *testing.T) {
	oldPercent, oldLimit := debug.SetGCPercent(75), debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(oldPercent); debug.SetMemoryLimit(oldLimit) })
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	gc := func() (int, int64) {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p, debug.SetMemoryLimit(-1)
	}
	check := func(when string, percent int, limit int64) {
		t.Helper()
		if p, l := gc(); p != percent || l != limit {
			t.Errorf("%s: GOGC %d, limit %d; want %d, %d", when, p, l, percent, limit)
		}
	}
	// The build's limit is buildMemoryLimit over the heap in use when it
	// starts.
	building := func(when string) {
		t.Helper()
		p, l := gc()
		if p != buildGCPercent || l < buildMemoryLimit || l > buildMemoryLimit+heapInUse()+64<<20 {
			t.Errorf("%s: GOGC %d, limit %d MiB; want %d, %d MiB over the heap in use (%d MiB)", when, p, l>>20, buildGCPercent, buildMemoryLimit>>20, heapInUse()>>20)
		}
	}
	// Two builds at once: the first out leaves the second's targets.
	debug.SetGCPercent(100)
	first := raiseGCForBuild()
	building("during a build")
	second := raiseGCForBuild()
	first()
	first() // restoring twice restores once
	building("while a second build runs")
	// A server setting its serving target meanwhile gets it at the end.
	if got := SetServingGC(); got != servingGCPercent {
		t.Errorf("SetServingGC during a build = %d", got)
	}
	building("after SetServingGC during a build")
	second()
	check("after both", servingGCPercent, oldLimit)

	// With the collector off, no limit is set.
	debug.SetGCPercent(-1)
	restore := raiseGCForBuild()
	check("with the collector off", -1, oldLimit)
	restore()
	check("after", -1, oldLimit)

	// A higher target, or a lower limit, is kept.
	debug.SetGCPercent(800)
	debug.SetMemoryLimit(100 << 20)
	restore = raiseGCForBuild()
	check("with GOGC 800 and a 100 MiB limit", 800, 100<<20)
	restore()
	check("after", 800, 100<<20)
	debug.SetMemoryLimit(oldLimit)

	// What the environment sets is left alone.
	debug.SetGCPercent(75)
	t.Setenv("GOGC", "75")
	restore = raiseGCForBuild()
	check("with GOGC set", 75, oldLimit)
	restore()
}
