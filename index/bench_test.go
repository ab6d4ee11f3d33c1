package index_test

import (
	"context"
	"io/fs"
	"path"
	"sort"
	"testing"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/bench/synth"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/rx"
)

// Benchmarks of the hot functions of each stage (article, extract, corpus,
// index) on synthetic articles (bench/synth):
//
//	go test ./index -run '^$' -bench . -benchmem
//
// bench/ measures the whole program at scale; these say where the time of
// one article or one query goes.

// synthCorpus is a synthetic corpus of n articles made from the default
// articles and people.
func synthCorpus(b testing.TB, n int) *synth.Corpus {
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
	return synth.New(src, n, 1)
}

type benchFile struct {
	name string
	data []byte
}

// benchFiles returns up to n articles of the corpus with extension ext.
func benchFiles(c *synth.Corpus, ext string, n int) []benchFile {
	var out []benchFile
	for i := 0; i < c.N && len(out) < n; i++ {
		if name, data := c.Article(i); path.Ext(name) == ext {
			out = append(out, benchFile{name, data})
		}
	}
	return out
}

// BenchmarkParseArticle is reading one file and cleaning it of page
// furniture, per format.
func BenchmarkParseArticle(b *testing.B) {
	c := synthCorpus(b, 2000)
	for _, ext := range []string{".txt", ".md", ".html"} {
		files := benchFiles(c, ext, 100)
		size := 0
		for _, f := range files {
			size += len(f.data)
		}
		b.Run(ext[1:], func(b *testing.B) {
			b.SetBytes(int64(size / len(files)))
			i := 0
			for b.Loop() {
				f := files[i%len(files)]
				if _, err := article.Parse(f.name, f.data); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkAnalyse is tagging one cleaned article: passages, people,
// speakers, sides, topics, quotes and meetings.
func BenchmarkAnalyse(b *testing.B) {
	c := synthCorpus(b, 200)
	lx, err := extract.LoadLexicon(corpus.FS(), nil)
	if err != nil {
		b.Fatal(err)
	}
	var arts []article.Article
	passages := 0
	for i := range c.N {
		name, data := c.Article(i)
		a, err := article.Parse(name, data)
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, a)
		passages += len(extract.Analyse(lx, a).Passages)
	}
	// Unfiltered runs every rule's regexp on every text (rx's prefilters
	// off), to measure what the filters save.
	for _, filtered := range []bool{true, false} {
		b.Run(map[bool]string{true: "filtered", false: "unfiltered"}[filtered], func(b *testing.B) {
			defer rx.SetFiltering(rx.SetFiltering(filtered))
			i := 0
			for b.Loop() {
				extract.Analyse(lx, arts[i%len(arts)])
				i++
			}
			b.ReportMetric(float64(passages)/float64(len(arts)), "passages/article")
		})
	}
}

// BenchmarkFold is folding one passage's spellings, done for every passage
// indexed and every query.
func BenchmarkFold(b *testing.B) {
	c := synthCorpus(b, 50)
	lx, err := extract.LoadLexicon(corpus.FS(), nil)
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	for i := range c.N {
		name, data := c.Article(i)
		a, _ := article.Parse(name, data)
		texts = append(texts, a.Paragraphs...)
	}
	b.Run("index", func(b *testing.B) {
		i := 0
		for b.Loop() {
			lx.Fold(texts[i%len(texts)], false)
			i++
		}
	})
	b.Run("query", func(b *testing.B) {
		for b.Loop() {
			lx.Fold("what did Vitkof say about the Donbas and security guarantees", true)
		}
	})
}

// BenchmarkLoadCorpus is reading, cleaning and tagging 200 articles on all
// cores, as a reindex does before indexing.
func BenchmarkLoadCorpus(b *testing.B) {
	c := synthCorpus(b, 200)
	for b.Loop() {
		if _, err := corpus.Load(c, corpus.FS()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch is each query of the index over 1,000 synthetic articles
// (about 10,000 passages), results decoded.
func BenchmarkSearch(b *testing.B) {
	c := synthCorpus(b, 1000)
	ix, err := index.Open(b.TempDir(), corpus.Source{Dir: c, Fallback: corpus.FS(), Key: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	ctx := context.Background()
	queries := []string{"security guarantees", "Witkoff Kremlin", "territory", "peace plan Geneva", "Donbas withdraw troops"}
	b.Run("Search", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := ix.Search(ctx, queries[i%len(queries)], index.Filter{}, index.MaxResults); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("Position", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Position(ctx, "territory", "Russia", 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Quote", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Quote(ctx, "Putin", ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("WhoAttended", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.WhoAttended(ctx, "", false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Meta", func(b *testing.B) {
		for b.Loop() {
			ix.Meta()
		}
	})
}
