package extract

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/gazetteer"
	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// Claim is one checkable thing a message says: a person, a place, a
// meeting, a date, a number or a quoted phrase it names. A passage bears on
// the claim when it names the same thing (see Supports).
type Claim struct {
	Kind  string // "person", "place", "meeting", "date", "number", "quote", "topic"
	Label string // as the answer shows it: "Steve Witkoff", "Geneva", "23 Nov", "28"
	// Weight is how much the claim pins a passage down: a person, a
	// meeting or a quoted phrase 2, a place, a date or a number 1, a topic
	// or a one-digit number 0.5.
	Weight float64

	person   string          // canonical name (person)
	words    []string        // lower-case words any of which names it (place, number, quote)
	passages map[string]bool // the passages reporting it (meeting)
	meeting  string          // the meeting's id (meeting)
	date     dates.Mention   // (date)
	topic    string          // topic name (topic)
}

// Bounds on what Claims reads.
const (
	MaxClaimText = 4000 // runes of a message read
	MaxClaims    = 20
)

var (
	reNumber = rx.MustCompile(`\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b`)
)

// Quoted phrases are 8 to 300 characters between quotation marks.
const minQuoted, maxQuoted = 8, 300

// quotedPhrases returns the phrases text quotes, of minQuoted to maxQuoted
// characters. Quotation marks pair in order, an opening mark (" “ «) with
// the next closing one (" ” »), so that a phrase too short or too long to
// keep still takes its closing mark with it: the text between two quoted
// phrases is never read as one.
func quotedPhrases(text string) []string {
	var out []string
	for {
		open := strings.IndexAny(text, `"“«`)
		if open < 0 {
			return out
		}
		_, size := utf8.DecodeRuneInString(text[open:])
		text = text[open+size:]
		end := strings.IndexAny(text, `"”»`)
		if end < 0 {
			return out
		}
		if n := utf8.RuneCountInString(text[:end]); n >= minQuoted && n <= maxQuoted {
			out = append(out, text[:end])
		}
		_, size = utf8.DecodeRuneInString(text[end:])
		text = text[end+size:]
	}
}

// Claims reads the claims of a message: the people it names (the people
// file's and unlisted ones found by how news writes names), the places
// (the places file, the gazetteer's cities of 50,000 people or more, and
// the reported meetings' place names), the meetings it points at (a place
// or a date that picks out at most three reported meetings), the dates,
// the numbers that are not part of a date, phrases it quotes, and the
// topics it touches. Each claim once, at most MaxClaims.
func (lx *Lexicon) Claims(text string, ms []Meeting) []Claim {
	if r := []rune(text); len(r) > MaxClaimText {
		text = string(r[:MaxClaimText])
	}
	var out []Claim
	seen := map[string]bool{}
	add := func(c Claim) {
		key := c.Kind + "|" + strings.ToLower(c.Label)
		if c.Label == "" || seen[key] || len(out) >= MaxClaims {
			return
		}
		seen[key] = true
		out = append(out, c)
	}
	toks := prose.Tokenize(text)
	named := map[int]bool{} // tokens that name a person: no place
	for _, m := range lx.findMentions(text, toks, nil) {
		if m.actor {
			continue
		}
		for i := m.tok0; i < m.tok1; i++ {
			named[i] = true
		}
		name := m.name
		if p, ok := lx.bySurname(name); ok {
			name = p.Name // "Rubio" alone is the Rubio of the people file
		}
		add(Claim{Kind: "person", Label: name, Weight: 2, person: name})
	}
	for _, q := range quotedPhrases(text) {
		if words := prose.Words(q); len(words) >= 3 {
			add(Claim{Kind: "quote", Label: "“" + strings.TrimSpace(q) + "”", Weight: 2, words: []string{strings.Join(words, " ")}})
		}
	}
	for _, p := range lx.placesIn(toks, named, ms) {
		add(p)
	}
	q := ParseMeetingQuery(lx, text, ms)
	if q.placeAsked || len(q.periods) > 0 {
		if matched := MatchMeetings(ms, q); len(matched) > 0 && len(matched) <= 3 {
			for _, m := range matched {
				ids := map[string]bool{}
				for _, id := range m.Passages {
					ids[id] = true
				}
				label := m.Name
				if !m.Start.IsZero() {
					label += ", " + dates.Format(m.Start)
				}
				add(Claim{Kind: "meeting", Label: label, Weight: 2, passages: ids, meeting: m.ID})
			}
		}
	}
	found := dates.Find(text, time.Time{})
	for _, d := range found {
		if d.Month > 0 {
			add(Claim{Kind: "date", Label: strings.TrimSpace(d.Text), Weight: 1, date: d})
		}
	}
	for _, loc := range reNumber.FindAllStringIndex(text, -1) {
		inDate := slices.ContainsFunc(found, func(d dates.Mention) bool { return loc[0] < d.End && loc[1] > d.Start })
		n := strings.ReplaceAll(text[loc[0]:loc[1]], ",", "")
		if inDate || n == "0" || n == "1" {
			continue // "one" is everywhere; a date's day is the date's claim
		}
		weight := 1.0
		if len(n) == 1 {
			weight = 0.5 // a single digit pins little down
		}
		add(Claim{Kind: "number", Label: n, Weight: weight, words: []string{n, text[loc[0]:loc[1]]}})
	}
	for _, id := range lx.TopicsOf(text) {
		label := id
		if t, ok := lx.TopicByName(id); ok && t.Name != "" {
			label = t.Name
		}
		add(Claim{Kind: "topic", Label: label, Weight: 0.5, topic: id})
	}
	return out
}

