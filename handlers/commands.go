package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/dates"
)

// command is a slash command's Discord definition and the function that
// answers it, kept together so that they cannot drift.
type command struct {
	def    *discordgo.ApplicationCommand
	answer func(ctx context.Context, h *Handlers, req Request) (result, error)
	// moderate runs a moderator's command (one that changes the corpus)
	// through the bot's Moderator; answer is nil for them.
	moderate func(m Moderator, ctx context.Context, job Job) (string, error)
	// readOnly, for a moderator's command, tells the jobs that leave the
	// corpus folder as it is (nil: every job changes it).
	readOnly func(job Job) bool
	// internal commands are intents that free questions route to but that
	// are not registered with Discord.
	internal bool
}

// commands returns the bot's commands, built fresh so callers may not
// share or mutate one table.
func commands() []command {
	minLen1 := 1
	feedURL := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "The feed's web address", Required: true, MaxLength: 2000}
	privateOpt := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Show the answer only to you"}
	table := []command{
		{def: &discordgo.ApplicationCommand{Name: "who-attended", Description: "Who took part in a meeting, with the passage that shows it",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "meeting", Description: "The meeting (default: the most reported)", Autocomplete: true, MaxLength: 100},
				privateOpt,
			}}, answer: answerWhoAttended},
		{def: &discordgo.ApplicationCommand{Name: "position", Description: "What each side says on a topic",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "Territory, security guarantees, NATO, …", Required: true, Autocomplete: true, MaxLength: 100},
				{Type: discordgo.ApplicationCommandOptionString, Name: "side", Description: "Only this side"},
				privateOpt,
			}}, answer: answerPosition},
		{def: &discordgo.ApplicationCommand{Name: "search", Description: "The passages that best match your words",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "Words to look for", Required: true, MinLength: &minLen1, MaxLength: index.MaxQueryRunes},
				privateOpt,
			}}, answer: answerSearch},
		{def: &discordgo.ApplicationCommand{Name: "quote", Description: "What a person said",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "person", Description: "Who", Required: true, Autocomplete: true, MaxLength: 100},
				{Type: discordgo.ApplicationCommandOptionString, Name: "about", Description: "On what, where or when (\"Europe\", \"in Davos\", \"after the Florida talks\")", MaxLength: 100},
				privateOpt,
			}}, answer: answerQuote},
		{def: &discordgo.ApplicationCommand{Name: "timeline", Description: "The meetings in date order, with a chart",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "person", Description: "Only the meetings this person attended", Autocomplete: true, MaxLength: 100},
				{Type: discordgo.ApplicationCommandOptionString, Name: "from", Description: "From this day, month or year (2025-11-01, Nov 2025, 1 Dec 2025)", MaxLength: 40},
				{Type: discordgo.ApplicationCommandOptionString, Name: "to", Description: "Until this day, month or year", MaxLength: 40},
				privateOpt,
			}}, answer: answerTimeline},
		{def: &discordgo.ApplicationCommand{Name: "sources", Description: "The articles the bot answers from",
			Options: []*discordgo.ApplicationCommandOption{privateOpt}}, answer: answerSources},
		{def: &discordgo.ApplicationCommand{Name: "help", Description: "How to ask the bot",
			Options: []*discordgo.ApplicationCommandOption{privateOpt}}, answer: answerHelp},
		{def: &discordgo.ApplicationCommand{Name: "who-said", Description: "Who said a phrase",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "phrase", Description: "The words, as you remember them", Required: true, MinLength: &minLen1, MaxLength: index.MaxQueryRunes},
				privateOpt,
			}}, answer: func(ctx context.Context, h *Handlers, req Request) (result, error) {
			return answerWhoSaid(ctx, h, req.Option("phrase"))
		}},
		{def: &discordgo.ApplicationCommand{Name: "compare", Description: "How the sources report one meeting: dates, people, outcome, side by side",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "meeting", Description: "The meeting (default: the most reported)", Autocomplete: true, MaxLength: 100},
				privateOpt,
			}}, answer: answerCompare},
		{def: &discordgo.ApplicationCommand{Name: FindSources, Type: discordgo.MessageApplicationCommand}, answer: answerFindSources},
		{def: &discordgo.ApplicationCommand{Name: "reindex", Description: "Moderators: re-read the corpus and rebuild the index"}, moderate: Moderator.Reindex,
			readOnly: func(Job) bool { return true }},
		{def: &discordgo.ApplicationCommand{Name: "add-article", Description: "Moderators: add an article (a .txt, .md or .html file, or a web page) and reindex",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", Description: "The article file (or give url)"},
				{Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "The article's web address (or attach file)", MaxLength: 2000},
			}}, moderate: Moderator.AddArticle},
		{def: &discordgo.ApplicationCommand{Name: "feeds", Description: "Moderators: the web feeds whose new articles about the talks are added",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Follow a feed (RSS, Atom or JSON Feed)",
					Options: []*discordgo.ApplicationCommandOption{feedURL}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Stop following a feed",
					Options: []*discordgo.ApplicationCommandOption{feedURL}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "The feeds followed"},
			}}, moderate: Moderator.Feeds, readOnly: func(j Job) bool { return j.Sub == "list" }},
		{def: &discordgo.ApplicationCommand{Name: "remove-article", Description: "Moderators: remove an article and reindex",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "id", Description: "The article id (see /sources)", Required: true, Autocomplete: true, MaxLength: 200},
			}}, moderate: Moderator.RemoveArticle},
	}
	for _, c := range table {
		if c.moderate != nil {
			forModerators(c.def)
		} else {
			everywhere(c.def)
		}
	}
	return table
}

