package index

import (
	"os"
	"runtime/debug"
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
	debug.SetGCPercent(servingGCPercent)
	return servingGCPercent
}
