package extract

// Where a meeting was: venues, cities and regions in a sentence.

import (
	"strings"

	"github.com/talksbot/talksbot/internal/gazetteer"
	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// reSamePlace refers back to the place of the meeting last reported.
var reSamePlace = rx.MustCompile(`(?i)\b(at|in) the same (palace|venue|hotel|place|city|building|room|residence|table|location)\b`)

// venueNouns end a venue's name ("Dolmabahce Palace", "Shell Bay golf club").
var venueNouns = map[string]bool{
	"palace": true, "hotel": true, "club": true, "base": true, "residence": true, "house": true,
	"office": true, "centre": true, "center": true, "mission": true, "embassy": true, "room": true,
	"resort": true, "hall": true, "castle": true, "villa": true, "estate": true, "building": true,
}

// placeRef is where a sentence puts a meeting.
type placeRef struct {
	city, region, venue string
	tok                 int // where it is named, for nearness
}

func (p placeRef) empty() bool { return p.city == "" && p.region == "" && p.venue == "" }

// placeNear finds the place of the meeting reported at token k: a venue the
// places file knows ("the Kremlin", "No 10"), a city or a region named
// after "in", "at" or "to" or right before a meeting noun ("the Geneva
// talks"), and a venue's own name ("at Dolmabahce Palace"). The place
// named nearest the trigger wins.
func (lx *Lexicon) placeNear(s *sentence, k int) placeRef {
	var found []placeRef
	for i := 0; i < len(s.toks); i++ {
		// A venue the places file knows.
		matched := false
		ctxOK := placeContext(s.toks, i)
		for n := min(lx.maxPlace, len(s.toks)-i); n >= 1 && !matched; n-- {
			key := joinLower(s.toks[i : i+n])
			nextNoun := i+n < len(s.toks) && meetingNouns[s.toks[i+n].Lower]
			if !ctxOK && !nextNoun {
				continue
			}
			if i+n < len(s.toks) && notPlaceWords[s.toks[i+n].Lower] {
				continue
			}
			if i+n < len(s.toks) && s.toks[i+n].Capital && strings.TrimSpace(s.toks[i+n].Before) == "" {
				continue // "a director at the White House National Security Council": an institution
			}
			if city, ok := lx.venues[key]; ok {
				found = append(found, placeRef{city: city, venue: tokensText(s.toks[i : i+n]), tok: i})
				i += n - 1
				matched = true
			} else if city, ok := lx.places[key]; ok && s.toks[i].Capital {
				found = append(found, placeRef{city: city, tok: i})
				i += n - 1
				matched = true
			}
		}
		if matched || !s.toks[i].Capital || mentionStartingAt(s.mentions, i) != nil {
			continue
		}
		if _, demonym := gazetteer.LookupDemonym(s.toks[i].Text); demonym {
			continue // "the German Chancellery": a demonym is not a place
		}
		prev := ""
		if i > 0 {
			prev = s.toks[i-1].Lower
			if prev == "the" && i > 1 {
				prev = s.toks[i-2].Lower
			}
		}
		if ctxOK {
			prev = "in"
		}
		// The longest run of capitalised words here (up to four).
		n := 0
		for i+n < len(s.toks) && n < 4 && s.toks[i+n].Capital && (n == 0 || !strings.ContainsAny(s.toks[i+n].Before, ",;:()")) {
			n++
		}
		before := ctxOK
		for ; n >= 1; n-- {
			name := tokensText(s.toks[i : i+n])
			next := ""
			if i+n < len(s.toks) {
				next = s.toks[i+n].Lower
				// "London Ukraine talks", "Riyadh US-Russia meeting": side
				// words may stand between a place and its meeting noun.
				for j := i + n; j < len(s.toks) && j < i+n+2 && lx.sideOfToken(s.toks[j]) != ""; j++ {
					if j+1 < len(s.toks) && meetingNouns[s.toks[j+1].Lower] {
						next = s.toks[j+1].Lower
					}
				}
			}
			if venueNouns[s.toks[i+n-1].Lower] && n >= 2 && (prev == "at" || prev == "in") {
				found = append(found, placeRef{venue: name, tok: i})
				break
			}
			if !before && !meetingNouns[next] || notPlaceWords[next] {
				continue
			}
			c, isCity := gazetteer.LookupCity(name)
			r, isRegion := gazetteer.LookupRegion(name)
			// A city and a region of one name: the city when it lies in
			// that region (Geneva, Abu Dhabi), else the region (Florida).
			if isCity && isRegion && !c.In(r) {
				isCity = false
			}
			if isCity && (!gazetteer.CommonWord(name) || before) && c.Population > 0 {
				found = append(found, placeRef{city: c.Name, tok: i})
				break
			}
			if isRegion && (r.Kind == gazetteer.KindCountry || !gazetteer.CommonWord(name) && (prev == "in" || prev == "at")) {
				found = append(found, placeRef{region: r.Name, tok: i})
				break
			}
		}
		if n > 1 {
			i += n - 1
		}
	}
	if len(found) == 0 {
		return placeRef{tok: -1}
	}
	// Merge a venue with the city named right after it ("at Shell Bay …
	// in Hallandale Beach"), then take the nearest to the trigger.
	// Nearest the trigger wins, but a place that names another meeting
	// noun ("The Abu Dhabi round was agreed at a meeting … at the
	// Kremlin") is not this meeting's.
	far := func(f placeRef) int {
		d := abs(f.tok - k)
		for e := f.tok + 1; e < len(s.toks) && e <= f.tok+4; e++ {
			if meetingNouns[s.toks[e].Lower] {
				if e != k && meetingNouns[s.toks[k].Lower] {
					d += 20
				}
				break
			}
			if !s.toks[e].Capital {
				break
			}
		}
		return d
	}
	best := -1
	for j, f := range found {
		if best < 0 || far(f) < far(found[best]) {
			best = j
		}
	}
	out := found[best]
	for j := best + 1; j < len(found) && j <= best+2; j++ {
		f := found[j]
		if out.city == "" && f.city != "" && f.tok-out.tok <= 12 {
			out.city = f.city
		}
		if out.region == "" && f.region != "" && f.tok-out.tok <= 14 {
			out.region = f.region
		}
	}
	for j := best - 1; j >= 0 && j >= best-2; j-- {
		f := found[j]
		if out.venue == "" && f.venue != "" && out.tok-f.tok <= 6 {
			out.venue = f.venue
			if out.city == "" {
				out.city = f.city
			}
		}
	}
	return out
}

// placePreps are the words before a place that make it where something
// happens ("in Geneva", "at the Kremlin", "flew to Jeddah").
var placePreps = map[string]bool{"in": true, "at": true, "to": true, "into": true, "outside": true,
	"inside": true, "near": true, "toward": true, "towards": true}

// directionWords may stand between a preposition and a place ("in south
// Florida").
var directionWords = map[string]bool{"south": true, "north": true, "east": true, "west": true,
	"southern": true, "northern": true, "eastern": true, "western": true, "central": true,
	"downtown": true, "the": true}

// placeContext reports whether the words before token i put a place there:
// a preposition (skipping "the" and direction words), not "according to".
func placeContext(toks []prose.Token, i int) bool {
	k := i - 1
	for k >= 0 && directionWords[toks[k].Lower] {
		k--
	}
	if k < 0 || !placePreps[toks[k].Lower] {
		return false
	}
	return !(toks[k].Lower == "to" && k > 0 && toks[k-1].Lower == "according")
}

// notPlaceWords after a place name make it describe something else ("the
// Red Sea city", "the Moscow region").
var notPlaceWords = map[string]bool{"city": true, "town": true, "region": true, "regions": true,
	"oblast": true, "province": true, "area": true, "coast": true, "port": true, "capital": true,
	"resort": true, "time": true, "times": true}
