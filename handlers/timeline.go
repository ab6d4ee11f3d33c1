package handlers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/timechart"
)

// ChartName is the file name of the timeline's chart, which its embed
// shows as "attachment://timeline.png".
const ChartName = "timeline.png"

// linesPerPage is how many meetings a page of /timeline lists.
const linesPerPage = 10

// answerTimeline lists the meetings oldest first, one line each, optionally
// only those a person attended and those within from..to, and draws the
// dated ones (the newest timechart.MaxEvents) as a chart. Undated meetings
// are listed last, and only when no date bounds are given (they cannot be
// placed within them); they are never charted.
func answerTimeline(_ context.Context, h *Handlers, req Request) (result, error) {
	from, to, err := dateBounds(req.Option("from"), req.Option("to"))
	if err != nil {
		return result{}, err
	}
	person := req.Option("person")
	who := person
	if p, ok := personIn(h.ix.Lexicon(), person); ok && person != "" {
		who = p.Name
	}
	var dated, undated []index.Meeting
	for _, m := range h.ix.Meetings() {
		switch {
		case person != "" && !attended(m, who):
		case m.Start.IsZero():
			if from.IsZero() && to.IsZero() {
				undated = append(undated, m)
			}
		case within(m, from, to):
			dated = append(dated, m)
		}
	}
	slices.SortStableFunc(dated, func(a, b index.Meeting) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Place, b.Place))
	})

	title := "Timeline"
	if person != "" {
		title += " of " + who
	}
	if span := boundsText(from, to); span != "" {
		title += ", " + span
	}
	if len(dated)+len(undated) == 0 {
		what := "No meeting in the articles"
		if person != "" {
			what += " places " + quoteUser(who) + " in the room"
		}
		if !from.IsZero() || !to.IsZero() {
			what += " within these dates"
		}
		return noEvidence(title, what+".", "Try /timeline without options, or /who-attended."), nil
	}

	r := result{title: title, perPage: linesPerPage, listing: true}
	for _, m := range append(dated, undated...) {
		sources, more := articlesOf(h.ix, m)
		r.items = append(r.items, item{value: timelineLine(m, sources, more)})
		ea := index.EventAttendance{Meeting: m, Sources: sources, MoreSources: more}
		for _, a := range m.Attendees {
			ea.People = append(ea.People, index.PersonEvidence{Person: index.Person{Name: a.Name, Side: a.Side}})
		}
		r.meetings = append(r.meetings, meetingOut(ea))
	}
	notes := []string{fmt.Sprintf("%d meetings the articles report, oldest first: when, where, who, and a source.", len(r.items))}
	if len(undated) > 0 && len(dated) > 0 {
		notes = append(notes, fmt.Sprintf("%d have no date in the articles and are listed last.", len(undated)))
	}
	chart, note, err := timelineChart(h.ix.Sides(), person, who, dated)
	if err != nil {
		return result{}, err
	}
	if note != "" {
		notes = append(notes, note)
	}
	if chart != nil {
		r.files = []File{{Name: ChartName, ContentType: "image/png", Data: chart}}
	}
	r.summary = strings.Join(notes, " ")
	return r, nil
}

// timelineChart draws the dated meetings, the newest timechart.MaxEvents
// of them, and says what the chart leaves out.
func timelineChart(sides []string, person, who string, dated []index.Meeting) (png []byte, note string, err error) {
	if len(dated) == 0 {
		return nil, "The articles give no date for them, so there is no chart.", nil
	}
	if n := len(dated); n > timechart.MaxEvents {
		note = fmt.Sprintf("The chart shows the %d most recent of %d dated meetings.", timechart.MaxEvents, n)
		dated = dated[n-timechart.MaxEvents:]
	}
	title := "Meetings in the articles"
	if person != "" {
		title += " attended by " + who
	}
	last := dated[len(dated)-1]
	title += ", " + spanText(dated[0].Start, cmp.Or(last.End, last.Start))
	c := timechart.Chart{Title: title, Lanes: sides}
	for _, m := range dated {
		e := timechart.Event{Start: m.Start, End: m.End, Place: m.Place, Sides: m.Sides}
		for _, a := range m.Attendees {
			e.People = append(e.People, surname(a.Name))
		}
		c.Events = append(c.Events, e)
	}
	png, err = c.PNG()
	if errors.Is(err, timechart.ErrTooManySds) {
		return nil, strings.TrimSpace(note + " The meetings involve too many sides to chart."), nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("timeline chart: %w", err)
	}
	return png, note, nil
}

