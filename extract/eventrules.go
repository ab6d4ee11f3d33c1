package extract

import (
	"regexp"
	"strings"
	"time"

	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/gazetteer"
	"github.com/talksbot/talksbot/internal/prose"
)

// The sentence rules of meetings: what reports a meeting, where and when it
// was, and who was in the room. All are shapes of news English, never the
// words of one report.

// meetingNouns are the nouns that report a meeting.
var meetingNouns = map[string]bool{
	"talks": true, "meeting": true, "meetings": true, "negotiations": true, "negotiation": true, "round": true,
	"session": true, "summit": true, "discussions": true, "consultations": true,
}

// attendVerbs put the people of their clause in the room: "X met Y", "talks
// hosted by X", "X led the delegation", "Y was represented by X".
var attendVerbs = map[string]bool{
	"met": true, "meets": true, "hosted": true, "hosts": true, "received": true, "receives": true,
	"attended": true, "attends": true, "participated": true, "chaired": true, "chairs": true,
	"led": true, "leads": true, "headed": true, "heads": true, "represented": true,
	"accompanied": true, "sent": true, "included": true, "includes": true, "comprised": true,
	"joined": true, "flanked": true, "travelled": true, "traveled": true, "arrived": true,
	"arriving": true, "returned": true, "opened": true, "opening": true,
}

// attendPhrases are multi-word triggers, matched on lower-case text.
var reAttendPhrase = regexp.MustCompile(`\b((back|sat|were|was|are|is) at the (negotiating )?table|held (a |an |the )?([\w-]+ ){0,3}(talks|negotiations?|meeting|session|discussions)|held talks|hold talks|sat down|sit down|sat in|sat across|took part|in attendance|were present|was present|also present|made up of|with (him|her|them) were|on the \w+ side were|were joined|was joined|is joined|are joined|(talks|discussions|negotiations|meeting|meetings|session|summit) (between|with)|(wrapped up|concluded|ended|began|started|opened|resumed|held|continued|finished) (a |an |the |their |two |three )?([\w-]+ ){0,2}(talks|meeting|round|session|negotiations)|along with|during (a|an|the|their|his|her) ([\w-]+ ){0,3}(meeting|talks|session|negotiations|discussions)|met (with)?|delegation (was|were)? ?(led|headed)|(team|delegation|side) (included|comprised|consisted))\b`)

// reCopularList is "The Europeans were X, Y and Z": a list of people that
// names who a group in the room was.
var reCopularList = regexp.MustCompile(`^(The|Its|Their|His|Her) [\w-]+( [\w-]+)? (were|was|are)\b`)

// reNotThere marks a person as not in the room, said right after their name
// (or in a relative clause about them).
var reNotThere = regexp.MustCompile(`(?i)^[^.;]{0,12}?\b(did not|didn't|does not|doesn't|was not|wasn't|were not|weren't|had not|has not|have not|is not|will not|won't|never) (travel|go|attend|take part|make the trip|come|join|stay|sit|meet|participate|part of|in\b|at\b|invited|been invited|there)|^[^.;]{0,12}?\b(took|takes) no part|^[^.;]{0,12}?\b(stayed|remained) (away|at home|behind|in \w+)|^[^.;]{0,12}?\bhad (already )?left\b|^[^.;]{0,12}?\b(skipped|boycotted|declined to attend|was absent|were absent|not present|not in the room|absent)\b`)

// reNeither is "Neither X nor Y was …": both are not there.
var reNeither = regexp.MustCompile(`(?i)\bneither\b`)

// reRemote marks a sentence about a call, not a meeting in a room.
var reRemote = regexp.MustCompile(`(?i)\b(phone call|by phone|by telephone|on the phone|telephone call|phoned|video call|video link|videoconference|video conference|by video|spoke by|call with|a call\b|in a call|on a call|conference call)\b`)

// reCalledOff marks a meeting that did not or will not happen.
var reCalledOff = regexp.MustCompile(`(?i)\b(called off|call(ed)? it off|cancel(l?ed|s)?|shelved|shelves|postponed|will not happen|won't happen|not take place|never (took|take) place|no plans|was dropped|were dropped|scrapped)\b`)

