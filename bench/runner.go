package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// report is everything one run measured.
type report struct {
	Machine machine      `json:"machine"`
	Config  runConfig    `json:"config"`
	Sizes   []sizeReport `json:"sizes"`
}

type machine struct {
	CPU        string  `json:"cpu"`
	Cores      int     `json:"cores"`
	GOMAXPROCS int     `json:"gomaxprocs"`
	Go         string  `json:"go"`
	OS         string  `json:"os"`
	MemMiB     float64 `json:"mem_total_mib"`
}

type runConfig struct {
	Seed        uint64 `json:"seed"`
	Queries     int    `json:"queries_per_intent"`
	Concurrency int    `json:"concurrent_askers"`
	TopK        int    `json:"fts5_top_k"`
	Corpus      string `json:"corpus"` // "folder" or "memory"
	// Pages is the folder of real-report pages the articles were made
	// from (synth.NewPages), "" for articles recombined from the default
	// ones.
	Pages string `json:"pages"`
}

// sizeReport is one corpus size.
type sizeReport struct {
	Articles int `json:"articles"`
	// LoadAvg is the machine's 1-minute load average before and after the
	// size ran: other work on the machine skews every figure.
	LoadAvg [2]float64 `json:"load_avg"`
	// StealPct is the share of the machine's CPU time the hypervisor gave
	// to other guests while the size ran (steal in /proc/stat), -1 when
	// unknown: on a shared VM it, not load, is what stretches a p99.
	StealPct   float64 `json:"cpu_steal_pct"`
	CorpusMiB  float64 `json:"corpus_mib"`
	GenSeconds float64 `json:"corpus_write_seconds"`
	// Build is the whole reindex (read, clean, tag, index) by index.Open.
	Build buildResult `json:"build"`
	// Serve is opening the built index and answering.
	Serve serveResult `json:"serve"`
	// Dump is cleaning and tagging alone (index.LoadCorpus).
	Dump dumpResult `json:"clean_and_tag"`
	// Load is indexing passages already cleaned and tagged.
	Load    loadCompare        `json:"load_precleaned"`
	FTS5    ftsServeResult     `json:"fts5"`
	Compare map[string]compare `json:"compare"`
}

type loadCompare struct {
	Bleve loadResult `json:"bleve"`
	FTS5  loadResult `json:"fts5"`
	// Ratio is Bleve's passages/s over FTS5's.
	Ratio float64 `json:"bleve_over_fts5"`
}

// compare sets an intent's talksbot latency next to FTS5's; ratios are
// FTS5's over talksbot's, so above 1 means talksbot is faster.
type compare struct {
	TalksbotP50  float64 `json:"talksbot_p50_ms"`
	FTS5P50      float64 `json:"fts5_p50_ms"`
	P50Ratio     float64 `json:"p50_fts5_over_talksbot"`
	TalksbotP99  float64 `json:"talksbot_p99_ms"`
	FTS5P99      float64 `json:"fts5_p99_ms"`
	P99Ratio     float64 `json:"p99_fts5_over_talksbot"`
	TalksbotRate float64 `json:"talksbot_concurrent_answers_per_s"`
	FTS5Rate     float64 `json:"fts5_concurrent_answers_per_s"`
	// The same with FTS5 returning only the top k (--top-k) rows.
	FTS5TopKP99  float64 `json:"fts5_top_k_p99_ms"`
	P99RatioTopK float64 `json:"p99_fts5_top_k_over_talksbot"`
}

// runAll measures every size in turn.
func runAll(o options, log io.Writer) (report, error) {
	rep := report{Machine: describeMachine(), Config: runConfig{Seed: o.seed, Queries: o.queries,
		Concurrency: o.concurrency, TopK: o.topK, Corpus: "folder", Pages: o.pages}}
	if o.inMemory {
		rep.Config.Corpus = "memory"
	}
	work := o.work
	if work == "" {
		dir, err := os.MkdirTemp("", "talksbot-bench-")
		if err != nil {
			return rep, err
		}
		work = dir
	}
	if !o.keep {
		defer os.RemoveAll(work)
	}
	for _, n := range o.sizes {
		sr, err := runSize(o, n, filepath.Join(work, strconv.Itoa(n)), log)
		if err != nil {
			return rep, fmt.Errorf("%d articles: %w", n, err)
		}
		rep.Sizes = append(rep.Sizes, sr)
	}
	return rep, nil
}

