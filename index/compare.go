package index

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/extract"
)

// Phrase is words of a passage on how a meeting went or how long it
// lasted (see extract.Phrase).
type Phrase = extract.Phrase

// Comparison sets the sources of one meeting side by side.
type Comparison struct {
	Meeting extract.Meeting
	// Accounts are what each source says of it, the sources that report
	// most first.
	Accounts []Account
	// Others are further meetings the question matches, newest first.
	Others []extract.Meeting
	// Found is false when no meeting matches; Reported then lists them.
	Found    bool
	Reported []extract.Meeting
}

// Account is one source's report of a meeting.
type Account struct {
	Article ArticleInfo
	extract.Account
	// Passages are the passages its claims rest on, by id.
	Passages map[string]extract.Passage
	// Durations and Outcomes are the phrases of its passages that say how
	// long the meeting lasted and how it went.
	Durations []Phrase
	Outcomes  []Phrase
}

// Bounds on a comparison.
const (
	MaxAccounts        = 10 // sources compared
	accountPassagesMax = 12 // passages read per source
)

// Compare returns the sources of the meeting that meeting names (as
// WhoAttended reads it; the dated one most sources report when several
// match) side by side: each source's days, roster and absences, and the
// phrases of its passages (those that report the meeting and the paragraph
// after each) that give the meeting's duration and characterise its
// outcome, each with the passage that says it.
func (ix *Index) Compare(ctx context.Context, meeting string, loose bool) (Comparison, error) {
	s, err := ix.acquire()
	if err != nil {
		return Comparison{}, err
	}
	defer s.release()
	matched, _ := s.matchMeetings(meeting, loose)
	if len(matched) == 0 {
		return Comparison{Reported: s.meta.Meetings}, nil
	}
	// The dated meeting most sources report; an undated one only when
	// none is dated.
	best := 0
	for i, m := range matched {
		b := matched[best]
		if b.Start.IsZero() && !m.Start.IsZero() || b.Start.IsZero() == m.Start.IsZero() && m.Articles > b.Articles {
			best = i
		}
	}
	out := Comparison{Meeting: matched[best], Found: true}
	for i, m := range matched {
		if i != best && len(out.Others) < MaxEvents {
			out.Others = append(out.Others, m)
		}
	}
	if i := s.meetingIndex(out.Meeting.ID); i >= 0 {
		accts, err := s.accountsOf(i)
		if err != nil {
			return out, err
		}
		ps, err := s.meetingPassages(i)
		if err != nil {
			return out, err
		}
		out.Meeting.Accounts, out.Meeting.Passages = accts, ps
	}
	accts := out.Meeting.Accounts
	if len(accts) > MaxAccounts {
		accts = accts[:MaxAccounts]
	}
	// A source's words on the meeting: the passages that report it, and
	// the paragraph after each (what was said of it, "Rubio called the
	// talks …") unless that one reports another meeting: one of the
	// meetings these sources also report.
	elsewhereIDs, err := s.reportedElsewhere(out.Meeting.ID, accts)
	if err != nil {
		return out, err
	}
	reading := make([][]string, len(accts))
	var ids []string
	for k, a := range accts {
		own := a.Passages[:min(len(a.Passages), accountPassagesMax)]
		reading[k] = append(reading[k], own...)
		// A report's lede says how its main event went ("talks … were
		// very fruitful"): read it too, unless another meeting claims it.
		for _, lede := range extract.LedeIDs(a.Article) {
			if !elsewhereIDs[lede] && !slices.Contains(reading[k], lede) {
				reading[k] = append(reading[k], lede)
			}
		}
		for _, id := range own {
			for _, next := range extract.FollowingIDs(id) {
				if !elsewhereIDs[next] && !slices.Contains(reading[k], next) {
					reading[k] = append(reading[k], next)
				}
			}
		}
		ids = append(ids, reading[k]...)
		for _, at := range a.Attendees {
			ids = append(ids, at.Passage)
		}
	}
	ps, err := s.passagesByID(ctx, ids)
	if err != nil {
		return out, err
	}
	by := make(map[string]extract.Passage, len(ps))
	for _, p := range ps {
		by[p.ID] = p
	}
	own, elsewhere := placeNames(out.Meeting, s.meta.Meetings)
	for k, a := range accts {
		i, ok := s.articles[a.Article]
		if !ok {
			continue
		}
		acc := Account{Article: s.meta.Articles[i], Account: a, Passages: map[string]extract.Passage{}}
		for _, id := range reading[k] {
			p, ok := by[id]
			if !ok {
				continue
			}
			acc.Passages[id] = p
			acc.Durations = append(acc.Durations, extract.Durations(p, own, elsewhere)...)
			acc.Outcomes = append(acc.Outcomes, extract.Outcomes(p, own, elsewhere)...)
		}
		for _, at := range a.Attendees {
			if p, ok := by[at.Passage]; ok {
				acc.Passages[at.Passage] = p
			}
		}
		out.Accounts = append(out.Accounts, acc)
	}
	sort.SliceStable(out.Accounts, func(i, j int) bool { return len(out.Accounts[i].Passages) > len(out.Accounts[j].Passages) })
	return out, nil
}

// placeNames are the lower-case place names of m (own) and those of the
// other meetings that are not also m's (elsewhere).
func placeNames(m extract.Meeting, all []extract.Meeting) (own, elsewhere []string) {
	mine := map[string]bool{}
	for _, n := range m.Names {
		if n = strings.ToLower(strings.TrimPrefix(n, "the ")); n != "" && !mine[n] {
			mine[n] = true
			own = append(own, n)
		}
	}
	seen := map[string]bool{}
	for _, o := range all {
		if o.ID == m.ID {
			continue
		}
		for _, n := range o.Names {
			if n = strings.ToLower(strings.TrimPrefix(n, "the ")); n != "" && !mine[n] && !seen[n] {
				seen[n] = true
				elsewhere = append(elsewhere, n)
			}
		}
	}
	return own, elsewhere
}

// reportedElsewhere is the passages of the articles of accts that report
// a meeting other than the meeting id.
func (s *snapshot) reportedElsewhere(id string, accts []extract.Account) (map[string]bool, error) {
	arts := map[string]bool{}
	for _, a := range accts {
		arts[a.Article] = true
	}
	out := map[string]bool{}
	for i, m := range s.meta.Meetings {
		if m.ID == id || !slices.ContainsFunc(m.Sources, func(src string) bool { return arts[src] }) {
			continue
		}
		ps, err := s.meetingPassages(i)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out[p] = true
		}
	}
	return out, nil
}
