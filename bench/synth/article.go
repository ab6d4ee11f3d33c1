package synth

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// article is one synthetic article before it is written in a format.
type article struct {
	title, outlet, url string
	published          time.Time
	paras              []string
	headings           map[int]string // heading before paragraph k
	credit             string         // photo credit under the title, or ""
	teasers            []string       // "Similar news" items after the body
	byline             string         // "Additional reporting by …", or ""
}

var titleForms = []string{
	"%[1]s says talks in %[2]s were constructive but no deal yet",
	"Kremlin signals no breakthrough after %[1]s talks with %[3]s",
	"%[1]s rejects changes to the %[4]d-point peace plan",
	"Envoys meet in %[2]s as pressure mounts over territory",
	"What we know about the talks in %[2]s",
	"%[3]s and %[1]s discuss security guarantees in %[2]s",
	"Russia and US held %[5]d-hour talks at the Kremlin on ending the Ukraine war",
	"%[1]s says there have been no draft peace agreements on Ukraine",
	"Europe fears a deal in %[2]s that leaves Ukraine exposed, %[3]s warns",
	"%[1]s: Russia is ready to continue talks at the level of envoys",
}

var headings = []string{"Discussions and Disagreements", "Ukrainian and European Reactions",
	"Background of the Conflict", "What happens next", "European Concerns Over Negotiations",
	"The sticking points", "Reaction in Kyiv", "Security guarantees"}

var credits = []string{"Photo: EPA", "Photo: Getty Images", "Photo: Reuters", "Photo: ukrinform", "Photo: AFP"}

// make builds article i.
func (c *Corpus) make(i int) article {
	r := c.rng(i)
	r.IntN(100) // the format draw, see format
	f := &filler{c: c, r: r, people: map[int]who{}, places: map[int]string{}, outlets: map[int]string{}}
	np := len(c.src.People)
	var a article
	a.title = fmt.Sprintf(titleForms[r.IntN(len(titleForms))], f.person(r.IntN(np)).sur, f.placeName(r.IntN(placesInText)),
		f.person(r.IntN(np)).full, 10+r.IntN(20), 2+r.IntN(6))
	a.outlet = outlets[r.IntN(len(outlets))]
	a.url = fmt.Sprintf("https://www.%s.example/world/%s-%d", slug(a.outlet), slug(a.title), i)
	a.published = time.Date(2025, 11, 1, 6, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(60*24)) * time.Hour)

	n := 3 + r.IntN(7) + r.IntN(7)
	if r.IntN(100) < 5 {
		n = 20 + r.IntN(20)
	}
	for range n {
		parts := 1
		if r.IntN(100) < 4 {
			parts = 3 // a long paragraph, cut into passages by the index
		}
		var b strings.Builder
		for k := range parts {
			if k > 0 {
				b.WriteByte(' ')
			}
			f.paragraph(&b)
		}
		a.paras = append(a.paras, b.String())
	}
	if r.IntN(100) < 15 && n > 6 {
		a.headings = map[int]string{2 + r.IntN(n/2-1): headings[r.IntN(len(headings))], n/2 + r.IntN(n/2): headings[r.IntN(len(headings))]}
	}
	if r.IntN(100) < 30 {
		a.credit = credits[r.IntN(len(credits))]
	}
	if r.IntN(100) < 25 {
		for range 3 + r.IntN(6) {
			var b strings.Builder
			b.WriteString(credits[r.IntN(len(credits))] + " ")
			f.paragraph(&b)
			a.teasers = append(a.teasers, cutBytes(b.String(), 200))
		}
	}
	if r.IntN(100) < 10 {
		a.byline = "Additional reporting by " + firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
	}
	return a
}

// paragraph writes a run of sentences of one real paragraph, sometimes with
// a sentence from another.
func (f *filler) paragraph(b *strings.Builder) {
	paras := f.c.paras
	p := paras[f.r.IntN(len(paras))]
	start := f.r.IntN(len(p))
	n := 1 + f.r.IntN(min(4, len(p)-start))
	for k, t := range p[start : start+n] {
		if k > 0 {
			b.WriteByte(' ')
		}
		f.fill(b, t)
	}
	if f.r.IntN(100) < 25 {
		q := paras[f.r.IntN(len(paras))]
		b.WriteByte(' ')
		f.fill(b, q[f.r.IntN(len(q))])
	}
}

func (f *filler) placeName(i int) string {
	var b strings.Builder
	f.fill(&b, template{{kind: place, idx: i}})
	return b.String()
}