// everywhere makes a read-only command installable to a server or to a
// user (integration_types 0 and 1) and usable in servers, the bot's DMs and
// group DMs (contexts 0, 1, 2). Discord honours these fields on global
// commands only: commands registered to one guild (DISCORD_GUILD_ID) are
// usable in that guild alone.
func everywhere(def *discordgo.ApplicationCommand) {
	def.IntegrationTypes = &[]discordgo.ApplicationIntegrationType{
		discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall}
	def.Contexts = &[]discordgo.InteractionContextType{
		discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel}
}

// forModerators keeps a command that changes the corpus to servers that
// installed the bot (integration_types 0, contexts 0), shown by default
// to members with Manage Server; server admins may grant it to other roles
// (Server Settings → Integrations), and the bot checks the member itself
// on every call.
func forModerators(def *discordgo.ApplicationCommand) {
	manageGuild := int64(discordgo.PermissionManageGuild)
	def.DefaultMemberPermissions = &manageGuild
	def.IntegrationTypes = &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	def.Contexts = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
}

// sideChoices are the sides of the sides file, at most Discord's 25.
func sideChoices(sides []string) []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, s := range sides[:min(len(sides), 25)] {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
	}
	return out
}

// Commands returns the definitions of every command, for registration. A
// "side" option offers the sides of the corpus's sides file as choices.
func (h *Handlers) Commands() []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	sides := h.ix.Lexicon().SideNames()
	for _, c := range commands() {
		if c.internal {
			continue
		}
		for _, o := range c.def.Options {
			if o.Name == "side" && len(sides) > 0 {
				o.Choices = sideChoices(sides)
			}
		}
		out = append(out, c.def)
	}
	return out
}

// lookup finds a command of the table by name.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.def.Name == name {
			return c, true
		}
	}
	return command{}, false
}

func (h *Handlers) command(name string) (command, bool) { return lookup(name) }

