package bot

import (
	"context"
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
	// Change runs change on the corpus folder as the only replica
	// changing it, after applying the other replicas' changes, and shares
	// what change did with them. With try it fails at once when another
	// replica is changing the corpus. When it returns an error without
	// running change, nothing changed.
	Change(ctx context.Context, try bool, change func() error) error
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

// changeCorpus runs change on the corpus folder, through Shared when
// replicas share the corpus. ran is false when change did not run, and err
// then says why (another replica busy, Redis unreachable).
func (b *Bot) changeCorpus(ctx context.Context, try bool, change func() error) (ran bool, err error) {
	if b.opt.Shared == nil {
		return true, change()
	}
	if !try {
		// A moderator waits for another replica's change, within reason.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Minute)
		defer cancel()
	}
	err = b.opt.Shared.Change(ctx, try, func() error {
		ran = true
		return change()
	})
	return ran, err
}
