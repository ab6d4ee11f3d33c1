package extract

// One article's report of a meeting: whether a sentence can be about it, and what the sentence adds.

import (
	"strings"
	"time"

	"github.com/talksbot/talksbot/internal/gazetteer"
	"github.com/talksbot/talksbot/internal/translit"
)

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
