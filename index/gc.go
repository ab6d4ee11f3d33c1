package index

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// servingGCPercent is the garbage collector's target (GOGC) for a process
// that serves an index. A server's live heap is mostly the meta of the
// build it serves, which lives as long as the build; with Go's default of
// 100 the heap grows to twice that before a collection. At 75, serving
// 100,000 articles takes about 15 MiB less than at 100 and answers as fast;
// at 50 it took 30 MiB less, but the more frequent collections pushed
// search's p99 over 20 ms in half the runs (BENCHMARKS.md, issue 15).
const servingGCPercent = 75

// SetServingGC sets the garbage collector for serving an index, unless the
// GOGC environment variable sets it. It returns the target in force.
func SetServingGC() int {
	if v := os.Getenv("GOGC"); v != "" {
		old := debug.SetGCPercent(100)
		debug.SetGCPercent(old)
		return old
	}
	buildGC.Lock()
	defer buildGC.Unlock()
	if buildGC.n > 0 {
		buildGC.percent = servingGCPercent // set when the builds end
	} else {
		debug.SetGCPercent(servingGCPercent)
	}
	return servingGCPercent
}

// heapInUse is the bytes of the heap's spans in use (live objects and
// not yet swept garbage).
func heapInUse() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// A build allocates a great deal of short-lived garbage (each article's
// text, tokens and analysis, each batch's documents) over a small live
// heap, and at the default target the collector ran about every 10 MiB:
// at GOGC 400 a 10,000-article build took a quarter less CPU (45 s
// against 60 s). A soft memory limit keeps a large build's peak in
// bounds: buildMemoryLimit above what the heap holds when the build
// starts (a server's index, in a rebuild), near which the collector runs
// as often as it must.
const (
	buildGCPercent   = 400
	buildMemoryLimit = 640 << 20
)

// buildGC counts the builds running, so that the first sets the
// collector's build targets and the last one out restores what was set.
var buildGC struct {
	sync.Mutex
	n       int
	percent int
	limit   int64
}

// raiseGCForBuild sets the collector's target for a build, unless GOGC or
// GOMEMLIMIT is set in the environment, and returns the function that
// restores it. A target higher than the build's, or none (GOGC off, then
// no limit is set either), is kept; so is a memory limit lower than the
// build's.
func raiseGCForBuild() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	buildGC.Lock()
	defer buildGC.Unlock()
	if buildGC.n == 0 {
		buildGC.percent = debug.SetGCPercent(buildGCPercent)
		buildGC.limit = debug.SetMemoryLimit(-1)
		if buildGC.percent < 0 || buildGC.percent > buildGCPercent {
			debug.SetGCPercent(buildGC.percent)
		}
		if buildGC.percent >= 0 {
			debug.SetMemoryLimit(min(buildGC.limit, buildMemoryLimit+heapInUse()))
		}
	}
	buildGC.n++
	return sync.OnceFunc(func() {
		buildGC.Lock()
		defer buildGC.Unlock()
		if buildGC.n--; buildGC.n == 0 {
			debug.SetGCPercent(buildGC.percent)
			debug.SetMemoryLimit(buildGC.limit)
		}
	})
}
