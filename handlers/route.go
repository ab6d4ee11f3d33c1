package handlers

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/talksbot/talksbot/index"
)

// MaxQuestionRunes bounds a free question or a typed command line.
const MaxQuestionRunes = 1000

var (
	reLeadingMention = regexp.MustCompile(`^\s*(<@!?\d+>\s*)+`)
	reWhoAttended    = regexp.MustCompile(`(?i)\b(who (else )?(was|were) (in the room|there|present|at|in)|who else (attended|came|joined|took part)|who attended|who (took part|participated|joined|sat)|who met|attendees|participants|who (was|were) (at|in) the|who (came|went|travell?ed|flew) (to|with)|who did \S+( \S+)? (bring|take|meet|send)|which \w+ (was|were) (at|in)|which \w+ (took part|attended|participated|joined|were there)|who (was|were) on the \w+ side|who (was|were) at the table|who (represented|led|headed))\b`)
	reWhoSaid        = regexp.MustCompile(`(?i)^\s*who (said|says|told|wrote|stated)\s*[:,]?\s*["“'‘](.+?)["”'’]?\s*\??\s*$`)
	// "who said there's no deal until there's a deal?": an unquoted phrase
	// of three words or more that is not a question about a topic.
	reWhoSaidBare = regexp.MustCompile(`(?i)^\s*who (said|says|wrote|stated|called \w+)\s*[:,]?\s+(\S+(?:\s+\S+){2,}?)\s*\??\s*$`)
	reWhatSaid    = regexp.MustCompile(`(?i)\bwhat (did|does|has|have|had|is) (.+?) (say|said|saying|tell|told|think|claim|stated?)\b\s*(.*)$`)
	reQuoteOf     = regexp.MustCompile(`(?i)\b(quotes?|statements?|remarks?|words) (from|by|of) (.+?)\s*\??$`)
	// reCompare asks how the sources differ on a meeting: "how do the
	// reports differ on the Geneva talks", "compare the coverage of …".
	reCompare = regexp.MustCompile(`(?i)\b(how|where|do|does|did) (do |did |does )?(the )?(reports|sources|articles|accounts|outlets|media|papers|coverage|news) (differ|disagree|compare|vary|contradict|agree)\b|\bcompare (the )?(reports|sources|accounts|coverage|articles)\b|\b(reports|sources|accounts) (differ|disagree|contradict)\b`)
	reStance  = regexp.MustCompile(`(?i)\b(demand|demands|want|wants|position|positions|stance|insist|insists|propose|proposes|offer|offers|accept|accepts|reject|rejects|view|think|say about|says about|ask|asks|require|requires|stand)\b`)
)

// ParseCommandLine reads a slash command as typed ("/position
// topic:territory side:Russia"); an option's value runs to the next
// " name:" of the command's options or the end, and a bare value goes to the
// first option. Text that does not start with "/" is a free question
// (with a leading <@id> mention removed), routed by Route.
func (h *Handlers) ParseCommandLine(text string) (Request, error) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > MaxQuestionRunes {
		text = string([]rune(text)[:MaxQuestionRunes])
	}
	if !strings.HasPrefix(text, "/") {
		q := strings.TrimSpace(reLeadingMention.ReplaceAllString(text, ""))
		if q == "" {
			return Request{}, Refuse("empty question")
		}
		return h.Route(q), nil
	}
	name, rest, _ := strings.Cut(text[1:], " ")
	cmd, ok := h.command(strings.ToLower(name))
	if !ok {
		return Request{}, Refuse("unknown command /%s (try /help)", name)
	}
	req := Request{Command: cmd.def.Name, Options: map[string]string{}}
	var names []string
	for _, o := range cmd.def.Options {
		names = append(names, regexp.QuoteMeta(o.Name))
	}
	rest = strings.TrimSpace(rest)
	if len(names) == 0 {
		return req, nil
	}
	re := regexp.MustCompile(`(?:^|\s)(` + strings.Join(names, "|") + `):`)
	locs := re.FindAllStringSubmatchIndex(rest, -1)
	if len(locs) == 0 || strings.TrimSpace(rest[:locs[0][0]]) != "" {
		end := len(rest)
		if len(locs) > 0 {
			end = locs[0][0]
		}
		if v := strings.TrimSpace(rest[:end]); v != "" {
			req.Options[cmd.def.Options[0].Name] = v
		}
	}
	for i, l := range locs {
		end := len(rest)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		req.Options[rest[l[2]:l[3]]] = strings.TrimSpace(rest[l[1]:end])
	}
	if v := strings.ToLower(req.Options["private"]); v != "" {
		req.Private = v == "true" || v == "yes" || v == "1"
		delete(req.Options, "private")
	}
	return req, nil
}

// Route turns a free question into the request of the intent it asks for:
// who attended, who said a phrase, what a person said, a side's position on
// a topic, or else a search of its words.
func (h *Handlers) Route(q string) Request {
	q = strings.TrimSpace(q)
	req := Request{Options: map[string]string{}, Question: q}
	lx := h.ix.Lexicon()
	switch {
	case reWhoSaid.MatchString(q):
		req.Command = "who-said"
		req.Options["phrase"] = reWhoSaid.FindStringSubmatch(q)[2]
		return req
	case reWhoSaidBare.MatchString(q) && !reAboutTopic.MatchString(q) && !reWhoAttended.MatchString(q):
		req.Command = "who-said"
		req.Options["phrase"] = strings.Trim(reWhoSaidBare.FindStringSubmatch(q)[2], "?!. ")
		return req
	case reCompare.MatchString(q):
		req.Command = "compare"
		req.Options["meeting"] = q
		return req
	case reWhoAttended.MatchString(q):
		req.Command = "who-attended"
		req.Options["meeting"] = q
		return req
	}
	if m := reWhatSaid.FindStringSubmatch(q); m != nil {
		if p, ok := personIn(lx, m[2]); ok {
			req.Command = "quote"
			req.Options["person"] = p.Name
			if about := strings.Trim(m[4], " ?!."); about != "" {
				req.Options["about"] = about
			}
			return req
		}
	}
	if m := reQuoteOf.FindStringSubmatch(q); m != nil {
		if p, ok := personIn(lx, m[3]); ok {
			req.Command = "quote"
			req.Options["person"] = p.Name
			return req
		}
	}
	if reStance.MatchString(q) {
		side := lx.SideIn(q)
		topics := lx.TopicsOf(q)
		if side != "" && len(topics) > 0 {
			req.Command = "position"
			req.Options["topic"] = topics[0]
			req.Options["side"] = side
			return req
		}
	}
	req.Command = "search"
	req.Options["query"] = index.CleanQuery(q)
	return req
}

// reAboutTopic marks a who-said question about a subject rather than a
// phrase ("who said what about territory", "who said anything on NATO").
var reAboutTopic = regexp.MustCompile(`(?i)^\s*who (said|says) (what|anything|something|most|the most|that)\b`)

// personIn finds a known person named in text.
func personIn(lx *index.Lexicon, text string) (index.Person, bool) {
	text = strings.Trim(text, " ?!.,\"“”")
	if p, ok := lx.PersonByName(text); ok {
		return p, true
	}
	words := strings.Fields(text)
	for n := min(3, len(words)); n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			if p, ok := lx.PersonByName(strings.Join(words[i:i+n], " ")); ok {
				return p, true
			}
		}
	}
	return index.Person{}, false
}
