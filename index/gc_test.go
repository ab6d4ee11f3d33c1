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