// timelineLine is "23 Nov 2025 · Geneva — Rubio, Yermak (+2) · [Reuters](url)",
// from the meeting and its sources (see articlesOf).
func timelineLine(m index.Meeting, sources []index.ArticleInfo, more int) string {
	when := "date not reported"
	if !m.Start.IsZero() {
		when = "**" + spanText(m.Start, m.End) + "**"
	}
	var names []string
	for _, a := range m.Attendees {
		names = append(names, surname(a.Name))
	}
	who := strings.Join(m.Sides, ", ")
	if len(names) > 0 {
		who = strings.Join(names[:min(3, len(names))], ", ")
		if len(names) > 3 {
			who += fmt.Sprintf(" (+%d)", len(names)-3)
		}
	}
	where := m.Place
	if m.Venue != "" && !strings.Contains(m.Venue, m.Place) {
		where = m.Venue + ", " + m.Place
	}
	line := when + " · " + escape(cutRunes(where, 60))
	if who != "" {
		line += " — " + escape(who)
	}
	return line + " · " + sourceLink(sources, more)
}

// sourceLink links the first report of a meeting that has a web address,
// else names its article id, and counts the other reports.
func sourceLink(arts []index.ArticleInfo, more int) string {
	if len(arts) == 0 {
		return "no source"
	}
	s := "`" + arts[0].ID + "`"
	for _, a := range arts {
		if u, err := url.Parse(a.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && len(a.URL) < 180 {
			name := cmp.Or(a.Outlet, "source")
			s = "[" + escape(strings.NewReplacer("[", "(", "]", ")").Replace(cutRunes(name, 40))) + "](" + a.URL + ")"
			break
		}
	}
	if n := len(arts) - 1 + more; n > 0 {
		s += fmt.Sprintf(" +%d more", n)
	}
	return s
}

// articlesOf is the first index.MaxSources articles that report m, and
// how many more do.
func articlesOf(ix Searcher, m index.Meeting) (out []index.ArticleInfo, more int) {
	n := min(len(m.Sources), index.MaxSources)
	return ix.ArticleInfos(m.Sources[:n]), len(m.Sources) - n
}

// attended tells whether who (a full name, a surname, or part of a name)
// is among the meeting's attendees.
func attended(m index.Meeting, who string) bool {
	who = strings.ToLower(strings.TrimSpace(who))
	for _, a := range m.Attendees {
		name := strings.ToLower(a.Name)
		if name == who || strings.ToLower(surname(a.Name)) == who || (len(who) >= 4 && strings.Contains(name, who)) {
			return true
		}
	}
	return false
}

// surname is the last word of a name: "Marco Rubio" → "Rubio".
func surname(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return name
	}
	return f[len(f)-1]
}

// within tells whether a dated meeting overlaps from..to; zero bounds are open.
func within(m index.Meeting, from, to time.Time) bool {
	end := m.End
	if end.IsZero() {
		end = m.Start
	}
	return (from.IsZero() || !end.Before(from)) && (to.IsZero() || !m.Start.After(to))
}

var reYear = regexp.MustCompile(`^\s*(\d{4})\s*$`)

// dateBounds reads the from and to options: a day ("2025-11-01", "1 Dec
// 2025"), a month ("Nov 2025") or a year ("2025"), which must carry its
// year. from is the first day it names and to the last; "" leaves a bound
// open. An unreadable date or from after to is an ErrBadRequest.
func dateBounds(fromText, toText string) (from, to time.Time, err error) {
	read := func(name, text string, last bool) (time.Time, error) {
		if text == "" {
			return time.Time{}, nil
		}
		if m := reYear.FindStringSubmatch(text); m != nil {
			y, _ := strconv.Atoi(m[1])
			if last {
				return time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), nil
			}
			return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), nil
		}
		for _, m := range dates.Find(text, time.Time{}) {
			if m.Year != 0 && !m.From.IsZero() {
				if last {
					return m.To, nil
				}
				return m.From, nil
			}
		}
		return time.Time{}, Refuse("/timeline cannot read %s as a date with a year: try 2025-11-01, Nov 2025 or 1 Dec 2025", name+" "+quoteUser(text))
	}
	if from, err = read("from", fromText, false); err != nil {
		return from, to, err
	}
	if to, err = read("to", toText, true); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return from, to, Refuse("/timeline: from (%s) is after to (%s)", dates.Format(from), dates.Format(to))
	}
	return from, to, nil
}

// spanText writes the days of a meeting, end zero for one day: "23 Nov
// 2025", "23–24 Nov 2025", "30 Nov – 2 Dec 2025".
func spanText(start, end time.Time) string {
	switch {
	case end.IsZero() || end.Equal(start):
		return dates.Format(start)
	case start.Year() != end.Year():
		return dates.Format(start) + " – " + dates.Format(end)
	case start.Month() != end.Month():
		return start.Format("2 Jan") + " – " + dates.Format(end)
	}
	return strconv.Itoa(start.Day()) + "–" + dates.Format(end)
}

// boundsText writes the dates asked for: "since 1 Nov 2025", "until 31 Dec
// 2025", "1 Nov – 31 Dec 2025", or "" when neither is given.
func boundsText(from, to time.Time) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return "since " + dates.Format(from)
	case from.IsZero():
		return "until " + dates.Format(to)
	}
	return spanText(from, to)
}
