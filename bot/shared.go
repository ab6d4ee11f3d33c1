package bot

import (
	"context"
	"fmt"
	"time"
)

// Shared is the state that replicas of the bot share (package
// internal/cluster, on Redis). A nil Options.Shared runs the bot as one
// process: its own cooldowns, replays refused by this process alone, and
// corpus changes kept to its own folder.
type Shared interface {
	// Allow takes one question from user's allowance shared by every
	// replica: burst at once, then one per every. An error (Redis
	// unreachable) makes the bot count the user's questions itself.
	Allow(ctx context.Context, user string, burst int, every time.Duration) (ok bool, wait time.Duration, err error)
	// Claim reports whether this replica is the first to claim id (an
	// interaction's or a message's): only the first answers. An error
	// makes the bot answer: a duplicate answer beats none.
	Claim(ctx context.Context, id string) (first bool, err error)
	// Begin makes this replica the only one changing the corpus folder,
	// after applying the other replicas' changes, until end, which shares
	// what changed in the folder meanwhile with them. With try it fails at
	// once when another replica is changing the corpus. On an error the
	// caller must change nothing. An error from end means the change is
	// saved on this replica but not shared yet: it is kept (in the data
	// folder) and shared when Redis answers again.
	Begin(ctx context.Context, try bool) (end func() error, err error)
}

// claim reports whether this replica answers the interaction or message
// id of kind: always without Shared; with it, when no other replica
// claimed it first.
func (b *Bot) claim(kind, id string) bool {
	if b.opt.Shared == nil {
		return true
	}
	first, err := b.opt.Shared.Claim(context.Background(), kind+":"+id)
	if err == nil && !first {
		b.log.Debug("claimed by another replica: not answered here", "kind", kind, "id", id)
	}
	return first || err != nil
}

// beginChange starts a change of the corpus folder, shared with the other
// replicas (through Shared) when there are any: end must be called once
// the change is done. On an error (another replica busy, Redis
// unreachable) nothing may change.
func (b *Bot) beginChange(ctx context.Context, try bool) (end func() error, err error) {
	if b.opt.Shared == nil {
		return func() error { return nil }, nil
	}
	if !try {
		// A moderator waits for another replica's change, within reason.
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		return b.opt.Shared.Begin(wctx, false)
	}
	return b.opt.Shared.Begin(ctx, true)
}

// notShared is what a moderator is told of a change that end could not
// share (err): it is saved here, and shared once Redis answers.
func notShared(err error) string {
	return fmt.Sprintf("Saved on this replica but not shared with the others: %v. It is kept and shared when Redis answers again.", err)
}
