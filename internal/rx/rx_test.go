package rx

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The guard in MayMatch holds because these two are the only non-ASCII
// runes that (?i) folds to an ASCII letter.
func TestFoldOrbits(t *testing.T) {
	var found []rune
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < 0x80 {
				found = append(found, r)
				break
			}
		}
	}
	if !slices.Equal(found, []rune{'\u017f', '\u212a'}) {
		t.Errorf("non-ASCII runes folding to ASCII: %q", found)
	}
}

func TestFilters(t *testing.T) {
	az := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"}
	for _, c := range []struct {
		expr               string
		prefixes, contains []string
	}{
		{`(?i)\bcookie (settings|policy)\b`, nil, []string{"cookie "}},
		{`^(held|hold) talks\b`, []string{"held talks", "hold talks"}, []string{" talks"}},
		{`(?i)^(updated|update|breaking)[.:!]\s+`, []string{"update", "breaking"}, []string{"update", "breaking"}}, // the parser makes update(d)?
		{`^[A-Z]+ - `, az, []string{" - "}},
		{`\d+ (min|mins) read`, nil, []string{" read"}},
		{`(?i)^(the|a)? ?x`, []string{"the x", "thex", "a x", "ax", " x", "x"}, nil}, // optional starts
		{`(?i)(ab|cd)`, nil, nil},                 // too short to filter
		{`^(a|b)*`, nil, nil},                     // matches the empty text
		{`(?i)“quoted”`, nil, []string{"quoted"}}, // the ASCII run
		{`^(?:([A-Z]+),)|^x\d`, az, nil},          // a class of first letters
	} {
		re := MustCompile(c.expr)
		if !slices.Equal(re.prefixes, c.prefixes) || !slices.Equal(re.contains, c.contains) {
			t.Errorf("%s: prefixes %q, contains %q; want %q, %q", c.expr, re.prefixes, re.contains, c.prefixes, c.contains)
		}
	}
}

// TestAgreesWithRegexp checks patterns shaped like the project's rules on
// random texts built from their words, their neighbours, capitals and
// runes that fold.
func TestAgreesWithRegexp(t *testing.T) {
	exprs := []string{
		`(?i)\b(we|this (site|website)) (use|uses)( \w+)? cookies\b|\bcookie (settings|policy)\b|\baccept (all )?cookies\b`,
		`(?i)^(updated|update|breaking|developing)[.:!]\s+`,
		`^((around|round|at) the (negotiating )?table|held (a |an |the )?([\w-]+ ){0,3}(talks|meeting)|met (with)?|sat down|in the room (were|was))\b`,
		`\b(US|U\.S\.|American|Russian)(?: and (US|U\.S\.|American|Russian))? (delegations?|negotiators|teams?)\b`,
		`(?i)\b(first|second|1st|2nd)( [\w-]+){0,2} (round|meeting|session)\b`,
		`(?i)^(editor['’]?s note|note to readers|correction)\b`,
		`(?i)\bskip\b|\bKEEP\b`,
		`(?i)^(kyiv|sk)`,
		`^[A-Z][a-z]+ (said|says)\b`,
		`(?i)(ab|cd)x{2,}`,
		`(?i)^(then |also )?(did not|didn't|never)\b`,
		`^(a|the)* ?(keep|skip)`,
		`\b(19|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d{2}\b`,
		`(?i)^(updated )?\d+\s?(m|h|mins?) ago\b:?\s*`,
		`^(?:([A-Z][A-Z'.\-]+)(?:, [A-Z][\w.]+)?|(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})) ?[–—-]{1,2} `,
	}
	words := []string{"we", "use", "uses", "cookies", "cookie", "settings", "policy", "accept", "all", "updated", "update", "breaking",
		"developing", "around", "round", "at", "the", "table", "held", "a", "talks", "meeting", "met", "with", "sat", "down", "in", "room",
		"were", "was", "US", "U.S.", "American", "Russian", "and", "delegation", "delegations", "negotiators", "teams", "first", "second",
		"1st", "round", "session", "editor's", "editor’s", "note", "to", "readers", "correction", "skip", "keep", "kyiv", "sk", "Said", "says",
		"ab", "cd", "xxx", "then", "also", "did", "not", "didn't", "never", "2025", "1999", "05.02.26", "12/3/25", "21m", "ago", "KYIV", "Dec", "2,", "mins", "h", "Sk", "\u212aeep", "\u017fkip", "\u212ayiv", "ſk", ".", ":", "!", ",", "–", "—", "“", "”", "é", "-", "1", "2"}
	var res []*Regexp
	for _, e := range exprs {
		res = append(res, MustCompile(e))
	}
	rng := rand.New(rand.NewPCG(7, 8))
	filtered := 0
	for range 200000 {
		var b strings.Builder
		for j := range 1 + rng.IntN(8) {
			if j > 0 && rng.IntN(5) > 0 {
				b.WriteByte(' ')
			}
			w := words[rng.IntN(len(words))]
			switch rng.IntN(4) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
		}
		s := b.String()
		for _, re := range res {
			if re.MayMatch(s) {
				continue
			}
			filtered++
			if re.Regexp.MatchString(s) {
				t.Fatalf("%s filters out %q, which it matches", re, s)
			}
		}
	}
	if filtered == 0 {
		t.Fatal("no text was filtered out: the test checks nothing")
	}
	if d := Disagreement([]string{"We use cookies", "UPDATED: x", "held talks", "Kyiv", "\u212ayiv"}); d != "" {
		t.Error(d)
	}
}

func TestNeeds(t *testing.T) {
	re := MustCompile(`\b(19|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d{2}\b`)
	// (19|20) needs a 1 or a 2, the other branch a digit (rarer than its
	// . or /, since nearly every sentence has a full stop).
	if re.needs == nil || commonness(re.needs) != 30 || !re.needs['7'] {
		t.Fatalf("a year pattern needs a digit: %s", re.Describe())
	}
	if re.MayMatch("no digits here") || !re.MayMatch("in 2025") {
		t.Error("the digit filter answers wrongly")
	}
}

func TestMethodsFiltered(t *testing.T) {
	re := MustCompile(`(?i)\bcease(fire)?\b`)
	for _, s := range []string{"no truce", "a CEASEFIRE now", ""} {
		plain := re.Regexp
		if re.MatchString(s) != plain.MatchString(s) || re.FindString(s) != plain.FindString(s) ||
			!slices.Equal(re.FindStringIndex(s), plain.FindStringIndex(s)) ||
			!slices.Equal(re.FindStringSubmatch(s), plain.FindStringSubmatch(s)) ||
			!slices.Equal(re.FindStringSubmatchIndex(s), plain.FindStringSubmatchIndex(s)) ||
			!slices.Equal(re.FindAllString(s, -1), plain.FindAllString(s, -1)) ||
			len(re.FindAllStringIndex(s, -1)) != len(plain.FindAllStringIndex(s, -1)) ||
			len(re.FindAllStringSubmatch(s, -1)) != len(plain.FindAllStringSubmatch(s, -1)) ||
			len(re.FindAllStringSubmatchIndex(s, -1)) != len(plain.FindAllStringSubmatchIndex(s, -1)) ||
			re.ReplaceAllString(s, "X") != plain.ReplaceAllString(s, "X") ||
			re.ReplaceAllStringFunc(s, strings.ToUpper) != plain.ReplaceAllStringFunc(s, strings.ToUpper) {
			t.Errorf("%q: a method answers otherwise than regexp's", s)
		}
	}
}
