package extract

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/article"
)

// defaultCorpus is the default corpus, read from its folder: package corpus
// imports this one, so these tests cannot import it.
func defaultCorpus() fs.FS { return os.DirFS(filepath.Join("..", "corpus")) }

func testLexicon(t *testing.T) *Lexicon {
	t.Helper()
	lx, err := LoadLexicon(defaultCorpus(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

func TestFold(t *testing.T) {
	lx := testLexicon(t)
	tests := []struct {
		in    string
		fuzzy bool
		want  string
	}{
		{"Putin met Vitkoff in Kiev.", false, "Putin met Witkoff in Kyiv."},
		{"Andrii Sybhia spoke", false, "Andrii Sybiha spoke"},
		{"President Zelenskyy said", false, "President Zelensky said"},
		{"Zelenskky and Witkof", false, "Zelensky and Witkoff"}, // capitalised near spellings
		{"zelenskky", true, "zelensky"},
		{"the route to peace", true, "the route to peace"}, // common words stay
		{"the Kremlin", false, "the Kremlin"},              // another name, not a spelling
	}
	for _, tt := range tests {
		if got := lx.Fold(tt.in, tt.fuzzy); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPersonByName(t *testing.T) {
	lx := testLexicon(t)
	for in, want := range map[string]string{
		"Putin": "Vladimir Putin", "vitkoff": "Steve Witkoff", "Zelenskyy": "Volodymyr Zelensky",
		"Mark Rutte": "Mark Rutte", "Sybhia": "Andrii Sybiha", "rustam umerov": "Rustem Umerov",
	} {
		if p, ok := lx.PersonByName(in); !ok || p.Name != want {
			t.Errorf("PersonByName(%q) = %q, %v; want %q", in, p.Name, ok, want)
		}
	}
	if p, ok := lx.PersonByName("Vladimir"); ok {
		t.Errorf("PersonByName(Vladimir) = %q: a bare first name is not a person", p.Name)
	}
}

// analyseText runs the analysis over a made-up article.
func analyseText(t *testing.T, text string) Analysis {
	t.Helper()
	a, err := article.Parse("t.txt", []byte("Title of the test article\n\n"+text))
	if err != nil {
		t.Fatal(err)
	}
	return Analyse(testLexicon(t), a)
}

func TestQuoteAttribution(t *testing.T) {
	tests := []struct {
		text string
		want []string // speakers of the first passage
	}{
		{"“We are ready,” Putin said.", []string{"Vladimir Putin"}},
		{"Secretary of State Marco Rubio said on Thursday that the talks were useful.", []string{"Marco Rubio"}},
		{"Ushakov remarked that the talks were useful.", []string{"Yuri Ushakov"}},
		{"According to Peskov, the talks went on.", []string{"Dmitry Peskov"}},
		{"President Putin told India Today that it took long.", []string{"Vladimir Putin"}},
		{"Yuri Ushakov, Putin's senior adviser, stated that no deal was reached.", []string{"Yuri Ushakov"}},
		{"German Chancellor Friedrich Merz advised Zelensky to be careful, stating, “They are playing games.”", []string{"Friedrich Merz"}},
		{"Finnish President Alexander Stubb was also quoted as saying, “We mustn't leave Ukraine alone.”", []string{"Alexander Stubb"}},
		{"A Kremlin spokesperson described the meeting as constructive; however, he noted problems.", nil},
		{"Stubb declined to comment, and Merz has not commented.", nil},
	}
	for _, tt := range tests {
		got := analyseText(t, tt.text).Passages[0].Speakers
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("speakers of %q = %q, want %q", tt.text, got, tt.want)
		}
	}
	// A pronoun refers to the last speaker.
	an := analyseText(t, "Rutte said the talks were important.\n\nHe said sanctions must go on.")
	if got := an.Passages[1].Speakers; len(got) != 1 || got[0] != "Mark Rutte" {
		t.Errorf("“He said” after Rutte = %q, want Mark Rutte", got)
	}
	// Across paragraphs and sentences, written from general news phrasing.
	tests2 := []struct {
		name, text string
		para       int      // the passage to check
		want, not  []string // its speakers
	}{
		{"subject of the sentence before", "Merz was blunt on arrival.\n\n“We are skeptical,” he said.", 1, []string{"Friedrich Merz"}, nil},
		{"described, then named", "The talks were useful, a senior aide to the Russian president said.\n\nYuri Ushakov, the Kremlin's foreign policy aide, later added that work remained.", 0, []string{"Yuri Ushakov"}, nil},
		{"anonymous source stays anonymous", "“There is no deal yet,” a source familiar with the talks said.\n\nPeskov declined to comment.", 0, nil, []string{"Dmitry Peskov"}},
		{"anonymous official, then a name", "A US official told reporters the talks would resume. Rubio left for Washington.", 0, nil, []string{"Marco Rubio"}},
		{"according to", "According to Sybiha, the proposal needs work.", 0, []string{"Andrii Sybiha"}, nil},
		{"called it", "Rubio called the session very worthwhile.", 0, []string{"Marco Rubio"}, nil},
		{"quote, then who made it", "“The ball is now in their court.” Rubio made the remarks to reporters.", 0, []string{"Marco Rubio"}, nil},
		{"quote, then who said this", "“We are close to a deal.” Witkoff said this on arrival.", 0, []string{"Steve Witkoff"}, nil},
		{"the quote goes on", "“We had a good talk,” Putin said. “Now the work begins.”", 0, []string{"Vladimir Putin"}, nil},
		{"the role for the named", "Kremlin aide Yuri Ushakov spoke first. “It was useful,” the presidential aide said.", 0, []string{"Yuri Ushakov"}, nil},
		{"called off is no speech", "Trump called off the summit.", 0, nil, []string{"Donald Trump"}},
		{"told a parliament", "Merz told the Bundestag that Europe must act.", 0, []string{"Friedrich Merz"}, nil},
		{"agent of a passive", "Rubio spoke first. Kyiv's team was headed by Yermak, who stood next to Rubio. He described the talks as productive.", 0, []string{"Andriy Yermak"}, nil},
	}
	for _, tt := range tests2 {
		an := analyseText(t, tt.text)
		got := map[string]bool{}
		for _, s := range an.Passages[tt.para].Speakers {
			got[s] = true
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("%s: speakers of passage %d = %v, want %s", tt.name, tt.para, an.Passages[tt.para].Speakers, w)
			}
		}
		for _, n := range tt.not {
			if got[n] {
				t.Errorf("%s: speakers of passage %d = %v, want no %s", tt.name, tt.para, an.Passages[tt.para].Speakers, n)
			}
		}
	}
}

func TestUnlistedPeople(t *testing.T) {
	an := analyseText(t, "Army Secretary Tom Hartwell arrived. The head of Ukraine's presidential office, Andriy Yermakov, spoke to Axios reporter Barak Ravid. "+
		"Another envoy for Ukraine and Russia, retired General Ned Farrow, held talks with President Zelensky in Kyiv. "+
		"\"You're gambling with World War Three,\" the president told him. "+
		"President Donald Trump's special envoy for Ukraine and Russia, retired General Max Alder, arrived in Kyiv.")
	var names []string
	for _, p := range an.Unlisted {
		names = append(names, p.Name)
	}
	for _, want := range []string{"Tom Hartwell", "Andriy Yermakov", "Barak Ravid", "Ned Farrow", "Max Alder"} {
		if !strings.Contains(strings.Join(names, "|"), want) {
			t.Errorf("unlisted people = %q, want %q among them", names, want)
		}
	}
	for _, p := range an.Unlisted {
		if strings.Contains(p.Name, "World War") {
			t.Errorf("unlisted people = %q: an event taken for a person", names)
		}
		// The side a role serves is not the side it is sent to, and a
		// clause after the name is not its apposition.
		// The employer's possessive, eleven words back, gives the side.
		if p.Name == "Max Alder" && p.Side != "US" {
			t.Errorf("Max Alder's side = %q, want US (Trump's envoy)", p.Side)
		}
		if p.Name == "Ned Farrow" && p.Side != "" {
			t.Errorf("Ned Farrow's side = %q, want none (the role names only where he is sent)", p.Side)
		}
	}
}

// Dates of meetings resolved against the publication day, from general
// news phrasing.
func TestMeetingDates(t *testing.T) {
	tests := []struct{ text, from, to string }{
		{"Witkoff met Umerov in Doha on Tuesday.", "2025-12-02", "2025-12-02"},
		{"Witkoff and Umerov wrapped up two-day talks in Doha ending Sunday.", "2025-11-29", "2025-11-30"},
		{"Witkoff met Umerov in Doha on the 23rd of last month.", "2025-11-23", "2025-11-23"},
		{"Ukrainian and US negotiators met in Doha over December 1 and 2.", "2025-12-01", "2025-12-02"},
		{"Witkoff met Umerov in Doha last weekend.", "2025-11-29", "2025-11-30"},
	}
	lx := testLexicon(t)
	for _, tt := range tests {
		a, err := article.Parse("t.md", []byte("---\npublished: 2025-12-04\n---\n# Title of the test article\n\n"+tt.text))
		if err != nil {
			t.Fatal(err)
		}
		an := Analyse(lx, a)
		if len(an.Meetings) == 0 {
			t.Errorf("%q: no meeting found", tt.text)
			continue
		}
		m := an.Meetings[0]
		to := m.to
		if to.IsZero() {
			to = m.from
		}
		if got := m.from.Format("2006-01-02") + ".." + to.Format("2006-01-02"); got != tt.from+".."+tt.to {
			t.Errorf("%q: meeting dated %s, want %s..%s", tt.text, got, tt.from, tt.to)
		}
	}
}

func TestAttendance(t *testing.T) {
	tests := []struct {
		name, text string
		place      string
		want, not  []string
	}{
		{"between and along with", "Five hours of talks at the Kremlin between Vladimir Putin and Steve Witkoff, along with Jared Kushner, the son-in-law of President Trump, ended.", "Moscow",
			[]string{"Vladimir Putin", "Steve Witkoff", "Jared Kushner"}, []string{"Donald Trump"}},
		{"attended", "Kushner also attended the Kremlin meeting.", "Moscow", []string{"Jared Kushner"}, nil},
		{"commenting speaker", "NATO Secretary General Mark Rutte said the Moscow talks were important.", "", nil, []string{"Mark Rutte"}},
		// Written from general news phrasing, not from the corpus.
		{"joined by, elliptical", "The talks in Oslo began at noon: Trump is joined by Marco Rubio, Putin by Sergei Lavrov.", "Oslo",
			[]string{"Donald Trump", "Marco Rubio", "Vladimir Putin", "Sergei Lavrov"}, nil},
		{"delegation led by and including", "Negotiators met in Vienna on Monday. Kyiv's delegation was led by Rustem Umerov and included Andrii Sybiha.", "Vienna",
			[]string{"Rustem Umerov", "Andrii Sybiha"}, nil},
		{"made up of", "The American side at the talks in Oslo was made up of Secretary of State Marco Rubio and special envoy Steve Witkoff.", "Oslo",
			[]string{"Marco Rubio", "Steve Witkoff"}, nil},
		{"copular list", "Leaders met in Rome on Monday. The Europeans were French President Emmanuel Macron and German Chancellor Friedrich Merz.", "Rome",
			[]string{"Emmanuel Macron", "Friedrich Merz"}, nil},
		{"by phone", "Umerov met Witkoff in Doha on Friday. Zelensky joined the talks by phone.", "Doha",
			[]string{"Rustem Umerov", "Steve Witkoff"}, []string{"Volodymyr Zelensky"}},
		{"did not travel", "Witkoff and Umerov held talks in Doha. Zelensky did not travel to Doha.", "Doha",
			[]string{"Steve Witkoff", "Rustem Umerov"}, []string{"Volodymyr Zelensky"}},
		{"relative clause absence", "Witkoff met Umerov in Doha. Zelensky, who spoke to reporters in Kyiv, did not attend.", "Doha",
			[]string{"Steve Witkoff"}, []string{"Volodymyr Zelensky"}},
		{"expected, not held", "Witkoff was expected to meet Putin in Moscow next week.", "", nil, []string{"Steve Witkoff", "Vladimir Putin"}},
		{"would meet", "Trump said he and Putin would meet in Vienna soon.", "", nil, []string{"Donald Trump", "Vladimir Putin"}},
		{"called off", "The summit between Trump and Putin in Vienna was called off.", "", nil, []string{"Donald Trump", "Vladimir Putin"}},
		{"host welcomes", "Witkoff met Umerov in Doha. Qatar's foreign minister welcomed the talks.", "Doha", []string{"Steve Witkoff", "Rustem Umerov"}, nil},
		{"spokesman comments", "Witkoff met Umerov in Doha on Tuesday. Kremlin spokesman Dmitry Peskov said the talks were useful.", "Doha",
			[]string{"Steve Witkoff"}, []string{"Dmitry Peskov"}},
		{"bloc summit", "Putin returned from the CSTO summit in Bishkek, where he met Lukashenko.", "", nil, []string{"Vladimir Putin"}},
		{"then left", "Trump met Zelensky in Rome on Saturday. They were briefly joined by Emmanuel Macron and Keir Starmer. Macron and Starmer then left.", "Rome",
			[]string{"Donald Trump", "Volodymyr Zelensky"}, []string{"Emmanuel Macron", "Keir Starmer"}},
		{"neither nor with titles", "Umerov met Witkoff in Doha. Neither Secretary of State Marco Rubio nor special envoy Jared Kushner took part.", "Doha",
			[]string{"Rustem Umerov", "Steve Witkoff"}, []string{"Marco Rubio", "Jared Kushner"}},
		{"met separately", "Umerov met Witkoff in Doha on Monday. Zelensky met Merz separately.", "Doha",
			[]string{"Rustem Umerov", "Steve Witkoff"}, []string{"Volodymyr Zelensky", "Friedrich Merz"}},
		{"the Russian leader", "Witkoff held talks with the Russian leader in Moscow on Thursday.", "Moscow",
			[]string{"Steve Witkoff", "Vladimir Putin"}, nil},
		{"a name qualifying a role", "Witkoff met Putin aide Yuri Ushakov in Moscow.", "Moscow",
			[]string{"Steve Witkoff", "Yuri Ushakov"}, []string{"Vladimir Putin"}},
		{"sent a team", "Zelensky sent a team led by Rustem Umerov to the talks in Doha.", "Doha", []string{"Rustem Umerov"}, []string{"Volodymyr Zelensky"}},
		{"met in", "Rustam Umerov met with European counterparts in Brussels on Wednesday.", "Brussels", []string{"Rustem Umerov"}, nil},
		{"hypothetical", "Trump plans to send Witkoff to Geneva for talks with Putin.", "", nil, []string{"Vladimir Putin", "Steve Witkoff"}},
		{"stayed away", "Zelensky stayed away from the talks in Istanbul, while Umerov attended the talks in Istanbul.", "Istanbul", []string{"Rustem Umerov"}, []string{"Volodymyr Zelensky"}},
		{"stayed in the room", "Witkoff met Umerov in Doha on Monday. His adviser, Tom Hartwell, stayed in the room throughout. Zelensky stayed in Kyiv.", "Doha",
			[]string{"Steve Witkoff", "Rustem Umerov", "Tom Hartwell"}, []string{"Volodymyr Zelensky"}},
		{"absent from another meeting", "Witkoff met Zelensky in Kyiv on Thursday. Witkoff did not travel to Saudi Arabia and has not met Russian officials.", "Kyiv",
			[]string{"Steve Witkoff", "Volodymyr Zelensky"}, nil},
		{"absent from the host country", "Witkoff met Dmitriev in Riyadh on Tuesday, and Peskov said the talks were useful. Peskov did not travel to Saudi Arabia.", "Riyadh",
			[]string{"Steve Witkoff", "Kirill Dmitriev"}, []string{"Dmitry Peskov"}},
		{"new place", "Envoys held talks in Doha, where Witkoff met with Dmitriev.", "Doha", []string{"Steve Witkoff", "Kirill Dmitriev"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			an := analyseText(t, tt.text)
			got := map[string]bool{}
			places := map[string]bool{}
			for _, m := range an.Meetings {
				places[m.city] = true
				for _, a := range m.attendees {
					got[a.Name] = true
				}
			}
			if tt.place != "" && !places[tt.place] {
				t.Errorf("meetings at %v, want one at %s", places, tt.place)
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("attendees %v, want %s", got, w)
				}
			}
			for _, n := range tt.not {
				if got[n] {
					t.Errorf("attendees %v include %s", got, n)
				}
			}
		})
	}
}
