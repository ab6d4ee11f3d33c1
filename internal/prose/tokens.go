// Package prose cuts English news text into the pieces the reading and
// extraction stages share: words with their byte spans (Tokenize, Words),
// sentences (Sentences), white space made plain (NormalizeSpace) and a cut at
// a word boundary (CutAtWord). It knows nothing of articles, people or
// places.
package prose

import (
	"iter"
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
	for t := range Tokens(text) {
		t.Lower = strings.ToLower(t.Text)
		out = append(out, t)
	}
	return out
}

// Tokens yields the tokens Tokenize returns, without their Lower (a
// string made for every word, which a caller looking words up in a map
// can do without: see LowerASCII).
func Tokens(text string) iter.Seq[Token] {
	return func(yield func(Token) bool) {
		i, prevEnd := 0, 0
		for i < len(text) {
			r, size := firstRune(text[i:])
			if !isWordRune(r) {
				i += size
				continue
			}
			start := i
			end := i
			for j := i; j < len(text); {
				r2, s2 := firstRune(text[j:])
				if isWordRune(r2) {
					j += s2
					end = j
					continue
				}
				if (r2 == '’' || r2 == '\'' || r2 == '-' || r2 == '.') && j+s2 < len(text) {
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
			if c := t.Text[0]; c < utf8.RuneSelf {
				t.Capital = 'A' <= c && c <= 'Z'
			} else {
				first, _ := utf8.DecodeRuneInString(t.Text)
				t.Capital = unicode.IsUpper(first)
			}
			if !yield(t) {
				return
			}
			i = end
		}
	}
}

// LowerASCII is s in lower case, written into buf when s is ASCII (ok),
// so that a map can be asked for string(LowerASCII(…)) without a string
// being made; ok is false, and the result nil, for other text.
func LowerASCII(buf []byte, s string) (lower []byte, ok bool) {
	buf = buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf, true
}

// firstRune is the first rune of s (not empty) and its size, an ASCII
// byte without a call.
func firstRune(s string) (rune, int) {
	if s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Words returns the lower-case words of s.
func Words(s string) []string {
	toks := Tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Lower
	}
	return out
}
