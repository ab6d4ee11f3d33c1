package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// realCorpus returns ../shared/real-corpus's files, or skips.
func realCorpus(t *testing.T) (string, []os.DirEntry) {
	t.Helper()
	dir := filepath.Join("..", "shared", "real-corpus")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skip("../shared/real-corpus not found")
	}
	return dir, entries
}

// TestReadingRealReports compares what reading keeps of each real report —
// title, outlet, date, first and last kept paragraph, and each dropped line
// with the rule that dropped it — with a golden file: the diff is the review.
func TestReadingRealReports(t *testing.T) {
	dir, entries := realCorpus(t)
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			a, err := article.Parse(e.Name(), data)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "title: %s\noutlet: %s\npublished: %s\ndateline: %s\n", a.Title, a.Outlet, day(a), a.Dateline)
			fmt.Fprintf(&b, "paragraphs: %d\nfirst: %s\nlast: %s\n", len(a.Paragraphs), a.Paragraphs[0], a.Paragraphs[len(a.Paragraphs)-1])
			for _, d := range a.Dropped {
				fmt.Fprintf(&b, "dropped [%s]: %s\n", d.Rule, d.Text)
			}
			golden(t, filepath.Join("testdata", "golden", "reading", strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))+".golden"), b.String())
		})
	}
}

// TestEventsGolden compares the meetings found in the five default
// articles plus the real reports with a golden file.
func TestEventsGolden(t *testing.T) {
	dir, entries := realCorpus(t)
	all := t.TempDir()
	if _, err := corpus.Install(all); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(all, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := corpus.Load(os.DirFS(all), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, m := range c.Meetings {
		fmt.Fprintf(&b, "%s [%s] ordinal %d, %d reports in %d articles\n", m.Label, m.ID, m.Ordinal, m.Reports, m.Articles)
		for _, a := range m.Attendees {
			fmt.Fprintf(&b, "    %s (%s) — %s\n", a.Name, a.Side, a.Passage)
		}
		if len(m.Groups) > 0 {
			fmt.Fprintf(&b, "    groups: %s\n", strings.Join(m.Groups, ", "))
		}
	}
	golden(t, filepath.Join("testdata", "golden", "events.golden"), b.String())
}

func day(a article.Article) string {
	if a.Published.IsZero() {
		return "unknown"
	}
	return a.Published.Format("2006-01-02")
}

// golden compares got with the file at path, or writes it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test . -run Golden -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test . -run 'Reading|Golden' -update to accept):\n%s", path, got)
	}
}
