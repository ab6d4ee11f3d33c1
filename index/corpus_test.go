package index

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/corpus"
)

// TestLoadCorpusReportsBadFiles loads a folder of good articles mixed with
// files that cannot be indexed: the good ones are indexed, and each bad one
// is reported by its name with the reason.
func TestLoadCorpusReportsBadFiles(t *testing.T) {
	files := map[string]string{
		"good.txt":      articleText("Quokka talks resume", "quokka"),
		"front.md":      "---\ntitle: Narwhal plan\noutlet: Kyiv Ledger\npublished: 2025-12-02\n---\n\n" + articleText("Narwhal plan", "narwhal"),
		"page.html":     "<html><head><title>Okapi talks</title></head><body><p>Envoys met to discuss the okapi proposal.</p><p>The okapi talks continue.</p></body></html>",
		"a.md":          articleText("Pangolin plan", "pangolin"),
		"a.txt":         articleText("Pangolin plan again", "pangolin"),
		"empty.txt":     "",
		"blank.txt":     " \n\n\t\n",
		"binary.txt":    "PK\x03\x04\x00\x00binary",
		"latin1.txt":    "Caf\xe9 talks\n\nThe caf\xe9 was closed.",
		"huge.txt":      strings.Repeat("word ", article.MaxBytes/5+1),
		"broken.md":     "---\ntitle: [unclosed\n---\n\n" + articleText("Broken", "axolotl"),
		"unclosed.md":   "---\ntitle: Never closed\n\n" + articleText("Unclosed", "axolotl"),
		"furniture.txt": "Share\nTweet\nComments\nExit mobile version",
		"notes.pdf":     "%PDF-1.4",
		// Not articles, and not problems either.
		"README.md":    "# About this corpus",
		".hidden.txt":  articleText("Hidden", "axolotl"),
		"people.yaml":  "people:\n  - name: Anna Quokka\n    side: Ukraine\n",
		"sub/deep.txt": articleText("In a subfolder", "axolotl"),
	}
	dir := writeCorpus(t, nil)
	for name, text := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), text)
	}
	wantArticles := []string{"a", "front", "good", "page"}
	wantProblems := map[string]string{ // file → what its reason says
		"a.txt":         `duplicate article id "a" (also a.md)`,
		"binary.txt":    "binary file",
		"blank.txt":     "empty file",
		"broken.md":     "front matter",
		"empty.txt":     "empty file",
		"furniture.txt": "no article text left",
		"huge.txt":      "over the limit",
		"latin1.txt":    "not UTF-8",
		"notes.pdf":     `unsupported file type ".pdf"`,
		"unclosed.md":   "front matter: no closing",
	}
	wantFiles := slices.Sorted(maps.Keys(wantProblems))
	checkProblems := func(t *testing.T, problems []corpus.Problem) {
		t.Helper()
		var files []string
		for _, p := range problems {
			files = append(files, p.File)
			if want := wantProblems[p.File]; !strings.Contains(p.Reason, want) {
				t.Errorf("problem %q, want it to say %q", p, want)
			}
		}
		if !slices.Equal(files, wantFiles) {
			t.Errorf("problems in %q, want one for each of %q, in that order", files, wantFiles)
		}
	}

	c, err := corpus.Load(os.DirFS(dir), nil)
	if err != nil {
		t.Fatalf("LoadCorpus: %v", err)
	}
	var ids []string
	for _, a := range c.Articles {
		ids = append(ids, a.ID)
		if a.ID == "a" && a.File != "a.md" {
			t.Errorf("article a read from %s, want a.md, the first by name", a.File)
		}
	}
	if !slices.Equal(ids, wantArticles) {
		t.Errorf("LoadCorpus articles = %q, want %q", ids, wantArticles)
	}
	checkProblems(t, c.Problems)

	ix := openIndex(t, t.TempDir(), dir)
	if got := sourceIDs(ix); !slices.Equal(got, wantArticles) {
		t.Errorf("Sources = %q, want %q", got, wantArticles)
	}
	checkProblems(t, ix.Meta().Problems)
	checkFound(t, ix, "okapi", "page")
	checkFound(t, ix, "narwhal", "front")
	checkFound(t, ix, "axolotl")
	for _, a := range ix.Sources() {
		if a.ID == "front" && (a.Title != "Narwhal plan" || a.Outlet != "Kyiv Ledger") {
			t.Errorf("front.md source = %q by %q, want Narwhal plan by Kyiv Ledger", a.Title, a.Outlet)
		}
	}
}
