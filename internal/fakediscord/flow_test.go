package fakediscord_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/internal/fakediscord"
)

func TestResumeAfterDroppedConnection(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	_, interactions := open(t, s)
	first, _ := s.DispatchInteraction(t, command(t))
	if i := receive(t, interactions); i.ID != first {
		t.Fatalf("interaction id = %s, want %s", i.ID, first)
	}
	session, seq := s.SessionID(), s.Sequence()

	s.DropConnection()
	missed, _ := s.DispatchInteraction(t, command(t)) // sent while the client is away: replayed on resume
	if i := receive(t, interactions); i.ID != missed {
		t.Errorf("replayed interaction id = %s, want %s", i.ID, missed)
	}
	s.WaitReady(t, wait)
	resumes := s.Resumes()
	if len(resumes) != 1 || !resumes[0].Accepted || resumes[0].SessionID != session || resumes[0].Seq != seq {
		t.Errorf("Resumes() = %+v, want one accepted for session %s at seq %d", resumes, session, seq)
	}
	if n := len(s.Identifies()); n != 1 {
		t.Errorf("Identifies() = %d, want 1 (a resume, not a new session)", n)
	}

	later, _ := s.DispatchInteraction(t, command(t))
	if i := receive(t, interactions); i.ID != later {
		t.Errorf("interaction after resume id = %s, want %s", i.ID, later)
	}
	s.AssertNoViolations(t)
}

func TestDeferredReplyEditAndFollowups(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, interactions := open(t, s)
	s.DispatchInteraction(t, command(t))
	i := receive(t, interactions)

	early := &discordgo.WebhookParams{Content: "too early", AllowedMentions: quiet()}
	if _, err := dg.FollowupMessageCreate(i, true, early); code(err) != 10015 {
		t.Errorf("follow-up before the callback error = %v, want code 10015", err)
	}
	s.ExpectViolation(t, fakediscord.RuleNotAcknowledged)

	deferred := &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	}
	if err := dg.InteractionRespond(i, deferred); err != nil {
		t.Fatalf("deferred callback: %v", err)
	}
	content := "the answer"
	msg, err := dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content, AllowedMentions: quiet()})
	if err != nil || msg.Content != content {
		t.Fatalf("InteractionResponseEdit = %v, %v; want content %q", msg, err, content)
	}
	f, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "more", AllowedMentions: quiet()})
	if err != nil || f.ID == "" {
		t.Fatalf("FollowupMessageCreate = %v, %v", f, err)
	}
	edited := "more, edited"
	if _, err := dg.FollowupMessageEdit(i, f.ID, &discordgo.WebhookEdit{Content: &edited, AllowedMentions: quiet()}); err != nil {
		t.Errorf("FollowupMessageEdit: %v", err)
	}
	if orig, err := dg.InteractionResponse(i); err != nil || orig.Content != content {
		t.Errorf("InteractionResponse = %v, %v; want content %q", orig, err, content)
	}
	if n := len(filter(s.Requests(), fakediscord.MatchInteraction(i.ID))); n != 6 {
		t.Errorf("requests about the interaction = %d, want 6", n)
	}
	t.Logf("request bodies validated against the OpenAPI description: %d", s.SpecValidated())
	s.AssertNoViolations(t)
}

func TestLateCallbackIsUnknownInteraction(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t, fakediscord.WithCallbackDeadline(50*time.Millisecond))
	dg, interactions := open(t, s)
	s.DispatchInteraction(t, command(t))
	i := receive(t, interactions)
	time.Sleep(100 * time.Millisecond)
	if err := dg.InteractionRespond(i, reply("late")); code(err) != 10062 {
		t.Errorf("late callback error = %v, want code 10062", err)
	}
	s.ExpectViolation(t, fakediscord.RuleLateCallback)
	s.AssertNoViolations(t)
}

func TestMessageCreateAndChannelReply(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, _ := open(t, s)
	messages := make(chan *discordgo.Message, 1)
	dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { messages <- m.Message })
	id := s.DispatchMessage(t, map[string]any{
		"channel_id": "1200000000000000002",
		"guild_id":   "1200000000000000001",
		"content":    "<@" + s.ApplicationID() + "> who spoke first?",
		"author":     map[string]any{"id": "1300000000000000001", "username": "alice"},
		"mentions":   []any{map[string]any{"id": s.ApplicationID(), "username": "talksbot", "bot": true}},
	})
	var m *discordgo.Message
	select {
	case m = <-messages:
	case <-time.After(wait):
		t.Fatal("MESSAGE_CREATE did not reach the handler")
	}
	if m.ID != id || len(m.Mentions) != 1 {
		t.Errorf("message = %s with %d mentions, want %s with 1", m.ID, len(m.Mentions), id)
	}
	sent, err := dg.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
		Content: "Alice spoke first.", Reference: m.Reference(), AllowedMentions: quiet(),
	})
	if err != nil || sent.ChannelID != m.ChannelID {
		t.Fatalf("ChannelMessageSendComplex = %v, %v", sent, err)
	}
	r := s.WaitFor(t, fakediscord.MatchRoute(fakediscord.RouteChannelMessages), wait)
	if r.Status != http.StatusOK || r.Params["channel_id"] != m.ChannelID {
		t.Errorf("channel message request = %v %v, want 200 on channel %s", r, r.Params, m.ChannelID)
	}
	s.AssertNoViolations(t)
}

func filter(rs []fakediscord.Request, match func(fakediscord.Request) bool) []fakediscord.Request {
	var out []fakediscord.Request
	for _, r := range rs {
		if match(r) {
			out = append(out, r)
		}
	}
	return out
}

func TestComponentUpdatesItsMessage(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, interactions := open(t, s)
	s.DispatchInteraction(t, map[string]any{
		"type":       3,
		"channel_id": "1200000000000000002",
		"message": map[string]any{
			"id": "1600000000000000001", "channel_id": "1200000000000000002", "content": "page 1",
			"author": map[string]any{"id": s.ApplicationID(), "username": "talksbot", "bot": true},
		},
		"data": map[string]any{"custom_id": "more:2", "component_type": 2},
	})
	i := receive(t, interactions)
	update := &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "page 2", AllowedMentions: quiet()},
	}
	if err := dg.InteractionRespond(i, update); err != nil {
		t.Fatalf("update message callback: %v", err)
	}
	if m, err := dg.InteractionResponse(i); err != nil || m.ID != "1600000000000000001" || m.Content != "page 2" {
		t.Errorf("InteractionResponse = %v, %v; want message 1600000000000000001 with page 2", m, err)
	}
	s.AssertNoViolations(t)

	s.DispatchInteraction(t, command(t))
	if err := dg.InteractionRespond(receive(t, interactions), update); code(err) != 50035 {
		t.Errorf("update message on a command error = %v, want code 50035", err)
	}
	s.ExpectViolation(t, fakediscord.RuleCallbackType)
	s.AssertNoViolations(t)
}
