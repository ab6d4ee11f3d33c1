package handlers

import (
	"cmp"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/rivo/uniseg"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/dates"
)

// Discord's documented limits, in characters.
const (
	LimitContent     = 2000
	LimitTitle       = 256
	LimitDescription = 4096
	LimitFields      = 25
	LimitFieldName   = 256
	LimitFieldValue  = 1024
	LimitFooter      = 2048
	LimitEmbedTotal  = 6000
	LimitCustomID    = 100
	PageSize         = 5 // passages per page
	embedBudget      = 5800
	colour           = 0x2f6fb0
)

// result is an answer before rendering: a title, a summary and the items
// (passages or sources) to page through.
type result struct {
	title    string
	summary  string
	items    []item
	footer   string
	people   []PersonOut
	passages []PassageOut
	meetings []MeetingOut
	files    []File // attachments; an image among them is the embed's picture
	// listing shows the items as lines of the description, perPage to a
	// page, instead of as fields; perPage 0 is PageSize.
	listing bool
	perPage int
	// itemAt, when set, makes the items on demand instead of items:
	// count of them, the i-th by itemAt, so that a listing of every
	// article renders only the page asked for.
	itemAt func(i int) item
	count  int
}

// numItems is how many items r has.
func (r result) numItems() int {
	if r.itemAt != nil {
		return r.count
	}
	return len(r.items)
}

// itemsIn are r's items lo to hi (excluded).
func (r result) itemsIn(lo, hi int) []item {
	if r.itemAt == nil {
		return r.items[lo:hi]
	}
	out := make([]item, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, r.itemAt(i))
	}
	return out
}

type item struct{ name, value string }

// add appends a passage as an item, labelled with side when given.
func (r *result) add(p index.Passage, side string) {
	r.passages = append(r.passages, passageOut(p))
	name := p.Title
	if side != "" {
		name = side + " · " + name
	}
	value := "> " + escape(p.Text)
	value = cutRunes(value, LimitFieldValue-220)
	value += "\n" + source(p)
	r.items = append(r.items, item{name: name, value: value})
}

// source says where a passage comes from: outlet, paragraph, link.
func source(p index.Passage) string {
	parts := []string{}
	if p.Outlet != "" {
		parts = append(parts, escape(p.Outlet))
	}
	if d := dates.FormatDay(p.Published); d != "" {
		parts = append(parts, d)
	}
	parts = append(parts, fmt.Sprintf("¶%d", p.Paragraph))
	parts = append(parts, "`"+p.Article+"`")
	s := "— " + strings.Join(parts, " · ")
	if p.URL != "" && len(p.URL) < 180 {
		if u, err := url.Parse(p.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
			s += " · [link](" + p.URL + ")"
		}
	}
	return s
}

// noEvidence is the answer when the articles have nothing to say.
func noEvidence(title, summary, footer string) result {
	return result{title: title, summary: summary, footer: footer}
}

// render builds the reply for one page of r, within Discord's limits, with
// no mention able to ping anyone.
func (r result) render(req Request) *discordgo.InteractionResponseData {
	size := cmp.Or(r.perPage, PageSize)
	n := r.numItems()
	pages := (n + size - 1) / size
	page := min(max(req.Page, 0), max(pages-1, 0))
	lo, hi := page*size, min((page+1)*size, n)
	summary, fields := r.summary, r.itemsIn(lo, hi)
	if r.listing {
		var lines []string
		for _, it := range fields {
			lines = append(lines, cutRunes(it.value, 400))
		}
		summary = strings.TrimSpace(summary + "\n\n" + strings.Join(lines, "\n"))
		fields = nil
	}
	e := &discordgo.MessageEmbed{
		Title:       cutRunes(neutralise(r.title), LimitTitle),
		Description: cutRunes(neutralise(summary), LimitDescription),
		Color:       colour,
	}
	for _, f := range r.files {
		if strings.HasPrefix(f.ContentType, "image/") {
			e.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + f.Name}
			break
		}
	}
	for _, it := range fields {
		name := strings.TrimSpace(neutralise(it.name))
		if name == "" {
			name = "Untitled"
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  cutRunes(name, LimitFieldName),
			Value: cutRunes(neutralise(it.value), LimitFieldValue),
		})
	}
	footer := r.footer
	if pages > 1 {
		footer = strings.TrimSpace(fmt.Sprintf("Page %d of %d · %d results. %s", page+1, pages, n, footer))
	}
	if footer != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: cutRunes(neutralise(footer), LimitFooter)}
	}
	if e.Description == "" && len(e.Fields) == 0 {
		e.Description = "Nothing to show."
	}
	fitEmbed(e)
	data := &discordgo.InteractionResponseData{
		Embeds:          []*discordgo.MessageEmbed{e},
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		Components:      []discordgo.MessageComponent{},
	}
	if page+1 < pages {
		if id, ok := MoreID(req, page+1); ok {
			data.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "More", Style: discordgo.SecondaryButton, CustomID: id},
			}}}
		}
	}
	if req.Private {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return data
}

