package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// TestRuleFilters checks that the rules' literal prefilters (package rx)
// change nothing: every article beside the repo is analysed to the same
// result with the filters on and off, and no rule's filter turns away a
// sentence, its lower-case form or a tail of it from a word on (what
// attendPhrase tries) that the rule matches.
func TestRuleFilters(t *testing.T) {
	lx := testLexicon(t)
	var texts []string
	analysed := 0
	for _, dir := range []string{"../corpus", "../testdata/probe", "../testdata/probe2", "../testdata/probe3", "../../shared/real-corpus"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.*"))
		for _, f := range files {
			if strings.HasSuffix(f, ".yaml") || strings.HasSuffix(f, ".go") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			a, err := article.Parse(filepath.Base(f), data)
			if err != nil {
				continue
			}
			rx.SetFiltering(false)
			want := Analyse(lx, a)
			rx.SetFiltering(true)
			if got := Analyse(lx, a); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: the analysis differs with the rules' filters on", f)
			}
			analysed++
			for _, p := range a.Paragraphs {
				for _, s := range prose.Sentences(p) {
					low := strings.ToLower(s)
					texts = append(texts, s, low)
					for _, tok := range prose.Tokenize(low) {
						texts = append(texts, low[tok.Start:])
					}
				}
			}
		}
	}
	if analysed < 5 {
		t.Fatalf("only %d articles analysed", analysed)
	}
	if d := rx.Disagreement(texts); d != "" {
		t.Error(d)
	}
}