func runSize(o options, n int, work string, log io.Writer) (sizeReport, error) {
	sr := sizeReport{Articles: n, Compare: map[string]compare{}}
	sr.LoadAvg[0] = loadAvg()
	steal0, total0 := cpuSteal()
	if o.only == nil {
		os.RemoveAll(work)
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return sr, err
	}
	a := phaseArgs{Articles: n, Seed: o.seed, DataDir: filepath.Join(work, "data"), Work: work,
		Queries: o.queries, FTSQueries: o.ftsQueries, Concurrency: o.concurrency, TopK: o.topK, PagesDir: o.pages}
	if o.profileDir != "" {
		a.ProfileDir = filepath.Join(o.profileDir, strconv.Itoa(n))
	}
	step := func(what string) func() {
		fmt.Fprintf(log, "bench: %d articles: %s…\n", n, what)
		t := time.Now()
		return func() { fmt.Fprintf(log, "bench: %d articles: %s took %.1fs\n", n, what, time.Since(t).Seconds()) }
	}
	if !o.inMemory && o.only != nil {
		a.CorpusDir = filepath.Join(work, "corpus")
	} else if !o.inMemory {
		done := step("writing the corpus")
		c, err := newCorpus(o.pages, n, o.seed)
		if err != nil {
			return sr, err
		}
		a.CorpusDir = filepath.Join(work, "corpus")
		if err := os.MkdirAll(a.CorpusDir, 0o755); err != nil {
			return sr, err
		}
		t := time.Now()
		bytes, err := c.WriteDir(a.CorpusDir)
		if err != nil {
			return sr, err
		}
		sr.GenSeconds, sr.CorpusMiB = round(time.Since(t).Seconds(), 3), round(float64(bytes)/(1<<20), 1)
		done()
	}
	phases := []struct {
		name string
		out  any
		fts  bool
	}{
		{"build", &sr.Build, false},
		{"serve", &sr.Serve, false},
		{"dump", &sr.Dump, true},
		{"bleve-load", &sr.Load.Bleve, true},
		{"fts-load", &sr.Load.FTS5, true},
		{"fts-query", &sr.FTS5, true},
	}
	for _, p := range phases {
		if p.fts && !o.fts {
			continue
		}
		if o.only != nil && !o.only[p.name] {
			// An earlier run's result of this phase, when it saved one.
			readJSON(filepath.Join(work, "result-"+p.name+".json"), p.out)
			continue
		}
		if p.name == "build" {
			os.RemoveAll(a.DataDir) // build from nothing, even in a reused folder
		}
		done := step(p.name)
		if err := runPhase(p.name, a, log, p.out); err != nil {
			return sr, err
		}
		// Kept, so that a later --only run reports this phase too.
		if err := writeJSON(filepath.Join(work, "result-"+p.name+".json"), p.out); err != nil {
			return sr, err
		}
		done()
	}
	if sr.Load.FTS5.PassagesPerS > 0 {
		sr.Load.Ratio = round(sr.Load.Bleve.PassagesPerS/sr.Load.FTS5.PassagesPerS, 2)
	}
	for _, intent := range intents {
		t, f := sr.Serve.Intents[intent], sr.FTS5.Intents[intent]
		if t == nil {
			continue
		}
		c := compare{TalksbotP50: t.P50, TalksbotP99: t.P99, TalksbotRate: t.AnswersPerS}
		if f != nil {
			c.FTS5P50, c.FTS5P99, c.FTS5Rate = f.P50, f.P99, f.AnswersPerS
			c.P50Ratio, c.P99Ratio = ratio(f.P50, t.P50), ratio(f.P99, t.P99)
		}
		if f := sr.FTS5.IntentsTopK[intent]; f != nil {
			c.FTS5TopKP99, c.P99RatioTopK = f.P99, ratio(f.P99, t.P99)
		}
		sr.Compare[intent] = c
	}
	sr.LoadAvg[1] = loadAvg()
	sr.StealPct = -1
	if steal1, total1 := cpuSteal(); total1 > total0 {
		sr.StealPct = round(100*float64(steal1-steal0)/float64(total1-total0), 1)
	}
	return sr, nil
}

// cpuSteal is the steal time and all CPU time of the machine so far, in
// clock ticks (the "cpu" line of /proc/stat), or zeros.
func cpuSteal() (steal, total uint64) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0
	}
	for i, v := range f[1:] {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return 0, 0
		}
		if i < 8 { // guest time is counted in user time already
			total += n
		}
		if i == 7 {
			steal = n
		}
	}
	return steal, total
}

// loadAvg is the 1-minute load average, or -1.
func loadAvg() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f, err := strconv.ParseFloat(strings.Fields(string(data))[0], 64)
	if err != nil {
		return -1
	}
	return f
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return round(a/b, 2)
}

func describeMachine() machine {
	m := machine{Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), Go: runtime.Version(),
		OS: runtime.GOOS + "/" + runtime.GOARCH}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && k == "MemTotal" {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
				m.MemMiB = round(kb/1024, 0)
				break
			}
		}
		f.Close()
	}
	return m
}
