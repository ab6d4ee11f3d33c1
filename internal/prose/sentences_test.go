package prose

import (
	"strings"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	got := Sentences(`Putin met U.S. envoy Steve Witkoff. “No deal yet,” he said. Talks went on! Mr. Smith left?`)
	want := []string{"Putin met U.S. envoy Steve Witkoff.", "“No deal yet,” he said.", "Talks went on!", "Mr. Smith left?"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
}
