package intake

import (
	"slices"
	"testing"
	"time"

	"github.com/talksbot/talksbot/article"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Negotiators agree Quokka Accord framework in Geneva", "negotiators-agree-quokka-accord-framework-in-geneva"},
		{"Zelensky’s “peace formula”: what’s in it?", "zelenskys-peace-formula-whats-in-it"},
		{"Ердоган і Зеленський", "article"},
		{"Café talks — Genève", "cafe-talks-geneve"},
		{"A very long headline that goes on and on about the talks in Geneva and Riyadh and Istanbul", "a-very-long-headline-that-goes-on-and-on-about-the-talks-in-g"},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRenderReadsBack checks that paragraphs with Markdown syntax in them
// are stored so that the corpus reads them as they were.
func TestRenderReadsBack(t *testing.T) {
	paras := []string{
		"Umerov said the talks were *productive* and that the [draft] had 28 points.",
		"1. Security guarantees came first, officials said, then territory.",
		"# of prisoners exchanged: 1,000 each, according to <b>Kyiv</b>.",
		"- Ceasefire talks would continue on Monday, Witkoff said_",
		"> The delegations met for five hours, the Kremlin said.",
	}
	d := Draft{
		Article: article.Article{Title: "Talks: a test", Outlet: "Test Wire", Paragraphs: paras,
			Published: time.Date(2025, 11, 23, 0, 0, 0, 0, time.UTC)},
		URL: "https://example.org/a", Fetched: time.Date(2025, 11, 24, 8, 0, 0, 0, time.UTC),
	}
	name, data, err := render(d)
	if err != nil {
		t.Fatal(err)
	}
	if name != "2025-11-23_talks-a-test.md" {
		t.Errorf("render name = %q, want 2025-11-23_talks-a-test.md", name)
	}
	a, err := article.Parse(name, data)
	if err != nil {
		t.Fatalf("Parse(render) error %v:\n%s", err, data)
	}
	if !slices.Equal(a.Paragraphs, paras) || a.Title != "Talks: a test" || a.URL != "https://example.org/a" || !a.Published.Equal(d.Article.Published) {
		t.Errorf("Parse(render) = %q %q %q %v, want the draft back:\n%s", a.Title, a.URL, a.Paragraphs, a.Published, data)
	}
}
