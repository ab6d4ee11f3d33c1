package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/internal/cluster"
	"github.com/talksbot/talksbot/internal/fakediscord"
	"github.com/talksbot/talksbot/internal/redistest"
)

// TestShardOverlapAnswersOnce: two gateway sessions of one shard, as
// during a rolling deploy, each receive the same interaction and the same
// mention; sharing Redis, exactly one of them answers each, and the other
// says it left it to another replica.
func TestShardOverlapAnswersOnce(t *testing.T) {
	t.Parallel()
	red := redistest.Start(t)
	shared := func() bot.Shared {
		c, err := cluster.Open(cluster.Options{URL: red.URL(), Corpus: t.TempDir(), Trash: t.TempDir(), Prefix: "overlap:"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	hs := []*harness{start(t, setup{opts: bot.Options{Shared: shared()}}), start(t, setup{opts: bot.Options{Shared: shared()}})}
	const interactionID, messageID = "1600000000000000001", "1600000000000000002"
	me := user(botID, true)
	for _, h := range hs {
		p := slash(alice, "who-attended")
		p["id"] = interactionID
		h.fd.DispatchInteraction(t, p)
		m := messageFrom(user(bobID, false), guildID, "<@"+botID+"> who attended?", me)
		m["id"] = messageID
		h.fd.DispatchMessage(t, m)
	}
	for _, c := range []struct {
		kind, id string
		answer   func(r fakediscord.Request) bool
	}{
		{"interaction", interactionID, fakediscord.MatchCallback(interactionID)},
		{"message", messageID, func(r fakediscord.Request) bool {
			return r.Route == fakediscord.RouteChannelMessages && strings.Contains(string(r.Body), messageID)
		}},
	} {
		left := "claimed by another replica: not answered here"
		answered, declined := 0, 0
		for deadline := time.Now().Add(wait); answered+declined < 2 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			answered, declined = 0, 0
			for _, h := range hs {
				for _, r := range h.fd.Requests() {
					if c.answer(r) {
						answered++
					}
				}
				for _, line := range strings.Split(h.logs.String(), "\n") {
					if strings.Contains(line, left) && strings.Contains(line, "id="+c.id) {
						declined++
					}
				}
			}
		}
		if answered != 1 || declined != 1 {
			t.Errorf("%s %s: answered by %d sessions, left by %d; want 1 and 1", c.kind, c.id, answered, declined)
		}
	}
	for _, h := range hs {
		h.fd.AssertNoViolations(t)
	}
}
