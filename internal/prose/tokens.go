// Package prose cuts English news text into the pieces the reading and
// extraction stages share: words with their byte spans (Tokenize, Words),
// sentences (Sentences), white space made plain (NormalizeSpace) and a cut at
// a word boundary (CutAtWord). It knows nothing of articles, people or
// places.
package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text, with its byte span.
type Token struct {
	Text       string // as written, without a possessive ’s
	Lower      string
	Start, End int    // byte span of Text in the source
	Capital    bool   // starts with an upper-case letter
	Possessive bool   // followed by ’s or '
	Before     string // the text between the previous token and this one
}

// Tokenize splits text into words: runs of letters and digits, with inner
// apostrophes, hyphens and dots ("O’Sullivan", "28-point", "U.S.") kept. A
// trailing possessive ’s is cut off and noted.
func Tokenize(text string) []Token {
	var out []Token
	i, prevEnd := 0, 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		end := i
		for j := i; j < len(text); {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if isWordRune(r2) {
				j += s2
				end = j
				continue
			}
			if strings.ContainsRune("’'-.", r2) && j+s2 < len(text) {
				r3, _ := utf8.DecodeRuneInString(text[j+s2:])
				if isWordRune(r3) {
					j += s2
					continue
				}
			}
			break
		}
		t := Token{Text: text[start:end], Start: start, End: end, Before: text[prevEnd:start]}
		prevEnd = end
		for _, suffix := range []string{"’s", "'s", "’S", "'S"} {
			if strings.HasSuffix(t.Text, suffix) && len(t.Text) > len(suffix) {
				t.Text = t.Text[:len(t.Text)-len(suffix)]
				t.Possessive = true
				break
			}
		}
		if !t.Possessive && end < len(text) && (text[end] == '\'' || strings.HasPrefix(text[end:], "’")) && strings.HasSuffix(t.Text, "s") {
			t.Possessive = true
		}
		t.Lower = strings.ToLower(t.Text)
		first, _ := utf8.DecodeRuneInString(t.Text)
		t.Capital = unicode.IsUpper(first)
		out = append(out, t)
		i = end
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Words returns the lower-case words of s.
func Words(s string) []string {
	toks := Tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Lower
	}
	return out
}
