package article

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// formatFile reads a test input from testdata/formats.
func formatFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkRawMeta compares the metadata of a parsed document with want.
func checkRawMeta(t *testing.T, name string, got, want rawDoc) {
	t.Helper()
	if got.Title != want.Title {
		t.Errorf("%s: Title = %q, want %q", name, got.Title, want.Title)
	}
	if got.Outlet != want.Outlet {
		t.Errorf("%s: Outlet = %q, want %q", name, got.Outlet, want.Outlet)
	}
	if got.URL != want.URL {
		t.Errorf("%s: URL = %q, want %q", name, got.URL, want.URL)
	}
	if !got.Published.Equal(want.Published) {
		t.Errorf("%s: Published = %v, want %v", name, got.Published, want.Published)
	}
}

// checkRawBlocks fails unless every block is non-empty and on one line.
func checkRawBlocks(t testing.TB, blocks []string) {
	t.Helper()
	for i, b := range blocks {
		if b == "" || strings.Contains(b, "\n") {
			t.Fatalf("block %d = %q, want non-empty text without newlines", i, b)
		}
	}
}

func TestParseMarkdown(t *testing.T) {
	tests := []struct {
		file    string
		want    rawDoc
		wantErr string // prefix of the error; "" when parsing succeeds
	}{
		{file: "md_full.md", want: rawDoc{
			Title:     "Witkoff and Kushner meet Putin in Moscow as peace plan talks resume",
			Outlet:    "Kyiv Ledger",
			URL:       "https://kyivledger.example/2025/12/02/witkoff-kushner-putin-moscow",
			Published: time.Date(2025, 12, 2, 0, 0, 0, 0, time.UTC),
			Blocks: []string{
				"Witkoff and Kushner meet Putin in Moscow",
				"US envoy Steve Witkoff and Jared Kushner spent five hours at the Kremlin on Tuesday, discussing a revised version of the 28-point peace plan with President Vladimir Putin.",
				`"Some of the American ideas look more or less acceptable," said Kremlin aide Yuri Ushakov, adding that no compromise had been reached on territory.`,
				"What is on the table",
				"Security guarantees for Ukraine",
				"The future of the Zaporizhzhia nuclear plant",
				"Frozen Russian assets",
				"A ceasefire along the current front line",
				"Elections in Ukraine within 100 days",
				"Ukrainian negotiator Rustem Umerov is expected in Miami later this week.",
			},
		}},
		{file: "md_rfc3339.md", want: rawDoc{
			Title:     `Geneva round ends with "updated and refined" framework`,
			Outlet:    "Danube Wire",
			URL:       "https://danubewire.example/news/geneva-round",
			Published: time.Date(2025, 11, 23, 17, 45, 0, 0, time.UTC),
			Blocks: []string{
				"US and Ukrainian delegations met in Geneva on Sunday and agreed to streamline the US-proposed plan into a shorter framework.",
				`Secretary of State Marco Rubio called the talks "the most productive" so far.`,
			},
		}},
		{file: "md_no_front_matter.md", want: rawDoc{Blocks: []string{
			"Russian and US officials held talks in Abu Dhabi on Monday, according to two people familiar with the meeting.",
			"Army Secretary Dan Driscoll led the American side, while a Russian delegation included military intelligence officials.",
		}}},
		{file: "md_syntax.md", want: rawDoc{
			Title: "Kremlin says no breakthrough yet",
			Blocks: []string{
				`Kremlin spokesman Dmitry Peskov said the talks were "useful" but that the file peace_plan_v2.pdf had not been signed, see the full text and Reuters.`,
				"Envoys from both sides — and Kyiv's delegation & observers — will meet again in 2025 or early next year. Contact: press@example.org, https://example.org/briefing. Prices rose 5 * 3 percent; snake_case_names stay. 2025. That was the year the talks began, and *this* stays literal.",
				"Nested quote from Ushakov.",
				"Third point, numbered with a parenthesis",
				"Tenth point",
				"Closing paragraph, with an inline tag removed.",
			},
		}},
		{file: "md_bad_front_matter.md", wantErr: "front matter: yaml:"},
		{file: "md_wrong_type.md", wantErr: "front matter: yaml:"},
		{file: "md_bad_date.md", wantErr: `front matter: parse published "last Tuesday"`},
		{file: "md_unclosed.md", wantErr: "front matter: no closing"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := parseMarkdown(formatFile(t, tt.file))
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("parseMarkdown(%s) error = %v, want one starting %q", tt.file, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseMarkdown(%s): %v", tt.file, err)
			}
			checkRawMeta(t, tt.file, got, tt.want)
			if !slices.Equal(got.Blocks, tt.want.Blocks) {
				t.Errorf("parseMarkdown(%s) blocks:\n%q\nwant:\n%q", tt.file, got.Blocks, tt.want.Blocks)
			}
		})
	}
}

