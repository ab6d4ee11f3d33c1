// Package dates finds dates in news English and resolves them to calendar
// days: the dateline of an article ("Mon 8 Dec 2025 18.41 GMT"), the days
// of meetings in its sentences ("on Tuesday", "January 23-24", "early
// December"), and dates typed in questions ("Davos Jan 22").
//
// It knows English date grammar only: month and weekday names, numeric
// forms (ISO, and day-first d.m.y, d/m/y), ordinals, ranges joined by a dash,
// "to", "and", "through" or "until", month parts ("early", "mid", "late")
// and words relative to a base day ("yesterday", "last week"). It knows
// nothing of articles, places or people, and it never reads the clock: a
// relative expression is resolved against the base day the caller passes.
//
// Conventions, all general to news writing, which reports past events:
//   - numeric dates are day-first (06.12.2025 is 6 December); month-first
//     is used only when day-first is impossible (11/30/2025);
//   - a bare weekday is the latest such day on or before base; "next" and
//     "coming" look forward, "last", "past" and "previous" strictly back,
//     "this" stays in base's Monday-to-Sunday week;
//   - a day and month without a year is the latest such date not more than
//     seven days after base; a day alone ("the 23rd") likewise;
//   - a month without a year is the latest such month that starts on or
//     before base; early is days 1-10, mid 11-20, late 21 to the end;
//   - "May" and "March" are months only when capitalised, and alone (no day)
//     only after a preposition or qualifier ("in May", "early March") or
//     before a year, so "Russia may agree" and "Theresa May" are not dates;
//     a month abbreviation alone ("Jan") is not a date, it may be a name.
//
// Not resolved: expressions anchored to another event ("two days later",
// "the next day", "the following Monday": the last is reported with zero
// From/To), bare years ("in 2025"), seasons, quarters and times of day.
//
// Decision. Measured on 49 shared news sentences (base Wednesday
// 2025-12-10, Go 1.26, linux/amd64, stripped binaries):
//
//	                                 cases   per sentence   binary added
//	markusmobius/go-dateparser 1.4.7  20/49   ~500 µs        +7.2 MB
//	olebedev/when 1.1.0               21/49    ~44 µs        +0.5 MB
//	these hand-written rules          49/49    ~12 µs        +0.4 MB
//
// Neither library handles ranges, day-first "05.02.2026", "early December"
// or "last week", both read "may" as May, and when returns one date per
// text. So this package has no dependency; see BenchmarkFind.
package dates

import (
	"slices"
	"time"
)

// Mention is one date expression found in a text.
type Mention struct {
	Text       string // as written
	Start, End int    // byte offsets in the text: Text == s[Start:End]
	// Year, Month and Day are what the text itself gives, 0 where it gives
	// none (Month 1-12). For a range they describe its first day.
	Year, Month, Day int
	// ToMonth and ToDay are the last day of a range as the text gives it
	// ("January 23-24" gives 1 and 24), 0 for a single day or a month.
	ToMonth, ToDay int
	Part           string    // "early", "mid", "late" when the text qualifies a month, else ""
	From, To       time.Time // resolved days (UTC midnight, To inclusive); zero when unresolved
	// Relative is true when the expression needs base to be resolved: a
	// weekday, "yesterday", "last week", a day or month without a year.
	// It stays true when base was zero and From/To are left zero.
	Relative bool
}

// Find returns the date expressions of s in order of Start, never
// overlapping, resolved against base, the publication day (its calendar
// date in its own location is used). With a zero base only expressions that
// carry a year are resolved; the others keep Year/Month/Day/Part only.
// Where expressions overlap, the longest wins ("Friday, May 16" over
// "Friday").
func Find(s string, base time.Time) []Mention {
	var b time.Time
	if !base.IsZero() {
		b = day(base.Year(), int(base.Month()), base.Day())
	}
	var all []Mention
	rules := grammar()
	ws := words(s)
	for k, w := range ws {
		if w.class == 0 {
			continue
		}
		text := s[w.start:ws[min(k+reach, len(ws)-1)].end]
		for _, r := range rules {
			if r.first&w.class == 0 {
				continue
			}
			m := r.re.FindStringSubmatchIndex(text)
			if m == nil {
				continue
			}
			for i := range m {
				if m[i] >= 0 {
					m[i] += w.start
				}
			}
			if !standsAlone(s, m[0], m[1]) {
				continue
			}
			if men, ok := r.build(s, m, b); ok {
				men.Start, men.End, men.Text = m[0], m[1], s[m[0]:m[1]]
				all = append(all, men)
			}
		}
	}
	slices.SortStableFunc(all, func(x, y Mention) int {
		if d := (y.End - y.Start) - (x.End - x.Start); d != 0 {
			return d
		}
		return x.Start - y.Start
	})
	var out []Mention
	for _, m := range all {
		if !slices.ContainsFunc(out, func(o Mention) bool { return m.Start < o.End && o.Start < m.End }) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(x, y Mention) int { return x.Start - y.Start })
	return out
}

// Full returns the first complete date (day, month and year all written) in
// s, as UTC midnight, e.g. from a dateline or a "Published ..." line. For a
// range it returns the first day. ok is false when s holds none.
func Full(s string) (t time.Time, ok bool) {
	for _, m := range Find(s, time.Time{}) {
		if m.Year != 0 && m.Month != 0 && m.Day != 0 && !m.From.IsZero() {
			return m.From, true
		}
	}
	return time.Time{}, false
}
