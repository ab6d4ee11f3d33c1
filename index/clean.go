package index

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one line of an article before cleaning; lines with the same para
// belong to one paragraph.
type line struct {
	text string
	para int
}

// Cleaning rules, by the name that `corpus check` reports.
const (
	ruleBreadcrumb  = "breadcrumb"
	ruleNewsletter  = "newsletter banner"
	ruleComment     = "comment prompt"
	ruleMobile      = "mobile-version link"
	ruleWidget      = "share/like widget"
	rulePhoto       = "photo credit"
	ruleStamp       = "generator stamp"
	ruleByline      = "byline"
	ruleTeaser      = "teaser list"
	ruleDupTitle    = "duplicate title"
	ruleHeading     = "section heading"
	maxDerivedTitle = 90
)

var (
	reNewsletter = regexp.MustCompile(`(?i)\b(newsletters?|subscribe|subscription|sign up|sign-up|unlock the free|get our|register (now|for free))\b`)
	reComment    = regexp.MustCompile(`(?i)^(leave a (reply|comment)|comments?|add (a )?comment|post a comment|join the (conversation|discussion)|\d+ comments?|show comments|view comments|comments? \(\d+\))$`)
	reMobile     = regexp.MustCompile(`(?i)^(exit mobile version|(view|switch to) (the )?(desktop|mobile|full) (version|site))`)
	rePhoto      = regexp.MustCompile(`(?i)^(photo|image|picture|illustration|video|credit|photograph|pictured)( by| credit)?\s*[:：]`)
	rePhotoTail  = regexp.MustCompile(`(?i)^\(?(photo|image)s? (by|courtesy of)\b`)
	reStamp      = regexp.MustCompile(`(?i)^(source article|generated on\b|generated (by|with)\b|this (article|summary) was (generated|produced)|originally published (at|on|by)\b)`)
	reByline     = regexp.MustCompile(`(?i)^((additional )?(reporting|writing|editing|research) by\b|written by\b|compiled by\b|by [A-Z][\w’'.-]+( [A-Z][\w’'.-]+){0,3}$)`)
	reTeaser     = regexp.MustCompile(`(?i)^(similar|related|more|latest|recommended|popular|trending|other|further) (news|articles?|stories|coverage|reading|posts|content|from [\w ]+)$|^(related|read more|read also|see also|you may also like|you might also like|more on this story|most read|also read)\s*:?$`)
	reCrumbSep   = regexp.MustCompile(`\s[>›»/|]\s`)
	widgetWords  = map[string]bool{
		"share": true, "news": true, "tweet": true, "email": true, "e-mail": true, "print": true,
		"link": true, "copy": true, "complain": true, "report": true, "like": true, "dislike": true,
		"comments": true, "comment": true, "banner": true, "advertisement": true, "ad": true,
		"facebook": true, "twitter": true, "x": true, "telegram": true, "whatsapp": true,
		"linkedin": true, "reddit": true, "save": true, "bookmark": true, "follow": true,
		"us": true, "on": true, "views": true, "reply": true, "menu": true, "close": true,
	}
)

// cleaned is an article's text after the furniture rules ran.
type cleaned struct {
	title        string
	titleDerived bool
	paragraphs   []string
	dropped      []Drop
}

// clean removes page furniture from lines, finds the title (the first line
// that is not furniture, or the first sentence when the article has no title
// line) and joins the surviving lines into paragraphs. knownTitle, when not
// empty, is a title the format's metadata already gave.
func clean(lines []line, knownTitle string) cleaned {
	var c cleaned
	keep := make([]bool, len(lines))
	for i := range lines {
		lines[i].text = normalizeSpace(lines[i].text)
		keep[i] = lines[i].text != ""
	}
	drop := func(i int, rule string) {
		keep[i] = false
		c.dropped = append(c.dropped, Drop{Rule: rule, Text: lines[i].text})
	}

	body := 0 // body paragraphs seen so far
	afterBanner := false
	title := knownTitle
	for i := range lines {
		if !keep[i] {
			continue
		}
		t := lines[i].text
		if rule := furnitureRule(t, i, lines, body); rule != "" {
			if rule == ruleTeaser {
				for j := i; j < len(lines); j++ {
					if keep[j] {
						drop(j, ruleTeaser)
					}
				}
				break
			}
			drop(i, rule)
			afterBanner = rule == ruleNewsletter
			continue
		}
		heading := isHeadingLike(t)
		switch {
		case heading && afterBanner && body == 0:
			drop(i, ruleNewsletter) // the banner's tagline
			continue
		case heading && title == "" && body == 0:
			title = t
			keep[i] = false
		case heading && body == 0 && similarTitle(t, title):
			drop(i, ruleDupTitle)
		case heading && body > 0 && similarTitle(t, title) && body < 3:
			drop(i, ruleDupTitle)
		case heading:
			drop(i, ruleHeading)
		default:
			body++
		}
		afterBanner = false
	}

	// Join the surviving lines of each paragraph.
	var cur []string
	para := -1
	flush := func() {
		if len(cur) > 0 {
			c.paragraphs = append(c.paragraphs, strings.Join(cur, " "))
		}
		cur = cur[:0]
	}
	for i, l := range lines {
		if !keep[i] {
			continue
		}
		if l.para != para {
			flush()
			para = l.para
		}
		cur = append(cur, l.text)
	}
	flush()

	c.title = title
	if c.title == "" && len(c.paragraphs) > 0 {
		first := splitSentences(c.paragraphs[0])[0]
		c.title = cutAtWord(first, maxDerivedTitle)
		c.titleDerived = true
	}
	return c
}

