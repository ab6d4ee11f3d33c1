package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/handlers"
	"github.com/talksbot/talksbot/index"
)

// source is the corpus a phase reads: the folder the run wrote, or the
// synthetic corpus made in memory as files are opened.
func source(a phaseArgs) (corpus.Source, error) {
	if a.CorpusDir != "" {
		return corpus.Source{Dir: os.DirFS(a.CorpusDir), Fallback: corpus.FS(), Key: a.CorpusDir}, nil
	}
	c, err := newCorpus(a.PagesDir, a.Articles, a.Seed)
	if err != nil {
		return corpus.Source{}, err
	}
	return corpus.Source{Dir: c, Fallback: corpus.FS(),
		Key: fmt.Sprintf("synth-%d-%d", a.Articles, a.Seed)}, nil
}

// buildResult is the whole reindex: reading, cleaning, tagging, indexing.
type buildResult struct {
	Articles     int     `json:"articles"`
	Passages     int     `json:"passages"`
	Problems     int     `json:"problems"`
	Meetings     int     `json:"meetings"`
	Seconds      float64 `json:"seconds"`
	PassagesPerS float64 `json:"passages_per_s"`
	PeakRSSMiB   float64 `json:"peak_rss_mib"`
	DiskMiB      float64 `json:"disk_mib"`
	// CPUSeconds is the CPU time of the build (all cores): with wall
	// time, how much of it other processes took.
	CPUSeconds float64 `json:"cpu_seconds"`
}

// phaseBuild builds the index from nothing with index.Open, as the bot does
// on first start or after the corpus changed.
func phaseBuild(a phaseArgs) (any, error) {
	src, err := source(a)
	if err != nil {
		return nil, err
	}
	stop, err := profile(a.ProfileDir, "build")
	if err != nil {
		return nil, err
	}
	start, cpu := time.Now(), processCPU()
	ix, err := index.Open(a.DataDir, src)
	took, cpuTook := time.Since(start), processCPU()-cpu
	stop()
	if err != nil {
		return nil, err
	}
	m := ix.Meta()
	ix.Close()
	return buildResult{Articles: len(m.Articles), Passages: m.Passages, Problems: len(m.Problems), Meetings: len(m.Meetings),
		Seconds: round(took.Seconds(), 3), PassagesPerS: round(float64(m.Passages)/took.Seconds(), 0),
		PeakRSSMiB: peakRSS(), DiskMiB: dirMiB(filepath.Join(a.DataDir, "index")), CPUSeconds: round(cpuTook.Seconds(), 2)}, nil
}

// serveResult is opening the built index and answering questions.
type serveResult struct {
	OpenSeconds   float64 `json:"open_seconds"`
	RSSOpenMiB    float64 `json:"rss_after_open_mib"`
	RSSServingMiB float64 `json:"rss_serving_mib"`
	// RSSAnonMiB is the serving RSS that is the process's own memory (Go
	// heap, stacks); RSSFileMiB the pages of the index files it maps
	// (page cache the kernel can reclaim).
	RSSAnonMiB float64 `json:"rss_serving_anon_mib"`
	RSSFileMiB float64 `json:"rss_serving_file_mib"`
	// MappedMiB splits RSSFileMiB by file: the index's segments, the
	// executable, other files.
	MappedMiB      map[string]float64  `json:"rss_serving_mapped_mib,omitempty"`
	PeakRSSMiB     float64             `json:"peak_rss_mib"`
	HeapMiB        float64             `json:"heap_mib"`
	Intents        map[string]*latency `json:"intents"`
	FirstAnswerSec float64             `json:"first_answer_seconds"`
}

