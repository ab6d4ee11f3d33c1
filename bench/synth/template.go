package synth

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// slotKind says what a part of a sentence template is.
type slotKind uint8

const (
	lit      slotKind = iota
	fullName          // a person's full name; idx into Source.People
	surname           // a person's surname alone
	place             // a meeting place; idx into the place pool
	outlet            // a news outlet; idx into the outlet pool
	number            // a run of digits; idx is the digit count
	year              // a four-digit year
)

type slot struct {
	kind slotKind
	text string // lit: the text
	idx  int
}

// template is a sentence with the names, places, outlets and numbers cut out
// so that each article can fill them differently.
type template []slot

// pattern is a string to find in the default articles' text and the slot it becomes.
type pattern struct {
	text string
	kind slotKind
	idx  int
}

// compile cuts s into a template at every pattern (longest first, whole
// words) and every run of digits.
func compile(s string, pats []pattern) template { return compileWith(s, pats, true) }

// compileWith is compile, leaving runs of digits as they are unless
// numbers is set.
func compileWith(s string, pats []pattern, numbers bool) template {
	var t template
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			t = append(t, slot{kind: lit, text: cur.String()})
			cur.Reset()
		}
	}
	for i := 0; i < len(s); {
		if wordStart(s, i) {
			if p, ok := matchAt(s, i, pats); ok {
				flush()
				t = append(t, slot{kind: p.kind, idx: p.idx})
				i += len(p.text)
				continue
			}
			if n := digitRun(s, i); numbers && n > 0 && !letterAt(s, i+n) {
				flush()
				if n == 4 && strings.HasPrefix(s[i:], "20") {
					t = append(t, slot{kind: year})
				} else {
					t = append(t, slot{kind: number, idx: n})
				}
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		cur.WriteRune(r)
		i += size
	}
	flush()
	return t
}

func matchAt(s string, i int, pats []pattern) (pattern, bool) {
	for _, p := range pats { // sorted longest first
		if strings.HasPrefix(s[i:], p.text) && !letterAt(s, i+len(p.text)) {
			return p, true
		}
	}
	return pattern{}, false
}

func wordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func digitRun(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '9' {
		n++
	}
	return n
}

// patterns lists what to cut out of the default articles: every person's
// name, aliases and surname, the meeting places and the outlets the pools
// hold.
func patterns(people []Person, places, outlets []string) []pattern {
	var pats []pattern
	for i, p := range people {
		pats = append(pats, pattern{text: p.Name, kind: fullName, idx: i})
		for _, a := range p.Aliases {
			kind := fullName
			if !strings.Contains(a, " ") {
				kind = surname
			}
			pats = append(pats, pattern{text: a, kind: kind, idx: i})
		}
		if f := strings.Fields(p.Name); len(f) > 1 {
			pats = append(pats, pattern{text: f[len(f)-1], kind: surname, idx: i})
		}
	}
	for i, p := range places {
		pats = append(pats, pattern{text: p, kind: place, idx: i})
	}
	for i, o := range outlets {
		pats = append(pats, pattern{text: o, kind: outlet, idx: i})
	}
	sort.SliceStable(pats, func(i, j int) bool { return len(pats[i].text) > len(pats[j].text) })
	return pats
}