// text writes a as a plain-text article with the furniture of real pages.
func (a article) text(r randIntN) string {
	var lines []string
	add := func(s ...string) { lines = append(lines, s...) }
	if r.IntN(100) < 20 {
		add("Home World News Europe " + strings.Join(firstWords(a.title, 8), " ") + "...")
	}
	if r.IntN(100) < 15 {
		add("Unlock the free "+a.outlet+" Watch newsletter", "Your guide to what the talks mean for Washington, business and the world")
	}
	add(a.title)
	if r.IntN(100) < 5 {
		add("Source Article", "Generated on:")
	}
	if r.IntN(100) < 30 {
		add(a.title)
	}
	if a.credit != "" {
		add(a.credit)
	}
	for k, p := range a.paras {
		if h, ok := a.headings[k]; ok {
			add(h)
		}
		add(p)
	}
	if a.byline != "" {
		add(a.byline)
	}
	switch r.IntN(4) {
	case 0:
		add("Exit mobile version")
	case 1:
		add("Leave a Reply")
	}
	if len(a.teasers) > 0 {
		add("banner", "SHARE NEWS", "link", "Complain", "like0", "dislike0", "Comments", "0", "Similar news", "Similar news")
		add(a.teasers...)
	}
	sep := "\n\n"
	if r.IntN(100) < 15 { // one paragraph a line, like some exports
		sep = "\n"
	}
	return strings.Join(lines, sep) + "\n"
}

// markdown writes a with YAML front matter.
func (a article) markdown(r randIntN) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\noutlet: %s\nurl: %s\npublished: %s\n---\n\n", strconv.Quote(a.title),
		strconv.Quote(a.outlet), a.url, a.published.Format("2006-01-02"))
	if r.IntN(100) < 20 {
		b.WriteString("# " + a.title + "\n\n")
	}
	if a.credit != "" {
		b.WriteString("*" + a.credit + "*\n\n")
	}
	for k, p := range a.paras {
		if h, ok := a.headings[k]; ok {
			b.WriteString("## " + h + "\n\n")
		}
		b.WriteString(p + "\n\n")
	}
	if a.byline != "" {
		b.WriteString("_" + a.byline + "_\n\n")
	}
	if len(a.teasers) > 0 {
		b.WriteString("## Related\n\n")
		for k, t := range a.teasers {
			fmt.Fprintf(&b, "- [%s](%s-related-%d)\n", t, a.url, k)
		}
	}
	return b.String()
}

// html writes a as a web page with navigation, share widgets and a teaser
// aside around the article.
func (a article) html(r randIntN) string {
	e := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s | %s</title>\n", e(a.title), e(a.outlet))
	fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\">\n<meta property=\"og:site_name\" content=\"%s\">\n", e(a.title), e(a.outlet))
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\">\n<meta property=\"article:published_time\" content=\"%s\">\n", e(a.url), a.published.Format(time.RFC3339))
	b.WriteString("<script>window.dataLayer=[];</script></head>\n<body><header><nav><a href=\"/\">Home</a> &gt; <a href=\"/world\">World</a></nav>")
	if r.IntN(100) < 50 {
		b.WriteString("<div class=\"newsletter\">Sign up for our daily briefing</div>")
	}
	fmt.Fprintf(&b, "</header>\n<main><article><h1>%s</h1>\n", e(a.title))
	if a.credit != "" {
		fmt.Fprintf(&b, "<figure><img src=\"/img/%d.jpg\" alt=\"\"><figcaption>%s</figcaption></figure>\n", r.IntN(1000), e(a.credit))
	}
	for k, p := range a.paras {
		if h, ok := a.headings[k]; ok {
			fmt.Fprintf(&b, "<h2>%s</h2>\n", e(h))
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", e(p))
	}
	if a.byline != "" {
		fmt.Fprintf(&b, "<p><em>%s</em></p>\n", e(a.byline))
	}
	b.WriteString("<div class=\"share\"><button>Share</button> <button>Tweet</button> <button>Email</button></div></article>\n")
	if len(a.teasers) > 0 {
		b.WriteString("<aside><h2>Similar news</h2><ul>")
		for _, t := range a.teasers {
			fmt.Fprintf(&b, "<li><a href=\"#\">%s</a></li>", e(t))
		}
		b.WriteString("</ul></aside>\n")
	}
	fmt.Fprintf(&b, "</main><footer>&copy; %s</footer></body></html>\n", e(a.outlet))
	return b.String()
}

type randIntN interface{ IntN(int) int }

func firstWords(s string, n int) []string {
	w := strings.Fields(s)
	return w[:min(n, len(w))]
}

func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimSpace(s[:n])
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
