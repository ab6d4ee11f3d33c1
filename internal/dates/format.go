package dates

import "time"

// Day is t's calendar day as YYYY-MM-DD, or "" for the zero time.
func Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// FormatDay writes a YYYY-MM-DD day as answers show it ("1 Feb 2026"), or
// returns "" when day is not one.
func FormatDay(day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return ""
	}
	return Format(t)
}

// Format writes a calendar day the way answers show it: "1 Feb 2026".
func Format(t time.Time) string { return t.Format("2 Jan 2006") }