func TestParseMarkdownWrapsYAMLError(t *testing.T) {
	_, err := parseMarkdown(formatFile(t, "md_wrong_type.md"))
	if _, ok := errors.AsType[*yaml.TypeError](err); !ok {
		t.Fatalf("parseMarkdown(md_wrong_type.md) error = %v, want a wrapped *yaml.TypeError", err)
	}
}

func TestParseMarkdownLines(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"crlf and bom", "\ufeff---\r\ntitle: Talks\r\n---\r\nOne\r\nline.\r\n\r\nTwo.\r\n", []string{"One line.", "Two."}},
		{"empty front matter", "---\n---\nText.", []string{"Text."}},
		{"closing hashes", "## Kyiv's view ##\nA # sign stays.", []string{"Kyiv's view", "A # sign stays."}},
		{"hashtag is text", "#UkrainePeace talks", []string{"#UkrainePeace talks"}},
		{"lazy list continuation", "- first item\n  continues here\n- second", []string{"first item continues here", "second"}},
		{"numbered line inside paragraph", "Talks began in\n2025. Then they stalled.", []string{"Talks began in 2025. Then they stalled."}},
		{"rules", "Above\n***\nBelow\n- - -\n___", []string{"Above", "Below"}},
		{"comment across lines", "Before <!-- a\nb --> after.", []string{"Before after."}},
		{"unclosed comment", "Kept.\n\n<!-- never closed\nDropped.", []string{"Kept."}},
		{"unmatched markup", "A [bracket, a `tick and <angle", []string{"A [bracket, a `tick and <angle"}},
		{"reference link", "See [the plan][plan].", []string{"See the plan."}},
		{"image only", "![A map](map.png)", nil},
		{"link in parens", "([Reuters](https://x.example/a_(b)))", []string{"(Reuters)"}},
		{"underscore emphasis", "__Strong__ and _weak_ words", []string{"Strong and weak words"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMarkdown([]byte(tt.in))
			if err != nil {
				t.Fatalf("parseMarkdown(%q): %v", tt.in, err)
			}
			if !slices.Equal(got.Blocks, tt.want) {
				t.Errorf("parseMarkdown(%q) blocks = %q, want %q", tt.in, got.Blocks, tt.want)
			}
		})
	}
}

func FuzzParseMarkdown(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "formats", "*.md"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		f.Add(formatFile(f, filepath.Base(file)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := parseMarkdown(data)
		if err != nil {
			return
		}
		checkRawBlocks(t, doc.Blocks)
	})
}

