// Package synth makes a deterministic synthetic corpus for benchmarks: any
// number of news articles recombined from the sentences of real ones, with
// people, places, numbers and outlets varied and page furniture added, in
// the corpus formats (.txt, .md, .html). Article i is made from the seed and
// i alone, so a corpus of a hundred thousand articles is never held in
// memory: Corpus is an fs.FS that writes file i when it is opened.
//
// It knows nothing of the index: the caller gives it the paragraphs and
// people to recombine.
package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Source is what articles are made from.
type Source struct {
	// Paragraphs are the cleaned paragraphs of real articles, each a list
	// of sentences.
	Paragraphs [][]string
	// People are the people whose names appear in the paragraphs; articles
	// swap them for one another (on the same side) and for made-up people.
	People []Person
	// Pages, when given, make a corpus of real-report style pages instead
	// (see NewPages).
	Pages []Page
}

// Page is a whole article file used as a template: a real news page with
// all its furniture (navigation, share widgets, live-blog stamps, related
// links), as people save them.
type Page struct {
	Ext  string // .txt, .md or .html
	Text string
}

// Person is a known person: canonical name, other spellings, side.
type Person struct {
	Name    string
	Aliases []string
	Side    string
}

// places are meeting places: those in the default articles are varied
// among all of them. Unknown ones ("Doha") are still found as meeting
// places by the index.
var places = []string{"Geneva", "Florida", "Brussels", "Abu Dhabi", "Istanbul", "Riyadh", "Miami",
	"Doha", "Vienna", "Jeddah", "Ankara", "Berlin", "Paris", "London", "Warsaw", "Helsinki", "Rome",
	"Budapest", "Oslo", "Dubai", "Anchorage", "Minsk"}

// placesInText are the first places, those the default articles name.
const placesInText = 4

// outlets are the news outlets articles come from and cite.
var outlets = []string{"Politico", "Axios", "Interfax", "India Today", "Der Spiegel", "BBC",
	"Reuters", "AFP", "Associated Press", "Kyiv Independent", "Ukrainska Pravda", "Meduza", "TASS",
	"Le Monde", "The Guardian", "Financial Times", "NBC News", "RBC-Ukraine", "Al Jazeera", "CNN"}

// outletsInText are the first outlets, those the default articles cite.
const outletsInText = 6

// Places returns the meeting places articles are set in, those of the
// default articles first.
func Places() []string { return slices.Clone(places) }

// Made-up people, found by the index from their title ("Deputy Foreign
// Minister Olena Marchenko") and listed as unlisted.
var (
	firstNames = []string{"Olena", "Mykola", "Anna", "Pavel", "Ingrid", "Tomasz", "Claire", "Marek",
		"Sofia", "Dmitri", "Hanna", "Lukas", "Petra", "Andrei", "Maria", "Jonas", "Elena", "Viktor"}
	lastNames = []string{"Marchenko", "Kovalenko", "Novak", "Berger", "Lindqvist", "Horvath",
		"Moreau", "Kowalski", "Sokolov", "Petrenko", "Schmidt", "Rossi", "Jansen", "Varga", "Dubois",
		"Tkachenko", "Volkov", "Nilsen"}
	titles = []string{"Deputy Foreign Minister", "Defence Minister", "Army Secretary", "senior adviser",
		"chief negotiator", "Foreign Minister", "presidential envoy", "spokeswoman", "Ambassador"}
)

// Corpus is a synthetic corpus of N articles made from a seed.
type Corpus struct {
	N     int
	seed  uint64
	paras [][]template
	heads []string
	src   Source
	files fileCache
	pages []template // NewPages: the pages, people, places and outlets cut out
}

// NewPages returns a corpus of n real-report style pages made from
// src.Pages with seed: article i is one of the pages, whole, with its
// people (swapped as in New), meeting places and outlets varied, so that
// reading it costs what reading such pages costs: cleaning the furniture
// of real sites, not only the synthetic furniture of New. Numbers and
// dates are kept.
func NewPages(src Source, n int, seed uint64) *Corpus {
	pats := patterns(src.People, places[:placesInText], outlets[:outletsInText])
	c := &Corpus{N: n, seed: seed, src: src}
	for _, p := range src.Pages {
		c.pages = append(c.pages, compileWith(p.Text, pats, false))
	}
	c.files.init(n)
	return c
}

// page is the page article i of a NewPages corpus is made from.
func (c *Corpus) page(i int) int { return c.rngWith(i, 0x9a9e).IntN(len(c.pages)) }

