package index

import (
	"fmt"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// frontMatter holds the keys parseMarkdown reads; other keys are ignored.
// Published stays a string so that setPublished sees it as written.
type frontMatter struct {
	Title     string `yaml:"title"`
	Outlet    string `yaml:"outlet"`
	URL       string `yaml:"url"`
	Published string `yaml:"published"`
}

// parseMarkdown reads a .md article: optional YAML front matter between a first line "---" and the next "---" line
// (keys: title, outlet, url, published — published as YYYY-MM-DD or RFC 3339), body after it.
//
// The body is split into blocks at blank lines, headings, list items and
// rules, and each block is reduced to plain text by mdInline. When the front
// matter gives no title and the first block is a "# " heading, that heading
// is the Title and is not repeated in Blocks.
func parseMarkdown(data []byte) (rawDoc, error) {
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	var doc rawDoc
	if first, rest, _ := strings.Cut(text, "\n"); strings.TrimRight(first, " \t") == "---" {
		lines := strings.Split(rest, "\n")
		end := slices.IndexFunc(lines, func(l string) bool { return strings.TrimRight(l, " \t") == "---" })
		if end < 0 {
			return rawDoc{}, fmt.Errorf("front matter: no closing \"---\" line")
		}
		fm := strings.Join(lines[:end], "\n")
		text = strings.Join(lines[end+1:], "\n")
		var m frontMatter
		if err := yaml.Unmarshal([]byte(fm), &m); err != nil {
			return rawDoc{}, fmt.Errorf("front matter: %w", err)
		}
		if err := doc.setPublished(m.Published); err != nil {
			return rawDoc{}, fmt.Errorf("front matter: %w", err)
		}
		doc.Title, doc.Outlet = strings.Join(strings.Fields(m.Title), " "), strings.Join(strings.Fields(m.Outlet), " ")
		doc.URL = strings.TrimSpace(m.URL)
	}
	var sp mdSplitter
	for _, line := range strings.Split(mdDropComments(text), "\n") {
		sp.line(line)
	}
	sp.flush(false)
	blocks := sp.blocks
	if doc.Title == "" && len(blocks) > 0 && blocks[0].h1 {
		doc.Title, blocks = blocks[0].text, blocks[1:]
	}
	for _, b := range blocks {
		doc.addBlock(b.text)
	}
	return doc, nil
}

// mdDropComments removes HTML comments; an unclosed comment runs to the end.
func mdDropComments(s string) string {
	var b strings.Builder
	for {
		before, after, ok := strings.Cut(s, "<!--")
		b.WriteString(before)
		if !ok {
			return b.String()
		}
		_, s, _ = strings.Cut(after, "-->")
	}
}

// mdBlock is one block of a Markdown body, reduced to plain text.
type mdBlock struct {
	text string
	h1   bool // a "# " heading
}

// mdSplitter groups the lines of a Markdown body into blocks.
type mdSplitter struct {
	blocks []mdBlock
	lines  []string // lines of the block being gathered
	list   bool     // the block being gathered is a list item
}

// flush ends the block being gathered; h1 marks it as a "# " heading.
func (sp *mdSplitter) flush(h1 bool) {
	text := html.UnescapeString(mdInline(strings.Join(sp.lines, " ")))
	if text = strings.Join(strings.Fields(text), " "); text != "" {
		sp.blocks = append(sp.blocks, mdBlock{text: text, h1: h1})
	}
	sp.lines, sp.list = nil, false
}

// line feeds one line of the body to the splitter. Blockquote markers are
// dropped; headings and list items are blocks of their own; rules end a block.
func (sp *mdSplitter) line(l string) {
	for strings.HasPrefix(strings.TrimLeft(l, " \t"), ">") {
		l = strings.TrimLeft(l, " \t")[1:]
	}
	t := strings.TrimSpace(l)
	if t == "" || mdIsRule(t) {
		sp.flush(false)
		return
	}
	if level, text := mdHeading(t); level > 0 {
		sp.flush(false)
		sp.lines = []string{text}
		sp.flush(level == 1)
		return
	}
	if item, ok := mdListItem(t, len(sp.lines) == 0 || sp.list); ok {
		sp.flush(false)
		sp.lines, sp.list = []string{item}, true
		return
	}
	sp.lines = append(sp.lines, t)
}

// mdHeading returns the level and text of an ATX heading line, or level 0.
func mdHeading(t string) (int, string) {
	text := strings.TrimLeft(t, "#")
	level := len(t) - len(text)
	if level == 0 || level > 6 || (text != "" && text[0] != ' ' && text[0] != '\t') {
		return 0, ""
	}
	if closed := strings.TrimRight(text, "#"); strings.HasSuffix(closed, " ") || strings.TrimSpace(closed) == "" {
		text = closed // without a closing run of #
	}
	return level, text
}

// mdIsRule reports whether t is a horizontal rule: three or more of one of
// - * _, spaces allowed between them.
func mdIsRule(t string) bool {
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case t[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3 && strings.IndexByte("-*_", t[0]) >= 0
}

// mdListItem returns the text of a list item line without its bullet or
// number. A numbered item other than 1 starts a list only where a block or
// list item starts (anyNumber), so a wrapped line opening "2025. " is text.
func mdListItem(t string, anyNumber bool) (string, bool) {
	if strings.ContainsRune("-*+", rune(t[0])) && (len(t) == 1 || t[1] == ' ' || t[1] == '\t') {
		return t[1:], true
	}
	rest := strings.TrimLeft(t, "0123456789")
	n := len(t) - len(rest)
	ok := n > 0 && n <= 9 && rest != "" && (rest[0] == '.' || rest[0] == ')') &&
		(len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t') && (anyNumber || t[:n] == "1")
	if !ok {
		return "", false
	}
	return rest[1:], true
}

// mdInline reduces inline Markdown to plain text: code spans and links keep
// their text, autolinks their address; images, HTML tags, emphasis markers
// and backslashes before punctuation are dropped. It runs in linear time.
func mdInline(s string) string {
	var b strings.Builder
	match := mdMatches(s)
	var skips [][2]int // for each link whose text is being read: its "]" and its end
	for i := 0; i < len(s); {
		if k := len(skips) - 1; k >= 0 && i >= skips[k][0] {
			i, skips = max(i, skips[k][1]), skips[:k]
			continue
		}
		c, n, out := s[i], 1, s[i:i+1]
		switch c {
		case '\\':
			if i+1 < len(s) && strings.IndexByte(mdPunct, s[i+1]) >= 0 {
				out, n = s[i+1:i+2], 2
			}
		case '`':
			n = len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			out = s[i : i+n]
			if end := strings.Index(s[i+n:], out); end >= 0 {
				out, n = s[i+n:i+n+end], n+end+n
			}
		case '!', '[':
			if c == '[' {
				if close, end := mdLink(s, i, match); end > 0 {
					out, skips = "", append(skips, [2]int{close, end})
				}
			} else if _, end := mdLink(s, i+1, match); end > 0 {
				out, n = "", end-i // an image: ![alt](src)
			}
		case '<':
			if j := strings.IndexAny(s[i+1:], "<>"); j > 0 && s[i+1+j] == '>' {
				if text, ok := mdAngle(s[i+1 : i+1+j]); ok {
					out, n = text, j+2
				}
			}
		case '*', '_':
			n = len(s[i:]) - len(strings.TrimLeft(s[i:], s[i:i+1]))
			if out = s[i : i+n]; mdIsDelimiter(s, i, i+n) {
				out = ""
			}
		}
		b.WriteString(out)
		i += n
	}
	return b.String()
}

// mdPunct are the characters a backslash escapes.
const mdPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// mdLink finds [text](url) or [text][ref] at s[i] and returns the index of
// the "]" that ends the text and the index just past the link, or end 0.
func mdLink(s string, i int, match []int) (close, end int) {
	if i >= len(s) || s[i] != '[' || match[i] < 0 {
		return 0, 0
	}
	close = match[i]
	if close+1 >= len(s) || (s[close+1] != '(' && s[close+1] != '[') || match[close+1] < 0 {
		return 0, 0
	}
	return close, match[close+1] + 1
}

// mdMatches maps the index of each "[" and "(" in s to the index of the
// bracket that closes it, or -1; escaped brackets do not count. It is nil
// when s has no "[".
func mdMatches(s string) []int {
	if !strings.Contains(s, "[") {
		return nil
	}
	match := make([]int, len(s))
	var squares, parens []int // indexes of the unclosed "[" and "("
	pop := func(open *[]int, i int) {
		if k := len(*open) - 1; k >= 0 {
			match[(*open)[k]], *open = i, (*open)[:k]
		}
	}
	for i := 0; i < len(s); i++ {
		match[i] = -1
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				match[i] = -1
			}
		case '[':
			squares = append(squares, i)
		case '(':
			parens = append(parens, i)
		case ']':
			pop(&squares, i)
		case ')':
			pop(&parens, i)
		}
	}
	return match
}

// mdAngle returns the text for <inner> when it is an autolink (its address)
// or an HTML tag (nothing, or a space for a line break).
func mdAngle(inner string) (string, bool) {
	if !strings.ContainsAny(inner, " \t") && strings.ContainsAny(inner, ":@") {
		return inner, true
	}
	name, _, _ := strings.Cut(strings.TrimPrefix(inner, "/"), " ")
	name = strings.ToLower(strings.TrimSuffix(name, "/"))
	if name == "" || name[0] < 'a' || name[0] > 'z' || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		return "", false
	}
	if name == "br" {
		return " ", true
	}
	return "", true
}

// mdIsDelimiter reports whether the run of * or _ at s[i:j] marks emphasis:
// not a run with spaces on both sides, nor an _ inside a word (snake_case).
func mdIsDelimiter(s string, i, j int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[j:])
	if (i == 0 || unicode.IsSpace(before)) && (j == len(s) || unicode.IsSpace(after)) {
		return false
	}
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return s[i] != '_' || !inWord(before) || !inWord(after)
}
