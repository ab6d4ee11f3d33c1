package bot

import (
	"bytes"
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/handlers"
)

// Replier sends the replies to one interaction: the first response, then
// edits and follow-ups through the interaction's webhook. The gateway sends
// the first response through REST; the HTTP endpoint sends it as the HTTP
// response.
type Replier interface {
	Respond(*discordgo.InteractionResponse) error
	Edit(*discordgo.WebhookEdit) error
	Followup(*discordgo.WebhookParams) error
	DeleteOriginal() error
}

// restReplier answers through Discord's REST API.
type restReplier struct {
	s *discordgo.Session
	i *discordgo.Interaction
}

func (r restReplier) Respond(resp *discordgo.InteractionResponse) error {
	return r.s.InteractionRespond(r.i, resp)
}

func (r restReplier) Edit(e *discordgo.WebhookEdit) error {
	_, err := r.s.InteractionResponseEdit(r.i, e)
	return err
}

func (r restReplier) Followup(p *discordgo.WebhookParams) error {
	_, err := r.s.FollowupMessageCreate(r.i, true, p)
	return err
}

func (r restReplier) DeleteOriginal() error { return r.s.InteractionResponseDelete(r.i) }

// quiet is the allowed_mentions of every message the bot sends: nothing in
// an article or a question can ping anyone.
func quiet() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// exchange is one interaction being answered: it remembers whether the
// first response went out, so that every later message takes the right road
// and no interaction is answered twice.
type exchange struct {
	i  *discordgo.Interaction
	r  Replier
	ev Event
	// received is when the interaction arrived: Discord's 3 s for the
	// first response count from then.
	received time.Time

	mu        sync.Mutex
	state     int // stateNone, stateResponded or stateDeferred
	ephemeral bool
	update    bool // the first response edits the message holding a button
}

const (
	stateNone = iota
	stateResponded
	stateDeferred
)

// send delivers data with files attached as the answer: as the first
// response, or as an edit of the deferred one.
func (x *exchange) send(data *discordgo.InteractionResponseData, files []handlers.File) error {
	data = withFiles(data, files)
	x.mu.Lock()
	defer x.mu.Unlock()
	switch x.state {
	case stateNone:
		kind := discordgo.InteractionResponseChannelMessageWithSource
		if x.update {
			kind = discordgo.InteractionResponseUpdateMessage
		}
		x.state = stateResponded
		return x.r.Respond(&discordgo.InteractionResponse{Type: kind, Data: data})
	case stateDeferred:
		x.state = stateResponded
		return x.r.Edit(editOf(data))
	}
	return x.r.Followup(&discordgo.WebhookParams{Content: data.Content, Embeds: data.Embeds, Components: data.Components,
		Flags: data.Flags, AllowedMentions: quiet(), Files: data.Files})
}

// withFiles returns a copy of data (which may be a cached answer's, shared)
// carrying files as fresh readers, with an empty list of attachments to
// keep: when the reply replaces a message (a More button's page, an edit of
// a deferred reply), its files replace the message's old ones instead of
// adding to them. With no files data is returned as it is.
func withFiles(data *discordgo.InteractionResponseData, files []handlers.File) *discordgo.InteractionResponseData {
	if len(files) == 0 {
		return data
	}
	d := *data
	d.Files = discordFiles(files)
	d.Attachments = &[]*discordgo.MessageAttachment{}
	return &d
}

// discordFiles makes the files to upload, each with its own reader.
func discordFiles(files []handlers.File) []*discordgo.File {
	var out []*discordgo.File
	for _, f := range files {
		out = append(out, &discordgo.File{Name: f.Name, ContentType: f.ContentType, Reader: bytes.NewReader(f.Data)})
	}
	return out
}

// deferReply acknowledges the interaction, to be answered by send later.
func (x *exchange) deferReply(ephemeral bool) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.state != stateNone {
		return nil
	}
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if x.update {
		resp.Type = discordgo.InteractionResponseDeferredMessageUpdate
	} else if ephemeral {
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	x.state, x.ephemeral = stateDeferred, ephemeral
	return x.r.Respond(resp)
}

// progress edits a deferred reply with a line of progress.
func (x *exchange) progress(text string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.state == stateDeferred {
		x.r.Edit(&discordgo.WebhookEdit{Content: &text, AllowedMentions: quiet()})
	}
}

