package extract

import "testing"

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

func TestSideIn(t *testing.T) {
	lx := testLexicon(t)
	tests := []struct{ text, want string }{
		{"what does Russia demand on Donbas", "Russia"},
		{"what do the Ukrainians want on territory?", "Ukraine"},
		{"what does the White House say about guarantees", "US"},
		{"does Putin accept a ceasefire", "Russia"},
		{"what does Turkish diplomacy offer", "Türkiye"},
		{"tell us about the plan", ""},
	}
	for _, tt := range tests {
		if got := lx.SideIn(tt.text); got != tt.want {
			t.Errorf("SideIn(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
