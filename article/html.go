package article

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"codeberg.org/readeck/go-readability/v2"

	"github.com/talksbot/talksbot/internal/dates"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML reads an .html article: title, outlet, url, published time and main text.
//
// Scripts, styles, navigation, asides, footers, forms, dialogs and hidden
// elements never give text. Readability then finds the main content; when it
// finds none, the whole body is read instead. The metadata comes from the
// page's meta and link tags first, then from what readability found (JSON-LD,
// other meta tags, the <title>).
func parseHTML(data []byte) (rawDoc, error) {
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return rawDoc{}, fmt.Errorf("html: parse: %w", err)
	}
	meta := htmlMeta(root)
	htmlPrune(root)
	var doc rawDoc
	art, err := readability.FromDocument(root, nil) // works on a copy of root
	if err == nil && art.Node != nil {
		htmlBlocks(&doc, art.Node)
	}
	if len(doc.Blocks) == 0 {
		htmlBlocks(&doc, root)
	}
	if len(doc.Blocks) == 0 {
		return rawDoc{}, errors.New("html: no text")
	}
	doc.Title = htmlFirst(meta["og:title"], meta["twitter:title"], art.Title(), meta["<title>"])
	doc.AltTitles = []string{meta["<h1>"], meta["<title>"]}
	doc.Outlet = htmlFirst(meta["og:site_name"], art.SiteName())
	doc.URL = strings.TrimSpace(htmlFirst(meta["<canonical>"], meta["og:url"]))
	if err := doc.setPublished("article:published_time", htmlFirst(meta["article:published_time"], meta["datepublished"])); err != nil || doc.Published.IsZero() {
		if t, err := art.PublishedTime(); err == nil { // JSON-LD, other meta tags
			doc.Published = t
		} else if t, ok := dates.Full(meta["<time>"]); ok {
			doc.Published = t
		} else if t, ok := dates.Full(meta["<dated>"]); ok {
			doc.Published = t
		}
	}
	return doc, nil
}

// htmlFirst returns the first of values that is not blank, whitespace-collapsed.
func htmlFirst(values ...string) string {
	for _, v := range values {
		if v = strings.Join(strings.Fields(v), " "); v != "" {
			return v
		}
	}
	return ""
}

// htmlMeta collects the page's metadata: meta tags by their lower-cased
// property or name (the first of each wins), the text of <title> under
// "<title>" and the canonical link under "<canonical>".
func htmlMeta(root *html.Node) map[string]string {
	meta := map[string]string{}
	set := func(key, value string) {
		if _, ok := meta[key]; !ok && key != "" && strings.TrimSpace(value) != "" {
			meta[key] = value
		}
	}
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Meta:
			key := htmlAttr(n, "property")
			if key == "" {
				key = htmlAttr(n, "name")
			}
			if key == "" {
				key = htmlAttr(n, "itemprop")
			}
			set(strings.ToLower(strings.TrimSpace(key)), htmlAttr(n, "content"))
		case atom.Link:
			if rel := strings.Fields(strings.ToLower(htmlAttr(n, "rel"))); len(rel) > 0 && rel[0] == "canonical" {
				set("<canonical>", htmlAttr(n, "href"))
			}
		case atom.H1:
			set("<h1>", htmlText(n))
		case atom.Time:
			set("<time>", htmlAttr(n, "datetime"))
			set("<dated>", htmlText(n))
		case atom.Div, atom.Span, atom.P:
			// A page's date in an element named for it: <div
			// class="date">, <span itemprop="datePublished">; not an
			// update's date.
			name := strings.ToLower(htmlAttr(n, "class") + " " + htmlAttr(n, "itemprop"))
			if (strings.Contains(name, "date") || strings.Contains(name, "publish") || strings.Contains(name, "time")) &&
				!strings.Contains(name, "update") && !strings.Contains(name, "modif") {
				if t := htmlText(n); len(t) <= 80 {
					set("<dated>", t)
				}
			}
		case atom.Title:
			if n.FirstChild != nil && !htmlInside(n, atom.Svg) {
				set("<title>", n.FirstChild.Data)
			}
		}
	}
	return meta
}

// htmlText returns the text under n, whitespace-collapsed.
func htmlText(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// htmlAttr returns the value of n's attribute key, or "".
func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// htmlInside reports whether n has an ancestor element a.
func htmlInside(n *html.Node, a atom.Atom) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == a {
			return true
		}
	}
	return false
}

// htmlPrune removes the elements under n that are furniture by their ARIA
// role or hidden, before readability rewrites the tree and drops their
// attributes. Furniture tags stay: readability keeps them and scores by them.
func htmlPrune(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && htmlHidden(c) {
			n.RemoveChild(c)
		} else {
			htmlPrune(c)
		}
		c = next
	}
}

// htmlBlocks appends to doc the text blocks under n in document order. Each
// block-level element (paragraph, heading, list item, quote, pre, caption,
// and the containers around them) starts and ends a block.
func htmlBlocks(doc *rawDoc, n *html.Node) {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode, html.DocumentNode:
		default:
			return // comments, doctype
		}
		// Readability renames elements without updating DataAtom: go by Data.
		a := atom.Lookup([]byte(n.Data))
		if n.Type == html.ElementNode && htmlSkipped(n, a) {
			return
		}
		block := htmlIsBlock(a)
		if block {
			doc.addBlock(b.String())
			b.Reset()
		}
		if a == atom.Br {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			doc.addBlock(b.String())
			b.Reset()
		}
	}
	walk(n)
	doc.addBlock(b.String())
}

// htmlSkipped reports whether element n, of kind a, holds page furniture or
// code rather than article text, by its tag or because htmlHidden holds.
func htmlSkipped(n *html.Node, a atom.Atom) bool {
	switch a {
	case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Nav, atom.Aside,
		atom.Footer, atom.Form, atom.Button, atom.Select, atom.Textarea, atom.Dialog, atom.Iframe,
		atom.Svg, atom.Math, atom.Object:
		return true
	}
	return htmlHidden(n)
}

// htmlHidden reports whether element n is hidden or is furniture by its ARIA
// role (navigation, sidebar, page footer or header, dialog, search).
func htmlHidden(n *html.Node) bool {
	switch strings.ToLower(strings.TrimSpace(htmlAttr(n, "role"))) {
	case "navigation", "complementary", "contentinfo", "banner", "dialog", "alertdialog", "search":
		return true
	}
	for _, attr := range n.Attr {
		if attr.Key == "hidden" || (attr.Key == "aria-hidden" && strings.EqualFold(attr.Val, "true")) {
			return true
		}
	}
	return false
}

// htmlIsBlock reports whether an element of kind a starts and ends a block.
func htmlIsBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Blockquote,
		atom.Pre, atom.Figcaption, atom.Figure, atom.Div, atom.Section, atom.Article, atom.Main,
		atom.Header, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Table, atom.Caption, atom.Tr,
		atom.Td, atom.Th, atom.Hr, atom.Address, atom.Details, atom.Summary, atom.Body:
		return true
	}
	return false
}