// hypothetical words before a trigger (within a few words) mean the meeting
// has not happened (or is only hoped for).
var hypothetical = map[string]bool{
	"possible": true, "potential": true, "planned": true, "future": true, "upcoming": true,
	"proposed": true, "next": true, "preparation": true, "plans": true, "plan": true, "would": true,
	"will": true, "could": true, "might": true, "should": true, "expects": true, "expected": true,
	"ahead": true, "due": true, "hoped": true, "hopes": true, "hope": true, "wants": true,
	"wanted": true, "needs": true, "needed": true, "prepare": true, "prepares": true,
	"preparing": true, "arrange": true, "arranging": true, "arrangements": true,
	"if": true, "unless": true, "supposed": true, "flying": true, "heading": true,
	"travelling": true, "traveling": true, "going": true, "agreed": true, "agree": true,
}

// intentWords before a trigger in its clause make the meeting something
// asked for, offered or hoped for: "Kyiv offered … a meeting between the
// presidents", "called for talks".
var intentWords = map[string]bool{
	"offered": true, "offer": true, "offers": true, "proposed": true, "proposes": true, "propose": true,
	"request": true, "requested": true, "called": true, "calls": true, "urged": true, "urges": true,
	"sought": true, "seeks": true, "invited": true, "invitation": true, "suggested": true,
	"demanded": true, "wanted": true, "wants": true, "hoped": true, "hopes": true, "prepare": true,
	"resumption": true, "idea": true, "arrangements": true, "ready": true, "willing": true,
	"plans": true, "planned": true, "planning": true, "expects": true, "expected": true,
	"scheduled": true, "send": true,
}

// reSamePlace refers back to the place of the meeting last reported.
var reSamePlace = regexp.MustCompile(`(?i)\b(at|in) the same (palace|venue|hotel|place|city|building|room|residence|table|location)\b`)

// reOrdinal is a round's number as reports give it.
var reOrdinal = regexp.MustCompile(`(?i)\b(first|second|third|fourth|fifth|sixth|seventh|1st|2nd|3rd|4th|5th|6th|7th)( [\w-]+){0,2} (round|meeting|session)\b`)

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7}

// reBloc is a summit of a bloc that is not the talks ("the G20 summit", "the
// CSTO summit", "the European Political Community summit"); the talks'
// meetings are named by place, not by an organisation.
var reBloc = regexp.MustCompile(`\b([A-Z][A-Z0-9]{1,6}|[A-Z][a-z]+ (Community|Union|Forum|Council|Organi[sz]ation|Assembly|Cooperation))( [A-Z][a-z]+)?( leaders'?)? summit\b`)

// groupNouns name a side's people without naming them ("US negotiators").
var groupNouns = map[string]bool{
	"delegation": true, "delegations": true, "negotiators": true, "officials": true, "team": true,
	"teams": true, "side": true, "sides": true, "representatives": true, "envoys": true,
	"counterparts": true, "negotiating": true, "leaders": true, "ministers": true, "governments": true,
}

// venueNouns end a venue's name ("Dolmabahce Palace", "Shell Bay golf club").
var venueNouns = map[string]bool{
	"palace": true, "hotel": true, "club": true, "base": true, "residence": true, "house": true,
	"office": true, "centre": true, "center": true, "mission": true, "embassy": true, "room": true,
	"resort": true, "hall": true, "castle": true, "villa": true, "estate": true, "building": true,
}

// sentenceEvent is what one sentence says about a meeting.
type sentenceEvent struct {
	trigger      int  // token of the word that reports the meeting, -1 when none
	attend       bool // the trigger puts people in the room (a verb, not only a noun)
	hypothetical bool
	remote       bool
	bloc         bool
	place        placeRef
	samePlace    bool // "at the same palace": where the last meeting was
	background   bool // told in a relative clause or the pluperfect: another, earlier meeting
	from, to     time.Time
	ordinal      int
	sides        []string
}

// placeRef is where a sentence puts a meeting.
type placeRef struct {
	city, region, venue string
	tok                 int // where it is named, for nearness
}

func (p placeRef) empty() bool { return p.city == "" && p.region == "" && p.venue == "" }

