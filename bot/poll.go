package bot

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/talksbot/talksbot/index"
)

// Feeds is how the bot follows web feeds into the corpus folder; the
// intake of articles is not the bot's business, so it is given functions
// (main wires them to package intake), as AddURL is.
type Feeds struct {
	// Follow starts following the feed at rawURL in the corpus folder dir,
	// after checking that it is a feed; followed is false when it already
	// was. feed is the address as stored (without tracking parameters). An
	// error says why not (an invalid address, not a feed).
	Follow func(ctx context.Context, dir, rawURL string) (feed string, followed bool, err error)
	// Unfollow stops following rawURL; unfollowed is false when it was not
	// followed.
	Unfollow func(dir, rawURL string) (feed string, unfollowed bool, err error)
	// List returns the addresses of the feeds followed.
	List func(dir string) ([]string, error)
	// Poll polls every feed followed and returns the articles it added to
	// dir; with an error (some feeds failed), the articles added anyway.
	Poll func(ctx context.Context, dir string) ([]Added, error)
	// Interval is how often Run calls Poll, give or take 10%; 0 never.
	Interval time.Duration
	// AnnounceChannel is the channel id where each article added by Poll
	// is posted once indexed; "" for none.
	AnnounceChannel string
}

// Added is an article that polling the feeds stored in the corpus folder.
type Added struct {
	ID        string
	Title     string
	Outlet    string    // "" when unknown
	Published time.Time // zero when unknown
	URL       string
	Passage   string // the article's first passage
}

// pollEvery polls the feeds every Feeds.Interval (with jitter) until ctx
// is done; it returns at once when polling is off.
func (b *Bot) pollEvery(ctx context.Context) {
	if b.opt.Feeds.Poll == nil || b.opt.Feeds.Interval <= 0 || b.opt.CorpusDir == "" {
		return
	}
	b.log.Info("polling feeds", "every", b.opt.Feeds.Interval.String(), "announce", b.opt.Feeds.AnnounceChannel)
	var pending []Added
	for {
		t := time.NewTimer(jitter(b.opt.Feeds.Interval))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		pending = b.pollOnce(ctx, pending)
	}
}

// jitter is d give or take up to 10%, so that replicas and restarts do not
// poll the same sites in step.
func jitter(d time.Duration) time.Duration {
	return d - d/10 + rand.N(d/5+1)
}

// pollOnce polls the feeds, rebuilds the index when articles were added
// (or still wait from a failed rebuild) and announces them once indexed.
// It holds the corpus folder's lock throughout, so a poll never overlaps a
// moderator's change, and returns the articles still waiting for a
// rebuild. A failed rebuild leaves the previous index serving.
func (b *Bot) pollOnce(ctx context.Context, pending []Added) []Added {
	// With replicas, one at a time polls, and shares what it added.
	end, err := b.beginChange(ctx, true)
	if err != nil {
		if ctx.Err() == nil {
			b.log.Info("feeds: not polled by this replica this time", "reason", err)
		}
		return pending
	}
	defer func() {
		if err := end(); err != nil {
			b.log.Warn("feeds: the articles added are saved on this replica but not shared with the others yet; they are kept and shared when Redis answers", "error", err)
		}
	}()
	return b.pollHere(ctx, pending)
}

// pollHere is pollOnce on this replica's corpus folder.
func (b *Bot) pollHere(ctx context.Context, pending []Added) []Added {
	start := time.Now()
	ev := Event{Command: "feeds", Kind: "poll", Outcome: "ok"}
	defer func() {
		ev.Duration = time.Since(start)
		b.observe(ev)
	}()
	b.files.Lock()
	added, err := b.opt.Feeds.Poll(ctx, b.opt.CorpusDir)
	if err != nil && ctx.Err() == nil { // not when stopping
		ev.Outcome = "error"
		b.log.Warn("polling feeds", "error", err)
	}
	pending = append(pending, added...)
	if len(pending) == 0 || ctx.Err() != nil {
		b.files.Unlock()
		return pending
	}
	rstart := time.Now()
	rep, err := b.ix.TryRebuildReporting(func(string) {})
	b.files.Unlock()
	b.logProblems(rep)
	if errors.Is(err, index.ErrBusy) {
		b.log.Info("feeds: a reindex is running; the articles added wait for the next poll", "articles", len(pending))
		return pending
	}
	outcome := "ok"
	if err != nil {
		outcome, ev.Outcome = "error", "error"
	}
	b.observe(Event{Command: "feeds", Kind: "reindex", Outcome: outcome, Duration: time.Since(rstart)})
	if err != nil {
		b.log.Error("feeds: the reindex failed; the previous index keeps answering and the articles added wait for the next poll",
			"articles", len(pending), "error", err)
		return pending
	}
	b.log.Info("feeds: articles added and indexed", "added", len(pending), "articles", rep.Articles, "passages", rep.Passages)
	for _, a := range pending {
		if err := b.announce(ctx, a); err != nil {
			b.log.Error("announcing an article failed", "article", a.ID, "channel", b.opt.Feeds.AnnounceChannel, "error", err)
		}
	}
	return nil
}
