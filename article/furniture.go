package article

import (
	"strings"

	"github.com/talksbot/talksbot/internal/rx"
)

// More cleaning rules, by the name that `corpus check` reports. Each is a
// shape that news pages share, never the words of one site.
const (
	ruleCookie    = "cookie notice"
	ruleCopyright = "copyright line"
	ruleCaption   = "photo caption"
	ruleDateline  = "dateline"
	ruleEditor    = "editor's note"
	ruleLive      = "live-blog chrome"
	ruleFollow    = "follow/subscribe prompt"
	ruleSignoff   = "agency sign-off"
	ruleSeeAlso   = "see-also link"
	ruleTags      = "tag list"
	ruleReadTime  = "reading time"
	ruleNav       = "navigation"
	ruleMasthead  = "masthead or section label"
	ruleTimestamp = "timestamp"
	ruleDupPara   = "duplicate paragraph"
	ruleByline2   = "author line"
	ruleFeedback  = "error report prompt"
)

var (
	reCookie = rx.MustCompile(`(?i)\b(we|this (site|website)|our (site|website)) (use|uses|store|stores)( \w+)? cookies\b|\bcookie (settings|policy|preferences|consent)\b|\bwe value your privacy\b|\baccept (all )?cookies\b|\bprivacy preferences\b|\bconsent to (the )?use of cookies\b|\buse of cookies\b`)
	// A copyright notice: "©", "(c)" or "Copyright" with a holder, or the
	// reproduction terms that follow one.
	reCopyright = rx.MustCompile(`(?i)(^|\s)(©|\(c\)|copyright\b)|\ball rights reserved\b|^reproduction\b|\breproduction (without|requires|is)\b|\bquoting and use of materials\b`)
	// Credits that close a photo caption: "(AP Photo/…)", "(Pool photo: …)",
	// "(Official White House Photo by …)", "REUTERS/Name", "Photo: Getty
	// Images", "| Photo: AP/PTI", "/ Reuters".
	reCreditEnd = rx.MustCompile(`(?i)(\((\w+ )*photos?\b[^()]*\)|\b[A-Z]{2,}/[A-Z][\w.]*( [A-Z][\w.]*)*(/\w+)*|\bphotos?( by)?:\s*[^.]{2,60}|/ ?(reuters|ap|afp|epa|getty images|anadolu|tass|ria novosti)|\bgetty images|\bfile photo|©\s*[A-Z][\w.'-]*( [A-Z][\w.'-]*){0,3},? ?(/ ?)?[A-Z]{2,}[\w ]{0,20})\s*\.?$`)
	reFilePhoto = rx.MustCompile(`(?i)^file photo\b`)
	// A prompt to report mistakes: "If you notice an error, select it with
	// your mouse and press Ctrl+Enter", "Found a typo? Let us know".
	reFeedback = rx.MustCompile(`(?i)^(if you (notice|find|spot|see|found) (an? )?(error|mistake|typo|inaccuracy)( in (this|the|our) (text|article|story|report|page))?,? (please )?(select|highlight|let us know|contact|press|report|e-?mail|write|tell|click|notify)|(found|spotted|see) (an? )?(error|mistake|typo)\b|report an? (error|mistake|typo|correction)\b)|\bpress ctrl ?\+ ?enter\b`)
	// A gallery counter opens a slideshow's caption: "[1/3] ", "2/5 ".
	reGalleryCount = rx.MustCompile(`^\[?\d{1,2} ?/ ?\d{1,2}\]\s+\S|^\d{1,2}/\d{1,2}\s+[A-Z]`)
	// Link chrome after a credit: "Purchase Licensing Rights, opens new tab".
	reCreditChrome = rx.MustCompile(`(?i)\s*(purchase licensing rights|licensing rights|buy (this )?photo)?,?\s*(\(?opens (in )?(a )?new (tab|window)\)?)?\s*$`)
	// Where a caption places people in the picture.
	rePictured = rx.MustCompile(`(?i)\((left|right|centre|center|second (from )?(left|right)|not pictured|pictured|front|rear)\)|, (left|right|centre|center|second from (left|right)), |\bfrom left\b|\bnot pictured\b`)
	// A dateline before the first words of a report: "KYIV – ", "JEDDAH,
	// Saudi Arabia - ", "MOSCOW, December 2. /TASS/. ", "KYIV, Dec 2 (Reuters) -",
	// "Nov 30, 2025 (Bloomberg) – ".
	reDateline   = rx.MustCompile(`^(?:([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})(?:, [A-Z][\w.]+(?: [A-Z][\w.]+){0,2})?(?:,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})(?:,? \d{4})?\.?)?|(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}))(?: ?\((?:[A-Z][\w .-]{1,30})\)| ?/[A-Z]{2,10}/\.?)? ?[–—-]{1,2} |^([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}), [^/]{3,30}\.? ?/[A-Z]{2,10}/\.? ?`)
	reEditor     = rx.MustCompile(`(?i)^(editor['’]?s note|editors['’] note|note to readers|correction)\b`)
	reUpdated    = rx.MustCompile(`(?i)^(updated|update|breaking|developing|watch|live)[.:!]\s+`)
	reLiveChrome = rx.MustCompile(`(?i)^(this live (blog|page|coverage) (has ended|is (now )?closed)\.?( refresh for the latest\.?)?|refresh for the latest( updates)?|voiced by artificial intelligence|key (events|moments|points|updates)|show key events only|(please )?(turn on|enable) javascript\b.*|copy link( to (this|the) post)?|show (older|newer|more|earlier) (updates|posts)|live( updates| blog| coverage)?|all times (are )?(in )?[\w ]+( time)?( \(\w+\))?|(load|see) more( updates| posts)?|pinned( post)?|share this (post|update))\.?$`)
	// "21m ago: ", "2h ago ", "UPDATED 1 HOUR AGO"
	reAgoPrefix   = rx.MustCompile(`(?i)^(updated )?\d+\s?(m|h|d|mins?|minutes?|hours?|hrs?|days?) ago\b:?\s*`)
	reFollow      = rx.MustCompile(`(?i)^(follow|join|get|download|sign up|subscribe|register|install|add|listen|watch|read) .*\b(telegram|whatsapp|viber|channel|newsletters?|inbox|our app|the app|alerts|notifications|topics?|on (x|twitter|facebook|instagram|youtube|google news)|brief|podcast|updates delivered)\b|^follow (topic|us|author)s?\b|\bsupport (independent|our|quality) journalism\b|\bbecome a (member|subscriber|supporter)\b|^listen to (this|the) (article|story)\b|^already a subscriber\b|^unlock \d+\+? (premium|free)\b|^(subscribe|sign up|log in|sign in|register)( now| here| today)?[.!:]?$`)
	reSignoff     = rx.MustCompile(`^[-–—(/ ]*((with )?[A-Z][A-Za-z]*[A-Z]|Reuters|Bloomberg|Interfax|Xinhua|Ukrinform)([ ,/&]+(and |with )?([A-Z][A-Za-z]*[A-Z]|Reuters|Bloomberg|Interfax|Xinhua|Ukrinform))*[)/ .]*$|^(?i:(reporting|writing|editing|additional reporting|compiled|edited) by\b.*)$`)
	reSeeAlso     = rx.MustCompile(`(?i)^(read more|read also|also read|see also|related|related news|related stories|more on this( story)?|you (might|may) also like|recommended|most (read|viewed|popular|shared|recent)|trending( now)?|popular( now)?|top (stories|sections?|news)|more (on|from|stories)( [\w ]{0,30})?|latest( news| stories)?|editor['’]s picks?|don['’]t miss|must read|further reading|in other news)\s*[:|]?\s*`)
	reTagList     = rx.MustCompile(`(?i)^(tags?|topics?|related (search|topics|tags)|filed under|categories|keywords|more about)\s*:`)
	reReadTime    = rx.MustCompile(`(?i)^(\d+\s?(min|mins|minutes?)\.?( read| reading time| read time)?|reading time:? \d+\s?(min|mins|minutes?)|listen to (this|the) (article|story)( \(\d+ min\))?)\.?$`)
	reTimeOnly    = rx.MustCompile(`(?i)^((mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? )?((\d{1,2} )?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? (\d{1,2},? )?(\d{4})?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})[,.]?( (at )?\d{1,2}[:.]\d{2}( ?[ap]\.?m\.?)?( [A-Z]{2,5})?)?$`)
	reStampWord   = rx.MustCompile(`(?i)^(published|updated|last updated|first published|posted|last modified|modified|issued)( on| at)?\s*:?\s*`)
	reAuthorBox   = rx.MustCompile(`(?i)^(writer|author|reporter|by)\s*:\s*\S|^by [A-Z][\w’'.-]+( [A-Z][\w’'.-]+){0,3}( (with|and|in) [\w ]{1,40})?$`)
	reNumericDate = rx.MustCompile(`\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b`)
	reMonthWord   = rx.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b`)
)

// isCaption reports whether a paragraph is a photo caption: it ends with a
// photo credit, or places people in the picture ("(left)", ", right,") and
// ends with a date or a credit line of its own.
func isCaption(t string) bool {
	// "[1/3] …" opens a slideshow's caption, "Photo: …" any caption.
	if reFilePhoto.MatchString(t) || (reGalleryCount.MatchString(t) || rePhoto.MatchString(t)) && len(strings.Fields(t)) <= 90 {
		return true
	}
	t = trimCreditChrome(t)
	if fieldCount(t) > 90 {
		return false
	}
	low := strings.ToLower(t)
	if !strings.Contains(low, "photo") && !strings.Contains(low, "/") && !strings.Contains(low, "getty") && !strings.Contains(low, "©") {
		return false // every credit names a photo, an agency/photographer pair or Getty
	}
	// The credit closes the caption: read only its end.
	if len(t) > 120 {
		cut := len(t) - 120
		for cut < len(t) && t[cut] != ' ' {
			cut++
		}
		t = t[cut:]
	}
	return reCreditEnd.MatchString(t)
}

// trimCreditChrome removes what reCreditChrome matches at the end of t: a
// licensing link's words, then blanks and a comma. The regexp can match
// empty at every position, so it is tried from every one; it runs only on
// text holding one of its words, and blanks and a comma are trimmed by hand.
func trimCreditChrome(t string) string {
	low := strings.ToLower(t)
	if strings.Contains(low, "licensing rights") || strings.Contains(low, "buy photo") || strings.Contains(low, "buy this photo") ||
		strings.Contains(low, "new tab") || strings.Contains(low, "new window") {
		return reCreditChrome.ReplaceAllString(t, "")
	}
	isBlank := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	end := len(t)
	for end > 0 && isBlank(t[end-1]) {
		end--
	}
	if end > 0 && t[end-1] == ',' {
		end--
	}
	for end > 0 && isBlank(t[end-1]) {
		end--
	}
	return t[:end]
}

// isNavigation reports whether a line is a menu: several short items
// separated by " | " and no sentence.
func isNavigation(t string) bool {
	items := strings.Split(t, "|")
	if len(items) < 3 {
		return false
	}
	for _, it := range items {
		it = strings.TrimSpace(it)
		if len(strings.Fields(it)) > 4 || strings.HasSuffix(it, ".") && len(strings.Fields(it)) > 2 {
			return false
		}
	}
	return true
}

// isTimestamp reports whether a line only says when the page was written or
// updated: "Mon 8 Dec 2025 18.41 GMT", "PUBLISHED : 12 Mar 2025 at 04:12",
// "Published 05.02.2026 21:14 | Updated 06.02.2026 09:02", "Aug 16, 08:55",
// "UPDATED 1 HOUR AGO".
func isTimestamp(t string) bool {
	if parts := strings.Split(t, "·"); len(parts) > 1 {
		// "3 hours ago · 4 min read": every part a time or a reading time.
		all := true
		for _, p := range parts {
			p = strings.TrimSpace(p)
			all = all && (p == "" || reReadTime.MatchString(p) || isTimestamp(p))
		}
		if all {
			return true
		}
	}
	if len(strings.Fields(t)) > 16 {
		return false
	}
	if m := reAgoPrefix.FindString(t); m != "" && strings.TrimSpace(t[len(m):]) == "" {
		return true
	}
	if reTimeOnly.MatchString(t) {
		return true
	}
	if s := reStampWord.FindString(t); s != "" && (reNumericDate.MatchString(t) || reMonthWord.MatchString(t)) {
		return true
	}
	// "Friday, August 15, 2025 · Last updated Saturday, …": mostly date words.
	if (reNumericDate.MatchString(t) || reMonthWord.MatchString(t)) && !endsSentence(t) {
		dateish := 0
		words := strings.Fields(t)
		for _, w := range words {
			lw := strings.ToLower(strings.Trim(w, ",.:·|()"))
			if lw == "" || isDigits(lw) || weekdayOrMonth(lw) || reNumericDate.MatchString(w) ||
				lw == "last" || lw == "updated" || lw == "published" || lw == "at" || lw == "on" ||
				lw == "am" || lw == "pm" || lw == "gmt" || lw == "utc" || len(lw) <= 4 && strings.ToUpper(lw) == strings.Trim(w, ",.:·|()") {
				dateish++
			}
		}
		return dateish*4 >= len(words)*3
	}
	return false
}

func isDigits(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != ':' && r != '.' {
			return false
		}
	}
	return s != ""
}

// monthNames are the full names of the months.
var monthNames = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
}

func weekdayOrMonth(w string) bool {
	return monthNames[w] ||
		len(w) >= 3 && (strings.HasPrefix("monday", w) || strings.HasPrefix("tuesday", w) || strings.HasPrefix("wednesday", w) ||
			strings.HasPrefix("thursday", w) || strings.HasPrefix("friday", w) || strings.HasPrefix("saturday", w) ||
			strings.HasPrefix("sunday", w) || strings.HasPrefix("january", w) || strings.HasPrefix("february", w) ||
			strings.HasPrefix("march", w) || strings.HasPrefix("april", w) || strings.HasPrefix("june", w) ||
			strings.HasPrefix("july", w) || strings.HasPrefix("august", w) || strings.HasPrefix("september", w) ||
			strings.HasPrefix("october", w) || strings.HasPrefix("november", w) || strings.HasPrefix("december", w) ||
			strings.HasPrefix("sept", w))
}

// isMasthead reports whether a line before the body is a site or section
// name: one to four words, all capitals ("BANGKOK POST", "WORLD"), or a
// single word or slug ("africanews.", "Ukraine-Russia-US-conflict-diplomacy").
func isMasthead(t string) bool {
	if m := reSiteTagline.FindStringSubmatch(t); m != nil && len(strings.Fields(m[2])) <= 6 {
		return true // "FRANCE 24 - International breaking news"
	}
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	if len(words) == 1 {
		return true
	}
	letters := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, t)
	return letters != "" && strings.ToUpper(letters) == letters
}

// reSiteTagline is a site's name in capitals and its tagline.
var reSiteTagline = rx.MustCompile(`^([A-Z0-9][A-Z0-9&.' ]{1,30}) [-–—|:] ([A-Za-z][^.!?]*)$`)

// stripPrefix removes a prefix that is furniture from a paragraph that is
// otherwise text: a dateline, a live-blog time ("21m ago:"), "UPDATED.".
// It returns the rule and the prefix removed, or "".
func stripPrefix(t string) (rest, rule, prefix string) {
	if m := reAgoPrefix.FindString(t); m != "" && len(m) < len(t) {
		return strings.TrimSpace(t[len(m):]), ruleLive, strings.TrimSpace(m)
	}
	if m := reUpdated.FindString(t); m != "" && len(strings.Fields(t)) > 6 {
		return strings.TrimSpace(t[len(m):]), ruleEditor, strings.TrimSpace(m)
	}
	if m := reDateline.FindString(t); m != "" && len(m) < len(t) && len(strings.Fields(t[len(m):])) >= 4 {
		return strings.TrimSpace(t[len(m):]), ruleDateline, strings.TrimSpace(m)
	}
	return t, "", ""
}
