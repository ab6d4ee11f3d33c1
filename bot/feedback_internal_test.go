package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/handlers"
)

func TestFeedbackSurvivesARestartAndStaysBounded(t *testing.T) {
	dir := t.TempDir()
	f, err := openFeedback(dir)
	if err != nil {
		t.Fatal(err)
	}
	line := func(answer, vote string) FeedbackLine {
		return FeedbackLine{Answer: answer, Vote: vote, Intent: "search", Question: strings.Repeat("q", 100)}
	}
	if prev, err := f.record(line("AAAAAAAAAAAA", handlers.VoteUp), "1300000000000000001"); err != nil || prev != "" {
		t.Fatalf("first vote: %q, %v", prev, err)
	}
	// After a restart the same member's press is known: the key is kept
	// and the latest votes are read back.
	g, err := openFeedback(dir)
	if err != nil {
		t.Fatal(err)
	}
	if prev, err := g.record(line("AAAAAAAAAAAA", handlers.VoteUp), "1300000000000000001"); err != nil || prev != handlers.VoteUp {
		t.Errorf("same vote after a restart: previous %q, %v; want up", prev, err)
	}
	if prev, _ := g.record(line("AAAAAAAAAAAA", handlers.VoteDown), "1300000000000000001"); prev != handlers.VoteUp {
		t.Errorf("changed vote after a restart: previous %q, want up", prev)
	}

	// Past max the file moves aside: the two stay within twice the bound.
	g.max = 2000
	for i := range 100 {
		if _, err := g.record(line(fmt.Sprintf("B%011d", i), handlers.VoteDown), "1300000000000000002"); err != nil {
			t.Fatal(err)
		}
	}
	total := int64(0)
	for _, name := range []string{FeedbackFile, feedbackOld} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > g.max {
			t.Errorf("%s is %d bytes, over %d", name, st.Size(), g.max)
		}
		total += st.Size()
	}
	rep, err := ReadFeedback(dir)
	if err != nil || rep.Skipped != 0 || rep.Down == 0 || total > 2*g.max {
		t.Errorf("report %+v, %v; %d bytes in all", rep, err, total)
	}
}

func TestFeedbackKeyDamaged(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, feedbackKeyFile), []byte("not hex"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := openFeedback(dir); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("openFeedback with a damaged key = %v, want an error saying so", err)
	}
}

func TestFeedbackInMemoryOnly(t *testing.T) {
	f, err := openFeedback("")
	if err != nil {
		t.Fatal(err)
	}
	if prev, err := f.record(FeedbackLine{Answer: "AAAAAAAAAAAA", Vote: handlers.VoteUp}, "1"); err != nil || prev != "" {
		t.Fatalf("%q, %v", prev, err)
	}
	if prev, _ := f.record(FeedbackLine{Answer: "AAAAAAAAAAAA", Vote: handlers.VoteUp}, "1"); prev != handlers.VoteUp {
		t.Errorf("repeated vote: previous %q, want up", prev)
	}
}
