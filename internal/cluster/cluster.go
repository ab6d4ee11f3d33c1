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
// clear refusal. Problem says so for /healthz. go-redis's own log lines go
// to slog's default logger at Debug.
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
	"sync/atomic"
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
	// Pending is the file (in the data folder) that keeps this replica's
	// changes not yet appended to the stream (Redis failed), so that they
	// are appended, in order, after a restart too; "" keeps them in memory
	// only.
	Pending string
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
	lastProbe time.Time // when the last failed call ended
	probing   bool      // a call is trying Redis while it is unreachable
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

// Open connects to Redis at opt.URL and checks it with a PING (which also
// selects the URL's database). It fails for a malformed URL and for a
// Redis that refuses this configuration (wrong password or user, no
// permission, no such database): those are mistakes to fix, not outages.
// Redis being down or hanging at start is a degradation like any other.
func Open(opt Options) (*Cluster, error) {
	ro, err := redis.ParseURL(opt.URL)
	if err != nil {
		return nil, fmt.Errorf("TALKSBOT_REDIS_URL: %w", err)
	}
	// Fail fast: an answer must not wait for an unreachable Redis. Each
	// call's context bounds it (ContextTimeoutEnabled): 250 ms while
	// answering, longer for the stream's reads and appends, which carry
	// articles; one dial and one retry at most, within that bound. The
	// socket timeouts are only a backstop, as long as the longest call.
	ro.DialTimeout, ro.PoolTimeout = quickTimeout, quickTimeout
	ro.ReadTimeout, ro.WriteTimeout = streamTimeout, streamTimeout
	ro.ContextTimeoutEnabled = true
	ro.MaxRetries, ro.DialerRetries = 1, 1
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
	routeLogs(opt.Log)
	host, _ := os.Hostname()
	rdb := redis.NewClient(ro)
	c := &Cluster{opt: opt, rdb: rdb, rate: redis_rate.NewLimiter(rdb), pos: "0",
		self: fmt.Sprintf("%s/%d/%d", host, os.Getpid(), time.Now().UnixNano())}
	if c.pending, err = loadPending(opt.Pending); err != nil {
		rdb.Close()
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err = rdb.Ping(ctx).Err()
	if misconfigured(err) {
		rdb.Close()
		return nil, fmt.Errorf("TALKSBOT_REDIS_URL: Redis refuses this configuration: %w", err)
	}
	if failed(err) {
		c.call(func() error { return err }) // Redis is unavailable: say so once
	}
	return c, nil
}

// misconfigured reports whether err is Redis refusing the URL's
// credentials, permissions or database: fixed by changing the setting, not
// by waiting.
func misconfigured(err error) bool {
	return redis.IsAuthError(err) || redis.IsPermissionError(err) || redis.HasErrorPrefix(err, "DB index") ||
		redis.HasErrorPrefix(err, "invalid password") || redis.HasErrorPrefix(err, "AUTH")
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
	return fmt.Sprintf("Redis unavailable since %s (%v): cooldowns are per replica, corpus changes wait",
		c.since.UTC().Format(time.TimeOnly), c.problem)
}

// call runs f against Redis and records whether Redis works. After a
// failure, calls fail at once without trying Redis, except one probe at a
// time, at most once a second after the last failure ended: so once an
// outage is known, an answer waits for Redis at most one quick timeout (the
// one that probes), and usually not at all.
func (c *Cluster) call(f func() error) error {
	c.hmu.Lock()
	probe := c.problem != nil
	if probe && (c.probing || time.Since(c.lastProbe) < time.Second) {
		c.hmu.Unlock()
		return &UnreachableError{errDown}
	}
	c.probing = c.probing || probe
	c.hmu.Unlock()
	err := f()
	c.hmu.Lock()
	defer c.hmu.Unlock()
	if probe {
		c.probing = false
	}
	if failed(err) {
		c.lastProbe = time.Now()
		if c.problem == nil {
			c.since = time.Now()
			c.opt.Log.Warn("Redis unavailable: cooldowns fall back to each replica's own, corpus changes wait", "error", err)
		}
		c.problem = err
		return &UnreachableError{err}
	}
	if c.problem != nil {
		c.opt.Log.Info("Redis reachable again: shared cooldowns, claims and corpus changes resume", "down", time.Since(c.since).Round(time.Second))
		c.problem = nil
	}
	return err
}

// failed reports whether err means Redis does not serve the bot: a
// network failure or timeout, or an error reply that says Redis cannot
// do its job now or for this client (NOAUTH, WRONGPASS, NOPERM, a missing
// database, READONLY, LOADING, MASTERDOWN, OOM…). Only redis.Nil, a key's
// absence, is a normal answer: the bot sends no command that Redis
// refuses when it works.
func failed(err error) bool {
	return err != nil && !errors.Is(err, redis.Nil)
}

// quickTimeout bounds one call made while answering (and a dial);
// streamTimeout one read or append of the stream (at most readCount ×
// MaxFileBytes = 64 MiB).
const (
	quickTimeout  = 250 * time.Millisecond
	streamTimeout = 30 * time.Second
)

// quick bounds one call made while answering.
func quick(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, quickTimeout)
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

// routeLogs sends go-redis's own log lines ("failed to dial", pool
// notices), which it writes to stderr unstructured, to log at Debug: the
// bot reports Redis's state itself, once per outage. go-redis has one
// logger for the process; the latest Open's log gets the lines.
func routeLogs(log *slog.Logger) {
	redisLog.Store(log)
	setLogger()
}

var (
	redisLog  atomic.Pointer[slog.Logger]
	setLogger = sync.OnceFunc(func() { redis.SetLogger(debugLogger{}) })
)

// debugLogger is go-redis's logger interface (Printf) over slog.
type debugLogger struct{}

func (debugLogger) Printf(ctx context.Context, format string, v ...any) {
	if log := redisLog.Load(); log != nil {
		log.DebugContext(ctx, "redis client: "+fmt.Sprintf(format, v...))
	}
}
