package dates

import (
	"unicode"
	"unicode/utf8"
)

// Searching a paragraph with each rule is slow: Go's regexp retries an
// unanchored pattern at every byte. So Find splits the text into words,
// and tries each rule, anchored, only at the words that can begin it: a
// number, a month or weekday name, "the", or a qualifier such as "last".

// Classes of the words that can begin a date expression.
const (
	wDigit   = 1 << iota // 5, 23rd, 2025
	wMonth               // December, Dec
	wWeekday             // Friday, Fri
	wThe                 // the
	wWord                // last, early, yesterday, over, two, ...
)

// reach is how many words after its first an expression may run to
// ("the 1st of December and the 3rd of December 2025" is nine).
const reach = 10

// word is a run of letters and digits, s[start:end], and its class.
type word struct {
	start, end int
	class      int
}

// words splits s into runs of letters and digits.
func words(s string) []word {
	var out []word
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) {
				break
			}
			j += size
		}
		out = append(out, word{i, j, classOf(s[i:j])})
		i = j
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// classOf returns the class of a word, 0 when no expression begins with it.
func classOf(w string) int {
	if isDigit(w[0]) {
		return wDigit
	}
	if len(w) > 9 {
		return 0
	}
	var buf [9]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(w)]) {
	case "january", "jan", "february", "feb", "march", "mar", "april", "apr", "may",
		"june", "jun", "july", "jul", "august", "aug", "september", "sept", "sep",
		"october", "oct", "november", "nov", "december", "dec":
		return wMonth
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun":
		return wWeekday
	case "the":
		return wThe
	case "yesterday", "today", "tonight", "tomorrow", "earlier", "later",
		"this", "last", "next", "past", "coming", "previous", "following",
		"early", "mid", "late", "beginning", "start", "middle", "end", "at", "over",
		"a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight",
		"nine", "ten", "eleven", "twelve":
		return wWord
	}
	return 0
}
