package handlers

import (
	"context"
	"io/fs"
	"sort"
	"testing"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/bench/synth"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/index"
)

// Benchmarks of routing, command-line parsing and the whole answer path
// (search and rendering) over 1,000 synthetic articles:
//
//	go test ./handlers -run '^$' -bench . -benchmem

// benchHandlers answers from an index of n synthetic articles.
func benchHandlers(b *testing.B, n int) *Handlers {
	b.Helper()
	lx, err := extract.LoadLexicon(corpus.FS(), nil)
	if err != nil {
		b.Fatal(err)
	}
	var src synth.Source
	for _, p := range lx.People {
		src.People = append(src.People, synth.Person{Name: p.Name, Aliases: p.Aliases, Side: p.Side})
	}
	names, _ := fs.Glob(corpus.FS(), "*.txt")
	sort.Strings(names)
	for _, name := range names {
		data, _ := fs.ReadFile(corpus.FS(), name)
		a, err := article.Parse(name, data)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range a.Paragraphs {
			src.Paragraphs = append(src.Paragraphs, synth.Sentences(p))
		}
	}
	ix, err := index.Open(b.TempDir(), corpus.Source{Dir: synth.New(src, n, 1), Fallback: corpus.FS(), Key: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return New(ix)
}

var benchQuestions = []string{
	"who was in the room at the Kremlin?",
	"what did Rutte say?",
	"What has Zelenskyy said about NATO?",
	"what does Russia demand on Donbas",
	`who said "they are playing games"?`,
	"when did the US and Ukraine meet in Geneva?",
	"security guarantees peace plan",
}

// BenchmarkRoute is routing a free question to an intent.
func BenchmarkRoute(b *testing.B) {
	h := benchHandlers(b, 200)
	i := 0
	for b.Loop() {
		h.Route(benchQuestions[i%len(benchQuestions)])
		i++
	}
}

// BenchmarkParseCommandLine is parsing a typed slash command or a mention.
func BenchmarkParseCommandLine(b *testing.B) {
	h := benchHandlers(b, 200)
	for name, line := range map[string]string{
		"slash":   "/position topic:territory side:Russia",
		"mention": "<@123> who was in the room at the Kremlin?",
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := h.ParseCommandLine(line); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnswer is the whole answer path of each intent: search, then
// rendering the Discord reply.
func BenchmarkAnswer(b *testing.B) {
	h := benchHandlers(b, 1000)
	ctx := context.Background()
	for _, tt := range []struct{ name, line string }{
		{"who-attended", "/who-attended"},
		{"position", "/position topic:territory side:Russia"},
		{"search", "/search query:security guarantees"},
		{"quote", "/quote person:Putin"},
		{"mention", "<@123> what did Rutte say?"},
		{"sources", "/sources"},
	} {
		req, err := h.ParseCommandLine(tt.line)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := h.Answer(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRender is rendering alone: a result of 50 passages to the
// first page of its reply.
func BenchmarkRender(b *testing.B) {
	h := benchHandlers(b, 200)
	hits, err := h.ix.Search(context.Background(), "peace plan security guarantees", index.Filter{}, index.MaxResults)
	if err != nil || len(hits) == 0 {
		b.Fatalf("Search = %d hits, %v", len(hits), err)
	}
	r := result{title: "Search: peace plan"}
	for _, hit := range hits {
		r.add(hit.Passage, "")
	}
	req := Request{Command: "search", Options: map[string]string{"query": "peace plan"}}
	for b.Loop() {
		r.render(req)
	}
}
