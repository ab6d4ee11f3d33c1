package extract

import (
	"slices"
	"strings"
	"time"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/internal/prose"
)

// MeetingReport is one meeting as one article reports it: where, when,
// between which sides, who was in the room (with the passage that shows
// it) and who the article says was not.
type MeetingReport struct {
	article   string
	city      string // "" when the article names only a region
	region    string // the country or region named ("Florida", "the UAE")
	venue     string
	from, to  time.Time // zero when the article gives no date
	ordinal   int       // "the second round": 2
	sides     []string
	attendees []Attendee
	absent    map[string]bool
	passages  []string
	groups    []string  // delegations named without their people ("US negotiators")
	published time.Time // the article's publication day, zero when unknown
	sentences int       // sentences that report it: how much the article is about it
	headline  bool      // the article's headline reports it
}

// findMeetings reads the meetings an article reports, sentence by
// sentence: a sentence that reports a meeting (a meeting noun, or a verb
// such as "met", "led", "was joined by") names its place and date or
// continues the meeting the article was last about; its people are in the
// room when an attendance verb binds them and nothing says otherwise. The
// headline counts as a sentence (evidence: the article's first passage).
func (lx *Lexicon) findMeetings(a article.Article, headline *sentence, sents []*sentence, owner []int, passages []Passage, subjects []*mention) []MeetingReport {
	base := a.Published
	var events []*MeetingReport
	var current *MeetingReport
	find := func(ev sentenceEvent) *MeetingReport {
		// The meeting the article is on first, then the others in order.
		if current != nil && current.compatible(ev.place, ev.from, ev.to, ev.sides) {
			return current
		}
		for _, e := range events {
			if e.compatible(ev.place, ev.from, ev.to, ev.sides) {
				return e
			}
		}
		return nil
	}
	// A meeting first reported without place or day is the story's: in
	// the dateline's city, on the lede's day.
	ledeFrom, ledeTo := ledeDate(sents, base)
	add := func(ev sentenceEvent) *MeetingReport {
		e := &MeetingReport{article: a.ID, city: ev.place.city, region: ev.place.region, venue: ev.place.venue,
			from: ev.from, to: ev.to, absent: map[string]bool{}, published: a.Published}
		if ev.place.empty() {
			e.city = a.Dateline
		}
		if ev.from.IsZero() && (ev.place.empty() || !ev.attend && !ev.headline) {
			// (a meeting first named in passing, "after talks in Jeddah",
			// is the story's too; the headline's takes the publication day
			// at the end)
			e.from, e.to = ledeFrom, ledeTo
		}
		events = append(events, e)
		return e
	}
	var lastSides []string  // the sides of the last sentence's people
	var lastGroups []string // the delegations the last sentence named
	visit := func(s *sentence, passage string, subject *mention, isHeadline bool) *MeetingReport {
		if g := findGroups(s.text); len(g) > 0 {
			defer func() { lastGroups = g }()
		}
		ev := lx.readEvent(s, base)
		ev.headline = isHeadline
		if ev.trigger < 0 || ev.bloc {
			return nil
		}
		if len(ev.sides) < 2 && reTwoSides.MatchString(s.text) && len(findGroups(s.text)) == 0 {
			// "the two sides met in Geneva": the delegations named before.
			for _, g := range lastGroups {
				if sd := lx.sideOfToken(prose.Tokenize(g)[0]); sd != "" {
					ev.sides = appendUnique(ev.sides, sd)
				}
			}
		}
		if ev.samePlace {
			// "at the same palace": where the last meeting with a venue was.
			for k := len(events) - 1; k >= 0; k-- {
				if e := events[k]; e.venue != "" {
					ev.place = placeRef{city: e.city, region: e.region, venue: e.venue, tok: -1}
					break
				}
			}
		}
		in, out := lx.attendeesIn(s, ev, subject)
		if ev.hypothetical || ev.remote {
			in = nil
		}
		if ev.hypothetical && len(out) == 0 {
			return nil
		}
		in = conjunctSides(in, s.toks)
		if listTriggers[s.toks[ev.trigger].Lower] || reCopularList.MatchString(s.text) {
			in = inheritSides(in, ev.sides, lastSides)
		}
		// The sides at the table: those the sentence names and those of its people.
		sides := append([]string(nil), ev.sides...)
		for _, m := range in {
			if m.side != "" {
				sides = appendUnique(sides, m.side)
			}
		}
		probe := ev
		probe.sides = sides
		target := current
		if ev.separate {
			// "Zelensky met Macron separately": a meeting of its own, where
			// the sentence places it, or none.
			if ev.place.empty() {
				return nil
			}
			target = nil
		}
		hasWhere := !ev.place.empty() || !ev.from.IsZero() || len(ev.sides) >= 2
		if hasWhere {
			if e := find(probe); e != nil && (!ev.background || !ev.from.IsZero() && !e.from.IsZero() ||
				e == current && ev.from.IsZero() && ev.place.empty()) {
				// (an aside joins a meeting only when both are dated alike,
				// or, naming no place or day, the meeting the article is on:
				// "Rubio, who led the American side, …")
				target = e
			} else if len(in) == 0 && !((isHeadline || ev.attend || current == nil && !ev.background) && !ev.place.empty() && !ev.hypothetical && !ev.remote) &&
				!(len(ev.sides) >= 2 && !ev.hypothetical && !ev.remote && (!ev.place.empty() || !ev.from.IsZero())) {
				// A place or day named in passing, or what did not happen:
				// it names no meeting of its own.
				if len(out) == 0 {
					return nil
				}
			} else if ev.place.empty() && ev.from.IsZero() && current != nil && len(in) > 0 && len(ev.sides) < 2 {
				target = current
			} else {
				target = add(ev)
			}
		}
		if target == nil {
			if len(in) == 0 || ev.background {
				return nil // a background meeting needs its own place or day
			}
			target = add(ev)
		}
		if ev.background && len(in) == 0 && target != current && target.sentences == 0 {
			return nil // an aside that names nobody makes no meeting
		}
		if len(in) > 0 {
			lastSides = nil
			for _, m := range in {
				lastSides = appendUnique(lastSides, m.side)
			}
		}
		passing := ev.background || !(len(in) > 0 || isHeadline || current == nil || target == current)
		if !passing {
			// A meeting named in passing ("the rounds Turkey hosted in
			// Istanbul last year") does not become the one the article
			// goes on about.
			current = target
		}
		target.headline = target.headline || isHeadline
		namedSides := ev.sides
		if len(in) == 0 && (len(out) > 0 || ev.place.empty() && ev.from.IsZero()) {
			// Who was not there, or talk of "the two sides" after the
			// event, says nothing of who sat at the table.
			ev.sides = nil
		}
		if ev.background && target.from.IsZero() {
			ev.from, ev.to = time.Time{}, time.Time{} // an aside's date is not this meeting's
		}
		target.merge(ev)
		target.sentences++
		if passage != "" {
			target.passages = appendUnique(target.passages, passage)
		}
		// "X did not travel to Saudi Arabia": not an absence from a
		// meeting that country's side was not at.
		if len(in) > 0 || len(target.sides) == 0 || !namesOtherSide(namedSides, target) {
			for _, m := range out {
				target.absent[m.name] = true
			}
		}
		groups := findGroups(s.text)
		if len(groups) == 0 && reTwoSides.MatchString(s.text) {
			groups = lastGroups // "the two sides met in Geneva"
		}
		for _, g := range groups {
			target.groups = appendUnique(target.groups, g)
		}
		for _, m := range in {
			target.addAttendee(Attendee{Name: m.name, Side: m.side, Passage: passage, strength: 2})
		}
		if passing {
			return nil
		}
		return target
	}
	if headline != nil && len(passages) > 0 {
		visit(headline, passages[0].ID, nil, true)
	}
	for i, s := range sents {
		// The sentence's main clause stays the meeting the article is
		// about; "…, three days after Trump's summit in Alaska" does not.
		var main *MeetingReport
		for _, part := range splitClauses(lx, s) {
			if t := visit(part, passages[owner[i]].ID, subjects[i], false); main == nil && t != nil {
				main = t
			}
		}
		if main != nil {
			current = main
		}
	}
	// A report datelined in a city is about what happened there: meetings
	// it never places are there.
	for _, e := range events {
		if e.placeless() && a.Dateline != "" {
			e.city = a.Dateline
		}
	}
	// The meeting the article is most about takes, when no sentence about
	// it gives its day, the publication day if the headline names it (a
	// report of the day), else the lede's date.
	if main := mainMeeting(events); main != nil && main.from.IsZero() {
		switch {
		case main.headline && !a.Published.IsZero():
			main.from = time.Date(a.Published.Year(), a.Published.Month(), a.Published.Day(), 0, 0, 0, 0, time.UTC)
			main.to = main.from
		case len(sents) > 0:
			main.from, main.to = ledeDate(sents, base)
		}
	}
	// A meeting whose side spoke about it but sent nobody the article
	// names: that side's voice on it was there ("the talks were
	// constructive, the US envoy said").
	for _, e := range events {
		lx.addSideVoices(e, sents, owner, passages, base)
	}
	// A meeting the article never places is the one it is most about, if
	// that one has a place.
	main := mainMeeting(events)
	var out []MeetingReport
	for _, e := range events {
		if e.placeless() {
			if main == nil {
				continue
			}
			for _, at := range e.attendees {
				main.addAttendee(at)
			}
			for n := range e.absent {
				main.absent[n] = true
			}
			main.passages = append(main.passages, e.passages...)
		}
	}
	for _, e := range events {
		if e.placeless() {
			continue
		}
		for name := range e.absent {
			e.removeAttendee(name)
		}
		if len(e.attendees) == 0 && len(e.sides) < 2 {
			continue
		}
		out = append(out, *e)
	}
	return out
}