// readEvent finds the meeting a sentence reports, if any, and where, when
// and between which sides it was.
func (lx *Lexicon) readEvent(s *sentence, base time.Time) sentenceEvent {
	ev := sentenceEvent{trigger: -1}
	lower := strings.ToLower(s.text)
	quoted := quoteSpans(s.text)
	inRel := false
	for i, t := range s.toks {
		if inSpans(quoted, t.Start) {
			continue
		}
		isNoun := meetingNouns[t.Lower]
		isVerb := attendVerbs[t.Lower] && verbBinds(s.toks, i)
		if !isNoun && !isVerb {
			continue
		}
		r0, _ := relativeClause(s.toks, i)
		rel := r0 >= 0
		switch {
		case ev.trigger < 0,
			isVerb && !ev.attend,
			isVerb && ev.attend && inRel && !rel:
			ev.trigger, ev.attend, inRel = i, isVerb, rel
		}
	}
	if m := reAttendPhrase.FindStringIndex(lower); m != nil && !inSpans(quoted, m[0]) {
		if ev.trigger < 0 || !ev.attend {
			ev.trigger = tokenAt(s.toks, m[0])
		}
		ev.attend = true
	}
	if reCopularList.MatchString(s.text) && countPeople(s) >= 2 {
		ev.attend = true
		if ev.trigger < 0 {
			ev.trigger = 0
		}
	}
	if ev.trigger < 0 {
		// A sentence that only says someone was not there ("Zelensky did
		// not travel to Geneva") still places an absence.
		for _, m := range s.mentions {
			if !m.actor && !m.inQuote && reNotThere.MatchString(skipRelative(s.text[m.end:])) {
				ev.trigger = m.tok0
				break
			}
		}
		if ev.trigger < 0 {
			return ev
		}
	}
	ev.hypothetical = hypotheticalAt(s.toks, ev.trigger) || reCalledOff.MatchString(s.text) || reConditional.MatchString(s.text)
	ev.remote = reRemote.MatchString(s.text)
	ev.bloc = reBloc.MatchString(s.text)
	ev.place = lx.placeNear(s, ev.trigger)
	ev.samePlace = reSamePlace.MatchString(s.text)
	ev.from, ev.to = dateNear(s, ev.trigger, base)
	for _, m := range reOrdinal.FindAllStringSubmatchIndex(s.text, -1) {
		// The number of this meeting, not of another the sentence names.
		if noun := tokenAt(s.toks, m[6]); abs(noun-ev.trigger) <= 3 {
			ev.ordinal = ordinals[strings.ToLower(s.text[m[2]:m[3]])]
			break
		}
	}
	r0, _ := relativeClause(s.toks, ev.trigger)
	ev.background = r0 >= 0 || ev.trigger > 0 && s.toks[ev.trigger-1].Lower == "had"
	ev.sides = lx.sidesNamed(s)
	if ev.attend && !meetingNouns[s.toks[ev.trigger].Lower] {
		// "Russia and the United States held talks": the subject's sides.
		for j := ev.trigger - 1; j >= 0 && j >= ev.trigger-8; j-- {
			if strings.ContainsAny(s.toks[j+1].Before, ",;") {
				break
			}
			if j > 0 {
				if sd := lx.SideOfWords(s.toks[j-1].Lower, s.toks[j].Lower); sd != "" {
					ev.sides = appendUnique(ev.sides, sd)
					j--
					continue
				}
			}
			if s.toks[j].Capital && !s.toks[j].Possessive {
				if sd := lx.sideOfToken(s.toks[j]); sd != "" {
					ev.sides = appendUnique(ev.sides, sd)
				}
			}
		}
	}
	return ev
}

// reConditional is a sentence about what happens if something else does.
var reConditional = regexp.MustCompile(`^(?i:if|unless|should)\b`)

// modals in a trigger's clause make its meeting one that is to come.
var modals = map[string]bool{"would": true, "will": true, "could": true, "might": true, "should": true,
	"shall": true, "can": true, "may": true, "must": true}

