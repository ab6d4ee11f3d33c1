package extract

import (
	"strings"

	"github.com/talksbot/talksbot/internal/gazetteer"
	"github.com/talksbot/talksbot/internal/prose"
)

// SideNames lists the sides of the sides file in its order.
func (lx *Lexicon) SideNames() []string {
	out := make([]string, 0, len(lx.Sides))
	for _, s := range lx.Sides {
		out = append(out, s.Name)
	}
	return out
}

// SideOfWords returns the side that the lower-case words name ("russian",
// "white house"), or "".
func (lx *Lexicon) SideOfWords(words ...string) string {
	return lx.sideWord[strings.Join(words, " ")]
}

// SideOfCountry returns the side of a country: the side the sides file puts
// it in, else the country's own English name ("Türkiye"); "" when unknown.
func (lx *Lexicon) SideOfCountry(code string) string {
	if s, ok := lx.sideOf[strings.ToUpper(code)]; ok {
		return s
	}
	return gazetteer.CountryName(code)
}

// sideOfToken returns the side one word names: a side's word ("Kremlin",
// "American"), a country's name or demonym ("Turkish", "Saudi"), or "".
func (lx *Lexicon) sideOfToken(t prose.Token) string {
	if s := lx.sideWord[t.Lower]; s != "" {
		return s
	}
	if !t.Capital {
		return ""
	}
	if r, ok := gazetteer.LookupDemonym(t.Text); ok && r.Kind == gazetteer.KindCountry {
		return lx.SideOfCountry(r.Country)
	}
	if r, ok := gazetteer.LookupRegion(t.Text); ok && r.Kind == gazetteer.KindCountry {
		return lx.SideOfCountry(r.Country)
	}
	return ""
}

// CanonicalSide matches a side typed by a user ("russia", "USA",
// "ukrainian") to a side's name, or returns "" when it names none.
func (lx *Lexicon) CanonicalSide(side string) string {
	key := strings.Join(prose.Words(side), " ")
	if key == "" {
		return ""
	}
	if s := lx.sideWord[key]; s != "" {
		return s
	}
	for _, s := range lx.Sides {
		if strings.EqualFold(s.Name, key) {
			return s.Name
		}
	}
	if r, ok := gazetteer.LookupRegion(side); ok && r.Kind == gazetteer.KindCountry {
		return lx.SideOfCountry(r.Country)
	}
	if r, ok := gazetteer.LookupDemonym(side); ok && r.Kind == gazetteer.KindCountry {
		return lx.SideOfCountry(r.Country)
	}
	return ""
}

// SideIn returns the first side a text names, by a side's word ("Russian",
// "the White House", "Ukraine's"), a country ("Turkish") or a person the
// people file gives a side ("Putin"); "" when it names none.
func (lx *Lexicon) SideIn(text string) string {
	toks := prose.Tokenize(text)
	for i, t := range toks {
		if i+1 < len(toks) {
			if s := lx.SideOfWords(t.Lower, toks[i+1].Lower); s != "" {
				return s
			}
		}
		if s := lx.sideWord[t.Lower]; s != "" && (t.Capital || len(t.Lower) > 3) {
			return s // "US", not the pronoun "us"
		}
		if t.Capital {
			if s := lx.sideOfToken(t); s != "" {
				return s
			}
			if p, ok := lx.PersonByName(t.Text); ok && p.Side != "" {
				return p.Side
			}
		}
	}
	return ""
}
