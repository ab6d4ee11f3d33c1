package extract

import (
	"strings"

	"github.com/talksbot/talksbot/internal/prose"
)

// verbKind says what a verb tells about its subject.
type verbKind int

const (
	speech verbKind = iota + 1 // the subject said something
	stance                     // the subject holds a position
)

var verbs = map[string]verbKind{
	"said": speech, "says": speech, "say": speech, "saying": speech, "stated": speech,
	"states": speech, "stating": speech, "told": speech, "tells": speech, "added": speech,
	"adding": speech, "remarked": speech, "noted": speech, "noting": speech, "stressed": speech,
	"stressing": speech, "emphasized": speech, "emphasised": speech, "emphasizing": speech,
	"warned": speech, "warning": speech, "claimed": speech, "claiming": speech,
	"reiterated": speech, "described": speech, "describing": speech, "characterized": speech,
	"characterised": speech, "acknowledged": speech, "concluded": speech, "argued": speech,
	"announced": speech, "declared": speech, "explained": speech, "suggested": speech,
	"indicated": speech, "accused": speech, "dismissed": speech, "threatened": speech,
	"expressed": speech, "advised": speech, "assured": speech, "confirmed": speech,
	"denied": speech, "quoted": speech, "replied": speech, "wrote": speech, "informed": speech,
	"urged": speech, "cited": speech, "asserted": speech, "insisted": speech, "vowed": speech,
	"admitted": speech, "commented": speech, "called": speech, "calling": speech,
	"posted": speech, "tweeted": speech, "recalled": speech, "signaled": speech,
	"signalled": speech, "predicted": speech, "promised": speech, "reported": speech,
	"rejected": stance, "rejects": stance, "insists": stance, "insisting": stance,
	"demands": stance, "demanding": stance, "demanded": stance, "wants": stance,
	"opposes": stance, "opposed": stance, "agreed": stance, "agrees": stance, "accepted": stance,
	"refused": stance, "refuses": stance, "proposed": stance, "believes": stance,
	"expects": stance, "seeks": stance, "sought": stance, "pledged": stance,
	"advocating": stance, "disagrees": stance, "favors": stance, "favours": stance,
	"supports": stance, "backs": stance, "continues": stance, "aims": stance, "plans": stance,
}

// clauseBreaks end the search for a verb's subject.
var clauseBreaks = map[string]bool{"while": true, "whereas": true, "but": true, "although": true, "though": true, "however": true}

// pronouns that refer back to the last person speaking.
var pronouns = map[string]bool{"he": true, "she": true}

// Quote is a sentence in which a person says something.
type Quote struct {
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
}

// sentence is one analysed sentence of an article.
type sentence struct {
	text     string
	toks     []prose.Token
	mentions []mention
	speakers []mention // who says or holds what the sentence reports, in order
	kinds    []verbKind
	para     int
	lead     string // the conjunction that opened this clause of a longer sentence ("since", "but")
	// absentSubject is the person a subjectless negated clause is about
	// ("… but did not take part"): they were not there.
	absentSubject *mention
}

// articleContext carries who spoke last through an article, to resolve "he said".
type articleContext struct {
	lastSpeaker *mention
	lastPerson  *mention
	// lastSubject is the person a recent sentence was about (its first
	// person named who is not possessive, quoted or the object of a
	// preposition), and subjectAge how many sentences ago it was set: "he
	// said" after "Merz was blunt." is Merz's, whoever spoke before.
	lastSubject *mention
	subjectAge  int
	people      map[string]Person // people seen, by name
	surnames    map[string]Person // unlisted people seen, by lower-case surname
}