// New returns the corpus of n articles made from src with seed.
func New(src Source, n int, seed uint64) *Corpus {
	pats := patterns(src.People, places[:placesInText], outlets[:outletsInText])
	c := &Corpus{N: n, seed: seed, src: src}
	for _, p := range src.Paragraphs {
		var ts []template
		for _, s := range p {
			ts = append(ts, compile(s, pats))
		}
		c.paras = append(c.paras, ts)
	}
	c.files.init(n)
	return c
}

func (c *Corpus) rng(i int) *rand.Rand { return c.rngWith(i, 1) }

// rngWith is the random stream of article i; salt tells streams apart.
func (c *Corpus) rngWith(i int, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(c.seed, uint64(i)*0x9e3779b97f4a7c15+salt))
}

// format is the file format of article i: mostly plain text, some Markdown,
// a few web pages.
func (c *Corpus) format(i int) string {
	if c.pages != nil {
		return c.src.Pages[c.page(i)].Ext
	}
	switch r := c.rng(i).IntN(100); {
	case r < 80:
		return ".txt"
	case r < 95:
		return ".md"
	default:
		return ".html"
	}
}

// Name is the file name of article i; names sort in article order.
func (c *Corpus) Name(i int) string {
	return fmt.Sprintf("%06d_%08x%s", i, uint32(c.rng(i).Uint64()>>7), c.format(i))
}

// filler fills one article's slots: the same person reads the same way
// throughout an article.
type filler struct {
	c       *Corpus
	r       *rand.Rand
	people  map[int]who
	places  map[int]string
	outlets map[int]string
}

type who struct {
	full, sur, titled string
	named             bool // the title has been used once
}

func (f *filler) person(i int) *who {
	if w, ok := f.people[i]; ok {
		return &w
	}
	ps := f.c.src.People
	p := ps[i]
	var w who
	switch r := f.r.IntN(100); {
	case r < 55:
		w = who{full: p.Name}
	case r < 85: // someone else on the same side
		var same []int
		for k, q := range ps {
			if q.Side == p.Side {
				same = append(same, k)
			}
		}
		w = who{full: ps[same[f.r.IntN(len(same))]].Name}
	default: // a made-up person, introduced by their title
		w = who{full: firstNames[f.r.IntN(len(firstNames))] + " " + lastNames[f.r.IntN(len(lastNames))]}
		w.titled = titles[f.r.IntN(len(titles))] + " " + w.full
	}
	fs := strings.Fields(w.full)
	w.sur = fs[len(fs)-1]
	f.people[i] = w
	return &w
}

func (f *filler) fill(b *strings.Builder, t template) {
	for _, s := range t {
		switch s.kind {
		case lit:
			b.WriteString(s.text)
		case fullName:
			w := f.person(s.idx)
			if w.titled != "" && !w.named {
				b.WriteString(w.titled)
				w.named = true
				f.people[s.idx] = *w
			} else {
				b.WriteString(w.full)
			}
		case surname:
			b.WriteString(f.person(s.idx).sur)
		case place:
			p, ok := f.places[s.idx]
			if !ok {
				p = places[s.idx]
				if f.r.IntN(100) < 60 {
					p = places[f.r.IntN(len(places))]
				}
				f.places[s.idx] = p
			}
			b.WriteString(p)
		case outlet:
			o, ok := f.outlets[s.idx]
			if !ok {
				o = outlets[f.r.IntN(len(outlets))]
				f.outlets[s.idx] = o
			}
			b.WriteString(o)
		case year:
			fmt.Fprintf(b, "%d", 2014+f.r.IntN(12))
		case number:
			lo := 1
			for range s.idx - 1 {
				lo *= 10
			}
			fmt.Fprintf(b, "%d", lo+f.r.IntN(lo*9))
		}
	}
}

// Sentences cuts a paragraph into sentences at ., ! or ? (and closing
// quotes) followed by a space and a capital, digit or opening quote; an
// initial ("U.S.") does not end a sentence.
func Sentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		if p[i] != '.' && p[i] != '!' && p[i] != '?' {
			continue
		}
		end := i + 1
		for end < len(p) && strings.ContainsRune("\"'”’)", rune(p[end])) {
			end++
		}
		for strings.HasPrefix(p[end:], "”") || strings.HasPrefix(p[end:], "’") {
			end += len("”")
		}
		if end+1 >= len(p) || p[end] != ' ' {
			continue
		}
		next := p[end+1]
		if !(next >= 'A' && next <= 'Z' || next >= '0' && next <= '9' || next == '"' || strings.HasPrefix(p[end+1:], "“")) {
			continue
		}
		if p[i] == '.' && i >= 2 && p[i-2] == '.' || i >= 1 && p[i] == '.' && i-1 >= start && (i < 2 || p[i-2] == ' ') {
			continue // U.S. or an initial
		}
		out = append(out, strings.TrimSpace(p[start:end]))
		start = end + 1
		i = end
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}
