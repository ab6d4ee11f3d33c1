// Package cluster is the state that talksbot's replicas share through
// Redis (TALKSBOT_REDIS_URL): each member's cooldown (GCRA, with
// github.com/go-redis/redis_rate), the claim that lets one replica alone
// answer an interaction or a mention (SET NX with expiry), one lock on the
// corpus (SET NX with expiry, renewed while held), and the stream of corpus
// changes that every replica applies to its own corpus folder (a Redis
// Stream that keeps every change, replayed from its start by a replica
// that starts later).
//
// Without Redis the bot runs as one process, as before; this package is
// then not used at all. When Redis cannot be reached the calls fail fast
// (a failure is retried at most once a second) and the caller falls back:
// cooldowns to the replica's own, claims to answering, corpus changes to a
// clear refusal. Problem says so for /healthz.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// Options configures a Cluster.
type Options struct {
	// URL is the Redis address, redis://[user:password@]host:port/db (or
	// rediss:// for TLS).
	URL string
	// Corpus is this replica's corpus folder, which the stream of changes
	// keeps in step with the other replicas'.
	Corpus string
	// Trash keeps the files that changes replace or remove, so nothing is
	// lost.
	Trash string
	// Prefix starts every key (default "talksbot:"), so that one Redis can
	// serve several bots.
	Prefix string
	// LockTTL is how long the corpus lock outlives a replica that dies
	// holding it (default 15 s); it is renewed every third of it.
	LockTTL time.Duration
	Log     *slog.Logger
}

// Cluster is one replica's connection to the shared state.
type Cluster struct {
	opt  Options
	rdb  *redis.Client
	rate *redis_rate.Limiter
	self string // this replica, for the lock's owner and the stream's origin

	// mu guards the corpus folder while changes are applied or made, and
	// the fields below.
	mu      sync.Mutex
	pos     string  // id of the last stream entry applied
	pending []entry // this replica's changes not yet appended (Redis failed)
	dirty   bool    // changes applied that the index does not have yet

	hmu       sync.Mutex
	problem   error     // the last failure to reach Redis; nil when reachable
	since     time.Time // when Redis became unreachable
	lastProbe time.Time // last attempt while unreachable
}

// ErrBusy is Begin's error when another replica holds the corpus.
var ErrBusy = errors.New("another replica is changing the corpus")

// UnreachableError is a failure to reach Redis.
type UnreachableError struct{ Err error }

func (e *UnreachableError) Error() string {
	return "the replicas' shared store (Redis) cannot be reached: " + e.Err.Error()
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// errDown is returned without trying Redis within a second of a failure.
var errDown = errors.New("unreachable a moment ago")

// Open connects to Redis at opt.URL. It fails only for a malformed URL:
// Redis being down at start is a degradation like any other.
func Open(opt Options) (*Cluster, error) {
	ro, err := redis.ParseURL(opt.URL)
	if err != nil {
		return nil, fmt.Errorf("TALKSBOT_REDIS_URL: %w", err)
	}
	// Fail fast: an answer must not wait for an unreachable Redis.
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout, ro.PoolTimeout = time.Second, time.Second, time.Second, time.Second
	ro.MaxRetries = 1
	ro.DisableIdentity = true // no CLIENT SETINFO: older servers log it as an error
	if opt.Prefix == "" {
		opt.Prefix = "talksbot:"
	}
	if opt.LockTTL <= 0 {
		opt.LockTTL = 15 * time.Second
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	host, _ := os.Hostname()
	rdb := redis.NewClient(ro)
	return &Cluster{opt: opt, rdb: rdb, rate: redis_rate.NewLimiter(rdb), pos: "0",
		self: fmt.Sprintf("%s/%d/%d", host, os.Getpid(), time.Now().UnixNano())}, nil
}

// Close closes the connections to Redis.
func (c *Cluster) Close() error { return c.rdb.Close() }

// Problem is why the shared state is degraded, for /healthz; "" when
// Redis answers.
func (c *Cluster) Problem() string {
	c.hmu.Lock()
	defer c.hmu.Unlock()
	if c.problem == nil {
		return ""
	}
	return fmt.Sprintf("Redis unreachable since %s (%v): cooldowns are per replica, corpus changes wait",
		c.since.UTC().Format(time.TimeOnly), c.problem)
}

// call runs f against Redis unless Redis failed less than a second ago,
// and records whether Redis answered. redis.Nil and script results are
// answers, not failures.
func (c *Cluster) call(f func() error) error {
	c.hmu.Lock()
	if c.problem != nil && time.Since(c.lastProbe) < time.Second {
		c.hmu.Unlock()
		return &UnreachableError{errDown}
	}
	c.lastProbe = time.Now()
	c.hmu.Unlock()
	err := f()
	if err != nil && !errors.Is(err, redis.Nil) && !isServerReply(err) {
		c.hmu.Lock()
		if c.problem == nil {
			c.since = time.Now()
			c.opt.Log.Warn("Redis unreachable: cooldowns fall back to each replica's own, corpus changes wait", "error", err)
		}
		c.problem = err
		c.hmu.Unlock()
		return &UnreachableError{err}
	}
	c.hmu.Lock()
	if c.problem != nil {
		c.opt.Log.Info("Redis reachable again: shared cooldowns, claims and corpus changes resume", "down", time.Since(c.since).Round(time.Second))
		c.problem = nil
	}
	c.hmu.Unlock()
	return err
}

// isServerReply reports whether err is an error reply from Redis (the
// server answered), not a network failure.
func isServerReply(err error) bool {
	var re redis.Error
	return errors.As(err, &re) && !errors.Is(err, context.DeadlineExceeded) && !strings.HasPrefix(err.Error(), "LOADING")
}

// quick bounds one call made while answering.
func quick(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 500*time.Millisecond)
}

// Allow takes one question from user's allowance, shared by every replica:
// burst questions at once, then one per every (GCRA). When it is spent it
// returns false and how long until the next question is allowed.
func (c *Cluster) Allow(ctx context.Context, user string, burst int, every time.Duration) (bool, time.Duration, error) {
	ctx, cancel := quick(ctx)
	defer cancel()
	var res *redis_rate.Result
	err := c.call(func() (err error) {
		res, err = c.rate.Allow(ctx, c.opt.Prefix+"cooldown:"+user, redis_rate.Limit{Rate: 1, Period: every, Burst: burst})
		return err
	})
	if err != nil {
		return false, 0, err
	}
	return res.Allowed > 0, res.RetryAfter, nil
}

// claimTTL is how long a claim is kept: longer than Discord accepts a
// signed request (5 minutes either way) and an interaction token lives (15
// minutes).
const claimTTL = 20 * time.Minute

// Claim reports whether this replica is the first to claim id (an
// interaction or message id, with its kind): only the first answers it.
func (c *Cluster) Claim(ctx context.Context, id string) (bool, error) {
	ctx, cancel := quick(ctx)
	defer cancel()
	var first bool
	err := c.call(func() (err error) {
		first, err = c.rdb.SetNX(ctx, c.opt.Prefix+"claim:"+id, c.self, claimTTL).Result()
		return err
	})
	return first, err
}

// after compares Redis stream ids ("ms-seq"): whether a comes after b.
func after(a, b string) bool {
	am, as := splitID(a)
	bm, bs := splitID(b)
	return am > bm || (am == bm && as > bs)
}

func splitID(id string) (uint64, uint64) {
	ms, seq, _ := strings.Cut(id, "-")
	m, _ := strconv.ParseUint(ms, 10, 64)
	s, _ := strconv.ParseUint(seq, 10, 64)
	return m, s
}
