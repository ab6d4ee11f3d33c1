package index

import (
	"strings"
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
}

// findMentions returns the people and side actors named in text, longest
// names first at each position. Unlisted people are found by a role word
// before their name.
func (lx *Lexicon) findMentions(text string, toks []token) []mention {
	quoted := quoteSpans(text)
	var out []mention
	for i := 0; i < len(toks); {
		m, ok := lx.matchAt(toks, i)
		if !ok {
			i++
			continue
		}
		m.start, m.end = toks[m.tok0].start, toks[m.tok1-1].end
		m.possessive = toks[m.tok1-1].possessive
		m.inQuote = inSpans(quoted, m.start)
		out = append(out, m)
		i = m.tok1
	}
	return out
}

// matchAt matches a listed person, an unlisted person or an actor at token i.
func (lx *Lexicon) matchAt(toks []token, i int) (mention, bool) {
	if !toks[i].capital {
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

// unlistedAt recognises an unlisted person: two or three name-like words
// right after a role word ("Secretary Dan Driscoll") or after a comma that
// closes a role phrase ("the head of …, Andriy Yermak").
func (lx *Lexicon) unlistedAt(toks []token, i int) (mention, bool) {
	n := 0
	for i+n < len(toks) && n < 3 && isNameWord(toks[i+n]) {
		n++
		if toks[i+n-1].possessive {
			break
		}
	}
	if n < 2 || i == 0 {
		return mention{}, false
	}
	prev := toks[i-1]
	ok := roleWords[prev.lower]
	if !ok {
		// "..., Andriy Yermak": a role word within the six words before a comma.
		for k := i - 1; k >= 0 && k >= i-7; k-- {
			if roleWords[toks[k].lower] {
				ok = true
				break
			}
		}
		ok = ok && commaBetween(toks[i-1], toks[i])
	}
	if !ok {
		return mention{}, false
	}
	parts := make([]string, n)
	for k := range n {
		parts[k] = toks[i+k].text
	}
	return mention{name: strings.Join(parts, " "), side: sideFromContext(toks[max(0, i-7):i]), tok0: i, tok1: i + n}, true
}

// commaBetween reports whether a comma separates two adjacent tokens.
func commaBetween(a, b token) bool { return a.end < b.start && strings.Contains(b.before, ",") }

func isNameWord(t token) bool {
	if !t.capital || notNames[t.lower] || len(t.text) < 2 {
		return false
	}
	for _, r := range t.text[1:] {
		if r >= 'A' && r <= 'Z' && !strings.Contains(t.text, "’") && !strings.Contains(t.text, "'") && !strings.Contains(t.text, "-") {
			return false // acronyms such as CSTO
		}
		if r >= '0' && r <= '9' {
			return false
		}
	}
	return true
}

// sideFromContext guesses an unlisted person's side from the words before
// their name ("Ukraine's", "Russian", "US").
func sideFromContext(toks []token) string {
	for k := len(toks) - 1; k >= 0; k-- {
		switch toks[k].lower {
		case "ukraine", "ukrainian", "kyiv":
			return "Ukraine"
		case "russia", "russian", "kremlin", "moscow":
			return "Russia"
		case "us", "u.s", "american", "army", "pentagon", "washington":
			return "US"
		case "eu", "european", "german", "french", "finnish", "british", "italian", "polish":
			return "Europe"
		case "nato":
			return "NATO"
		}
	}
	return ""
}

func allCapital(toks []token) bool {
	for _, t := range toks {
		if !t.capital && !(t.lower == "von" || t.lower == "der" || t.lower == "de") {
			return false
		}
	}
	return true
}

func joinFolded(lx *Lexicon, toks []token) string {
	parts := make([]string, len(toks))
	for k, t := range toks {
		parts[k] = lx.foldWord(t.lower, t.capital)
	}
	return strings.Join(parts, " ")
}

func joinLower(toks []token) string {
	parts := make([]string, len(toks))
	for k, t := range toks {
		parts[k] = t.lower
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
