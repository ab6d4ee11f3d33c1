package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// TestOpenAsync: with no build on disk, OpenAsync returns at once with an
// index that is not ready, whose questions return ErrBuilding and whose
// lexicon already answers; Rebuild makes it ready. With a build of an
// older corpus it answers from that at once and asks for a rebuild; with
// a current build it asks for none.
func TestOpenAsync(t *testing.T) {
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{"a1.txt": articleText("Quokka talks resume", "quokka")})
	ix, needsBuild, err := OpenAsync(data, sourceOf(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !needsBuild || ix.Ready() {
		t.Fatalf("empty data folder: needsBuild %v, ready %v; want true, false", needsBuild, ix.Ready())
	}
	if _, err := ix.Search(context.Background(), "quokka", Filter{}, 3); !errors.Is(err, ErrBuilding) {
		t.Errorf("Search before the build: %v, want ErrBuilding", err)
	}
	if _, err := ix.WhoAttended(context.Background(), "", false); !errors.Is(err, ErrBuilding) {
		t.Errorf("WhoAttended before the build: %v, want ErrBuilding", err)
	}
	if len(ix.Lexicon().People) == 0 {
		t.Error("no lexicon before the first build")
	}
	if read, total := ix.Progress(); read != 0 || total != 0 {
		t.Errorf("Progress with no build running = %d/%d, want 0/0", read, total)
	}
	if _, err := ix.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if !ix.Ready() {
		t.Fatal("not ready after Rebuild")
	}
	checkFound(t, ix, "quokka", "a1")
	ix.Close()

	// The same corpus: nothing to build.
	ix2, needsBuild, err := OpenAsync(data, sourceOf(dir))
	if err != nil {
		t.Fatal(err)
	}
	if needsBuild || !ix2.Ready() {
		t.Errorf("current build: needsBuild %v, ready %v; want false, true", needsBuild, ix2.Ready())
	}
	ix2.Close()

	// A changed corpus: the old build answers, a rebuild is asked for.
	writeFile(t, filepath.Join(dir, "a2.txt"), articleText("Narwhal plan", "narwhal"))
	ix3, needsBuild, err := OpenAsync(data, sourceOf(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix3.Close()
	if !needsBuild || !ix3.Ready() {
		t.Errorf("changed corpus: needsBuild %v, ready %v; want true, true", needsBuild, ix3.Ready())
	}
	checkFound(t, ix3, "quokka", "a1")
}

// TestBuildReportsProgressAndStops: a build tells how many article files
// it has read of how many, up to all of them, and gives up at its next
// article once told to stop (the index was closed).
func TestBuildReportsProgressAndStops(t *testing.T) {
	files := map[string]string{}
	for i := range 40 {
		files[fmt.Sprintf("a%03d.txt", i)] = articleText(fmt.Sprintf("Talks %d", i), fmt.Sprintf("word%d", i))
	}
	files["empty.txt"] = "" // skipped, but read
	src := sourceOf(writeCorpus(t, files))
	var told [][2]int
	hooks := buildHooks{progress: func(string) {}, tell: func(read, total int) { told = append(told, [2]int{read, total}) },
		stopped: func() bool { return false }}
	if _, _, err := build(filepath.Join(t.TempDir(), "b"), src, nil, "fp", "rules", hooks); err != nil {
		t.Fatal(err)
	}
	if len(told) != 42 || told[0] != [2]int{0, 41} || told[41] != [2]int{41, 41} {
		t.Errorf("told %v, want 0/41 … 41/41 in 42 steps", told)
	}
	for i := 1; i < len(told); i++ {
		if told[i][0] != told[i-1][0]+1 {
			t.Fatalf("told %v: not one file at a time", told)
		}
	}

	read := 0
	hooks.tell = func(r, _ int) { read = r }
	hooks.stopped = func() bool { return read >= 10 }
	if _, _, err := build(filepath.Join(t.TempDir(), "b"), src, nil, "fp", "rules", hooks); !errors.Is(err, errClosed) {
		t.Errorf("build told to stop: %v, want errClosed", err)
	}
	if read > 12 {
		t.Errorf("build went on to file %d after being told to stop at 10", read)
	}
}
