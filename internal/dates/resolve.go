package dates

import "time"

// day returns UTC midnight of y-m-d, or the zero time when that day does
// not exist (31 April, 29 February 2025).
func day(y, m, d int) time.Time {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}
	}
	return t
}

// lastDay returns the last day of month m of year y.
func lastDay(y, m int) time.Time {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
}

// latestDate returns the latest m-d not more than seven days after base,
// looking back up to eight years (enough for 29 February).
func latestDate(base time.Time, m, d int) time.Time {
	limit := base.AddDate(0, 0, 7)
	for y := limit.Year(); y >= limit.Year()-8; y-- {
		if t := day(y, m, d); !t.IsZero() && !t.After(limit) {
			return t
		}
	}
	return time.Time{}
}

// latestDay returns the latest day-of-month d not more than seven days
// after base, skipping months too short to have it.
func latestDay(base time.Time, d int) time.Time {
	limit := base.AddDate(0, 0, 7)
	y, m := limit.Year(), int(limit.Month())
	for range 13 {
		if t := day(y, m, d); !t.IsZero() && !t.After(limit) {
			return t
		}
		if m--; m == 0 {
			y, m = y-1, 12
		}
	}
	return time.Time{}
}

// monthYear returns the year of month m as qualified by q relative to
// base: "" the latest such month starting on or before base, "last" and
// "past" strictly before base's month, "next" strictly after, "this" in
// base's year.
func monthYear(base time.Time, m int, q string) int {
	y, bm := base.Year(), int(base.Month())
	switch q {
	case "last", "past":
		if m >= bm {
			y--
		}
	case "next":
		if m <= bm {
			y++
		}
	case "this":
	default:
		if m > bm {
			y--
		}
	}
	return y
}

// partOf returns the days of month m of year y that part covers: all of
// it for "", 1-10 for "early", 11-20 for "mid", 21 to the end for "late".
func partOf(y, m int, part string) (from, to time.Time) {
	from, to = day(y, m, 1), lastDay(y, m)
	switch part {
	case "early":
		to = day(y, m, 10)
	case "mid":
		from, to = day(y, m, 11), day(y, m, 20)
	case "late":
		from = day(y, m, 21)
	}
	return from, to
}

// monday returns the Monday that starts the week holding t.
func monday(t time.Time) time.Time {
	return t.AddDate(0, 0, -int((t.Weekday()+6)%7))
}

// weekdayNear resolves weekday w against base as qualified by q: "" the
// latest on or before base; "last", "past", "previous" strictly before;
// "next", "coming" strictly after; "this" within base's week.
func weekdayNear(base time.Time, w time.Weekday, q string) time.Time {
	back := int(base.Weekday()-w+7) % 7
	switch q {
	case "last", "past", "previous":
		if back == 0 {
			back = 7
		}
	case "next", "coming":
		ahead := int(w-base.Weekday()+7) % 7
		if ahead == 0 {
			ahead = 7
		}
		return base.AddDate(0, 0, ahead)
	case "this":
		return monday(base).AddDate(0, 0, int((w+6)%7))
	}
	return base.AddDate(0, 0, -back)
}
