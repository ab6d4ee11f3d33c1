package handlers

import (
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Votes a feedback button casts.
const (
	VoteUp   = "up"
	VoteDown = "down"
)

// voteKeyLen is the length of a VoteKey: 12 base64url characters, 72 bits
// of SHA-256.
const voteKeyLen = 12

// VoteKey identifies an answer for feedback: the question it answers (its
// command, options and free text), whatever its page or privacy, so that
// every page of one answer collects the same votes.
func VoteKey(req Request) string {
	names := make([]string, 0, len(req.Options))
	for k := range req.Options {
		if k != "private" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	h := sha256.New()
	h.Write([]byte(req.Command))
	for _, k := range names {
		h.Write([]byte("\x00" + k + "=" + strings.ToLower(strings.TrimSpace(req.Options[k]))))
	}
	h.Write([]byte("\x00q=" + req.Question))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))[:voteKeyLen]
}

// Vote is a press of a feedback button.
type Vote struct {
	Vote string // VoteUp or VoteDown
	Key  string // VoteKey of the answer voted on
	// Request is the question the answer answers, when the button's custom
	// id had room for it; its Command is "" otherwise, and the bot finds it
	// by Key among the answers it gave lately.
	Request Request
}

// VoteID is the custom id of the button that casts vote on the answer to
// req: the answer's key and, when they fit in Discord's 100 characters,
// the command, options and free text.
func VoteID(req Request, vote string) string {
	v := url.Values{}
	v.Set("v", vote[:1])
	v.Set("k", VoteKey(req))
	short := "vote?" + v.Encode()
	v.Set("c", req.Command)
	for k, val := range req.Options {
		if val != "" && k != "private" && !reservedVoteKey(k) {
			v.Set(k, val)
		}
	}
	if req.Question != "" {
		v.Set("q", req.Question)
	}
	if id := "vote?" + v.Encode(); len(id) <= LimitCustomID {
		return id
	}
	return short
}

func reservedVoteKey(k string) bool { return k == "v" || k == "k" || k == "c" || k == "q" }

// ParseVoteID decodes a custom id made by VoteID. A request decoded from
// it must hash to its key, else it is left out (the bot then looks the key
// up): a vote is never counted for another question than the one shown.
func ParseVoteID(id string) (Vote, bool) {
	rest, ok := strings.CutPrefix(id, "vote?")
	if !ok {
		return Vote{}, false
	}
	v, err := url.ParseQuery(rest)
	if err != nil {
		return Vote{}, false
	}
	out := Vote{Key: v.Get("k")}
	switch v.Get("v") {
	case "u":
		out.Vote = VoteUp
	case "d":
		out.Vote = VoteDown
	default:
		return Vote{}, false
	}
	if len(out.Key) != voteKeyLen {
		return Vote{}, false
	}
	if c := v.Get("c"); c != "" {
		req := Request{Command: c, Options: map[string]string{}, Question: v.Get("q")}
		for k := range v {
			if !reservedVoteKey(k) {
				req.Options[k] = v.Get(k)
			}
		}
		if VoteKey(req) == out.Key {
			out.Request = req
		}
	}
	return out, true
}

// withVotes adds the 👍 and 👎 buttons of the answer to req beside the
// buttons already there (at most the More button: one row of three,
// within Discord's five buttons a row and five rows).
func withVotes(components []discordgo.MessageComponent, req Request) []discordgo.MessageComponent {
	votes := []discordgo.MessageComponent{
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: VoteID(req, VoteUp)},
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: VoteID(req, VoteDown)},
	}
	if len(components) > 0 {
		if row, ok := components[0].(discordgo.ActionsRow); ok && len(row.Components)+len(votes) <= 5 {
			row.Components = append(append([]discordgo.MessageComponent{}, row.Components...), votes...)
			return append([]discordgo.MessageComponent{row}, components[1:]...)
		}
	}
	if len(components) >= 5 {
		return components
	}
	return append(components, discordgo.ActionsRow{Components: votes})
}

// Text is the question as the asker put it: the free text it was routed
// from, or the command line of a slash command ("/position topic:NATO").
func (r Request) Text() string {
	if r.Question != "" {
		return r.Question
	}
	names := make([]string, 0, len(r.Options))
	for k, v := range r.Options {
		if strings.TrimSpace(v) != "" && k != "private" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	parts := []string{"/" + r.Command}
	for _, k := range names {
		parts = append(parts, k+":"+strings.TrimSpace(r.Options[k]))
	}
	return strings.Join(parts, " ")
}

// maxSources bounds the sources Sources returns.
const maxSources = 10

// Sources are the articles an answer rests on, with the paragraph it
// quotes, in the order the answer shows them: its passages, then the
// articles reporting its meetings; at most 10.
func (a Answer) Sources() []SourceOut {
	out := []SourceOut{}
	seen := map[string]bool{}
	add := func(s SourceOut) {
		k := s.Article + "\x00" + strconv.Itoa(s.Paragraph)
		if len(out) < maxSources && s.Article != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	for _, p := range a.Passages {
		add(SourceOut{Article: p.Article, Title: p.Title, Paragraph: p.Paragraph})
	}
	for _, m := range a.Meetings {
		for _, s := range m.Sources {
			add(s)
		}
	}
	return out
}
