package dates

import (
	"strings"
	"time"
)

// weekday reads Tuesday, last Tuesday, next Friday, the previous Sunday,
// this coming Monday (see weekdayNear). "The following Monday" counts
// from an event the text names, not from base, and is left unresolved.
func weekday(s string, m []int, base time.Time) (Mention, bool) {
	q := strings.ToLower(group(s, m, 1))
	men := Mention{Relative: true}
	if base.IsZero() || q == "following" {
		return men, true
	}
	men.From = weekdayNear(base, weekdayOf(group(s, m, 2)), q)
	men.To = men.From
	return men, true
}

// relativeWord reads the words that name days relative to base:
//
//	yesterday, today, tonight, tomorrow      one day
//	this/last/next week                      Monday to Sunday
//	this/last/next weekend                   Saturday and Sunday of base's
//	                                         week, the one before, the one after
//	at/over the weekend                      the latest that starts on or
//	                                         before base
//	this/last/next month, this/last/next year  the calendar month or year
//	past week/month/year                     the span ending on base
//	earlier this week/month/year             its start to base
//	later this week/month/year               base to its end
//	N days/weeks/months/years ago            one day
func relativeWord(s string, m []int, base time.Time) (Mention, bool) {
	men := Mention{Relative: true}
	if base.IsZero() {
		return men, true
	}
	lower := func(i int) string { return strings.ToLower(group(s, m, i)) }
	switch {
	case m[2] >= 0: // yesterday, today, ...
		men.From = base
		switch lower(1) {
		case "yesterday":
			men.From = base.AddDate(0, 0, -1)
		case "tomorrow":
			men.From = base.AddDate(0, 0, 1)
		}
		men.To = men.From
	case m[4] >= 0: // earlier/later this week/month/year
		from, to := period(base, lower(3), 0)
		if lower(2) == "earlier" {
			men.From, men.To = from, base
		} else {
			men.From, men.To = base, to
		}
	case m[8] >= 0: // this/last/next/past week/weekend/month/year
		men.From, men.To = relativePeriod(base, lower(4), lower(5))
	case m[12] >= 0: // at/over the weekend: the latest on or before base
		sat := weekdayNear(base, time.Saturday, "")
		men.From, men.To = sat, sat.AddDate(0, 0, 1)
	default: // N units ago
		n := count(group(s, m, 7))
		unit := strings.TrimSuffix(lower(8), "s")
		switch unit {
		case "day":
			men.From = base.AddDate(0, 0, -n)
		case "week":
			men.From = base.AddDate(0, 0, -7*n)
		case "month":
			men.From = base.AddDate(0, -n, 0)
		default:
			men.From = base.AddDate(-n, 0, 0)
		}
		men.To = men.From
	}
	return men, true
}

// relativePeriod resolves "this", "last", "next" or "past" with a unit.
func relativePeriod(base time.Time, q, unit string) (from, to time.Time) {
	q = strings.ToLower(q)
	if strings.HasSuffix(q, "previous") {
		q = "last" // "the previous weekend"
	}
	if q == "past" {
		switch unit {
		case "week":
			return base.AddDate(0, 0, -6), base
		case "month":
			return base.AddDate(0, -1, 1), base
		case "year":
			return base.AddDate(-1, 0, 1), base
		}
		q = "last" // "this past weekend"
	}
	shift := 0
	switch q {
	case "last":
		shift = -1
	case "next":
		shift = 1
	}
	if unit == "weekend" {
		// The weekend of base's Monday-to-Sunday week, shifted.
		sat := monday(base).AddDate(0, 0, 5+7*shift)
		return sat, sat.AddDate(0, 0, 1)
	}
	return period(base, unit, shift)
}

// period returns the calendar week (Monday to Sunday), month or year that
// holds base, shifted by n of them.
func period(base time.Time, unit string, n int) (from, to time.Time) {
	switch unit {
	case "week":
		from = monday(base).AddDate(0, 0, 7*n)
		return from, from.AddDate(0, 0, 6)
	case "month":
		from = time.Date(base.Year(), base.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
		return from, from.AddDate(0, 1, -1)
	}
	from = time.Date(base.Year()+n, 1, 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(1, 0, -1)
}