// verbBinds reports whether an attendance verb at k is used in its
// attendance sense: "opened the session" (not "opening a dialogue"),
// "arriving at No 10", "returned from … talks".
func verbBinds(toks []prose.Token, k int) bool {
	next := func(n int, ok func(prose.Token) bool) bool {
		for j := k + 1; j < len(toks) && j <= k+n; j++ {
			if ok(toks[j]) {
				return true
			}
		}
		return false
	}
	switch toks[k].Lower {
	case "opened", "opening":
		return next(3, func(t prose.Token) bool { return meetingNouns[t.Lower] })
	case "arrived", "arriving":
		return next(1, func(t prose.Token) bool { return t.Lower == "at" || t.Lower == "in" || t.Lower == "for" })
	case "returned":
		return next(6, func(t prose.Token) bool { return meetingNouns[t.Lower] })
	case "received", "receives":
		return next(4, func(t prose.Token) bool { return t.Capital })
	case "led", "leads", "headed", "heads":
		return k+1 < len(toks) && toks[k+1].Lower != "to" // "has led to casualties"
	}
	return true
}

// hypotheticalAt reports whether the words around the trigger at k say the
// meeting is planned, hoped for or possible: a modal in its clause ("would
// meet", "advisers led by X would meet first"), "to" before it ("agreed to
// meet", "to be led by"), a word of plan or intent before it.
func hypotheticalAt(toks []prose.Token, k int) bool {
	if k > 0 && toks[k-1].Lower == "to" && attendVerbs[toks[k].Lower] {
		return true // "agreed to meet", "is to host"
	}
	if k > 1 && toks[k-1].Lower == "be" && toks[k-2].Lower == "to" {
		return true // "to be led by"
	}
	for j := k - 1; j >= 0 && j >= k-8; j-- {
		if strings.ContainsAny(toks[j+1].Before, ",;") {
			break
		}
		if modals[toks[j].Lower] && !toks[j].Capital {
			return true
		}
	}
	for j := k + 1; j < len(toks) && j <= k+8; j++ {
		if strings.ContainsAny(toks[j].Before, ",;") {
			break
		}
		if modals[toks[j].Lower] && !toks[j].Capital {
			return true
		}
		switch toks[j].Lower {
		case "expected", "planned", "scheduled", "due", "proposed", "postponed":
			return true // "the talks had been expected on Thursday"
		}
	}
	for j := max(0, k-4); j < k; j++ {
		if hypothetical[toks[j].Lower] {
			return true
		}
	}
	for j := k - 1; j >= 0 && j >= k-16; j-- {
		if strings.ContainsAny(toks[j+1].Before, ";") {
			break
		}
		if intentWords[toks[j].Lower] {
			return true
		}
	}
	return false
}

// tokenAt returns the token that starts at or after byte offset at.
func tokenAt(toks []prose.Token, at int) int {
	for i, t := range toks {
		if t.End > at {
			return i
		}
	}
	return len(toks) - 1
}

// countPeople counts the people (not actors) a sentence names.
func countPeople(s *sentence) int {
	n := 0
	for _, m := range s.mentions {
		if !m.actor {
			n++
		}
	}
	return n
}

