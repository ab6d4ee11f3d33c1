package handlers

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/talksbot/talksbot/index"
)

func TestCutRunes(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three four five", 20, "one two three four…"}, // at a word near the end
		{"one two three four five", 12, "one two thr…"},        // else mid-word
		{"abcdefghijklmnop", 6, "abcde…"},
		{"x", 1, "x"},
		{"xy", 1, "…"},
		{"ab🇺🇦🇺🇦", 5, "ab🇺🇦…"},            // a flag is two code points, kept whole
		{"ab👩\u200d👩\u200d👧cd", 6, "ab…"}, // a family of five code points: whole or not at all
		{"abcde\u0301f", 6, "abcd…"},      // e and its accent go together
		{"abc\r\ndef", 5, "abc…"},         // CR LF is one character
	} {
		if got := cutRunes(tc.s, tc.n); got != tc.want {
			t.Errorf("cutRunes(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
		if got := cutRunes(tc.s, tc.n); utf8.RuneCountInString(got) > tc.n {
			t.Errorf("cutRunes(%q, %d) = %q: over %d characters", tc.s, tc.n, got, tc.n)
		}
	}
}

// TestCutRunesClusters checks cutRunes's ASCII shortcut against a cut
// made by uniseg's full segmentation, on text mixing ASCII with
// characters of several code points.
func TestCutRunesClusters(t *testing.T) {
	reference := func(s string, n int) string {
		if utf8.RuneCountInString(s) <= n {
			return s
		}
		if n < 2 {
			return "…"
		}
		g := uniseg.NewGraphemes(s)
		runes, end, space := 0, 0, -1
		for g.Next() {
			from, to := g.Positions()
			if c := s[from:to]; (c == " " || c == "\n") && runes > n*3/4 && runes <= n-1 {
				space = from
			}
			if runes += utf8.RuneCountInString(s[from:to]); runes > n-1 {
				break
			}
			end = to
		}
		if space >= 0 {
			end = space
		}
		return strings.TrimRight(s[:end], " \n") + "…"
	}
	pieces := []string{"a", "Z", " ", "\n", "\r", "\r\n", ".", "é", "e\u0301", "\u0301", "\u200d",
		"👩\u200d👩\u200d👧", "🇺🇦", "🇺", "👍🏽", "ก", "«", "Зеленский"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 50_000 {
		var b strings.Builder
		for k := r.IntN(40); k >= 0; k-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s, n := b.String(), r.IntN(30)
		if got, want := cutRunes(s, n), reference(s, n); got != want {
			t.Fatalf("cutRunes(%q, %d) = %q, want %q", s, n, got, want)
		}
	}
}

func TestSourcesLine(t *testing.T) {
	arts := func(n int) []index.ArticleInfo {
		var out []index.ArticleInfo
		for i := range n {
			out = append(out, index.ArticleInfo{ID: fmt.Sprint(i), Title: fmt.Sprint("Title ", i), Outlet: "Outlet"})
		}
		return out
	}
	for _, c := range []struct {
		n, more int
		want    string
	}{
		{1, 0, "“Title 0”, Outlet"},
		{4, 0, "“Title 0”, Outlet; “Title 1”, Outlet; “Title 2”, Outlet; “Title 3”, Outlet"},
		{6, 0, "“Title 0”, Outlet; “Title 1”, Outlet; “Title 2”, Outlet; “Title 3”, Outlet; and 2 more"},
		{20, 4000, "“Title 0”, Outlet; “Title 1”, Outlet; “Title 2”, Outlet; “Title 3”, Outlet; and 4016 more"},
		{2, 3, "“Title 0”, Outlet; “Title 1”, Outlet; and 3 more"},
	} {
		if got := sourcesLine(arts(c.n), c.more); got != c.want {
			t.Errorf("sourcesLine(%d, %d) = %q, want %q", c.n, c.more, got, c.want)
		}
	}
}