// tell sends a short message only the user sees, wherever the exchange is.
func (x *exchange) tell(text string) error {
	text = cut(text, handlers.LimitContent)
	x.mu.Lock()
	defer x.mu.Unlock()
	switch {
	case x.state == stateNone:
		x.state = stateResponded
		return x.r.Respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: text, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: quiet()}})
	case x.state == stateDeferred && (x.ephemeral && !x.update):
		x.state = stateResponded
		return x.r.Edit(editOf(&discordgo.InteractionResponseData{Content: text}))
	case x.state == stateDeferred && !x.update:
		// A public "thinking…" placeholder: remove it, then tell the user alone.
		x.state = stateResponded
		x.r.DeleteOriginal()
	}
	return x.r.Followup(&discordgo.WebhookParams{Content: text, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: quiet()})
}

// onInteraction answers an interaction that came through the gateway.
func (b *Bot) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	received := time.Now()
	if !b.claim("interaction", ic.ID) {
		return // another replica (a shard's other process during a deploy) answers it
	}
	b.Handle(withReceipt(context.Background(), received), ic.Interaction, restReplier{s: s, i: ic.Interaction}, "gateway")
}

type receiptKey struct{}

// withReceipt tells Handle when the interaction was received, before the
// work done ahead of it (claim), so that its deadlines count from then.
func withReceipt(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, receiptKey{}, t)
}

// receivedAt is the time withReceipt put in ctx, or now.
func receivedAt(ctx context.Context) time.Time {
	if t, ok := ctx.Value(receiptKey{}).(time.Time); ok {
		return t
	}
	return time.Now()
}

// Handle answers one interaction through r. It returns when the answer has
// been sent. It never panics: a panic in answering is logged and the user
// gets an error message.
func (b *Bot) Handle(ctx context.Context, i *discordgo.Interaction, r Replier, transport string) {
	start := receivedAt(ctx)
	x := &exchange{i: i, r: r, ev: Event{Kind: kindOf(i.Type), Transport: transport}, received: start}
	defer func() {
		if p := recover(); p != nil {
			x.ev.Outcome = "panic"
			b.log.Error("panic answering interaction", "interaction", i.ID, "command", x.ev.Command,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			x.tell(errorText(i.ID))
		}
		x.ev.Duration = time.Since(start)
		b.finish(i.ID, x.ev)
	}()

	select {
	case b.work <- struct{}{}:
		defer func() { <-b.work }()
	case <-time.After(time.Second):
		x.ev.Outcome = "busy"
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			b.respondChoices(x, nil)
			return
		}
		x.tell("I'm answering many questions right now; please try again in a few seconds.")
		return
	}

	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		b.command(ctx, x)
	case discordgo.InteractionMessageComponent:
		b.button(ctx, x)
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(x)
	default:
		x.ev.Outcome = "bad-request"
		b.log.Warn("interaction of an unknown type", "interaction", i.ID, "type", int(i.Type))
	}
}

// finish logs an answered interaction once and reports it.
func (b *Bot) finish(id string, ev Event) {
	if ev.Outcome == "" {
		ev.Outcome = "ok"
	}
	level := b.log.Info
	if ev.Kind == "autocomplete" && ev.Outcome == "ok" {
		level = b.log.Debug
	}
	level("answered", "interaction", id, "kind", ev.Kind, "command", ev.Command, "outcome", ev.Outcome,
		"transport", ev.Transport, "ms", float64(ev.Duration.Microseconds())/1000)
	b.observe(ev)
}

func kindOf(t discordgo.InteractionType) string {
	switch t {
	case discordgo.InteractionApplicationCommand:
		return "command"
	case discordgo.InteractionMessageComponent:
		return "button"
	case discordgo.InteractionApplicationCommandAutocomplete:
		return "autocomplete"
	case discordgo.InteractionPing:
		return "ping"
	}
	return "unknown"
}

// command answers a slash command.
func (b *Bot) command(ctx context.Context, x *exchange) {
	data := x.i.ApplicationCommandData()
	x.ev.Command = data.Name
	if handlers.IsModeratorCommand(data.Name) {
		b.moderate(ctx, x, data)
		return
	}
	if !b.allow(x) {
		return
	}
	b.answer(ctx, x, handlers.RequestOf(data))
}

