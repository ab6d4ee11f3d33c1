package article

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/talksbot/talksbot/internal/prose"
)

// MaxBytes bounds the size of one article file.
const MaxBytes = 2 << 20

// articleExts are the file extensions read as articles.
var articleExts = map[string]bool{".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true}

// IsFile reports whether name has an extension read as an article.
func IsFile(name string) bool {
	return articleExts[strings.ToLower(path.Ext(name))]
}

// ID is the id of the article stored in file name: the base name
// without its extension.
func ID(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	return strings.TrimSuffix(base, path.Ext(base))
}

// Parse reads one article file (.txt, .md or .html, by the extension
// of name), removes its page furniture and returns it. An error says why the
// file cannot be indexed.
func Parse(name string, data []byte) (Article, error) {
	a := Article{ID: ID(name), File: path.Base(name)}
	if err := checkText(data); err != nil {
		return a, err
	}
	var (
		lines []line
		meta  rawDoc
	)
	switch strings.ToLower(path.Ext(name)) {
	case ".txt":
		lines = textLines(string(data))
	case ".md", ".markdown":
		d, err := parseMarkdown(data)
		if err != nil {
			return a, err
		}
		meta, lines = d, blockLines(d.Blocks)
	case ".html", ".htm":
		d, err := parseHTML(data)
		if err != nil {
			return a, err
		}
		meta, lines = d, blockLines(d.Blocks)
	default:
		return a, fmt.Errorf("unsupported file type %q (want .txt, .md or .html)", path.Ext(name))
	}
	titles := []string{}
	for _, t := range append([]string{meta.Title}, meta.AltTitles...) {
		if t = prose.NormalizeSpace(t); t != "" {
			titles = append(titles, t)
		}
	}
	c := clean(lines, titles)
	if len(c.paragraphs) == 0 {
		return a, errors.New("no article text left after removing page furniture")
	}
	a.Title, a.TitleDerived = c.title, c.titleDerived
	a.Outlet, a.URL, a.Published = prose.NormalizeSpace(meta.Outlet), strings.TrimSpace(meta.URL), meta.Published
	if a.Published.IsZero() {
		a.Published = pageDate(c)
	}
	if a.Outlet == "" {
		a.Outlet = pageOutlet(c)
	}
	a.Dateline = datelineCity(c)
	a.Paragraphs, a.Dropped = c.paragraphs, c.dropped
	return a, nil
}

// checkText refuses files that are empty, too large, binary or not UTF-8.
func checkText(data []byte) error {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return errors.New("empty file")
	case len(data) > MaxBytes:
		return fmt.Errorf("file is over the limit of %d bytes", MaxBytes)
	case bytes.IndexByte(data, 0) >= 0:
		return errors.New("binary file (contains NUL bytes)")
	case !utf8.Valid(data):
		return errors.New("not UTF-8 text")
	}
	return nil
}

// textLines splits a plain-text article into lines grouped into paragraphs:
// paragraphs are separated by blank lines or, in a file that has none, each
// line is a paragraph. Within a block between blank lines, lines that each
// end a sentence (or are list items) are paragraphs of their own: text
// hard-wrapped at a width breaks mid-sentence, paragraphs pasted one a line
// do not.
func textLines(s string) []line {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	raw := strings.Split(s, "\n")
	hasBlank := false
	for i, l := range raw {
		if strings.TrimSpace(l) == "" && i > 0 && i < len(raw)-1 {
			hasBlank = true
			break
		}
	}
	// Blocks whose every line ends a sentence or is a list item.
	ownLines := make([]bool, len(raw))
	for i := 0; i < len(raw); {
		j := i
		whole := true
		for j < len(raw) && strings.TrimSpace(raw[j]) != "" {
			t := strings.TrimSpace(raw[j])
			whole = whole && (endsSentence(t) || isListItem(t) || isHeadingLike(t))
			j++
		}
		for k := i; k < j; k++ {
			ownLines[k] = whole || !hasBlank
		}
		i = j + 1
	}
	var out []line
	para := 0
	for i, l := range raw {
		if strings.TrimSpace(l) == "" {
			para++
			continue
		}
		if isListItem(strings.TrimSpace(l)) && len(out) > 0 && out[len(out)-1].para == para {
			para++ // each item of a list is a paragraph of its own
		}
		out = append(out, line{text: l, para: para})
		if ownLines[i] || isListItem(strings.TrimSpace(l)) {
			para++
		}
	}
	return out
}

// blockLines makes one paragraph of each block.
func blockLines(blocks []string) []line {
	out := make([]line, 0, len(blocks))
	for i, b := range blocks {
		out = append(out, line{text: b, para: i})
	}
	return out
}
