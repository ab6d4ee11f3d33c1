package extract

import (
	"strings"

	"github.com/talksbot/talksbot/internal/gazetteer"
	"github.com/talksbot/talksbot/internal/prose"
)

// mention is a person or side actor named in a text.
type mention struct {
	name       string // canonical name, or the name as written for an unlisted person
	side       string
	actor      bool // a name standing for a side ("Moscow"), not a person
	tok0, tok1 int  // token span [tok0, tok1)
	start, end int  // byte span
	possessive bool
	inQuote    bool
	role       string // an unnamed speaker's role word ("aide"), when described
}

// roleWords introduce a person's name ("Army Secretary Dan Driscoll",
// "the head of Ukraine's presidential office, Andriy Yermak").
var roleWords = map[string]bool{
	"president": true, "minister": true, "secretary": true, "adviser": true, "advisor": true,
	"aide": true, "envoy": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
	"chancellor": true, "general": true, "reporter": true, "correspondent": true,
	"ambassador": true, "head": true, "chief": true, "negotiator": true, "leader": true,
	"official": true, "diplomat": true, "premier": true, "commander": true, "director": true,
	"senator": true, "congressman": true, "congresswoman": true, "dictator": true,
	"mayor": true, "governor": true, "prime": true, "editor": true, "analyst": true,
	"representative": true, "chairman": true, "chairwoman": true, "deputy": true,
	"source": true, "sources": true, "officials": true, "diplomats": true, "insider": true,
	"admiral": true, "colonel": true, "lieutenant": true, "sheikh": true, "prince": true,
	"king": true, "emir": true, "host": true, "lawmaker": true, "member": true, "aides": true,
	"son-in-law": true, "advisers": true, "spokesmen": true, "negotiators": true,
	"ministers": true, "envoys": true, "secretaries": true, "leaders": true,
}

// notNames are capitalised words that never begin or end a person's name.
var notNames = map[string]bool{
	"the": true, "a": true, "an": true, "on": true, "in": true, "at": true, "and": true,
	"but": true, "he": true, "she": true, "it": true, "they": true, "we": true, "i": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "may": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true, "russia": true, "russian": true,
	"ukraine": true, "ukrainian": true, "us": true, "u.s": true, "usa": true, "american": true,
	"europe": true, "european": true, "eu": true, "nato": true, "kremlin": true,
	"white": true, "house": true, "army": true, "defense": true, "defence": true,
	"foreign": true, "state": true, "national": true, "security": true, "general": true,
	"secretary": true, "minister": true, "president": true, "chancellor": true,
	"former": true, "senior": true, "special": true, "middle": true, "east": true,
	"german": true, "french": true, "finnish": true, "british": true, "italian": true,
	"polish": true, "chinese": true, "indian": true, "major": true, "deputy": true,
	"prime": true, "vice": true, "office": true, "ministry": true, "sanctions": true,
	// Events and documents written in capitals ("World War Three", "Peace Plan").
	"war": true, "world": true, "peace": true, "plan": true, "summit": true, "agreement": true,
	"treaty": true, "accord": true, "accords": true, "memorandum": true, "declaration": true,
	// Organisations' nouns and honorifics: never a word of a person's name.
	"staff": true, "service": true, "council": true, "directorate": true, "intelligence": true,
	"agency": true, "bureau": true, "committee": true, "department": true, "forces": true,
	"command": true, "administration": true, "government": true, "commission": true,
	"parliament": true, "assembly": true, "court": true, "palace": true, "mr": true, "mrs": true,
	"ms": true, "dr": true, "sir": true, "admiral": true, "sheikh": true, "crown": true,
	"prince": true, "king": true, "emir": true, "colonel": true, "lieutenant": true, "first": true,
	"lady": true, "pope": true, "his": true, "her": true, "their": true, "our": true,
}

