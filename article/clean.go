package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
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
	reNewsletter = rx.MustCompile(`(?i)\b(newsletters?|subscribe|subscription|sign up|sign-up|unlock the free|get our|register (now|for free))\b`)
	reComment    = rx.MustCompile(`(?i)^(leave a (reply|comment)|comments?|add (a )?comment|post a comment|join the (conversation|discussion)|\d+ comments?|show comments|view comments|comments? \(\d+\))$`)
	reMobile     = rx.MustCompile(`(?i)^(exit mobile version|(view|switch to) (the )?(desktop|mobile|full) (version|site))`)
	rePhoto      = rx.MustCompile(`(?i)^(photo|image|picture|illustration|video|credit|photograph|pictured)( by| credit)?\s*[:：]`)
	rePhotoTail  = rx.MustCompile(`(?i)^\(?(photo|image)s? (by|courtesy of)\b`)
	reStamp      = rx.MustCompile(`(?i)^(source article|generated on\b|generated (by|with)\b|this (article|summary) was (generated|produced)|originally published (at|on|by)\b)`)
	reByline     = rx.MustCompile(`(?i)^\(?((additional )?(reporting|writing|editing|research) by\b|written by\b|compiled by\b|by [A-Z][\w’'.-]+( [A-Z][\w’'.-]+){0,3}$)`)
	reTeaser     = rx.MustCompile(`(?i)^(similar|related|more|latest|recommended|popular|trending|other|further) (news|articles?|stories|coverage|reading|posts|content|from [\w ]+)$|^(related|read more|read also|see also|you may also like|you might also like|more on this story|most read|also read)\s*:?$`)
	reCrumbSep   = rx.MustCompile(`\s[>›»/|]\s`)
	widgetWords  = map[string]bool{
		"share": true, "news": true, "tweet": true, "email": true, "e-mail": true, "print": true,
		"link": true, "copy": true, "complain": true, "report": true, "like": true, "dislike": true,
		"comments": true, "comment": true, "banner": true, "advertisement": true, "ad": true,
		"facebook": true, "twitter": true, "x": true, "telegram": true, "whatsapp": true, "viber": true, "line": true, "messenger": true, "pinterest": true,
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

// reTagline is a line that addresses the reader about a newsletter or a
// service ("Your guide to …", "The essential guide to …").
var reTagline = rx.MustCompile(`(?i)^(your|the essential|the best|everything you need|all you need|our)\b.*\b(guide|briefing|newsletter|digest|inbox|need to know)\b`)

// clean removes page furniture from lines, picks the title (see pickTitle)
// from titles (what the format's metadata gives, best first) and the
// headline-shaped lines before the body, and joins the surviving lines into
// paragraphs. A prefix that is furniture (a dateline, a live-blog time) is
// cut from the paragraph it opens.
func clean(lines []line, titles []string) cleaned {
	var c cleaned
	keep := make([]bool, len(lines))
	for i := range lines {
		lines[i].text = prose.NormalizeSpace(lines[i].text)
		keep[i] = lines[i].text != ""
	}
	drop := func(i int, rule string) {
		keep[i] = false
		c.dropped = append(c.dropped, Drop{Rule: rule, Text: lines[i].text})
	}

	body := 0 // body paragraphs seen so far
	afterBanner, teaser, keyList := false, false, false
	lastKept := -1
	seen := map[string]bool{}
	var heads []int // headline-shaped lines before the body
	for i := range lines {
		if !keep[i] {
			continue
		}
		t := lines[i].text
		item := isListItem(t)
		if teaser {
			drop(i, ruleTeaser)
			continue
		}
		if keyList {
			if item || reAgoPrefix.MatchString(t) || isHeadingLike(t) && len(strings.Fields(t)) <= 14 && body == 0 {
				drop(i, ruleLive)
				continue
			}
			keyList = false
		}
		if rule := furnitureRule(t, i, lines, body); rule != "" {
			drop(i, rule)
			switch rule {
			case ruleTeaser:
				teaser = body > 0
			case ruleLive:
				keyList = strings.HasPrefix(strings.ToLower(t), "key ")
			case rulePhoto:
				// A credit on a line of its own closes the caption above it.
				if lastKept >= 0 && keep[lastKept] && len(strings.Fields(lines[lastKept].text)) <= 60 && i-lastKept <= 2 {
					drop(lastKept, ruleCaption)
					if body > 0 {
						body--
					}
				}
			}
			afterBanner = rule == ruleNewsletter || rule == ruleFollow
			continue
		}
		if rest, rule, prefix := stripPrefix(t); rule != "" {
			c.dropped = append(c.dropped, Drop{Rule: rule, Text: prefix})
			lines[i].text, t = rest, rest
		}
		key := strings.ToLower(t)
		if seen[key] && len(strings.Fields(t)) > 3 && !(body == 0 && isHeadingLike(t)) {
			drop(i, ruleDupPara)
			continue
		}
		seen[key] = true
		heading := isHeadingLike(t)
		switch {
		case body == 0 && afterBanner && (heading || reTagline.MatchString(t)) && reTagline.MatchString(t):
			drop(i, ruleNewsletter) // the banner's tagline
			continue
		case body == 0 && (heading || isMasthead(t)):
			heads = append(heads, i)
			keep[i] = false
		case heading:
			drop(i, ruleHeading)
		default:
			body++
			lastKept = i
		}
		afterBanner = false
	}

	// The title, then what the other lines before the body were.
	title, from := pickTitle(titles, lines, heads, keep)
	c.title = title
	for _, i := range heads {
		t := lines[i].text
		switch {
		case i == from:
		case similarTitle(t, title):
			c.dropped = append(c.dropped, Drop{Rule: ruleDupTitle, Text: t})
		case isMasthead(t) || strings.Contains(t, ":") && len(strings.Fields(t)) <= 4:
			c.dropped = append(c.dropped, Drop{Rule: ruleMasthead, Text: t})
		case len(strings.Fields(t)) >= 8 && i > from && from >= 0:
			keep[i] = true // a standfirst: the summary under the headline
		default:
			c.dropped = append(c.dropped, Drop{Rule: ruleHeading, Text: t})
		}
	}
	// A later repeat of the headline (live blogs, "related" boxes).
	for i := range lines {
		if keep[i] && isHeadingLike(lines[i].text) && similarTitle(lines[i].text, title) {
			drop(i, ruleDupTitle)
		}
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

	if c.title == "" && len(c.paragraphs) > 0 {
		first := prose.Sentences(c.paragraphs[0])[0]
		c.title = prose.CutAtWord(first, maxDerivedTitle)
		c.titleDerived = true
	}
	return c
}

// isListItem reports whether a line is an item of a bulleted list.
func isListItem(t string) bool {
	return strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "• ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "– ")
}

// pickTitle scores every candidate headline: the metadata titles (site-name
// suffix removed) and the headline-shaped lines before the body. A
// candidate that is a timestamp, breadcrumb, site or section name, reading
// time or banner never wins; among the others, the one whose words the body
// shares most wins, metadata and earlier lines breaking ties. It returns
// the title and the line it came from (-1 for metadata or none).
func pickTitle(titles []string, lines []line, heads []int, keep []bool) (string, int) {
	// The body's words, as wordSet gives them, in one set: only those of
	// four bytes or more, the only ones looked up, and only once a
	// candidate is scored.
	var bodyWords map[string]bool
	best, bestLine, bestScore := "", -1, -1.0
	// try scores t, a candidate already normalized and title-shaped.
	try := func(t string, at int, bonus float64) {
		if bodyWords == nil {
			bodyWords = map[string]bool{}
			for i, l := range lines {
				if keep[i] {
					for _, w := range strings.FieldsFunc(strings.ToLower(l.text), notWordRune) {
						if len(w) >= 4 {
							bodyWords[w] = true
						}
					}
				}
			}
		}
		words := wordSet(t)
		shared, n := 0, 0
		for w := range words {
			if len(w) < 4 {
				continue
			}
			n++
			if bodyWords[w] {
				shared++
			}
		}
		score := bonus
		if n > 0 {
			score += 2 * float64(shared) / float64(n)
		}
		if score > bestScore {
			best, bestLine, bestScore = t, at, score
		}
	}
	for k, t := range titles {
		if t = stripSiteSuffix(prose.NormalizeSpace(t)); titleShaped(t, true) {
			try(t, -1, 0.6-0.05*float64(k))
		}
	}
	k := 0
	for _, i := range heads {
		if t := stripSiteSuffix(prose.NormalizeSpace(lines[i].text)); titleShaped(t, false) {
			try(t, i, 0.4-0.35*float64(k))
			k++
		}
	}
	return best, bestLine
}

// titleShaped reports whether t can be a headline: three words or more,
// under 40, and not a timestamp, breadcrumb, masthead, reading time,
// banner or other furniture.
func titleShaped(t string, meta bool) bool {
	n := len(strings.Fields(t))
	if !meta && (n < 3 || isMasthead(t)) {
		return false
	}
	if n == 0 || n > 40 || isTimestamp(t) || isNavigation(t) || reCrumbSep.MatchString(t) && n <= 8 {
		return false
	}
	return furnitureRule(t, 0, nil, 1) == "" && !reTagline.MatchString(t)
}

// reSiteSuffix is a site name after a title: " | Site", " - Site", " — Site".
var reSiteSuffix = rx.MustCompile(`\s+[|–—-]\s+([^|–—-]{2,40})$`)

// stripSiteSuffix removes a site-name suffix of at most four words.
func stripSiteSuffix(t string) string {
	m := reSiteSuffix.FindStringSubmatchIndex(t)
	if m == nil {
		return t
	}
	suffix := t[m[2]:m[3]]
	if len(strings.Fields(suffix)) <= 4 && len(strings.Fields(t[:m[0]])) >= 3 {
		return strings.TrimSpace(t[:m[0]])
	}
	return t
}

// furnitureRule names the rule that makes line i page furniture, or "".
// lines may be nil (a title candidate checked alone).
func furnitureRule(t string, i int, lines []line, body int) string {
	words := strings.Fields(t)
	n := len(words)
	low := strings.ToLower(t)
	// Cheap word checks first: most lines are prose, and the unanchored
	// rules below cost a regexp scan of the whole line.
	cookie := strings.Contains(low, "cookie") || strings.Contains(low, "privacy")
	copyright := strings.ContainsAny(low, "©") || strings.Contains(low, "(c)") || strings.Contains(low, "copyright") ||
		strings.Contains(low, "rights reserved") || strings.Contains(low, "reproduction") || strings.Contains(low, "quoting")
	newsletter := strings.Contains(low, "newsletter") || strings.Contains(low, "subscri") || strings.Contains(low, "sign") ||
		strings.Contains(low, "unlock") || strings.Contains(low, "get our") || strings.Contains(low, "register")
	if n > 30 {
		// A paragraph of prose: only the long kinds of furniture.
		switch {
		case cookie && n <= 60 && reCookie.MatchString(t):
			return ruleCookie
		case n <= 40 && reTagList.MatchString(t):
			return ruleTags
		case n <= 60 && reEditor.MatchString(t):
			return ruleEditor
		case isCaption(t):
			return ruleCaption
		}
		return ""
	}
	switch {
	case body > 0 && n <= 8 && reTeaser.MatchString(t):
		return ruleTeaser
	case reSeeAlso.MatchString(t) && reSeeAlso.FindString(t) == t:
		return ruleTeaser // a heading over a list of other stories
	case reSeeAlso.MatchString(t) && n <= 25 && !strings.HasPrefix(strings.ToLower(t), "more "):
		return ruleSeeAlso
	case cookie && reCookie.MatchString(t):
		return ruleCookie
	case copyright && reCopyright.MatchString(t):
		return ruleCopyright
	case reLiveChrome.MatchString(t):
		return ruleLive
	case reTagList.MatchString(t) && n <= 40:
		return ruleTags
	case reReadTime.MatchString(t):
		return ruleReadTime
	case reEditor.MatchString(t) && n <= 60:
		return ruleEditor
	case reMobile.MatchString(t):
		return ruleMobile
	case reComment.MatchString(t):
		return ruleComment
	case reStamp.MatchString(t):
		return ruleStamp
	case n <= 12 && (reByline.MatchString(t) || reAuthorBox.MatchString(t)):
		return ruleByline
	case (rePhoto.MatchString(t) || rePhotoTail.MatchString(t)) && n <= 12:
		return rulePhoto
	case isCaption(t):
		return ruleCaption
	case reFeedback.MatchString(t):
		return ruleFeedback
	case newsletter && n <= 20 && !endsSentence(t) && reNewsletter.MatchString(t):
		return ruleNewsletter
	case n <= 30 && followWords[firstWord(low)] && reFollow.MatchString(t),
		n <= 30 && strings.Contains(low, "journalism") && reFollow.MatchString(t):
		return ruleFollow
	case isWidget(words) || reRating.MatchString(t):
		return ruleWidget
	case isNavigation(t) || reFooterLink.MatchString(t):
		return ruleNav
	case isTimestamp(t):
		return ruleTimestamp
	case body > 0 && n <= 6 && reSignoff.MatchString(t):
		return ruleSignoff
	case body == 0 && lines != nil && isBreadcrumb(t, i, lines):
		return ruleBreadcrumb
	case body == 0 && reLabel.MatchString(t):
		return ruleMasthead
	}
	return ""
}

// reRating is a "did you like it" widget.
var reRating = rx.MustCompile(`(?i)^(do|did) you (like|enjoy)\b.*\?|\[(like|dislike)\]`)

// followWords open a follow/subscribe prompt.
var followWords = map[string]bool{"follow": true, "join": true, "get": true, "download": true,
	"sign": true, "subscribe": true, "register": true, "install": true, "add": true, "listen": true,
	"watch": true, "read": true, "already": true, "unlock": true, "log": true}

// firstWord is a line's first word, lower-cased, without punctuation.
func firstWord(low string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(low), " ")
	return strings.Trim(w, ".,:;!?\"'“”")
}

// reFooterLink is a link of a page's footer or tool bar on a line of its own.
var reFooterLink = rx.MustCompile(`(?i)^(our standards:?.*|reuse this content|reprints?( and| &) permissions|report (an error|a correction|a typo)|contact us|about us|terms (of use|and conditions|& conditions)|privacy policy|advertis(e|ing|ement)( with us)?|back to top|print this (page|article)|view plans|more about( us)?)\.?$`)

// reLabel is a "KEY: value" label line of a page header ("NEWSPAPER
// SECTION: World").
var reLabel = rx.MustCompile(`^[A-Z][A-Z ]{2,30}\s*:\s*\S+( \S+){0,2}$`)

// isWidget reports whether every word of a line is a share/like/comment
// widget label or a counter ("like0", "12", "SHARE NEWS").
func isWidget(words []string) bool {
	if len(words) == 0 || len(words) > 12 {
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
	n := fieldCount(t)
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

// notWordRune separates the words of wordSet.
func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// fieldCount is len(strings.Fields(t)) without building the slice.
func fieldCount(t string) int {
	n := 0
	in := false
	for _, r := range t {
		space := unicode.IsSpace(r) // what strings.Fields splits at
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}
