package extract

import (
	"strings"
	"time"

	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
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
	"met": true, "meets": true, "hosted": true, "hosts": true, "hosting": true, "received": true, "receives": true,
	"attended": true, "attends": true, "participated": true, "chaired": true, "chairs": true,
	"led": true, "leads": true, "headed": true, "heads": true, "represented": true,
	"accompanied": true, "sent": true, "included": true, "includes": true, "comprised": true,
	"joined": true, "flanked": true, "travelled": true, "traveled": true, "arrived": true,
	"arriving": true, "returned": true, "opened": true, "opening": true,
}

// attendPhrases are multi-word triggers, matched on lower-case text.
var reAttendPhrase = rx.MustCompile(`^((around|round|at) the (negotiating )?table|held (a |an |the )?([\w-]+ ){0,3}(talks|negotiations?|meeting|session|discussions)|held talks|hold talks|sat down|sit down|sat in|sat across|took part|in attendance|(also )?in the room (were|was)|(stayed|remained) in the (room|talks|meeting|session)|were present|was present|also present|made up of|with (him|her|them) were|on the \w+ side were|were joined|was joined|is joined|are joined|(talks|discussions|negotiations|meeting|meetings|session|summit) (between|with)|(wrapped up|concluded|ended|began|started|opened|resumed|held|continued|finished) (a |an |the |their |two |three )?([\w-]+ ){0,2}(talks|meeting|round|session|negotiations)|along with|during (a|an|the|their|his|her) ([\w-]+ ){0,3}(meeting|talks|session|negotiations|discussions)|met (with)?|delegation (was|were)? ?(led|headed)|(head|leader|chief) of the (\w+ )?(delegation|team)|(team|delegation|side) (included|comprised|consisted))\b`)

// phraseStarts are the words an attendance phrase can begin with.
var phraseStarts = map[string]bool{"around": true, "stayed": true, "remained": true, "round": true, "at": true, "held": true, "hold": true,
	"sat": true, "sit": true, "took": true, "in": true, "were": true, "was": true, "also": true,
	"made": true, "with": true, "on": true, "is": true, "are": true, "talks": true, "discussions": true,
	"negotiations": true, "meeting": true, "meetings": true, "session": true, "summit": true,
	"along": true, "during": true, "wrapped": true, "concluded": true, "ended": true, "began": true,
	"started": true, "opened": true, "resumed": true, "continued": true, "finished": true, "met": true,
	"delegation": true, "team": true, "side": true}

// attendPhrase finds the first attendance phrase of a sentence (its
// lower-cased text): the anchored pattern is tried only where a phrase
// can begin, which costs a fraction of scanning the whole sentence.
func attendPhrase(toks []prose.Token, lower string) []int {
	for _, t := range toks {
		if !phraseStarts[t.Lower] {
			continue
		}
		if m := reAttendPhrase.FindStringIndex(lower[t.Start:]); m != nil {
			end := t.Start + m[1]
			if end < len(lower) && isLetter(lower[end]) {
				continue // the phrase must end at a word's end
			}
			return []int{t.Start, end}
		}
	}
	return nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// reColonRoster is a delegation's members listed after a colon.
var reColonRoster = rx.MustCompile(`(?i)\b(team|delegation|side|line-?up|negotiators)\b[^:.;]{0,60}:\s+[A-Z]`)

// reCopularList is "The Europeans were X, Y and Z": a list of people that
// names who a group in the room was.
var reCopularList = rx.MustCompile(`^(The|Its|Their|His|Her) [\w-]+( [\w-]+)? (were|was|are)\b`)

// reRemote marks a sentence about a call, not a meeting in a room.
var reRemote = rx.MustCompile(`(?i)\b(phone call|by phone|by telephone|on the phone|telephone call|phoned|video call|video link|videoconference|video conference|by video|spoke by|call with|a call\b|in a call|on a call|conference call)\b`)

// reCalledOff marks a meeting that did not or will not happen.
var reCalledOff = rx.MustCompile(`(?i)\b(called off|call(ed)? it off|cancel(l?ed|s)?|shelved|shelves|postponed|will not happen|won't happen|not take place|never (took|take) place|no plans|was dropped|were dropped|scrapped|(un)?likely to (happen|take place|meet)|no date (has|had|was) (yet )?been set|not expected to)\b`)

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
	"travelling": true, "traveling": true, "going": true,
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

// reOrdinal is a round's number as reports give it.
var reOrdinal = rx.MustCompile(`(?i)\b(first|second|third|fourth|fifth|sixth|seventh|1st|2nd|3rd|4th|5th|6th|7th)( [\w-]+){0,2} (round|meeting|session)\b`)

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7}

// reBloc is a summit of a bloc that is not the talks ("the G20 summit", "the
// CSTO summit", "the European Political Community summit"); the talks'
// meetings are named by place, not by an organisation.
var reBloc = rx.MustCompile(`\b([A-Z][A-Z0-9]{1,6}|[A-Z][a-z]+ (Community|Union|Forum|Council|Organi[sz]ation|Assembly|Cooperation))( [A-Z][a-z]+)?( leaders'?)? summit\b`)

