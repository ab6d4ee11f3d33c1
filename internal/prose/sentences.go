package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations are words that end in a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true, "lt": true,
	"col": true, "sgt": true, "gov": true, "sen": true, "rep": true, "prof": true, "jr": true,
	"sr": true, "vs": true, "no": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true,
	"dec": true, "inc": true, "ltd": true, "co": true, "corp": true, "approx": true, "etc": true,
}

// Sentences cuts text into sentences at ., ! or ? followed by space and
// a capital letter, digit or opening quote, keeping closing quotes and
// brackets with the sentence they end. Initials (U.S., J.) and common
// abbreviations do not end a sentence.
func Sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i
		// Absorb further terminators and closing quotes/brackets.
		for end < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[end:])
			if strings.ContainsRune(".!?…\"'”’)]", r2) {
				end += s2
				continue
			}
			break
		}
		if end >= len(text) {
			break
		}
		next, ns := utf8.DecodeRuneInString(text[end:])
		if !unicode.IsSpace(next) {
			continue
		}
		j := end + ns
		for j < len(text) {
			r3, s3 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(r3) {
				break
			}
			j += s3
		}
		if j >= len(text) {
			break
		}
		first, _ := utf8.DecodeRuneInString(text[j:])
		if !(unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsRune("\"“‘'(", first)) {
			continue
		}
		if r == '.' && isAbbreviation(text[start:i-1]) {
			continue
		}
		out = append(out, strings.TrimSpace(text[start:end]))
		start = j
		i = j
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// isAbbreviation reports whether the word that ends s (just before a full
// stop) is an initial or a known abbreviation.
func isAbbreviation(s string) bool {
	k := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '“' || r == '"' })
	word := s[k+1:]
	if k >= 0 {
		_, size := utf8.DecodeRuneInString(s[k:])
		word = s[k+size:]
	}
	if word == "" {
		return false
	}
	// Initials and dotted abbreviations: "U.S", "J", "a.m".
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]) {
		return true
	}
	if strings.Contains(word, ".") && utf8.RuneCountInString(word) <= 5 {
		return true
	}
	return abbreviations[strings.ToLower(word)]
}

// CutAtWord shortens s to at most max runes, cutting at a word boundary and
// marking the cut with an ellipsis.
func CutAtWord(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)
	cut := max - 1
	for i := cut; i > max/2; i-- {
		if unicode.IsSpace(runes[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(runes[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '”' && r != '"' && r != ')'
	}) + "…"
}

// NormalizeSpace trims s and collapses runs of white space (including
// non-breaking spaces) into single spaces; zero-width characters go.
func NormalizeSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
