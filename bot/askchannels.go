package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/talksbot/talksbot/handlers"
)

// Ask channels: every message posted in one is a question, with no
// mention needed. The bot starts a public thread on the message, named
// from the question, and answers inside; a later message in that thread
// is answered there as a follow-up of the thread's first question
// (handlers.FollowUp). Reading messages that do not mention the bot needs
// the privileged Message Content intent, which the bot asks for only when
// there are ask channels.
//
// The threads started are remembered in memory (the latest maxThreads)
// with their first question. A thread the bot started before a restart is
// known from the gateway's state (the guild's active threads, sent at
// connection): its name, the question cut to 100 characters, then stands
// for its first question.

// maxThreads bounds the ask threads remembered.
const maxThreads = 10_000

// threadArchive is how long an ask thread stays open without messages, in
// minutes (Discord accepts 60, 1440, 4320, 10080).
const threadArchive = 1440

// closeDisallowedIntents is the gateway's close code for privileged
// intents the application has not been granted.
const closeDisallowedIntents = 4014

// askChannels are the ask channels and the threads started in them.
type askChannels struct {
	channels map[string]bool
	// off is set once Discord refused the Message Content intent: messages
	// then arrive without their text, and ask channels are not served.
	mu      sync.Mutex
	off     bool
	threads bounded[string] // thread id → its first question
}

func newAskChannels(ids []string) *askChannels {
	a := &askChannels{channels: map[string]bool{}, threads: bounded[string]{max: maxThreads}}
	for _, id := range ids {
		a.channels[id] = true
	}
	return a
}

// on reports whether ask channels are served.
func (a *askChannels) on() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.channels) > 0 && !a.off
}

// dropContentIntent handles Discord's refusal of the Message Content
// intent (gateway close 4014, which discordgo's Open returns): it takes the
// intent out of the Identify, turns ask channels off and logs one line. It
// reports whether it did, so that the caller connects again at once.
//
// discordgo v0.29.0 returns close codes only from Open: a 4014 received
// after Open returned (an intent taken away while the bot runs, seen on a
// later Identify) is logged by discordgo's own reconnect loop, which
// retries with the same intents; the bot learns of it at its next start.
func (b *Bot) dropContentIntent(err error) bool {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != closeDisallowedIntents || b.s.Identify.Intents&discordgo.IntentMessageContent == 0 {
		return false
	}
	b.s.Identify.Intents &^= discordgo.IntentMessageContent
	b.ask.mu.Lock()
	b.ask.off = true
	b.ask.mu.Unlock()
	b.log.Error("Discord refused the Message Content intent (gateway close 4014): ask channels are off; enable the intent in the Developer Portal (Bot → Privileged Gateway Intents → Message Content Intent) and restart. Reconnecting without it: slash commands and mentions still work",
		"ask_channels", len(b.ask.channels))
	return true
}

// askMessage answers m when it is a question in an ask channel or in a
// thread the bot started there, and reports whether it was one (then the
// mention path leaves it alone).
func (b *Bot) askMessage(s *discordgo.Session, m *discordgo.Message, me string) bool {
	if m == nil || m.Author == nil || m.Author.Bot || me == "" || m.Author.ID == me || m.GuildID == "" || !b.ask.on() {
		return false
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return false // thread-created notices, pins, joins…
	}
	inChannel := b.ask.channels[m.ChannelID]
	first, inThread := b.ask.threads.get(m.ChannelID)
	if !inChannel && !inThread {
		first, inThread = b.earlierThread(s, m.ChannelID, me)
	}
	if !inChannel && !inThread {
		return false
	}
	question := strings.Join(strings.Fields(withoutMention(m.Content, me)), " ")
	if question == "" {
		return true // an image, a sticker: nothing to answer
	}
	if !b.claim("message", m.ID) {
		return true // another replica holding this shard answers it
	}
	b.answerAsked(s, m, question, first, inChannel)
	return true
}

