package extract

import (
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/gazetteer"
	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// MeetingQuery is what a question asks of the meetings: where (a city, a
// venue, a region holding them), when (a day, a month, "early December"),
// which round, between which sides, with whom; and the one side whose
// people the answer should list.
type MeetingQuery struct {
	places     []string // the words that named a place
	placeHits  map[string]bool
	placeAsked bool
	periods    []dates.Mention
	ordinal    int
	sides      []string // two or more: the format of the talks
	RosterSide string   // one: list only that side's people
	people     []string
	// Constrained is true when the question names anything a meeting can
	// be matched by.
	Constrained bool
}

// NamesMeeting reports whether the question names a meeting by itself —
// a place or venue, a day or period, or a round — rather than only the
// sides or people it may concern.
func (q MeetingQuery) NamesMeeting() bool {
	return q.placeAsked || len(q.periods) > 0 || q.ordinal > 0
}

// placeKey is a place name as words, lower case, without a leading "the",
// and between spaces: what a question's words, joined and between spaces,
// are searched for. It is "" for a name of no words.
func placeKey(name string) string {
	key := strings.TrimPrefix(strings.Join(prose.Words(name), " "), "the ")
	if key != "" {
		key = " " + key + " "
	}
	return key
}

// meetingPlaces is the place names of a list of meetings as placeKeys,
// each once, with the meetings each names (their positions in the list).
type meetingPlaces struct {
	first *Meeting // the list: its first meeting and its length
	n     int
	keys  []string
	of    [][]int
}

// lastPlaces is the place index of the list of meetings last asked about:
// an index asks about one list, its snapshot's, at every question, and a
// thousand meetings have some twenty place names between them.
var lastPlaces atomic.Pointer[meetingPlaces]

// placesOf is the place index of ms, made once for a list.
func placesOf(ms []Meeting) *meetingPlaces {
	if len(ms) == 0 {
		return &meetingPlaces{}
	}
	if p := lastPlaces.Load(); p != nil && p.first == &ms[0] && p.n == len(ms) {
		return p
	}
	p := &meetingPlaces{first: &ms[0], n: len(ms)}
	at := map[string]int{}
	for i, m := range ms {
		names := m.Names
		if names == nil {
			names = meetingPlaceNames(m)
		}
		for _, name := range names {
			key := placeKey(name) // " words ", or "" for none
			if key == "" {
				continue
			}
			k, ok := at[key]
			if !ok {
				k = len(p.keys)
				at[key] = k
				p.keys = append(p.keys, key)
				p.of = append(p.of, nil)
			}
			if l := p.of[k]; len(l) == 0 || l[len(l)-1] != i {
				p.of[k] = append(l, i)
			}
		}
	}
	lastPlaces.Store(p)
	return p
}

// ParseMeetingQuery reads a question or a /who-attended value against the
// meetings ms, with the places, sides and people of lx. A list of meetings
// is read once, the first time it is asked about (placesOf): callers do
// not change a list they have asked about.
func ParseMeetingQuery(lx *Lexicon, text string, ms []Meeting) MeetingQuery {
	q := MeetingQuery{placeHits: map[string]bool{}}
	folded := " " + strings.Join(prose.Words(text), " ") + " "
	used := map[string]bool{} // words that named a place, so not a side
	places := placesOf(ms)
	for k, key := range places.keys {
		if strings.Contains(folded, key) {
			for _, i := range places.of[k] {
				q.placeHits[ms[i].ID] = true
			}
			q.placeAsked = true
			for _, w := range strings.Fields(key) {
				used[w] = true
			}
		}
	}
	toks := prose.Tokenize(text)
	// The places file's other names and venues ask for their city: "the
	// Vatican", "No 10".
	for i := range toks {
		for n := min(lx.maxPlace, len(toks)-i); n >= 1; n-- {
			key := joinLower(toks[i : i+n])
			city, ok := lx.places[key]
			if !ok {
				city, ok = lx.venues[key]
			}
			if !ok {
				continue
			}
			for _, m := range ms {
				if m.Place == city {
					q.placeHits[m.ID] = true
					q.placeAsked = true
				}
			}
			for _, w := range strings.Fields(key) {
				used[w] = true
			}
			break
		}
	}
	if !q.placeAsked {
		// A place no meeting is reported in still narrows the question:
		// "/who-attended meeting:Budapest" has no answer.
		for i, t := range toks {
			if !t.Capital || used[t.Lower] {
				continue
			}
			for n := min(3, len(toks)-i); n >= 1; n-- {
				name := tokensText(toks[i : i+n])
				if _, ok := lx.venues[joinLower(toks[i:i+n])]; ok {
					q.placeAsked = true
				} else if c, ok := gazetteer.LookupCity(name); ok && !gazetteer.CommonWord(name) && c.Population >= 50_000 && lx.SideOfWords(prose.Words(name)...) == "" {
					q.placeAsked = true
				} else if _, ok := gazetteer.LookupRegion(name); ok && lx.SideOfWords(prose.Words(name)...) == "" && !gazetteer.CommonWord(name) {
					q.placeAsked = true
				}
			}
		}
	}
	for _, m := range dates.Find(text, time.Time{}) {
		if m.Month > 0 || m.Year > 0 {
			q.periods = append(q.periods, m)
		}
	}
	if len(q.periods) == 0 {
		// A question names a month without the preposition prose needs:
		// "/who-attended meeting:Riyadh March".
		for _, t := range toks {
			if mo := monthNumber(t.Lower); mo > 0 && (t.Capital || len(t.Lower) > 3) {
				q.periods = append(q.periods, dates.Mention{Month: mo})
				break
			}
		}
	}
	if m := reOrdinal.FindStringSubmatch(text); m != nil {
		q.ordinal = ordinals[strings.ToLower(m[1])]
	}
	var sides []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if used[t.Lower] {
			continue
		}
		if i+1 < len(toks) {
			if sd := lx.SideOfWords(t.Lower, toks[i+1].Lower); sd != "" {
				sides = appendUnique(sides, sd)
				i++
				continue
			}
		}
		for _, part := range strings.Split(t.Text, "-") {
			if sd := lx.sideOfToken(prose.Token{Text: part, Lower: strings.ToLower(part), Capital: part != "" && part[0] >= 'A' && part[0] <= 'Z'}); sd != "" {
				sides = appendUnique(sides, sd)
			}
		}
	}
	if len(sides) >= 2 {
		q.sides = sides
	} else if len(sides) == 1 && reRosterSide.MatchString(text) {
		// "which Ukrainians were at …", "who was on the Russian side":
		// the answer lists that side's people. A side that only describes
		// the meeting ("the Berlin meeting with European leaders") does not.
		q.RosterSide = sides[0]
	}
	for i, t := range toks {
		if !t.Capital {
			continue
		}
		for n := min(3, len(toks)-i); n >= 1; n-- {
			if p, ok := lx.PersonByName(tokensText(toks[i : i+n])); ok {
				q.people = appendUnique(q.people, p.Name)
				break
			}
		}
	}
	q.Constrained = q.placeAsked || len(q.periods) > 0 || q.ordinal > 0 || len(q.sides) > 0 || len(q.people) > 0
	return q
}