// placeNear finds the place of the meeting reported at token k: a venue the
// places file knows ("the Kremlin", "No 10"), a city or a region named
// after "in", "at" or "to" or right before a meeting noun ("the Geneva
// talks"), and a venue's own name ("at Dolmabahce Palace"). The place
// named nearest the trigger wins.
func (lx *Lexicon) placeNear(s *sentence, k int) placeRef {
	var found []placeRef
	for i := 0; i < len(s.toks); i++ {
		// A venue the places file knows.
		matched := false
		ctxOK := placeContext(s.toks, i)
		for n := min(lx.maxPlace, len(s.toks)-i); n >= 1 && !matched; n-- {
			key := joinLower(s.toks[i : i+n])
			nextNoun := i+n < len(s.toks) && meetingNouns[s.toks[i+n].Lower]
			if !ctxOK && !nextNoun {
				continue
			}
			if i+n < len(s.toks) && notPlaceWords[s.toks[i+n].Lower] {
				continue
			}
			if city, ok := lx.venues[key]; ok {
				found = append(found, placeRef{city: city, venue: tokensText(s.toks[i : i+n]), tok: i})
				i += n - 1
				matched = true
			} else if city, ok := lx.places[key]; ok && s.toks[i].Capital {
				found = append(found, placeRef{city: city, tok: i})
				i += n - 1
				matched = true
			}
		}
		if matched || !s.toks[i].Capital || mentionStartingAt(s.mentions, i) != nil {
			continue
		}
		prev := ""
		if i > 0 {
			prev = s.toks[i-1].Lower
			if prev == "the" && i > 1 {
				prev = s.toks[i-2].Lower
			}
		}
		if ctxOK {
			prev = "in"
		}
		// The longest run of capitalised words here (up to four).
		n := 0
		for i+n < len(s.toks) && n < 4 && s.toks[i+n].Capital && (n == 0 || !strings.ContainsAny(s.toks[i+n].Before, ",;:()")) {
			n++
		}
		before := ctxOK
		for ; n >= 1; n-- {
			name := tokensText(s.toks[i : i+n])
			next := ""
			if i+n < len(s.toks) {
				next = s.toks[i+n].Lower
			}
			if venueNouns[s.toks[i+n-1].Lower] && n >= 2 && (prev == "at" || prev == "in") {
				found = append(found, placeRef{venue: name, tok: i})
				break
			}
			if !before && !meetingNouns[next] || notPlaceWords[next] {
				continue
			}
			c, isCity := gazetteer.LookupCity(name)
			r, isRegion := gazetteer.LookupRegion(name)
			// A city and a region of one name: the city when it lies in
			// that region (Geneva, Abu Dhabi), else the region (Florida).
			if isCity && isRegion && !c.In(r) {
				isCity = false
			}
			if isCity && (!gazetteer.CommonWord(name) || before) && c.Population > 0 {
				found = append(found, placeRef{city: c.Name, tok: i})
				break
			}
			if isRegion && (r.Kind == gazetteer.KindCountry || !gazetteer.CommonWord(name) && (prev == "in" || prev == "at")) {
				found = append(found, placeRef{region: r.Name, tok: i})
				break
			}
		}
		if n > 1 {
			i += n - 1
		}
	}
	if len(found) == 0 {
		return placeRef{tok: -1}
	}
	// Merge a venue with the city named right after it ("at Shell Bay …
	// in Hallandale Beach"), then take the nearest to the trigger.
	best := -1
	for j, f := range found {
		if best < 0 || abs(f.tok-k) < abs(found[best].tok-k) {
			best = j
		}
	}
	out := found[best]
	for j := best + 1; j < len(found) && j <= best+2; j++ {
		f := found[j]
		if out.city == "" && f.city != "" && f.tok-out.tok <= 12 {
			out.city = f.city
		}
		if out.region == "" && f.region != "" && f.tok-out.tok <= 14 {
			out.region = f.region
		}
	}
	for j := best - 1; j >= 0 && j >= best-2; j-- {
		f := found[j]
		if out.venue == "" && f.venue != "" && out.tok-f.tok <= 6 {
			out.venue = f.venue
			if out.city == "" {
				out.city = f.city
			}
		}
	}
	return out
}

// dateNear resolves the date expression nearest the trigger at token k
// against base, or returns zero times.
func dateNear(s *sentence, k int, base time.Time) (from, to time.Time) {
	at := s.toks[k].Start
	best := -1
	var ms []dates.Mention
	t0, t1 := relativeClause(s.toks, k)
	for _, m := range dates.Find(s.text, base) {
		if m.From.IsZero() || afterSpeechVerb(s.toks, m.Start) || afterSince(s.toks, m.Start) {
			continue
		}
		if r0, r1 := relativeClause(s.toks, tokenAt(s.toks, m.Start)); r0 >= 0 && (r0 != t0 || r1 != t1) {
			continue // "Medinsky, who led the team in May, headed it again"
		}
		if j := tokenAt(s.toks, m.Start); j >= 2 && s.toks[j-1].Lower == "in" && s.toks[j-2].Lower == "as" {
			continue // "as in January": a comparison
		}
		ms = append(ms, m)
	}
	for i, m := range ms {
		if j := tokenAt(s.toks, m.Start); j > 4 && (abs(j-k) > 14 || commasBetween(s.toks, j, k) > 1) {
			// (a date that opens the sentence dates its main verb:
			// "Earlier on Friday, at the same palace, X met Y")
			continue // too far to date this meeting
		}
		if best < 0 || distance(m.Start, m.End, at) < distance(ms[best].Start, ms[best].End, at) {
			best = i
		}
	}
	if best < 0 {
		return time.Time{}, time.Time{}
	}
	return spanDays(s, ms[best])
}

// reSpan is the length a report gives a meeting: "two-day talks", "a
// three-day round".
var reSpan = regexp.MustCompile(`(?i)\b(two|three|four|five|2|3|4|5)-day\b`)

