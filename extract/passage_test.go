package extract

import (
	"strings"
	"testing"
)

func TestSplitParagraph(t *testing.T) {
	long := strings.Repeat("The envoys met again in Geneva to discuss the plan. ", 40)
	parts := splitParagraph(strings.TrimSpace(long))
	if len(parts) < 2 {
		t.Fatalf("a %d-character paragraph gave %d parts", len(long), len(parts))
	}
	for _, p := range parts {
		if n := len([]rune(p)); n > maxPassage || !strings.HasSuffix(p, ".") {
			t.Errorf("part of %d characters, not cut at a sentence: %q", n, p)
		}
	}
	huge := strings.Repeat("word ", 1000) // one sentence with no full stop
	for _, p := range splitParagraph(huge) {
		if len([]rune(p)) > maxPassage {
			t.Errorf("part of %d characters", len([]rune(p)))
		}
	}
	// No word to cut at: this used to loop for ever.
	for _, rule := range []string{strings.Repeat("=", 2000), "See " + strings.Repeat("[", 1000) + " here."} {
		parts := splitParagraph(rule)
		if got := strings.Join(parts, ""); len(parts) < 2 || strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(rule, " ", "") {
			t.Errorf("splitParagraph(%.20q…) = %d parts that join to %.20q…, want the text cut in parts", rule, len(parts), got)
		}
		for _, p := range parts {
			if n := len([]rune(p)); n == 0 || n > maxPassage {
				t.Errorf("splitParagraph(%.20q…): part of %d characters", rule, n)
			}
		}
	}
}
