// Package extract reads the facts of one article with a lexicon: the people
// it names (listed in the people file, or found by their title), the sides
// they speak for, who says what (quotes and their speakers), the topics of
// each passage, and the meetings it reports as dated events (place, venue,
// days, sides, who was in the room and the passage that shows it). Its
// entry points are plain functions that take the lexicon: Analyse for an
// article, GroupMeetings for the reports of all articles, and
// ParseMeetingQuery and MatchMeetings for a question about meetings. The
// lexicon is data (people.yaml, topics.yaml, places.yaml, sides.yaml), read
// by LoadLexicon.
//
// It knows nothing of file formats or page furniture (see article), of
// where articles are kept (see corpus) or of how facts are stored and
// searched (see index).
package extract

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/talksbot/talksbot/internal/prose"
	"go.yaml.in/yaml/v3"

	"github.com/talksbot/talksbot/internal/gazetteer"

	"github.com/talksbot/talksbot/internal/translit"
)

// Data files read from the corpus folder; the embedded ones apply when the
// folder has none.
const (
	PeopleFile = "people.yaml"
	TopicsFile = "topics.yaml"
	PlacesFile = "places.yaml"
	SidesFile  = "sides.yaml"
)

// Person is someone the index recognises.
type Person struct {
	Name    string   `yaml:"name" json:"name"`
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Role    string   `yaml:"role,omitempty" json:"role,omitempty"`
	Side    string   `yaml:"side,omitempty" json:"side,omitempty"`
	// Unlisted is true for a person found in the text by their title
	// ("Army Secretary Dan Driscoll") but not in the people file.
	Unlisted bool `yaml:"-" json:"unlisted,omitempty"`
}

// Topic is a subject a passage can be about.
type Topic struct {
	ID       string   `yaml:"id" json:"id"`
	Name     string   `yaml:"name" json:"name"`
	Aliases  []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Keywords []string `yaml:"keywords" json:"keywords"`
}

// Place is a city known by other names than the gazetteer's: spellings to
// fold (Aliases) and venues in it that stand for it (Venues: "the Kremlin").
type Place struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases,omitempty"`
	Venues  []string `yaml:"venues,omitempty"`
}

// Side is one side of the talks: the countries whose officials speak for it
// and the words that name it.
type Side struct {
	Name      string   `yaml:"name" json:"name"`
	Countries []string `yaml:"countries,omitempty" json:"countries,omitempty"`
	Words     []string `yaml:"words,omitempty" json:"words,omitempty"`
}

// Lexicon is what the index knows about names: people, the names that stand
// for each side, topics and places. Build one with LoadLexicon.
type Lexicon struct {
	People []Person
	Actors map[string][]string // side → names that stand for it
	Topics []Topic
	Places []Place
	Sides  []Side
	// Broken are the corpus folder's data files that did not parse or
	// check (file, line, what is wrong); the last good or built-in ones
	// were used.
	Broken []string
	// Warnings are its data files that parse but lost most of their
	// entries.
	Warnings []string
	// Used holds each data file's text as this lexicon was built from it
	// (file name → bytes), whichever source it came from, so that an index
	// can keep it as the last good version (see LoadLexiconFrom).
	Used map[string][]byte

	names    map[string]int    // lower-case token sequence → index in People
	maxName  int               // longest name, in tokens
	fold     map[string]string // lower-case variant spelling → canonical spelling
	canon    []string          // canonical name tokens, for fuzzy folding
	actors   map[string]string // lower-case actor name → side
	maxActor int
	places   map[string]string // lower-case place name or alias → place name
	venues   map[string]string // lower-case venue → its city
	maxPlace int
	sideWord map[string]string // lower-case word(s) naming a side → side
	maxSide  int
	sideOf   map[string]string // country code → side
	topicRes *topicMatcher

	near     sync.Map     // word → its fuzzy fold (itself when none), memoised
	nearSize atomic.Int64 // entries stored in near
}

type peopleFile struct {
	Actors map[string][]string `yaml:"actors"`
	People []Person            `yaml:"people"`
}

