package extract

// How an article's sentences are cut into clauses and read in context: the clause that reports a meeting, the lede's date, the sides a delegation's members share.

import (
	"strings"
	"time"

	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// mainMeeting is the placed meeting most sentences of the article report.
func mainMeeting(events []*MeetingReport) *MeetingReport {
	var main *MeetingReport
	for _, e := range events {
		if !e.placeless() && (main == nil || e.sentences > main.sentences) {
			main = e
		}
	}
	return main
}

// ledeDate is the first date the article's first two sentences give: news
// dates its story in the lede ("Ukraine said on Tuesday that …").
func ledeDate(sents []*sentence, base time.Time) (time.Time, time.Time) {
	if base.IsZero() {
		return time.Time{}, time.Time{}
	}
	for _, s := range sents[:min(2, len(sents))] {
		for _, m := range dates.Find(s.text, base) {
			if !m.From.IsZero() {
				return m.From, m.To
			}
		}
	}
	return time.Time{}, time.Time{}
}

// listTriggers introduce a delegation's members, who share its side.
var listTriggers = map[string]bool{"included": true, "includes": true, "with": true, "sent": true,
	"made": true, "comprised": true, "travelled": true, "traveled": true, "accompanied": true,
	"joined": true, "led": true, "headed": true, "represented": true}

// inheritSides gives people of unknown side the side the sentence is about:
// the one side its other people share, the one side it names, or the side
// of the people of the sentence before ("With him were …", "It included …").
func inheritSides(in []mention, named, last []string) []mention {
	var known []string
	for _, m := range in {
		if m.side != "" {
			known = appendUnique(known, m.side)
		}
	}
	side := ""
	switch {
	case len(known) == 1:
		side = known[0]
	case len(known) == 0 && len(named) == 1:
		side = named[0]
	case len(known) == 0 && len(last) == 1:
		side = last[0]
	}
	if side == "" {
		return in
	}
	for i := range in {
		if in[i].side == "" {
			in[i].side = side
		}
	}
	return in
}

// conjunctSides gives a person of unknown side the side of the person
// they are listed with: "led by Security Council Secretary Rustem Umerov and
// Chief of the General Staff Andriy Hnatov" puts both on one side. Only
// "and" or a comma and the second person's title may stand between them.
func conjunctSides(in []mention, toks []prose.Token) []mention {
	for i := range in {
		if in[i].side != "" {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(in) || in[j].side == "" {
				continue
			}
			a, b := in[min(i, j)], in[max(i, j)]
			if listedTogether(toks, a.tok1, b.tok0) {
				in[i].side = in[j].side
				break
			}
		}
	}
	return in
}

// listedTogether reports whether toks[from:to] only joins two names of one
// list: "and" or a comma, then title words.
func listedTogether(toks []prose.Token, from, to int) bool {
	if from > to || to > len(toks) || to-from > 8 {
		return false
	}
	joined := to < len(toks) && strings.Contains(toks[to].Before, ",") || from < to && strings.Contains(toks[from].Before, ",")
	for k := from; k < to; k++ {
		switch t := toks[k]; {
		case t.Lower == "and" && k == from:
			joined = true
		case t.Capital || roleWords[t.Lower] || t.Lower == "of" || t.Lower == "the":
		default:
			return false
		}
	}
	return joined
}

// reTwoSides refers back to the delegations named before.
var reTwoSides = rx.MustCompile(`(?i)\b(the two sides|both sides|the two delegations|the delegations)\b`)

// clauseBreakers are where a sentence turns to another event: a semicolon,
// or a conjunction that starts a clause of its own ("…, a senior aide said
// as European officials met in Brussels", "…, but he had left"). At one
// place, the first listed that matches is taken.
var clauseBreakers = []string{"; ", ", but ", " but ", ", while ", " while ", ", whereas ", " whereas ",
	" said as ", " after ", " before ", " by the time ", " since ", " followed ",
	" came after ", " came hours after ", " came days after "}

// findClauseBreaks returns the spans of clauseBreakers in text, leftmost
// first and not overlapping: what a regexp of the alternatives would find,
// at a tenth of the cost (the build spent 5 % of its time there).
func findClauseBreaks(text string) [][]int {
	var locs [][]int
	for i := 0; i < len(text); i++ {
		if c := text[i]; c != ';' && c != ',' && c != ' ' {
			continue
		}
		for _, b := range clauseBreakers {
			if strings.HasPrefix(text[i:], b) {
				locs = append(locs, []int{i, i + len(b)})
				i += len(b) - 1
				break
			}
		}
	}
	return locs
}

// splitClauses cuts a sentence into clauses: each may report another
// meeting or another person's absence.
func splitClauses(lx *Lexicon, s *sentence) []*sentence {
	locs := findClauseBreaks(s.text)
	if len(locs) == 0 {
		return []*sentence{s}
	}
	var parts, leads []string
	last, lead := 0, ""
	for _, l := range locs {
		if inSpans(quoteSpans(s.text), l[0]) || len(strings.Fields(s.text[last:l[0]])) < 3 ||
			strings.HasPrefix(s.text[l[1]:], "and ") || strings.HasPrefix(s.text[l[1]:], "or ") {
			continue
		}
		parts, leads = append(parts, s.text[last:l[0]]), append(leads, lead)
		last, lead = l[1], strings.Trim(s.text[l[0]:l[1]], " ,;")
	}
	parts, leads = append(parts, s.text[last:]), append(leads, lead)
	if len(parts) == 1 {
		return []*sentence{s}
	}
	var first *mention // the sentence's first person: the subject a later clause may leave out
	for i := range s.mentions {
		if m := s.mentions[i]; !m.actor && m.name != "" && !m.inQuote {
			first = &s.mentions[i]
			break
		}
	}
	var out []*sentence
	for i, part := range parts {
		c := &sentence{text: part, toks: prose.Tokenize(part), para: s.para, lead: leads[i]}
		c.mentions = remapMentions(s, part)
		c.speakers, c.kinds = s.speakers, s.kinds
		if i > 0 && first != nil && reBareNegation.MatchString(part) {
			// "X received the delegations … but did not take part": the
			// clause's absent subject is the sentence's.
			c.absentSubject = first
		}
		out = append(out, c)
	}
	return out
}

// reBareNegation is a clause that opens with a negated verb and no subject
// of its own ("… but did not take part in the negotiations").
var reBareNegation = rx.MustCompile(`(?i)^(then |also )?(did not|didn't|was not|wasn't|were not|weren't|had not|hadn't|never|took no part|stayed away)\b`)

// remapMentions finds again, in a clause of s, the mentions of s.
func remapMentions(s *sentence, part string) []mention {
	off := strings.Index(s.text, part)
	toks := prose.Tokenize(part)
	var out []mention
	for _, m := range s.mentions {
		if m.start < off || m.end > off+len(part) {
			continue
		}
		m.start, m.end = m.start-off, m.end-off
		m.tok0, m.tok1 = tokenAt(toks, m.start), tokenAt(toks, m.end-1)+1
		out = append(out, m)
	}
	return out
}
