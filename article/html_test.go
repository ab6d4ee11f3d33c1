package article

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseHTML(t *testing.T) {
	tests := []struct {
		file    string
		want    rawDoc   // metadata; Blocks must appear in this order, as whole blocks
		absent  []string // text that no block may contain
		wantErr string
	}{
		{
			file: "html_meta.html",
			want: rawDoc{
				Title:     `Zelensky and Witkoff hold "constructive" talks in Berlin`,
				Outlet:    "Steppe Times",
				URL:       "https://steppetimes.example/world/2025/12/15/berlin-talks",
				Published: time.Date(2025, 12, 15, 9, 30, 0, 0, time.UTC),
				Blocks: []string{
					"President Volodymyr Zelensky met US envoy Steve Witkoff and Jared Kushner in Berlin on Sunday for more than five hours of talks on a US-backed plan to end the war, his office said.",
					`Zelensky said Ukraine was ready to drop its bid to join NATO in exchange for Western security guarantees — a "compromise" that he said must be legally binding & backed by the US Congress.`,
					"German Chancellor Friedrich Merz, who hosted the meeting, called the talks “a chance for a real peace process” but warned that territorial questions remained unresolved.",
					"Territory remains the sticking point",
					"Russia continues to demand that Ukraine withdraw from the parts of the Donetsk region it still controls, a condition Kyiv has repeatedly rejected.",
					"A demilitarised zone along the front line",
					"International monitoring of any ceasefire",
					"Witkoff is expected to brief President Donald Trump before a further round of talks with Russian officials later this month.",
				},
			},
			absent: []string{"NAV LINK", "FOOTER TEXT", "SCRIPT TEXT", "STYLE TEXT", "Subscribe", "&amp;", "&mdash;", "&#8220;"},
		},
		{
			file: "html_cookie.html",
			want: rawDoc{
				Title:     "Umerov and Driscoll meet in Abu Dhabi",
				Outlet:    "Gulf Dispatch", // from JSON-LD, through readability
				URL:       "https://gulfdispatch.example/2025/11/25/abu-dhabi-talks",
				Published: time.Date(2025, 11, 25, 10, 0, 0, 0, time.UTC),
				Blocks: []string{
					"Ukraine's national security chief Rustem Umerov met US Army Secretary Dan Driscoll in Abu Dhabi on Tuesday, a day after Driscoll held separate talks there with a Russian delegation.",
					"Umerov said the meeting focused on “the sequencing of a ceasefire and the exchange of prisoners”, and that both sides had agreed to keep working at the level of advisers.",
					"A US official said Washington wanted the framework agreed “as soon as possible” but that no date had been set for a meeting between the presidents.",
					"Russian officials have not commented on the talks, which came after a week of intense diplomacy in Geneva and Moscow.",
				},
			},
			absent: []string{"cookies", "Accept all", "Related", "RELATED LINK"},
		},
		{
			file: "html_plain.html",
			want: rawDoc{
				Title: "Short note on the Istanbul talks",
				Blocks: []string{
					"Delegations met in Istanbul for ninety minutes.",
					"They agreed to exchange prisoners. No date was set for the next round.",
				},
			},
			absent: []string{"Home"},
		},
		{file: "html_empty.html", wantErr: "html: no text"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := parseHTML(formatFile(t, tt.file))
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("parseHTML(%s) error = %v, want one starting %q", tt.file, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseHTML(%s): %v", tt.file, err)
			}
			checkRawMeta(t, tt.file, got, tt.want)
			checkRawBlocks(t, got.Blocks)
			next := 0 // index in got.Blocks after the last wanted block found
			for _, w := range tt.want.Blocks {
				i := next
				for i < len(got.Blocks) && got.Blocks[i] != w {
					i++
				}
				if i == len(got.Blocks) {
					t.Fatalf("parseHTML(%s) has no block %q after block %d; blocks:\n%q", tt.file, w, next, got.Blocks)
				}
				next = i + 1
			}
			for _, a := range tt.absent {
				for _, b := range got.Blocks {
					if strings.Contains(b, a) {
						t.Errorf("parseHTML(%s) block %q contains %q", tt.file, b, a)
					}
				}
			}
		})
	}
}

func TestParseHTMLSnippets(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"bare text", "Peace talks resumed in Geneva.", []string{"Peace talks resumed in Geneva."}},
		{"hidden and dialog", `<p hidden>Hidden.</p><div role="dialog">Consent.</div><p aria-hidden="true">Icon.</p><p>Shown &amp; read.</p>`, []string{"Shown & read."}},
		{"nested quote", "<blockquote><p>One.</p><p>Two.</p></blockquote><figure><figcaption>Kyiv, Monday</figcaption></figure>", []string{"One.", "Two.", "Kyiv, Monday"}},
		{"whitespace", "<pre>  line one\n\tline two  </pre><p>a&nbsp;\n b</p>", []string{"line one line two", "a b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseHTML([]byte(tt.in))
			if err != nil {
				t.Fatalf("parseHTML(%q): %v", tt.in, err)
			}
			if !slices.Equal(got.Blocks, tt.want) {
				t.Errorf("parseHTML(%q) blocks = %q, want %q", tt.in, got.Blocks, tt.want)
			}
		})
	}
	for _, in := range []string{"", "   ", "<script>x()</script>", "<nav>Home</nav><footer>©</footer>"} {
		if _, err := parseHTML([]byte(in)); err == nil || err.Error() != "html: no text" {
			t.Errorf("parseHTML(%q) error = %v, want html: no text", in, err)
		}
	}
}

// TestParseHTMLDatedElement: a page without date metadata is dated by an
// element named for its date, never by one named for an update.
func TestParseHTMLDatedElement(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{`<div class="date">Friday 28 February 2025 21:14 GMT</div><p>Talks ended.</p>`, time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC)},
		{`<span itemprop="datePublished">3 March 2025</span><p>Talks ended.</p>`, time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)},
		{`<div class="updated-date">4 March 2025</div><p>Talks ended.</p>`, time.Time{}},
	}
	for _, tt := range tests {
		got, err := parseHTML([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if y, m, d := got.Published.Date(); y != tt.want.Year() || m != tt.want.Month() || d != tt.want.Day() {
			t.Errorf("parseHTML(%q).Published = %v, want %v", tt.in, got.Published, tt.want)
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "formats", "*.html"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		f.Add(formatFile(f, filepath.Base(file)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := parseHTML(data)
		if err != nil {
			return
		}
		checkRawBlocks(t, doc.Blocks)
	})
}