// reRosterSide asks for one side's people.
var reRosterSide = rx.MustCompile(`(?i)\b(which|what) \w+s?\b|\b(on|from|of|in) the \w+ (side|delegation|team)\b|\bwho (from|of) \w+\b|\b\w+ (side|delegation|team)'?s? (members|people|roster|line-?up)\b`)

// monthNumber is the month a word names ("march", "sept", "dec"), or 0.
func monthNumber(w string) int {
	for i, name := range []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"} {
		if w == name || len(w) >= 3 && len(w) < len(name) && strings.HasPrefix(name, w) {
			return i + 1
		}
	}
	return 0
}

// meetingPlaceNames are the names a meeting may be asked by: its city,
// venue and region, and the region and country that hold its city.
func meetingPlaceNames(m Meeting) []string {
	names := []string{m.Place, m.Region, m.Venue}
	if c, ok := gazetteer.LookupCity(m.Place); ok {
		names = append(names, gazetteer.CountryName(c.Country))
		for _, r := range []string{c.Admin1} {
			if reg, ok := gazetteer.LookupRegion(r); ok && c.In(reg) {
				names = append(names, reg.Name)
			}
		}
	}
	if r, ok := gazetteer.LookupRegion(m.Region); ok {
		names = append(names, r.Name)
	}
	return names
}

