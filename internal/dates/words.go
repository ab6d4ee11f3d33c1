package dates

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// monthNumber returns the month (1-12) that a name or abbreviation matched
// by pMonth stands for, and whether it was written in full.
func monthNumber(w string) (n int, full bool) {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	names := [...]string{"january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november", "december"}
	for i, name := range names {
		if w == name {
			return i + 1, true
		}
		if len(w) >= 3 && strings.HasPrefix(name, w) {
			return i + 1, false
		}
	}
	return 0, false
}

// weekdayOf returns the weekday a full weekday name stands for.
func weekdayOf(w string) time.Weekday {
	switch strings.ToLower(w)[:3] {
	case "mon":
		return time.Monday
	case "tue":
		return time.Tuesday
	case "wed":
		return time.Wednesday
	case "thu":
		return time.Thursday
	case "fri":
		return time.Friday
	case "sat":
		return time.Saturday
	}
	return time.Sunday
}

// dayNumber reads a day matched by pDay ("5", "05", "23rd") and reports
// whether it carried an ordinal suffix.
func dayNumber(w string) (n int, ordinal bool) {
	digits := strings.TrimRight(w, "stndrh")
	n, _ = strconv.Atoi(digits)
	return n, len(digits) < len(w)
}

// count reads a small count written as a word or digits ("a", "two", "3").
func count(w string) int {
	w = strings.ToLower(w)
	if n, err := strconv.Atoi(w); err == nil {
		return n
	}
	words := [...]string{"one", "two", "three", "four", "five", "six", "seven",
		"eight", "nine", "ten", "eleven", "twelve"}
	for i, x := range words {
		if w == x {
			return i + 1
		}
	}
	return 1 // "a", "an"
}

// standsAlone reports whether s[start:end] is not part of a larger number
// or amount: "18.41", "1,000", "US$12", "3/4/5/6" are not dates.
func standsAlone(s string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		switch {
		case unicode.IsDigit(r), r == '$', r == '€', r == '£', r == '#':
			return false
		case strings.ContainsRune(".,:/-", r) && start > 1 && isDigit(s[start-2]):
			return false
		}
	}
	if end < len(s) {
		c := s[end]
		if isDigit(c) || strings.IndexByte(".,:/-", c) >= 0 && end+1 < len(s) && isDigit(s[end+1]) {
			return false
		}
		if c == '%' {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// functionWords may follow a bare day number or ordinal that is a date ("on
// the 23rd and ...", "on June 20 and 21 in Geneva"); any other word makes
// the number a count or a rank ("the 23rd brigade", "and 30 soldiers").
const functionWords = " a after amid and as at before but by during for from if in on or since than that the then this till to until when where which while with "

// followedByNoun reports whether the next word after end is a word that
// is not a function word.
func followedByNoun(s string, end int) bool {
	rest := strings.TrimLeft(s[end:], " \t")
	i := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		i = len(rest)
	}
	if i == 0 {
		return false
	}
	return !strings.Contains(functionWords, " "+strings.ToLower(rest[:i])+" ")
}

// monthContext lists the words after which a lone "May" or "March" is a
// month ("in May", "since March", "by late May").
const monthContext = " in since until till by from during through throughout to of before after between and or early mid late last next this past "

// previousWord returns the word just before offset i, lower-cased.
func previousWord(s string, i int) string {
	rest := strings.TrimRight(s[:i], " \t")
	j := strings.LastIndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
	if j >= 0 {
		_, size := utf8.DecodeRuneInString(rest[j:])
		rest = rest[j+size:]
	}
	return strings.ToLower(rest)
}
