package main

import (
	"fmt"
	"io"
	"strings"
)

// readReports reads saved --json reports and merges their sizes, in order,
// under the first one's machine and settings.
func readReports(files []string) (report, error) {
	var all report
	for i, f := range files {
		var r report
		if err := readJSON(f, &r); err != nil {
			return all, fmt.Errorf("read %s: %w", f, err)
		}
		if i == 0 {
			all.Machine, all.Config = r.Machine, r.Config
		}
		all.Sizes = append(all.Sizes, r.Sizes...)
	}
	return all, nil
}

// printReport writes the results as Markdown tables, the form
// BENCHMARKS.md keeps them in.
func printReport(w io.Writer, rep report) {
	m := rep.Machine
	fmt.Fprintf(w, "Machine: %s, %d cores (GOMAXPROCS %d), %.0f MiB, %s %s\n", m.CPU, m.Cores, m.GOMAXPROCS, m.MemMiB, m.Go, m.OS)
	c := rep.Config
	fmt.Fprintf(w, "Seed %d, %d questions per intent, %d concurrent askers, FTS5 top %d, corpus read from a %s\n\n",
		c.Seed, c.Queries, c.Concurrency, c.TopK, c.Corpus)

	fmt.Fprintln(w, "| articles | passages | reindex s | reindex CPU s | passages/s | peak RSS MiB | disk MiB | open s | RSS serving MiB | clean+tag s | clean+tag CPU s | load avg | steal % |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
	for _, s := range rep.Sizes {
		fmt.Fprintf(w, "| %d | %d | %.2f | %.1f | %.0f | %.0f | %.1f | %.3f | %.0f | %.2f | %.1f | %.1f→%.1f | %.1f |\n", s.Articles, s.Build.Passages,
			s.Build.Seconds, s.Build.CPUSeconds, s.Build.PassagesPerS, s.Build.PeakRSSMiB, s.Build.DiskMiB, s.Serve.OpenSeconds,
			s.Serve.RSSServingMiB, s.Dump.Seconds, s.Dump.CPUSeconds, s.LoadAvg[0], s.LoadAvg[1], s.StealPct)
	}

	fmt.Fprintln(w, "\nLoading passages already cleaned and tagged (passages/s; peak RSS MiB; disk MiB):")
	fmt.Fprintln(w, "\n| articles | Bleve p/s | FTS5 p/s | Bleve/FTS5 | Bleve RSS | FTS5 RSS | Bleve disk | FTS5 disk |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range rep.Sizes {
		l := s.Load
		fmt.Fprintf(w, "| %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.1f | %.1f |\n", s.Articles, l.Bleve.PassagesPerS,
			l.FTS5.PassagesPerS, l.Ratio, l.Bleve.PeakRSSMiB, l.FTS5.PeakRSSMiB, l.Bleve.DiskMiB, l.FTS5.DiskMiB)
	}

	fmt.Fprintln(w, "\nWhole answer path per intent (ms), talksbot vs FTS5 on the same words; ×: FTS5 over talksbot:")
	fmt.Fprintf(w, "FTS5 fetches as many rows as the index does; \"top %d\" columns: only the top %d.\n", rep.Config.TopK, rep.Config.TopK)
	fmt.Fprintf(w, "\n| articles | intent | p50 | p99 | max | FTS5 p50 | FTS5 p99 | p99 × | FTS5 top %d p99 | × | answers/s | FTS5 answers/s | hits | FTS5 hits |\n", rep.Config.TopK)
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	eachIntent(rep, func(s sizeReport, intent string, t, f *latency) {
		c := s.Compare[intent]
		fmt.Fprintf(w, "| %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %.1f | %.0f | %.0f | %.1f | %.1f |\n", s.Articles, intent,
			t.P50, t.P99, t.Max, f.P50, f.P99, c.P99Ratio, c.FTS5TopKP99, c.P99RatioTopK, t.AnswersPerS, f.AnswersPerS, t.Hits, f.Hits)
	})

	fmt.Fprintln(w, "\nCPU time per answer (ms, one asker; all threads of the process), which other processes' load does not inflate:")
	fmt.Fprintln(w, "\n| articles | intent | CPU p50 | CPU p99 | FTS5 CPU p50 | FTS5 CPU p99 | CPU p99 × | slowest question (wall ms) |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---|")
	eachIntent(rep, func(s sizeReport, intent string, t, f *latency) {
		slow := ""
		if len(t.Slowest) > 0 {
			slow = fmt.Sprintf("`%s` (%.1f)", strings.ReplaceAll(t.Slowest[0].Text, "|", "/"), t.Slowest[0].Ms)
		}
		fmt.Fprintf(w, "| %d | %s | %.2f | %.2f | %.2f | %.2f | %.1f | %s |\n", s.Articles, intent, t.CPUP50, t.CPUP99,
			f.CPUP50, f.CPUP99, ratio(f.CPUP99, t.CPUP99), slow)
	})
}

// eachIntent calls fn for every size and intent talksbot answered, with
// FTS5's figures (zero when it did not run).
func eachIntent(rep report, fn func(s sizeReport, intent string, t, f *latency)) {
	for _, s := range rep.Sizes {
		for _, intent := range intents {
			t := s.Serve.Intents[intent]
			if t == nil {
				continue
			}
			f := s.FTS5.Intents[intent]
			if f == nil {
				f = &latency{}
			}
			fn(s, intent, t, f)
		}
	}
}
