package index

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
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

// TestSourcesOfShownPassagesFirst: the articles whose passages an answer
// shows (the attendees' evidence, or the reports of a meeting without
// named attendees) lead its sources, all of them within MaxSources.
func TestSourcesOfShownPassagesFirst(t *testing.T) {
	lx, err := extract.LoadLexicon(corpus.FS(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &snapshot{lx: lx, articles: map[string]int{}}
	for i := range 30 {
		id := fmt.Sprintf("art%02d", i)
		s.articles[id] = i
		s.meta.Articles = append(s.meta.Articles, ArticleInfo{ID: id})
	}
	arts := s.meta.Articles
	build := func(attendees int) (extract.Meeting, map[string]extract.Passage) {
		var m extract.Meeting
		by := map[string]extract.Passage{}
		for i := range 5 { // reports: articles 0-4
			id := fmt.Sprintf("r%d", i)
			m.Passages = append(m.Passages, id)
			by[id] = extract.Passage{ID: id, Article: arts[i].ID}
		}
		for i := range attendees { // evidence: articles 5-24
			id := fmt.Sprintf("e%d", i)
			m.Attendees = append(m.Attendees, extract.Attendee{Name: fmt.Sprintf("Zq Person%d", i), Passage: id})
			by[id] = extract.Passage{ID: id, Article: arts[5+i].ID}
		}
		for i := range 26 {
			m.Sources = append(m.Sources, arts[i].ID)
		}
		return m, by
	}
	for _, attendees := range []int{20, 0} {
		m, by := build(attendees)
		ea := s.eventAttendance(m, "", by)
		shown := ea.ShownPassages()
		if len(ea.Sources) != MaxSources || ea.MoreSources != 26-MaxSources {
			t.Errorf("%d attendees: %d sources and %d more, want %d and %d", attendees, len(ea.Sources), ea.MoreSources, MaxSources, 26-MaxSources)
		}
		for i, p := range shown {
			if i >= len(ea.Sources) || ea.Sources[i].ID != p.Article {
				t.Errorf("%d attendees: source %d is not %s, the article of passage %s shown", attendees, i, p.Article, p.ID)
				break
			}
		}
	}
}

// TestWhoSaidAcrossParts: a phrase said only in an old part is found
// even when the newer parts hold its words, not as the phrase; and one
// said in every part is found in one part as in many.
func TestWhoSaidAcrossParts(t *testing.T) {
	files := map[string]string{
		"a.txt": "Quokka talks\n\nNegotiators met in Geneva on Monday.\n\n" +
			`"The quokka plan is finished," Witkoff said after the talks.`,
	}
	for i := range 16 { // later in the corpus, so in newer parts
		files[fmt.Sprintf("b%02d.txt", i)] = fmt.Sprintf("Quokka report %d\n\nNegotiators met in Geneva on Monday.\n\n", i) +
			"Officials said the plan for the quokka was finished late on Monday."
	}
	dir := writeCorpus(t, files)
	// The newest parts alone fill the candidates.
	oldC, oldE := saidCandidates, saidEnough
	saidCandidates, saidEnough = 2, 1
	t.Cleanup(func() { saidCandidates, saidEnough = oldC, oldE })
	for _, part := range []int{2, 1 << 20} {
		setPartPassages(t, part)
		ix := openIndex(t, t.TempDir(), dir)
		if n := len(ix.Meta().Parts); part == 2 && n < 4 || part > 2 && n != 1 {
			t.Fatalf("%d parts of %d passages", n, part)
		}
		got, err := ix.WhoSaid(context.Background(), "quokka plan is finished")
		if err != nil {
			t.Fatal(err)
		}
		var arts []string
		for _, h := range got.Passages {
			arts = append(arts, h.Article)
		}
		if len(arts) == 0 || !strings.HasPrefix(arts[0], "a") {
			t.Errorf("%d-passage parts: WhoSaid found %v, want a's passage first", part, arts)
		}
	}
}
