package article

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/internal/rx"
)

// TestRuleFilters checks that the cleaning rules' literal prefilters
// (package rx) change nothing: every article beside the repo (and those of
// $ARTICLE_SYNTH, when set) parses to the same result with the filters on
// and off, and no rule's filter turns away a line, a paragraph's tail (what
// isCaption reads) or a line from a word on that its rule matches.
func TestRuleFilters(t *testing.T) {
	dirs := sharedCorpora
	if d := os.Getenv("ARTICLE_SYNTH"); d != "" {
		dirs = append(dirs, d)
	}
	files := readArticleDirs(t, dirs...)
	if len(files) < 5 {
		t.Skipf("only %d article files beside the repo", len(files))
	}
	var texts []string
	for _, f := range files {
		rx.SetFiltering(false)
		want, werr := Parse(f.name, f.data)
		rx.SetFiltering(true)
		got, gerr := Parse(f.name, f.data)
		if !reflect.DeepEqual(got, want) || (gerr == nil) != (werr == nil) {
			t.Errorf("%s: parsed otherwise with the rules' filters on", f.name)
		}
		for _, line := range strings.Split(string(f.data), "\n") {
			line = strings.TrimSpace(line)
			texts = append(texts, line)
			for i := 1; i < len(line); i++ {
				if line[i-1] == ' ' {
					texts = append(texts, line[i:])
				}
			}
		}
	}
	if d := rx.Disagreement(texts); d != "" {
		t.Error(d)
	}
}
