package index

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestRebuildWhileSearching runs searches on several goroutines through
// several rebuilds, each of which changes the corpus: every search must
// succeed and find the word all versions share. Run it with -race.
func TestRebuildWhileSearching(t *testing.T) {
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{
		"a.txt": articleText("Quokka talks resume", "quokka"),
		"b.txt": articleText("Narwhal plan", "narwhal"),
	})
	ix := openIndex(t, data, dir)

	const searchers = 4
	var (
		started, done sync.WaitGroup
		stop          = make(chan struct{})
	)
	for i := range searchers {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			for n := 0; ; n++ {
				hits, err := ix.Search(context.Background(), "ceasefire proposal", Filter{}, 5)
				if n == 0 {
					started.Done()
				}
				if err != nil || len(hits) == 0 || len(ix.Sources()) != 2 {
					t.Errorf("searcher %d, search %d: %d hits, error %v, sources %q", i, n, len(hits), err, sourceIDs(ix))
					return
				}
				select {
				case <-stop:
					return
				default:
				}
			}
		}()
	}
	started.Wait() // every searcher is running before the first rebuild
	words := []string{"okapi", "pangolin", "axolotl"}
	for i, w := range words {
		writeFile(t, filepath.Join(dir, "a.txt"), articleText("Talks resume", w)+strings.Repeat("\n\nMore.", i+1))
		if _, err := ix.Rebuild(); err != nil {
			t.Errorf("Rebuild %d: %v", i, err)
		}
	}
	close(stop)
	done.Wait()
	checkFound(t, ix, "axolotl", "a")
	checkFound(t, ix, "okapi")
}

func TestTryRebuildBusy(t *testing.T) {
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{"a.txt": articleText("Quokka talks resume", "quokka")})
	ix := openIndex(t, data, dir)
	build := current(t, ix)

	// Hold the lock that Rebuild holds while it builds.
	ix.rebuild.Lock()
	_, err := ix.TryRebuild()
	ix.rebuild.Unlock()
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("TryRebuild during a rebuild: error = %v, want ErrBusy", err)
	}
	if got := builds(t, ix); !slices.Equal(got, []string{build}) {
		t.Errorf("builds after a busy TryRebuild = %q, want only %s", got, build)
	}

	rep, err := ix.TryRebuild()
	if err != nil {
		t.Fatalf("TryRebuild when idle: %v", err)
	}
	if rep.Articles != 1 || current(t, ix) == build {
		t.Errorf("TryRebuild when idle: %d articles, current %s (was %s); want 1 article in a new build", rep.Articles, current(t, ix), build)
	}
}

// TestCorporaDoNotMix opens two corpora whose folders have the same name
// in one data folder: each index answers from its own articles only.
func TestCorporaDoNotMix(t *testing.T) {
	data := t.TempDir()
	dirA := writeCorpus(t, map[string]string{"a1.txt": articleText("Quokka talks", "quokka"), "a2.txt": articleText("Quokka again", "quokka")})
	dirB := writeCorpus(t, map[string]string{"b1.txt": articleText("Narwhal talks", "narwhal")})
	if filepath.Base(dirA) != filepath.Base(dirB) {
		t.Fatalf("corpus folders %s and %s should share a name", dirA, dirB)
	}
	a, b := openIndex(t, data, dirA), openIndex(t, data, dirB)
	if a.dir == b.dir {
		t.Fatalf("both corpora use %s", a.dir)
	}
	for _, tt := range []struct {
		ix      *Index
		name    string
		sources []string
		quokka  []string
		narwhal []string
	}{
		{a, "A", []string{"a1", "a2"}, []string{"a1", "a2"}, nil},
		{b, "B", []string{"b1"}, nil, []string{"b1"}},
	} {
		if got := sourceIDs(tt.ix); !slices.Equal(got, tt.sources) {
			t.Errorf("corpus %s: Sources = %q, want %q", tt.name, got, tt.sources)
		}
		checkFound(t, tt.ix, "quokka", tt.quokka...)
		checkFound(t, tt.ix, "narwhal", tt.narwhal...)
	}
}

// TestConcurrentOpens opens one corpus twice at once, as two ask processes
// would: first both building it, then both reading the built index while
// the other holds it open.
func TestConcurrentOpens(t *testing.T) {
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{"a.txt": articleText("Quokka talks resume", "quokka")})

	var wg sync.WaitGroup
	ixs := make([]*Index, 2)
	errs := make([]error, 2)
	for i := range ixs {
		wg.Go(func() { ixs[i], errs[i] = Open(data, sourceOf(dir)) })
	}
	wg.Wait()
	for i, ix := range ixs {
		if errs[i] != nil {
			t.Fatalf("concurrent Open %d: %v", i, errs[i])
		}
		t.Cleanup(func() { ix.Close() })
		checkFound(t, ix, "quokka", "a")
	}

	// Both are still open. A third Open must read the current build beside
	// them rather than time out on its lock and build again.
	build := current(t, ixs[0])
	third := openIndex(t, data, dir)
	if got := current(t, third); got != build {
		t.Errorf("Open beside two open indexes built %s, want it to reuse %s", got, build)
	}
	checkFound(t, third, "quokka", "a")
}
