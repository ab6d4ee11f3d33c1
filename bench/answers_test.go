package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/handlers"
	"github.com/talksbot/talksbot/index"
)

// BenchmarkAnswers asks each intent's bench questions (50, seed 1) through
// the whole answer path on a size a bench run kept (--keep), one asker,
// so that a profile shows one intent's time and garbage:
//
//	TALKSBOT_BENCH_WORK=/tmp/w/100000 go test ./bench -run '^$' \
//	  -bench 'Answers/search' -benchtime 20x -benchmem -cpuprofile cpu.out
//
// One op is every question of the intent once. TALKSBOT_BENCH_QUESTION
// asks that one question instead; with TALKSBOT_BENCH_EACH set, each
// question is a benchmark of its own.
func BenchmarkAnswers(b *testing.B) {
	work := os.Getenv("TALKSBOT_BENCH_WORK")
	if work == "" {
		b.Skip("set TALKSBOT_BENCH_WORK to a size folder of a kept bench run (…/100000, holding corpus/ and data/)")
	}
	dir := filepath.Join(work, "corpus")
	index.SetServingGC()
	ix, err := index.Open(filepath.Join(work, "data"), corpus.Source{Dir: os.DirFS(dir), Fallback: corpus.FS(), Key: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	h := handlers.New(ix)
	ctx := context.Background()
	qs := makeQueries(1, 50)
	for _, intent := range intents {
		questions := qs[intent]
		if q := os.Getenv("TALKSBOT_BENCH_QUESTION"); q != "" {
			questions = []string{q}
		}
		reqs := make([]handlers.Request, len(questions))
		for i, text := range questions {
			if reqs[i], err = h.ParseCommandLine(text); err != nil {
				b.Fatalf("%s: %v", text, err)
			}
		}
		b.Run(intent, func(b *testing.B) {
			if os.Getenv("TALKSBOT_BENCH_EACH") != "" {
				for i, req := range reqs {
					b.Run(questions[i], func(b *testing.B) {
						for b.Loop() {
							if _, err := h.Answer(ctx, req); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
				return
			}
			for b.Loop() {
				for _, req := range reqs {
					if _, err := h.Answer(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
