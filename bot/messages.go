package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/handlers"
)

var reUserMention = regexp.MustCompile(`<@!?(\d+)>`)

// onMessage answers a message that mentions the bot, or any message in a
// direct conversation, with a reply to it.
func (b *Bot) onMessage(s *discordgo.Session, m *discordgo.MessageCreate) {
	b.mu.Lock()
	me := b.userID
	b.mu.Unlock()
	if b.askMessage(s, m.Message, me) {
		return
	}
	question, ok := questionIn(m.Message, me)
	if !ok || !b.claim("message", m.ID) {
		return
	}
	b.answerMessage(s, messageQuestion{m: m.Message, event: "mention", where: "a mention",
		target: m.ChannelID, ref: m.SoftReference(),
		request: func() (handlers.Request, error) { return b.h.ParseCommandLine(question) }})
}

// messageQuestion is a question asked in a message (a mention, a direct
// message, or a message in an ask channel or its thread), and where its
// answer goes.
type messageQuestion struct {
	m     *discordgo.Message
	event string // the event's command ("mention", "ask-thread"); ":" and the intent are added
	where string // for logs: "a mention", "in an ask channel"
	// target and ref are where replies go; prepare (when set) runs once
	// the question is allowed and may move them (into a new thread).
	target  string
	ref     *discordgo.MessageReference
	prepare func(q *messageQuestion)
	request func() (handlers.Request, error)
}

// answerMessage answers a question read from a message: within the
// in-flight bound and the asker's cooldown (said once per wait), once the
// index is ready, replying in q.target. It never panics.
func (b *Bot) answerMessage(s *discordgo.Session, q messageQuestion) {
	m := q.m
	start := time.Now()
	ev := Event{Command: q.event, Kind: "mention", Transport: "gateway"}
	defer func() {
		if p := recover(); p != nil {
			ev.Outcome = "panic"
			b.log.Error("panic answering "+q.where, "message", m.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			b.sendText(s, q.target, q.ref, errorText(m.ID))
		}
		ev.Duration = time.Since(start)
		b.finish(m.ID, ev)
	}()
	select {
	case b.work <- struct{}{}:
		defer func() { <-b.work }()
	case <-time.After(5 * time.Second):
		ev.Outcome = "busy"
		return // a plain message can wait no longer; saying so would add to the load
	}
	if ok, wait := b.cool.allow(m.Author.ID); !ok {
		ev.Outcome = "cooldown"
		// A message cannot be answered privately; say it once per wait,
		// briefly, then stay silent.
		if b.cool.tell(m.Author.ID, wait) {
			b.sendText(s, q.target, q.ref, fmt.Sprintf("You're asking faster than I answer; try again in %d s.", int(wait.Seconds())+1))
		}
		return
	}
	if !b.ix.Ready() {
		ev.Outcome = "indexing"
		b.sendText(s, q.target, q.ref, StillIndexing)
		return
	}
	if q.prepare != nil {
		q.prepare(&q)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := q.request()
	a, err := b.answerRequest(ctx, req, err)
	if err != nil {
		text, detail := handlers.Explain(err, errorText(m.ID))
		ev.Outcome = "bad-request"
		if detail != nil {
			ev.Outcome = "error"
			b.log.Error("answering "+q.where+" failed", "message", m.ID, "error", detail.Detail)
		}
		b.sendText(s, q.target, q.ref, text)
		return
	}
	ev.Command = q.event + ":" + a.Intent
	if noEvidence(a) {
		ev.Outcome = "no-evidence"
	}
	r := a.Reply
	err = b.sendAnswer(s, q.target, &discordgo.MessageSend{
		Content: r.Content, Embeds: r.Embeds, Components: r.Components,
		Reference: q.ref, AllowedMentions: quiet(), Files: discordFiles(a.Files),
	}, a.Files)
	if err != nil {
		ev.Outcome = "error"
		b.log.Error("sending the answer to "+q.where+" failed", "message", m.ID, "error", err)
	}
}

// noAttachNote replaces a chart the bot may not attach in a channel.
const noAttachNote = "(The chart could not be attached: I lack the Attach Files permission in this channel.)"

// sendAnswer sends msg, an answer carrying files (the chart), to channel.
// Where the bot lacks Attach Files, Discord refuses the whole message
// (403, code 50013 Missing Permissions); it is then sent once more without
// the files and the embed images showing them, saying so, so that the
// answer is not lost with its chart.
func (b *Bot) sendAnswer(s *discordgo.Session, channel string, msg *discordgo.MessageSend, files []handlers.File) error {
	_, err := s.ChannelMessageSendComplex(channel, msg)
	var re *discordgo.RESTError
	if err == nil || len(files) == 0 || !errors.As(err, &re) || re.Message == nil || re.Message.Code != discordgo.ErrCodeMissingPermissions {
		return err
	}
	b.log.Warn("sending an answer with its chart was refused (Missing Permissions); sending it without", "channel", channel, "error", err)
	plain := *msg
	plain.Files = nil
	plain.Embeds = make([]*discordgo.MessageEmbed, len(msg.Embeds))
	for i, e := range msg.Embeds {
		c := *e
		if c.Image != nil && strings.HasPrefix(c.Image.URL, "attachment://") {
			c.Image = nil
		}
		plain.Embeds[i] = &c
	}
	if c := strings.TrimSpace(plain.Content + "\n" + noAttachNote); len([]rune(c)) <= handlers.LimitContent {
		plain.Content = c
	}
	_, err = s.ChannelMessageSendComplex(channel, &plain)
	return err
}

// answerRequest answers a question read from a message (err: why it could
// not be read), refusing moderators' commands, which need the command menu.
func (b *Bot) answerRequest(ctx context.Context, req handlers.Request, err error) (handlers.Answer, error) {
	if err != nil {
		return handlers.Answer{}, err
	}
	if handlers.IsModeratorCommand(req.Command) {
		return handlers.Answer{}, handlers.Refuse("/%s is a slash command for moderators; use it from the command menu", req.Command)
	}
	req.Private = false
	return b.memo.answer(ctx, req)
}

// questionIn returns the question a message asks the bot (me), if any: the
// text of a message that mentions the bot, with the mentions removed, or any
// message in a direct conversation. The bot's own messages and other bots'
// are never questions.
func questionIn(m *discordgo.Message, me string) (string, bool) {
	if m == nil || m.Author == nil || m.Author.Bot || me == "" || m.Author.ID == me {
		return "", false
	}
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == me {
			mentioned = true
		}
	}
	if !mentioned && m.GuildID != "" {
		return "", false
	}
	text := strings.Join(strings.Fields(withoutMention(m.Content, me)), " ")
	if text == "" {
		text = "/help"
	}
	return text, true
}
