package intake

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// frontMatter is what a stored article says about itself.
type frontMatter struct {
	Title     string `yaml:"title"`
	URL       string `yaml:"url"`
	Canonical string `yaml:"canonical,omitempty"`
	Outlet    string `yaml:"outlet,omitempty"`
	Published string `yaml:"published,omitempty"`
	Fetched   string `yaml:"fetched"`
}

// render returns the file name (YYYY-MM-DD_slug.md, dated by publication,
// else by fetching) and the Markdown of d: front matter, then one
// paragraph each, escaped so that Markdown reads them as plain text.
func render(d Draft) (string, []byte, error) {
	a := d.Article
	if len(a.Paragraphs) == 0 {
		return "", nil, errors.New("no text")
	}
	fm := frontMatter{Title: a.Title, URL: d.URL, Canonical: d.Canonical, Outlet: a.Outlet, Fetched: d.Fetched.Format(time.RFC3339)}
	date := d.Fetched
	if !a.Published.IsZero() {
		fm.Published = a.Published.Format(time.RFC3339)
		date = a.Published
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	if err := enc.Encode(fm); err != nil {
		return "", nil, err
	}
	enc.Close()
	b.WriteString("---\n")
	for _, p := range a.Paragraphs {
		b.WriteString("\n")
		b.WriteString(escapeMarkdown(p))
		b.WriteString("\n")
	}
	return date.Format("2006-01-02") + "_" + slug(a.Title) + ".md", b.Bytes(), nil
}

// mdSpecial are the characters Markdown may read as syntax within a line.
var mdSpecial = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`)

// listStart finds a line start that Markdown reads as a list item or a
// thematic break.
var listStart = regexp.MustCompile(`^(\d{1,9})([.)])|^([-+=~])`)

// escapeMarkdown makes one paragraph of plain text read as itself.
func escapeMarkdown(p string) string {
	p = mdSpecial.Replace(strings.Join(strings.Fields(p), " "))
	if m := listStart.FindStringSubmatchIndex(p); m != nil {
		if m[2] >= 0 {
			return p[:m[3]] + `\` + p[m[3]:]
		}
		return `\` + p
	}
	return p
}

// slug is title in lower-case ASCII words joined by hyphens, at most 60
// characters; "article" when nothing is left.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		if b.Len() >= 60 {
			break
		}
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
		default:
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return "article"
	}
	return s
}
