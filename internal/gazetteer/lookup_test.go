package gazetteer

import "testing"

func TestLookupCity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		want, country string
	}{
		// Meeting places of the talks, under the spellings the news uses.
		{"Davos", "Davos", "CH"},
		{"Anchorage", "Anchorage", "US"},
		{"Hallandale Beach", "Hallandale Beach", "US"},
		{"Jeddah", "Jeddah", "SA"},
		{"Geneva", "Geneva", "CH"},
		{"Istanbul", "Istanbul", "TR"},
		{"Abu Dhabi", "Abu Dhabi", "AE"},
		{"Riyadh", "Riyadh", "SA"},
		{"Minsk", "Minsk", "BY"},
		{"Tirana", "Tirana", "AL"},
		{"Ankara", "Ankara", "TR"},
		{"Budapest", "Budapest", "HU"},
		{"Miami", "Miami", "US"},
		{"London", "London", "GB"},
		{"Paris", "Paris", "FR"},
		{"Berlin", "Berlin", "DE"},
		{"Kyiv", "Kyiv", "UA"},
		{"Moscow", "Moscow", "RU"},
		// Case, diacritics, punctuation and a leading "the".
		{"GENEVA", "Geneva", "CH"},
		{"genève", "Geneva", "CH"},
		{"Gene\u0300ve", "Geneva", "CH"}, // decomposed è
		{"hallandale-beach", "Hallandale Beach", "US"},
		{"İstanbul", "Istanbul", "TR"},
		{"Lodz", "Łódź", "PL"},
		{"the Hague", "The Hague", "NL"},
		{"Hague", "The Hague", "NL"},
		// Exonyms and older spellings.
		{"Kiev", "Kyiv", "UA"},
		{"Moskva", "Moscow", "RU"},
		// Ambiguity: the most populous city of that name wins.
		{"Moscow", "Moscow", "RU"}, // not Moscow, Idaho
		{"London", "London", "GB"}, // not London, Ontario
		{"Odessa", "Odessa", "US"}, // a city's own name beats Odesa's exonym
		// Capitalised words that are places: the caller must check context.
		{"Reading", "Reading", "GB"},
		{"Nice", "Nice", "FR"},
		{"Split", "Split", "HR"},
	}
	for _, tt := range tests {
		c, ok := LookupCity(tt.name)
		if !ok || c.Name != tt.want || c.Country != tt.country {
			t.Errorf("LookupCity(%q) = %+v, %v, want %s (%s)", tt.name, c, ok, tt.want, tt.country)
		}
	}
}

func TestLookupCityMisses(t *testing.T) {
	t.Parallel()
	for _, name := range []string{
		"", "the", "Geneva talks", "Genev", "in Geneva", "Hallandale", // whole names only
		"Switzerland", "Ukraine", // regions, not cities (but Florida, Cuba is a city)
		"Bürgenstock", // a resort, not a city
	} {
		if c, ok := LookupCity(name); ok {
			t.Errorf("LookupCity(%q) = %+v, want no city", name, c)
		}
	}
}

func TestLookupCities(t *testing.T) {
	t.Parallel()
	// Own names, most populous first, then the exonym's city.
	got := LookupCities("Odessa")
	if len(got) != 2 || got[0].Country != "US" || got[1].Name != "Odesa" || got[1].Country != "UA" {
		t.Errorf("LookupCities(Odessa) = %+v, want Odessa, Texas then Odesa, Ukraine", got)
	}
	got = LookupCities("Paris")
	for i := 1; i < len(got); i++ {
		if got[i].Population > got[i-1].Population {
			t.Errorf("LookupCities(Paris)[%d] = %+v, more populous than %+v before it", i, got[i], got[i-1])
		}
	}
	if len(got) < 2 || got[0].Country != "FR" {
		t.Errorf("LookupCities(Paris) = %+v, want Paris, France first of several", got)
	}
	if got := LookupCities("Narnia"); len(got) != 0 {
		t.Errorf("LookupCities(Narnia) = %+v, want none", got)
	}
}

func TestIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		city, region string
		want         bool
	}{
		{"Hallandale Beach", "Florida", true},
		{"Hallandale Beach", "the United States", true},
		{"Anchorage", "Alaska", true},
		{"Anchorage", "Florida", false},
		{"Abu Dhabi", "the UAE", true},
		{"Abu Dhabi", "Saudi Arabia", false},
		{"Jeddah", "Saudi Arabia", true},
		{"Geneva", "Switzerland", true},
		{"Davos", "Switzerland", true},
		{"Istanbul", "Turkey", true},
		{"London", "Britain", true},
		{"Kyiv", "Ukraine", true},
	}
	for _, tt := range tests {
		c, ok1 := LookupCity(tt.city)
		r, ok2 := LookupRegion(tt.region)
		if !ok1 || !ok2 {
			t.Fatalf("LookupCity(%q) ok = %v, LookupRegion(%q) ok = %v", tt.city, ok1, tt.region, ok2)
		}
		if got := c.In(r); got != tt.want {
			t.Errorf("%s In %s = %v, want %v", tt.city, tt.region, got, tt.want)
		}
	}
	if c, _ := LookupCity("Miami"); c.In(Region{}) {
		t.Errorf("Miami In the zero Region = true, want false")
	}
}

func TestCommonWord(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Reading", "Nice", "Split", "Mobile", "Turkey", "Anchorage"} {
		if !CommonWord(name) {
			t.Errorf("CommonWord(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"Geneva", "Istanbul", "Davos", "Hallandale Beach", "Florida", "Narnia"} {
		if CommonWord(name) {
			t.Errorf("CommonWord(%q) = true, want false", name)
		}
	}
}
