// Package rx is package regexp with a literal prefilter. Many of the
// cleaning and reading rules are alternations of words that most lines
// and sentences hold none of, and Go's regexp pays for every position of a
// text it fails on (its backtracker also clears a bitmap the size of the
// program times the text, even for a pattern anchored at the start). A
// Regexp here first checks, in one pass over the text, a condition every
// match satisfies: that the text holds one of the literals each match
// holds, or, for a pattern anchored at the start of the text, that it
// begins with one of the literals each match begins with. Only texts that
// pass are given to regexp, so every method answers exactly as regexp's.
//
// The literals are found in the parsed pattern: a literal, the union of
// an alternation's, the best of a concatenation's parts, a repeated part
// at least once. A pattern that can match without any literal (one that
// may match the empty string, or only character classes) is not filtered.
package rx

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Regexp is a compiled regular expression with its prefilter. The methods
// it overrides answer as regexp's do; the others are regexp's own.
type Regexp struct {
	*regexp.Regexp
	// contains: every match holds one of these, ASCII lower-case (nil: no
	// such literals were found).
	contains []string
	// prefixes: every match begins the text with one of these (a pattern
	// anchored with ^ outside multi-line mode).
	prefixes []string
	// byFirst holds contains by their first byte.
	byFirst *[256][]string
	// starts holds the first bytes of prefixes, either case.
	starts *[256]bool
	// needs: when no literal is found, every match holds one of these
	// bytes (nil: no such few bytes were found).
	needs *[256]bool
}

// minLiteral is the shortest literal worth a filter: shorter ones are in
// nearly every text.
const minLiteral = 3

// maxPrefixes bounds the prefixes a pattern's start expands to.
const maxPrefixes = 64

var (
	mu sync.Mutex
	// all is every pattern compiled, by its text: data files' patterns
	// are compiled again at each reload, and kept once.
	all = map[string]*Regexp{}
	// unfiltered turns every filter off (SetFiltering).
	unfiltered atomic.Bool
)

// SetFiltering turns the prefilters on or off, for tests that compare what
// the rules give with and without them; it returns the former setting.
func SetFiltering(on bool) (was bool) { return !unfiltered.Swap(!on) }

// MustCompile is regexp.MustCompile with a prefilter. The Regexp is kept
// for All and Disagreement.
func MustCompile(expr string) *Regexp {
	re := &Regexp{Regexp: regexp.MustCompile(expr)}
	if tree, err := syntax.Parse(expr, syntax.Perl); err == nil {
		tree = tree.Simplify()
		if p, ok := anchoredPrefixes(tree); ok {
			re.prefixes = minimal(p)
		}
		if re.prefixes != nil {
			re.starts = new([256]bool)
			for _, p := range re.prefixes {
				re.starts[p[0]], re.starts[upper(p[0])] = true, true
			}
		}
		if set, n, ok := requiredBytes(tree); ok && n <= maxNeeded {
			re.needs = set
		}
		if c, ok := required(tree); ok && shortest(c) >= minLiteral {
			re.needs = nil // the literals filter better
			re.contains = c
			re.byFirst = new([256][]string)
			for _, lit := range c {
				re.byFirst[lit[0]] = append(re.byFirst[lit[0]], lit)
			}
		}
	}
	mu.Lock()
	all[expr] = re
	mu.Unlock()
	return re
}

// All returns every Regexp compiled so far (for tests that check the
// filters against regexp on many texts).
func All() []*Regexp {
	mu.Lock()
	defer mu.Unlock()
	out := make([]*Regexp, 0, len(all))
	for _, re := range all {
		out = append(out, re)
	}
	return out
}

// Filtered reports whether re has a prefilter.
func (re *Regexp) Filtered() bool { return re.contains != nil || re.prefixes != nil || re.needs != nil }

