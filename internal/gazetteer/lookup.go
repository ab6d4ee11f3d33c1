package gazetteer

import "strings"

// LookupCity returns the city called name (see the package doc for what
// matches): "Geneva", "geneve" and "GENÈVE" all give Geneva, Switzerland.
// When several cities share the name, it returns the most populous: "Paris"
// is Paris, France, not Paris, Texas. A city's own names outrank exonyms. ok
// is false when no city of 10,000+ people is called that.
func LookupCity(name string) (c City, ok bool) {
	t := load()
	k := t.key(name)
	if ids := t.names[k]; len(ids) > 0 {
		return t.cities[ids[0]], true
	}
	if id, ok := t.exonyms[k]; ok {
		return t.cities[id], true
	}
	return City{}, false
}

// LookupCities returns every city called name, most populous first, then the
// city that has it as an exonym, if any. A caller that knows the country or
// state ("Odessa, Ukraine") picks the first one that is In it.
func LookupCities(name string) []City {
	t := load()
	k := t.key(name)
	ids := t.names[k]
	out := make([]City, 0, len(ids)+1)
	for _, id := range ids {
		out = append(out, t.cities[id])
	}
	if id, ok := t.exonyms[k]; ok {
		out = append(out, t.cities[id])
	}
	return out
}

// LookupRegion returns the country or admin-1 region called name: "the UAE",
// "United Arab Emirates", "Britain", "Türkiye" or "Turkey", "Florida",
// "Switzerland". A country outranks a region of the same name ("Georgia" is
// the country); between regions, the one whose cities hold more people wins.
// Two-letter codes match only where they are a country's usual alias ("US",
// "UK"), never in general ("IN" is not India).
func LookupRegion(name string) (r Region, ok bool) {
	t := load()
	k := t.key(name)
	if r, ok := t.countries[k]; ok {
		return r, true
	}
	if ds := t.admin1[k]; len(ds) > 0 {
		return ds[0].Region, true
	}
	return Region{}, false
}

// LookupDemonym returns the country of a nationality adjective: "Swiss",
// "Saudi", "Ukrainian". ok is false for an unknown adjective and for one that
// several countries share ("Congolese").
func LookupDemonym(adjective string) (r Region, ok bool) {
	t := load()
	code := t.demonyms[t.key(adjective)]
	if code == "" {
		return Region{}, false
	}
	return t.byCode[code], true
}

// CountryName returns the English (CLDR) name of an ISO 3166-1 alpha-2 code,
// in either case: "CH" → "Switzerland", "ae" → "United Arab Emirates". It
// returns "" for an unknown code.
func CountryName(code string) string {
	return load().byCode[strings.ToUpper(code)].Name
}

// CommonWord reports whether a place name is also a common English word
// ("Reading", "Nice", "Split", "Turkey", "Anchorage"; SCOWL's commonest
// 35,000 words). Such a word at the start of a sentence, or anywhere outside
// place context, is not evidence of a place.
func CommonWord(name string) bool {
	t := load()
	return t.common[t.key(name)]
}
