package index

import (
	"context"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// PersonEvidence is a person in an answer and the passage that supports it.
type PersonEvidence struct {
	Person  Person
	Passage Passage
}

// Attendance answers who attended a meeting.
type Attendance struct {
	Meeting Meeting
	People  []PersonEvidence
	// More is how many further attendees the articles name beyond People,
	// which holds at most MaxAttendees.
	More int
	// Reports are passages that report the meeting, for meetings whose
	// participants the articles do not name.
	Reports []Passage
	// Found is false when no meeting matched the name asked for.
	Found bool
}

// MaxAttendees bounds the people WhoAttended returns with their evidence
// (a meeting's attendees are listed in one message).
const MaxAttendees = 25

// WhoAttended returns the people shown to have taken part in the meeting
// named (by name, place or id; empty for the most reported meeting), each
// once, with the passage that shows it.
func (ix *Index) WhoAttended(ctx context.Context, meeting string) (Attendance, error) {
	s, err := ix.acquire()
	if err != nil {
		return Attendance{}, err
	}
	defer s.release()
	m, ok := findMeeting(s.meta.Meetings, meeting)
	if !ok {
		return Attendance{Meeting: Meeting{Name: meeting}}, nil
	}
	out := Attendance{Meeting: m, Found: true}
	attendees := m.Attendees
	if len(attendees) > MaxAttendees {
		out.More, attendees = len(attendees)-MaxAttendees, attendees[:MaxAttendees]
	}
	ids := make([]string, 0, len(attendees))
	for _, a := range attendees {
		ids = append(ids, a.Passage)
	}
	ps, err := s.passagesByID(ctx, ids)
	if err != nil {
		return out, err
	}
	by := map[string]Passage{}
	for _, p := range ps {
		by[p.ID] = p
	}
	for _, a := range attendees {
		out.People = append(out.People, PersonEvidence{Person: s.person(a.Name), Passage: by[a.Passage]})
	}
	reports := m.Passages
	if len(reports) > 5 {
		reports = reports[:5]
	}
	out.Reports, err = s.passagesByID(ctx, reports)
	return out, err
}

// Meetings lists the meetings the articles report, most reported first.
func (ix *Index) Meetings() []Meeting { return ix.Meta().Meetings }

func findMeeting(ms []Meeting, name string) (Meeting, bool) {
	if len(ms) == 0 {
		return Meeting{}, false
	}
	key := strings.Join(wordsOf(name), " ")
	if key == "" {
		return ms[0], true
	}
	for _, m := range ms {
		if key == m.ID || key == strings.Join(wordsOf(m.Name), " ") || key == strings.Join(wordsOf(m.Place), " ") {
			return m, true
		}
	}
	for _, m := range ms {
		for _, w := range wordsOf(name) {
			if len(w) > 3 && (strings.Contains(strings.ToLower(m.Name), w) || strings.Contains(strings.ToLower(m.Place), w)) {
				return m, true
			}
		}
	}
	return Meeting{}, false
}

// person returns what the lexicon or the unlisted people know of name.
func (s *snapshot) person(name string) Person {
	if p, ok := s.lx.PersonByName(name); ok {
		return p
	}
	for _, p := range s.meta.Unlisted {
		if p.Name == name {
			return p
		}
	}
	return Person{Name: name, Unlisted: true}
}

// SidePassages are the passages that speak for one side.
type SidePassages struct {
	Side     string
	Passages []Hit
}

// Position answers what each side says on a topic.
type Position struct {
	Topic Topic
	Side  string // the side asked for, if any
	Sides []SidePassages
	Found bool // false when the topic is unknown
}

// sideOrder is the order sides are shown in.
var sideOrder = []string{"Russia", "Ukraine", "US", "Europe", "NATO"}

// Position returns the passages on a topic, grouped by the side they speak
// for (only side, when given), best first. Passages that speak for no side
// come last, under "".
func (ix *Index) Position(ctx context.Context, topic, side string, perSide int) (Position, error) {
	s, err := ix.acquire()
	if err != nil {
		return Position{}, err
	}
	defer s.release()
	t, ok := s.lx.TopicByName(topic)
	if !ok {
		return Position{Topic: Topic{Name: topic}}, nil
	}
	side = s.canonicalSide(side)
	out := Position{Topic: t, Side: side, Found: true}
	var hits []Hit
	if ids, ok := s.meta.Positions[positionKey(t.ID, side)]; ok {
		ps, err := s.passagesByID(ctx, ids)
		if err != nil {
			return out, err
		}
		for _, p := range ps {
			hits = append(hits, Hit{Passage: p})
		}
	} else if hits, err = s.rankPosition(ctx, t, side); err != nil {
		return out, err
	}
	groups := map[string][]Hit{}
	for _, h := range hits {
		key := h.Side
		if side != "" {
			key = side
		}
		if perSide > 0 && len(groups[key]) >= perSide {
			continue
		}
		groups[key] = append(groups[key], h)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return sideRank(keys[i]) < sideRank(keys[j]) })
	for _, k := range keys {
		out.Sides = append(out.Sides, SidePassages{Side: k, Passages: groups[k]})
	}
	return out, nil
}