// attribute finds who says or holds what sentence s reports.
func (lx *Lexicon) attribute(s *sentence, ctx *articleContext) {
	quoted := quoteSpans(s.text)
	var main *mention
	for v, t := range s.toks {
		kind, ok := verbs[t.Lower]
		if !ok || inSpans(quoted, t.Start) {
			continue
		}
		if v+1 < len(s.toks) && t.Lower == "said" && s.toks[v+1].Lower == "to" {
			continue // "said to be"
		}
		if v+1 < len(s.toks) && (t.Lower == "called" || t.Lower == "calling") {
			switch s.toks[v+1].Lower {
			case "off", "for", "on", "up", "in", "back":
				continue // "called off the summit", "called for talks"
			}
		}
		if v > 0 && passiveOrNegated(s.toks, v) {
			continue
		}
		gerund := strings.HasSuffix(t.Lower, "ing")
		var who *mention
		if gerund && main != nil {
			who = main
		} else {
			who = lx.subjectOf(s, v, ctx)
		}
		if who == nil && kind == speech {
			who = lx.invertedSubject(s, v) // "…,” said Peskov
		}
		if who == nil {
			continue
		}
		if main == nil && !gerund {
			main = who
		}
		s.addSpeaker(*who, kind)
		if !who.actor && kind == speech {
			sp := *who
			ctx.lastSpeaker = &sp
		}
	}
	// "According to Putin, …"
	for v := 0; v+2 < len(s.toks); v++ {
		if s.toks[v].Lower == "according" && s.toks[v+1].Lower == "to" {
			for _, m := range s.mentions {
				if m.tok0 == v+2 && !m.actor {
					s.addSpeaker(m, speech)
				}
			}
		}
	}
	ctx.subjectAge++
	subjectSet := false
	for _, m := range s.mentions {
		if !m.actor && !m.possessive && !m.inQuote {
			mm := m
			ctx.lastPerson = &mm
			if !subjectSet && (!objectOf(s.toks, m.tok0) || agentOfPassive(s.toks, m.tok0)) {
				ctx.lastSubject, ctx.subjectAge, subjectSet = &mm, 0, true
			}
		}
	}
	if !subjectSet && anonymousSubject(s) {
		ctx.lastSubject, ctx.subjectAge = &mention{}, 0
	}
}

// agentOfPassive reports whether the name at token i follows "by" after a
// passive verb ("the delegation was headed by Yermak"): the sentence is
// about them.
func agentOfPassive(toks []prose.Token, i int) bool {
	return i >= 2 && toks[i-1].Lower == "by" && strings.HasSuffix(toks[i-2].Lower, "ed")
}

// anonymousSubject reports whether the sentence's speaker is an unnamed
// person ("a source said"), so that a following "he said" stays unnamed.
func anonymousSubject(s *sentence) bool {
	for i, sp := range s.speakers {
		if s.kinds[i] == speech && sp.name == "" && !sp.actor {
			return true
		}
	}
	return false
}

// passiveOrNegated reports whether the verb at v is passive ("were reported
// to") or negated ("did not comment"); "was quoted as saying" still counts.
func passiveOrNegated(toks []prose.Token, v int) bool {
	prev := toks[v-1].Lower
	if v > 1 && (prev == "also" || prev == "reportedly") {
		prev = toks[v-2].Lower
	}
	switch prev {
	case "was", "were", "is", "are", "been", "be", "being":
		return toks[v].Lower != "quoted"
	case "not", "never", "no":
		return true
	}
	return false
}

func (s *sentence) addSpeaker(m mention, kind verbKind) {
	for i, have := range s.speakers {
		if have.name == m.name {
			if kind == speech {
				s.kinds[i] = speech
			}
			return
		}
	}
	s.speakers = append(s.speakers, m)
	s.kinds = append(s.kinds, kind)
}

