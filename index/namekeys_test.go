package index

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/translit"
)

// TestNameKeysShortcut checks nameKeys, which reads tokens without
// lower-casing each, against the Tokenize-based reference, on every
// corpus line and random mixed-script text.
func TestNameKeysShortcut(t *testing.T) {
	reference := func(text string, onlyCapital bool) string {
		var keys []string
		for _, t := range prose.Tokenize(text) {
			if len(t.Lower) < 5 || onlyCapital && !t.Capital {
				continue
			}
			if k := translit.Key(t.Text); len(k) >= 4 && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		return strings.Join(keys, " ")
	}
	var texts []string
	for _, dir := range []string{"../corpus", "../testdata/probe", "../../shared/real-corpus"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.*"))
		for _, f := range files {
			data, _ := os.ReadFile(f)
			texts = append(texts, strings.Split(string(data), "\n")...)
		}
	}
	words := []string{"Witkoff", "İstanbul", "Zelenskyy", "ẞtraße", "Ümerov", "Київ", "ΣΊΣΥΦΟΣ", "Kushner", "İİİİ", "Ⱥⱥⱥⱥ", "abc", "and"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		for _, only := range []bool{true, false} {
			if got, want := nameKeys(text, only), reference(text, only); got != want {
				t.Fatalf("nameKeys(%q, %v) = %q, want %q", text, only, got, want)
			}
		}
	}
}