func answerWhoAttended(ctx context.Context, h *Handlers, req Request) (result, error) {
	asked := req.Option("meeting")
	a, err := h.ix.WhoAttended(ctx, asked, req.Question != "")
	if err != nil {
		return result{}, err
	}
	if !a.Found {
		return noMeeting("Who attended", asked, a.Reported), nil
	}
	r := result{}
	if len(a.Events) == 1 {
		r.title = "Who attended: " + a.Events[0].Meeting.Label
	} else {
		r.title = fmt.Sprintf("Who attended: %d meetings match %s", len(a.Events), quoteUser(orAll(asked)))
	}
	if a.Side != "" {
		r.title += " (" + a.Side + " side)"
	}
	var blocks []string
	seen := map[string]bool{}
	for _, ea := range a.Events {
		var lines []string
		if len(a.Events) > 1 {
			lines = append(lines, "**"+escape(ea.Meeting.Label)+"**")
		}
		for _, pe := range ea.People {
			lines = append(lines, "**"+escape(pe.Person.Name)+"**"+describe(pe.Person))
			if !seen[pe.Passage.ID] && pe.Passage.ID != "" {
				seen[pe.Passage.ID] = true
				r.add(pe.Passage, "")
			}
		}
		if ea.More > 0 {
			lines = append(lines, fmt.Sprintf("…and %d more people the articles place there.", ea.More))
		}
		if len(ea.People) == 0 {
			what := "The articles name no individual participants"
			if a.Side != "" {
				what += " of the " + a.Side + " side"
			}
			lines = append(lines, what+".")
			if len(ea.Meeting.Groups) > 0 {
				lines = append(lines, "They mention: "+strings.Join(ea.Meeting.Groups, ", ")+".")
			}
			for _, p := range ea.Reports {
				if !seen[p.ID] {
					seen[p.ID] = true
					r.add(p, "")
				}
			}
		}
		lines = append(lines, "Sources: "+sourcesLine(ea.Sources, ea.MoreSources))
		blocks = append(blocks, strings.Join(lines, "\n"))
		r.meetings = append(r.meetings, meetingOut(ea))
	}
	for _, pe := range a.People {
		r.people = append(r.people, personOut(pe.Person))
	}
	r.summary = strings.Join(blocks, "\n\n")
	return r, nil
}

// noMeeting is the answer when no meeting matches asked: the meetings the
// articles report, at most 15 of them.
func noMeeting(title, asked string, reported []index.Meeting) result {
	r := noEvidence(title, fmt.Sprintf("No meeting matching %s is reported in the articles.", quoteUser(asked)), "")
	var lines []string
	for i, m := range reported {
		if i == 15 {
			lines = append(lines, fmt.Sprintf("…and %d more.", len(reported)-i))
			break
		}
		lines = append(lines, "• "+escape(m.Label))
	}
	if len(lines) > 0 {
		r.summary += "\n\nMeetings the articles report:\n" + strings.Join(lines, "\n")
	}
	return r
}

// sourcesLine names the articles that report a meeting, with their date:
// the first four of arts, and how many more (more beyond arts).
func sourcesLine(arts []index.ArticleInfo, more int) string {
	var parts []string
	for i, a := range arts {
		if i == 4 {
			break
		}
		s := "“" + escape(cutRunes(a.Title, 80)) + "”"
		if a.Outlet != "" {
			s += ", " + escape(a.Outlet)
		}
		if !a.Published.IsZero() {
			s += ", " + dates.Format(a.Published)
		}
		parts = append(parts, s)
	}
	if n := len(arts) - len(parts) + more; n > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", n))
	}
	return strings.Join(parts, "; ")
}

func orAll(s string) string {
	if s == "" {
		return "all"
	}
	return s
}

// describe renders a person's role and side after their name.
func describe(p index.Person) string {
	var parts []string
	if p.Role != "" {
		parts = append(parts, escape(p.Role))
	}
	if p.Side != "" {
		parts = append(parts, escape(p.Side))
	}
	if len(parts) == 0 {
		return ""
	}
	return " — " + strings.Join(parts, ", ")
}

func answerPosition(ctx context.Context, h *Handlers, req Request) (result, error) {
	pos, err := h.ix.Position(ctx, req.Option("topic"), req.Option("side"), 0)
	if err != nil {
		return result{}, err
	}
	if !pos.Found {
		var names []string
		for _, t := range h.ix.Lexicon().Topics {
			names = append(names, t.Name)
		}
		return noEvidence("Position", fmt.Sprintf("I don't know the topic %s.", quoteUser(req.Option("topic"))),
			"Topics: "+orNone(strings.Join(names, ", "))), nil
	}
	title := pos.Topic.Name
	if pos.Side != "" {
		title += " — " + pos.Side
	}
	r := result{title: "Positions on " + title}
	var counts []string
	for _, g := range pos.Sides {
		side := g.Side
		if side == "" {
			side = "Reported"
		}
		counts = append(counts, fmt.Sprintf("%s: %d", side, len(g.Passages)))
		for _, hit := range g.Passages {
			r.add(hit.Passage, side)
		}
	}
	if len(r.items) == 0 {
		return noEvidence("Positions on "+title, "No passage in the articles speaks to this.", ""), nil
	}
	r.summary = "Passages by the side they speak for (" + strings.Join(counts, ", ") + ")."
	return r, nil
}

