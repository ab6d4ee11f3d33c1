package bot_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/internal/fakediscord"
)

const (
	askChannel     = "1200000000000000010"
	messageContent = 1 << 15 // the privileged Message Content intent
)

// inChannel is a MESSAGE_CREATE payload in channel.
func inChannel(channel string, author map[string]any, content string, mentions ...map[string]any) map[string]any {
	m := messageFrom(author, guildID, content, mentions...)
	m["channel_id"] = channel
	return m
}

// postedIn waits for the bot's message in channel accepted by match.
func (h *harness) postedIn(t *testing.T, channel string, match func(message) bool) message {
	t.Helper()
	req := h.fd.WaitFor(t, func(r fakediscord.Request) bool {
		var m message
		return r.Route == fakediscord.RouteChannelMessages && r.Params["channel_id"] == channel && r.Decode(&m) == nil && match(m)
	}, wait)
	var m message
	req.Decode(&m)
	quietCheck(t, m)
	return m
}

// voteButtons returns the custom ids of a message's 👍 and 👎 buttons.
func (m message) voteButtons() (up, down string) {
	for _, row := range m.Components {
		for _, c := range row.Components {
			switch {
			case strings.HasPrefix(c.CustomID, "vote?") && strings.Contains(c.CustomID, "v=u"):
				up = c.CustomID
			case strings.HasPrefix(c.CustomID, "vote?") && strings.Contains(c.CustomID, "v=d"):
				down = c.CustomID
			}
		}
	}
	return up, down
}

func TestAskChannelAnswersInAThreadAndFollowsUp(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: bot.Options{AskChannels: []string{askChannel}}})
	if ids := h.fd.Identifies(); len(ids) != 1 || ids[0].Intents&messageContent == 0 {
		t.Fatalf("identifies %+v: want one asking for Message Content", ids)
	}
	alice := user(aliceID, false)
	// Not questions: a bot's message, the bot's own, and a message in
	// another channel that does not mention the bot.
	h.fd.DispatchMessage(t, inChannel(askChannel, user("1300000000000000009", true), "who attended?"))
	h.fd.DispatchMessage(t, inChannel(askChannel, user(botID, true), "who attended?"))
	h.fd.DispatchMessage(t, inChannel(channelID, alice, "who attended the Geneva talks?"))

	asked := h.fd.DispatchMessage(t, inChannel(askChannel, alice, "who attended the Geneva talks?"))
	req := h.fd.WaitFor(t, fakediscord.MatchRoute(fakediscord.RouteThreadOnMessage), wait)
	if req.Params["channel_id"] != askChannel || req.Params["message_id"] != asked {
		t.Fatalf("thread started on %v, want message %s of the ask channel", req.Params, asked)
	}
	if threads := h.fd.Threads(); len(threads) != 1 || threads[0].Name != "who attended the Geneva talks?" {
		t.Fatalf("threads %+v: want one named after the question", threads)
	}
	thread := asked // a thread started on a message has the message's id
	first := h.postedIn(t, thread, func(message) bool { return true })
	if !strings.Contains(first.text(), "Geneva") || len(first.Embeds) == 0 {
		t.Fatalf("the answer in the thread lacks Geneva:\n%s", first.text())
	}
	if up, down := first.voteButtons(); up == "" || down == "" {
		t.Errorf("the answer has no 👍/👎 buttons: %+v", first.Components)
	}

	follow := h.fd.DispatchMessage(t, inChannel(thread, alice, "and who else was there?"))
	second := h.postedIn(t, thread, func(m message) bool { return m.MessageReference != nil && m.MessageReference.MessageID == follow })
	if len(second.Embeds) == 0 || second.Embeds[0].Title != first.Embeds[0].Title {
		t.Errorf("the follow-up answered %q, want the first question's meeting %q", second.text(), first.Embeds[0].Title)
	}
	if th := h.fd.Threads(); len(th) != 1 || th[0].Messages != 2 {
		t.Errorf("threads %+v after a follow-up, want 1 holding the 2 answers", th)
	}

	// A question full of mentions and Markdown names its thread safely.
	loud := h.fd.DispatchMessage(t, inChannel(askChannel, alice, "<@"+botID+"> @everyone **who** said `no compromise` <@"+bobID+">?", user(botID, true)))
	h.postedIn(t, loud, func(message) bool { return true })
	for _, th := range h.fd.Threads() {
		if th.ID != loud {
			continue
		}
		if strings.ContainsAny(th.Name, "@<>*`") || utf8.RuneCountInString(th.Name) > 100 || !strings.Contains(th.Name, "no compromise") {
			t.Errorf("thread name %q: want the words without mentions or Markdown", th.Name)
		}
	}
	for _, r := range h.fd.Requests() {
		if r.Route == fakediscord.RouteChannelMessages && r.Params["channel_id"] != thread && r.Params["channel_id"] != loud {
			t.Errorf("posted in channel %s: only the threads get answers", r.Params["channel_id"])
		}
	}
	h.fd.AssertNoViolations(t)
}

