package index

import (
	"context"
	"fmt"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

// TestWhoAttendedBoundsSources checks that a meeting reported by more
// articles than an answer lists names MaxSources of them, those of the
// passages it shows first, and counts the rest.
func TestWhoAttendedBoundsSources(t *testing.T) {
	text, err := corpus.FS().Open("000_c07f5e8b5529b44d.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer text.Close()
	buf := make([]byte, 1<<20)
	n, _ := text.Read(buf)
	files := map[string]string{}
	const copies = MaxSources + 7
	for i := range copies {
		// Each copy is an article of its own: another outlet's report.
		files[fmt.Sprintf("%03d_report.txt", i)] = string(buf[:n]) + fmt.Sprintf("\n\nReport number %d of the talks.\n", i)
	}
	ix := openIndex(t, t.TempDir(), writeCorpus(t, files))
	a, err := ix.WhoAttended(context.Background(), "Kremlin", false)
	if err != nil || !a.Found || len(a.Events) == 0 {
		t.Fatalf("WhoAttended(Kremlin) = %+v, %v", a, err)
	}
	ea := a.Events[0]
	if len(ea.Meeting.Sources) != copies {
		t.Fatalf("the meeting has %d sources, want %d", len(ea.Meeting.Sources), copies)
	}
	if len(ea.Sources) != MaxSources || ea.MoreSources != copies-MaxSources {
		t.Errorf("the answer lists %d sources and %d more, want %d and %d", len(ea.Sources), ea.MoreSources, MaxSources, copies-MaxSources)
	}
	seen := map[string]bool{}
	for _, s := range ea.Sources {
		if seen[s.ID] {
			t.Errorf("source %s listed twice", s.ID)
		}
		seen[s.ID] = true
	}
	for i, pe := range ea.People {
		if pe.Passage.ID != "" && !seen[pe.Passage.Article] {
			t.Errorf("attendee %d's passage is from %s, which the sources do not list", i, pe.Passage.Article)
		}
	}
	if len(ea.People) > 0 && ea.Sources[0].ID != ea.People[0].Passage.Article && (len(ea.Reports) == 0 || ea.Sources[0].ID != ea.Reports[0].Article) {
		t.Errorf("the first source %s is not the article of the first passage shown", ea.Sources[0].ID)
	}
}
