package dates

import (
	"testing"
	"time"
)

func TestFindRanges(t *testing.T) {
	check(t, wed, []struct {
		text string
		want []string
	}{
		{"Talks in Abu Dhabi on January 23-24 ended without a deal.", []string{"January 23-24=2025-01-23..2025-01-24"}},
		{"Talks on January 23–24, 2026 are planned.", []string{"January 23–24, 2026=2026-01-23..2026-01-24"}},
		{"The sides met on February 4 and 5.", []string{"February 4 and 5=2025-02-04..2025-02-05"}},
		{"Negotiators gathered over February 4 and 5 in Geneva.", []string{"February 4 and 5=2025-02-04..2025-02-05"}},
		{"Strikes rose between June 20 and June 30.", []string{"June 20 and June 30=2025-06-20..2025-06-30"}},
		{"Consultations ran from 1 to 3 March.", []string{"1 to 3 March=2025-03-01..2025-03-03"}},
		{"Drone attacks spiked June 20-30.", []string{"June 20-30=2025-06-20..2025-06-30"}},
		{"Talks ran from 28 November to 2 December.", []string{"28 November to 2 December=2025-11-28..2025-12-02"}},
		{"Talks ran from November 28 to December 2.", []string{"November 28 to December 2=2025-11-28..2025-12-02"}},
		{"A truce held from December 30, 2024 to January 2, 2025.", []string{"December 30, 2024=2024-12-30", "January 2, 2025=2025-01-02"}},
		{"A truce held December 30-January 2, 2025.", []string{"December 30-January 2, 2025=2024-12-30..2025-01-02"}},
		{"Talks on the 4th and 5th of February.", []string{"the 4th and 5th of February=2025-02-04..2025-02-05"}},
		{"Talks are set for December 15 through 17.", []string{"December 15 through 17=2025-12-15..2025-12-17"}},
		{"Talks ran from 9 until 11 December.", []string{"9 until 11 December=2025-12-09..2025-12-11"}},
		// "or" spans the days in doubt; a word after a bare number makes it a count.
		{"A meeting on Dec 1 or 2, aides said.", []string{"Dec 1 or 2=2025-12-01..2025-12-02"}},
		{"Meetings on Dec 1 or 2 delegations.", []string{"Dec 1=2025-12-01"}},
		{"Fighting eased 4-6 December 2025.", []string{"4-6 December 2025=2025-12-04..2025-12-06"}},
		{"On June 20 and 30 soldiers were freed.", []string{"June 20=2025-06-20"}},
		// No 31 April: the range is dropped and its parts read alone.
		{"From 31 April to 2 May nothing happened.", []string{"April=2025-04-01..2025-04-30", "2 May=2025-05-02"}},
	})
}

func TestFindRangeFields(t *testing.T) {
	ms := Find("Envoys met on January 30 to February 2.", time.Time{})
	if len(ms) != 1 {
		t.Fatalf("Find = %q, want one range", describe(ms))
	}
	m := ms[0]
	if m.Month != 1 || m.Day != 30 || m.ToMonth != 2 || m.ToDay != 2 || !m.From.IsZero() || !m.Relative {
		t.Errorf("Find(range, zero base) = %+v, want Jan 30 to Feb 2, unresolved, relative", m)
	}
	ms = Find("Envoys met on January 30 to February 2.", wed)
	want := []string{"January 30 to February 2=2025-01-30..2025-02-02"}
	if got := describe(ms); len(got) != 1 || got[0] != want[0] {
		t.Errorf("Find(range, %v) = %q, want %q", wed, got, want)
	}
}
