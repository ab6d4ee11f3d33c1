package index

import (
	"regexp"
	"strings"
)

// meetingNouns are the words that report a meeting, with the noun used to
// name it.
var meetingNouns = map[string]string{
	"talks": "talks", "meeting": "meeting", "meetings": "meeting", "met": "meeting",
	"negotiations": "talks", "negotiation": "talks", "discussions": "talks",
	"round": "round", "rounds": "round", "session": "session", "summit": "summit",
	"briefing": "briefing", "consultations": "talks",
}

// hypothetical words before a meeting noun mean it has not happened.
var hypothetical = map[string]bool{
	"possible": true, "potential": true, "planned": true, "future": true, "upcoming": true,
	"proposed": true, "next": true, "preparation": true, "plans": true, "would": true, "will": true,
	"could": true, "might": true, "expects": true, "expected": true, "ahead": true, "plan": true,
}

// notAttending words near a name mean the person was not there.
var notAttending = regexp.MustCompile(`(?i)\b(stayed away|not present|absent|did not attend|didn[’']t attend|skipped|boycotted|declined to attend|was not at|were not at|not in the room)\b`)

var reGroups = regexp.MustCompile(`\b(US|U\.S\.|American|Ukrainian|Russian|European)(?: and (US|U\.S\.|American|Ukrainian|Russian|European))? (delegations?|negotiators|teams?|officials|counterparts|envoys|representatives)\b`)

// meetingMention is one report of a meeting in an article.
type meetingMention struct {
	place     string // canonical place
	surface   string // the place as written ("Kremlin")
	noun      string
	passage   string
	attendees []Attendee
	groups    []string
}

// nounAt is a meeting noun in a sentence with the place it names, if any.
type nounAt struct {
	tok           int
	noun          string
	place         string
	surface       string
	hypothetical  bool
	possessiveHis bool // "his talks with …"
}

// findMeetings finds the meetings an article reports, and who took part in
// each, by rules over its sentences. A noun without a place belongs to the
// last meeting named before it in the article, or to the one the article
// names most.
func (lx *Lexicon) findMeetings(a Article, sents []*sentence, owner []int, passages []Passage) []meetingMention {
	nouns := make([][]nounAt, len(sents))
	met := map[string]bool{}
	for i, s := range sents {
		nouns[i] = lx.meetingNouns(s)
		for _, n := range nouns[i] {
			if n.place != "" && !n.hypothetical {
				met[n.place] = true
			}
		}
	}
	// The article's main meeting: of the places it has a meeting in, the
	// one it names most often.
	count := map[string]int{}
	for _, s := range sents {
		for i := range s.toks {
			if pl, _, ok := lx.placeEndingAt(s, i); ok && met[pl] {
				count[pl]++
			}
		}
	}
	dominant, best := "", 0
	for p, c := range count {
		if c > best || c == best && p < dominant {
			dominant, best = p, c
		}
	}
	var out []meetingMention
	last, lastSurface := "", ""
	var prevGroups []string
	for i, s := range sents {
		groups := findGroups(s.text)
		if len(groups) == 0 && reTwoSides.MatchString(s.text) {
			groups = prevGroups
		}
		prevGroups = findGroups(s.text)
		for _, n := range nouns[i] {
			if n.hypothetical {
				continue
			}
			place, surface := n.place, n.surface
			if place == "" {
				place, surface = last, lastSurface
				if place == "" {
					place, surface = dominant, dominant
				}
			} else {
				last, lastSurface = place, surface
			}
			if place == "" {
				continue
			}
			mm := meetingMention{place: place, surface: surface, noun: n.noun, passage: passages[owner[i]].ID, groups: groups}
			mm.attendees = lx.attendeesOf(s, n, nouns[i], mm.passage)
			out = append(out, mm)
		}
	}
	return out
}

var reTwoSides = regexp.MustCompile(`(?i)\b(the two sides|both sides|the two delegations)\b`)

func findGroups(text string) []string {
	var out []string
	for _, m := range reGroups.FindAllStringSubmatch(text, -1) {
		noun := strings.TrimSuffix(m[3], "s")
		if noun == "negotiator" || noun == "official" || noun == "counterpart" || noun == "envoy" || noun == "representative" {
			noun += "s"
		}
		for _, who := range []string{m[1], m[2]} {
			if who != "" {
				out = appendUnique(out, strings.ReplaceAll(who, "U.S.", "US")+" "+noun)
			}
		}
	}
	return out
}

// meetingNouns finds the meeting nouns of a sentence and the place each names.
func (lx *Lexicon) meetingNouns(s *sentence) []nounAt {
	var out []nounAt
	for i, t := range s.toks {
		noun, ok := meetingNouns[t.lower]
		if !ok {
			continue
		}
		n := nounAt{tok: i, noun: noun}
		for k := 0; k < i; k++ {
			if hypothetical[s.toks[k].lower] {
				n.hypothetical = true
			}
			if k >= i-4 && (s.toks[k].lower == "his" || s.toks[k].lower == "her") {
				n.possessiveHis = true
			}
		}
		// A place right before the noun: "the Kremlin meeting", "Geneva discussions".
		if i > 0 {
			if pl, surf, ok := lx.placeEndingAt(s, i-1); ok {
				n.place, n.surface = pl, surf
			}
		}
		// A place after "in" or "at": "met again in Florida", "talks at the Kremlin".
		for k := i + 1; n.place == "" && k < len(s.toks) && k <= i+9; k++ {
			tk := s.toks[k]
			if clauseBreaks[tk.lower] || strings.ContainsAny(tk.before, ";") {
				break
			}
			if _, other := meetingNouns[tk.lower]; other {
				break
			}
			if tk.lower != "in" && tk.lower != "at" || k+1 >= len(s.toks) {
				continue
			}
			j := k + 1
			if s.toks[j].lower == "the" && j+1 < len(s.toks) {
				j++
			}
			if pl, surf, ok := lx.placeStartingAt(s, j); ok {
				n.place, n.surface = pl, surf
			}
		}
		out = append(out, n)
	}
	return out
}