// MayMatch reports whether s passes re's prefilter: false means re matches
// nowhere in s.
func (re *Regexp) MayMatch(s string) bool {
	if re.prefixes == nil && re.contains == nil && re.needs == nil || unfiltered.Load() {
		return true
	}
	// The two non-ASCII letters that fold to ASCII ones under (?i): the
	// Kelvin sign (k) and the long s. A text holding one is not filtered.
	if strings.Contains(s, "\u212a") || strings.Contains(s, "\u017f") {
		return true
	}
	if re.prefixes != nil {
		if s == "" || !re.starts[s[0]] {
			return false
		}
		ok := false
		for _, p := range re.prefixes {
			if len(s) >= len(p) && equalFold(s[:len(p)], p) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if re.contains != nil {
		return re.holdsLiteral(s)
	}
	if re.needs != nil {
		for i := 0; i < len(s); i++ {
			if re.needs[s[i]] {
				return true
			}
		}
		return false
	}
	return true
}

// holdsLiteral reports whether s holds one of re.contains, ASCII case
// ignored, in one pass: at each byte that begins a literal (byFirst), the
// literals that begin with it are compared.
func (re *Regexp) holdsLiteral(s string) bool {
	for i := 0; i < len(s); i++ {
		for _, c := range re.byFirst[lower(s[i])] {
			if len(s)-i >= len(c) && equalFold(s[i+1:i+len(c)], c[1:]) {
				return true
			}
		}
	}
	return false
}

func (re *Regexp) MatchString(s string) bool {
	return re.MayMatch(s) && re.Regexp.MatchString(s)
}

func (re *Regexp) FindString(s string) string {
	if !re.MayMatch(s) {
		return ""
	}
	return re.Regexp.FindString(s)
}

func (re *Regexp) FindStringIndex(s string) []int {
	if !re.MayMatch(s) {
		return nil
	}
	return re.Regexp.FindStringIndex(s)
}

func (re *Regexp) FindStringSubmatch(s string) []string {
	if !re.MayMatch(s) {
		return nil
	}
	return re.Regexp.FindStringSubmatch(s)
}

func (re *Regexp) FindStringSubmatchIndex(s string) []int {
	if !re.MayMatch(s) {
		return nil
	}
	return re.Regexp.FindStringSubmatchIndex(s)
}

func (re *Regexp) FindAllString(s string, n int) []string {
	if !re.MayMatch(s) {
		return nil
	}
	return re.Regexp.FindAllString(s, n)
}

func (re *Regexp) FindAllStringIndex(s string, n int) [][]int {
	if !re.MayMatch(s) {
		return nil
	}
	return re.Regexp.FindAllStringIndex(s, n)
}

func (re *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	if !re.MayMatch(s) {
		return nil
	}
	return re.Regexp.FindAllStringSubmatch(s, n)
}

func (re *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !re.MayMatch(s) {
		return nil
	}
	return re.Regexp.FindAllStringSubmatchIndex(s, n)
}

func (re *Regexp) ReplaceAllString(src, repl string) string {
	if !re.MayMatch(src) {
		return src
	}
	return re.Regexp.ReplaceAllString(src, repl)
}

func (re *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	if !re.MayMatch(src) {
		return src
	}
	return re.Regexp.ReplaceAllStringFunc(src, repl)
}

// required returns literals one of which every match of t holds.
func required(t *syntax.Regexp) ([]string, bool) {
	switch t.Op {
	case syntax.OpLiteral:
		run := longestASCIIRun(t.Rune)
		return []string{run}, run != ""
	case syntax.OpCapture:
		return required(t.Sub[0])
	case syntax.OpPlus:
		return required(t.Sub[0])
	case syntax.OpRepeat:
		if t.Min >= 1 {
			return required(t.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, sub := range t.Sub {
			if c, ok := required(sub); ok && better(c, best) {
				best = c
			}
		}
		return best, best != nil
	case syntax.OpAlternate:
		var out []string
		for _, sub := range t.Sub {
			c, ok := required(sub)
			if !ok {
				return nil, false
			}
			out = appendNew(out, c...)
		}
		return out, true
	}
	return nil, false
}

// maxNeeded bounds how common the bytes of a needs filter may be (see
// commonness): ten digits pass, the capitals or a full stop do not.
const maxNeeded = 30

// commonness scores how often texts hold one of a set's bytes: a
// lower-case letter, a space, a full stop or a comma is in nearly every
// sentence (a set holding one scores 100), a capital or a digit in many
// (3 each), anything else in few (1 each).
func commonness(set *[256]bool) int {
	n := 0
	for b, in := range set {
		switch {
		case !in:
		case 'a' <= b && b <= 'z' || b == ' ' || b == '.' || b == ',':
			return 100
		case 'A' <= b && b <= 'Z' || '0' <= b && b <= '9':
			n += 3
		default:
			n++
		}
	}
	return n
}

// requiredBytes returns bytes one of which every match of t holds (each
// letter in both cases), and their commonness, when t's matches need an
// ASCII character.
func requiredBytes(t *syntax.Regexp) (set *[256]bool, n int, ok bool) {
	switch t.Op {
	case syntax.OpLiteral:
		for _, r := range t.Rune {
			if r < 0x80 {
				set = new([256]bool)
				set[lower(byte(r))], set[upper(lower(byte(r)))] = true, true
				return set, commonness(set), true
			}
		}
	case syntax.OpCharClass:
		set = new([256]bool)
		for i := 0; i+1 < len(t.Rune); i += 2 {
			if t.Rune[i+1] >= 0x80 {
				return nil, 0, false
			}
			for r := t.Rune[i]; r <= t.Rune[i+1]; r++ {
				set[lower(byte(r))], set[upper(lower(byte(r)))] = true, true
			}
		}
		return set, commonness(set), true
	case syntax.OpCapture, syntax.OpPlus:
		return requiredBytes(t.Sub[0])
	case syntax.OpRepeat:
		if t.Min >= 1 {
			return requiredBytes(t.Sub[0])
		}
	case syntax.OpConcat:
		for _, sub := range t.Sub {
			if c, m, ok := requiredBytes(sub); ok && (set == nil || m < n) {
				set, n = c, m
			}
		}
		return set, n, set != nil
	case syntax.OpAlternate:
		set = new([256]bool)
		for _, sub := range t.Sub {
			c, _, ok := requiredBytes(sub)
			if !ok {
				return nil, 0, false
			}
			for b, in := range c {
				set[b] = set[b] || in
			}
		}
		return set, commonness(set), true
	}
	return nil, 0, false
}

// anchoredPrefixes returns literals one of which every match of t begins
// with, when every match of t begins at the start of the text.
func anchoredPrefixes(t *syntax.Regexp) ([]string, bool) {
	switch t.Op {
	case syntax.OpCapture:
		return anchoredPrefixes(t.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range t.Sub {
			p, ok := anchoredPrefixes(sub)
			if !ok {
				return nil, false
			}
			out = appendNew(out, p...)
		}
		return shrink(out), true
	case syntax.OpConcat:
		if len(t.Sub) > 0 && t.Sub[0].Op == syntax.OpBeginText {
			p, _, ok := sequencePrefixes(t.Sub[1:])
			return p, ok
		}
		if len(t.Sub) > 0 {
			if p, ok := anchoredPrefixes(t.Sub[0]); ok {
				return p, true // the rest only lengthens the match
			}
		}
	}
	return nil, false
}

// prefixes returns literals one of which every match of t begins with,
// and whether every match of t is one of them (exact).
func prefixes(t *syntax.Regexp) (p []string, exact, ok bool) {
	switch t.Op {
	case syntax.OpLiteral:
		run := leadingASCII(t.Rune)
		if run == "" {
			return nil, false, false
		}
		return []string{run}, len(run) == len(t.Rune), true
	case syntax.OpCharClass:
		// ASCII characters: [A-Z], \d, or what the parser makes of
		// alternatives that differ in one ("held|hold" is h[eo]ld).
		for i := 0; i+1 < len(t.Rune); i += 2 {
			if t.Rune[i+1] >= 0x80 || int(t.Rune[i+1]-t.Rune[i])+1+len(p) > maxPrefixes {
				return nil, false, false
			}
			for r := t.Rune[i]; r <= t.Rune[i+1]; r++ {
				p = appendNew(p, string(lower(byte(r))))
			}
		}
		return p, true, len(p) > 0
	case syntax.OpCapture:
		return prefixes(t.Sub[0])
	case syntax.OpPlus:
		p, _, ok := prefixes(t.Sub[0])
		return p, false, ok
	case syntax.OpRepeat:
		if t.Min >= 1 {
			p, _, ok := prefixes(t.Sub[0])
			return p, false, ok
		}
	case syntax.OpConcat:
		return sequencePrefixes(t.Sub)
	case syntax.OpAlternate:
		exact = true
		for _, sub := range t.Sub {
			q, e, ok := prefixes(sub)
			if !ok {
				return nil, false, false
			}
			p = appendNew(p, q...)
			exact = exact && e
		}
		if len(p) > maxPrefixes {
			return shrink(p), false, true
		}
		return p, exact, true
	}
	return nil, false, false
}

// sequencePrefixes is prefixes of a concatenation of subs.
func sequencePrefixes(subs []*syntax.Regexp) (p []string, exact, ok bool) {
	// Assertions consume nothing: a match's start is the next part's.
	for len(subs) > 0 && zeroWidth(subs[0].Op) {
		subs = subs[1:]
	}
	if len(subs) == 0 {
		return nil, false, false
	}
	if first := subs[0]; first.Op == syntax.OpQuest || first.Op == syntax.OpStar || first.Op == syntax.OpRepeat && first.Min == 0 {
		// An optional start: a match begins with it or with what follows.
		var with []string
		if first.Op == syntax.OpStar || first.Op == syntax.OpRepeat && first.Max != 1 {
			with, _, ok = prefixes(first.Sub[0])
		} else {
			with, exact, ok = sequencePrefixes(append([]*syntax.Regexp{first.Sub[0]}, subs[1:]...))
		}
		without, wexact, wok := sequencePrefixes(subs[1:])
		if !ok || !wok {
			return nil, false, false
		}
		p = appendNew(slices.Clone(with), without...)
		if len(p) > maxPrefixes {
			return shrink(p), false, true
		}
		return p, exact && wexact && first.Op == syntax.OpQuest, true
	}
	p, exact, ok = prefixes(subs[0])
	if !ok || !exact || len(subs) == 1 {
		return p, exact && len(subs) == 1, ok
	}
	q, qexact, qok := sequencePrefixes(subs[1:])
	if !qok || len(p)*len(q) > maxPrefixes {
		return p, false, true
	}
	var out []string
	for _, a := range p {
		for _, b := range q {
			out = appendNew(out, a+b)
		}
	}
	return out, qexact, true
}

// minimal drops from p each literal that another literal of p begins.
func minimal(p []string) []string {
	var out []string
	for i, s := range p {
		covered := false
		for j, t := range p {
			if j != i && strings.HasPrefix(s, t) && (len(t) < len(s) || j < i) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, s)
		}
	}
	return out
}

// shrink cuts the literals of p, all to the same length, until at most
// maxPrefixes remain (or only first bytes): each still begins every
// match one of p begins.
func shrink(p []string) []string {
	for n := longest(p); len(p) > maxPrefixes && n > 0; n-- {
		var cut []string
		for _, s := range p {
			cut = appendNew(cut, s[:min(n, len(s))])
		}
		p = cut
	}
	return p
}

func longest(set []string) int {
	n := 0
	for _, s := range set {
		n = max(n, len(s))
	}
	return n
}

func zeroWidth(op syntax.Op) bool {
	switch op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpEmptyMatch:
		return true
	}
	return false
}

// longestASCIIRun is the longest run of ASCII runes of rs, lower-cased.
func longestASCIIRun(rs []rune) string {
	best, start := "", 0
	for i := 0; i <= len(rs); i++ {
		if i == len(rs) || rs[i] >= 0x80 {
			if i-start > len(best) {
				best = lowerASCII(rs[start:i])
			}
			start = i + 1
		}
	}
	return best
}

// leadingASCII is the ASCII runes rs begins with, lower-cased.
func leadingASCII(rs []rune) string {
	n := 0
	for n < len(rs) && rs[n] < 0x80 {
		n++
	}
	return lowerASCII(rs[:n])
}

func lowerASCII(rs []rune) string {
	b := make([]byte, len(rs))
	for i, r := range rs {
		b[i] = lower(byte(r))
	}
	return string(b)
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// better reports whether literal set a filters better than b (nil): its
// shortest literal is longer, or as long with fewer literals.
func better(a, b []string) bool {
	if b == nil {
		return true
	}
	if sa, sb := shortest(a), shortest(b); sa != sb {
		return sa > sb
	}
	return len(a) < len(b)
}

func shortest(set []string) int {
	n := -1
	for _, s := range set {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}

func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		found := false
		for _, have := range list {
			if have == s {
				found = true
				break
			}
		}
		if !found {
			list = append(list, s)
		}
	}
	return list
}

// equalFold reports whether s equals lit (ASCII lower-case) with ASCII
// letters' case ignored.
func equalFold(s, lit string) bool {
	for i := 0; i < len(lit); i++ {
		if lower(s[i]) != lit[i] {
			return false
		}
	}
	return true
}

// Disagreement checks every Regexp compiled so far against regexp on each
// of texts, and describes the first text on which a method answers
// otherwise ("" when none does). Tests call it with the texts the rules
// read.
func Disagreement(texts []string) string {
	for _, re := range All() {
		for _, s := range texts {
			if re.MayMatch(s) {
				continue // the methods are regexp's
			}
			if re.Regexp.MatchString(s) {
				return fmt.Sprintf("%q filters out %q, which it matches", re.String(), s)
			}
		}
	}
	return ""
}

// Describe tells re's filter, for tests and tuning.
func (re *Regexp) Describe() string {
	var needs []byte
	if re.needs != nil {
		for b, in := range re.needs {
			if in {
				needs = append(needs, byte(b))
			}
		}
	}
	return fmt.Sprintf("prefixes %q contains %q needs %q", re.prefixes, re.contains, needs)
}
