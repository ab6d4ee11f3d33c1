package gazetteer

import (
	"strings"
	"unicode"
)

// Fold returns the key under which a name is matched: lower case, without
// diacritics ("Genève" → "geneve", "Łódź" → "lodz", "ß" → "ss") or
// apostrophes, every other run of characters that are neither letters nor
// digits turned into one space, and a leading "the " dropped. Two names match
// when their keys are equal.
//
// Letters are folded by data/fold.tsv, which covers every letter that occurs
// in the data; combining marks are dropped, so decomposed input folds too.
func Fold(name string) string {
	return fold(load().fold, name)
}

func fold(table map[rune]string, s string) string {
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range s {
		r = unicode.ToLower(r)
		if isApostrophe(r) || unicode.Is(unicode.M, r) {
			continue
		}
		f, ok := table[r]
		if !ok && !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		gap = false
		if ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	key := b.String()
	if rest, ok := strings.CutPrefix(key, "the "); ok {
		return rest
	}
	return key
}

// isApostrophe reports the characters that are dropped rather than turned
// into a space, so that "Sant'Antioco" and "Santantioco" match. It must agree
// with gen/fold.mjs.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', 'ʻ', '`':
		return true
	}
	return false
}