// phaseServe opens the existing index and asks every intent's questions
// through the whole answer path (parse, route, search, render), one asker
// then several at once. It writes the questions with their FTS5 form for
// the fts-query phase.
func phaseServe(a phaseArgs) (any, error) {
	src, err := source(a)
	if err != nil {
		return nil, err
	}
	index.SetServingGC() // as talksbot serve does
	start := time.Now()
	ix, err := index.Open(a.DataDir, src)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	res := serveResult{OpenSeconds: round(time.Since(start).Seconds(), 3), RSSOpenMiB: nowRSS(), Intents: map[string]*latency{}}
	h := handlers.New(ix)
	ctx := context.Background()
	ask := func(text string) (int, error) {
		req, err := h.ParseCommandLine(text)
		if err != nil {
			return 0, err
		}
		ans, err := h.Answer(ctx, req)
		if err != nil {
			return 0, err
		}
		if ans.Reply == nil || len(ans.Reply.Embeds) == 0 {
			return 0, errors.New("no reply")
		}
		return len(ans.Passages), nil
	}
	t := time.Now()
	if _, err := ask("/search query:peace plan"); err != nil {
		return nil, err
	}
	res.FirstAnswerSec = round(time.Since(t).Seconds(), 4)

	qs := makeQueries(a.Seed, a.Queries)
	lx, meetings := ix.Lexicon(), ix.Meetings()
	var plan []query
	for _, intent := range intents {
		for _, text := range qs[intent] {
			req, err := h.ParseCommandLine(text)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", text, err)
			}
			plan = append(plan, query{Intent: intent, Text: text, FTS: ftsFor(h, lx, meetings, req), K: fetched[req.Command]})
		}
	}
	if err := writeJSON(filepath.Join(a.Work, "queries.json"), plan); err != nil {
		return nil, err
	}
	stop, err := profile(a.ProfileDir, "serve")
	if err != nil {
		return nil, err
	}
	for _, intent := range intents {
		l, err := measure(qs[intent], a.Concurrency, ask)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", intent, err)
		}
		res.Intents[intent] = l
	}
	stop()
	res.RSSServingMiB, res.PeakRSSMiB = nowRSS(), peakRSS()
	res.RSSAnonMiB, res.RSSFileMiB = procStatus("RssAnon"), procStatus("RssFile")
	res.MappedMiB = mappedMiB()
	res.HeapMiB = heapMiB()
	return res, nil
}

// passageRow is one cleaned, tagged passage as the index stores it: the
// folded text it indexes, the tags it filters on, the passage as JSON.
type passageRow struct {
	ID       string   `json:"id"`
	Article  string   `json:"article"`
	Text     string   `json:"text"`
	People   []string `json:"people"`
	Speakers []string `json:"speakers"`
	Sides    []string `json:"sides"`
	Topics   []string `json:"topics"`
	Doc      string   `json:"doc"`
}

type dumpResult struct {
	Passages   int     `json:"passages"`
	Seconds    float64 `json:"seconds"`
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	CPUSeconds float64 `json:"cpu_seconds"`
}

// phaseDump cleans and tags the corpus (index.LoadCorpus) and writes its
// passages as JSON lines, for loading into Bleve and FTS5 alike.
func phaseDump(a phaseArgs) (any, error) {
	src, err := source(a)
	if err != nil {
		return nil, err
	}
	start, cpu := time.Now(), processCPU()
	c, err := corpus.Load(src.Dir, src.Fallback)
	if err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(a.Work, "passages.jsonl"))
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	for _, p := range c.Passages {
		doc, err := json.Marshal(p)
		if err != nil {
			f.Close()
			return nil, err
		}
		row := passageRow{ID: p.ID, Article: p.Article, Text: c.Lexicon.Fold(p.Text, false), People: p.People,
			Speakers: p.Speakers, Sides: p.Sides, Topics: p.Topics, Doc: string(doc)}
		if err := enc.Encode(row); err != nil {
			f.Close()
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return dumpResult{Passages: len(c.Passages), Seconds: round(time.Since(start).Seconds(), 3), PeakRSSMiB: peakRSS(),
		CPUSeconds: round((processCPU() - cpu).Seconds(), 2)}, nil
}

// readRows calls fn for every passage the dump phase wrote.
func readRows(work string, fn func(passageRow) error) error {
	f, err := os.Open(filepath.Join(work, "passages.jsonl"))
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	for {
		var r passageRow
		if err := dec.Decode(&r); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
}

func writeJSON(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}
