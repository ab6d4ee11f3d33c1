package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/prose"
)

// Meeting is a meeting the articles report, as a dated event: where (city,
// region, venue), when, between which sides, who was in the room, and every
// article that reports it. Rounds in one city on different days, or of
// different sides on one day, are different meetings.
type Meeting struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`  // "Geneva talks"
	Label     string     `json:"label"` // "Geneva · 23 Nov 2025 · US, Ukraine"
	Place     string     `json:"place"` // the city, or the region when no city is reported
	Region    string     `json:"region,omitempty"`
	Venue     string     `json:"venue,omitempty"`
	Start     time.Time  `json:"start,omitzero"`
	End       time.Time  `json:"end,omitzero"`
	Ordinal   int        `json:"ordinal,omitempty"` // "the second round": 2
	Sides     []string   `json:"sides,omitempty"`
	Reports   int        `json:"reports"`  // passages that report it
	Articles  int        `json:"articles"` // articles that report it
	Sources   []string   `json:"sources"`  // the ids of the articles that report it
	Passages  []string   `json:"passages"`
	Attendees []Attendee `json:"attendees"`
	Groups    []string   `json:"groups,omitempty"` // delegations named without people
	// Names are the place names a question may ask for it by (city, venue,
	// region, the country and region that hold the city), found once.
	Names []string `json:"names,omitempty"`
	// Accounts are the reports merged into it, one per article, in the
	// order of Sources: what each source says, for comparing them.
	Accounts []Account `json:"accounts,omitempty"`
}

// Account is one article's report of a meeting: the days it gives, who it
// puts in the room (with the passage that shows it, under the meeting's
// spelling of each name) and who it says was not there, and the passages
// that report the meeting.
type Account struct {
	Article   string     `json:"article"`
	Start     time.Time  `json:"start,omitzero"`
	End       time.Time  `json:"end,omitzero"` // zero for one day
	Attendees []Attendee `json:"attendees,omitempty"`
	Absent    []string   `json:"absent,omitempty"`
	Passages  []string   `json:"passages"`
}

// Attendee is a person shown to have taken part in a meeting, with the
// passage that shows it.
type Attendee struct {
	Name    string `json:"name"`
	Side    string `json:"side,omitempty"`
	Passage string `json:"passage"`
	// strength ranks evidence: 2 when the text says they took part ("talks
	// with X", "X attended"), 1 when they acted during the meeting.
	strength int
}

// meetingAcc gathers the reports GroupMeetings joins into one meeting.
type meetingAcc struct {
	m        *MeetingReport // the meeting so far; its roster is m.attendees
	days     map[[2]time.Time]int
	venues   map[string]int
	articles []string
	seen     map[string]bool
	absent   map[string]int
	present  map[string]int
	accounts []Account
	// first caches, by name as reported, the index in m.attendees of the
	// first attendee of the same name (sameName): a meeting reported by
	// many articles names the same people thousands of times.
	first map[string]int
}

// addAttendee adds a to the roster, or keeps the stronger evidence of the
// attendee of the same name already there, and returns the name the
// roster holds them under: the first roster entry of the same name.
func (acc *meetingAcc) addAttendee(a Attendee) string {
	e := acc.m
	i, ok := acc.first[a.Name]
	if !ok {
		i = slices.IndexFunc(e.attendees, func(have Attendee) bool { return sameName(have.Name, a.Name) })
	}
	switch {
	case i < 0:
		e.attendees = append(e.attendees, a)
		if a.Side != "" {
			e.sides = appendUnique(e.sides, a.Side)
		}
		i = len(e.attendees) - 1
	case a.strength > e.attendees[i].strength:
		if e.attendees[i].Name != a.Name {
			// Other names may now match this entry, or no longer match it.
			clear(acc.first)
		}
		e.attendees[i] = a
	}
	if acc.first == nil {
		acc.first = map[string]int{}
	}
	acc.first[a.Name] = i
	return e.attendees[i].Name
}

// GroupMeetings merges the reports of every article into meetings: reports
// of one place (a city, or a region holding it), on days at most one apart
// (or undated), between sides that do not contradict, are one meeting with
// the union of their rosters and all their sources. Its day is the one most
// reports give. Meetings come newest first, undated ones last (most
// reported first).
func GroupMeetings(mentions []MeetingReport) []Meeting {
	order := make([]int, len(mentions))
	for i := range order {
		order[i] = i
	}
	// Dated reports first, so that undated ones join the meeting of their place.
	sort.SliceStable(order, func(i, j int) bool {
		a, b := mentions[order[i]], mentions[order[j]]
		return !a.from.IsZero() && b.from.IsZero()
	})
	var accs []*meetingAcc
	for _, i := range order {
		m := mentions[i]
		var into *meetingAcc
		for _, a := range accs {
			// A report without a date joins a dated meeting only when its
			// article was published within 30 days after it; an undated
			// article's report joins only reports without a date.
			if !a.seen[m.article] && datesJoin(a.m, m) &&
				samePlace(a.m.city, a.m.region, a.m.venue, m.city, m.region, m.venue) &&
				daysOverlap(a.m.from, a.m.to, m.from, m.to, 1) && sidesCompatible(a.m.sides, m.sides) &&
				(a.m.ordinal == 0 || m.ordinal == 0 || a.m.ordinal == m.ordinal) {
				into = a
				break
			}
		}
		if into == nil {
			cp := m
			cp.attendees, cp.passages, cp.sides, cp.groups = nil, nil, nil, nil
			into = &meetingAcc{m: &cp, days: map[[2]time.Time]int{}, venues: map[string]int{}, seen: map[string]bool{},
				absent: map[string]int{}, present: map[string]int{}}
			accs = append(accs, into)
		}
		e := into.m
		if !m.from.IsZero() {
			into.days[[2]time.Time{m.from, m.to}]++
		}
		if m.venue != "" {
			into.venues[m.venue]++
		}
		if e.city == "" {
			e.city = m.city
		}
		if e.region == "" {
			e.region = m.region
		}
		if e.ordinal == 0 {
			e.ordinal = m.ordinal
		}
		for _, sd := range m.sides {
			e.sides = appendUnique(e.sides, sd)
		}
		for _, g := range m.groups {
			e.groups = appendUnique(e.groups, g)
		}
		e.passages = append(e.passages, m.passages...)
		e.sentences += m.sentences
		if !into.seen[m.article] {
			into.seen[m.article] = true
			into.articles = append(into.articles, m.article)
		}
		acct := Account{Article: m.article, Start: m.from, Passages: uniqueStrings(m.passages)}
		if !m.to.Equal(m.from) {
			acct.End = m.to
		}
		for _, a := range m.attendees {
			name := into.addAttendee(a)
			into.present[name]++
			a.Name = name
			acct.Attendees = append(acct.Attendees, a)
		}
		for n := range m.absent {
			into.absent[n]++
			acct.Absent = append(acct.Absent, n)
		}
		sort.Strings(acct.Absent)
		into.accounts = append(into.accounts, acct)
	}
	var out []Meeting
	for _, a := range accs {
		e := a.m
		// The day most reports give; among as many, the most precise (a
		// day over a weekend), then the earliest.
		days := make([][2]time.Time, 0, len(a.days))
		for d := range a.days {
			days = append(days, d)
		}
		sort.Slice(days, func(i, j int) bool {
			di, dj := days[i], days[j]
			if a.days[di] != a.days[dj] {
				return a.days[di] > a.days[dj]
			}
			if si, sj := di[1].Sub(di[0]), dj[1].Sub(dj[0]); si != sj {
				return si < sj
			}
			return di[0].Before(dj[0])
		})
		if len(days) > 0 {
			e.from, e.to = days[0][0], days[0][1]
		}
		if v := mostCommon(a.venues); v != "" {
			e.venue = v
		}
		var people []Attendee
		for _, at := range e.attendees {
			if a.absent[at.Name] > a.present[at.Name] || a.absent[at.Name] > 0 && at.strength < 2 {
				continue // more reports say they were not there
			}
			people = append(people, at)
		}
		if len(people) == 0 && len(e.sides) < 2 {
			continue
		}
		sort.SliceStable(people, func(i, j int) bool { return a.present[people[i].Name] > a.present[people[j].Name] })
		m := Meeting{Place: e.city, Region: e.region, Venue: e.venue, Start: e.from, End: e.to, Ordinal: e.ordinal,
			Sides: e.sides, Reports: len(e.passages), Articles: len(a.articles), Sources: a.articles,
			Passages: uniqueStrings(e.passages), Attendees: people, Groups: e.groups, Accounts: a.accounts}
		if m.Place == "" {
			m.Place = e.region
		}
		if !m.End.IsZero() && m.End.Equal(m.Start) {
			m.End = time.Time{}
		}
		m.Name = m.Place + " talks"
		m.Names = meetingPlaceNames(m)
		m.Label = meetingLabel(m)
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Start.IsZero() != b.Start.IsZero() {
			return !a.Start.IsZero()
		}
		if !a.Start.Equal(b.Start) {
			return a.Start.After(b.Start)
		}
		return a.Reports > b.Reports
	})
	ids := map[string]int{}
	for i := range out {
		id := slug(out[i].Place) + "-undated"
		if !out[i].Start.IsZero() {
			id = slug(out[i].Place) + "-" + out[i].Start.Format("2006-01-02")
		}
		ids[id]++
		if ids[id] > 1 {
			id += fmt.Sprintf("-%d", ids[id])
		}
		out[i].ID = id
	}
	return out
}

// datesJoin reports whether report m's dates let it join the meeting
// e: both dated (days are compared by the caller), both undated, or m
// undated in an article published up to 30 days after e.
func datesJoin(e *MeetingReport, m MeetingReport) bool {
	switch {
	case e.from.IsZero() == m.from.IsZero():
		return true
	case m.from.IsZero() && !m.published.IsZero():
		end := e.to
		if end.IsZero() {
			end = e.from
		}
		return !m.published.Before(e.from) && !m.published.After(end.AddDate(0, 0, 30))
	}
	return false
}

// meetingLabel is how a meeting is listed and autocompleted: "Geneva · 23
// Nov 2025 · US, Ukraine".
func meetingLabel(m Meeting) string {
	parts := []string{m.Place}
	if m.Venue != "" && !strings.EqualFold(m.Venue, m.Place) {
		parts[0] = m.Venue + ", " + m.Place
	}
	if !m.Start.IsZero() {
		d := dates.Format(m.Start)
		if !m.End.IsZero() {
			d = dates.Format(m.Start) + "–" + dates.Format(m.End)
			if m.Start.Month() == m.End.Month() && m.Start.Year() == m.End.Year() {
				d = fmt.Sprintf("%d–%s", m.Start.Day(), dates.Format(m.End))
			}
		}
		parts = append(parts, d)
	}
	if len(m.Sides) > 0 {
		parts = append(parts, strings.Join(m.Sides, ", "))
	}
	return strings.Join(parts, " · ")
}

// uniqueStrings is list without "" and repeats, in order.
func uniqueStrings(list []string) []string {
	var out []string
	if len(list) <= 16 {
		for _, s := range list {
			out = appendUnique(out, s)
		}
		return out
	}
	seen := make(map[string]bool, len(list))
	for _, s := range list {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func mostCommon(counts map[string]int) string {
	best, n := "", 0
	for k, c := range counts {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}

func slug(s string) string {
	return strings.Join(prose.Words(s), "-")
}
