package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
)

// articleText is a small made-up article whose body names word, so that a
// search for word finds it and nothing else.
func articleText(title, word string) string {
	return title + "\n\n" +
		"Negotiators met in Geneva on Monday to discuss the " + word + " proposal for a ceasefire.\n\n" +
		"Officials said the " + word + " talks would continue next week in Istanbul."
}

// writeCorpus writes files (name → content) into a new folder and returns it.
func writeCorpus(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		writeFile(t, filepath.Join(dir, name), text)
	}
	return dir
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sourceOf(dir string) corpus.Source {
	return corpus.Source{Dir: os.DirFS(dir), Fallback: corpus.FS(), Key: dir}
}

// openIndex opens the index of the corpus in dir under data, closed at the
// end of the test.
func openIndex(t *testing.T, data, dir string) *Index {
	t.Helper()
	ix, err := Open(data, sourceOf(dir))
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// current is the build folder the index's current file names.
func current(t *testing.T, ix *Index) string {
	t.Helper()
	name, err := os.ReadFile(filepath.Join(ix.dir, currentFile))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(name))
}

// builds lists the build folders of the index.
func builds(t *testing.T, ix *Index) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(ix.dir, "build-*"))
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range matches {
		matches[i] = filepath.Base(m)
	}
	return matches
}

// age makes a build look older than the grace period in which removeStale
// leaves it for searches that may still use it.
func age(t *testing.T, ix *Index, build string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(ix.dir, build), old, old); err != nil {
		t.Fatal(err)
	}
}

// found returns the articles of the passages that a search for text finds.
func found(t *testing.T, ix *Index, text string) []string {
	t.Helper()
	hits, err := ix.Search(context.Background(), text, Filter{}, 0)
	if err != nil {
		t.Fatalf("Search(%q): %v", text, err)
	}
	var ids []string
	for _, h := range hits {
		if !slices.Contains(ids, h.Article) {
			ids = append(ids, h.Article)
		}
	}
	slices.Sort(ids)
	return ids
}

func checkFound(t *testing.T, ix *Index, text string, want ...string) {
	t.Helper()
	if got := found(t, ix, text); !slices.Equal(got, want) {
		t.Errorf("Search(%q) articles = %q, want %q", text, got, want)
	}
}

func sourceIDs(ix *Index) []string {
	var ids []string
	for _, a := range ix.Sources() {
		ids = append(ids, a.ID)
	}
	return ids
}

func TestOpenReusesUnchangedBuild(t *testing.T) {
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{"a.txt": articleText("Quokka talks resume", "quokka")})
	first := openIndex(t, data, dir)
	build, built := current(t, first), first.Meta().Built
	first.Close()

	again := openIndex(t, data, dir)
	if got := current(t, again); got != build {
		t.Errorf("second Open uses %s, want the first build %s", got, build)
	}
	if got := builds(t, again); !slices.Equal(got, []string{build}) {
		t.Errorf("builds after second Open = %q, want only %s", got, build)
	}
	if got := again.Meta().Built; !got.Equal(built) {
		t.Errorf("second Open built the index again at %v (first %v)", got, built)
	}
	checkFound(t, again, "quokka", "a")
}

