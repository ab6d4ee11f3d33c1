package timechart

import "time"

const day = 24 * time.Hour

// scale maps days to x pixels across the plot area.
type scale struct{ min, max time.Time }

// newScale spans the events with a margin, at least a week wide, so that
// markers never sit on the plot's edge.
func newScale(events []Event) scale {
	lo, hi := events[0].Start, events[0].Start
	for _, e := range events {
		lo = minTime(lo, e.Start)
		hi = maxTime(hi, e.Start)
		if !e.End.IsZero() {
			hi = maxTime(hi, e.End)
		}
	}
	span := hi.Sub(lo)
	pad := max(span/16, 2*day)
	if span+2*pad < 7*day {
		pad = (7*day - span) / 2
	}
	return scale{lo.Add(-pad), hi.Add(pad)}
}

func (s scale) x(t time.Time) int {
	f := float64(t.Sub(s.min)) / float64(s.max.Sub(s.min))
	return plotLeft + int(f*float64(plotRight-plotLeft)+0.5)
}

// tick is a labelled day on the date axis.
type tick struct {
	at    time.Time
	label string
}

// ticks returns at most about eight evenly stepped days within the scale:
// days, weeks (Mondays), or months (their first day), labelled "2 Jan"
// (with the year on the first tick and at a new year) or "Jan 2026".
func (s scale) ticks() []tick {
	span := s.max.Sub(s.min)
	for _, d := range []int{1, 2, 7, 14} {
		if span/(time.Duration(d)*day) > 8 {
			continue
		}
		t := midnight(s.min).Add(day)
		for d == 7 || d == 14 {
			if t.Weekday() == time.Monday {
				break
			}
			t = t.Add(day)
		}
		return dayTicks(t, s.max, time.Duration(d)*day)
	}
	for _, m := range []int{1, 2, 3, 6} {
		if span/(time.Duration(m)*30*day) > 8 {
			continue
		}
		var out []tick
		y, mo, _ := s.min.Date()
		t := time.Date(y, mo+1, 1, 0, 0, 0, 0, time.UTC)
		for ; !t.After(s.max); t = t.AddDate(0, m, 0) {
			out = append(out, tick{t, t.Format("Jan 2006")})
		}
		return out
	}
	step := 1 + int(span/(365*day))/8
	var out []tick
	for t := time.Date(s.min.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC); !t.After(s.max); t = t.AddDate(step, 0, 0) {
		out = append(out, tick{t, t.Format("2006")})
	}
	return out
}

func dayTicks(from, to time.Time, step time.Duration) []tick {
	var out []tick
	year := 0
	for t := from; !t.After(to); t = t.Add(step) {
		label := t.Format("2 Jan")
		if t.Year() != year {
			label, year = t.Format("2 Jan 2006"), t.Year()
		}
		out = append(out, tick{t, label})
	}
	return out
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
