package extract

import (
	"regexp"
	"strings"
	"time"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/gazetteer"
	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/translit"
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
	groups    []string // delegations named without their people ("US negotiators")
	sentences int      // sentences that report it: how much the article is about it
	headline  bool     // the article's headline reports it
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
			from: ev.from, to: ev.to, absent: map[string]bool{}}
		if ev.place.empty() {
			e.city = a.Dateline
		}
		if ev.from.IsZero() && ev.place.empty() {
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
		hasWhere := !ev.place.empty() || !ev.from.IsZero() || len(sides) >= 2
		if hasWhere {
			if e := find(probe); e != nil {
				target = e
			} else if len(in) == 0 && !((isHeadline || ev.attend) && !ev.place.empty() && !ev.hypothetical && !ev.remote) &&
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
		if len(in) == 0 && (len(out) > 0 || ev.place.empty() && ev.from.IsZero()) {
			// Who was not there, or talk of "the two sides" after the
			// event, says nothing of who sat at the table.
			ev.sides = nil
		}
		target.merge(ev)
		target.sentences++
		if passage != "" {
			target.passages = appendUnique(target.passages, passage)
		}
		for _, m := range out {
			target.absent[m.name] = true
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

func (e *MeetingReport) placeless() bool { return e.city == "" && e.region == "" && e.venue == "" }

// sameName reports whether two names are one person's in different
// spellings: the same surname (by translit key) and first names that agree
// or are missing ("Ihor Kostiukov", "Igor Kostyukov", "Kostyukov").
func sameName(a, b string) bool {
	if a == b {
		return true
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) == 0 || len(wb) == 0 || !translit.Same(wa[len(wa)-1], wb[len(wb)-1]) && translit.Key(wa[len(wa)-1]) != translit.Key(wb[len(wb)-1]) {
		return false
	}
	if len(wa) == 1 || len(wb) == 1 {
		return true
	}
	return translit.Same(wa[0], wb[0]) || translit.Key(wa[0]) == translit.Key(wb[0])
}

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

// reTwoSides refers back to the delegations named before.
var reTwoSides = regexp.MustCompile(`(?i)\b(the two sides|both sides|the two delegations|the delegations)\b`)

// reClauseBreak is where a sentence turns to another event: a semicolon,
// or a conjunction that starts a clause of its own ("…, a senior aide said
// as European officials met in Brussels", "…, but he had left").
var reClauseBreak = regexp.MustCompile(`; |,? but |,? while |,? whereas | said as | after | before | by the time | since `)

// splitClauses cuts a sentence into clauses: each may report another
// meeting or another person's absence.
func splitClauses(lx *Lexicon, s *sentence) []*sentence {
	locs := reClauseBreak.FindAllStringIndex(s.text, -1)
	if len(locs) == 0 {
		return []*sentence{s}
	}
	var parts []string
	last := 0
	for _, l := range locs {
		if inSpans(quoteSpans(s.text), l[0]) || len(strings.Fields(s.text[last:l[0]])) < 3 ||
			strings.HasPrefix(s.text[l[1]:], "and ") || strings.HasPrefix(s.text[l[1]:], "or ") {
			continue
		}
		parts = append(parts, s.text[last:l[0]])
		last = l[1]
	}
	parts = append(parts, s.text[last:])
	if len(parts) == 1 {
		return []*sentence{s}
	}
	var out []*sentence
	for _, part := range parts {
		c := &sentence{text: part, toks: prose.Tokenize(part), para: s.para}
		c.mentions = remapMentions(s, part)
		c.speakers, c.kinds = s.speakers, s.kinds
		out = append(out, c)
	}
	return out
}

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

// compatible reports whether a sentence's place, dates and sides can be
// this meeting: the same city (or a region holding it), overlapping days,
// and sides that do not contradict (one set within the other).
func (e *MeetingReport) compatible(p placeRef, from, to time.Time, sides []string) bool {
	if !samePlace(e.city, e.region, e.venue, p.city, p.region, p.venue) {
		return false
	}
	if !daysOverlap(e.from, e.to, from, to, 0) {
		return false
	}
	return sidesCompatible(e.sides, sides)
}

// samePlace reports whether two place references can be one place.
func samePlace(city1, region1, venue1, city2, region2, venue2 string) bool {
	switch {
	case city1 == "" && region1 == "" && venue1 == "", city2 == "" && region2 == "" && venue2 == "":
		return true
	case city1 != "" && city2 != "":
		return city1 == city2
	case venue1 != "" && venue2 != "":
		return venue1 == venue2
	}
	r, c := region1, city2
	if region1 == "" {
		r, c = region2, city1
	}
	if r == "" || c == "" {
		return region1 == region2 || region1 == "" || region2 == ""
	}
	return inRegion(c, r)
}

// inRegion reports whether the gazetteer puts city within region.
func inRegion(city, region string) bool {
	c, ok := gazetteer.LookupCity(city)
	if !ok {
		return false
	}
	reg, ok := gazetteer.LookupRegion(region)
	return ok && c.In(reg)
}

// daysOverlap reports whether two day ranges overlap within slack days; an
// unknown range overlaps any.
func daysOverlap(f1, t1, f2, t2 time.Time, slack int) bool {
	if f1.IsZero() || f2.IsZero() {
		return true
	}
	if t1.IsZero() {
		t1 = f1
	}
	if t2.IsZero() {
		t2 = f2
	}
	d := time.Duration(slack) * 24 * time.Hour
	return !f1.After(t2.Add(d)) && !f2.After(t1.Add(d))
}

// sidesCompatible reports whether two sets of sides can be one meeting's:
// one holds the other, or either names fewer than two.
func sidesCompatible(a, b []string) bool {
	if len(a) < 2 || len(b) < 2 {
		return true
	}
	return subset(a, b) || subset(b, a)
}

func subset(a, b []string) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			return false
		}
	}
	return true
}

// merge takes what a sentence adds: a place or date the meeting had none
// of, its number, its sides.
func (e *MeetingReport) merge(ev sentenceEvent) {
	if e.city == "" {
		e.city = ev.place.city
	}
	if e.region == "" {
		e.region = ev.place.region
	}
	if e.venue == "" {
		e.venue = ev.place.venue
	}
	if e.from.IsZero() {
		e.from, e.to = ev.from, ev.to
	}
	if e.ordinal == 0 {
		e.ordinal = ev.ordinal
	}
	for _, sd := range ev.sides {
		e.sides = appendUnique(e.sides, sd)
	}
}

func (e *MeetingReport) addAttendee(a Attendee) {
	for i, have := range e.attendees {
		if sameName(have.Name, a.Name) {
			if a.strength > have.strength {
				e.attendees[i] = a
			}
			return
		}
	}
	e.attendees = append(e.attendees, a)
	if a.Side != "" {
		e.sides = appendUnique(e.sides, a.Side)
	}
}

func (e *MeetingReport) removeAttendee(name string) {
	for i, a := range e.attendees {
		if sameName(a.Name, name) {
			e.attendees = append(e.attendees[:i], e.attendees[i+1:]...)
			return
		}
	}
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
