package handlers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// TestCompareGolden sets three reports of one meeting side by side
// (testdata/compare-corpus: they differ on the days, the duration, who was
// there and how it went), and checks what is agreed is said once and what
// differs is called out, with every claim cited.
func TestCompareGolden(t *testing.T) {
	ix, err := index.Open(t.TempDir(), corpus.Source{Dir: os.DirFS(filepath.Join("testdata", "compare-corpus")), Fallback: corpus.FS(), Key: "compare-corpus"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	h := New(ix)
	for name, line := range map[string]string{
		"compare-differ":  "/compare meeting:Geneva",
		"compare-mention": "how do the reports differ on the Geneva talks?",
	} {
		a := answerLine(t, h, line)
		checkGolden(t, name, line, a.Reply)
		if a.Intent != "compare" {
			t.Errorf("%s: intent %q, want compare", line, a.Intent)
		}
		text := a.Reply.Embeds[0].Description
		for _, want := range []string{"Where they differ", "**Date:** 23 Nov 2025 [", "against 22–23 Nov 2025 [", "“about six hours” [", "“no compromise” ["} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: summary lacks %q:\n%s", line, want, text)
			}
		}
		if len(a.Reply.Embeds[0].Fields) != 3 || len(a.Meetings) != 1 || len(a.Passages) == 0 {
			t.Errorf("%s: %d fields, %d meetings, %d passages; want a field per source, the meeting and its passages",
				line, len(a.Reply.Embeds[0].Fields), len(a.Meetings), len(a.Passages))
		}
		for _, f := range a.Reply.Embeds[0].Fields {
			if !strings.Contains(f.Value, "¶") {
				t.Errorf("%s: source %q cites no paragraph:\n%s", line, f.Name, f.Value)
			}
		}
	}
	a, err := h.Answer(context.Background(), Request{Command: "compare", Options: map[string]string{"meeting": "Reykjavik"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Meetings) != 0 || !strings.Contains(a.Reply.Embeds[0].Description, "No meeting matching") {
		t.Errorf("/compare of an unreported meeting: %q", a.Reply.Embeds[0].Description)
	}
}
