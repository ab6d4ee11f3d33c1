// Package gazetteer recognises place names: cities of 10,000 or more people,
// countries and first-level regions (US states, Swiss cantons, emirates...),
// from GeoNames, CLDR and other data embedded in the binary (see data/ and
// data/ATTRIBUTION; gen/gen.sh regenerates it).
//
// # What counts as a match
//
// A name matches when its folded form equals the folded form of a known name
// (see Fold): case, diacritics, apostrophes and punctuation are ignored, and
// so is a leading "the" ("the UAE", "The Hague"). Names are matched whole,
// never as substrings: "Geneva" matches, "Geneva talks" does not. Callers find
// the candidate words themselves.
//
// Every city is known by its GeoNames name, its older GeoNames name and ASCII
// spelling (Genève), and, for cities of 300,000 or more, English-looking
// alternate names (exonyms: Kiev, Odessa). A city's own names always
// outrank another city's exonym: "Odessa" is Odessa, Texas for LookupCity, and
// LookupCities lists Odesa, Ukraine after it.
//
// # What it does not know
//
// It knows names, not text. Many places are named like ordinary words
// ("Reading", "Nice", "Split", "Mobile", "Turkey"): ask only about words that
// stand where a place would (after "in", "at", "to", "from"), and use
// CommonWord to be wary of those. Villages and small towns below 10,000
// people, districts, buildings and resorts are not known.
//
// The data (1.1 MB) is parsed once, on first use, in about 80 ms; all
// functions are safe for concurrent use.
package gazetteer

import (
	"embed"
	"sync"
)

//go:embed data/cities.tsv data/admin1.tsv data/countries.tsv data/common.txt data/fold.tsv
var files embed.FS

// load parses the embedded data once. Its only error would be malformed
// embedded data, which the package tests rule out, so it panics.
var load = sync.OnceValue(func() *table {
	t, err := parse(files)
	if err != nil {
		panic("gazetteer: " + err.Error())
	}
	return t
})

// Region kinds.
const (
	KindCountry = "country"
	KindAdmin1  = "admin1" // a country's first-level division: a US state, a Swiss canton
)

// City is a populated place of 10,000 or more people.
type City struct {
	Name       string // GeoNames name: "Geneva", "Kyiv", "Hallandale Beach"
	Country    string // ISO 3166-1 alpha-2: "CH"
	Admin1     string // GeoNames admin-1 code within Country: "GE", "FL" (US postal codes), "01"
	Population int
}

// Region is a country or a first-level division of one.
type Region struct {
	Kind    string // KindCountry or KindAdmin1
	Name    string // "United Arab Emirates", "Florida"
	Country string // ISO 3166-1 alpha-2 of the country, or of the country it lies in
	Code    string // the country code again for a country; the GeoNames admin-1 code ("FL") for a division
}

// In reports whether the city lies in the region: Hallandale Beach in
// Florida, Abu Dhabi in the UAE, Geneva in Switzerland.
func (c City) In(r Region) bool {
	switch r.Kind {
	case KindCountry:
		return c.Country == r.Country
	case KindAdmin1:
		return c.Country == r.Country && c.Admin1 == r.Code
	}
	return false
}
