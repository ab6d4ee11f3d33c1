package extract

// When a meeting was: the date a sentence gives it.

import (
	"strings"
	"time"

	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// dateNear resolves the date expression nearest the trigger at token k
// against base, or returns zero times.
func dateNear(s *sentence, k int, base time.Time) (from, to time.Time) {
	at := s.toks[k].Start
	best := -1
	var ms []dates.Mention
	t0, t1 := relativeClause(s.toks, k)
	for _, m := range dates.Find(s.text, base) {
		if m.From.IsZero() || afterSpeechVerb(s.toks, m.Start) || afterSince(s.toks, m.Start) {
			continue
		}
		if r0, r1 := relativeClause(s.toks, tokenAt(s.toks, m.Start)); r0 >= 0 && (r0 != t0 || r1 != t1) {
			continue // "Medinsky, who led the team in May, headed it again"
		}
		if j := tokenAt(s.toks, m.Start); j >= 2 && s.toks[j-1].Lower == "in" && s.toks[j-2].Lower == "as" {
			continue // "as in January": a comparison
		}
		if plannedDate(s.toks, tokenAt(s.toks, m.Start)) {
			continue // "the next round, set for Feb. 1": a date to come
		}
		ms = append(ms, m)
	}
	for i, m := range ms {
		j := tokenAt(s.toks, m.Start)
		commas, reach := 1, 14
		if j > k {
			// A date closes its clause, after the people and the place:
			// "received X and Y, Trump's son-in-law, at the Kremlin on Tuesday".
			commas, reach = 3, 24
		}
		if j > 4 && (abs(j-k) > reach || commasBetween(s.toks, j, k) > commas) {
			// (a date that opens the sentence dates its main verb:
			// "Earlier on Friday, at the same palace, X met Y")
			continue // too far to date this meeting
		}
		if best < 0 || distance(m.Start, m.End, at) < distance(ms[best].Start, ms[best].End, at) {
			best = i
		}
	}
	if best < 0 {
		return time.Time{}, time.Time{}
	}
	return spanDays(s, ms[best])
}

// reSpan is the length a report gives a meeting: "two-day talks", "a
// three-day round".
var reSpan = rx.MustCompile(`(?i)\b(two|three|four|five|2|3|4|5)-day\b`)

var spanDaysOf = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}

// spanDays widens a one-day date to the meeting's length when the sentence
// gives one: "two-day talks ending Sunday" are Saturday and Sunday,
// "three-day talks that began on Monday" Monday to Wednesday.
func spanDays(s *sentence, m dates.Mention) (time.Time, time.Time) {
	from, to := m.From, m.To
	sm := reSpan.FindStringSubmatch(s.text)
	if sm == nil || !from.Equal(to) {
		return from, to
	}
	n := spanDaysOf[strings.ToLower(sm[1])]
	k := tokenAt(s.toks, m.Start)
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		switch s.toks[j].Lower {
		case "ending", "ended", "ends", "until", "concluded", "closing", "through", "to":
			return to.AddDate(0, 0, -(n - 1)), to
		}
	}
	return from, from.AddDate(0, 0, n-1)
}

// plannedDate reports whether the words before the date at token j mark it
// as one to come: "next round set for Feb. 1", "scheduled for", "due on".
func plannedDate(toks []prose.Token, j int) bool {
	for k := j - 1; k >= 0 && k >= j-3; k-- {
		switch toks[k].Lower {
		case "next", "set", "scheduled", "planned", "due", "expected", "slated", "until", "by", "will":
			return true
		}
	}
	return false
}

// afterSpeechVerb reports whether the date at byte offset at dates a
// statement ("said on Saturday", "told reporters on Monday"), not a meeting.
func afterSpeechVerb(toks []prose.Token, at int) bool {
	k := tokenAt(toks, at)
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		if verbs[toks[j].Lower] == speech {
			return true
		}
		if strings.ContainsAny(toks[j+1].Before, ",;") {
			return false
		}
	}
	return false
}

// afterSince reports whether the date at byte offset at follows "since"
// (another, earlier time: "the first meeting since the February clash").
func afterSince(toks []prose.Token, at int) bool {
	k := tokenAt(toks, at)
	for j := k - 1; j >= 0 && j >= k-12; j-- {
		if toks[j].Lower == "since" {
			return true
		}
		if strings.ContainsAny(toks[j+1].Before, ",;") {
			return false
		}
	}
	return false
}

// commasBetween counts the commas between tokens i and j.
func commasBetween(toks []prose.Token, i, j int) int {
	if i > j {
		i, j = j, i
	}
	n := 0
	for k := i + 1; k <= j && k < len(toks); k++ {
		n += strings.Count(toks[k].Before, ",")
	}
	return n
}

func distance(start, end, at int) int {
	switch {
	case at < start:
		return start - at
	case at > end:
		return at - end
	}
	return 0
}
