package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// isoDate reads 2025-11-30, with or without a time after a "T".
func isoDate(s string, m []int, _ time.Time) (Mention, bool) {
	y, _ := strconv.Atoi(group(s, m, 1))
	mo, _ := strconv.Atoi(group(s, m, 2))
	d, _ := strconv.Atoi(group(s, m, 3))
	if y < 1900 || y > 2099 {
		return Mention{}, false
	}
	return single(time.Time{}, y, mo, d)
}

// numericDate reads day-first 05.02.2026, 23/10/2025 and 16.05.25; it
// reads month-first only when day-first is impossible (11/30/2025).
func numericDate(s string, m []int, _ time.Time) (Mention, bool) {
	if group(s, m, 2) != group(s, m, 4) {
		return Mention{}, false
	}
	a, _ := strconv.Atoi(group(s, m, 1))
	b, _ := strconv.Atoi(group(s, m, 3))
	ys := group(s, m, 5)
	y, _ := strconv.Atoi(ys)
	if len(ys) == 2 {
		y += 2000
	}
	if day(y, b, a).IsZero() {
		a, b = b, a
	}
	return single(time.Time{}, y, b, a)
}

// dayMonth reads 12 Mar 2025, Mon 8 Dec 2025, the 2nd of December.
func dayMonth(s string, m []int, base time.Time) (Mention, bool) {
	d, _ := dayNumber(group(s, m, 1))
	mo, _ := monthNumber(group(s, m, 2))
	return single(base, year(group(s, m, 3)), mo, d)
}

// monthDay reads March 12, 2025, Friday, August 15, 2025, December 2.
func monthDay(s string, m []int, base time.Time) (Mention, bool) {
	mo, _ := monthNumber(group(s, m, 1))
	d, _ := dayNumber(group(s, m, 2))
	return single(base, year(group(s, m, 3)), mo, d)
}

// dayMonthRange reads from 1 to 3 March, 20 March and 21 March 2025.
func dayMonthRange(s string, m []int, base time.Time) (Mention, bool) {
	d1, _ := dayNumber(group(s, m, 1))
	m2, _ := monthNumber(group(s, m, 4))
	m1 := m2
	if g := group(s, m, 2); g != "" {
		m1, _ = monthNumber(g)
	}
	d2, _ := dayNumber(group(s, m, 3))
	return span(base, year(group(s, m, 5)), m1, d1, m2, d2)
}

// monthDayRange reads January 23-24, February 4 and 5, June 20 and June
// 30. A bare second number joined by a word and followed by a noun is a
// count, not a day ("on June 20 and 30 soldiers"), and the match is
// dropped for the shorter single date to take its place.
func monthDayRange(s string, m []int, base time.Time) (Mention, bool) {
	m1, _ := monthNumber(group(s, m, 1))
	d1, _ := dayNumber(group(s, m, 2))
	m2 := m1
	if g := group(s, m, 3); g != "" {
		m2, _ = monthNumber(g)
	} else if byWord := strings.IndexFunc(s[m[5]:m[8]], unicode.IsLetter) >= 0; byWord && group(s, m, 5) == "" && followedByNoun(s, m[1]) {
		return Mention{}, false
	}
	d2, _ := dayNumber(group(s, m, 4))
	return span(base, year(group(s, m, 5)), m1, d1, m2, d2)
}

// monthOnly reads November, November 2025, early December, mid-January,
// the end of March, last May. A month alone must be written in full, and
// "May" or "March" alone must follow a qualifier or a preposition.
func monthOnly(s string, m []int, base time.Time) (Mention, bool) {
	q, y := strings.ToLower(group(s, m, 1)), year(group(s, m, 5))
	part := strings.ToLower(group(s, m, 2))
	switch strings.ToLower(group(s, m, 3)) {
	case "beginning", "start":
		part = "early"
	case "middle":
		part = "mid"
	case "end":
		part = "late"
	}
	name := group(s, m, 4)
	mo, full := monthNumber(name)
	if y == 0 && !full {
		return Mention{}, false
	}
	if lower := strings.ToLower(name); y == 0 && q == "" && part == "" && (lower == "may" || lower == "march") &&
		!strings.Contains(monthContext, " "+previousWord(s, m[0])+" ") {
		return Mention{}, false
	}
	men := Mention{Year: y, Month: mo, Part: part}
	if y == 0 {
		men.Relative = true
		if base.IsZero() {
			return men, true
		}
		y = monthYear(base, mo, q)
	}
	men.From, men.To = partOf(y, mo, part)
	return men, true
}

// ordinalDay reads "the 23rd": a day with an ordinal suffix, not followed
// by a noun it would rank ("the 23rd brigade").
func ordinalDay(s string, m []int, base time.Time) (Mention, bool) {
	d, ordinal := dayNumber(group(s, m, 1))
	ofMonth := reOfMonth.FindStringSubmatch(s[m[1]:])
	if !ordinal || ofMonth == nil && followedByNoun(s, m[1]) {
		return Mention{}, false
	}
	men := Mention{Day: d, Relative: true}
	if !base.IsZero() {
		men.From = latestDay(base, d)
		if ofMonth != nil {
			// "the 23rd of last month": that day of the month named.
			shift := map[string]int{"last": -1, "previous": -1, "this": 0, "next": 1, "following": 1}[strings.ToLower(ofMonth[1])]
			first := time.Date(base.Year(), base.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, shift, 0)
			men.From = time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
		}
		men.To = men.From
	}
	return men, true
}

// reOfMonth continues an ordinal day with the month it is of, relative to
// base ("the 23rd of last month").
var reOfMonth = regexp.MustCompile(`^\s+(?i:of)\s+(?:(?i:the)\s+)?((?i:last|previous|this|next|following))\s+(?i:month)\b`)

// year reads a four-digit year, 0 for "".
func year(w string) int {
	y, _ := strconv.Atoi(w)
	return y
}

// single builds the Mention of one day; y == 0 resolves against base.
// It reports false for a day that does not exist.
func single(base time.Time, y, m, d int) (Mention, bool) {
	men := Mention{Year: y, Month: m, Day: d}
	switch {
	case y != 0:
		men.From = day(y, m, d)
		if men.From.IsZero() {
			return Mention{}, false
		}
	case day(2024, m, d).IsZero(): // no such day in any year
		return Mention{}, false
	default:
		men.Relative = true
		if !base.IsZero() {
			men.From = latestDate(base, m, d)
		}
	}
	men.To = men.From
	return men, true
}

// span builds the Mention of the days m1-d1 to m2-d2. A written year
// belongs to the last day; a range that crosses New Year starts a year
// earlier. Without a year the first day resolves against base.
func span(base time.Time, y, m1, d1, m2, d2 int) (Mention, bool) {
	men := Mention{Year: y, Month: m1, Day: d1, ToMonth: m2, ToDay: d2}
	if day(2024, m1, d1).IsZero() || day(2024, m2, d2).IsZero() {
		return Mention{}, false
	}
	var y1 int
	switch {
	case y != 0:
		y1 = y
		if m1 > m2 {
			y1--
		}
	case base.IsZero():
		men.Relative = true
		return men, true
	default:
		men.Relative = true
		y1 = latestDate(base, m1, d1).Year()
	}
	men.From = day(y1, m1, d1)
	y2 := y1
	if m2 < m1 {
		y2++
	}
	men.To = day(y2, m2, d2)
	if men.From.IsZero() || men.To.IsZero() || men.To.Before(men.From) {
		return Mention{}, false
	}
	return men, true
}