// TestParseMarkdownDefects covers what the hand-written parser got wrong
// before goldmark replaced it.
func TestParseMarkdownDefects(t *testing.T) {
	tests := []struct {
		name, in  string
		wantTitle string
		want      []string
	}{
		{"fenced code dropped", "Before\n\n```go\nfmt.Println(\"leak\")\n```\n\nAfter", "", []string{"Before", "After"}},
		{"tilde fence dropped", "Before\n~~~\nleak\n~~~\nAfter", "", []string{"Before", "After"}},
		{"indented code dropped", "Before\n\n    leak()\n    more()\n\nAfter", "", []string{"Before", "After"}},
		{"setext h1 is the title", "Talks in Geneva\n===============\n\nBody text.", "Talks in Geneva", []string{"Body text."}},
		{"setext h2 is a heading", "Intro.\n\nWhat was agreed\n---------------\nBody.", "", []string{"Intro.", "What was agreed", "Body."}},
		{"reference definition hidden", "See [the plan][p] and [Reuters].\n\n[p]: https://example.org/plan \"Plan\"\n[reuters]: <https://reuters.example>\n\nNext.", "", []string{"See the plan and Reuters.", "Next."}},
		{"image alt dropped", "Text ![Witkoff shakes hands](a.png) more. [![Map](b.png)](x)", "", []string{"Text more."}},
		{"reference image dropped", "![Caption][img]\n\n[img]: a.png\n\nText.", "", []string{"Text."}},
		{"comment block dropped", "A\n\n<!-- syndication\nnote: leak -->\n\nB", "", []string{"A", "B"}},
		{"inline comment dropped", "A <!-- leak --> B", "", []string{"A B"}},
		{"html block dropped", "A\n\n<div class=\"ad\">\nBuy now\n</div>\n\nB", "", []string{"A", "B"}},
		{"figure dropped", "<figure><img src=x alt=y><figcaption>Caption</figcaption></figure>\n\nB", "", []string{"B"}},
		{"script dropped", "<script>alert(1)</script>\n\nAfter", "", []string{"After"}},
		{"html paragraph kept", "<p>Prose in <em>HTML</em> &amp; more.</p><p>Second<script>x()</script>.</p>\n\nB", "", []string{"Prose in HTML & more.", "Second.", "B"}},
		{"thematic break separates", "Para one\n***\nPara two\n___\nPara three", "", []string{"Para one", "Para two", "Para three"}},
		{"dash rule under text is setext", "Para one\n---\nPara two", "", []string{"Para one", "Para two"}},
		{"table rows", "| Date | Event |\n|---|---|\n| 2 Dec | Witkoff meets **Putin** |\n\nAfter", "", []string{"Date; Event", "2 Dec; Witkoff meets Putin", "After"}},
		{"entities and escapes", "Fish &amp; chips &#8212; &copy; \\&amp; A\\*B", "", []string{"Fish & chips — © &amp; A*B"}},
		{"code span literal", "Run `a\\*b &amp;` now", "", []string{"Run a\\*b &amp; now"}},
		{"autolinks and strikethrough", "x <https://a.example/b> <a@b.org> ~~old~~ new", "", []string{"x https://a.example/b a@b.org old new"}},
		{"hard breaks", "line one\\\nline two  \nline three", "", []string{"line one line two line three"}},
		{"brackets in quotes stay", `"[Russia] will not cede" land [1].`, "", []string{`"[Russia] will not cede" land [1].`}},
		{"nested lists and loose items", "- a\n  - nested\n- b\n\n  second para of b", "", []string{"a", "nested", "b", "second para of b"}},
		{"footnote", "Text[^1] goes on.\n\n[^1]: A note.", "", []string{"Text goes on.", "A note."}},
		{"second h1 stays", "Title\n=====\n\n# Second\n\nText", "Title", []string{"Second", "Text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMarkdown([]byte(tt.in))
			if err != nil {
				t.Fatalf("parseMarkdown(%q): %v", tt.in, err)
			}
			if got.Title != tt.wantTitle {
				t.Errorf("parseMarkdown(%q) Title = %q, want %q", tt.in, got.Title, tt.wantTitle)
			}
			if !slices.Equal(got.Blocks, tt.want) {
				t.Errorf("parseMarkdown(%q) blocks = %q, want %q", tt.in, got.Blocks, tt.want)
			}
		})
	}
}