// furnitureRule names the rule that makes line i page furniture, or "".
func furnitureRule(t string, i int, lines []line, body int) string {
	words := strings.Fields(t)
	n := len(words)
	switch {
	case reTeaser.MatchString(t) && body > 0:
		return ruleTeaser
	case reMobile.MatchString(t):
		return ruleMobile
	case reComment.MatchString(t):
		return ruleComment
	case reStamp.MatchString(t):
		return ruleStamp
	case reByline.MatchString(t) && n <= 12:
		return ruleByline
	case (rePhoto.MatchString(t) || rePhotoTail.MatchString(t)) && n <= 12:
		return rulePhoto
	case reNewsletter.MatchString(t) && n <= 20 && !endsSentence(t):
		return ruleNewsletter
	case isWidget(words):
		return ruleWidget
	case body == 0 && isBreadcrumb(t, i, lines):
		return ruleBreadcrumb
	}
	return ""
}

// isWidget reports whether every word of a line is a share/like/comment
// widget label or a counter ("like0", "12", "SHARE NEWS").
func isWidget(words []string) bool {
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	for _, w := range words {
		w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsDigit(r) }))
		if w != "" && !widgetWords[w] {
			return false
		}
	}
	return true
}

// isBreadcrumb reports whether a line before the body is site navigation: a
// path with separators, a line starting "Home", or a line cut off with an
// ellipsis whose tail begins a later line (a truncated copy of the title).
func isBreadcrumb(t string, i int, lines []line) bool {
	if endsSentence(t) && !strings.HasSuffix(t, "...") && !strings.HasSuffix(t, "…") {
		return false
	}
	if reCrumbSep.MatchString(t) && len(strings.Fields(t)) <= 25 {
		return true
	}
	if strings.HasPrefix(t, "Home ") && !strings.ContainsAny(strings.TrimRight(t, ".…"), ".,;:") {
		return true
	}
	stem := strings.TrimRight(strings.TrimSuffix(t, "…"), ". ")
	if stem == t {
		return false
	}
	words := strings.Fields(stem)
	for k := 0; k+4 <= len(words); k++ {
		tail := strings.Join(words[k:], " ")
		for _, l := range lines[i+1:] {
			if len(l.text) > len(tail) && strings.HasPrefix(l.text, tail) {
				return true
			}
		}
	}
	return false
}

// isHeadingLike reports whether a line reads as a title or heading rather
// than prose: short, starting with a capital or digit, and not ending a
// sentence with a full stop.
func isHeadingLike(t string) bool {
	n := len(strings.Fields(t))
	if n == 0 || n > 25 || utf8.RuneCountInString(t) > 200 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) && !strings.ContainsRune("\"“‘'", first) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(t, "\"”’'"))
	return last != '.' && last != ',' && last != ';' && last != ':' && last != '…'
}

// endsSentence reports whether t ends like prose.
func endsSentence(t string) bool {
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(t, "\"”’')"))
	return strings.ContainsRune(".!?…", last)
}

// similarTitle reports whether two headlines share most of their words.
func similarTitle(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	wa, wb := wordSet(a), wordSet(b)
	inter := 0
	for w := range wa {
		if wb[w] {
			inter++
		}
	}
	union := len(wa) + len(wb) - inter
	return union > 0 && float64(inter)/float64(union) >= 0.6
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		m[w] = true
	}
	return m
}
