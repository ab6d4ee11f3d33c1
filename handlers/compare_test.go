package handlers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
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

// TestSameOrSilent: sources that differ on nothing are said to agree only
// on what at least two of them state; what one or none gives is said.
func TestSameOrSilent(t *testing.T) {
	day := time.Date(2025, 12, 2, 0, 0, 0, 0, time.UTC)
	dated := func(a index.Account) index.Account { a.Start = day; return a }
	named := func(a index.Account) index.Account {
		a.Attendees = []extract.Attendee{{Name: "Steve Witkoff"}}
		return a
	}
	toned := func(a index.Account) index.Account {
		a.Outcomes = []index.Phrase{{Text: "productive", Tone: 1}}
		return a
	}
	var bare index.Account
	cases := []struct {
		accts []index.Account
		want  string
	}{
		{[]index.Account{bare, bare}, "None of them gives the date, the people in the room or the tone of the outcome."},
		{[]index.Account{dated(named(toned(bare))), dated(named(toned(bare)))}, "They do not differ on the date, the people in the room or the tone of the outcome."},
		{[]index.Account{dated(named(bare)), dated(bare), bare}, "They do not differ on the date. Only one source gives the people in the room. None of them gives the tone of the outcome."},
		{[]index.Account{named(toned(bare)), bare}, "Only one source gives the people in the room, and only one the tone of the outcome. None of them gives the date."},
	}
	for i, c := range cases {
		dates, names := 0, 0
		for _, a := range c.accts {
			if !a.Start.IsZero() {
				dates++
			}
			if len(a.Attendees) > 0 {
				names++
			}
		}
		if got := sameOrSilent(c.accts, dates, names); got != c.want {
			t.Errorf("case %d: %q\nwant %q", i+1, got, c.want)
		}
	}
}
