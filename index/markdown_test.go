package index

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