// LoadLexicon reads the people, topics, places and sides files from dir,
// each falling back to the one in fallback when dir has none. It is
// LoadLexiconFrom with no last good version.
func LoadLexicon(dir, fallback fs.FS) (*Lexicon, error) {
	return LoadLexiconFrom(dir, nil, fallback)
}

// LoadLexiconFrom reads the people, topics, places and sides files from
// dir, each falling back to the one in fallback (the built-in files) when
// dir has none. A file in dir that does not parse or check is replaced by
// lastGood's (the version an index was last built with; nil for none) when
// that one is sound, else by fallback's, and Broken says which and why; it
// is an error only when neither can stand in.
func LoadLexiconFrom(dir, lastGood, fallback fs.FS) (*Lexicon, error) {
	// The gazetteer's tables load on first use (tens of milliseconds):
	// load them now, with the lexicon, not in a user's first question.
	gazetteer.LookupCity("")

	lx := &Lexicon{Used: map[string][]byte{}}
	src := dataSources{dir: dir, lastGood: lastGood, builtIn: fallback}
	pf, err := loadData(lx, src, PeopleFile, func(pf peopleFile) int { return len(pf.People) }, func(pf peopleFile) error {
		for i, p := range pf.People {
			if strings.TrimSpace(p.Name) == "" {
				return fmt.Errorf("person %d has no name", i+1)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	lx.People, lx.Actors = pf.People, pf.Actors
	if lx.Topics, err = loadData(lx, src, TopicsFile, func(ts []Topic) int { return len(ts) }, func(ts []Topic) error {
		for i, t := range ts {
			if t.ID == "" || len(t.Keywords) == 0 {
				return fmt.Errorf("topic %d needs an id and keywords", i+1)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if lx.Places, err = loadData(lx, src, PlacesFile, func(ps []Place) int { return len(ps) }, func([]Place) error { return nil }); err != nil {
		return nil, err
	}
	if lx.Sides, err = loadData(lx, src, SidesFile, func(ss []Side) int { return len(ss) }, func(ss []Side) error {
		for i, s := range ss {
			if strings.TrimSpace(s.Name) == "" {
				return fmt.Errorf("side %d has no name", i+1)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	lx.build()
	return lx, nil
}

// dataSources are where a data file may come from, in the order tried.
type dataSources struct {
	dir      fs.FS // the corpus folder: the operator's version
	lastGood fs.FS // the version the current index was built with
	builtIn  fs.FS // the embedded version
}

// loadData reads the data file name from src.dir, else from src.builtIn,
// and checks it with valid. When dir's file does not parse or check, the
// last good version stands in, else the built-in one, and lx.Broken says
// why; when dir's holds under half of the built-in's entries (count),
// lx.Warnings says so. The text used is kept in lx.Used.
func loadData[T any](lx *Lexicon, src dataSources, name string, count func(T) int, valid func(T) error) (T, error) {
	var v T
	raw, fromDir, err := readYAML(src.dir, src.builtIn, name, &v)
	if err == nil {
		if err = valid(v); err != nil {
			err = fmt.Errorf("load %s: %w", name, err)
		}
	}
	if err == nil && raw != nil {
		lx.Used[name] = raw
	}
	if !fromDir {
		return v, err
	}
	if err != nil {
		// A broken data file in the corpus folder: the version the index
		// was last built with answers meanwhile, else the built-in one,
		// and the operator is told.
		for _, alt := range []struct {
			fsys fs.FS
			what string
		}{{src.lastGood, "the last good " + name + " (the one the index was built with)"}, {src.builtIn, "the built-in " + name}} {
			if alt.fsys == nil {
				continue
			}
			var stand T
			if raw, _, aerr := readYAML(alt.fsys, nil, name, &stand); aerr == nil && raw != nil && valid(stand) == nil {
				lx.Broken = append(lx.Broken, err.Error()+"; using "+alt.what+" instead")
				lx.Used[name] = raw
				return stand, nil
			}
		}
		return v, err
	}
	var builtIn T
	if src.builtIn == nil {
		return v, nil
	}
	if raw, _, ferr := readYAML(nil, src.builtIn, name, &builtIn); ferr != nil || raw == nil || valid(builtIn) != nil {
		return v, nil
	}
	if n, want := count(v), count(builtIn); n < want/2 {
		lx.Warnings = append(lx.Warnings, fmt.Sprintf("%s has %d entries, the built-in one %d: is it cut short?", name, n, want))
	}
	return v, nil
}

// readYAML decodes name from dir, else from fallback, into v, returning
// the text it decoded (nil when the file is in neither, which is no error)
// and whether it came from dir.
func readYAML(dir, fallback fs.FS, name string, v any) (raw []byte, fromDir bool, err error) {
	err = fs.ErrNotExist
	if dir != nil {
		raw, err = fs.ReadFile(dir, name)
		fromDir = err == nil
	}
	if errors.Is(err, fs.ErrNotExist) && fallback != nil {
		raw, err = fs.ReadFile(fallback, name)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, fromDir, fmt.Errorf("load %s: %w", name, err)
	}
	if err := yaml.Unmarshal(raw, v); err != nil {
		return nil, fromDir, fmt.Errorf("load %s: %w", name, err)
	}
	return raw, fromDir, nil
}

// DataProblems lists Broken, then Warnings.
func (lx *Lexicon) DataProblems() []string {
	return append(append([]string(nil), lx.Broken...), lx.Warnings...)
}

// build derives the lookup tables from the lists.
func (lx *Lexicon) build() {
	lx.names = map[string]int{}
	lx.fold = map[string]string{}
	lx.actors = map[string]string{}
	lx.places = map[string]string{}
	lx.venues = map[string]string{}
	lx.sideWord = map[string]string{}
	lx.sideOf = map[string]string{}
	for _, sd := range lx.Sides {
		for _, w := range append([]string{sd.Name}, sd.Words...) {
			toks := prose.Words(w)
			lx.sideWord[strings.Join(toks, " ")] = sd.Name
			lx.maxSide = max(lx.maxSide, len(toks))
		}
		for _, c := range sd.Countries {
			lx.sideOf[strings.ToUpper(c)] = sd.Name
		}
	}
	canon := map[string]bool{}
	for i, p := range lx.People {
		toks := prose.Words(p.Name)
		for _, t := range toks {
			canon[t] = true
		}
		lx.addName(p.Name, i)
		lx.addName(toks[len(toks)-1], i)
		for _, a := range p.Aliases {
			lx.addName(a, i)
			lx.addFolds(prose.Words(a), toks)
		}
	}
	for side, names := range lx.Actors {
		for _, n := range names {
			key := strings.Join(prose.Words(n), " ")
			lx.actors[key] = side
			lx.maxActor = max(lx.maxActor, len(prose.Words(n)))
		}
	}
	for _, pl := range lx.Places {
		toks := prose.Words(pl.Name)
		lx.places[strings.Join(toks, " ")] = pl.Name
		lx.maxPlace = max(lx.maxPlace, len(toks))
		for _, a := range pl.Aliases {
			at := prose.Words(a)
			lx.places[strings.Join(at, " ")] = pl.Name
			lx.maxPlace = max(lx.maxPlace, len(at))
			lx.addFolds(at, toks)
		}
		for _, v := range pl.Venues {
			vt := prose.Words(v)
			lx.venues[strings.Join(vt, " ")] = pl.Name
			lx.maxPlace = max(lx.maxPlace, len(vt))
		}
	}
	for t := range canon {
		delete(lx.fold, t) // one person's spelling is never another's variant
		lx.canon = append(lx.canon, t)
	}
	sort.Strings(lx.canon)
	lx.topicRes = compileTopics(lx.Topics)
}

func (lx *Lexicon) addName(name string, person int) {
	toks := prose.Words(name)
	if len(toks) == 0 {
		return
	}
	key := strings.Join(toks, " ")
	if _, taken := lx.names[key]; !taken {
		lx.names[key] = person
	}
	lx.maxName = max(lx.maxName, len(toks))
}

// addFolds records the words of a variant spelling that differ by a letter
// or two from the canonical words, so that "Vitkoff" folds to "Witkoff" and
// "Kiev" to "Kyiv". Different names ("Kremlin" for Moscow) are not folded.
func (lx *Lexicon) addFolds(variant, canonical []string) {
	for _, v := range variant {
		for _, c := range canonical {
			if v != c && closeSpelling(v, c) {
				lx.fold[v] = c
			}
		}
	}
}

// closeSpelling reports whether two lower-case words are one spelling apart:
// within one edit for words of 4–7 letters and two edits from 8 letters.
func closeSpelling(a, b string) bool {
	la, lb := len([]rune(a)), len([]rune(b))
	n := min(la, lb)
	if n < 4 {
		return false
	}
	limit := 1
	if n >= 8 || (la == 4 && lb == 4) {
		limit = 2
	}
	if abs(la-lb) > limit {
		return false
	}
	return editDistance(a, b) <= limit
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the Damerau–Levenshtein distance (with adjacent swaps).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// PersonByName finds a listed person by canonical name, alias or surname,
// folding spellings that are a letter or two off.
func (lx *Lexicon) PersonByName(name string) (Person, bool) {
	toks := prose.Words(name)
	for i, t := range toks {
		toks[i] = lx.foldWord(t, true)
	}
	if i, ok := lx.names[strings.Join(toks, " ")]; ok {
		return lx.People[i], true
	}
	return Person{}, false
}

// foldWord returns the canonical spelling of a lower-case word: a listed
// variant, or (when fuzzy) a word one or two letters from a name.
func (lx *Lexicon) foldWord(w string, fuzzy bool) string {
	if c, ok := lx.fold[w]; ok {
		return c
	}
	if !fuzzy || len(w) < 5 {
		return w
	}
	if _, ok := lx.names[w]; ok {
		return w
	}
	if c, ok := lx.near.Load(w); ok {
		return c.(string)
	}
	out := w
	for _, c := range lx.canon {
		if closeSpelling(w, c) || fuzzy && len(w) >= 5 && translit.Same(w, c) {
			out = c
			break
		}
	}
	// Remember the answer: the same words come back in every passage and
	// query, and comparing one with every name costs microseconds.
	if lx.nearSize.Add(1) <= maxNearMemo {
		lx.near.Store(w, out)
	}
	return out
}

// maxNearMemo bounds the memo of fuzzy spellings (words typed by users are
// unbounded).
const maxNearMemo = 100_000

// Fold rewrites text so that variant spellings of people and places read as
// their canonical form ("Vitkoff" → "Witkoff", "Kiev" → "Kyiv"). Index text
// and queries both pass through it. Capitalised words a letter or two from a
// known name fold too; with fuzzyAll, any word does (for typed queries).
//
// An ASCII word that folds to nothing else costs no allocation: it is
// looked up lower-cased in a buffer (phrase checks fold every passage a
// search finds).
func (lx *Lexicon) Fold(text string, fuzzyAll bool) string {
	var b strings.Builder
	var buf [64]byte
	last := 0
	for t := range prose.Tokens(text) {
		fuzzy := fuzzyAll || t.Capital
		lower, ascii := prose.LowerASCII(buf[:0], t.Text)
		if ascii && (!fuzzy || len(lower) < 5) {
			// foldWord looks such a word up in lx.fold alone.
			if _, ok := lx.fold[string(lower)]; !ok {
				continue
			}
		}
		var w string
		if ascii {
			w = string(lower)
		} else {
			w = strings.ToLower(t.Text)
		}
		f := lx.foldWord(w, fuzzy)
		if f == w {
			continue
		}
		b.WriteString(text[last:t.Start])
		b.WriteString(matchCase(f, t.Text))
		last = t.End
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// matchCase gives lower-case word w the capitalisation of like.
func matchCase(w, like string) string {
	if like != "" && like[0] >= 'A' && like[0] <= 'Z' {
		return strings.ToUpper(w[:1]) + w[1:]
	}
	return w
}