var spanDaysOf = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}

// spanDays widens a one-day date to the meeting's length when the sentence
// gives one: "two-day talks ending Sunday" are Saturday and Sunday,
// "three-day talks that began on Monday" Monday to Wednesday.
func spanDays(s *sentence, m dates.Mention) (time.Time, time.Time) {
	from, to := m.From, m.To
	sm := reSpan.FindStringSubmatch(s.text)
	if sm == nil || !from.Equal(to) {
		return from, to
	}
	n := spanDaysOf[strings.ToLower(sm[1])]
	k := tokenAt(s.toks, m.Start)
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		switch s.toks[j].Lower {
		case "ending", "ended", "ends", "until", "concluded", "closing", "through", "to":
			return to.AddDate(0, 0, -(n - 1)), to
		}
	}
	return from, from.AddDate(0, 0, n-1)
}

// afterSpeechVerb reports whether the date at byte offset at dates a
// statement ("said on Saturday", "told reporters on Monday"), not a meeting.
func afterSpeechVerb(toks []prose.Token, at int) bool {
	k := tokenAt(toks, at)
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		if verbs[toks[j].Lower] == speech {
			return true
		}
		if strings.ContainsAny(toks[j+1].Before, ",;") {
			return false
		}
	}
	return false
}

// afterSince reports whether the date at byte offset at follows "since"
// (another, earlier time: "the first meeting since the February clash").
func afterSince(toks []prose.Token, at int) bool {
	k := tokenAt(toks, at)
	for j := k - 1; j >= 0 && j >= k-12; j-- {
		if toks[j].Lower == "since" {
			return true
		}
		if strings.ContainsAny(toks[j+1].Before, ",;") {
			return false
		}
	}
	return false
}

// commasBetween counts the commas between tokens i and j.
func commasBetween(toks []prose.Token, i, j int) int {
	if i > j {
		i, j = j, i
	}
	n := 0
	for k := i + 1; k <= j && k < len(toks); k++ {
		n += strings.Count(toks[k].Before, ",")
	}
	return n
}

func distance(start, end, at int) int {
	switch {
	case at < start:
		return start - at
	case at > end:
		return at - end
	}
	return 0
}

// sidesNamed returns the sides a sentence names as parties of a meeting:
// side words beside a group noun ("US and Ukrainian negotiators"), after
// "between" ("talks between the United States, Ukraine and Russia"), or
// joined by hyphens before a meeting noun ("Russia-Ukraine talks").
func (lx *Lexicon) sidesNamed(s *sentence) []string {
	var out []string
	toks := s.toks
	quoted := quoteSpans(s.text)
	for i, t := range toks {
		if inSpans(quoted, t.Start) {
			continue
		}
		switch {
		case groupNouns[t.Lower]:
			for j := i - 1; j >= 0 && j >= i-6; j-- {
				if sd := lx.sideOfToken(toks[j]); sd != "" {
					out = appendUnique(out, sd)
				} else if toks[j].Lower != "and" && toks[j].Lower != "the" && !toks[j].Possessive && toks[j].Lower != "s" {
					break
				}
			}
		case t.Lower == "between" && i > 0 && (meetingNouns[toks[i-1].Lower] || groupNouns[toks[i-1].Lower] || toks[i-1].Lower == "held"):
			for j := i + 1; j < len(toks) && j <= i+10; j++ {
				if j+1 < len(toks) {
					if sd := lx.SideOfWords(toks[j].Lower, toks[j+1].Lower); sd != "" {
						out = appendUnique(out, sd)
						j++
						continue
					}
				}
				if sd := lx.sideOfToken(toks[j]); sd != "" {
					out = appendUnique(out, sd)
				}
				if strings.ContainsAny(toks[j].Before, ";.") {
					break
				}
				if stop := toks[j].Lower; stop == "on" || stop == "over" || stop == "about" || stop == "to" ||
					stop == "for" || stop == "in" || stop == "at" || stop == "that" || stop == "which" {
					break // "talks between X and Y on ending the Ukraine war"
				}
			}
		case strings.Contains(t.Text, "-") && i+1 < len(toks) && (meetingNouns[toks[i+1].Lower] || groupNouns[toks[i+1].Lower]):
			for _, part := range strings.Split(t.Text, "-") {
				if sd := lx.sideOfToken(prose.Token{Text: part, Lower: strings.ToLower(part), Capital: true}); sd != "" {
					out = appendUnique(out, sd)
				}
			}
		}
	}
	return out
}

