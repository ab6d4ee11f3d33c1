package index

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFoldKey: two strings have equal keys exactly when strings.EqualFold
// says they are equal, on strings of runes whose case folding is odd.
func TestFoldKey(t *testing.T) {
	runes := []string{"k", "K", "\u212a", "s", "S", "\u017f", "σ", "Σ", "ς", "ß", "ẞ", "i", "I", "İ", "ı", "é", "É",
		"\xff", "\ufffd", " ", "-", "1", "Ω", "ω", "\u2126", "Å", "å", "\u212b", "ǅ", "ǆ", "Ǆ"}
	rng := rand.New(rand.NewPCG(9, 10))
	word := func() string {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(runes[rng.IntN(len(runes))])
		}
		return b.String()
	}
	equal := 0
	for range 200000 {
		a, b := word(), word()
		if rng.IntN(3) == 0 { // a case variant of a
			var v strings.Builder
			for _, r := range a {
				if rng.IntN(2) == 0 {
					v.WriteString(strings.ToUpper(string(r)))
				} else {
					v.WriteRune(r)
				}
			}
			b = v.String()
		}
		if (foldKey(a) == foldKey(b)) != strings.EqualFold(a, b) {
			t.Fatalf("%q, %q: keys %q, %q; EqualFold %v", a, b, foldKey(a), foldKey(b), strings.EqualFold(a, b))
		}
		if strings.EqualFold(a, b) {
			equal++
		}
	}
	if equal < 1000 {
		t.Fatalf("only %d equal pairs: the test checks little", equal)
	}
}

// TestMeetingNamed: a meeting is found by its id or label in any case,
// the first of a name when several share it.
func TestMeetingNamed(t *testing.T) {
	ix := openIndex(t, t.TempDir(), writeCorpus(t, articleFiles(t)))
	s, err := ix.acquire()
	if err != nil {
		t.Fatal(err)
	}
	defer s.release()
	for i, m := range s.meta.Meetings {
		for _, v := range []string{m.ID, strings.ToUpper(m.ID), " " + m.Label + " ", strings.ToLower(m.Label)} {
			got, ok := s.meetingNamed(v)
			want := -1
			for j, o := range s.meta.Meetings {
				if strings.EqualFold(strings.TrimSpace(v), o.ID) || strings.EqualFold(strings.TrimSpace(v), o.Label) {
					want = j
					break
				}
			}
			if !ok || want < 0 || got.ID != s.meta.Meetings[want].ID {
				t.Errorf("meeting %d: meetingNamed(%q) = %s, %v; want %s", i, v, got.ID, ok, s.meta.Meetings[want].ID)
			}
		}
		if s.meetingIndex(m.ID) != i {
			t.Errorf("meetingIndex(%s) = %d, want %d", m.ID, s.meetingIndex(m.ID), i)
		}
	}
	if _, ok := s.meetingNamed("no such meeting"); ok {
		t.Error("found a meeting for a name none has")
	}
	if s.meetingIndex("nowhere") != -1 {
		t.Error("meetingIndex of an unknown id is not -1")
	}
}