// button answers the More button: the next page, by editing the message.
// Someone other than the asker gets the page to themselves instead.
func (b *Bot) button(ctx context.Context, x *exchange) {
	data := x.i.MessageComponentData()
	if v, ok := handlers.ParseVoteID(data.CustomID); ok {
		b.vote(ctx, x, v)
		return
	}
	x.ev.Command = "more"
	req, ok := handlers.ParseMoreID(data.CustomID)
	if !ok {
		x.ev.Outcome = "bad-request"
		x.tell("This button no longer works; ask again.")
		return
	}
	x.ev.Command = req.Command
	if !b.allow(x) {
		return
	}
	x.update = true
	if asker := askerOf(x.i.Message); asker != "" && asker != userOf(x.i).ID {
		x.update, req.Private = false, true
	}
	b.answer(ctx, x, req)
}

// askerOf is the user whose question a message of the bot answers.
func askerOf(m *discordgo.Message) string {
	switch {
	case m == nil:
		return ""
	case m.InteractionMetadata != nil && m.InteractionMetadata.User != nil:
		return m.InteractionMetadata.User.ID
	case m.Interaction != nil && m.Interaction.User != nil:
		return m.Interaction.User.ID
	case m.ReferencedMessage != nil && m.ReferencedMessage.Author != nil:
		return m.ReferencedMessage.Author.ID
	}
	return ""
}

// allow applies the per-user cooldown, refusing with an ephemeral message.
func (b *Bot) allow(x *exchange) bool {
	return b.allowBy(x, b.cool)
}

// allowBy is allow with the allowance of c.
func (b *Bot) allowBy(x *exchange, c *cooldowns) bool {
	ok, wait := c.allow(userOf(x.i).ID)
	if !ok {
		x.ev.Outcome = "cooldown"
		x.tell(fmt.Sprintf("You're asking faster than I answer a channel; try again in %d s.", int(wait.Seconds())+1))
	}
	return ok
}

// answer answers req and sends the reply: directly when the answer is ready
// within DeferAfter, else deferred first and sent as an edit.
func (b *Bot) answer(ctx context.Context, x *exchange, req handlers.Request) {
	if !b.ix.Ready() {
		x.ev.Outcome = "indexing"
		x.tell(StillIndexing)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	type outcome struct {
		a   handlers.Answer
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{err: &handlers.Error{Text: errorText(x.i.ID), Detail: fmt.Errorf("panic: %v", p), Stack: debug.Stack()}}
			}
		}()
		a, err := b.memo.answer(ctx, req)
		done <- outcome{a, err}
	}()
	var o outcome
	timer := time.NewTimer(b.opt.DeferAfter - time.Since(x.received)) // the claim and cooldown came out of it
	defer timer.Stop()
	select {
	case o = <-done:
	case <-timer.C:
		if err := x.deferReply(req.Private); err != nil {
			b.log.Warn("deferring the reply failed", "interaction", x.i.ID, "error", err)
		}
		o = <-done
	}
	if o.err != nil {
		b.fail(x, o.err)
		return
	}
	if noEvidence(o.a) {
		x.ev.Outcome = "no-evidence"
	}
	if err := x.send(o.a.Reply, o.a.Files); err != nil {
		x.ev.Outcome = "error"
		b.log.Error("sending the answer failed", "interaction", x.i.ID, "command", x.ev.Command, "error", err)
	}
}

// noEvidence tells whether an answer rests on nothing in the articles.
func noEvidence(a handlers.Answer) bool {
	return len(a.Passages) == 0 && len(a.Meetings) == 0 && a.Intent != "sources" && a.Intent != "help"
}

// fail tells the user why their question got no answer (a refusal's text,
// or a short apology), and logs the bot's own failures once.
func (b *Bot) fail(x *exchange, err error) {
	text, detail := handlers.Explain(err, errorText(x.i.ID))
	switch {
	case detail == nil:
		x.ev.Outcome = "bad-request"
	case detail.Stack != nil:
		x.ev.Outcome = "panic"
		b.log.Error("panic answering interaction", "interaction", x.i.ID, "command", x.ev.Command,
			"panic", detail.Detail.Error(), "stack", string(detail.Stack))
	default:
		x.ev.Outcome = "error"
		b.log.Error("answering failed", "interaction", x.i.ID, "command", x.ev.Command, "error", detail.Detail)
	}
	x.tell(text)
}

func errorText(id string) string {
	return "Sorry, something went wrong while answering. It has been logged (reference " + id + ")."
}

// userOf is the user behind an interaction, in a guild or a DM.
func userOf(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	if i.User != nil {
		return i.User
	}
	return &discordgo.User{}
}

// cut shortens s to at most n runes, ending with an ellipsis when cut.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