// attendeesIn returns who a sentence with an attendance trigger puts in
// the room, and who it says was not there. subject stands for a leading
// "he"/"she" (the person recent sentences were about).
func (lx *Lexicon) attendeesIn(s *sentence, ev sentenceEvent, subject *mention) (in, out []mention) {
	quoted := quoteSpans(s.text)
	speechAt := -1
	for i, t := range s.toks {
		if verbs[t.Lower] == speech && !inSpans(quoted, t.Start) {
			speechAt = i
			break
		}
	}
	neither := reNeither.MatchString(s.text)
	rel0, rel1 := relativeClause(s.toks, ev.trigger)
	// "Trump is joined by Rubio, Putin by Lavrov": every "by" joins.
	byJoins := false
	switch s.toks[ev.trigger].Lower {
	case "joined", "accompanied", "flanked", "led", "headed", "represented":
		byJoins = true
	}
	// "talks with X", "the meeting between X and Y": a noun's people end
	// with its phrase (the next comma), or stand before it ("X's talks").
	nounScope := -1
	if meetingNouns[s.toks[ev.trigger].Lower] {
		nounScope = len(s.toks)
		for e := ev.trigger + 1; e < len(s.toks); e++ {
			if strings.ContainsAny(s.toks[e].Before, ",;") {
				nounScope = e
				break
			}
		}
	}
	for mi, m := range s.mentions {
		if m.actor || m.inQuote || m.name == "" {
			continue
		}
		tail := skipRelative(s.text[m.end:])
		if reNotThere.MatchString(tail) || neither && m.tok0 <= tokenAfterWord(s.toks, "nor")+1 {
			out = append(out, m)
			continue
		}
		if rel0 >= 0 {
			// The trigger is in "…, who led X, …": only the person the
			// clause is about, and those inside it.
			inside := m.tok0 >= rel0 && m.tok0 < rel1
			antecedent := m.tok1 <= rel0 && (mi+1 >= len(s.mentions) || s.mentions[mi+1].tok0 >= rel0)
			if !inside && !antecedent {
				continue
			}
		}
		if nounScope >= 0 && m.tok0 >= nounScope {
			continue // "after the talks with Ukraine, Putin continues …"
		}
		if k := ev.trigger; s.toks[k].Lower == "sent" && m.tok1 <= k {
			continue // the sender stays home: "Zelensky sent a team"
		}
		if m.tok1 < len(s.toks) && verbs[s.toks[m.tok1].Lower] == speech && m.tok0 > ev.trigger {
			continue // "…, Zelenskiy said": who reports it
		}
		if !ev.attend || ev.hypothetical || ev.remote {
			continue
		}
		if m.possessive && !(m.tok1 < len(s.toks) && meetingNouns[s.toks[m.tok1].Lower]) {
			continue
		}
		if objectOfNonAttendance(s.toks, m.tok0, byJoins) || nounModifier(s.toks, m.tok1) {
			continue
		}
		// Someone who only reports on the meeting: the subject of a speech
		// verb when the trigger comes after it.
		if speechAt >= 0 && m.tok1 <= speechAt && ev.trigger > speechAt && !attendVerbs[s.toks[ev.trigger].Lower] {
			continue
		}
		if speechAt >= 0 && m.tok0 > speechAt && ev.trigger < speechAt {
			continue // named in what was said, after the report of the meeting
		}
		in = append(in, m)
	}
	if subject != nil && subject.name != "" && ev.attend && !ev.hypothetical && !ev.remote && len(s.toks) > 0 &&
		pronouns[s.toks[0].Lower] {
		if reNotThere.MatchString(s.text[s.toks[0].End:]) {
			out = append(out, *subject)
		} else {
			in = append(in, *subject)
		}
	}
	return in, out
}

