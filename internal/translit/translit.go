// Package translit folds the spellings of one name into one key, so that
// the romanisations of Ukrainian and Russian names that news writes in many
// ways (Yermak, Iermak, Jermak; Zelensky, Zelenskyy, Zelenskiy; Kostyukov,
// Kostiukov; Arakhamia, Arakhamiya; Budanov, Budanow; Hnatov, Gnatov;
// Volodymyr, Vladimir; Andrii, Andriy, Andrey; Oleksandr, Alexander) are
// recognised as one.
//
// It knows letters, not names: the key is built by rules of romanisation
// (h/g, kh/h, ks/x, ts/tz/c, w/v, j/y/i, y/i, final -iy/-yi/-ei, doubled
// letters, an initial o- before l as in Ukrainian forms of Greek names),
// and Same compares keys allowing the small differences that remain
// (Ukrainian -olo- against Russian -la-, -andr against -ander) by edit
// distance, more for longer names. There is no list of names or pairs.
package translit

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Key returns the spelling-independent key of one word of a name: lower
// case, accents removed, romanisation variants folded. Words that are not
// letters come back lower-cased.
func Key(word string) string {
	w := ascii(strings.ToLower(word))
	if w == "" {
		return ""
	}
	// Multi-letter spellings of one sound first.
	for _, r := range [...][2]string{
		{"shch", "sc"}, {"sz", "s"}, {"sch", "s"}, {"tch", "c"}, {"zh", "j"}, {"kh", "h"}, {"ch", "c"},
		{"sh", "s"}, {"ts", "c"}, {"tz", "c"}, {"cz", "c"}, {"ks", "x"}, {"cs", "x"},
		{"ph", "f"}, {"w", "v"}, {"q", "k"}, {"ck", "k"},
	} {
		w = strings.ReplaceAll(w, r[0], r[1])
	}
	// Ukrainian h is Russian g (Hnatov, Gnatov; Serhiy, Sergei).
	w = strings.ReplaceAll(w, "h", "g")
	// j and y are i (Jermak, Yermak, Iermak → iermak; Zelenskyy → zelenskii).
	w = strings.Map(func(r rune) rune {
		switch r {
		case 'j', 'y':
			return 'i'
		}
		return r
	}, w)
	// An initial i before a vowel is the glide of Ye-/Yu-/Ya- (Iermak, Yermak).
	if len(w) > 3 && w[0] == 'i' && strings.ContainsRune("aeou", rune(w[1])) {
		w = w[1:]
	}
	// Endings -ei, -ii (from -ey, -iy, -yi, -yy) are one.
	for _, end := range []string{"ei", "ii", "ie"} {
		if strings.HasSuffix(w, end) && len(w) > 3 {
			w = w[:len(w)-2] + "i"
			break
		}
	}
	// Ukrainian forms of Greek names open with o- before l (Oleksandr,
	// Oleksiy) where the Russian and English ones have a-.
	if strings.HasPrefix(w, "ol") && len(w) > 5 {
		w = "al" + w[2:]
	}
	return collapse(w)
}

// Same reports whether two words of names are one word in different
// spellings: equal keys; keys of five to seven letters one vowel apart
// (Dmytro, Dmitri; Mykhailo, Mikhail); keys of eight letters or more within
// two edits (Volodymyr, Vladimir; Oleksandr, Alexander). Keys must start
// with the same letter; words under five letters must have equal keys.
func Same(a, b string) bool {
	ka, kb := Key(a), Key(b)
	if ka == kb {
		return ka != ""
	}
	n := min(len(ka), len(kb))
	if n < 5 || ka[0] != kb[0] {
		return false
	}
	if n < 8 {
		return vowelApart(ka, kb)
	}
	return abs(len(ka)-len(kb)) <= 2 && distance(ka, kb) <= 2
}

// vowelApart reports whether two keys differ by one vowel: one inserted,
// dropped or replaced by another.
func vowelApart(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	switch len(b) - len(a) {
	case 0:
		return vowel(a[i]) && vowel(b[i]) && a[i+1:] == b[i+1:]
	case 1:
		return vowel(b[i]) && a[i:] == b[i+1:]
	}
	return false
}

// ascii removes accents and anything that is not a letter.
func ascii(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		case r == 'ł':
			b.WriteByte('l')
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ı':
			b.WriteByte('i')
		}
	}
	return b.String()
}

// collapse writes doubled letters once ("Zelenskii" → "zelenski").
func collapse(s string) string {
	var b strings.Builder
	var prev byte
	for i := 0; i < len(s); i++ {
		if s[i] != prev {
			b.WriteByte(s[i])
		}
		prev = s[i]
	}
	return b.String()
}

// distance is the Levenshtein distance of two ASCII strings.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
