package article

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCleanDefaultCorpus compares what cleaning keeps and drops in each
// default article with a golden file: the diff is the review.
func TestCleanDefaultCorpus(t *testing.T) {
	// The default corpus, read from its folder: package corpus imports
	// this one, so its tests cannot import corpus.
	def := os.DirFS(filepath.Join("..", "corpus"))
	files, _ := fs.Glob(def, "*.txt")
	if len(files) == 0 {
		t.Fatal("no default articles in ../corpus")
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			data, _ := fs.ReadFile(def, name)
			a, err := Parse(name, data)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "title: %s (derived: %v)\n", a.Title, a.TitleDerived)
			for i, p := range a.Paragraphs {
				fmt.Fprintf(&b, "kept %d: %s\n", i+1, p)
			}
			for _, d := range a.Dropped {
				fmt.Fprintf(&b, "dropped [%s]: %s\n", d.Rule, d.Text)
			}
			golden(t, filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".txt")+".clean"), b.String())
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./article -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden (go test ./article -update to accept):\n%s", path, got)
	}
}

// TestCleanRules runs the furniture rules on pages made up for them.
func TestCleanRules(t *testing.T) {
	tests := []struct {
		name, text  string
		wantTitle   string
		wantKept    []string
		wantDropped map[string]string // line → rule
	}{
		{
			name:      "breadcrumb and truncated title",
			text:      "Home News World Ceasefire Talks Resume in Istanbul After...\n\nCeasefire Talks Resume in Istanbul After Long Pause\n\nDelegations met on Monday.",
			wantTitle: "Ceasefire Talks Resume in Istanbul After Long Pause",
			wantKept:  []string{"Delegations met on Monday."},
			wantDropped: map[string]string{
				"Home News World Ceasefire Talks Resume in Istanbul After...": ruleBreadcrumb,
			},
		},
		{
			name:      "banner with tagline, no title line",
			text:      "Sign up to our Europe Express newsletter\nThe essential guide to European politics\nEnvoys met in Riyadh on Sunday to discuss a prisoner exchange and the sea corridor, officials said.\nMore talks are planned.\nReporting by Jane Doe; Editing by John Roe",
			wantTitle: "Envoys met in Riyadh on Sunday to discuss a prisoner exchange and the sea corridor…",
			wantKept:  []string{"Envoys met in Riyadh on Sunday to discuss a prisoner exchange and the sea corridor, officials said.", "More talks are planned."},
			wantDropped: map[string]string{
				"Sign up to our Europe Express newsletter":   ruleNewsletter,
				"The essential guide to European politics":   ruleNewsletter,
				"Reporting by Jane Doe; Editing by John Roe": ruleByline,
			},
		},
		{
			name:      "widgets, credits and related list",
			text:      "Kyiv rejects land swap\n\nImage: Reuters\n\nKyiv said it would not cede land.\n\nShare\nTweet\n12 comments\n\nRelated articles\n\nOther story about talks.",
			wantTitle: "Kyiv rejects land swap",
			wantKept:  []string{"Kyiv said it would not cede land."},
			wantDropped: map[string]string{
				"Image: Reuters":           rulePhoto,
				"Share":                    ruleWidget,
				"12 comments":              ruleComment,
				"Related articles":         ruleTeaser,
				"Other story about talks.": ruleTeaser,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("x.txt", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", a.Title, tt.wantTitle)
			}
			if strings.Join(a.Paragraphs, "|") != strings.Join(tt.wantKept, "|") {
				t.Errorf("kept = %q, want %q", a.Paragraphs, tt.wantKept)
			}
			got := map[string]string{}
			for _, d := range a.Dropped {
				got[d.Text] = d.Rule
			}
			for line, rule := range tt.wantDropped {
				if got[line] != rule {
					t.Errorf("dropped %q by %q, want %q (all: %v)", line, got[line], rule, got)
				}
			}
		})
	}
}

func TestParseArticleRejects(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"a.txt", []byte("  \n\n "), "empty"},
		{"b.txt", []byte("abc\x00def"), "binary"},
		{"c.txt", []byte("caf\xe9 au lait"), "UTF-8"},
		{"d.txt", []byte(strings.Repeat("word ", MaxBytes/4)), "over the limit"},
		{"e.md", []byte("---\ntitle: [unclosed\n---\nBody text here."), "front matter"},
		{"f.pdf", []byte("%PDF-1.4 text"), "unsupported"},
		{"g.txt", []byte("Share\nComments\nExit mobile version"), "no article text"},
	}
	for _, tt := range tests {
		if _, err := Parse(tt.name, tt.data); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s) error = %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}
