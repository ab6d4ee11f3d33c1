package gazetteer

import "testing"

func TestLookupRegion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want Region
	}{
		{"the UAE", Region{KindCountry, "United Arab Emirates", "AE", "AE"}},
		{"UAE", Region{KindCountry, "United Arab Emirates", "AE", "AE"}},
		{"United Arab Emirates", Region{KindCountry, "United Arab Emirates", "AE", "AE"}},
		{"Saudi Arabia", Region{KindCountry, "Saudi Arabia", "SA", "SA"}},
		{"Switzerland", Region{KindCountry, "Switzerland", "CH", "CH"}},
		{"Britain", Region{KindCountry, "United Kingdom", "GB", "GB"}},
		{"UK", Region{KindCountry, "United Kingdom", "GB", "GB"}},
		{"the United Kingdom", Region{KindCountry, "United Kingdom", "GB", "GB"}},
		{"US", Region{KindCountry, "United States", "US", "US"}},
		{"U.S.", Region{KindCountry, "United States", "US", "US"}},
		{"USA", Region{KindCountry, "United States", "US", "US"}},
		{"the United States", Region{KindCountry, "United States", "US", "US"}},
		{"Turkey", Region{KindCountry, "Türkiye", "TR", "TR"}},
		{"Türkiye", Region{KindCountry, "Türkiye", "TR", "TR"}},
		{"Turkiye", Region{KindCountry, "Türkiye", "TR", "TR"}},
		{"Russia", Region{KindCountry, "Russia", "RU", "RU"}},
		{"Ukraine", Region{KindCountry, "Ukraine", "UA", "UA"}},
		{"Burma", Region{KindCountry, "Myanmar (Burma)", "MM", "MM"}},
		{"Florida", Region{KindAdmin1, "Florida", "US", "FL"}},
		{"Alaska", Region{KindAdmin1, "Alaska", "US", "AK"}},
		{"FLORIDA", Region{KindAdmin1, "Florida", "US", "FL"}},
		{"Georgia", Region{KindCountry, "Georgia", "GE", "GE"}}, // the country beats the state
		{"Geneva", Region{KindAdmin1, "Geneva", "CH", "GE"}},    // the canton
		{"England", Region{KindAdmin1, "England", "GB", "ENG"}},
	}
	for _, tt := range tests {
		if got, ok := LookupRegion(tt.name); !ok || got != tt.want {
			t.Errorf("LookupRegion(%q) = %+v, %v, want %+v", tt.name, got, ok, tt.want)
		}
	}
}

func TestLookupRegionMisses(t *testing.T) {
	t.Parallel()
	// "Congo" names two countries; two-letter codes are not aliases in general.
	for _, name := range []string{"", "the", "Congo", "IN", "TO", "Republic", "United", "Arab Emirates"} {
		if r, ok := LookupRegion(name); ok {
			t.Errorf("LookupRegion(%q) = %+v, want no region", name, r)
		}
	}
}

func TestLookupDemonym(t *testing.T) {
	t.Parallel()
	for adj, code := range map[string]string{"Swiss": "CH", "Saudi": "SA", "Ukrainian": "UA", "Russian": "RU", "American": "US", "British": "GB"} {
		if r, ok := LookupDemonym(adj); !ok || r.Code != code || r.Kind != KindCountry {
			t.Errorf("LookupDemonym(%q) = %+v, %v, want %s", adj, r, ok, code)
		}
	}
	for _, adj := range []string{"Congolese", "Geneva", ""} {
		if r, ok := LookupDemonym(adj); ok {
			t.Errorf("LookupDemonym(%q) = %+v, want none", adj, r)
		}
	}
}

func TestCountryName(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]string{"CH": "Switzerland", "ae": "United Arab Emirates", "US": "United States", "UA": "Ukraine", "ZZ": "", "": ""} {
		if got := CountryName(code); got != want {
			t.Errorf("CountryName(%q) = %q, want %q", code, got, want)
		}
	}
}