func answerSearch(ctx context.Context, h *Handlers, req Request) (result, error) {
	q := index.CleanQuery(req.Option("query"))
	hits, err := h.ix.Search(ctx, q, index.Filter{}, index.MaxResults)
	if err != nil {
		return result{}, err
	}
	title := "Search: " + q
	if req.Question != "" {
		title = index.CleanQuery(req.Question)
	}
	if len(hits) == 0 {
		return noEvidence(title, "No passage in the articles matches this.", "Try other words, or /sources to see what is indexed."), nil
	}
	r := result{title: title}
	for _, hit := range hits {
		r.add(hit.Passage, "")
	}
	return r, nil
}

func answerQuote(ctx context.Context, h *Handlers, req Request) (result, error) {
	q, err := h.ix.Quote(ctx, req.Option("person"), req.Option("about"))
	if err != nil {
		return result{}, err
	}
	if !q.Found {
		return noEvidence("What "+q.Person.Name+" said", "No passage in the articles quotes or names "+quoteUser(q.Person.Name)+".", ""), nil
	}
	r := result{title: "What " + q.Person.Name + " said", people: []PersonOut{personOut(q.Person)}}
	r.summary = "**" + escape(q.Person.Name) + "**" + describe(q.Person)
	if !q.Quoted {
		r.title = q.Person.Name + " in the articles"
		r.summary += "\nThe articles name " + escape(q.Person.Name) + " but do not quote them."
	}
	for _, hit := range q.Passages {
		r.add(hit.Passage, "")
	}
	return r, nil
}

func answerWhoSaid(ctx context.Context, h *Handlers, phrase string) (result, error) {
	s, err := h.ix.WhoSaid(ctx, phrase)
	if err != nil {
		return result{}, err
	}
	title := "Who said " + quoteUser(s.Phrase)
	if len(s.Passages) == 0 {
		return noEvidence(title, "No passage in the articles contains these words.", ""), nil
	}
	r := result{title: title}
	var names []string
	for _, p := range s.People {
		r.people = append(r.people, personOut(p))
		names = append(names, "**"+escape(p.Name)+"**"+describe(p))
	}
	if len(names) > 0 {
		r.summary = strings.Join(names, "\n")
	} else {
		r.summary = "The articles do not say who said it; here is where it appears."
	}
	for _, hit := range s.Passages {
		r.add(hit.Passage, "")
	}
	return r, nil
}

func answerSources(_ context.Context, h *Handlers, _ Request) (result, error) {
	arts := h.ix.Sources()
	r := result{title: fmt.Sprintf("Sources: %d articles", len(arts)), count: len(arts)}
	// One page of a hundred thousand articles is made, not all of them.
	r.itemAt = func(i int) item {
		a := arts[i]
		src := a.Outlet
		if src == "" {
			src = "outlet unknown"
		}
		if !a.Published.IsZero() {
			src += " · " + dates.Format(a.Published)
		}
		value := fmt.Sprintf("%s · %d passages · id `%s`", escape(src), a.Passages, a.ID)
		if a.URL != "" {
			value += "\n" + a.URL
		}
		return item{name: a.Title, value: value}
	}
	total := 0
	for _, a := range arts {
		total += a.Passages
	}
	r.summary = fmt.Sprintf("%d passages indexed.", total)
	return r, nil
}

func answerHelp(_ context.Context, h *Handlers, _ Request) (result, error) {
	r := result{title: "How to ask talksbot"}
	r.summary = "I answer with passages from the indexed news articles on the talks to end the war in Ukraine, and say where each comes from. Mention me with a question, or use a command."
	for _, c := range commands() {
		switch {
		case c.internal:
		case c.def.Type == discordgo.MessageApplicationCommand:
			r.items = append(r.items, item{value: "**" + c.def.Name + "** (on any message: Apps → " + c.def.Name +
				") — the passages of the articles that bear on what the message says, shown only to you"})
		default:
			r.items = append(r.items, item{value: "**/" + c.def.Name + "** — " + c.def.Description})
		}
	}
	// One page: every command is a line of the description.
	r.listing, r.perPage = true, len(r.items)
	return r, nil
}

func orNone(s string) string {
	if s == "" {
		return "none yet"
	}
	return s
}
