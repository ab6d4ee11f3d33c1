package extract

import (
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/internal/prose"
)

// TestFindClauseBreaksAsRegexp: findClauseBreaks finds what the regexp of
// its alternatives finds, on every sentence of the project's test reports
// (and the shared ones, when beside the repo) and on made-up edge cases.
func TestFindClauseBreaksAsRegexp(t *testing.T) {
	re := regexp.MustCompile(`; |,? but |,? while |,? whereas | said as | after | before | by the time | since | followed | came after | came hours after | came days after `)
	texts := []string{
		"", "; ", ";;  ; ", ", but , but but ", "He came after talks, but  left; then came hours after",
		"talks came days after the summit, whereas the aides met before noon since Monday followed by more",
		"a said as b said as", "x ,, but y", " after after after ",
	}
	for _, dir := range []string{"../testdata/probe", "../testdata/probe2", "../testdata/probe3", "../../shared/real-corpus"} {
		fsys := os.DirFS(dir)
		_ = fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				raw, _ := fs.ReadFile(fsys, path)
				texts = append(texts, prose.Sentences(string(raw))...)
			}
			return nil
		})
	}
	if len(texts) < 500 {
		t.Fatalf("only %d texts to compare", len(texts))
	}
	breaks := 0
	for _, s := range texts {
		want := re.FindAllStringIndex(s, -1)
		got := findClauseBreaks(s)
		breaks += len(got)
		if !slices.EqualFunc(got, want, slices.Equal[[]int]) {
			t.Errorf("findClauseBreaks(%q) = %v, regexp %v", strings.TrimSpace(s), got, want)
		}
	}
	t.Logf("%d texts, %d breaks", len(texts), breaks)
}
