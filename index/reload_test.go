package index_test

import (
	"os"
	"path/filepath"
	"testing"

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
	src := index.Source{Dir: os.DirFS(dir), Fallback: corpus.FS(), Key: dir}
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
