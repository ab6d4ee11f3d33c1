package index_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// Two processes share a data folder: one rebuilds after the corpus changed,
// the other follows with Reload.
func TestReloadFollowsAnIndexPublishedByAnotherProcess(t *testing.T) {
	data, dir := t.TempDir(), t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Talks in Geneva\n\nRustem Umerov said the Geneva round was productive.\n")
	src := corpus.Source{Dir: os.DirFS(dir), Fallback: corpus.FS(), Key: dir}
	builder, err := index.Open(data, src)
	if err != nil {
		t.Fatal(err)
	}
	defer builder.Close()
	replica, err := index.Open(data, src)
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	if changed, err := replica.Reload(); changed || err != nil {
		t.Errorf("Reload with nothing new = %v, %v; want false, nil", changed, err)
	}

	write("b.txt", "Talks in Florida\n\nMarco Rubio said the Florida meeting made progress.\n")
	if _, err := builder.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if n := len(replica.Sources()); n != 1 {
		t.Fatalf("replica sees %d articles before Reload, want 1", n)
	}
	changed, err := replica.Reload()
	if !changed || err != nil {
		t.Fatalf("Reload after a publish = %v, %v; want true, nil", changed, err)
	}
	if n := len(replica.Sources()); n != 2 {
		t.Errorf("replica sees %d articles after Reload, want 2", n)
	}
}

// talksbot index build publishes an index that a later Open uses as it is.
func TestBuildPublishesAnIndexThatOpenReuses(t *testing.T) {
	data, dir := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Talks in Geneva\n\nRustem Umerov said the Geneva round was productive.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := corpus.Source{Dir: os.DirFS(dir), Fallback: corpus.FS(), Key: dir}
	rep, err := index.Build(data, src)
	if err != nil || rep.Articles != 1 {
		t.Fatalf("Build = %+v, %v; want 1 article", rep, err)
	}
	ix, err := index.Open(data, src)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if built := ix.Meta().Built; built.IsZero() || time.Since(built) > time.Minute {
		t.Fatalf("Meta().Built = %v", built)
	}
	again, err := index.Build(data, src)
	if err != nil || again.Articles != 1 {
		t.Fatalf("second Build = %+v, %v", again, err)
	}
	if changed, err := ix.Reload(); !changed || err != nil {
		t.Errorf("Reload after a second Build = %v, %v; want true, nil", changed, err)
	}
}
