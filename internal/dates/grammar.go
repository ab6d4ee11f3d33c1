package dates

import (
	"regexp"
	"time"
)

// Building blocks of the grammar. Month names are case-insensitive except
// "May" and "March", which are common words in lower case ("may", "march");
// only an abbreviation takes a full stop ("Nov."), a full name leaves the
// sentence's own.
const (
	pDay   = `(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?`
	pMonth = `(?:(?:(?i:january|february|april|june|july|august|september|october|november|december)|March|MARCH|May|MAY)\b|(?:(?i:jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec)|Mar|MAR)(?:\.|\b))`
	pYear  = `(?:19|20)[0-9]{2}`
	pWeek  = `(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)`
	// pWeekPre is a weekday before a written date; abbreviations are allowed
	// only here, where "Sun" or "Sat" cannot be a newspaper or a verb.
	pWeekPre = `(?:(?:` + pWeek + `|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\b\.?,?\s+)?`
	pConn    = `(?:\s*[-–—]\s*|\s+(?i:to|and|through|until|till|or)\s+)`
	pThe     = `(?:(?i:the)\s+)?`
	pOf      = `(?:\s+(?i:of))?`
	pNum     = `(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]{1,2})`
)

// The compiled grammar. These values are read-only after initialisation
// and safe for concurrent use; no state is kept between calls.
var (
	// 2025-11-30, 2025-11-30T18:42:00+00:00, 2025/11/30
	reISO = regexp.MustCompile(`^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?|\b)`)
	// 05.02.2026, 23/10/2025, 16.05.25
	reNumeric = regexp.MustCompile(`^([0-9]{1,2})([./-])([0-9]{1,2})([./-])([0-9]{4}|[0-9]{2})\b`)
	// 12 Mar 2025, Mon 8 Dec 2025, the 2nd of December
	reDM = regexp.MustCompile(`^` + pWeekPre + pThe + `\b(` + pDay + `)` + pOf + `\s+(` + pMonth + `)(?:,?\s+(` + pYear + `)\b)?`)
	// from 1 to 3 March, 20 March and 21 March 2025
	reDMRange = regexp.MustCompile(`^` + pThe + `(` + pDay + `)` + pOf + `(?:\s+(` + pMonth + `))?` + pConn + pThe + `\b(` + pDay + `)` + pOf + `\s+(` + pMonth + `)(?:,?\s+(` + pYear + `)\b)?`)
	// March 12, 2025, Friday, August 15, 2025, Nov. 23, 2025, December 2
	reMD = regexp.MustCompile(`^` + pWeekPre + `(` + pMonth + `)\s+` + pThe + `(` + pDay + `)\b(?:,?\s+(` + pYear + `)\b)?`)
	// January 23-24, February 4 and 5, between June 20 and June 30
	reMDRange = regexp.MustCompile(`^(` + pMonth + `)\s+(` + pDay + `)` + pConn + `(?:(` + pMonth + `)\s+)?(` + pDay + `)\b(?:,?\s+(` + pYear + `)\b)?`)
	// November, November 2025, early December, mid-January, last March
	reMonth = regexp.MustCompile(`^(?:((?i:last|next|this|past))\s+|((?i:early|mid|late))(?:\s+|-|–)|` + pThe + `((?i:beginning|start|middle|end))\s+(?i:of)\s+)?(` + pMonth + `)(?:,?\s+(` + pYear + `)\b)?`)
	// the 23rd
	reOrdinal = regexp.MustCompile(`^(?i:the)\s+(` + pDay + `)\b`)
	// Tuesday, last Tuesday, the previous Sunday, next Friday
	reWeekday = regexp.MustCompile(`^(?:` + pThe + `((?i:last|next|coming|this|previous|past|following))\s+)?(` + pWeek + `)\b`)
	// yesterday, last week, over the weekend, earlier this month, a week ago
	reRelative = regexp.MustCompile(`^(?i:(yesterday|today|tonight|tomorrow)|(earlier|later)\s+this\s+(week|month|year)|(this|last|next|past|(?:the\s+)?previous)\s+(weekend|week|month|year)|(?:at|over)\s+the\s+(weekend)|(` + pNum + `)\s+(days?|weeks?|months?|years?)\s+ago)\b`)
)

// A rule turns one regexp match (submatch indexes m into s) into a Mention,
// or reports false when the match is not a date after all. Start, End and
// Text are filled in by Find.
type rule struct {
	first int            // the classes of word the expression can begin with
	re    *regexp.Regexp // anchored at the first word
	build func(s string, m []int, base time.Time) (Mention, bool)
}

// grammar lists the rules; Find keeps the longest of overlapping matches,
// so the order here does not matter. Every pattern is anchored with ^: Find
// tries it at the start of each word of a class in first.
func grammar() []rule {
	return []rule{
		{wDigit, reISO, isoDate},
		{wDigit, reNumeric, numericDate},
		{wWeekday | wThe | wDigit, reDM, dayMonth},
		{wThe | wDigit, reDMRange, dayMonthRange},
		{wWeekday | wMonth, reMD, monthDay},
		{wMonth, reMDRange, monthDayRange},
		{wWord | wThe | wMonth, reMonth, monthOnly},
		{wThe, reOrdinal, ordinalDay},
		{wThe | wWord | wWeekday, reWeekday, weekday},
		{wWord | wDigit, reRelative, relativeWord},
	}
}

// group returns submatch i of m in s, or "" when it did not take part.
func group(s string, m []int, i int) string {
	if 2*i+1 >= len(m) || m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}
