package dates

import (
	"strings"
	"testing"
	"time"
)

// wed is the base of most tests: Wednesday 10 December 2025.
var wed = time.Date(2025, 12, 10, 15, 30, 0, 0, time.UTC)

// describe renders mentions as "Text=from..to", "Text=day" or "Text=?"
// (unresolved), so a table row states what was found and how it resolved.
func describe(ms []Mention) []string {
	var out []string
	for _, m := range ms {
		v := "?"
		if !m.From.IsZero() {
			v = m.From.Format(time.DateOnly)
			if !m.To.Equal(m.From) {
				v += ".." + m.To.Format(time.DateOnly)
			}
		}
		out = append(out, m.Text+"="+v)
	}
	return out
}

// check runs Find on each case and compares describe's output.
func check(t *testing.T, base time.Time, cases []struct {
	text string
	want []string
}) {
	t.Helper()
	for _, c := range cases {
		got := describe(Find(c.text, base))
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Find(%q, %s) = %q, want %q", c.text, base.Format(time.DateOnly), got, c.want)
		}
	}
}

func TestFindOffsetsAndOrder(t *testing.T) {
	s := "Envoys met in Geneva on November 23, 2025, again on Tuesday, and plan talks in early January."
	ms := Find(s, wed)
	if len(ms) != 3 {
		t.Fatalf("Find(%q) = %q, want 3 mentions", s, describe(ms))
	}
	for i, m := range ms {
		if s[m.Start:m.End] != m.Text {
			t.Errorf("mention %d: s[%d:%d] = %q, Text = %q", i, m.Start, m.End, s[m.Start:m.End], m.Text)
		}
		if i > 0 && m.Start < ms[i-1].End {
			t.Errorf("mention %d starts at %d, before the end %d of the previous one", i, m.Start, ms[i-1].End)
		}
	}
	want := []Mention{
		{Year: 2025, Month: 11, Day: 23},
		{Relative: true},
		{Month: 1, Part: "early", Relative: true},
	}
	for i, w := range want {
		g := ms[i]
		if g.Year != w.Year || g.Month != w.Month || g.Day != w.Day || g.Part != w.Part || g.Relative != w.Relative {
			t.Errorf("mention %q = %d-%d-%d part %q relative %v, want %d-%d-%d part %q relative %v",
				g.Text, g.Year, g.Month, g.Day, g.Part, g.Relative, w.Year, w.Month, w.Day, w.Part, w.Relative)
		}
	}
}

func TestFindZeroBase(t *testing.T) {
	check(t, time.Time{}, []struct {
		text string
		want []string
	}{
		{"Talks opened on 12 Mar 2025 and resumed on Tuesday.", []string{"12 Mar 2025=2025-03-12", "Tuesday=?"}},
		{"The leaders met on January 23-24 and in early December.", []string{"January 23-24=?", "early December=?"}},
		{"Delegates arrived yesterday, the 23rd.", []string{"yesterday=?", "the 23rd=?"}},
		{"Talks resumed in November 2025.", []string{"November 2025=2025-11-01..2025-11-30"}},
	})
	ms := Find("Davos Jan 22-24", time.Time{})
	if len(ms) != 1 || ms[0].Month != 1 || ms[0].Day != 22 || ms[0].ToMonth != 1 || ms[0].ToDay != 24 {
		t.Errorf("Find(%q) = %+v, want Jan 22 to Jan 24 unresolved", "Davos Jan 22-24", ms)
	}
}

func TestFindBaseTimeOfDayAndZone(t *testing.T) {
	// Late evening in Kyiv is still 10 December there: the base's own
	// calendar day counts, not UTC's.
	kyiv := time.FixedZone("EET", 2*3600)
	base := time.Date(2025, 12, 10, 23, 30, 0, 0, kyiv)
	got := describe(Find("He spoke yesterday.", base))
	if want := "yesterday=2025-12-09"; len(got) != 1 || got[0] != want {
		t.Errorf("Find(yesterday, %v) = %q, want %q", base, got, want)
	}
}

func BenchmarkFind(b *testing.B) {
	p := "KYIV, Dec 10 (Reuters) - Ukrainian and U.S. negotiators met in Geneva on Sunday " +
		"and again on Tuesday, after talks in Abu Dhabi on November 23-24 ended without " +
		"agreement on territory. Officials said last week that a draft of 28 points, first " +
		"circulated in mid-November, had been cut to 20, and that a summit could follow in " +
		"early January. Russia may agree to a ceasefire only after 1,000 prisoners are " +
		"exchanged, Kremlin aide Yuri Ushakov told reporters at 18.41 on Friday, May 16, 2025 " +
		"was the date of the first direct talks in Istanbul since 2022."
	b.ReportAllocs()
	for b.Loop() {
		Find(p, wed)
	}
}