// rankPosition ranks the passages on topic t that speak for side. The topic
// filter picks the passages; the keywords only rank them (a phrase of the
// keyword list would never match and cost a searcher per word).
func (s *snapshot) rankPosition(ctx context.Context, t Topic, side string) ([]Hit, error) {
	q := s.wordsQuery(strings.Join(append([]string{t.Name}, t.Keywords...), " "))
	return s.search(ctx, q, Filter{Topic: t.ID, Side: side}, MaxResults)
}

func positionKey(topic, side string) string { return topic + "|" + side }

// rankPositions ranks every topic for every side, and for all sides, for
// Meta.Positions.
func rankPositions(s *snapshot) (map[string][]string, error) {
	out := map[string][]string{}
	for _, t := range s.lx.Topics {
		for _, side := range append([]string{""}, sideOrder...) {
			hits, err := s.rankPosition(context.Background(), t, side)
			if err != nil {
				return nil, err
			}
			ids := make([]string, len(hits))
			for i, h := range hits {
				ids[i] = h.ID
			}
			out[positionKey(t.ID, side)] = ids
		}
	}
	return out, nil
}

func sideRank(side string) int {
	if side == "" {
		return 100
	}
	for i, s := range sideOrder {
		if s == side {
			return i
		}
	}
	return 50
}

// Sides lists the sides people and actors belong to.
func (ix *Index) Sides() []string {
	lx := ix.Lexicon()
	seen := map[string]bool{}
	var out []string
	for _, s := range sideOrder {
		seen[s] = true
		out = append(out, s)
	}
	for _, p := range lx.People {
		if p.Side != "" && !seen[p.Side] {
			seen[p.Side] = true
			out = append(out, p.Side)
		}
	}
	return out
}

// canonicalSide matches a side name case-insensitively ("russia", "USA").
func (s *snapshot) canonicalSide(side string) string {
	key := strings.ToLower(strings.TrimSpace(side))
	switch key {
	case "":
		return ""
	case "usa", "u.s.", "united states", "america", "american", "washington":
		return "US"
	case "russian", "moscow", "kremlin":
		return "Russia"
	case "ukrainian", "kyiv", "kiev":
		return "Ukraine"
	case "european", "eu", "european union":
		return "Europe"
	}
	for _, name := range sideOrder {
		if strings.ToLower(name) == key {
			return name
		}
	}
	for _, p := range s.lx.People {
		if strings.ToLower(p.Side) == key {
			return p.Side
		}
	}
	return side
}

// Quotes answers what a person said.
type Quotes struct {
	Person   Person
	Passages []Hit
	// Quoted is false when the person is named but never quoted; Passages
	// then only mention them.
	Quoted bool
	Found  bool // false when no passage names the person
}

