package index

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

// TestBrokenDataFileUsesLastGood: a people.yaml that no longer parses is
// replaced by the one the published index was built with, not by the
// built-in one, so a person the operator added stays known; with no index
// built yet, the built-in one stands in.
func TestBrokenDataFileUsesLastGood(t *testing.T) {
	builtIn, err := fs.ReadFile(corpus.FS(), "people.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The built-in file with one more person; then that file cut off in
	// the middle of an entry.
	good := string(builtIn) + "  - name: Orla Quennell\n    side: Ukraine\n    role: negotiator\n"
	broken := string(builtIn) + "  - name: Orla Quennell\n    side: [Ukraine\n"
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{"a1.txt": articleText("Quokka talks resume", "quokka"), "people.yaml": good})

	ix := openIndex(t, data, dir)
	if _, ok := ix.Lexicon().PersonByName("Orla Quennell"); !ok {
		t.Fatal("the corpus folder's people.yaml was not used")
	}
	if w := ix.DataWarnings(); len(w) != 0 {
		t.Fatalf("warnings with a sound people.yaml: %q", w)
	}
	ix.Close()

	writeFile(t, filepath.Join(dir, "people.yaml"), broken)
	ix = openIndex(t, data, dir) // the corpus changed: Open rebuilds with the last good version
	if _, ok := ix.Lexicon().PersonByName("Orla Quennell"); !ok {
		t.Error("after people.yaml broke, the person it held is unknown: the last good version was not used")
	}
	w := strings.Join(ix.DataWarnings(), "\n")
	if !strings.Contains(w, "people.yaml") || !strings.Contains(w, "line") || !strings.Contains(w, "last good") {
		t.Errorf("warnings = %q, want people.yaml, its line and that the last good version is used", w)
	}
	checkFound(t, ix, "quokka", "a1")
	// A later build still has it: the last good version is carried on.
	if _, err := ix.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if _, ok := ix.Lexicon().PersonByName("Orla Quennell"); !ok {
		t.Error("a second build with the broken file lost the last good version")
	}

	// No index yet: the built-in file answers.
	fresh := openIndex(t, t.TempDir(), dir)
	if _, ok := fresh.Lexicon().PersonByName("Orla Quennell"); ok {
		t.Error("with no earlier build, the person of a broken file is known")
	}
	if w := strings.Join(fresh.DataWarnings(), "\n"); !strings.Contains(w, "built-in people.yaml") {
		t.Errorf("warnings = %q, want the built-in people.yaml named", w)
	}
}
