package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Search by any spelling finds every article that names the person in any
// spelling, people file or not.
func TestSearchAnySpelling(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.txt": "Budanov visits Paris\n\nMilitary intelligence chief Kyrylo Budanov met French officials in Paris on Monday.",
		"b.txt": "Budanow in Berlin\n\nThe intelligence chief, Kyrylo Budanow, spoke to German lawmakers in Berlin.",
		"c.txt": "Iermak steps down\n\nAndriy Iermak resigned as head of the presidential office.",
		"d.txt": "Weather\n\nIt rained in Kyiv on Tuesday and the markets were calm.",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(t.TempDir(), sourceOf(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	tests := []struct {
		query string
		want  []string // articles that must be found
	}{
		{"Budanov", []string{"a", "b"}},
		{"Budanow", []string{"a", "b"}},
		{"Yermak", []string{"c"}},
		{"Jermak resigned", []string{"c"}},
	}
	for _, tt := range tests {
		hits, err := ix.Search(context.Background(), tt.query, Filter{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, h := range hits {
			found[h.Article] = true
		}
		for _, w := range tt.want {
			if !found[w] {
				t.Errorf("Search(%q) articles = %v, want %s among them", tt.query, found, w)
			}
		}
		if found["d"] {
			t.Errorf("Search(%q) found the weather report", tt.query)
		}
	}
}
