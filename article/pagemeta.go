package article

import (
	"strings"
	"time"

	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/gazetteer"
	"github.com/talksbot/talksbot/internal/rx"
)

// pageDate finds the publication date of an article whose format gave none:
// the first full date of a timestamp line ("Published 05.02.2026",
// "Mon 8 Dec 2025 18.41 GMT"), else of a dateline, else the latest full
// date the text gives anywhere (captions included). Never the file's time
// or today's date: an article that gives no full date stays undated.
func pageDate(c cleaned) time.Time {
	for _, rule := range []string{ruleTimestamp, ruleDateline} {
		for _, d := range c.dropped {
			if d.Rule == rule {
				if t, ok := dates.Full(d.Text); ok {
					return t
				}
			}
		}
	}
	var latest time.Time
	see := func(text string) {
		if !reYear.MatchString(text) {
			return // a full date has a year
		}
		for _, m := range dates.Find(text, time.Time{}) {
			if m.Year > 0 && m.Month > 0 && m.Day > 0 && !m.From.IsZero() && m.From.After(latest) {
				latest = m.From
			}
		}
	}
	for _, d := range c.dropped {
		if d.Rule == ruleCaption || d.Rule == rulePhoto {
			see(d.Text)
		}
	}
	for _, p := range c.paragraphs {
		see(p)
	}
	return latest
}

// datelineCity is the city of the article's dateline ("JEDDAH, Saudi
// Arabia -" gives Jeddah), or "".
func datelineCity(c cleaned) string {
	for _, d := range c.dropped {
		if d.Rule != ruleDateline {
			continue
		}
		name := strings.TrimSpace(strings.FieldsFunc(d.Text, func(r rune) bool { return r == ',' || r == '–' || r == '—' || r == '(' || r == '/' })[0])
		name = strings.TrimRight(name, " -.")
		if city, ok := gazetteer.LookupCity(name); ok {
			return city.Name
		}
		return ""
	}
	return ""
}

// reYear is a year of this century or the last, which every full date has.
var reYear = rx.MustCompile(`\b(19|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d{2}\b`)

// sectionWords are the names news sites give their sections; a masthead
// line made of them names a section, not the outlet.
var sectionWords = map[string]bool{
	"world": true, "international": true, "politics": true, "europe": true, "news": true,
	"business": true, "sport": true, "sports": true, "live": true, "opinion": true, "analysis": true,
	"latest": true, "breaking": true, "home": true, "asia": true, "americas": true, "africa": true,
	"economy": true, "war": true, "conflict": true, "video": true, "us": true, "uk": true, "middle": true, "east": true,
}

// reCopyrightHolder finds who a copyright line names: "(c) 2025 Global
// Governance News.", "Copyright (c) africanews 2025".
var reCopyrightHolder = rx.MustCompile(`(?i)(?:©|\(c\)|copyright)\s*(?:©|\(c\)|copyright)?\s*(?:\d{4}\s+)?([A-Za-z][\w&.' -]{1,40}?)(?:\s+\d{4})?(?:[.,|]|$)`)

// pageOutlet finds the outlet of an article whose format gave none: a
// masthead line above the headline that is not a section name ("BANGKOK
// POST"), else the holder of a copyright line.
func pageOutlet(c cleaned) string {
	for _, d := range c.dropped {
		if d.Rule != ruleMasthead || strings.Contains(d.Text, ":") {
			continue
		}
		words := strings.Fields(strings.Trim(d.Text, ". "))
		section := true
		for _, w := range words {
			section = section && sectionWords[strings.ToLower(w)]
		}
		if !section && len(words) <= 4 && !strings.Contains(d.Text, "-") {
			return mastheadCase(strings.Trim(d.Text, ". "))
		}
	}
	for i := len(c.dropped) - 1; i >= 0; i-- {
		// The page's own copyright closes the page; one in a caption
		// credits a photographer.
		d := c.dropped[i]
		if d.Rule != ruleCopyright {
			continue
		}
		if m := reCopyrightHolder.FindStringSubmatch(d.Text); m != nil {
			holder := strings.TrimSpace(m[1])
			if low := strings.ToLower(holder); low != "" && !strings.HasPrefix(low, "all rights") && !strings.HasPrefix(low, "copyright") {
				return holder
			}
		}
	}
	for _, d := range c.dropped {
		if d.Rule == ruleSignoff {
			if s := strings.Trim(d.Text, "-–—()/ ."); s != "" {
				return mastheadCase(s)
			}
		}
	}
	return ""
}

// mastheadCase writes an all-capitals masthead in title case ("BANGKOK
// POST" → "Bangkok Post"); other spellings are kept ("africanews").
func mastheadCase(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if len(w) <= 3 {
			words[i] = strings.ToUpper(w) // "A2"
			continue
		}
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
