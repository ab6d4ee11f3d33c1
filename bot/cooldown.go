package bot

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Cooldown is how many questions one member may ask in a burst, and how
// fast the allowance refills.
type Cooldown struct {
	Burst int           // default 5
	Every time.Duration // one more question per Every (default 3 s)
}

// cooldowns is a token bucket per user. Buckets that have refilled are
// forgotten, so the map stays as small as the set of recent askers. With
// shared set, the allowance is shared by every replica, and the buckets
// here count only while shared cannot be reached.
type cooldowns struct {
	cfg Cooldown
	now func() time.Time

	shared   Shared
	log      *slog.Logger
	fallback atomic.Bool // shared failed: counting here (logged once)

	mu      sync.Mutex
	buckets map[string]bucket
	sweep   time.Time
	told    map[string]time.Time // member → end of the wait they were told of
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newCooldowns(cfg Cooldown) *cooldowns {
	if cfg.Burst <= 0 {
		cfg.Burst = 5
	}
	if cfg.Every <= 0 {
		cfg.Every = 3 * time.Second
	}
	return &cooldowns{cfg: cfg, now: time.Now, buckets: map[string]bucket{}, told: map[string]time.Time{}}
}

// maxTold bounds the members remembered as told of their wait.
const maxTold = 100_000

// tell reports whether user, refused for wait, should be told so: once per
// wait, so that a member who keeps posting in a channel while refused
// gets one public reply, not one per message (which would amplify a
// flood). Each replica remembers its own.
func (c *cooldowns) tell(user string, wait time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if until, ok := c.told[user]; ok && now.Before(until) {
		return false
	}
	if len(c.told) >= maxTold {
		for u, until := range c.told {
			if !now.Before(until) {
				delete(c.told, u)
			}
		}
		if len(c.told) >= maxTold {
			c.told = map[string]time.Time{}
		}
	}
	c.told[user] = now.Add(wait)
	return true
}

// shareWith makes the allowance the one shared through s (nil: none),
// falling back to this process's own count while s fails.
func (c *cooldowns) shareWith(s Shared, log *slog.Logger) *cooldowns {
	c.shared, c.log = s, log
	return c
}

// allow takes one question from user's allowance. When it is spent it
// returns false and how long until the next question is allowed.
func (c *cooldowns) allow(user string) (bool, time.Duration) {
	if c.shared != nil {
		ok, wait, err := c.shared.Allow(context.Background(), user, c.cfg.Burst, c.cfg.Every)
		if err == nil {
			if c.fallback.Swap(false) {
				c.log.Info("cooldowns shared by the replicas again")
			}
			return ok, wait
		}
		if !c.fallback.Swap(true) {
			c.log.Warn("shared cooldowns unavailable: each replica counts its members' questions itself until Redis answers", "error", err)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	full := float64(c.cfg.Burst)
	if now.Sub(c.sweep) > time.Minute {
		for u, b := range c.buckets {
			if c.refill(b, now) >= full {
				delete(c.buckets, u)
			}
		}
		c.sweep = now
	}
	b, ok := c.buckets[user]
	if !ok {
		b = bucket{tokens: full, at: now}
	}
	b.tokens, b.at = c.refill(b, now), now
	if b.tokens < 1 {
		c.buckets[user] = b
		return false, time.Duration((1 - b.tokens) * float64(c.cfg.Every))
	}
	b.tokens--
	c.buckets[user] = b
	return true, 0
}

func (c *cooldowns) refill(b bucket, now time.Time) float64 {
	return min(float64(c.cfg.Burst), b.tokens+float64(now.Sub(b.at))/float64(c.cfg.Every))
}