// fitEmbed shortens the longest field values, then the description, until
// the embed is within Discord's total of 6,000 characters.
func fitEmbed(e *discordgo.MessageEmbed) {
	const floor = 200
	for range 200 {
		excess := embedLength(e) - embedBudget
		if excess <= 0 {
			return
		}
		var longest *discordgo.MessageEmbedField
		for _, f := range e.Fields {
			if longest == nil || utf8.RuneCountInString(f.Value) > utf8.RuneCountInString(longest.Value) {
				longest = f
			}
		}
		switch {
		case longest != nil && utf8.RuneCountInString(longest.Value) > floor:
			longest.Value = cutRunes(longest.Value, max(floor, utf8.RuneCountInString(longest.Value)-excess))
		case utf8.RuneCountInString(e.Description) > floor:
			e.Description = cutRunes(e.Description, max(floor, utf8.RuneCountInString(e.Description)-excess))
		default:
			e.Title = cutRunes(e.Title, 100)
			for _, f := range e.Fields {
				f.Name = cutRunes(f.Name, 100)
			}
			return
		}
	}
}

// embedLength counts the characters Discord counts towards an embed's total.
func embedLength(e *discordgo.MessageEmbed) int {
	n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
	for _, f := range e.Fields {
		n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if e.Footer != nil {
		n += utf8.RuneCountInString(e.Footer.Text)
	}
	if e.Author != nil {
		n += utf8.RuneCountInString(e.Author.Name)
	}
	return n
}

// cutRunes shortens s to at most n characters, at a word where possible,
// ending with an ellipsis.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 2 {
		return "…"
	}
	// Cut between user-perceived characters (grapheme clusters): an
	// emoji of several code points joined by U+200D, a flag, a letter
	// with its accents stay whole or go whole.
	// Two ASCII characters other than CR are always two clusters; past
	// those, FirstGraphemeClusterInString finds clusters (Graphemes would
	// also find word, sentence and line breaks: every answer cuts
	// passages, and that was a tenth of a search's time).
	runes, end, space, state := 0, 0, -1, -1
	for rest := s; rest != ""; {
		var c string
		if rest[0] < utf8.RuneSelf && rest[0] != '\r' && (len(rest) == 1 || rest[1] < utf8.RuneSelf) {
			c, rest, state = rest[:1], rest[1:], -1
		} else {
			c, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		}
		if (c == " " || c == "\n") && runes > n*3/4 && runes <= n-1 {
			space = end
		}
		if runes += utf8.RuneCountInString(c); runes > n-1 {
			break
		}
		end += len(c)
	}
	if space >= 0 {
		end = space
	}
	return strings.TrimRight(s[:end], " \n") + "…"
}

// neutralise stops text from pinging anyone even if allowed_mentions were
// lost: @everyone, @here and <@id> get a zero-width space after the @.
func neutralise(s string) string {
	s = strings.ReplaceAll(s, "@everyone", "@\u200beveryone")
	s = strings.ReplaceAll(s, "@here", "@\u200bhere")
	s = strings.ReplaceAll(s, "<@", "<@\u200b")
	return s
}

// markdown escapes the characters Discord reads as markdown.
var markdown = strings.NewReplacer("*", `\*`, "_", `\_`, "~", `\~`, "`", "'", "|", `\|`)

// escape keeps article text from being read as Discord markdown.
func escape(s string) string { return markdown.Replace(s) }

// quoteUser shows text a user typed, quoted and bounded.
func quoteUser(s string) string {
	return "“" + cutRunes(escape(strings.TrimSpace(stripControls(s))), 100) + "”"
}

// stripControls removes what a user's words may carry to reorder or hide
// text in the reply: bidirectional overrides and isolates, zero-width and
// other format characters, control characters, and Markdown's link, header
// and quote syntax at line starts (the text is then escaped as well).
func stripControls(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.NewReplacer("[", "(", "]", ")", "#", "", ">", "").Replace(s)
}

// MoreID encodes the request for its next page as a button's custom id; it
// reports false when the request is too long to fit in 100 characters.
func MoreID(req Request, page int) (string, bool) {
	v := url.Values{}
	v.Set("c", req.Command)
	v.Set("p", strconv.Itoa(page))
	for k, val := range req.Options {
		if val != "" && k != "private" {
			v.Set(k, val)
		}
	}
	if req.Private {
		v.Set("private", "1")
	}
	id := "more?" + v.Encode()
	return id, len(id) <= LimitCustomID
}

// ParseMoreID decodes a custom id made by MoreID.
func ParseMoreID(id string) (Request, bool) {
	rest, ok := strings.CutPrefix(id, "more?")
	if !ok {
		return Request{}, false
	}
	v, err := url.ParseQuery(rest)
	if err != nil || v.Get("c") == "" {
		return Request{}, false
	}
	page, err := strconv.Atoi(v.Get("p"))
	if err != nil || page < 0 || page > index.MaxResults {
		return Request{}, false
	}
	req := Request{Command: v.Get("c"), Page: page, Options: map[string]string{}, Private: v.Get("private") == "1"}
	for k := range v {
		if k != "c" && k != "p" && k != "private" {
			req.Options[k] = v.Get(k)
		}
	}
	return req, true
}
