package article

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// parseMarkdown reads a .md article: optional YAML front matter (see
// splitFrontMatter and readFrontMatter), then a CommonMark body with GitHub
// tables, strikethrough and footnotes, parsed by goldmark.
//
// Blocks are the plain text of the body's paragraphs, headings, list items,
// blockquote paragraphs, table rows (cells joined by "; ") and footnotes (at
// the end, where goldmark puts them), in reading order. Inline markup is
// reduced to its text: emphasis, links and inline code keep their text,
// autolinks their address, entities are decoded; images (their alt text is
// a caption, not the article), footnote markers and raw inline HTML tags
// give nothing (<br> gives a space). Code blocks, link reference
// definitions, HTML comments and raw HTML blocks give no block, except an
// HTML block that opens with <p>: that is prose, and its text is kept.
// When the front matter gives no title and the first block is an h1 heading
// (ATX or setext), that heading is the Title and is not repeated in Blocks.
// A body nested deeper than mdMaxNesting is an error (see mdCheckNesting).
func parseMarkdown(data []byte) (rawDoc, error) {
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	var doc rawDoc
	fm, body, err := splitFrontMatter(text)
	if err != nil {
		return rawDoc{}, err
	}
	if err := readFrontMatter(&doc, fm); err != nil {
		return rawDoc{}, err
	}
	if err := mdCheckNesting([]byte(body)); err != nil {
		return rawDoc{}, err
	}
	blocks := mdBlocks([]byte(body))
	if doc.Title == "" && len(blocks) > 0 && blocks[0].h1 {
		doc.Title, blocks = blocks[0].text, blocks[1:]
	}
	for _, b := range blocks {
		doc.addBlock(b.text)
	}
	return doc, nil
}

// mdBlock is one block of a Markdown body, reduced to plain text.
type mdBlock struct {
	text string
	h1   bool // a level 1 heading, ATX ("# ") or setext (underlined with "=")
}

// mdBlocks parses a Markdown body and returns its blocks with text, in order.
func mdBlocks(src []byte) []mdBlock {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Footnote))
	ctx := parser.NewContext()
	for _, label := range mdFullRefLabels(src) {
		ctx.AddReference(parser.NewReference(label, nil, nil))
	}
	w := mdWalker{src: src}
	w.block(md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx)))
	return w.blocks
}

// mdFullRefLabels returns the labels of what look like full reference links,
// "[text][label]". Defining each of them first makes such a link give its
// text even when its definition is missing (cut off with the end of a page),
// where CommonMark would keep the brackets. Shortcut references, "[text]"
// alone, are not touched: brackets in quotes ("[Russia] will not") are text.
func mdFullRefLabels(src []byte) [][]byte {
	var labels [][]byte
	for rest := src; ; {
		i := bytes.Index(rest, []byte("]["))
		if i < 0 {
			return labels
		}
		rest = rest[i+2:]
		end := bytes.IndexAny(rest, "[]\\\n")
		if end > 0 && end < 1000 && rest[end] == ']' && len(bytes.TrimSpace(rest[:end])) > 0 {
			labels = append(labels, rest[:end])
		}
	}
}

// mdWalker collects the blocks of a goldmark document.
type mdWalker struct {
	src    []byte
	blocks []mdBlock
}

// add appends a block unless it has no text.
func (w *mdWalker) add(s string, h1 bool) {
	if s = strings.Join(strings.Fields(s), " "); s != "" {
		w.blocks = append(w.blocks, mdBlock{text: s, h1: h1})
	}
}

// block walks a block node: leaf blocks with text become blocks, containers
// (the document, lists, list items, blockquotes) are walked in order, code
// and most raw HTML are dropped.
func (w *mdWalker) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		w.add(w.inline(n), n.Level == 1)
	case *ast.Paragraph, *ast.TextBlock:
		w.add(w.inline(n), false)
	case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.ThematicBreak:
	case *ast.HTMLBlock:
		w.htmlProse(n)
	case *extast.Table:
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				if s := strings.TrimSpace(w.inline(cell)); s != "" {
					cells = append(cells, s)
				}
			}
			w.add(strings.Join(cells, "; "), false)
		}
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			w.block(c)
		}
	}
}

// inline returns the text of the inline children of n.
func (w *mdWalker) inline(n ast.Node) string {
	var b strings.Builder
	w.inlineTo(&b, n)
	return b.String()
}

func (w *mdWalker) inlineTo(b *strings.Builder, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if v := c.Segment.Value(w.src); c.IsRaw() {
				b.Write(v)
			} else {
				b.Write(mdUnescape(v))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(w.src))
				}
			}
		case *ast.AutoLink:
			b.Write(c.Label(w.src))
		case *ast.Image:
		case *ast.RawHTML:
			if seg := c.Segments.At(0); c.Segments.Len() > 0 && mdIsBreak(seg.Value(w.src)) {
				b.WriteByte(' ')
			}
		default: // emphasis, links, strikethrough
			w.inlineTo(b, c)
		}
	}
}

// mdUnescape resolves the backslash escapes and the entity and numeric
// character references of Markdown text; an escaped "&" starts no reference.
func mdUnescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return v
	}
	var out []byte
	for {
		i := 0
		for i < len(v) && !(v[i] == '\\' && i+1 < len(v) && util.IsPunct(v[i+1])) {
			i++
		}
		out = append(out, util.ResolveNumericReferences(util.ResolveEntityNames(v[:i]))...)
		if i == len(v) {
			return out
		}
		out, v = append(out, v[i+1]), v[i+2:]
	}
}

// mdIsBreak reports whether tag is a <br> tag.
func mdIsBreak(tag []byte) bool {
	name := bytes.TrimLeft(bytes.TrimPrefix(tag, []byte("<")), "/")
	return len(name) >= 2 && bytes.EqualFold(name[:2], []byte("br")) &&
		(len(name) == 2 || strings.IndexByte(" \t\n/>", name[2]) >= 0)
}

// htmlProse adds the text of each paragraph of an HTML block that opens
// with a <p> tag, and nothing for any other block (comments, <div>,
// <figure>, <script>, embeds...). Inside it, tags are dropped and the text
// of <script> and <style> too.
func (w *mdWalker) htmlProse(n *ast.HTMLBlock) {
	var raw []byte
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		raw = append(raw, seg.Value(w.src)...)
	}
	if n.HasClosure() {
		raw = append(raw, n.ClosureLine.Value(w.src)...)
	}
	z := html.NewTokenizer(bytes.NewReader(raw))
	if z.Next() != html.StartTagToken {
		return
	}
	if name, _ := z.TagName(); string(name) != "p" {
		return
	}
	var (
		b    strings.Builder
		skip string // the script or style element being skipped
	)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			w.add(b.String(), false)
			return
		}
		name, _ := z.TagName()
		switch {
		case skip != "":
			if tt == html.EndTagToken && string(name) == skip {
				skip = ""
			}
		case tt == html.TextToken:
			b.Write(z.Text())
		case tt == html.StartTagToken && (string(name) == "script" || string(name) == "style"):
			skip = string(name)
		case string(name) == "p":
			w.add(b.String(), false)
			b.Reset()
		case string(name) == "br":
			b.WriteByte(' ')
		}
	}
}
