package handlers

import (
	"maps"
	"regexp"
	"strings"
	"unicode"

	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/index"
)

// FollowUp routes q, asked in a conversation that began with the question
// first (an ask channel's thread). A typed slash command, and a question
// that names the meeting, person or topic it is about, stand alone. A
// question that lacks one takes it from the first question:
//
//   - a who-attended question that names no meeting (no place, day or
//     round) asks about the first question's meeting, narrowed by what it
//     adds ("and who else was there?", "who was there for Ukraine?");
//   - a question with no intent of its own continues the first one's,
//     with what it names put in place of the first's: "and Ukraine?" after
//     a side's position on a topic asks for Ukraine's; "and on NATO?" after
//     what a person said asks what they said about NATO; "what about
//     Kushner?" after who attended a meeting asks whether he was there;
//   - a search that names nothing searches with the first question's words.
func (h *Handlers) FollowUp(first, q string) (Request, error) {
	req, err := h.ParseCommandLine(q)
	if err != nil || req.Question == "" {
		return req, err
	}
	fr, err := h.ParseCommandLine(first)
	if err != nil {
		return req, nil
	}
	lx := h.ix.Lexicon()
	namesMeeting := extract.ParseMeetingQuery(lx, q, h.ix.Meetings()).NamesMeeting()
	person, hasPerson := personIn(lx, q)
	topics := lx.TopicsOf(q)
	side := lx.SideIn(q)
	// base is the text of the first question's meeting.
	base := first
	if fr.Command == "who-attended" && fr.Option("meeting") != "" {
		base = fr.Option("meeting")
	}
	switch req.Command {
	case "who-attended":
		if !namesMeeting {
			req.Options["meeting"] = joinContext(base, q)
		}
		return req, nil
	case "search":
	default:
		return req, nil
	}
	// No intent of its own: q continues the first question.
	out := Request{Command: fr.Command, Options: maps.Clone(fr.Options), Question: q}
	if out.Options == nil {
		out.Options = map[string]string{}
	}
	switch fr.Command {
	case "who-attended":
		if namesMeeting {
			out.Options["meeting"] = q
		} else {
			out.Options["meeting"] = joinContext(base, q)
		}
		return out, nil
	case "position":
		if len(topics) > 0 {
			out.Options["topic"] = topics[0]
		}
		if side != "" {
			out.Options["side"] = side
		}
		return out, nil
	case "quote":
		switch {
		case hasPerson:
			out.Options["person"] = person.Name
			delete(out.Options, "about")
		case len(topics) > 0:
			out.Options["about"] = topics[0]
		case namesMeeting:
			out.Options["about"] = strings.Trim(reLeadWords.ReplaceAllString(q, ""), " ?!.")
		}
		return out, nil
	case "timeline":
		if hasPerson {
			out.Options["person"] = person.Name
		}
		return out, nil
	}
	if hasPerson || len(topics) > 0 || namesMeeting {
		return req, nil
	}
	ctx := first
	if fr.Command == "search" && fr.Option("query") != "" {
		ctx = fr.Option("query")
	}
	req.Options["query"] = index.CleanQuery(joinContext(ctx, q))
	return req, nil
}

// reLeadWords are the words that open a follow-up without adding to it.
var reLeadWords = regexp.MustCompile(`(?i)^\s*(and|but|so|what|how)\b(\s+(about|of|on|in|at))?\s*`)

// joinContext puts a follow-up after the question it follows, within the
// bound of a question.
func joinContext(context, q string) string {
	s := strings.TrimSpace(context) + " " + strings.TrimSpace(q)
	if r := []rune(s); len(r) > MaxQuestionRunes {
		s = string(r[:MaxQuestionRunes])
	}
	return strings.TrimSpace(s)
}

// LimitThreadName is Discord's longest thread name, in characters.
const LimitThreadName = 100

// reNameHazards are what a question may carry that has no place in a
// thread's name: Discord's markup (user, role and channel mentions, custom
// emoji, timestamps <t:1700000000:F>, command mentions </name sub:id>,
// guild navigation <id:browse>), and links.
var reNameHazards = regexp.MustCompile(`<(@[!&]?|#|a?:\w+:)\d+>|<t:-?\d+(:[a-zA-Z])?>|</[^<>:]{1,100}:\d+>|<id:\w+>|https?://\S+`)

// ThreadName names the thread that answers question: its words, without
// mentions, links, Markdown or control characters, cut at a word to
// Discord's 100 characters; "Question" when nothing is left.
func ThreadName(question string) string {
	s := reNameHazards.ReplaceAllString(question, " ")
	s = strings.NewReplacer("@everyone", "everyone", "@here", "here", "@", "", "`", "'").Replace(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u200d': // the zero-width joiner of emoji sequences (👨‍👩‍👧)
			return r
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return ' '
		case strings.ContainsRune(`*_~|>#[]\`, r):
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimLeft(s, "/:-–—,.;!? ")
	if s == "" {
		return "Question"
	}
	return cutRunes(s, LimitThreadName)
}
