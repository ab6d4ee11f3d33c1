package extract

import (
	"strings"
	"testing"
)

func TestOutcomesAndDurations(t *testing.T) {
	own, elsewhere := []string{"geneva"}, []string{"florida", "moscow"}
	cases := []struct {
		text      string
		outcomes  []string // text:tone
		durations []string
	}{
		{`Rubio called the talks "very fruitful" after the four-hour meeting.`, []string{"very fruitful:1"}, []string{"four-hour"}},
		{"The talks ended with no compromise on territory.", []string{"no compromise:-1"}, nil},
		{"The meeting yielded no significant progress, though an aide described it as constructive.", []string{"no significant progress:-1", "constructive:1"}, nil},
		{"Officials said the session was not very productive.", []string{"not very productive:-1"}, nil},
		{"The two sides made real progress in the talks, which lasted nearly five hours.", []string{"made real progress:1"}, []string{"nearly five hours"}},
		{"Umerov said the Florida meeting had been productive and built on Geneva.", nil, nil},
		{"He returned from three days of talks in Florida.", nil, nil},
		{"Talks will resume in two days.", nil, nil},
		{"The weather was good and Great Britain sent a note.", nil, nil},
		// A predicate reaches back to a subject far before it; an
		// evaluative word as far from the meeting that is no predicate
		// does not.
		{"Talks between the Ukrainian delegation and the US envoys on the draft framework in Geneva were “very fruitful”, an aide said.", []string{"very fruitful:1"}, nil},
		{"Talks between the Ukrainian delegation and the US envoys on the draft framework in Geneva ended; a useful", nil, nil},
	}
	for _, c := range cases {
		p := Passage{ID: "a#1", Text: c.text}
		var got []string
		for _, ph := range Outcomes(p, own, elsewhere) {
			got = append(got, ph.Text+":"+tone(ph.Tone))
			if ph.Passage != "a#1" {
				t.Errorf("Outcomes(%q) cites %q", c.text, ph.Passage)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.outcomes, "|") {
			t.Errorf("Outcomes(%q) = %q, want %q", c.text, got, c.outcomes)
		}
		got = nil
		for _, ph := range Durations(p, own, elsewhere) {
			got = append(got, ph.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.durations, "|") {
			t.Errorf("Durations(%q) = %q, want %q", c.text, got, c.durations)
		}
	}
}

func tone(t int) string { return map[int]string{-1: "-1", 0: "0", 1: "1"}[t] }

func TestFollowingIDs(t *testing.T) {
	for id, want := range map[string]string{"a#3": "a#4 a#4.1", "a#3.2": "a#4 a#4.1 a#3.3", "nope": ""} {
		if got := strings.Join(FollowingIDs(id), " "); got != want {
			t.Errorf("FollowingIDs(%q) = %q, want %q", id, got, want)
		}
	}
}
