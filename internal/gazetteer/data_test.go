package gazetteer

import (
	"io/fs"
	"testing"
)

// TestData checks the embedded files parse and hold what the package
// promises: only cities of 10,000+ people, every city's country known, and
// the fold table folding to ASCII.
func TestData(t *testing.T) {
	t.Parallel()
	tab, err := parse(files)
	if err != nil {
		t.Fatalf("parse(embedded data): %v", err)
	}
	if n := len(tab.cities); n < 30000 {
		t.Errorf("cities = %d, want 30,000 or more", n)
	}
	for _, c := range tab.cities {
		if c.Population < 10000 {
			t.Fatalf("city %+v has fewer than 10,000 people", c)
		}
		if _, ok := tab.byCode[c.Country]; !ok {
			t.Fatalf("city %+v: unknown country %q", c, c.Country)
		}
	}
	for r, f := range tab.fold {
		for _, b := range []byte(f) {
			if b < 'a' || b > 'z' {
				t.Errorf("fold.tsv: %q folds to %q, want ASCII letters", r, f)
			}
		}
	}
	if len(tab.byCode) < 240 || len(tab.common) == 0 {
		t.Errorf("countries = %d, common words = %d", len(tab.byCode), len(tab.common))
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Genève":           "geneve",
		"  GENEVA ":        "geneva",
		"Łódź":             "lodz",
		"Düsseldorf":       "dusseldorf",
		"Straße":           "strasse",
		"Diyarbakır":       "diyarbakir",
		"Hallandale-Beach": "hallandale beach",
		"Sant'Antioco":     "santantioco",
		"Sant’Antioco":     "santantioco",
		"The Hague":        "hague",
		"the UAE":          "uae",
		"U.S.":             "u s",
		"Theodosia":        "theodosia",
		"Washington, D.C.": "washington d c",
		"Abu Dhabi\u00a0":  "abu dhabi",
		"Gene\u0300ve":     "geneve",
		"Москва":           "москва", // other scripts are only lower-cased
		"":                 "",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	if _, err := parse(fs.FS(emptyFS{})); err == nil {
		t.Errorf("parse(empty FS) = nil error, want one")
	}
}

type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) { return nil, fs.ErrNotExist }
