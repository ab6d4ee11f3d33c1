package article

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// benchFile is one article file read for a benchmark or an equivalence test.
type benchFile struct {
	name string
	data []byte
}

// readArticleDirs reads every article file in the folders that exist.
func readArticleDirs(tb testing.TB, dirs ...string) []benchFile {
	tb.Helper()
	var out []benchFile
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue // an absent folder is skipped
		}
		var names []string
		for _, e := range entries {
			if !e.IsDir() && IsFile(e.Name()) {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			data, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, benchFile{name: n, data: data})
		}
	}
	return out
}

// sharedCorpora are the project's shared corpora, beside the worktree, and
// the default corpus of the repository.
var sharedCorpora = []string{
	filepath.Join("..", "..", "shared", "corpus"),
	filepath.Join("..", "..", "shared", "real-corpus"),
	filepath.Join("..", "corpus"),
}

func benchParse(b *testing.B, files []benchFile) {
	if len(files) == 0 {
		b.Skip("no article files")
	}
	size := 0
	for _, f := range files {
		size += len(f.data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			Parse(f.name, f.data)
		}
	}
}

// BenchmarkParse parses every file of the shared and default corpora.
func BenchmarkParse(b *testing.B) {
	benchParse(b, readArticleDirs(b, sharedCorpora...))
}

// BenchmarkParseSynth parses the synthetic articles in $ARTICLE_SYNTH (see
// go run ./bench --write DIR), skipping when it is unset.
func BenchmarkParseSynth(b *testing.B) {
	dir := os.Getenv("ARTICLE_SYNTH")
	if dir == "" {
		b.Skip("ARTICLE_SYNTH not set")
	}
	benchParse(b, readArticleDirs(b, dir))
}