// addSideVoices adds, for each side a meeting names that has no one in the
// room, the first person of that side who speaks in a sentence reporting
// the meeting (its outcome, its tone) and whom nothing puts elsewhere.
func (lx *Lexicon) addSideVoices(e *MeetingReport, sents []*sentence, owner []int, passages []Passage, base time.Time) {
	have := map[string]bool{}
	for _, a := range e.attendees {
		have[a.Side] = true
	}
	if len(e.attendees) == 0 {
		return
	}
	for _, side := range e.sides {
		if have[side] {
			continue
		}
		// Only the lede: the voice that reports the meeting's outcome.
		for i, s := range sents[:min(3, len(sents))] {
			ev := lx.readEvent(s, base)
			if ev.trigger < 0 || ev.hypothetical || !meetingNouns[s.toks[ev.trigger].Lower] {
				continue
			}
			if !samePlace(e.city, e.region, e.venue, ev.place.city, ev.place.region, ev.place.venue) || !daysOverlap(e.from, e.to, ev.from, ev.to, 0) {
				continue
			}
			found := false
			for k, sp := range s.speakers {
				if s.kinds[k] == speech && !sp.actor && sp.name != "" && sp.side == side && !e.absent[sp.name] {
					e.addAttendee(Attendee{Name: sp.name, Side: side, Passage: passages[owner[i]].ID, strength: 1})
					found = true
					break
				}
			}
			if found {
				break
			}
		}
	}
}

// namesOtherSide reports whether sides holds one that was not at meeting
// m: not among its sides, and not the country it was held in ("did not
// travel to Saudi Arabia" is an absence from the talks in Riyadh).
func namesOtherSide(sides []string, m *MeetingReport) bool {
	for _, s := range sides {
		if !slices.Contains(m.sides, s) && !strings.EqualFold(s, m.region) && !inRegion(m.city, s) {
			return true
		}
	}
	return false
}
