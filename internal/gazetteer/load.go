package gazetteer

import (
	"bufio"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// table is the parsed data. It is built once by parse and never changed.
type table struct {
	fold      map[rune]string
	cities    []City
	names     map[string][]int32    // a city's own names → cities, most populous first
	exonyms   map[string]int32      // an exonym → its one city
	countries map[string]Region     // country name or alias → country
	admin1    map[string][]division // most populous first
	byCode    map[string]Region     // "US" → United States
	demonyms  map[string]string     // "swiss" → "CH"; "" when two countries share it
	common    map[string]bool
}

// parse reads the data files of gen/gen.sh from fsys ("data/cities.tsv"...).
func parse(fsys fs.FS) (*table, error) {
	t := &table{
		fold:      map[rune]string{},
		names:     map[string][]int32{},
		exonyms:   map[string]int32{},
		countries: map[string]Region{},
		admin1:    map[string][]division{},
		byCode:    map[string]Region{},
		demonyms:  map[string]string{},
		common:    map[string]bool{},
	}
	// fold.tsv first: every other file is keyed by Fold.
	steps := []struct {
		file   string
		fields int
		row    func([]string) error
	}{
		{"fold.tsv", 2, t.foldRow},
		{"cities.tsv", 6, t.cityRow},
		{"admin1.tsv", 4, t.admin1Row},
		{"countries.tsv", 4, t.countryRow},
		{"common.txt", 1, func(f []string) error { t.common[f[0]] = true; return nil }},
	}
	for _, s := range steps {
		if err := readRows(fsys, "data/"+s.file, s.fields, s.row); err != nil {
			return nil, err
		}
	}
	pop := func(i int32) int { return t.cities[i].Population }
	for _, ids := range t.names {
		slices.SortStableFunc(ids, func(a, b int32) int { return pop(b) - pop(a) })
	}
	for _, ds := range t.admin1 {
		slices.SortStableFunc(ds, func(a, b division) int { return b.pop - a.pop })
	}
	return t, nil
}

// readRows calls row with the tab-separated fields of each line that is not
// blank or a # comment, and reports the file and line of any error.
func readRows(fsys fs.FS, name string, fields int, row func([]string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("read data: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != fields {
			return fmt.Errorf("read %s:%d: %d fields, want %d", name, n, len(cols), fields)
		}
		if err := row(cols); err != nil {
			return fmt.Errorf("read %s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

func (t *table) key(name string) string { return fold(t.fold, name) }

func (t *table) foldRow(f []string) error {
	r, size := utf8.DecodeRuneInString(f[0])
	if size != len(f[0]) || r == utf8.RuneError {
		return fmt.Errorf("%q is not one rune", f[0])
	}
	t.fold[r] = f[1]
	return nil
}

// cityRow: name, country, admin1, population, other names, exonyms.
func (t *table) cityRow(f []string) error {
	pop, err := strconv.Atoi(f[3])
	if err != nil {
		return fmt.Errorf("population: %w", err)
	}
	id := int32(len(t.cities))
	t.cities = append(t.cities, City{Name: f[0], Country: f[1], Admin1: f[2], Population: pop})
	seen := map[string]bool{}
	for _, n := range append([]string{f[0]}, split(f[4])...) {
		if k := t.key(n); !seen[k] {
			seen[k] = true
			t.names[k] = append(t.names[k], id)
		}
	}
	for _, n := range split(f[5]) {
		t.exonyms[t.key(n)] = id
	}
	return nil
}

// division is an admin-1 region and the population of its cities in
// cities.tsv, which decides between regions of the same name.
type division struct {
	Region
	pop int
}

// admin1Row: country, code, name, population of its cities.
func (t *table) admin1Row(f []string) error {
	pop, err := strconv.Atoi(f[3])
	if err != nil {
		return fmt.Errorf("population: %w", err)
	}
	r := Region{Kind: KindAdmin1, Name: f[2], Country: f[0], Code: f[1]}
	k := t.key(r.Name)
	t.admin1[k] = append(t.admin1[k], division{r, pop})
	return nil
}

// countryRow: code, name, aliases, demonyms.
func (t *table) countryRow(f []string) error {
	r := Region{Kind: KindCountry, Name: f[1], Country: f[0], Code: f[0]}
	t.byCode[r.Code] = r
	for _, n := range append([]string{f[1]}, split(f[2])...) {
		t.countries[t.key(n)] = r
	}
	for _, d := range split(f[3]) {
		k := t.key(d)
		if other, ok := t.demonyms[k]; ok && other != r.Code {
			t.demonyms[k] = ""
			continue
		}
		t.demonyms[k] = r.Code
	}
	return nil
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
