package extract

import (
	"fmt"
	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/internal/prose"
	"os"
	"path/filepath"
	"testing"
)

func TestZZDebugEvents(t *testing.T) {
	f := os.Getenv("DEBUG_ARTICLE")
	if f == "" {
		t.Skip()
	}
	lx, err := LoadLexicon(defaultCorpus(), nil)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(f)
	a, err := article.Parse(filepath.Base(f), data)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("published", a.Published, "dateline", a.Dateline)
	for _, m := range Analyse(lx, a).Meetings {
		var names []string
		for _, at := range m.attendees {
			names = append(names, at.Name+"@"+at.Passage)
		}
		fmt.Printf("EVENT %s/%s/%s %s..%s sides=%v ord=%d absent=%v: %v\n", m.city, m.region, m.venue, m.from.Format("2006-01-02"), m.to.Format("01-02"), m.sides, m.ordinal, m.absent, names)
	}
	ctx := &articleContext{people: map[string]Person{}}
	for _, para := range a.Paragraphs {
		for _, st := range prose.Sentences(para) {
			s := &sentence{text: st, toks: prose.Tokenize(st)}
			s.mentions = lx.findMentions(st, s.toks, nil)
			var subject *mention
			if ctx.lastSubject != nil && ctx.subjectAge <= 2 {
				subject = ctx.lastSubject
			}
			lx.attribute(s, ctx)
			for _, s := range splitClauses(lx, s) {
				ev := lx.readEvent(s, a.Published)
				if ev.trigger < 0 {
					continue
				}
				in, out := lx.attendeesIn(s, ev, subject)
				var ins, outs []string
				for _, m := range in {
					ins = append(ins, m.name+"/"+m.side)
				}
				for _, m := range out {
					outs = append(outs, m.name)
				}
				fmt.Printf("%.110s\n   trig=%s attend=%v hyp=%v remote=%v bloc=%v place=%+v date=%s..%s ord=%d sides=%v\n   in=%v out=%v\n",
					s.text, s.toks[ev.trigger].Text, ev.attend, ev.hypothetical, ev.remote, ev.bloc, ev.place, ev.from.Format("2006-01-02"), ev.to.Format("01-02"), ev.ordinal, ev.sides, ins, outs)
			}
		}
	}
}