// MatchMeetings returns the meetings q asks for, newest first. An
// ordinal picks the meeting the reports call so ("the second round"), else
// the nth of the place's meetings in date order. A month or day without a
// year means the latest such period in which meetings are reported.
func MatchMeetings(ms []Meeting, q MeetingQuery) []Meeting {
	var out []Meeting
	for _, m := range ms {
		if q.placeAsked && !q.placeHits[m.ID] {
			continue
		}
		if len(q.sides) > 0 && !subset(q.sides, m.Sides) {
			continue
		}
		ok := true
		for _, p := range q.people {
			ok = ok && attended(m, p)
		}
		if ok {
			out = append(out, m)
		}
	}
	for _, p := range q.periods {
		out = inPeriod(out, p)
	}
	if q.ordinal > 0 {
		var called []Meeting
		for _, m := range out {
			if m.Ordinal == q.ordinal {
				called = append(called, m)
			}
		}
		if len(called) == 0 {
			byDate := append([]Meeting(nil), out...)
			sort.SliceStable(byDate, func(i, j int) bool { return byDate[i].Start.Before(byDate[j].Start) })
			if q.ordinal <= len(byDate) && !byDate[q.ordinal-1].Start.IsZero() {
				called = []Meeting{byDate[q.ordinal-1]}
			}
		}
		out = called
	}
	return out
}

func attended(m Meeting, name string) bool {
	for _, a := range m.Attendees {
		if a.Name == name {
			return true
		}
	}
	return false
}

// inPeriod keeps the meetings held in the period a date mention names; a
// mention without a year takes the latest year in which one is.
func inPeriod(ms []Meeting, p dates.Mention) []Meeting {
	years := []int{p.Year}
	if p.Year == 0 {
		years = nil
		seen := map[int]bool{}
		for _, m := range ms {
			if !m.Start.IsZero() && !seen[m.Start.Year()] {
				seen[m.Start.Year()] = true
				years = append(years, m.Start.Year())
			}
		}
		sort.Sort(sort.Reverse(sort.IntSlice(years)))
	}
	// A day matches exactly first; only when no meeting was held that day
	// does a day either side count, since reports of one meeting may give
	// days a day apart (time zones, overnight talks).
	slacks := []int{0}
	if p.Day > 0 {
		slacks = append(slacks, 1)
	}
	for _, slack := range slacks {
		for _, y := range years {
			from, to := PeriodOf(p, y)
			from, to = from.AddDate(0, 0, -slack), to.AddDate(0, 0, slack)
			var out []Meeting
			for _, m := range ms {
				end := m.End
				if end.IsZero() {
					end = m.Start
				}
				if !m.Start.IsZero() && !m.Start.After(to) && !end.Before(from) {
					out = append(out, m)
				}
			}
			if len(out) > 0 {
				return out
			}
			if p.Year != 0 {
				break
			}
		}
	}
	return nil
}

// PeriodOf is the days a date mention names in year y.
func PeriodOf(p dates.Mention, y int) (time.Time, time.Time) {
	if p.Month == 0 {
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	first := time.Date(y, time.Month(p.Month), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	if p.Day > 0 {
		from := time.Date(y, time.Month(p.Month), p.Day, 0, 0, 0, 0, time.UTC)
		to := from
		if p.ToDay > 0 {
			tm := p.ToMonth
			if tm == 0 {
				tm = p.Month
			}
			to = time.Date(y, time.Month(tm), p.ToDay, 0, 0, 0, 0, time.UTC)
		}
		return from, to
	}
	switch p.Part {
	case "early":
		return first, first.AddDate(0, 0, 9)
	case "mid":
		return first.AddDate(0, 0, 10), first.AddDate(0, 0, 19)
	case "late":
		return first.AddDate(0, 0, 20), last
	}
	return first, last
}

// DefaultMeeting is the meeting a bare /who-attended is about: the most
// recent dated one, else the most reported.
func DefaultMeeting(ms []Meeting) (Meeting, bool) {
	if len(ms) == 0 {
		return Meeting{}, false
	}
	for _, m := range ms {
		if !m.Start.IsZero() {
			return m, true
		}
	}
	best := ms[0]
	for _, m := range ms[1:] {
		if m.Reports > best.Reports {
			best = m
		}
	}
	return best, true
}
