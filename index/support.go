package index

import (
	"context"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/extract"
)

// Claim is a checkable thing a message says (see extract.Claim).
type Claim = extract.Claim

// Support answers "find the sources for this message": the claims read in
// it, and the passages that bear on several of them.
type Support struct {
	Claims []Claim
	// Passages bear on the message's claims, best first; empty when
	// nothing in the articles supports it.
	Passages []Backing
	// Backed[i] is true when some passage of Passages bears on Claims[i].
	Backed []bool
}

// Backing is a passage and the claims it bears on.
type Backing struct {
	Hit
	Claims []int   // indexes into Support.Claims
	Weight float64 // the sum of their weights
}

// MaxBacking bounds the passages Support returns, and how many of them may
// come from one article.
const (
	MaxBacking           = 5
	maxBackingPerArticle = 2
	personSearches       = 3
)

// meetingPassages is how many of a named meeting's passages Support reads
// as candidates; the meta keeps as many (keptMeetingPassages). A variable
// for tests.
var meetingPassages = 20

// Support finds the passages bearing on the claims of text, a message: the
// people, places, meetings, dates, numbers and quoted words it names (see
// extract.Lexicon.Claims). Candidates come from a search of the claims and
// the message's words, a search within each named person's passages and
// the passages of each named meeting; a candidate counts when it bears on
// claims worth as much as the message's claims can give, up to 2 (a
// person, or a place and a number), and on
// two of them when the message makes two or more. They are ranked by the
// weight of the claims they bear on plus the wording they share with the
// message, at most two from one article.
func (ix *Index) Support(ctx context.Context, text string) (Support, error) {
	s, err := ix.acquire()
	if err != nil {
		return Support{}, err
	}
	defer s.release()
	out := Support{Claims: s.lx.Claims(text, s.meta.Meetings)}
	// The meta keeps a meeting's first passages only: a meeting claim is
	// reported by all of them.
	for k, c := range out.Claims {
		if i := s.meetingIndex(c.Meeting()); c.Kind == "meeting" && i >= 0 {
			ids, err := s.meetingPassages(i)
			if err != nil {
				return out, err
			}
			out.Claims[k] = c.WithPassages(ids)
		}
	}
	out.Backed = make([]bool, len(out.Claims))
	if len(out.Claims) == 0 {
		return out, nil
	}
	var labels []string
	for _, c := range out.Claims {
		if c.Kind != "meeting" && c.Kind != "date" {
			labels = append(labels, strings.Trim(c.Label, "“”"))
		}
	}
	q := CleanQuery(strings.Join(labels, " ") + " " + text)
	cands := map[string]Hit{}
	keep := func(hits []Hit) {
		for _, h := range hits {
			if old, ok := cands[h.ID]; !ok || h.Score > old.Score {
				cands[h.ID] = h
			}
		}
	}
	hits, err := s.search(ctx, s.textQuery(q), Filter{}, fetchForRank)
	if err != nil {
		return out, err
	}
	s.boostPhrase(hits, q)
	keep(hits)
	people := 0
	for _, c := range out.Claims {
		switch {
		case c.Kind == "person" && people < personSearches:
			people++
			hits, err := s.search(ctx, s.textQuery(q), Filter{Person: c.Label}, 20)
			if err != nil {
				return out, err
			}
			s.boostPhrase(hits, q)
			keep(hits)
		case c.Kind == "meeting":
			ids := s.meetingPassageIDs(c.Meeting())
			ps, err := s.passagesByID(ctx, ids[:min(len(ids), meetingPassages)])
			if err != nil {
				return out, err
			}
			for _, p := range ps {
				keep([]Hit{{Passage: p}})
			}
		}
	}
	possible, strong := 0.0, 0
	for _, c := range out.Claims {
		possible += c.Weight
		if c.Kind != "topic" {
			strong++
		}
	}
	need, needCount := min(2, possible), min(2, strong)
	var backed []Backing
	for _, h := range cands {
		b := Backing{Hit: h}
		count := 0
		for i, c := range out.Claims {
			if c.Supports(h.Passage) {
				b.Claims = append(b.Claims, i)
				b.Weight += c.Weight
				if c.Kind != "topic" {
					count++
				}
			}
		}
		if b.Weight >= need && count >= needCount {
			backed = append(backed, b)
		}
	}
	// The claims a passage bears on rank it first; the wording it shares
	// with the message (its search score, relative to the best) adds up to
	// as much as a person named.
	top := 0.0
	for _, b := range backed {
		top = max(top, b.Score)
	}
	rank := func(b Backing) float64 {
		if top == 0 {
			return b.Weight
		}
		return b.Weight + 2*b.Score/top
	}
	sort.Slice(backed, func(i, j int) bool {
		a, b := backed[i], backed[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra > rb
		}
		return a.ID < b.ID
	})
	perArticle := map[string]int{}
	for _, b := range backed {
		if len(out.Passages) == MaxBacking {
			break
		}
		if perArticle[b.Article] == maxBackingPerArticle {
			continue
		}
		perArticle[b.Article]++
		out.Passages = append(out.Passages, b)
		for _, i := range b.Claims {
			out.Backed[i] = true
		}
	}
	return out, nil
}

// meetingPassageIDs are the first passages that report the meeting id
// (keptMeetingPassages of them, in the meta).
func (s *snapshot) meetingPassageIDs(id string) []string {
	i := s.meetingIndex(id)
	if i < 0 {
		return nil
	}
	return s.meta.Meetings[i].Passages
}
