package extract

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/talksbot/talksbot/article"
)

// FuzzParseArticle feeds plain-text articles through parsing, cleaning and
// cutting into passages. A file is either refused with a reason or gives
// passages that are clean text, numbered from paragraph 1 in order.
func FuzzParseArticle(f *testing.F) {
	files, err := fs.Glob(defaultCorpus(), "*.txt")
	if err != nil || len(files) == 0 {
		f.Fatalf("no default articles to seed from (%v)", err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(defaultCorpus(), name)
		if err != nil {
			f.Fatal(err)
		}
		// The top and bottom of each article, where its furniture is: whole
		// articles are slow to mutate and minimize.
		for _, seed := range headAndTail(data) {
			f.Add(seed)
		}
	}
	for _, s := range []string{
		"",
		"\n\n\n",
		"\x00\x01\x02binary",
		"caf\xe9 au lait\n\nTalks went on.",
		"Share\nTweet\nComments\nExit mobile version",
		"Title line\r\n\r\nFirst paragraph.\r\nSame paragraph.\r\n\r\nSecond.",
		"Title\rOld Mac line ending\rAnother",
		"One line\nno blank lines\nat all in this file",
		"Only a title",
		"\ufeffTitle\u200b\n\n\u00a0\u00ad\n\nText after invisible lines.",
		"Putin met Witkoff in Moscow. " + strings.Repeat("The talks went on for hours without a full stop ", 60),
		"Home > World > Europe\n\nReporting by Jane Doe\n\n“Quoted,” Zelensky said.",
	} {
		f.Add([]byte(s))
	}
	lx, err := LoadLexicon(defaultCorpus(), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParsed(t, lx, "fuzz.txt", data)
	})
}

// FuzzParseArticleMarkdown is FuzzParseArticle for Markdown articles, seeded
// with the Markdown test files and the constructs goldmark must reduce to
// text or drop.
func FuzzParseArticleMarkdown(f *testing.F) {
	formats := os.DirFS(filepath.Join("..", "article", "testdata", "formats"))
	files, err := fs.Glob(formats, "*.md")
	if err != nil || len(files) == 0 {
		f.Fatalf("no Markdown test files to seed from (%v)", err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(formats, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"---\nheadline: T\nsource: S\ndate: 2025-06-02T10:00:00+0200\n---\nText.",
		"Title\n=====\n\n```\ncode\n```\n\n    indented\n\nText *a* _b_ `c` [d](e) ![f](g) <h@i.j> &amp; <!-- k -->",
		"| a | b |\n|---|---|\n| c | d |\n\n> quote\n\n- item\n  - nested\n\n[ref]: /x\n\n[^1]: note",
		"<p>prose <script>x</script></p>\n\n<div>\nad\n</div>\n\n***\n\n[t][missing] [[nested]]",
	} {
		f.Add([]byte(s))
	}
	lx, err := LoadLexicon(defaultCorpus(), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParsed(t, lx, "fuzz.md", data)
	})
}

// checkParsed parses data as the article file name and checks what comes
// back: a reason, or a titled article whose passages are clean text,
// numbered from paragraph 1 in order.
func checkParsed(t *testing.T, lx *Lexicon, name string, data []byte) {
	t.Helper()
	a, err := article.Parse(name, data)
	if err != nil {
		if err.Error() == "" {
			t.Fatal("ParseArticle refused the file with an empty reason")
		}
		return
	}
	if a.ID != "fuzz" || a.File != name {
		t.Errorf("ID, File = %q, %q; want fuzz, %s", a.ID, a.File, name)
	}
	if a.Title == "" || !utf8.ValidString(a.Title) {
		t.Errorf("Title = %q, want non-empty UTF-8", a.Title)
	}
	if len(a.Paragraphs) == 0 {
		t.Fatal("ParseArticle returned an article without paragraphs and no error")
	}
	for i, p := range a.Paragraphs {
		checkLine(t, "paragraph", i+1, p)
	}
	passages := Analyse(lx, a).Passages
	if len(passages) < len(a.Paragraphs) {
		t.Fatalf("%d paragraphs gave %d passages", len(a.Paragraphs), len(passages))
	}
	var prev Passage // paragraph 0 comes before the first
	for i, p := range passages {
		checkLine(t, "passage "+p.ID, p.Paragraph, p.Text)
		switch {
		case p.Paragraph < 1 || p.Paragraph > len(a.Paragraphs):
			t.Errorf("passage %d is paragraph %d of %d", i, p.Paragraph, len(a.Paragraphs))
		case p.Paragraph == prev.Paragraph && (p.Part < 2 || p.Part != prev.Part+1):
			t.Errorf("passage %d is paragraph %d part %d after part %d", i, p.Paragraph, p.Part, prev.Part)
		case p.Paragraph != prev.Paragraph && (p.Paragraph != prev.Paragraph+1 || p.Part > 1 || prev.Part == 1):
			t.Errorf("passage %d is paragraph %d part %d after paragraph %d part %d", i, p.Paragraph, p.Part, prev.Paragraph, prev.Part)
		}
		if want := passageID(a.ID, p.Paragraph, p.Part); p.ID != want || p.Article != a.ID {
			t.Errorf("passage %d: ID, Article = %q, %q; want %q, %q", i, p.ID, p.Article, want, a.ID)
		}
		prev = p
	}
	if prev.Part == 1 || prev.Paragraph != len(a.Paragraphs) {
		t.Errorf("last passage is paragraph %d part %d of %d paragraphs", prev.Paragraph, prev.Part, len(a.Paragraphs))
	}
}

// seedBytes bounds the seeds taken from the default articles.
const seedBytes = 1500

// headAndTail returns the first and the last lines of data, each at most
// seedBytes long, or data alone when it is that short.
func headAndTail(data []byte) [][]byte {
	if len(data) <= seedBytes {
		return [][]byte{data}
	}
	head := data[:bytes.LastIndexByte(data[:seedBytes], '\n')+1]
	tail := data[len(data)-seedBytes:]
	tail = tail[bytes.IndexByte(tail, '\n')+1:]
	return [][]byte{head, tail}
}

// checkLine fails unless s is non-empty, valid UTF-8 text on one line with
// no space at either end.
func checkLine(t *testing.T, what string, n int, s string) {
	t.Helper()
	if s == "" || !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r\x00") || strings.TrimSpace(s) != s {
		t.Errorf("%s %d = %q, want trimmed UTF-8 text on one line", what, n, s)
	}
}
