package extract

import (
	"strings"

	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// Phrase is words of a passage that say how a meeting went or how long it
// lasted, with the passage that holds them.
type Phrase struct {
	Text    string `json:"text"`
	Passage string `json:"passage"`
	// Tone is +1 when the words call the outcome good ("very fruitful",
	// "real progress"), -1 when bad ("no compromise", "difficult"), 0 when
	// neither ("frank").
	Tone int `json:"tone,omitempty"`
}

// outcomeWords are the words news uses to characterise how a meeting went,
// with their tone.
var outcomeWords = map[string]int{
	"productive": 1, "constructive": 1, "fruitful": 1, "useful": 1, "positive": 1, "substantive": 1,
	"successful": 1, "meaningful": 1, "worthwhile": 1, "good": 1, "great": 1, "excellent": 1,
	"encouraging": 1, "promising": 1, "cordial": 1, "helpful": 1, "friendly": 1, "warm": 1,
	"historic": 1, "fantastic": 1, "wonderful": 1, "tremendous": 1, "optimistic": 1,
	"difficult": -1, "tough": -1, "tense": -1, "disappointing": -1, "inconclusive": -1,
	"unproductive": -1, "fruitless": -1, "failed": -1, "bad": -1, "hostile": -1, "acrimonious": -1,
	"stalled": -1, "deadlocked": -1, "frosty": -1, "futile": -1, "pointless": -1, "sterile": -1,
	"frank": 0, "candid": 0, "businesslike": 0, "detailed": 0, "intense": 0, "serious": 0,
	"lengthy": 0, "mixed": 0,
}

// meetingWords name a meeting or what is said of one: a characterisation
// counts only in a sentence that holds one.
var meetingWords = map[string]bool{
	"talks": true, "meeting": true, "meetings": true, "session": true, "sessions": true,
	"discussion": true, "discussions": true, "conversation": true, "conversations": true,
	"round": true, "summit": true, "negotiations": true, "dialogue": true, "consultations": true,
	"called": true, "described": true, "termed": true, "hailed": true, "characterised": true,
	"characterized": true, "day": true, "visit": true, "encounter": true,
}

const intensifiers = `(?:(?:very|highly|extremely|really|quite|most|incredibly|fairly|rather|pretty|so|truly|particularly|genuinely|largely|generally|mostly|at times)\s+)*`

var (
	reOutcomeAdj = func() *rx.Regexp {
		var words []string
		for w := range outcomeWords {
			words = append(words, w)
		}
		adj := `(?:` + strings.Join(words, "|") + `)`
		return rx.MustCompile(`(?i)\b((?:not\s+)?` + intensifiers + adj + `(?:,?\s+(?:and|but)\s+` + intensifiers + adj + `)?)\b`)
	}()
	// reOutcomeNoDeal and reOutcomeProgress are what a meeting did or did
	// not produce.
	reOutcomeNoDeal   = rx.MustCompile(`(?i)\b(no (?:real |major |significant |final |clear )?(?:compromise|breakthrough|agreement|deal|progress|consensus|ceasefire|truce|accord)s?|(?:without|failed to (?:reach|produce|achieve|yield|secure)|did not (?:reach|produce|yield|achieve)|fell short of) (?:a |an |any )?(?:\w+ )?(?:compromise|breakthrough|agreement|deal|progress|ceasefire|truce)|(?:little|limited|scant) progress)\b`)
	reOutcomeProgress = rx.MustCompile(`(?i)\b((?:made|make|making|reached|achieved) (?:a |some )?(?:(?:significant|real|good|great|tremendous|substantial|considerable|important|major) )?(?:progress|headway|breakthrough)|(?:significant|real|good|great|tremendous|substantial|considerable|important|some|major) (?:progress|headway|breakthrough)|closer to (?:a |an )?(?:deal|agreement|settlement|peace)|moved (?:the |a )?(?:\w+ )?(?:plan |process |talks )?forward)\b`)
	reDuration        = rx.MustCompile(`(?i)\b((?:nearly|almost|about|around|more than|over|some|roughly|just under|just over|less than|at least|well over)\s+)?(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|half an?)(?:[- ]and[- ]a[- ]half)?[- ](hours?|days?|minutes?)(?:[- ]long)?\b`)
	reDayOfTalks      = rx.MustCompile(`(?i)\b((?:a|one|two|three|their|the|a full|a long)\s+days?\s+of\s+(?:talks|negotiations|meetings|discussions))\b`)
)

// Outcomes returns the phrases of p that characterise how a meeting went:
// an evaluative word ("productive", "very fruitful", "not very
// constructive") in a sentence that names a meeting or reports what was
// said of one, or what the meeting produced ("no compromise", "without a
// breakthrough", "real progress", "closer to a deal"). A phrase nearest
// to a place of another meeting (one of elsewhere, lower-case) rather than
// one of own is about that other meeting ("the Florida meeting had been
// productive and built on Geneva"): see aboutElsewhere.
// Each phrase once, at most four.
func Outcomes(p Passage, own, elsewhere []string) []Phrase {
	var out []Phrase
	seen := map[string]bool{}
	add := func(text string, tone int) {
		text = strings.TrimSpace(text)
		key := strings.ToLower(text)
		if text == "" || seen[key] || len(out) >= 4 {
			return
		}
		seen[key] = true
		out = append(out, Phrase{Text: text, Passage: p.ID, Tone: tone})
	}
	for _, s := range prose.Sentences(p.Text) {
		if !hasMeetingWord(s) {
			continue
		}
		ok := func(a, b int) bool { return !aboutElsewhere(s, a, b, own, elsewhere) }
		// Longer readings first; a phrase inside one already taken ("no
		// significant progress" holds "significant progress") is not
		// another.
		var taken [][2]int
		free := func(a, b int) bool {
			for _, t := range taken {
				if a < t[1] && b > t[0] {
					return false
				}
			}
			taken = append(taken, [2]int{a, b})
			return true
		}
		for _, loc := range reOutcomeNoDeal.FindAllStringIndex(s, -1) {
			if ok(loc[0], loc[1]) && free(loc[0], loc[1]) {
				add(s[loc[0]:loc[1]], -1)
			}
		}
		for _, loc := range reOutcomeProgress.FindAllStringIndex(s, -1) {
			if ok(loc[0], loc[1]) && free(loc[0], loc[1]) {
				add(s[loc[0]:loc[1]], 1)
			}
		}
		for _, loc := range reOutcomeAdj.FindAllStringSubmatchIndex(s, -1) {
			phrase := s[loc[2]:loc[3]]
			if loc[2] > 0 && phrase[0] >= 'A' && phrase[0] <= 'Z' {
				continue // a name ("Great Britain"), not a judgement
			}
			// The meeting, or what was said of it, stands near the words.
			// A predicate ("talks between … were very fruitful") reaches
			// back to its subject, however long.
			back := 60
			if isPredicate(s[:loc[2]]) {
				back = 160
			}
			if !hasMeetingWord(s[max(0, loc[2]-back):min(len(s), loc[3]+30)]) || !ok(loc[2], loc[3]) || !free(loc[2], loc[3]) {
				continue
			}
			add(phrase, toneOf(phrase))
		}
	}
	return out
}

// isPredicate tells whether the words before an evaluative phrase end in
// a verb of being ("were", "had been", "was described as"), quotes aside:
// the phrase then says how its sentence's subject went.
func isPredicate(before string) bool {
	before = strings.TrimRight(before, " \"“‘'")
	return hasAnySuffix(strings.ToLower(before), " was", " were", " been", " is", " are", " be", " as", " remained", " proved")
}

// toneOf is the tone of an evaluative phrase: its last evaluative word's,
// reversed by "not".
func toneOf(phrase string) int {
	words := prose.Words(phrase)
	tone := 0
	for _, w := range words {
		if t, ok := outcomeWords[w]; ok {
			tone = t
		}
	}
	if len(words) > 0 && words[0] == "not" {
		tone = -tone
	}
	return tone
}

// Durations returns the phrases of p that say how long a meeting lasted
// ("nearly five-hour discussions" gives "nearly five-hour", "two days of
// talks"), in sentences that name a meeting and do not name another
// meeting's place before it (see Outcomes); a span that dates something
// else ("in three days", "for the past two days") is not one.
func Durations(p Passage, own, elsewhere []string) []Phrase {
	var out []Phrase
	seen := map[string]bool{}
	for _, s := range prose.Sentences(p.Text) {
		if !hasMeetingWord(s) {
			continue
		}
		var found []string
		for _, loc := range reDuration.FindAllStringIndex(s, -1) {
			before := strings.ToLower(strings.TrimSpace(s[max(0, loc[0]-12):loc[0]]))
			after := strings.ToLower(s[loc[1]:min(len(s), loc[1]+6)])
			if aboutElsewhere(s, loc[0], loc[1], own, elsewhere) {
				continue
			}
			if hasAnySuffix(before, " in", " within", " past", " last", " next", " every", " per", "for the") ||
				strings.HasPrefix(strings.TrimSpace(after), "ago") || strings.HasPrefix(strings.TrimSpace(after), "later") ||
				strings.HasPrefix(strings.TrimSpace(after), "before") || strings.HasPrefix(strings.TrimSpace(after), "after") {
				continue
			}
			found = append(found, s[loc[0]:loc[1]])
		}
		for _, loc := range reDayOfTalks.FindAllStringIndex(s, -1) {
			if !aboutElsewhere(s, loc[0], loc[1], own, elsewhere) {
				found = append(found, s[loc[0]:loc[1]])
			}
		}
		for _, f := range found {
			if key := strings.ToLower(f); !seen[key] && len(out) < 3 {
				seen[key] = true
				out = append(out, Phrase{Text: f, Passage: p.ID})
			}
		}
	}
	return out
}

// aboutElsewhere reports whether the words s[a:b] of a sentence are about
// another meeting: the place named last before them, or when none is, the
// first within 50 bytes after them, is one of elsewhere rather than one of
// own (names lower-case, matched as words).
func aboutElsewhere(s string, a, b int, own, elsewhere []string) bool {
	before, after := s[:a], s[b:min(len(s), b+50)]
	last := func(names []string) int {
		found := -1
		for _, n := range names {
			found = max(found, lastWord(before, n))
		}
		return found
	}
	first := func(names []string) int {
		found := -1
		for _, n := range names {
			if i := firstWord(after, n); i >= 0 && (found < 0 || i < found) {
				found = i
			}
		}
		return found
	}
	if other, mine := last(elsewhere), last(own); other >= 0 || mine >= 0 {
		return other > mine
	}
	other, mine := first(elsewhere), first(own)
	return other >= 0 && (mine < 0 || other < mine)
}

// lastWord is where the last whole-word occurrence of w (lower-case) in
// text starts, or -1.
func lastWord(text, w string) int {
	lt := strings.ToLower(text)
	for end := len(lt); w != ""; {
		i := strings.LastIndex(lt[:end], w)
		if i < 0 {
			return -1
		}
		if wholeWordAt(lt, i, len(w)) {
			return i
		}
		end = i
	}
	return -1
}

// firstWord is where the first whole-word occurrence of w (lower-case) in
// text starts, or -1.
func firstWord(text, w string) int {
	lt := strings.ToLower(text)
	for from := 0; w != ""; {
		i := strings.Index(lt[from:], w)
		if i < 0 {
			return -1
		}
		if wholeWordAt(lt, from+i, len(w)) {
			return from + i
		}
		from += i + 1
	}
	return -1
}

func wholeWordAt(s string, i, n int) bool {
	j := i + n
	return (i == 0 || !isWordByte(s[i-1])) && (j == len(s) || !isWordByte(s[j]))
}

func hasMeetingWord(s string) bool {
	for _, w := range prose.Words(s) {
		if meetingWords[w] {
			return true
		}
	}
	return false
}

func hasAnySuffix(s string, suffixes ...string) bool {
	s = " " + s
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
