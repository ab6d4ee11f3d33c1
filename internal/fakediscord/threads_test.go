package fakediscord_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/talksbot/talksbot/internal/fakediscord"
)

func TestThreadOnMessageThenMessagesInIt(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, _ := open(t, s)
	const channel, message = "1200000000000000002", "1500000000000000007"
	th, err := dg.MessageThreadStartComplex(channel, message, &discordgo.ThreadStart{Name: "who attended?", AutoArchiveDuration: 1440})
	if err != nil {
		t.Fatalf("MessageThreadStartComplex = %v", err)
	}
	if th.ID != message || th.ParentID != channel || th.Type != discordgo.ChannelTypeGuildPublicThread || th.Name != "who attended?" {
		t.Errorf("thread = %+v, want public thread %s of %s", th, message, channel)
	}
	if _, err := dg.ChannelMessageSendComplex(th.ID, &discordgo.MessageSend{Content: "Witkoff.", AllowedMentions: quiet()}); err != nil {
		t.Fatalf("message in the thread: %v", err)
	}
	if ts := s.Threads(); len(ts) != 1 || ts[0].ID != message || ts[0].ParentID != channel || ts[0].Name != "who attended?" || ts[0].Messages != 1 {
		t.Errorf("Threads() = %+v", ts)
	}
	// A second thread on the message, a name too long, an empty one.
	_, err = dg.MessageThreadStartComplex(channel, message, &discordgo.ThreadStart{Name: "again"})
	if code(err) != 160004 {
		t.Errorf("second thread: %v, want code 160004", err)
	}
	s.ExpectViolation(t, fakediscord.RuleLimit)
	for _, name := range []string{strings.Repeat("x", 101), ""} {
		if _, err := dg.MessageThreadStartComplex(channel, "1500000000000000008", &discordgo.ThreadStart{Name: name}); code(err) != 50035 {
			t.Errorf("name of %d characters: %v, want code 50035", len(name), err)
		}
		s.ExpectViolation(t, fakediscord.RuleLimit)
	}
	s.AssertNoViolations(t)
}

// TestDeniedIntentsCloseWith4014: an Identify asking for a denied intent
// is closed with 4014, which discordgo's Open returns; without it the
// session opens.
func TestDeniedIntentsCloseWith4014(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t, fakediscord.WithDeniedIntents(int64(discordgo.IntentMessageContent)))
	root, _ := url.Parse(s.APIURL())
	dg, _ := discordgo.New("Bot x")
	dg.Client = &http.Client{Transport: rewrite{root, http.DefaultTransport}, Timeout: wait}
	dg.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentMessageContent
	err := dg.Open()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4014 {
		t.Fatalf("Open() = %v, want close 4014", err)
	}
	dg.Identify.Intents = discordgo.IntentsGuilds
	if err := dg.Open(); err != nil {
		t.Fatalf("Open() without the intent = %v", err)
	}
	t.Cleanup(func() {
		s.WaitHeartbeat(t, wait)
		dg.Close()
	})
	ids := s.Identifies()
	if len(ids) != 2 || !ids[0].Refused || ids[1].Refused || s.SessionID() == "" {
		t.Errorf("identifies %+v, session %q: want one refused, then a session", ids, s.SessionID())
	}
	s.AssertNoViolations(t)
}
