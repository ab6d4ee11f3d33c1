package main

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// procStatus returns a field of /proc/self/status in MiB (VmHWM: peak
// resident set size of this process; VmRSS: now), or -1 where there is no
// /proc.
func procStatus(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
		if err != nil {
			return -1
		}
		return round(kb/1024, 1)
	}
	return -1
}

func peakRSS() float64 { return procStatus("VmHWM") }

// processCPU is the CPU time this process has used (user and system, all
// threads). Unlike wall time it does not grow when other processes take
// the cores, so it compares runs made under different loads.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
func nowRSS() float64 { return procStatus("VmRSS") }

// heapMiB is the Go heap in use now, after a collection.
func heapMiB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return round(float64(m.HeapAlloc)/(1<<20), 1)
}

// dirMiB is the size of the files under dir.
func dirMiB(dir string) float64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return round(float64(n)/(1<<20), 1)
}

// profile starts a CPU profile named name in dir (when dir is set); the
// returned stop ends it and writes the allocation profile beside it.
func profile(dir, name string) (stop func(), err error) {
	if dir == "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cpu, err := os.Create(filepath.Join(dir, name+".cpu.pprof"))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		cpu.Close()
		if f, err := os.Create(filepath.Join(dir, name+".alloc.pprof")); err == nil {
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}, nil
}

func round(x float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	if x < 0 {
		return -float64(int64(-x*p+0.5)) / p
	}
	return float64(int64(x*p+0.5)) / p
}

// mappedMiB is the resident size of the process's file mappings, by kind
// of file: the index's segments (.zap), the executable, and the rest, read
// from /proc/self/smaps.
func mappedMiB() map[string]float64 {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil
	}
	defer f.Close()
	exe, _ := os.Executable()
	out := map[string]float64{}
	kind := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":") {
			// A mapping's header: address perms offset dev inode [path].
			kind = ""
			if len(fields) >= 6 && fields[4] != "0" {
				switch path := fields[5]; {
				case strings.HasSuffix(path, ".zap"):
					kind = "segments"
				case path == exe:
					kind = "executable"
				default:
					kind = "other files"
				}
			}
			continue
		}
		if kind == "" || len(fields) < 2 || fields[0] != "Rss:" {
			continue
		}
		if kb, err := strconv.ParseFloat(fields[1], 64); err == nil {
			out[kind] = round(out[kind]+kb/1024, 1)
		}
	}
	return out
}