func TestAskChannelCooldownRepliesOnceWithoutAThread(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: bot.Options{AskChannels: []string{askChannel}, Cooldown: bot.Cooldown{Burst: 1, Every: time.Hour}}})
	alice := user(aliceID, false)
	// discordgo hands events to handlers concurrently: either may be first.
	one := h.fd.DispatchMessage(t, inChannel(askChannel, alice, "who attended the Geneva talks?"))
	two := h.fd.DispatchMessage(t, inChannel(askChannel, alice, "what did Peskov say?"))
	refusal := h.postedIn(t, askChannel, func(m message) bool { return m.MessageReference != nil })
	if !strings.Contains(refusal.Content, "try again") {
		t.Errorf("refusal %q", refusal.Content)
	}
	answered := map[string]string{one: two, two: one}[refusal.MessageReference.MessageID]
	h.postedIn(t, answered, func(message) bool { return true })
	if th := h.fd.Threads(); len(th) != 1 || th[0].ID != answered {
		t.Errorf("threads %+v, want one, on %s: a refused question gets none", th, answered)
	}
	// Posting on while refused: counted, but not answered again in
	// public (a reply to each would amplify a flood).
	for range 3 {
		h.fd.DispatchMessage(t, inChannel(askChannel, alice, "and what about Istanbul?"))
	}
	cooled := 0
	for range 5 {
		if h.waitEvent(t, "mention").Outcome == "cooldown" {
			cooled++
		}
	}
	told := 0
	for _, r := range h.fd.Requests() {
		var m message
		if r.Route == fakediscord.RouteChannelMessages && r.Params["channel_id"] == askChannel && r.Decode(&m) == nil && strings.Contains(m.Content, "try again") {
			told++
		}
	}
	if cooled != 4 || told != 1 {
		t.Errorf("%d questions refused, told %d times; want 4 refused, told once", cooled, told)
	}
	h.fd.AssertNoViolations(t)
}

// TestRefusedMessageContentIntent: Discord closes with 4014 when the
// portal has not granted Message Content; the bot says so once, connects
// without it and still answers slash commands and mentions.
func TestRefusedMessageContentIntent(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: bot.Options{AskChannels: []string{askChannel}},
		fake: []fakediscord.Option{fakediscord.WithDeniedIntents(messageContent)}})
	ids := h.fd.Identifies()
	if len(ids) != 2 || !ids[0].Refused || ids[0].Intents&messageContent == 0 || ids[1].Refused || ids[1].Intents&messageContent != 0 {
		t.Fatalf("identifies %+v: want one refused with Message Content, then one accepted without it", ids)
	}
	if n := strings.Count(h.logs.String(), "4014"); n != 1 {
		t.Errorf("4014 logged %d times, want once:\n%s", n, h.logs.String())
	}
	if _, r := h.ask(t, slash(alice, "who-attended")); r.Type != 4 || !strings.Contains(r.Data.text(), "Witkoff") {
		t.Errorf("slash command after 4014: type %d\n%s", r.Type, r.Data.text())
	}
	me := user(botID, true)
	asked := h.fd.DispatchMessage(t, messageFrom(user(aliceID, false), guildID, "<@"+botID+"> what did Peskov say?", me))
	if m := h.postedIn(t, channelID, func(m message) bool { return m.MessageReference != nil && m.MessageReference.MessageID == asked }); !strings.Contains(m.text(), "Peskov") {
		t.Errorf("mention after 4014:\n%s", m.text())
	}
	// Without the intent the ask channel is an ordinary channel (Discord
	// sends its messages without their text): a mention there gets a
	// reply, no thread.
	inAsk := h.fd.DispatchMessage(t, inChannel(askChannel, user(aliceID, false), "<@"+botID+"> who attended the Geneva talks?", me))
	h.postedIn(t, askChannel, func(m message) bool { return m.MessageReference != nil && m.MessageReference.MessageID == inAsk })
	if n := len(h.fd.Threads()); n != 0 {
		t.Errorf("%d threads started without the intent", n)
	}
	h.fd.AssertNoViolations(t)
}

