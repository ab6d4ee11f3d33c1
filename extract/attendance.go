package extract

// Who was in the room: the people an attendance sentence binds, and who it says was not there.

import (
	"strings"

	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// reNotThere marks a person as not in the room, said right after their name
// (or in a relative clause about them).
var reNotThere = rx.MustCompile(`(?i)^[^.;]{0,12}?\b(did not|didn't|does not|doesn't|was not|wasn't|were not|weren't|had not|has not|have not|is not|will not|won't|never) (travel|go|attend|take part|make the trip|come|join|stay|sit|meet|participate|part of|in\b|at\b|invited|been invited|there)|^[^.;]{0,12}?\b(took|takes) no part|^[^.;]{0,12}?\b(stayed|remained) (away|at home|behind|in \w+)|^[^.;]{0,12}?\bhad (already )?left\b|^[^.;]{0,12}?\b(then|later|soon) left\b|^[^.;]{0,12}?\bleft (the room|early|before)\b|^[^.;]{0,12}?\b(skipped|boycotted|declined to attend|was absent|were absent|not present|not in the room|absent)\b`)

// reStayedIn is staying in the meeting itself: "stayed in the room
// throughout", "remained in the talks".
var reStayedIn = rx.MustCompile(`(?i)\b(stayed|remained) in the (room|talks|meeting|session|negotiations|hall)\b`)

// notThere reports whether text, the words after a name, says that person
// was not in the room.
func notThere(text string) bool {
	loc := reNotThere.FindStringIndex(text)
	if loc == nil {
		return false
	}
	return !reStayedIn.MatchString(text[:min(len(text), loc[1]+20)])
}

// reNeither is "Neither X nor Y was …": both are not there.
var reNeither = rx.MustCompile(`(?i)\bneither\b`)

// attendeesIn returns who a sentence with an attendance trigger puts in
// the room, and who it says was not there. subject stands for a leading
// "he"/"she" (the person recent sentences were about).
func (lx *Lexicon) attendeesIn(s *sentence, ev sentenceEvent, subject *mention) (in, out []mention) {
	quoted := quoteSpans(s.text)
	speechAt := -1
	for i, t := range s.toks {
		if verbs[t.Lower] == speech && !inSpans(quoted, t.Start) {
			speechAt = i
			break
		}
	}
	if s.absentSubject != nil {
		out = append(out, *s.absentSubject)
	}
	neither := reNeither.MatchString(s.text)
	negates := mayNegate(strings.ToLower(s.text))
	rel0, rel1 := relativeClause(s.toks, ev.trigger)
	// "Trump is joined by Rubio, Putin by Lavrov": every "by" joins.
	byJoins := false
	switch s.toks[ev.trigger].Lower {
	case "joined", "accompanied", "flanked", "led", "headed", "represented":
		byJoins = true
	}
	// "talks with X", "the meeting between X and Y": a noun's people end
	// with its phrase (the next comma), or stand before it ("X's talks").
	nounScope := -1
	if meetingNouns[s.toks[ev.trigger].Lower] {
		nounScope = len(s.toks)
		for e := ev.trigger + 1; e < len(s.toks); e++ {
			if strings.ContainsAny(s.toks[e].Before, ",;") {
				nounScope = e
				break
			}
		}
	}
	for mi, m := range s.mentions {
		if m.actor || m.inQuote || m.name == "" {
			continue
		}
		tail := skipRelative(s.text[m.end:])
		if negates && notThere(tail) || neither && inNeither(s.toks, m.tok0) {
			out = append(out, m)
			continue
		}
		if rel0 >= 0 {
			// The trigger is in "…, who led X, …": only the person the
			// clause is about, and those inside it.
			inside := m.tok0 >= rel0 && m.tok0 < rel1
			antecedent := m.tok1 <= rel0 && (mi+1 >= len(s.mentions) || s.mentions[mi+1].tok0 >= rel0)
			if !inside && !antecedent {
				continue
			}
		}
		if nounScope >= 0 && m.tok0 >= nounScope {
			continue // "after the talks with Ukraine, Putin continues …"
		}
		if k := ev.trigger; s.toks[k].Lower == "sent" && m.tok1 <= k {
			continue // the sender stays home: "Zelensky sent a team"
		}
		if m.tok1 < len(s.toks) && verbs[s.toks[m.tok1].Lower] == speech && m.tok0 > ev.trigger {
			continue // "…, Zelenskiy said": who reports it
		}
		if !ev.attend || ev.hypothetical || ev.remote {
			continue
		}
		if m.possessive && !(m.tok1 < len(s.toks) && meetingNouns[s.toks[m.tok1].Lower]) {
			continue
		}
		if objectOfNonAttendance(s.toks, m.tok0, byJoins) || nounModifier(s.toks, m.tok1) {
			continue
		}
		// Someone who only reports on the meeting: the subject of a speech
		// verb when the trigger comes after it.
		if speechAt >= 0 && m.tok1 <= speechAt && ev.trigger > speechAt && !attendVerbs[s.toks[ev.trigger].Lower] {
			continue
		}
		if speechAt >= 0 && m.tok0 > speechAt && ev.trigger < speechAt {
			continue // named in what was said, after the report of the meeting
		}
		in = append(in, m)
	}
	// "Macron and Starmer then left": what is said of the last of joined
	// subjects is said of each.
	for i := len(s.mentions) - 2; i >= 0; i-- {
		a, b := s.mentions[i], s.mentions[i+1]
		between := strings.TrimSpace(s.text[a.end:b.start])
		if (between == "and" || between == ",") && containsMention(out, b.name) && !containsMention(out, a.name) {
			out = append(out, a)
			in = removeMention(in, a.name)
		}
	}
	if subject != nil && subject.name != "" && ev.attend && !ev.hypothetical && !ev.remote && len(s.toks) > 0 &&
		pronouns[s.toks[0].Lower] {
		if notThere(s.text[s.toks[0].End:]) {
			out = append(out, *subject)
		} else {
			in = append(in, *subject)
		}
	}
	return in, out
}

func containsMention(ms []mention, name string) bool {
	for _, m := range ms {
		if m.name == name {
			return true
		}
	}
	return false
}

func removeMention(ms []mention, name string) []mention {
	out := ms[:0:0]
	for _, m := range ms {
		if m.name != name {
			out = append(out, m)
		}
	}
	return out
}

// relationWords tie one person to another ("the son-in-law of President
// Trump"): the person after "of" is not the one described.
var relationWords = map[string]bool{"son-in-law": true, "wife": true, "husband": true, "son": true,
	"daughter": true, "brother": true, "sister": true, "father": true, "mother": true, "widow": true}

// roleBetween reports whether a role word stands in toks[from:to].
func roleBetween(toks []prose.Token, from, to int) bool {
	for k := from; k < to && k < len(toks); k++ {
		if roleWords[toks[k].Lower] {
			return true
		}
	}
	return false
}

// relativeClause returns the token span of a relative clause (", who …,"
// or ", which …,") that holds token k, or -1, -1.
func relativeClause(toks []prose.Token, k int) (int, int) {
	for j := k; j >= 0 && j >= k-15; j-- {
		if (toks[j].Lower == "who" || toks[j].Lower == "which") && (strings.Contains(toks[j].Before, ",") || j > 0 && (toks[j-1].Capital || roleWords[toks[j-1].Lower])) {
			end := len(toks)
			for e := j + 1; e < len(toks); e++ {
				if strings.ContainsAny(toks[e].Before, ",;") {
					end = e
					break
				}
			}
			if k < end {
				return j, end
			}
			return -1, -1
		}
		if strings.ContainsAny(toks[j].Before, ",;") {
			return -1, -1
		}
	}
	return -1, -1
}

// skipRelative drops a leading relative clause (", who proposed …,") from
// the text after a name, so that what the person did comes next.
func skipRelative(tail string) string {
	t := strings.TrimLeft(tail, " ")
	if !strings.HasPrefix(t, ",") {
		return tail
	}
	rest := strings.TrimLeft(t[1:], " ")
	low := strings.ToLower(rest)
	if !strings.HasPrefix(low, "who ") && !strings.HasPrefix(low, "which ") {
		return tail
	}
	if i := strings.Index(rest, ","); i >= 0 {
		return rest[i+1:]
	}
	return tail
}

// inNeither reports whether token i is within "neither X nor Y" (up to
// the verb after "nor").
func inNeither(toks []prose.Token, i int) bool {
	n := tokenAfterWord(toks, "neither")
	nor := tokenAfterWord(toks, "nor")
	if n < 0 || nor < 0 || i < n {
		return false
	}
	if i <= nor {
		return true
	}
	for k := nor + 1; k < i; k++ {
		if !toks[k].Capital && !roleWords[toks[k].Lower] && !sideAdjective(toks[k]) && toks[k].Lower != "of" {
			return false // the verb after Y: past the pair
		}
	}
	return true
}

// tokenAfterWord returns the index of the first token w, or -1.
func tokenAfterWord(toks []prose.Token, w string) int {
	for i, t := range toks {
		if t.Lower == w {
			return i
		}
	}
	return -1
}

// objectOfNonAttendance reports whether the name at token i only qualifies
// another noun ("aide to Putin", "son-in-law of President Trump", "a letter
// for Melania Trump"); "joined by X", "led by X" and "met with X" are
// attendance, not qualification.
func objectOfNonAttendance(toks []prose.Token, i int, byJoins bool) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		switch toks[k].Lower {
		case "of":
			// "Secretary of State Marco Rubio" is a role, "son-in-law of
			// Trump" a relation, "made up of X" a roster.
			if k > 0 && k+1 < i && toks[k-1].Capital && toks[k+1].Capital {
				continue
			}
			if k > 0 && roleWords[toks[k-1].Lower] && !roleBetween(toks, k+1, i+1) && !relationWords[toks[k-1].Lower] {
				// "the head of military intelligence Igor Kostiukov": the
				// name's own role; "envoys of US President Trump" names a
				// second person's role, and that person is the object.
				continue
			}
			if k > 0 && (toks[k-1].Lower == "up" || toks[k-1].Lower == "consisted" || toks[k-1].Lower == "composed") {
				return false
			}
			return true
		case "to", "from", "for", "about", "against", "on", "called", "named":
			return true
		case "by":
			return !byJoins && (k == 0 || !attendVerbs[toks[k-1].Lower] && toks[k-1].Lower != "joined")
		}
		if !toks[k].Capital && !roleWords[toks[k].Lower] && !sideAdjective(toks[k]) {
			return false
		}
	}
	return false
}

// sideAdjective reports whether a lower-case token is part of a role
// ("foreign", "deputy", "special") rather than a verb.
func sideAdjective(t prose.Token) bool {
	switch t.Lower {
	case "foreign", "deputy", "special", "senior", "first", "defence", "defense", "national",
		"security", "presidential", "policy", "military", "intelligence", "state", "envoy", "former":
		return true
	}
	return false
}