// bySurname is the one person of the people file whose name ends with the
// single word name, if there is exactly one.
func (lx *Lexicon) bySurname(name string) (Person, bool) {
	if strings.Contains(name, " ") {
		return Person{}, false
	}
	var found []Person
	for _, p := range lx.People {
		words := strings.Fields(p.Name)
		if len(words) > 1 && strings.EqualFold(words[len(words)-1], name) {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		return Person{}, false
	}
	return found[0], true
}

// placesIn finds the places tokens name: a place or venue of the places
// file, a reported meeting's place name, or a city of the gazetteer with
// 50,000 people or more that is not a common word nor a side's name.
func (lx *Lexicon) placesIn(toks []prose.Token, named map[int]bool, ms []Meeting) []Claim {
	meetingNames := map[string]bool{}
	for _, m := range ms {
		for _, n := range m.Names {
			if n != "" {
				meetingNames[strings.ToLower(n)] = true
			}
		}
	}
	var out []Claim
	for i := 0; i < len(toks); i++ {
		if !toks[i].Capital || named[i] {
			continue
		}
		for n := min(max(lx.maxPlace, 3), len(toks)-i); n >= 1; n-- {
			if !allCapital(toks[i : i+n]) {
				continue
			}
			key := joinLower(toks[i : i+n])
			name := tokensText(toks[i : i+n])
			city, ok := lx.places[key]
			if !ok {
				city, ok = lx.venues[key]
			}
			if lx.SideOfWords(prose.Words(name)...) != "" {
				continue // "Russia" names a side more than a place
			}
			if !ok && meetingNames[key] {
				city, ok = name, true
			}
			if !ok && !gazetteer.CommonWord(name) {
				if c, found := gazetteer.LookupCity(name); found && c.Population >= 50_000 {
					city, ok = name, true
				}
			}
			if !ok {
				continue
			}
			words := []string{strings.ToLower(name)}
			if lc := strings.ToLower(city); lc != words[0] {
				words = append(words, lc)
			}
			out = append(out, Claim{Kind: "place", Label: name, Weight: 1, words: words})
			i += n - 1
			break
		}
	}
	return out
}

// Meeting is the id of the meeting a meeting claim points at, else "".
func (c Claim) Meeting() string { return c.meeting }

// WithPassages is meeting claim c reported by the passages ids: every
// passage that reports the meeting, where the meetings Claims read held
// only their first ones.
func (c Claim) WithPassages(ids []string) Claim {
	c.passages = make(map[string]bool, len(ids))
	for _, id := range ids {
		c.passages[id] = true
	}
	return c
}

// Supports reports whether passage p bears on the claim: it names the
// person (or their surname), contains the quoted phrase's words or the
// place's or number's (it or its article's headline), reports the meeting, gives the same day or month, or is
// tagged with the topic.
func (c Claim) Supports(p Passage) bool {
	switch c.Kind {
	case "person":
		if slices.Contains(p.People, c.person) || slices.Contains(p.Speakers, c.person) {
			return true
		}
		words := strings.Fields(c.person)
		return len(words) > 1 && containsWord(p.Text, words[len(words)-1])
	case "place", "number":
		// The article's headline says it for each of its passages.
		return slices.ContainsFunc(c.words, func(w string) bool { return containsWord(p.Text, w) || containsWord(p.Title, w) })
	case "quote":
		return strings.Contains(" "+strings.Join(prose.Words(p.Text), " ")+" ", " "+c.words[0]+" ")
	case "meeting":
		return c.passages[p.ID]
	case "date":
		base, _ := time.Parse("2006-01-02", p.Published)
		for _, d := range dates.Find(p.Text, base) {
			if sameDay(c.date, d) {
				return true
			}
		}
		return false
	case "topic":
		return slices.Contains(p.Topics, c.topic)
	}
	return false
}

// sameDay reports whether two date mentions name the same day or month:
// month equal, and day and year equal where both give one.
func sameDay(a, b dates.Mention) bool {
	if a.Month == 0 || a.Month != b.Month {
		return false
	}
	if a.Day != 0 && b.Day != 0 && a.Day != b.Day {
		return false
	}
	if a.Day != 0 && b.Day == 0 {
		return false
	}
	ay, by := a.Year, b.Year
	if by == 0 && !b.From.IsZero() {
		by = b.From.Year()
	}
	return ay == 0 || by == 0 || ay == by
}

// containsWord reports whether text holds w (case-insensitive) as whole
// words.
func containsWord(text, w string) bool {
	lt, lw := strings.ToLower(text), strings.ToLower(w)
	for from := 0; ; {
		i := strings.Index(lt[from:], lw)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(lw)
		if (i == 0 || !isWordByte(lt[i-1])) && (end == len(lt) || !isWordByte(lt[end])) {
			return true
		}
		from = i + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}