// TestAskChannelWithoutAThreadRepliesInTheChannel: when Discord refuses
// the thread (here: the message has one already), the answer is a reply in
// the channel.
func TestAskChannelWithoutAThreadRepliesInTheChannel(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: bot.Options{AskChannels: []string{askChannel}}})
	const taken = "1500000000000000042"
	resp, err := http.Post(h.fd.APIURL()+"/channels/"+askChannel+"/messages/"+taken+"/threads", "application/json", strings.NewReader(`{"name":"someone else's"}`))
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("pre-existing thread: %v %v", resp, err)
	}
	resp.Body.Close()
	m := inChannel(askChannel, user(aliceID, false), "what did Peskov say?")
	m["id"] = taken
	h.fd.DispatchMessage(t, m)
	reply := h.postedIn(t, askChannel, func(m message) bool { return m.MessageReference != nil && m.MessageReference.MessageID == taken })
	if !strings.Contains(reply.text(), "Peskov") {
		t.Errorf("reply in the channel:\n%s", reply.text())
	}
	if v := h.fd.ExpectViolation(t, fakediscord.RuleLimit); !strings.Contains(v.Detail, "second thread") {
		t.Errorf("violation %v, want the refused second thread", v)
	}
	h.fd.AssertNoViolations(t)
}

// TestAskThreadFromBeforeARestart: a thread the bot started before it
// restarted, known from the guild's active threads, still gets follow-ups,
// its name standing for the first question; a thread someone else started
// in the ask channel does not.
func TestAskThreadFromBeforeARestart(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: bot.Options{AskChannels: []string{askChannel}}})
	const ours, theirs = "1500000000000000051", "1500000000000000052"
	thread := func(id, owner, name string) map[string]any {
		return map[string]any{"id": id, "type": 11, "guild_id": guildID, "parent_id": askChannel, "owner_id": owner, "name": name,
			"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": 1440, "locked": false, "archive_timestamp": "2026-01-01T00:00:00Z"}}
	}
	h.fd.Dispatch(t, "GUILD_CREATE", map[string]any{
		"id": guildID, "name": "talks", "owner_id": aliceID, "roles": []any{}, "emojis": []any{}, "members": []any{}, "channels": []any{},
		"threads": []any{thread(ours, botID, "who attended the Geneva talks?"), thread(theirs, aliceID, "who attended the Kremlin talks?")},
	})
	alice := user(aliceID, false)
	// Events reach handlers concurrently: wait for the state to hold the threads.
	for deadline := time.Now().Add(wait); ; time.Sleep(10 * time.Millisecond) {
		if _, err := h.bot.Session().State.Channel(theirs); err == nil {
			if _, err := h.bot.Session().State.Channel(ours); err == nil {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("GUILD_CREATE's threads did not reach the session's state")
		}
	}
	follow := h.fd.DispatchMessage(t, inChannel(ours, alice, "and who else was there?"))
	got := h.postedIn(t, ours, func(m message) bool { return m.MessageReference != nil && m.MessageReference.MessageID == follow })
	if len(got.Embeds) == 0 || !strings.Contains(got.Embeds[0].Title, "Geneva") {
		t.Errorf("follow-up in the earlier thread answered %q, want the Geneva meeting", got.text())
	}
	me := user(botID, true)
	h.fd.DispatchMessage(t, inChannel(theirs, alice, "and who else was there?"))
	mention := h.fd.DispatchMessage(t, inChannel(theirs, alice, "<@"+botID+"> what did Peskov say?", me))
	h.postedIn(t, theirs, func(m message) bool { return m.MessageReference != nil && m.MessageReference.MessageID == mention })
	for _, r := range h.fd.Requests() {
		var m message
		if r.Route == fakediscord.RouteChannelMessages && r.Params["channel_id"] == theirs && r.Decode(&m) == nil &&
			(m.MessageReference == nil || m.MessageReference.MessageID != mention) {
			t.Errorf("answered a message in a thread the bot did not start: %s", m.text())
		}
	}
	h.fd.AssertNoViolations(t)
}