func TestOpenRebuildsChangedCorpus(t *testing.T) {
	tests := []struct {
		name    string
		change  func(t *testing.T, dir string)
		search  string
		want    []string // articles found for search after the change
		sources []string
		gone    string // a word no longer in the corpus: found nowhere
		person  string // someone the index knows after the change
	}{
		{
			name: "file added",
			change: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "c.txt"), articleText("Okapi plan", "okapi"))
			},
			search:  "okapi",
			want:    []string{"c"},
			sources: []string{"a", "b", "c"},
		},
		{
			name: "file edited",
			change: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "a.txt"), articleText("Pangolin talks resume", "pangolin")+"\n\nMore to follow.")
			},
			search:  "pangolin",
			want:    []string{"a"},
			sources: []string{"a", "b"},
			gone:    "quokka",
		},
		{
			name: "file removed",
			change: func(t *testing.T, dir string) {
				if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
					t.Fatal(err)
				}
			},
			search:  "quokka",
			want:    []string{"a"},
			sources: []string{"a"},
			gone:    "narwhal",
		},
		{
			name: "people file added",
			change: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, extract.PeopleFile), "people:\n  - name: Anna Quokka\n    side: Ukraine\n")
			},
			search:  "quokka",
			want:    []string{"a"},
			sources: []string{"a", "b"},
			person:  "Anna Quokka",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := t.TempDir()
			dir := writeCorpus(t, map[string]string{
				"a.txt": articleText("Quokka talks resume", "quokka"),
				"b.txt": articleText("Narwhal plan", "narwhal"),
			})
			before := openIndex(t, data, dir)
			old := current(t, before)
			before.Close()
			age(t, before, old)

			tt.change(t, dir)
			after := openIndex(t, data, dir)
			if got := builds(t, after); len(got) != 1 || got[0] == old || got[0] != current(t, after) {
				t.Errorf("builds after the change = %q (current %s), want one new build replacing %s", got, current(t, after), old)
			}
			checkFound(t, after, tt.search, tt.want...)
			if tt.gone != "" {
				checkFound(t, after, tt.gone)
			}
			if got := sourceIDs(after); !slices.Equal(got, tt.sources) {
				t.Errorf("Sources = %q, want %q", got, tt.sources)
			}
			if _, ok := after.Lexicon().PersonByName(tt.person); tt.person != "" && !ok {
				t.Errorf("PersonByName(%q) not found after the change", tt.person)
			}
		})
	}
}

func TestFailedRebuildKeepsServing(t *testing.T) {
	data := t.TempDir()
	dir := writeCorpus(t, map[string]string{
		"a.txt": articleText("Quokka talks resume", "quokka"),
		"b.txt": articleText("Narwhal plan", "narwhal"),
	})
	ix := openIndex(t, data, dir)
	build := current(t, ix)

	// Every article becomes unreadable: nothing could be indexed.
	writeFile(t, filepath.Join(dir, "a.txt"), "")
	writeFile(t, filepath.Join(dir, "b.txt"), "\x00\x01binary")
	rep, err := ix.Rebuild()
	if err == nil || !strings.Contains(err.Error(), "no article could be indexed") {
		t.Fatalf("Rebuild of a corpus of bad files: error = %v, want no article could be indexed", err)
	}
	var problems []string
	for _, p := range rep.Problems {
		problems = append(problems, p.String())
	}
	wantProblems := []string{"a.txt: empty file", "b.txt: binary file (contains NUL bytes)"}
	if !slices.Equal(problems, wantProblems) {
		t.Errorf("Rebuild problems = %q, want %q", problems, wantProblems)
	}

	if got := current(t, ix); got != build {
		t.Errorf("current = %s after a failed rebuild, want %s", got, build)
	}
	if got := builds(t, ix); !slices.Equal(got, []string{build}) {
		t.Errorf("builds after a failed rebuild = %q, want only %s", got, build)
	}
	checkFound(t, ix, "quokka", "a")
	checkFound(t, ix, "narwhal", "b")
	if got := sourceIDs(ix); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Sources after a failed rebuild = %q, want the old a, b", got)
	}
}

func TestSides(t *testing.T) {
	dir := writeCorpus(t, map[string]string{
		"a.txt":            articleText("Quokka talks", "quokka"),
		extract.PeopleFile: "people:\n  - name: Pietro Parolin\n    side: Holy See\n  - name: Anna Quokka\n    side: Ukraine\n",
	})
	ix := openIndex(t, t.TempDir(), dir)
	want := []string{"Russia", "Ukraine", "US", "Europe", "NATO", "Holy See"}
	if got := ix.Sides(); !slices.Equal(got, want) {
		t.Errorf("Sides() = %q, want %q", got, want)
	}
}