// findMentions returns the people and side actors named in text, longest
// names first at each position. Unlisted people are found by how news
// writes them (see unlistedAt); known holds the unlisted people an article
// named earlier, by the lower-case surname that later refers to them.
func (lx *Lexicon) findMentions(text string, toks []prose.Token, known map[string]Person) []mention {
	quoted := quoteSpans(text)
	var out []mention
	for i := 0; i < len(toks); {
		m, ok := lx.matchAt(toks, i)
		if !ok && toks[i].Capital && known != nil {
			if p, found := known[toks[i].Lower]; found && (i+1 >= len(toks) || !toks[i+1].Capital || strings.TrimSpace(toks[i+1].Before) != "") {
				m, ok = mention{name: p.Name, side: p.Side, tok0: i, tok1: i + 1}, true
			}
		}
		if !ok {
			m, ok = lx.headOfState(toks, i)
		}
		if !ok {
			i++
			continue
		}
		m.start, m.end = toks[m.tok0].Start, toks[m.tok1-1].End
		m.possessive = toks[m.tok1-1].Possessive
		m.inQuote = inSpans(quoted, m.start)
		out = append(out, m)
		i = m.tok1
	}
	return out
}

// headOfState reads "the Russian leader", "the Ukrainian president" as the
// one person of the people file of that side whose role is its president
// (a title that names one person only).
func (lx *Lexicon) headOfState(toks []prose.Token, i int) (mention, bool) {
	if toks[i].Lower != "the" || i+2 >= len(toks) {
		return mention{}, false
	}
	head := toks[i+2].Lower
	if head != "leader" && head != "president" {
		return mention{}, false
	}
	side := lx.sideOfToken(toks[i+1])
	if side == "" {
		return mention{}, false
	}
	found := -1
	for k, p := range lx.People {
		if p.Side == side && strings.HasPrefix(strings.ToLower(p.Role), "president") {
			if found >= 0 {
				return mention{}, false // more than one: no guess
			}
			found = k
		}
	}
	if found < 0 {
		return mention{}, false
	}
	p := lx.People[found]
	return mention{name: p.Name, side: p.Side, tok0: i, tok1: i + 3}, true
}

// matchAt matches a listed person, an unlisted person or an actor at token i.
func (lx *Lexicon) matchAt(toks []prose.Token, i int) (mention, bool) {
	if !toks[i].Capital {
		return mention{}, false
	}
	// Listed people: the longest name starting here.
	for n := min(lx.maxName, len(toks)-i); n >= 1; n-- {
		if !allCapital(toks[i : i+n]) {
			continue
		}
		key := joinFolded(lx, toks[i:i+n])
		if p, ok := lx.names[key]; ok {
			// Do not let a bare first name of a multi-word name start a
			// different person ("Vladimir Medinsky" is not Putin).
			return mention{name: lx.People[p].Name, side: lx.People[p].Side, tok0: i, tok1: i + n}, true
		}
	}
	if m, ok := lx.unlistedAt(toks, i); ok {
		return m, true
	}
	for n := min(lx.maxActor, len(toks)-i); n >= 1; n-- {
		key := joinLower(toks[i : i+n])
		if side, ok := lx.actors[key]; ok {
			return mention{name: side, side: side, actor: true, tok0: i, tok1: i + n}, true
		}
	}
	return mention{}, false
}

// orgNouns end the names of organisations, never of people.
var orgNouns = map[string]bool{"fund": true, "bank": true, "company": true, "corporation": true,
	"group": true, "institute": true, "university": true, "foundation": true, "party": true,
	"union": true, "network": true, "news": true, "times": true, "post": true, "journal": true,
	"independent": true, "herald": true, "press": true, "forum": true, "alliance": true,
	"organisation": true, "organization": true, "agency": true, "council": true, "committee": true,
	"service": true, "ministry": true, "office": true, "directorate": true, "commission": true}

// nameParticles may stand inside a name ("Mohammed bin Salman", "Ursula
// von der Leyen") when a capitalised word follows.
var nameParticles = map[string]bool{"bin": true, "ibn": true, "al": true, "von": true, "der": true,
	"de": true, "van": true, "la": true, "da": true, "di": true, "el": true, "du": true, "dos": true}