// placeStartingAt matches a listed place, or an unlisted capitalised name
// that is not a person, at token i.
func (lx *Lexicon) placeStartingAt(s *sentence, i int) (place, surface string, ok bool) {
	for n := min(max(lx.maxPlace, 3), len(s.toks)-i); n >= 1; n-- {
		key := joinLower(s.toks[i : i+n])
		if pl, found := lx.places[key]; found {
			return pl, tokensText(s.toks[i : i+n]), true
		}
	}
	if mentionStartingAt(s.mentions, i) != nil {
		return "", "", false
	}
	n := 0
	for i+n < len(s.toks) && n < 3 && isNameWord(s.toks[i+n]) {
		n++
	}
	if n == 0 {
		return "", "", false
	}
	name := tokensText(s.toks[i : i+n])
	return name, name, true
}

// placeEndingAt matches a place whose last token is k.
func (lx *Lexicon) placeEndingAt(s *sentence, k int) (place, surface string, ok bool) {
	for n := min(lx.maxPlace, k+1); n >= 1; n-- {
		key := joinLower(s.toks[k-n+1 : k+1])
		if pl, found := lx.places[key]; found {
			return pl, tokensText(s.toks[k-n+1 : k+1]), true
		}
	}
	return "", "", false
}

// attendeesOf returns who the sentence shows taking part in the meeting of
// noun n: people after "between", "with" or "along with", people who
// "attended" or "met", the subject of "his talks", and people who are not
// speaking but did something "during" or "after" the meeting. Someone only
// mentioned (a speaker commenting, a relative, "Trump administration
// officials") did not attend.
func (lx *Lexicon) attendeesOf(s *sentence, n nounAt, all []nounAt, passage string) []Attendee {
	var out []Attendee
	add := func(name string, strength int) {
		for _, a := range out {
			if a.Name == name {
				return
			}
		}
		out = append(out, Attendee{Name: name, Passage: passage, strength: strength})
	}
	speaker := map[string]bool{}
	for i, sp := range s.speakers {
		if s.kinds[i] == speech {
			speaker[sp.name] = true
		}
	}
	during := false
	for k := max(0, n.tok-4); k < n.tok; k++ {
		switch s.toks[k].lower {
		case "during", "after", "at":
			during = true
		}
	}
	for _, m := range s.mentions {
		if m.actor || m.possessive || m.inQuote || nearestNoun(all, m.tok0) != n.tok {
			continue
		}
		if modifierOf(s.toks, m.tok0) || nounModifier(s.toks, m.tok1) {
			continue
		}
		if notAttending.MatchString(s.text[m.end:min(len(s.text), m.end+40)]) {
			continue
		}
		switch {
		case participates(s.toks, m.tok0), actsAt(s.toks, m.tok1):
			add(m.name, 2)
		case during && !speaker[m.name] && m.tok0 < n.tok:
			add(m.name, 1)
		}
	}
	if n.possessiveHis && len(s.speakers) > 0 && !s.speakers[0].actor && s.speakers[0].name != "" {
		add(s.speakers[0].name, 2)
	}
	return out
}

// nearestNoun returns the token of the meeting noun closest to token i.
func nearestNoun(all []nounAt, i int) int {
	best, dist := -1, 1<<30
	for _, n := range all {
		d := abs(n.tok - i)
		if d < dist {
			best, dist = n.tok, d
		}
	}
	return best
}

// participates reports whether a name follows "between", "with" or
// "alongside" in the same phrase.
func participates(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-12; k-- {
		t := toks[k].lower
		switch t {
		case "between", "with", "alongside":
			return true
		}
		if _, v := verbs[t]; v || clauseBreaks[t] || strings.ContainsAny(toks[k+1].before, ";,") && t != "along" {
			return false
		}
	}
	return false
}

// actsAt reports whether the words after a name say they took part.
func actsAt(toks []token, i int) bool {
	for k := i; k < len(toks) && k < i+3; k++ {
		switch toks[k].lower {
		case "attended", "met", "joined", "participated", "held":
			return true
		case "took":
			return k+1 < len(toks) && toks[k+1].lower == "part"
		}
	}
	return false
}

// modifierOf reports whether the name at token i only qualifies another
// noun: "son-in-law of President Trump", "aide to Putin".
func modifierOf(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch toks[k].lower {
		case "of", "to", "by", "from", "for", "about", "against":
			return true
		}
		if !toks[k].capital && !roleWords[toks[k].lower] {
			return false
		}
	}
	return false
}

// nounModifier reports whether the name is followed by a noun it qualifies:
// "Donald Trump administration officials".
func nounModifier(toks []token, i int) bool {
	if i >= len(toks) {
		return false
	}
	switch toks[i].lower {
	case "administration", "officials", "government", "team", "aides", "camp", "allies", "era", "family":
		return true
	}
	return false
}

func mentionStartingAt(ms []mention, k int) *mention {
	for i := range ms {
		if ms[i].tok0 == k {
			return &ms[i]
		}
	}
	return nil
}

func tokensText(toks []token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.text
	}
	return strings.Join(parts, " ")
}