// relativeClause returns the token span of a relative clause (", who …,"
// or ", which …,") that holds token k, or -1, -1.
func relativeClause(toks []prose.Token, k int) (int, int) {
	for j := k; j >= 0 && j >= k-15; j-- {
		if (toks[j].Lower == "who" || toks[j].Lower == "which") && (strings.Contains(toks[j].Before, ",") || j > 0 && toks[j-1].Capital) {
			end := len(toks)
			for e := j + 1; e < len(toks); e++ {
				if strings.ContainsAny(toks[e].Before, ",;") {
					end = e
					break
				}
			}
			if k < end {
				return j, end
			}
			return -1, -1
		}
		if strings.ContainsAny(toks[j].Before, ",;") {
			return -1, -1
		}
	}
	return -1, -1
}

// skipRelative drops a leading relative clause (", who proposed …,") from
// the text after a name, so that what the person did comes next.
func skipRelative(tail string) string {
	t := strings.TrimLeft(tail, " ")
	if !strings.HasPrefix(t, ",") {
		return tail
	}
	rest := strings.TrimLeft(t[1:], " ")
	low := strings.ToLower(rest)
	if !strings.HasPrefix(low, "who ") && !strings.HasPrefix(low, "which ") {
		return tail
	}
	if i := strings.Index(rest, ","); i >= 0 {
		return rest[i+1:]
	}
	return tail
}

// tokenAfterWord returns the index of the first token w, or -1.
func tokenAfterWord(toks []prose.Token, w string) int {
	for i, t := range toks {
		if t.Lower == w {
			return i
		}
	}
	return -1
}

// objectOfNonAttendance reports whether the name at token i only qualifies
// another noun ("aide to Putin", "son-in-law of President Trump", "a letter
// for Melania Trump"); "joined by X", "led by X" and "met with X" are
// attendance, not qualification.
func objectOfNonAttendance(toks []prose.Token, i int, byJoins bool) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		switch toks[k].Lower {
		case "of":
			// "Secretary of State Marco Rubio" is a role, "son-in-law of
			// Trump" a relation, "made up of X" a roster.
			if k > 0 && k+1 < i && (toks[k-1].Capital || roleWords[toks[k-1].Lower]) && toks[k+1].Capital {
				continue
			}
			if k > 0 && (toks[k-1].Lower == "up" || toks[k-1].Lower == "consisted" || toks[k-1].Lower == "composed") {
				return false
			}
			return true
		case "to", "from", "for", "about", "against", "on", "called", "named":
			return true
		case "by":
			return !byJoins && (k == 0 || !attendVerbs[toks[k-1].Lower] && toks[k-1].Lower != "joined")
		}
		if !toks[k].Capital && !roleWords[toks[k].Lower] && !sideAdjective(toks[k]) {
			return false
		}
	}
	return false
}

// sideAdjective reports whether a lower-case token is part of a role
// ("foreign", "deputy", "special") rather than a verb.
func sideAdjective(t prose.Token) bool {
	switch t.Lower {
	case "foreign", "deputy", "special", "senior", "first", "defence", "defense", "national",
		"security", "presidential", "policy", "military", "intelligence", "state", "envoy", "former":
		return true
	}
	return false
}

// placePreps are the words before a place that make it where something
// happens ("in Geneva", "at the Kremlin", "flew to Jeddah").
var placePreps = map[string]bool{"in": true, "at": true, "to": true, "into": true, "outside": true,
	"inside": true, "near": true, "toward": true, "towards": true}

// directionWords may stand between a preposition and a place ("in south
// Florida").
var directionWords = map[string]bool{"south": true, "north": true, "east": true, "west": true,
	"southern": true, "northern": true, "eastern": true, "western": true, "central": true,
	"downtown": true, "the": true}

// placeContext reports whether the words before token i put a place there:
// a preposition (skipping "the" and direction words), not "according to".
func placeContext(toks []prose.Token, i int) bool {
	k := i - 1
	for k >= 0 && directionWords[toks[k].Lower] {
		k--
	}
	if k < 0 || !placePreps[toks[k].Lower] {
		return false
	}
	return !(toks[k].Lower == "to" && k > 0 && toks[k-1].Lower == "according")
}

// notPlaceWords after a place name make it describe something else ("the
// Red Sea city", "the Moscow region").
var notPlaceWords = map[string]bool{"city": true, "town": true, "region": true, "regions": true,
	"oblast": true, "province": true, "area": true, "coast": true, "port": true, "capital": true,
	"resort": true, "time": true, "times": true}
