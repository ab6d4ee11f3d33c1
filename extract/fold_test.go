package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/internal/prose"
)

// TestFoldShortcut checks Fold, which looks most words up without making
// a string of them, against folding every token's Lower as Tokenize gives
// it, on the articles beside the repo and on made-up edge cases.
func TestFoldShortcut(t *testing.T) {
	lx := testLexicon(t)
	reference := func(text string, fuzzyAll bool) string {
		var b strings.Builder
		last := 0
		for _, tok := range prose.Tokenize(text) {
			f := lx.foldWord(tok.Lower, fuzzyAll || tok.Capital)
			if f == tok.Lower {
				continue
			}
			b.WriteString(text[last:tok.Start])
			b.WriteString(matchCase(f, tok.Text))
			last = tok.End
		}
		if last == 0 {
			return text
		}
		return b.String() + text[last:]
	}
	texts := []string{"", "Vitkoff met Zelenskyy's aides in Kiev.", "VITKOFF", "vitkoff and kiev",
		"Zelenskiy’s", "Ermak, Iermak and Yermak", "Ümerov", "Kyiv-based", "U.S.-led", "Witkof",
		"Sybiga said", "Dmitriyev", "ВИТКОФФ", "a" + strings.Repeat("b", 80)}
	for _, dir := range []string{"../corpus", "../testdata/probe", "../testdata/probe2", "../testdata/probe3", "../../shared/real-corpus"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.*"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, strings.Split(string(data), "\n")...)
		}
	}
	folded := 0
	for _, text := range texts {
		for _, fuzzyAll := range []bool{false, true} {
			got, want := lx.Fold(text, fuzzyAll), reference(text, fuzzyAll)
			if got != want {
				t.Fatalf("Fold(%q, %v) = %q, want %q", text, fuzzyAll, got, want)
			}
			if got != text {
				folded++
			}
		}
	}
	if folded == 0 {
		t.Fatal("no text was folded: the test checks nothing")
	}
}