// unlistedAt recognises an unlisted person by how news writes people: two
// to four name-like words (particles such as "bin" or "von der" inside)
// after a role ("Secretary Dan Driscoll", "head of the Security Service
// Oleksandr Poklad"), after a comma that closes a role phrase ("the head of
// …, Andriy Yermak"), or before an apposition that gives one ("Rustem
// Umerov, secretary of …"). A role word or the next sentence's first word is
// never part of the name; the name stops at punctuation.
func (lx *Lexicon) unlistedAt(toks []prose.Token, i int) (mention, bool) {
	n := 0
	for i+n < len(toks) && n < 4 {
		t := toks[i+n]
		if n > 0 && strings.TrimSpace(t.Before) != "" {
			break // punctuation between: not one name
		}
		if n > 0 && nameParticles[t.Lower] && i+n+1 < len(toks) && isNameWord(toks[i+n+1]) {
			n++
			continue
		}
		if n == 0 && initials(t) && i+1 < len(toks) && isNameWord(toks[i+1]) && strings.TrimSpace(toks[i+1].Before) == "" {
			n++ // "JD Vance": initials open a name
			continue
		}
		if !isNameWord(t) {
			break
		}
		n++
		if t.Possessive {
			break
		}
	}
	for n > 0 && nameParticles[toks[i+n-1].Lower] {
		n--
	}
	// A name runs into an organisation's or a title's word ("Direct
	// Investment Fund", "Supreme Allied Commander"): not a person.
	if i+n < len(toks) && toks[i+n].Capital && strings.TrimSpace(toks[i+n].Before) == "" &&
		(notNames[toks[i+n].Lower] || roleWords[toks[i+n].Lower] || orgNouns[toks[i+n].Lower]) {
		return mention{}, false
	}
	if n > 0 && orgNouns[toks[i+n-1].Lower] {
		return mention{}, false
	}
	switch toks[i].Lower {
	case "der", "die", "das", "le", "la", "el", "the", "al":
		return mention{}, false // "Der Spiegel": a title, not a person
	}
	if _, ok := gazetteer.LookupRegion(tokensText(toks[i : i+n])); ok {
		return mention{}, false // "the United States"
	}
	if n < 2 || i == 0 && !appositionAfter(toks, i+n) {
		return mention{}, false
	}
	// "Italy's Giorgia Meloni": a country's possessive stands for a role.
	ok := i > 0 && (roleBefore(toks, i) || toks[i-1].Possessive && lx.sideOfToken(toks[i-1]) != "")
	if !ok && i > 0 {
		// "..., Andriy Yermak": a role word within the seven words before a comma.
		for k := i - 1; k >= 0 && k >= i-7; k-- {
			if roleWords[toks[k].Lower] {
				ok = true
				break
			}
		}
		ok = ok && commaBetween(toks[i-1], toks[i])
	}
	after := appositionAfter(toks, i+n)
	if !ok && !after {
		return mention{}, false
	}
	parts := make([]string, n)
	for k := range n {
		parts[k] = toks[i+k].Text
	}
	side := lx.sideFromRole(toks[max(0, i-11):i], false)
	if side == "" && after {
		side = lx.sideFromRole(toks[i+n:min(len(toks), i+n+14)], true)
	}
	return mention{name: strings.Join(parts, " "), side: side, tok0: i, tok1: i + n}, true
}

// roleBefore reports whether the words right before token i are a role: a
// role word, or a role word followed only by capitalised words, "of" and
// "the" ("head of the Security Service", "chief of the General Staff").
func roleBefore(toks []prose.Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-7; k-- {
		t := toks[k]
		if roleWords[t.Lower] {
			return true
		}
		if strings.TrimSpace(toks[k+1].Before) != "" {
			return false
		}
		if !t.Capital && t.Lower != "of" && t.Lower != "the" && t.Lower != "for" && !sideAdjective(t) {
			return false // ("the head of military intelligence Igor Kostiukov" reads through)
		}
	}
	return false
}

// appositionAfter reports whether a role follows a name at token j: ",
// secretary of …", ", the head of …", ", a deputy head of …", ", Trump's
// son-in-law".
func appositionAfter(toks []prose.Token, j int) bool {
	if j >= len(toks) || !strings.Contains(toks[j].Before, ",") {
		return false
	}
	for k := j; k < len(toks) && k < j+4; k++ {
		if roleWords[toks[k].Lower] {
			return true
		}
		if _, verb := verbs[toks[k].Lower]; verb || attendVerbs[toks[k].Lower] || phraseStarts[toks[k].Lower] {
			return false // ", held talks with President X": a clause, not an apposition
		}
		if k > j && strings.TrimSpace(toks[k].Before) != "" {
			return false
		}
	}
	return false
}

