package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// One person, many spellings: the people file's names in the
// romanisations news uses fold to the canonical name.
func TestPersonSpellings(t *testing.T) {
	lx := testLexicon(t)
	tests := []struct{ typed, want string }{
		{"Zelenskyy", "Volodymyr Zelensky"},
		{"Zelenskiy", "Volodymyr Zelensky"},
		{"Iermak", "Andriy Yermak"},
		{"Jermak", "Andriy Yermak"},
		{"Andrii Yermak", "Andriy Yermak"},
		{"Sybiga", "Andrii Sybiha"},
		{"Vitkoff", "Steve Witkoff"},
		{"Kushner", "Jared Kushner"},
	}
	for _, tt := range tests {
		p, ok := lx.PersonByName(tt.typed)
		if !ok || p.Name != tt.want {
			t.Errorf("PersonByName(%q) = %q, %v; want %q", tt.typed, p.Name, ok, tt.want)
		}
	}
	for _, typed := range []string{"Peace", "Geneva", "Ukraine"} {
		if p, ok := lx.PersonByName(typed); ok {
			t.Errorf("PersonByName(%q) = %q, want nobody", typed, p.Name)
		}
	}
}

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
	ix, err := Open(t.TempDir(), Source{Dir: os.DirFS(dir), Key: dir})
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

func TestSameName(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Igor Kostyukov", "Ihor Kostiukov", true},
		{"Igor Kostyukov", "Kostyukov", true},
		{"Andrii Hnatov", "Andriy Gnatov", true},
		{"Igor Kostyukov", "Igor Kostomarov", false},
		{"Andrii Sybiha", "Andriy Yermak", false},
		{"Oleksandr Poklad", "Oleksiy Poklad", false},
	}
	for _, tt := range tests {
		if got := sameName(tt.a, tt.b); got != tt.want {
			t.Errorf("sameName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
