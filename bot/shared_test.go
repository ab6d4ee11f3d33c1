package bot_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/intake"
	"github.com/talksbot/talksbot/internal/cluster"
	"github.com/talksbot/talksbot/internal/fakediscord"
	"github.com/talksbot/talksbot/internal/redistest"
)

// TestShardOverlapAnswersOnce: two gateway sessions of one shard, as
// during a rolling deploy, each receive the same interaction, the same
// mention and the same question in an ask channel; sharing Redis, exactly one of them answers each, and the other
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
	hs := []*harness{start(t, setup{opts: bot.Options{Shared: shared(), AskChannels: []string{askChannel}}}),
		start(t, setup{opts: bot.Options{Shared: shared(), AskChannels: []string{askChannel}}})}
	const interactionID, messageID, askedID = "1600000000000000001", "1600000000000000002", "1600000000000000003"
	me := user(botID, true)
	for _, h := range hs {
		p := slash(alice, "who-attended")
		p["id"] = interactionID
		h.fd.DispatchInteraction(t, p)
		m := messageFrom(user(bobID, false), guildID, "<@"+botID+"> who attended?", me)
		m["id"] = messageID
		h.fd.DispatchMessage(t, m)
		asked := inChannel(askChannel, user(aliceID, false), "who attended the Geneva talks?")
		asked["id"] = askedID
		h.fd.DispatchMessage(t, asked)
	}
	for _, c := range []struct {
		kind, id string
		answer   func(r fakediscord.Request) bool
	}{
		{"interaction", interactionID, fakediscord.MatchCallback(interactionID)},
		{"message", messageID, func(r fakediscord.Request) bool {
			return r.Route == fakediscord.RouteChannelMessages && strings.Contains(string(r.Body), messageID)
		}},
		{"ask-channel message", askedID, func(r fakediscord.Request) bool {
			return r.Route == fakediscord.RouteThreadOnMessage && r.Params["message_id"] == askedID
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

// lateShared is a real Cluster opened once the harness has made its corpus
// folder (the Shared must be in the bot's options before that).
type lateShared struct {
	c atomic.Pointer[cluster.Cluster]
	// begun, when set, runs once a change has begun (to stop Redis then).
	begun func()
}

// errNotOpen is lateShared's answer before its Cluster is opened: the bot
// handles it as Redis unavailable (a first poll then waits for the next).
var errNotOpen = errors.New("the cluster is not open yet")

func (l *lateShared) Allow(ctx context.Context, user string, burst int, every time.Duration) (bool, time.Duration, error) {
	c := l.c.Load()
	if c == nil {
		return false, 0, errNotOpen
	}
	return c.Allow(ctx, user, burst, every)
}
func (l *lateShared) Claim(ctx context.Context, id string) (bool, error) {
	c := l.c.Load()
	if c == nil {
		return false, errNotOpen
	}
	return c.Claim(ctx, id)
}
func (l *lateShared) Begin(ctx context.Context, try bool) (func() error, error) {
	c := l.c.Load()
	if c == nil {
		return nil, errNotOpen
	}
	end, err := c.Begin(ctx, try)
	if err == nil && l.begun != nil {
		l.begun()
	}
	return end, err
}

// TestFeedsPolledByOneReplica: two replicas follow one feed, each with its
// own corpus folder, sharing Redis: polls never overlap, the article
// polled is announced once, and reaches both corpus folders and indexes.
func TestFeedsPolledByOneReplica(t *testing.T) {
	t.Parallel()
	red := redistest.Start(t)
	s := newFeedSite(t)
	var inPoll, maxInPoll atomic.Int32
	var hs []*harness
	for range 2 {
		f := feedsOf(t, s, 40*time.Millisecond)
		poll := f.Poll
		f.Poll = func(ctx context.Context, dir string) ([]bot.Added, error) {
			n := inPoll.Add(1)
			defer inPoll.Add(-1)
			for m := maxInPoll.Load(); n > m && !maxInPoll.CompareAndSwap(m, n); m = maxInPoll.Load() {
			}
			time.Sleep(20 * time.Millisecond) // long enough for the other to try
			return poll(ctx, dir)
		}
		ls := &lateShared{}
		h := start(t, setup{opts: bot.Options{Feeds: f, Shared: ls},
			files: map[string]string{intake.FeedsFile: "feeds:\n  - url: " + s.URL + "/feed.xml\n"}})
		c, err := cluster.Open(cluster.Options{URL: red.URL(), Corpus: h.corpusDir, Trash: filepath.Join(t.TempDir(), "removed"), Prefix: "feeds:"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		ls.c.Store(c)
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		go c.Follow(ctx, func() error { _, err := h.ix.TryRebuildReporting(nil); return err })
		hs = append(hs, h)
	}
	for _, h := range hs {
		for deadline := time.Now().Add(wait); ; time.Sleep(20 * time.Millisecond) {
			_, r := h.ask(t, slash(alice, "search", str("query", "updated framework of nineteen points")))
			if strings.Contains(r.Data.text(), "Geneva round ends with a 19-point framework") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("a replica does not answer with the polled article:\n%s", r.Data.text())
			}
		}
	}
	hs[0].waitPolls(t, 2)
	hs[1].waitPolls(t, 2)
	if n := maxInPoll.Load(); n != 1 {
		t.Errorf("%d polls ran at once across the replicas, want 1", n)
	}
	if n := len(announcements(hs[0].fd)) + len(announcements(hs[1].fd)); n != 1 {
		t.Errorf("%d announcements across the replicas, want 1", n)
	}
	for _, h := range hs {
		h.fd.AssertNoViolations(t)
	}
}

// TestHangingRedisAnswersInTime: with Redis accepting connections and
// never replying, the bot still answers every interaction within
// Discord's 3 s: the claim and the cooldown wait one short timeout at most
// (when they probe Redis again), and the deferral timer counts from
// receipt. The bound checked is loose (a few interactions in all).
func TestHangingRedisAnswersInTime(t *testing.T) {
	t.Parallel()
	c, err := cluster.Open(cluster.Options{URL: redistest.Hanging(t), Corpus: t.TempDir(), Trash: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	h := start(t, setup{opts: bot.Options{Shared: c}})
	var took time.Duration
	const n = 5
	for range n {
		time.Sleep(400 * time.Millisecond) // spread over seconds: some interactions probe Redis
		begin := time.Now()
		if _, r := h.ask(t, slash(alice, "who-attended")); r.Type != 4 && r.Type != 5 {
			t.Fatalf("response type %d; want an answer or a deferral", r.Type)
		}
		took += time.Since(begin)
	}
	t.Logf("%d interactions with Redis hanging: %v", n, took.Round(time.Millisecond))
	if took > 2500*time.Millisecond {
		t.Errorf("%d interactions with Redis hanging took %v; want Redis to add one short timeout at most", n, took)
	}
	h.fd.AssertNoViolations(t)
}

// TestModeratorToldChangeNotShared: when Redis goes away between the start
// of a moderator's change and its end, the change is made on this replica
// and the moderator is told it is not shared yet, instead of "done".
func TestModeratorToldChangeNotShared(t *testing.T) {
	t.Parallel()
	red := redistest.Start(t)
	ls := &lateShared{}
	h := start(t, setup{opts: bot.Options{Shared: ls}})
	c, err := cluster.Open(cluster.Options{URL: red.URL(), Corpus: h.corpusDir, Trash: filepath.Join(t.TempDir(), "removed"), Prefix: "told:"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ls.c.Store(c)
	ls.begun = func() { red.Stop(t) }
	id, _ := h.ask(t, slash(member(aliceID, 1<<5), "remove-article", str("id", "000_c07f5e8b5529b44d")))
	m := h.edit(t, id, "Saved on this replica but not shared with the others")
	if !strings.Contains(m.text(), "Removed") || !strings.Contains(m.text(), "Redis") {
		t.Errorf("the moderator was told:\n%s\nwant the change, and that Redis did not share it", m.text())
	}
	h.fd.AssertNoViolations(t)
}
