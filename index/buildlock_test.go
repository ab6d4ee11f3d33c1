package index

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

// TestBuildWaitsForAnotherProcess holds the build lock as another process
// building the index would: a build waits (and says so), then uses the
// published build when the corpus is unchanged, or builds when it changed.
func TestBuildWaitsForAnotherProcess(t *testing.T) {
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{"a.txt": articleText("Quokka talks resume", "quokka")})
	ix := openIndex(t, data, dir)
	first := current(t, ix)

	for _, changed := range []bool{false, true} {
		other := flock.New(filepath.Join(ix.dir, buildLockFile))
		if err := other.Lock(); err != nil {
			t.Fatal(err)
		}
		if changed {
			writeFile(t, filepath.Join(dir, "b.txt"), articleText("Narwhal plan", "narwhal"))
		}
		waiting := make(chan struct{})
		type result struct {
			rep RebuildReport
			err error
		}
		done := make(chan result, 1)
		go func() {
			rep, err := BuildWaiting(data, sourceOf(dir), func() { close(waiting) })
			done <- result{rep, err}
		}()
		select {
		case <-waiting:
		case r := <-done:
			t.Fatalf("changed=%v: build ran while another held the lock: %+v, %v", changed, r.rep, r.err)
		case <-time.After(30 * time.Second):
			t.Fatalf("changed=%v: the build neither waited nor finished", changed)
		}
		other.Unlock()
		r := <-done
		if r.err != nil {
			t.Fatalf("changed=%v: build after waiting: %v", changed, r.err)
		}
		want := 1
		if changed {
			want = 2
		}
		if r.rep.Articles != want {
			t.Errorf("changed=%v: build reports %d articles, want %d", changed, r.rep.Articles, want)
		}
		if got := current(t, ix); changed == (got == first) {
			t.Errorf("changed=%v: published build %s (the first was %s)", changed, got, first)
		}
	}
}

// TestBuildsAtOnce starts several builds of one index together: all
// succeed, and the published build opens.
func TestBuildsAtOnce(t *testing.T) {
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{"a.txt": articleText("Quokka talks resume", "quokka")})
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = Build(data, sourceOf(dir))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("build %d: %v", i, err)
		}
	}
	ix := openIndex(t, data, dir)
	checkFound(t, ix, "quokka", "a")
	if n := len(builds(t, ix)); n != 1 {
		t.Errorf("%d builds on disk, want 1 (the others waited and used it)", n)
	}
}

// TestOpenServingAnswersFromTheOldBuild: with a build on disk of an older
// corpus, OpenServing answers from it at once and reports it stale; a
// Rebuild then swaps in the new corpus. With none on disk it builds.
func TestOpenServingAnswersFromTheOldBuild(t *testing.T) {
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{"a.txt": articleText("Quokka talks resume", "quokka")})
	ix, stale, err := OpenServing(data, sourceOf(dir))
	if err != nil || stale {
		t.Fatalf("OpenServing on an empty data folder = %v, stale %v; want a fresh build", err, stale)
	}
	checkFound(t, ix, "quokka", "a")
	ix.Close()

	writeFile(t, filepath.Join(dir, "b.txt"), articleText("Narwhal plan", "narwhal"))
	ix, stale, err = OpenServing(data, sourceOf(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !stale {
		t.Error("OpenServing after the corpus changed: stale = false")
	}
	if n := len(ix.Sources()); n != 1 {
		t.Errorf("the old build answers with %d articles, want 1", n)
	}
	if _, err := ix.Rebuild(); err != nil {
		t.Fatal(err)
	}
	checkFound(t, ix, "narwhal", "b")
}