// sideFromRole finds the side a role serves from its words ("Turkish
// Foreign Minister", "Ukraine's national security chief", "Trump's envoy
// for Ukraine" serves the US: a side named after "for", "on", "to" or
// "with" is the role's subject, not its employer). forward reads an
// apposition after the name, else the words before it are read backward.
func (lx *Lexicon) sideFromRole(toks []prose.Token, forward bool) string {
	at := func(k int) string {
		// "envoy for Ukraine and Russia": the list's first side decides.
		first := k
		for first > 2 && (toks[first-1].Lower == "and" || toks[first-1].Lower == "or") && lx.sideOfToken(toks[first-2]) != "" {
			first -= 2
		}
		if first > 1 && roleWords[toks[first-2].Lower] {
			switch toks[first-1].Lower {
			case "for", "on", "to", "with", "about", "in", "against", "from":
				return "" // "envoy for Ukraine", "ambassador to Turkey"
			}
		}
		if p, ok := lx.PersonByName(toks[k].Text); ok && toks[k].Possessive {
			return p.Side
		}
		return lx.sideOfToken(toks[k])
	}
	if forward {
		for k := 0; k < len(toks); k++ {
			if k > 0 && strings.ContainsAny(toks[k].Before, ".;") {
				break
			}
			if s := at(k); s != "" {
				return s
			}
		}
		return ""
	}
	for k := len(toks) - 1; k >= 0; k-- {
		if s := at(k); s != "" {
			return s
		}
		if k > 0 && strings.ContainsAny(toks[k].Before, ".;") {
			break
		}
	}
	return ""
}

// initials reports whether a token is a person's initials ("JD", "RFK").
func initials(t prose.Token) bool {
	if len(t.Text) < 2 || len(t.Text) > 3 {
		return false
	}
	for _, r := range t.Text {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// commaBetween reports whether a comma separates two adjacent tokens.
func commaBetween(a, b prose.Token) bool { return a.End < b.Start && strings.Contains(b.Before, ",") }

func isNameWord(t prose.Token) bool {
	if !t.Capital || notNames[t.Lower] || roleWords[t.Lower] || len(t.Text) < 2 {
		return false
	}
	for _, r := range t.Text[1:] {
		if r >= 'A' && r <= 'Z' && !strings.Contains(t.Text, "’") && !strings.Contains(t.Text, "'") && !strings.Contains(t.Text, "-") {
			return false // acronyms such as CSTO
		}
		if r >= '0' && r <= '9' {
			return false
		}
	}
	return true
}

func allCapital(toks []prose.Token) bool {
	for _, t := range toks {
		if !t.Capital && !(t.Lower == "von" || t.Lower == "der" || t.Lower == "de") {
			return false
		}
	}
	return true
}

func joinFolded(lx *Lexicon, toks []prose.Token) string {
	parts := make([]string, len(toks))
	for k, t := range toks {
		parts[k] = lx.foldWord(t.Lower, t.Capital)
	}
	return strings.Join(parts, " ")
}

func joinLower(toks []prose.Token) string {
	parts := make([]string, len(toks))
	for k, t := range toks {
		parts[k] = t.Lower
	}
	return strings.Join(parts, " ")
}

// quoteSpans returns the byte spans of text inside quotation marks.
func quoteSpans(text string) [][2]int {
	var spans [][2]int
	open := -1
	for i, r := range text {
		switch r {
		case '“':
			if open < 0 {
				open = i
			}
		case '”':
			if open >= 0 {
				spans = append(spans, [2]int{open, i})
				open = -1
			}
		case '"':
			if open < 0 {
				open = i
			} else {
				spans = append(spans, [2]int{open, i})
				open = -1
			}
		}
	}
	return spans
}

func inSpans(spans [][2]int, at int) bool {
	for _, s := range spans {
		if at > s[0] && at < s[1] {
			return true
		}
	}
	return false
}
