package handlers

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/dates"
)

// answerCompare sets the sources of one meeting side by side: what they
// agree on once (its days, who was in the room, its tone), then what only
// some say and how each characterises the outcome, every claim cited with
// its source's number and paragraph.
func answerCompare(ctx context.Context, h *Handlers, req Request) (result, error) {
	asked := req.Option("meeting")
	c, err := h.ix.Compare(ctx, asked, req.Question != "")
	if err != nil {
		return result{}, err
	}
	if !c.Found {
		return noMeeting("Compare the sources", asked, c.Reported), nil
	}
	accts := c.Accounts
	r := result{title: "How the sources report: " + c.Meeting.Label}
	r.meetings = []MeetingOut{meetingOut(index.EventAttendance{Meeting: c.Meeting})}
	for _, a := range accts {
		for _, p := range a.Passages {
			r.passages = append(r.passages, passageOut(p))
		}
	}
	slices.SortFunc(r.passages, func(x, y PassageOut) int {
		return strings.Compare(fmt.Sprintf("%s#%05d", x.Article, x.Paragraph), fmt.Sprintf("%s#%05d", y.Article, y.Paragraph))
	})
	var names []string
	for _, a := range accts {
		for _, at := range a.Attendees {
			if !slices.Contains(names, at.Name) {
				names = append(names, at.Name)
				r.people = append(r.people, personOut(index.Person{Name: at.Name, Side: at.Side}))
			}
		}
	}
	var agreed, differ []string
	// Days.
	var dated []int
	for i, a := range accts {
		if !a.Start.IsZero() {
			dated = append(dated, i)
		}
	}
	sameDays := len(dated) > 0 && !slices.ContainsFunc(dated, func(i int) bool {
		return spanText(accts[i].Start, accts[i].End) != spanText(accts[dated[0]].Start, accts[dated[0]].End)
	})
	switch {
	case len(dated) >= 2 && sameDays:
		var cites []string
		for _, i := range dated {
			cites = append(cites, cite(i, accts[i], firstPassage(accts[i])))
		}
		line := "**Date:** " + spanText(accts[dated[0]].Start, accts[dated[0]].End) + " " + strings.Join(cites, " ")
		if len(dated) < len(accts) {
			line += fmt.Sprintf(" (%d of %d sources give it)", len(dated), len(accts))
		}
		agreed = append(agreed, line)
	case len(dated) >= 2:
		byDays := map[string][]string{}
		var order []string
		for _, i := range dated {
			days := spanText(accts[i].Start, accts[i].End)
			if byDays[days] == nil {
				order = append(order, days)
			}
			byDays[days] = append(byDays[days], cite(i, accts[i], firstPassage(accts[i])))
		}
		var parts []string
		for _, d := range order {
			parts = append(parts, d+" "+strings.Join(byDays[d], " "))
		}
		differ = append(differ, "**Date:** "+strings.Join(parts, " against "))
	}
	// Roster: who every source puts in the room, then who only some do.
	// (among the sources that name anyone).
	var naming []int
	for i, a := range accts {
		if len(a.Attendees) > 0 {
			naming = append(naming, i)
		}
	}
	inAll := map[string]bool{}
	if len(naming) >= 2 {
		var lines []string
		for _, n := range names {
			var cites []string
			for _, i := range naming {
				if k := slices.IndexFunc(accts[i].Attendees, func(at index.Attendee) bool { return at.Name == n }); k >= 0 {
					cites = append(cites, cite(i, accts[i], accts[i].Attendees[k].Passage))
				}
			}
			if len(cites) == len(naming) {
				inAll[n] = true
				lines = append(lines, escape(n)+" "+strings.Join(cites, " "))
			}
		}
		if len(lines) > 0 {
			label := "**In the room:** "
			if len(naming) < len(accts) {
				label = fmt.Sprintf("**In the room** (the %d sources that name anyone): ", len(naming))
			}
			agreed = append(agreed, label+strings.Join(lines, "; "))
		}
	}
	// Duration and outcome: each source's own words; agreement is shown
	// once and a difference called out.
	duration, durationAgreed := durationLine(accts)
	switch {
	case duration != "" && durationAgreed:
		agreed = append(agreed, duration)
	case duration != "":
		differ = append(differ, duration)
	}
	if t := toneLine(accts); t != "" {
		if strings.HasPrefix(t, "**Outcome:** the sources differ") {
			differ = append(differ, t)
		} else if len(accts) >= 2 {
			agreed = append(agreed, t)
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d sources report this meeting.", len(accts))
	if len(accts) == 1 {
		sb.Reset()
		sb.WriteString("Only one source reports this meeting: there is nothing to compare it with.")
	}
	if len(c.Meeting.Accounts) > len(accts) {
		fmt.Fprintf(&sb, " The first %d are compared.", len(accts))
	}
	if len(agreed) > 0 {
		sb.WriteString("\n\n__Where they agree__\n" + strings.Join(agreed, "\n"))
	}
	if len(differ) > 0 {
		sb.WriteString("\n\n__Where they differ__\n" + strings.Join(differ, "\n"))
	} else if len(accts) >= 2 {
		sb.WriteString("\n\n" + sameOrSilent(accts, len(dated), len(naming)))
	}
	r.summary = sb.String()
	for i, a := range accts {
		r.items = append(r.items, item{name: fmt.Sprintf("[%d] %s", i+1, a.Article.Title), value: accountText(a, inAll, len(dated) >= 2 && sameDays, duration != "")})
	}
	r.perPage = len(accts)
	if len(c.Others) > 0 {
		var other []string
		for _, m := range c.Others {
			other = append(other, m.Label)
		}
		r.footer = "Also matching: " + strings.Join(other, "; ") + ". Ask for one of them by its place and date."
	}
	return r, nil
}

// sameOrSilent is the summary of sources that differ on nothing: that they
// agree on what at least two of them state (the date, given by dated of
// them, the people in the room, named by naming, the tone of the outcome),
// and which of these only one or none of them gives, never claiming
// agreement on what they are silent about.
func sameOrSilent(accts []index.Account, dated, naming int) string {
	toned := 0
	for _, a := range accts {
		tone := 0
		for _, p := range a.Outcomes {
			tone += p.Tone
		}
		if tone != 0 {
			toned++
		}
	}
	var agree, one, none []string
	for _, c := range []struct {
		what string
		n    int
	}{{"the date", dated}, {"the people in the room", naming}, {"the tone of the outcome", toned}} {
		switch c.n {
		case 0:
			none = append(none, c.what)
		case 1:
			one = append(one, c.what)
		default:
			agree = append(agree, c.what)
		}
	}
	var out []string
	if len(agree) > 0 {
		out = append(out, "They do not differ on "+joinList(agree, "or")+".")
	}
	if len(one) > 0 {
		// "Only one source gives the date, and only one the tone of the outcome."
		out = append(out, "Only one source gives "+strings.Join(one, ", and only one ")+".")
	}
	if len(none) > 0 {
		out = append(out, "None of them gives "+joinList(none, "or")+".")
	}
	return strings.Join(out, " ")
}

// joinList joins items as English lists them: "a, b or c".
func joinList(items []string, conj string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// accountText is one source's column: where it comes from, then what only
// it says of the meeting (its date, people, duration) and how it
// characterises the outcome, each with its paragraph.
func accountText(a index.Account, inAll map[string]bool, dateShown, durationShown bool) string {
	var lines []string
	src := []string{}
	if a.Article.Outlet != "" {
		src = append(src, escape(a.Article.Outlet))
	}
	if !a.Article.Published.IsZero() {
		src = append(src, "published "+dates.Format(a.Article.Published))
	}
	src = append(src, "`"+a.Article.ID+"`")
	lines = append(lines, strings.Join(src, " · "))
	switch {
	case a.Start.IsZero():
		lines = append(lines, "**Date:** not given")
	case !dateShown:
		lines = append(lines, "**Date:** "+spanText(a.Start, a.End)+" "+para(a, firstPassage(a)))
	}
	var own []string
	for _, at := range a.Attendees {
		if !inAll[at.Name] {
			own = append(own, escape(at.Name)+" "+para(a, at.Passage))
		}
	}
	if len(own) > 0 {
		label := "**In the room:** "
		if len(inAll) > 0 {
			label = "**Also in the room:** "
		}
		lines = append(lines, label+strings.Join(own, ", "))
	} else if len(a.Attendees) == 0 {
		lines = append(lines, "**In the room:** names no one")
	}
	if len(a.Durations) > 0 && !durationShown {
		lines = append(lines, "**Duration:** "+phrases(a, a.Durations))
	}
	if len(a.Outcomes) > 0 {
		lines = append(lines, "**Outcome:** "+phrases(a, a.Outcomes))
	} else {
		lines = append(lines, "**Outcome:** not characterised")
	}
	return cutRunes(strings.Join(lines, "\n"), LimitFieldValue)
}

// phrases lists a source's phrases, quoted, each with its paragraph.
func phrases(a index.Account, ps []index.Phrase) string {
	var out []string
	for _, p := range ps {
		out = append(out, "“"+escape(p.Text)+"” "+para(a, p.Passage))
	}
	return strings.Join(out, ", ")
}

// cite is a claim's citation in the summary: "[2 ¶6]".
func cite(i int, a index.Account, passage string) string {
	return fmt.Sprintf("[%d %s]", i+1, para(a, passage))
}

// para is a passage's paragraph, "¶6"; "¶?" when it is unknown.
func para(a index.Account, passage string) string {
	if p, ok := a.Passages[passage]; ok {
		return fmt.Sprintf("¶%d", p.Paragraph)
	}
	return "¶?"
}

// firstPassage is the first passage of a source that reports the meeting.
func firstPassage(a index.Account) string {
	if len(a.Account.Passages) == 0 {
		return ""
	}
	return a.Account.Passages[0]
}

var reDurationAmount = regexp.MustCompile(`(?i)(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|a|an)[- ](?:and[- ]a[- ]half[- ])?(hour|day|minute)`)

// durationLine is the durations the sources give, each source's first:
// agreed when they give one amount ("nearly five-hour" and "five hours"),
// else set against each other; "" when fewer than two sources give one.
func durationLine(accts []index.Account) (line string, agreed bool) {
	amounts := map[string][]string{}
	var order []string
	given := 0
	for i, a := range accts {
		for _, p := range a.Durations {
			m := reDurationAmount.FindStringSubmatch(p.Text)
			if m == nil {
				continue
			}
			key := strings.ToLower(m[1] + " " + m[2])
			if _, ok := amounts[key]; !ok {
				order = append(order, key)
			}
			amounts[key] = append(amounts[key], "“"+escape(p.Text)+"” "+cite(i, a, p.Passage))
			given++
			break
		}
	}
	if given < 2 {
		return "", false
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, strings.Join(amounts[k], ", "))
	}
	return "**Duration:** " + strings.Join(parts, " against "), len(order) == 1
}

// toneLine says how the sources characterise the outcome: the same way
// (all good, all bad), or differently, with one phrase of each tone.
func toneLine(accts []index.Account) string {
	var good, bad []string
	for i, a := range accts {
		tone, first := 0, map[int]string{}
		for _, p := range a.Outcomes {
			tone += p.Tone
			if _, ok := first[p.Tone]; !ok {
				first[p.Tone] = "“" + escape(p.Text) + "” " + cite(i, a, p.Passage)
			}
		}
		switch {
		case tone > 0:
			good = append(good, first[1])
		case tone < 0:
			bad = append(bad, first[-1])
		}
	}
	switch {
	case len(good) > 0 && len(bad) > 0:
		return "**Outcome:** the sources differ: " + strings.Join(good, ", ") + " against " + strings.Join(bad, ", ")
	case len(good) >= 2 && len(bad) == 0:
		return "**Outcome:** all that characterise it speak well of it: " + strings.Join(good, ", ")
	case len(bad) >= 2 && len(good) == 0:
		return "**Outcome:** all that characterise it speak ill of it: " + strings.Join(bad, ", ")
	}
	return ""
}
