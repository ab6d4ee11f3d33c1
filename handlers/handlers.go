// Package handlers answers questions from the index and renders each answer
// as the Discord message payload the bot sends. It never sends, never logs
// and holds no Discord session: the bot package does that.
package handlers

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// Searcher is what the handlers need of the index.
type Searcher interface {
	Search(ctx context.Context, text string, f index.Filter, limit int) ([]index.Hit, error)
	WhoAttended(ctx context.Context, meeting string, loose bool) (index.Attendance, error)
	Position(ctx context.Context, topic, side string, perSide int) (index.Position, error)
	Quote(ctx context.Context, person, about string) (index.Quotes, error)
	WhoSaid(ctx context.Context, phrase string) (index.Sayers, error)
	Support(ctx context.Context, text string) (index.Support, error)
	Compare(ctx context.Context, meeting string, loose bool) (index.Comparison, error)
	Sources() []index.ArticleInfo
	ArticleInfos(ids []string) []index.ArticleInfo
	Meetings() []index.Meeting
	Sides() []string
	Lexicon() *index.Lexicon
}

// Handlers answers the bot's commands and free questions.
type Handlers struct {
	ix Searcher
	// noVotes leaves the 👍/👎 buttons out of answers.
	noVotes bool
}

// New returns handlers answering from ix.
func New(ix Searcher) *Handlers { return &Handlers{ix: ix} }

// WithoutVotes makes h's answers carry no 👍/👎 buttons, for a bot that
// cannot record votes, and returns h. Call it before answering.
func (h *Handlers) WithoutVotes() *Handlers {
	h.noVotes = true
	return h
}

// Request is a question: a command with its options, as typed in a slash
// command or routed from a free question.
type Request struct {
	Command string            // a command name: "who-attended", "search", …
	Options map[string]string // option name → value
	Private bool              // answer only to the asker (ephemeral)
	Page    int               // 0-based page of results
	// Question is the free text this request was routed from, if any.
	Question string
}

// RequestOf reads the request of an application command interaction: a
// slash command's string options and its private option, or a message
// command's target message (as the option "message"), answered privately.
func RequestOf(data discordgo.ApplicationCommandInteractionData) Request {
	req := Request{Command: data.Name, Options: map[string]string{}}
	if data.CommandType == discordgo.MessageApplicationCommand {
		if data.Resolved != nil {
			req.Options["message"] = MessageText(data.Resolved.Messages[data.TargetID])
		}
		req.Private = true
		return req
	}
	for _, o := range data.Options {
		switch o.Type {
		case discordgo.ApplicationCommandOptionBoolean:
			if o.Name == "private" {
				req.Private = o.BoolValue()
			}
		case discordgo.ApplicationCommandOptionString:
			req.Options[o.Name] = o.StringValue()
		}
	}
	return req
}

// Option returns the trimmed value of an option.
func (r Request) Option(name string) string { return strings.TrimSpace(r.Options[name]) }

// Answer is what a question gets: the intent it was answered as, the people
// and passages the answer rests on, and the reply to send.
type Answer struct {
	Intent   string                             `json:"intent"`
	People   []PersonOut                        `json:"people"`
	Passages []PassageOut                       `json:"passages"`
	Meetings []MeetingOut                       `json:"meetings,omitempty"` // who-attended and timeline answers
	Reply    *discordgo.InteractionResponseData `json:"reply"`
	// Files are the reply's attachments (the timeline's chart), which its
	// embeds may show as "attachment://NAME". Reply.Files is always nil: a
	// discordgo.File holds a reader, which can be read once, while an
	// Answer may be cached and sent many times; the sender makes a
	// discordgo.File of each File every time it sends.
	Files []File `json:"files"`
}

// File is a file attached to a reply. Name is a plain file name (letters,
// digits, '.', '-', '_'). As JSON it is {"name", "content_type", "bytes"}:
// its size, never its content.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// MarshalJSON lists the file without its content.
func (f File) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name        string `json:"name"`
		ContentType string `json:"content_type"`
		Bytes       int    `json:"bytes"`
	}{f.Name, f.ContentType, len(f.Data)})
}