func TestParseMarkdownFrontMatterKeys(t *testing.T) {
	day := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, fm string
		want     rawDoc
		wantErr  string // prefix of the error; "" when parsing succeeds
	}{
		{name: "canonical keys", fm: "title: T\noutlet: O\nurl: U\npublished: 2025-06-02",
			want: rawDoc{Title: "T", Outlet: "O", URL: "U", Published: day}},
		{name: "headline source link date", fm: "headline: T\nsource: O\nlink: U\ndate: 2025-06-02",
			want: rawDoc{Title: "T", Outlet: "O", URL: "U", Published: day}},
		{name: "site canonical published_at", fm: "site: O\ncanonical: U\npublished_at: 2025-06-02",
			want: rawDoc{Outlet: "O", URL: "U", Published: day}},
		{name: "site_name", fm: "site_name: O", want: rawDoc{Outlet: "O"}},
		{name: "publisher", fm: "publisher: O", want: rawDoc{Outlet: "O"}},
		{name: "pubDate RFC 1123", fm: "pubDate: Mon, 02 Jun 2025 10:00:00 +0000",
			want: rawDoc{Published: time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)}},
		{name: "key case ignored", fm: "Title: T\nPubDate: 2025-06-02", want: rawDoc{Title: "T", Published: day}},
		{name: "preferred key wins", fm: "headline: H\ntitle: T\nsource: S\noutlet: O\ndate: 2020-01-01\npublished: 2025-06-02",
			want: rawDoc{Title: "T", Outlet: "O", Published: day}},
		{name: "alias mapping skipped", fm: "publisher: {name: X}\nsite: O", want: rawDoc{Outlet: "O"}},
		{name: "offset with colon", fm: "date: 2025-06-02T22:40:00+05:00",
			want: rawDoc{Published: time.Date(2025, 6, 2, 17, 40, 0, 0, time.UTC)}},
		{name: "offset without colon", fm: "date: 2025-06-02T22:40:00+0500",
			want: rawDoc{Published: time.Date(2025, 6, 2, 17, 40, 0, 0, time.UTC)}},
		{name: "space for T", fm: "date: 2025-06-02 10:00:00",
			want: rawDoc{Published: time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)}},
		{name: "bad date names its key", fm: "pubDate: soon", wantErr: `front matter: parse pubDate "soon"`},
		{name: "bad alias date", fm: "date: 2025-13-45", wantErr: `front matter: parse date "2025-13-45"`},
		{name: "preferred key not a string", fm: "title: [a, b]", wantErr: "front matter: yaml:"},
		{name: "not a mapping", fm: "- a\n- b", wantErr: "front matter: yaml:"},
		{name: "not YAML", fm: "title: \"open", wantErr: "front matter: yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "---\n" + tt.fm + "\n---\nText."
			got, err := parseMarkdown([]byte(in))
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("parseMarkdown(%q) error = %v, want one starting %q", in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseMarkdown(%q): %v", in, err)
			}
			checkRawMeta(t, tt.name, got, tt.want)
		})
	}
}

func TestParseMarkdownNesting(t *testing.T) {
	tests := []struct {
		name, in string
		wantErr  string // prefix of the error; "" when parsing succeeds
	}{
		{"quotes at the limit", strings.Repeat("> ", mdMaxNesting) + "Text.", ""},
		{"quotes too deep", strings.Repeat(">", mdMaxNesting+1) + " Text.", "markdown: line 1 nests 17"},
		{"lists too deep", "Intro.\n\n" + strings.Repeat("- ", mdMaxNesting+1) + "Text.", "markdown: line 3 nests 17"},
		{"numbered lists too deep", strings.Repeat("1. ", mdMaxNesting+1) + "Text.", "markdown: line 1 nests 17"},
		{"indented too far", strings.Repeat(" ", 4*mdMaxNesting+1) + "- Text.", "markdown: line 1 is indented 65"},
		{"rule of many stars", strings.Repeat("* ", mdMaxNesting) + "\n\nText.", ""},
		{"brackets closed", strings.Repeat("[1] ", 100) + "Text.", ""},
		{"brackets left open", strings.Repeat("[", mdMaxNesting+1) + "Text.", `markdown: line 1 leaves more than 16 "["`},
		{"brackets open across paragraphs", strings.Repeat("[a\n\n", 100) + "Text.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseMarkdown([]byte(tt.in))
			if tt.wantErr == "" && err != nil {
				t.Fatalf("parseMarkdown(%q): %v", tt.in, err)
			}
			if tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)) {
				t.Fatalf("parseMarkdown(%q) error = %v, want one starting %q", tt.in, err, tt.wantErr)
			}
		})
	}
}