// Quote returns the passages in which a person says something, or the
// passages that mention them when none quotes them. With about (topic
// words, a place, a meeting: "Europe in Davos", "after the Florida talks"),
// the passages that match it, in their text or their article's title, come
// first, best first; the rest follow in reading order. Without it, all are
// in reading order, direct quotes first.
func (ix *Index) Quote(ctx context.Context, name, about string) (Quotes, error) {
	s, err := ix.acquire()
	if err != nil {
		return Quotes{}, err
	}
	defer s.release()
	p, ok := s.lx.PersonByName(name)
	if !ok {
		p = Person{Name: strings.TrimSpace(name), Unlisted: true}
		for _, u := range s.meta.Unlisted {
			if strings.EqualFold(u.Name, p.Name) || lowerContains(u.Name, p.Name) && len(p.Name) > 3 {
				p = u
			}
		}
	}
	out := Quotes{Person: p}
	hits, err := s.search(ctx, nil, Filter{Speaker: p.Name}, MaxResults)
	if err != nil {
		return out, err
	}
	out.Quoted = len(hits) > 0
	if !out.Quoted {
		if hits, err = s.search(ctx, nil, Filter{Person: p.Name}, MaxResults); err != nil {
			return out, err
		}
	}
	inOrder(hits)
	// Passages that quote the person's own words come first.
	sort.SliceStable(hits, func(i, j int) bool { return directQuote(hits[i], p.Name) && !directQuote(hits[j], p.Name) })
	if about = CleanQuery(about); len(wordsOf(about)) > 0 {
		f := Filter{Speaker: p.Name}
		if !out.Quoted {
			f = Filter{Person: p.Name}
		}
		ranked, err := s.search(ctx, s.aboutQuery(about), f, MaxResults)
		if err != nil {
			return out, err
		}
		seen := map[string]bool{}
		for _, h := range ranked {
			seen[h.ID] = true
		}
		for _, h := range hits {
			if !seen[h.ID] {
				ranked = append(ranked, h)
			}
		}
		out.Passages = ranked[:min(len(ranked), MaxResults)]
		out.Found = len(out.Passages) > 0
		return out, nil
	}
	out.Passages = diversify(hits, MaxResults)
	out.Found = len(out.Passages) > 0
	return out, nil
}

// directQuote reports whether a passage quotes the person's words in
// quotation marks.
func directQuote(h Hit, name string) bool {
	for _, q := range h.Quotes {
		if q.Speaker == name && strings.ContainsAny(q.Text, "“\"") {
			return true
		}
	}
	return false
}

// Sayers answers who said a phrase.
type Sayers struct {
	Phrase   string
	People   []Person
	Passages []Hit
}

// WhoSaid finds the passages containing phrase (as a phrase, else its
// words) and the people those passages attribute it to.
func (ix *Index) WhoSaid(ctx context.Context, phrase string) (Sayers, error) {
	s, err := ix.acquire()
	if err != nil {
		return Sayers{}, err
	}
	defer s.release()
	phrase = CleanQuery(phrase)
	out := Sayers{Phrase: phrase}
	pq := query.NewMatchPhraseQuery(s.lx.Fold(phrase, true))
	pq.SetField(fieldText)
	hits, err := s.search(ctx, pq, Filter{}, 10)
	if err == nil && len(hits) == 0 {
		hits, err = s.search(ctx, s.textQuery(phrase), Filter{}, 10)
	}
	if err != nil {
		return out, err
	}
	out.Passages = diversify(hits, 10)
	words := wordsOf(phrase)
	seen := map[string]bool{}
	for _, h := range out.Passages {
		for _, q := range h.Quotes {
			if containsWords(wordsOf(q.Text), words) && !seen[q.Speaker] {
				seen[q.Speaker] = true
				out.People = append(out.People, s.person(q.Speaker))
			}
		}
	}
	return out, nil
}

// containsWords reports whether hay holds needle as a run of words.
func containsWords(hay, needle []string) bool {
	if len(needle) == 0 {
		return false
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Sources lists the indexed articles.
func (ix *Index) Sources() []ArticleInfo { return ix.Meta().Articles }
