package dates

import (
	"testing"
	"time"
)

func TestFindAbsolute(t *testing.T) {
	check(t, wed, []struct {
		text string
		want []string
	}{
		{"Envoys gathered in Riyadh on 12 Mar 2025 for a first round.", []string{"12 Mar 2025=2025-03-12"}},
		{"The memorandum, signed March 12, 2025, was never ratified.", []string{"March 12, 2025=2025-03-12"}},
		{"Friday, August 15, 2025", []string{"Friday, August 15, 2025=2025-08-15"}},
		{"Mon 8 Dec 2025 18.41 GMT", []string{"Mon 8 Dec 2025=2025-12-08"}},
		{"WASHINGTON, Nov. 23, 2025 (AP) — Officials said", []string{"Nov. 23, 2025=2025-11-23"}},
		{"Aug 19 2025 | 9:29 AM IST", []string{"Aug 19 2025=2025-08-19"}},
		{"Last updated 2025-11-30", []string{"2025-11-30=2025-11-30"}},
		{"datePublished: 2025-11-30T18:42:00+00:00", []string{"2025-11-30T18:42:00+00:00=2025-11-30"}},
		{"Posted 05.02.2026 at 10:15", []string{"05.02.2026=2026-02-05"}},
		{"Published 23/10/2025", []string{"23/10/2025=2025-10-23"}},
		{"Kyiv, 16.05.25 - the delegation", []string{"16.05.25=2025-05-16"}},
		{"Ambiguous 06.12.2025 is read day first.", []string{"06.12.2025=2025-12-06"}},
		{"A US-style 11/30/2025 falls back to month first.", []string{"11/30/2025=2025-11-30"}},
		{"Envoys met on December 2 in Moscow.", []string{"December 2=2025-12-02"}},
		{"Envoys met on 2 December in Moscow.", []string{"2 December=2025-12-02"}},
		{"The delegations met again on the 23rd.", []string{"the 23rd=2025-11-23"}},
		{"A summit was held on the 2nd of December.", []string{"the 2nd of December=2025-12-02"}},
		{"Talks are pencilled in for December 15.", []string{"December 15=2025-12-15"}},
		{"Talks began on December 20, 2024.", []string{"December 20, 2024=2024-12-20"}},
		{"davos jan 22", []string{"jan 22=2025-01-22"}},
		{"The leaders met on May 16.", []string{"May 16=2025-05-16"}},
		{"They met on Friday, May 16 in Istanbul.", []string{"Friday, May 16=2025-05-16"}},
		{"Sept. 5, 2025 and Sept 6", []string{"Sept. 5, 2025=2025-09-05", "Sept 6=2025-09-06"}},
	})
}

func TestFindYearBoundary(t *testing.T) {
	newYear := time.Date(2026, 1, 3, 9, 0, 0, 0, time.UTC)
	check(t, newYear, []struct {
		text string
		want []string
	}{
		{"Talks were held on December 30.", []string{"December 30=2025-12-30"}},
		{"Talks are due on January 9.", []string{"January 9=2026-01-09"}},
		{"A deal was struck on the 31st.", []string{"the 31st=2025-12-31"}},
		{"Russia struck on Feb 29.", []string{"Feb 29=2024-02-29"}},
		{"The talks failed in December.", []string{"December=2025-12-01..2025-12-31"}},
	})
}

func TestFull(t *testing.T) {
	for _, c := range []struct {
		line string
		want string // "" for none
	}{
		{"Published Mon 8 Dec 2025 18.41 GMT", "2025-12-08"},
		{"By Jane Doe | Aug 19 2025 | 9:29 AM IST", "2025-08-19"},
		{"Updated: 2025-11-30T18:42:00+00:00", "2025-11-30"},
		{"Sunday 16.05.25", "2025-05-16"},
		{"Talks on Tuesday and on March 12, 2025, and on 2 May 2024", "2025-03-12"},
		{"Talks on January 23-24, 2026 in Abu Dhabi", "2026-01-23"},
		{"Updated on December 2", ""},
		{"November 2025", ""},
		{"Russia may agree at 09:05", ""},
		{"Dated 31/02/2025", ""},
	} {
		got, ok := Full(c.line)
		g := ""
		if ok {
			g = got.Format(time.DateOnly)
		}
		if g != c.want {
			t.Errorf("Full(%q) = %q, want %q", c.line, g, c.want)
		}
	}
}