// groupNouns name a side's people without naming them ("US negotiators").
var groupNouns = map[string]bool{
	"delegation": true, "delegations": true, "negotiators": true, "officials": true, "team": true,
	"teams": true, "side": true, "sides": true, "representatives": true, "envoys": true,
	"counterparts": true, "negotiating": true, "leaders": true, "ministers": true, "governments": true,
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
	separate     bool // "met X separately": another meeting, never the one the article is on
	headline     bool // the article's headline reports it
	from, to     time.Time
	ordinal      int
	sides        []string
}

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
	if m := attendPhrase(s.toks, lower); m != nil && !inSpans(quoted, m[0]) && !strings.Contains(lower[max(0, m[0]-40):m[0]], "without") {
		if ev.trigger < 0 || !ev.attend {
			ev.trigger = tokenAt(s.toks, m[0])
		}
		ev.attend = true
	}
	// The regexp only where it can match: a colon (most sentences have none).
	if strings.Contains(s.text, ":") && (ev.trigger < 0 || !ev.attend) {
		if m := reColonRoster.FindStringIndex(s.text); m != nil && countPeople(s) >= 2 {
			// "Russia's team is the same as in May: Medinsky, Galuzin, …"
			ev.trigger, ev.attend = tokenAt(s.toks, m[0]), true
		}
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
			if !m.actor && !m.inQuote && mayNegate(lower) && notThere(skipRelative(s.text[m.end:])) {
				ev.trigger = m.tok0
				break
			}
		}
		if ev.trigger < 0 {
			return ev
		}
	}
	ev.hypothetical = hypotheticalAt(s.toks, ev.trigger) ||
		containsAny(lower, "call", "cancel", "shelv", "postpon", "happen", "place", "plans", "dropped", "scrapped", "likely", "date", "expected") && reCalledOff.MatchString(s.text) ||
		reConditional.MatchString(s.text)
	ev.remote = containsAny(lower, "phone", "video", "call", "spoke by") && reRemote.MatchString(s.text)
	ev.bloc = strings.Contains(lower, "summit") && reBloc.MatchString(s.text)
	ev.place = lx.placeNear(s, ev.trigger)
	ev.samePlace = strings.Contains(lower, "same") && reSamePlace.MatchString(s.text)
	ev.from, ev.to = dateNear(s, ev.trigger, base)
	for _, m := range ordinalsIn(lower, s.text) {
		// The number of this meeting, not of another the sentence names.
		if noun := tokenAt(s.toks, m[6]); abs(noun-ev.trigger) <= 3 {
			ev.ordinal = ordinals[strings.ToLower(s.text[m[2]:m[3]])]
			break
		}
	}
	r0, _ := relativeClause(s.toks, ev.trigger)
	ev.background = r0 >= 0 || ev.trigger > 0 && s.toks[ev.trigger-1].Lower == "had"
	ev.separate = strings.Contains(lower, "separately") || strings.Contains(lower, "separate meeting") || strings.Contains(lower, "separate talks")
	switch s.lead {
	case "followed", "came after", "came hours after", "came days after", "since":
		ev.background = true // "The talks followed the meeting held in Riyadh in February"
	}
	if !base.IsZero() && !ev.from.IsZero() {
		day := time.Date(base.Year(), base.Month(), base.Day(), 0, 0, 0, 0, time.UTC)
		switch {
		case ev.from.After(day.AddDate(0, 0, 1)):
			ev.hypothetical = true // a day after the report: planned, not held
		case ev.from.Before(day.AddDate(0, 0, -45)):
			ev.background = true // a meeting of months before: an aside
		case ev.to.Sub(ev.from) >= 27*24*time.Hour && (day.Before(ev.from) || day.After(ev.to)):
			ev.background = true // "the Istanbul talks last year": a month or a year, not the day reported
		}
	}
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

// containsAny reports whether s holds one of the words (cheap checks that
// spare a regexp scan of sentences that cannot match).
func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// mayNegate reports whether a sentence has a word of absence at all.
func mayNegate(lower string) bool {
	return containsAny(lower, "not", "n't", "no part", "stayed", "remained", "left", "skipped", "boycott", "absent", "declined", "never")
}

// ordinalsIn finds "the second round" and the like, when the sentence
// names a round, meeting or session at all.
func ordinalsIn(lower, text string) [][]int {
	if !containsAny(lower, "round", "meeting", "session") {
		return nil
	}
	return reOrdinal.FindAllStringSubmatchIndex(text, -1)
}

// reConditional is a sentence about what happens if something else does.
var reConditional = rx.MustCompile(`^(?i:if|unless|should)\b`)

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
	case "hosting":
		return k == 0 || toks[k-1].Lower != "for" && toks[k-1].Lower != "of" // "thanked X for hosting"
	case "received", "receives":
		return next(4, func(t prose.Token) bool { return t.Capital })
	case "led", "leads", "headed", "heads":
		if k > 0 {
			switch toks[k-1].Lower {
			case "the", "a", "an", "its", "their", "his", "her", "two", "three":
				return false // "the heads of the delegations": a noun
			}
		}
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
	for j := k - 1; j >= 0 && j >= k-14; j-- {
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
			switch toks[j].Lower {
			case "agreed", "agree", "ready", "willing":
				// "agreed to meet" is a plan, "was agreed at a meeting" is not.
				if j+1 < len(toks) && toks[j+1].Lower != "to" {
					continue
				}
			}
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