// subjectOf looks back from the verb at token v for its subject: the nearest
// person or actor that is not possessive, not quoted and not the object of
// a preposition, or a pronoun or "the president" resolved from context.
func (lx *Lexicon) subjectOf(s *sentence, v int, ctx *articleContext) *mention {
	quoted := quoteSpans(s.text)
	for k := v - 1; k >= 0 && k >= v-14; k-- {
		t := s.toks[k]
		if clauseBreaks[t.Lower] || strings.Contains(s.toks[k+1].Before, ";") {
			return nil
		}
		if _, isVerb := verbs[t.Lower]; isVerb && !inSpans(quoted, t.Start) {
			return nil
		}
		if m := mentionEndingAt(s.mentions, k); m != nil {
			if m.possessive || m.inQuote || objectOf(s.toks, m.tok0) {
				k = m.tok0
				continue
			}
			return m
		}
		if inSpans(quoted, t.Start) {
			continue
		}
		if pronouns[t.Lower] && ctx != nil {
			// "X met …, he said": the sentence's own subject first.
			for i := range s.mentions {
				m := &s.mentions[i]
				if m.tok1 <= k && !m.actor && !m.possessive && !m.inQuote && !objectOf(s.toks, m.tok0) {
					return m
				}
			}
			if ctx.lastSubject != nil && ctx.subjectAge <= 2 {
				return ctx.lastSubject
			}
			if ctx.lastSpeaker != nil {
				return ctx.lastSpeaker
			}
			return ctx.lastPerson
		}
		if roleWords[t.Lower] && !t.Capital && !strings.Contains(s.toks[k+1].Before, ",") &&
			!definiteRole(s.toks, k) {
			// An unnamed speaker: "a Kremlin spokesperson said", "Ukraine's
			// ambassador to the US stated". Only their side is known, and
			// the role's head noun ("a senior aide to the Russian
			// president": aide), by which a later sentence may name them.
			return &mention{side: lx.sideFromRole(s.toks[max(0, k-6):k+1], false), tok0: k, tok1: k + 1,
				role: roleHead(s.toks, k)}
		}
		if roleWords[t.Lower] && ctx != nil && definiteRole(s.toks, k) {
			// "The President said": the last person whose role says so.
			// The person the last sentences were about comes first ("Trump
			// raised his voice. '…,' the president told Zelensky"), and no
			// one named in this sentence is its subject.
			var recent *mention
			if ctx.lastSubject != nil && ctx.lastSubject.name != "" && ctx.subjectAge <= 2 {
				recent = ctx.lastSubject
			}
			for _, c := range []*mention{recent, ctx.lastSpeaker, ctx.lastPerson} {
				if c == nil || namedIn(s, c.name) {
					continue
				}
				role := strings.ToLower(ctx.people[c.name].Role)
				if strings.Contains(role, t.Lower) && !strings.Contains(role, "vice "+t.Lower) && !strings.Contains(role, "deputy "+t.Lower) {
					return c
				}
			}
		}
	}
	return nil
}

// namedIn reports whether the sentence names the person.
func namedIn(s *sentence, name string) bool {
	for _, m := range s.mentions {
		if m.name == name {
			return true
		}
	}
	return false
}

// definiteRole reports whether the role word at k is written as someone
// already named: "the president", "the presidential aide", "the Kremlin
// envoy" (the, then at most two describing words).
func definiteRole(toks []prose.Token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		if toks[j].Lower == "the" {
			return true
		}
		if _, isVerb := verbs[toks[j].Lower]; isVerb || strings.ContainsAny(toks[j+1].Before, ",;") {
			return false
		}
	}
	return false
}

// roleHead returns the first role word after the article that opens the
// unnamed speaker's description ending at token k ("a senior aide to the
// Russian president" → "aide"), or "".
func roleHead(toks []prose.Token, k int) string {
	start := -1
	for j := k; j >= 0 && j >= k-8; j-- {
		if toks[j].Lower == "a" || toks[j].Lower == "an" || toks[j].Lower == "one" {
			start = j
			break
		}
	}
	if start < 0 {
		return ""
	}
	for j := start + 1; j <= k; j++ {
		if roleWords[toks[j].Lower] {
			return toks[j].Lower
		}
	}
	return ""
}

// anonymousRoles are the descriptions news uses for sources it will not
// name: a quote from one stays unattributed, whoever is named next.
var anonymousRoles = map[string]bool{"source": true, "sources": true, "official": true, "officials": true,
	"insider": true, "diplomat": true, "diplomats": true}

// invertedSubject finds the subject after the verb, as in "…,” said Peskov.
func (lx *Lexicon) invertedSubject(s *sentence, v int) *mention {
	for i := range s.mentions {
		m := &s.mentions[i]
		if m.tok0 == v+1 && !m.actor && !m.inQuote && strings.ContainsAny(s.toks[v].Before, ",”\"") {
			return m
		}
	}
	return nil
}

// objectOf reports whether the name at token i follows a preposition that
// makes it an object ("son-in-law of President Trump", "aide to Putin").
func objectOf(toks []prose.Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch toks[k].Lower {
		case "of":
			// "Secretary of State Marco Rubio" is a title, not an object.
			if k > 0 && k+1 < i && toks[k-1].Capital && toks[k+1].Capital {
				continue
			}
			return true
		case "to", "with", "by", "from", "between", "against", "for", "about", "and":
			return true
		}
		if !toks[k].Capital && !roleWords[toks[k].Lower] || strings.Contains(toks[k+1].Before, ",") {
			return false
		}
	}
	return false
}

func mentionEndingAt(ms []mention, k int) *mention {
	for i := range ms {
		if ms[i].tok1-1 == k {
			return &ms[i]
		}
	}
	return nil
}
