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
	start := time.Now()
	ev := Event{Command: "mention", Kind: "mention", Transport: "gateway"}
	defer func() {
		if p := recover(); p != nil {
			ev.Outcome = "panic"
			b.log.Error("panic answering a mention", "message", m.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			b.replyText(s, m.Message, errorText(m.ID))
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
		// A mention cannot be answered privately; say it once per wait,
		// briefly, then stay silent.
		if !b.cool.tell(m.Author.ID, wait) {
			return
		}
		b.replyText(s, m.Message, fmt.Sprintf("You're asking faster than I answer; try again in %d s.", int(wait.Seconds())+1))
		return
	}
	if !b.ix.Ready() {
		ev.Outcome = "indexing"
		b.replyText(s, m.Message, StillIndexing)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := b.answerText(ctx, question)
	if err != nil {
		text, detail := handlers.Explain(err, errorText(m.ID))
		ev.Outcome = "bad-request"
		if detail != nil {
			ev.Outcome = "error"
			b.log.Error("answering a mention failed", "message", m.ID, "error", detail.Detail)
		}
		b.replyText(s, m.Message, text)
		return
	}
	ev.Command = "mention:" + a.Intent
	if noEvidence(a) {
		ev.Outcome = "no-evidence"
	}
	r := a.Reply
	err = b.sendAnswer(s, m.ChannelID, &discordgo.MessageSend{
		Content: r.Content, Embeds: r.Embeds, Components: r.Components,
		Reference: m.SoftReference(), AllowedMentions: quiet(), Files: discordFiles(a.Files),
	}, a.Files)
	if err != nil {
		ev.Outcome = "error"
		b.log.Error("sending a mention reply failed", "message", m.ID, "error", err)
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

// answerText answers a question typed in a message, as ask does.
func (b *Bot) answerText(ctx context.Context, text string) (handlers.Answer, error) {
	req, err := b.h.ParseCommandLine(text)
	return b.answerRequest(ctx, req, err)
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

// replyText replies to m with a short plain message.
func (b *Bot) replyText(s *discordgo.Session, m *discordgo.Message, text string) {
	_, err := s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
		Content: cut(text, handlers.LimitContent), Reference: m.SoftReference(), AllowedMentions: quiet(),
	})
	if err != nil {
		b.log.Warn("reply failed", "message", m.ID, "error", err)
	}
}