// MeetingOut is a meeting a who-attended answer lists: where, when,
// between which sides, who was in the room and which articles report it.
type MeetingOut struct {
	ID     string      `json:"id"`
	Place  string      `json:"place"`
	Venue  string      `json:"venue,omitempty"`
	Start  string      `json:"start,omitempty"` // YYYY-MM-DD
	End    string      `json:"end,omitempty"`
	Sides  []string    `json:"sides"`
	People []PersonOut `json:"people"`
	// Sources are at most index.MaxSources articles that report it;
	// MoreSources counts the others.
	Sources     []SourceOut `json:"sources"`
	MoreSources int         `json:"more_sources,omitempty"`
}

// SourceOut is an article that reports a meeting, and the paragraph that does.
type SourceOut struct {
	Article   string `json:"article"`
	Title     string `json:"title"`
	Paragraph int    `json:"paragraph,omitempty"`
}

func meetingOut(ea index.EventAttendance) MeetingOut {
	m := ea.Meeting
	out := MeetingOut{ID: m.ID, Place: m.Place, Venue: m.Venue, Sides: m.Sides, People: []PersonOut{}, Sources: []SourceOut{}, MoreSources: ea.MoreSources}
	if out.Sides == nil {
		out.Sides = []string{}
	}
	if !m.Start.IsZero() {
		out.Start = m.Start.Format("2006-01-02")
		out.End = out.Start
		if !m.End.IsZero() {
			out.End = m.End.Format("2006-01-02")
		}
	}
	for _, pe := range ea.People {
		out.People = append(out.People, personOut(pe.Person))
	}
	para := map[string]int{}
	for _, p := range ea.ShownPassages() {
		if _, ok := para[p.Article]; !ok {
			para[p.Article] = p.Paragraph
		}
	}
	for _, a := range ea.Sources {
		out.Sources = append(out.Sources, SourceOut{Article: a.ID, Title: a.Title, Paragraph: para[a.ID]})
	}
	return out
}

// PersonOut is a person named in an answer.
type PersonOut struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
	Side string `json:"side,omitempty"`
}

// PassageOut is a passage an answer rests on.
type PassageOut struct {
	Article   string   `json:"article"`
	Title     string   `json:"title"`
	Outlet    string   `json:"outlet,omitempty"`
	URL       string   `json:"url,omitempty"`
	Published string   `json:"published,omitempty"` // YYYY-MM-DD, the article's publication day
	Paragraph int      `json:"paragraph"`
	Text      string   `json:"text"`
	Side      string   `json:"side,omitempty"`
	Topics    []string `json:"topics,omitempty"`
	Speakers  []string `json:"speakers,omitempty"`
}

// Answer answers a request.
func (h *Handlers) Answer(ctx context.Context, req Request) (Answer, error) {
	cmd, ok := h.command(req.Command)
	if !ok || cmd.answer == nil {
		return Answer{}, Refuse("unknown command %q", req.Command)
	}
	for _, o := range cmd.def.Options {
		if o.Required && req.Option(o.Name) == "" {
			return Answer{}, Refuse("/%s needs a %s", cmd.def.Name, o.Name)
		}
	}
	if cmd.def.Type == discordgo.MessageApplicationCommand {
		req.Private = true // a message command answers the one who used it
	}
	r, err := cmd.answer(ctx, h, req)
	if err != nil {
		return Answer{}, err
	}
	a := Answer{Intent: cmd.def.Name, People: r.people, Passages: r.passages, Meetings: r.meetings, Files: r.files}
	if a.Files == nil {
		a.Files = []File{}
	}
	if a.People == nil {
		a.People = []PersonOut{}
	}
	if a.Passages == nil {
		a.Passages = []PassageOut{}
	}
	a.Reply = r.render(req)
	if !h.noVotes {
		a.Reply.Components = withVotes(a.Reply.Components, req)
	}
	return a, nil
}

func passageOut(p index.Passage) PassageOut {
	return PassageOut{Article: p.Article, Title: p.Title, Outlet: p.Outlet, URL: p.URL, Published: p.Published, Paragraph: p.Paragraph,
		Text: p.Text, Side: p.Side, Topics: p.Topics, Speakers: p.Speakers}
}

func personOut(p index.Person) PersonOut {
	return PersonOut{Name: p.Name, Role: p.Role, Side: p.Side}
}
