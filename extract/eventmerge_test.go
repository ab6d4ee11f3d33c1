package extract

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRosterCache checks meetingAcc.addAttendee, which remembers where each
// spelling sits in the roster, against the plain scan it replaced: add to
// the roster, then take the first entry of the same name.
func TestRosterCache(t *testing.T) {
	names := []string{"Steve Witkoff", "Steven Witkoff", "Witkoff", "Jared Kushner", "Kushner", "J. Kushner",
		"Kirill Dmitriev", "Kiril Dmitriev", "Dmitriev", "Yuri Ushakov", "Yury Ushakov", "Ushakov", "Rustem Umerov", "Umerov"}
	sides := []string{"", "us", "russia", "ukraine"}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		ref := &MeetingReport{}
		acc := &meetingAcc{m: &MeetingReport{}}
		for step := range 1 + rng.IntN(40) {
			a := Attendee{Name: names[rng.IntN(len(names))], Side: sides[rng.IntN(len(sides))], strength: 1 + rng.IntN(2)}
			ref.addAttendee(a)
			want := ""
			for _, have := range ref.attendees {
				if sameName(have.Name, a.Name) {
					want = have.Name
					break
				}
			}
			if got := acc.addAttendee(a); got != want {
				t.Fatalf("round %d step %d: %q is held as %q, want %q", round, step, a.Name, got, want)
			}
			if !slices.Equal(acc.m.attendees, ref.attendees) || !slices.Equal(acc.m.sides, ref.sides) {
				t.Fatalf("round %d step %d: roster %v %v, want %v %v", round, step, acc.m.attendees, acc.m.sides, ref.attendees, ref.sides)
			}
		}
	}
}

func TestUniqueStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		var list []string
		for range rng.IntN(60) {
			s := []string{"a#1", "a#2", "b#1", "c#7", "d#3"}[rng.IntN(5)] + string(rune('a'+rng.IntN(4)))
			if rng.IntN(8) == 0 {
				s = ""
			}
			list = append(list, s)
		}
		var want []string
		for _, s := range list {
			want = appendUnique(want, s)
		}
		if got := uniqueStrings(list); !slices.Equal(got, want) {
			t.Fatalf("uniqueStrings(%q) = %q, want %q", list, got, want)
		}
	}
}
