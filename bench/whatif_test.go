package main

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/index"
)

// BenchmarkWhatIf measures changes to index/search.go that BENCHMARKS.md
// proposes, on an index a bench run built and kept (--keep):
//
//	TALKSBOT_BENCH_INDEX=$(ls -d /tmp/w/10000/data/index/*/build-*/p0000) \
//	  go test ./bench -run '^$' -bench WhatIf -benchtime 200x
//
// It rebuilds the queries index makes (words OR'd plus the phrase, over
// the folded text; Position's keywords AND its topic and side) and runs
// them as index does today (sorted by score then _id), sorted by score
// alone, and both again on a copy of the index merged into one segment.
func BenchmarkWhatIf(b *testing.B) {
	path := os.Getenv("TALKSBOT_BENCH_INDEX")
	if path == "" {
		b.Skip("set TALKSBOT_BENCH_INDEX to a kept index (…/data/index/*/build-*/p0000, a part of a build)")
	}
	lx, err := extract.LoadLexicon(corpus.FS(), nil)
	if err != nil {
		b.Fatal(err)
	}
	var searches, positions, positionsNameOnly []bq.Query
	for _, line := range makeQueries(1, 50)["search"] {
		searches = append(searches, textQuery(lx.Fold(strings.TrimPrefix(line, "/search query:"), true)))
	}
	for _, t := range lx.Topics {
		for _, side := range []string{"", "Russia", "Ukraine"} {
			positions = append(positions, positionQuery(lx, t, side, false))
			positionsNameOnly = append(positionsNameOnly, positionQuery(lx, t, side, true))
		}
	}
	run := func(b *testing.B, path string) {
		bi, err := bleve.OpenUsing(path, map[string]any{"read_only": true, "bolt_timeout": "2s"})
		if err != nil {
			b.Fatal(err)
		}
		defer bi.Close()
		for _, c := range []struct {
			name   string
			qs     []bq.Query
			n      int
			sortID bool
		}{
			{"search/today", searches, 60, true},
			{"search/score-only", searches, 60, false},
			{"position/today", positions, index.MaxResults, true},
			{"position/score-only", positions, index.MaxResults, false},
			{"position/name-only-ranking", positionsNameOnly, index.MaxResults, false},
		} {
			b.Run(c.name, func(b *testing.B) { timeQueries(b, bi, c.qs, c.n, c.sortID) })
		}
	}
	b.Run("segments-as-built", func(b *testing.B) { run(b, path) })
	b.Run("merged-1-segment", func(b *testing.B) { run(b, mergedCopy(b, path)) })
}

// textQuery is index's snapshot.textQuery.
func textQuery(folded string) bq.Query {
	words := bq.NewMatchQuery(folded)
	words.SetField("text")
	words.SetOperator(bq.MatchQueryOperatorOr)
	if len(strings.Fields(folded)) < 2 {
		return words
	}
	phrase := bq.NewMatchPhraseQuery(folded)
	phrase.SetField("text")
	phrase.SetBoost(2)
	return bq.NewDisjunctionQuery([]bq.Query{words, phrase})
}

// positionQuery is index's Position query: the topic's name and keywords
// (or its name and aliases only) AND the topic AND the side.
func positionQuery(lx *index.Lexicon, t index.Topic, side string, nameOnly bool) bq.Query {
	terms := append([]string{t.Name}, t.Keywords...)
	if nameOnly {
		terms = append([]string{t.Name}, t.Aliases...)
	}
	must := []bq.Query{textQuery(lx.Fold(strings.Join(terms, " "), true))}
	tq := bq.NewTermQuery(t.ID)
	tq.SetField("topics")
	must = append(must, tq)
	if side != "" {
		sq := bq.NewTermQuery(side)
		sq.SetField("sides")
		must = append(must, sq)
	}
	return bq.NewConjunctionQuery(must)
}

// timeQueries runs the queries in turn, decoding every hit's passage as
// index does, and reports p50 and p99.
func timeQueries(b *testing.B, bi bleve.Index, qs []bq.Query, n int, sortID bool) {
	var ds []time.Duration
	i := 0
	for b.Loop() {
		t := time.Now()
		req := bleve.NewSearchRequestOptions(qs[i%len(qs)], n, 0, false)
		req.Fields = []string{"doc"}
		if sortID {
			req.SortBy([]string{"-_score", "_id"})
		}
		res, err := bi.SearchInContext(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		for _, h := range res.Hits {
			raw, _ := h.Fields["doc"].(string)
			var p index.Passage
			if err := json.Unmarshal([]byte(raw), &p); err != nil {
				b.Fatal(err)
			}
		}
		ds = append(ds, time.Since(t))
		i++
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2])/1e6, "p50-ms")
	b.ReportMetric(float64(ds[min(len(ds)-1, len(ds)*99/100)])/1e6, "p99-ms")
}

// mergedCopy copies the index at path and merges the copy into one segment.
func mergedCopy(b *testing.B, path string) string {
	dst := filepath.Join(b.TempDir(), "merged")
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(path, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		out, err := os.Create(filepath.Join(dst, rel))
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, src); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		b.Fatal(err)
	}
	bi, err := bleve.Open(dst)
	if err != nil {
		b.Fatal(err)
	}
	adv, err := bi.Advanced()
	if err != nil {
		b.Fatal(err)
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), &opts); err != nil {
		b.Fatal(err)
	}
	if err := bi.Close(); err != nil {
		b.Fatal(err)
	}
	return dst
}