// earlierThread reports whether channel is a thread the bot (me) started
// in an ask channel that it no longer remembers (it restarted since), as
// the gateway's state knows it, and returns the thread's name for its
// first question.
func (b *Bot) earlierThread(s *discordgo.Session, channel, me string) (string, bool) {
	if s.State == nil {
		return "", false
	}
	ch, err := s.State.Channel(channel)
	if err != nil || !ch.IsThread() || ch.OwnerID != me || !b.ask.channels[ch.ParentID] {
		return "", false
	}
	b.ask.threads.put(ch.ID, ch.Name)
	return ch.Name, true
}

// withoutMention removes the mentions of user me from text.
func withoutMention(text, me string) string {
	return reUserMention.ReplaceAllStringFunc(text, func(s string) string {
		if reUserMention.FindStringSubmatch(s)[1] == me {
			return " "
		}
		return s
	})
}

// answerAsked answers question, asked by m: in a new thread on m when m is
// in an ask channel, else in m's thread as a follow-up of first.
func (b *Bot) answerAsked(s *discordgo.Session, m *discordgo.Message, question, first string, inChannel bool) {
	q := messageQuestion{m: m, event: "ask-thread", where: "in an ask channel", target: m.ChannelID, ref: m.SoftReference(),
		request: func() (handlers.Request, error) { return b.h.FollowUp(first, question) }}
	if inChannel {
		q.request = func() (handlers.Request, error) { return b.h.ParseCommandLine(question) }
		q.prepare = func(q *messageQuestion) {
			th, err := b.startThread(s, m.ChannelID, m.ID, handlers.ThreadName(question))
			if err != nil {
				// No right to make threads, or one exists already:
				// answer in the channel instead.
				b.log.Warn("starting a thread failed; answering in the channel", "message", m.ID, "channel", m.ChannelID, "error", err)
				return
			}
			q.target, q.ref = th.ID, nil
			b.ask.threads.put(th.ID, question)
		}
	}
	b.answerMessage(s, q)
}

// startThread starts a public thread named name on message messageID of
// channelID.
func (b *Bot) startThread(s *discordgo.Session, channelID, messageID, name string) (*discordgo.Channel, error) {
	endpoint := discordgo.EndpointChannelMessageThread(channelID, messageID)
	body := map[string]any{"name": name, "auto_archive_duration": threadArchive}
	raw, err := s.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint)
	if err != nil {
		return nil, err
	}
	var ch discordgo.Channel
	if err := json.Unmarshal(raw, &ch); err != nil {
		return nil, fmt.Errorf("start thread: %w", err)
	}
	if ch.ID == "" {
		return nil, errors.New("start thread: Discord returned no thread id")
	}
	return &ch, nil
}

// sendText sends a short plain message to channel, as a reply to ref when set.
func (b *Bot) sendText(s *discordgo.Session, channel string, ref *discordgo.MessageReference, text string) {
	_, err := s.ChannelMessageSendComplex(channel, &discordgo.MessageSend{
		Content: cut(text, handlers.LimitContent), Reference: ref, AllowedMentions: quiet(),
	})
	if err != nil {
		b.log.Warn("reply failed", "channel", channel, "error", err)
	}
}

// bounded is a map of at most max entries by string key; when full, the
// older half is forgotten.
type bounded[V any] struct {
	max   int
	mu    sync.Mutex
	items map[string]V
	order []string
}

func (m *bounded[V]) put(k string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.items == nil {
		m.items = map[string]V{}
	}
	if _, ok := m.items[k]; !ok {
		if len(m.order) >= m.max {
			for _, old := range m.order[:m.max/2] {
				delete(m.items, old)
			}
			m.order = append([]string(nil), m.order[m.max/2:]...)
		}
		m.order = append(m.order, k)
	}
	m.items[k] = v
}

func (m *bounded[V]) get(k string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.items[k]
	return v, ok
}
