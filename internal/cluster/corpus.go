package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/talksbot/talksbot/internal/atomicfile"
)

// Bounds on what the stream carries and what a replica reads of it at once.
const (
	// MaxFileBytes bounds one file of a change (articles are at most 2 MiB).
	MaxFileBytes = 4 << 20
	// maxName bounds a file name.
	maxName = 255
	// readCount is how many entries one read of the stream takes: at most
	// readCount × MaxFileBytes = 64 MiB in one reply, read within
	// streamTimeout.
	readCount = 16
)

// entry is one file operation of a corpus change: the file name in the
// corpus folder and its new content, or removed.
type entry struct {
	ID      string // stream id; "" before it is appended
	Name    string
	Data    []byte
	Removed bool
}

// validName reports whether name can be a file of the corpus folder: one
// plain name, not hidden, within bounds.
func validName(name string) bool {
	return name != "" && len(name) <= maxName && !strings.HasPrefix(name, ".") &&
		!strings.ContainsAny(name, `/\`+"\x00") && filepath.Base(name) == name
}

func (c *Cluster) streamKey() string { return c.opt.Prefix + "corpus" }
func (c *Cluster) lockKey() string   { return c.opt.Prefix + "lock:corpus" }

// Begin makes this replica the only one changing the corpus, until end is
// called: it takes the corpus lock (renewed until end), appends this
// replica's changes that waited for Redis, and applies the other
// replicas' changes not yet applied here. end appends every file added,
// replaced or removed in the corpus folder meanwhile to the stream, and
// releases the lock. With try Begin returns ErrBusy at once when another
// replica holds the lock; without, it waits for it as long as ctx allows.
// When Redis cannot be reached the error is an *UnreachableError, and the
// caller must change nothing.
//
// When the change cannot be appended at end (Redis lost meanwhile), end
// returns an *UnreachableError: the change stays in this replica's corpus
// folder and in the Pending file, and is appended, in order, when Redis
// answers again (Follow, the next Begin, or CatchUp after a restart).
func (c *Cluster) Begin(ctx context.Context, try bool) (end func() error, err error) {
	unlock, err := c.lock(ctx, try)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	var before map[string]stamp
	err = c.flushLocked(ctx)
	if err == nil {
		err = c.catchUpLocked(ctx)
	}
	if err == nil {
		before, err = snapshot(c.opt.Corpus)
	}
	if err != nil {
		c.mu.Unlock()
		unlock()
		return nil, err
	}
	return func() error {
		defer unlock()
		defer c.mu.Unlock()
		now, err := snapshot(c.opt.Corpus)
		if err != nil {
			c.opt.Log.Error("reading the corpus folder after a change; it is not shared", "error", err)
			return err
		}
		ops := c.diff(before, now)
		if len(ops) == 0 {
			return nil
		}
		c.pending = compact(append(c.pending, ops...))
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), streamTimeout)
		defer cancel()
		if err := c.flushLocked(fctx); err != nil {
			c.opt.Log.Warn("a corpus change could not be shared yet; it will be when Redis answers", "files", len(ops), "error", c.why(err))
			if perr := savePending(c.opt.Pending, c.pending); perr != nil {
				c.opt.Log.Error("keeping the change that waits for Redis in the data folder failed; it is kept in memory", "file", c.opt.Pending, "error", perr)
			}
			return err
		}
		return nil
	}, nil
}

// compact keeps the last change of each file of pending, in the order of
// those last changes: a change that waits for Redis is replaced by a later
// one of the same file, so that what waits while Redis is away is at most
// one change a file, however many were made.
func compact(pending []entry) []entry {
	last := make(map[string]int, len(pending))
	for i, e := range pending {
		last[e.Name] = i
	}
	if len(last) == len(pending) {
		return pending
	}
	out := make([]entry, 0, len(last))
	for i, e := range pending {
		if last[e.Name] == i {
			out = append(out, e)
		}
	}
	return out
}

// loadPending reads the changes that waited for Redis when the replica
// stopped.
func loadPending(path string) ([]entry, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	var out []entry
	if err == nil {
		err = json.Unmarshal(data, &out)
	}
	if err != nil {
		return nil, fmt.Errorf("the corpus changes waiting for Redis (%s): %w", path, err)
	}
	return compact(out), nil
}

// savePending keeps pending in the file at path (removed when empty).
func savePending(path string, pending []entry) error {
	if path == "" {
		return nil
	}
	if len(pending) == 0 {
		err := os.Remove(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	data, err := json.Marshal(pending)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, data, 0o644)
}

// lock takes the corpus lock and returns its release. The lock expires
// after LockTTL unless renewed, so a replica that dies holding it blocks
// the others for LockTTL at most.
func (c *Cluster) lock(ctx context.Context, try bool) (func(), error) {
	key, ttl := c.lockKey(), c.opt.LockTTL
	for {
		var got bool
		err := c.call(func() (err error) {
			cctx, cancel := quick(ctx)
			defer cancel()
			got, err = c.rdb.SetNX(cctx, key, c.self, ttl).Result()
			return err
		})
		if err != nil {
			return nil, err
		}
		if got {
			break
		}
		if try {
			return nil, ErrBusy
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (waited %w)", ErrBusy, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				err := c.call(func() error {
					cctx, cancel := quick(context.Background())
					defer cancel()
					return renew.Run(cctx, c.rdb, []string{key}, c.self, ttl.Milliseconds()).Err()
				})
				if err != nil {
					c.opt.Log.Warn("renewing the corpus lock failed", "error", err)
				}
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		c.call(func() error {
			cctx, cancel := quick(context.Background())
			defer cancel()
			return release.Run(cctx, c.rdb, []string{key}, c.self).Err()
		})
	}, nil
}

// renew and release touch the lock only while this replica holds it.
var (
	renew = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 0`)
	release = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1]) end
return 0`)
)

// stamp is what tells a file changed: its size and modification time.
type stamp struct {
	size int64
	mod  time.Time
}

// snapshot lists the plain files of dir.
func snapshot(dir string) (map[string]stamp, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read the corpus folder: %w", err)
	}
	out := map[string]stamp{}
	for _, e := range entries {
		if !e.Type().IsRegular() || !validName(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		out[e.Name()] = stamp{info.Size(), info.ModTime()}
	}
	return out, nil
}

// diff is what changed in the corpus folder from before to now: files
// added or changed with their content, files removed.
func (c *Cluster) diff(before, now map[string]stamp) []entry {
	var ops []entry
	for name, st := range now {
		if old, ok := before[name]; ok && old == st {
			continue
		}
		data, err := os.ReadFile(filepath.Join(c.opt.Corpus, name))
		if err != nil || len(data) > MaxFileBytes {
			c.opt.Log.Warn("a changed corpus file is not shared", "file", name, "size", st.size, "error", err)
			continue
		}
		ops = append(ops, entry{Name: name, Data: data})
	}
	for name := range before {
		if _, ok := now[name]; !ok {
			ops = append(ops, entry{Name: name, Removed: true})
		}
	}
	return ops
}

// flushLocked appends the pending changes to the stream, in one
// transaction.
func (c *Cluster) flushLocked(ctx context.Context) error {
	if len(c.pending) == 0 {
		return nil
	}
	err := c.call(func() error {
		cctx, cancel := context.WithTimeout(ctx, streamTimeout)
		defer cancel()
		_, err := c.rdb.TxPipelined(cctx, func(p redis.Pipeliner) error {
			for _, op := range c.pending {
				values := map[string]any{"name": op.Name, "origin": c.self}
				if op.Removed {
					values["op"] = "remove"
				} else {
					values["op"], values["data"] = "put", op.Data
				}
				p.XAdd(cctx, &redis.XAddArgs{Stream: c.streamKey(), Values: values})
			}
			return nil
		})
		return err
	})
	if err != nil {
		return err
	}
	c.opt.Log.Info("corpus change shared with the other replicas", "files", len(c.pending))
	c.pending = nil
	if err := savePending(c.opt.Pending, nil); err != nil {
		c.opt.Log.Error("removing the file of corpus changes that waited for Redis failed; they would be shared again after a restart", "file", c.opt.Pending, "error", err)
	}
	return nil
}

// read returns the stream's entries after id, waiting up to block for one
// when block > 0.
func (c *Cluster) read(ctx context.Context, id string, block time.Duration) ([]entry, error) {
	var res []redis.XStream
	err := c.call(func() (err error) {
		if block <= 0 {
			start := "(" + id
			if id == "0" {
				start = "-"
			}
			cctx, cancel := context.WithTimeout(ctx, streamTimeout)
			defer cancel()
			msgs, err := c.rdb.XRangeN(cctx, c.streamKey(), start, "+", readCount).Result()
			res = []redis.XStream{{Messages: msgs}}
			return err
		}
		cctx, cancel := context.WithTimeout(ctx, block+streamTimeout)
		defer cancel()
		res, err = c.rdb.XRead(cctx, &redis.XReadArgs{Streams: []string{c.streamKey(), id}, Count: readCount, Block: block}).Result()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return nil, nil // nothing new within block
	}
	if err != nil {
		return nil, err
	}
	var out []entry
	for _, s := range res {
		for _, m := range s.Messages {
			out = append(out, parseEntry(m))
		}
	}
	return out, nil
}

// parseEntry reads one stream message; a malformed one has an empty Name
// and is skipped when applied.
func parseEntry(m redis.XMessage) entry {
	e := entry{ID: m.ID}
	name, _ := m.Values["name"].(string)
	if !validName(name) {
		return e
	}
	switch m.Values["op"] {
	case "remove":
		e.Name, e.Removed = name, true
	case "put":
		data, _ := m.Values["data"].(string)
		if len(data) <= MaxFileBytes {
			e.Name, e.Data = name, []byte(data)
		}
	}
	return e
}

// applyLocked brings the corpus folder to the state entries leave it in:
// for each file the last entry wins. A file replaced or removed goes to the
// trash folder. It reports whether the folder changed.
func (c *Cluster) applyLocked(entries []entry) (bool, error) {
	last := map[string]entry{}
	var order []string
	for _, e := range entries {
		if e.ID != "" && !after(e.ID, c.pos) {
			continue // applied already
		}
		if e.Name != "" {
			if _, seen := last[e.Name]; !seen {
				order = append(order, e.Name)
			}
			last[e.Name] = e
		}
	}
	changed := false
	for _, name := range order {
		e := last[name]
		path := filepath.Join(c.opt.Corpus, name)
		old, err := os.ReadFile(path)
		exists := err == nil
		if !e.Removed && exists && bytes.Equal(old, e.Data) {
			continue
		}
		if e.Removed && !exists {
			continue
		}
		if exists {
			if err := c.trash(name); err != nil {
				return changed, err
			}
		}
		if !e.Removed {
			if err := atomicfile.Write(path, e.Data, 0o644); err != nil {
				return changed, fmt.Errorf("write %s: %w", name, err)
			}
		}
		changed = true
	}
	for _, e := range entries {
		if e.ID != "" && after(e.ID, c.pos) {
			c.pos = e.ID
		}
	}
	return changed, nil
}

// trash moves the corpus file name to the trash folder.
func (c *Cluster) trash(name string) error {
	if err := os.MkdirAll(c.opt.Trash, 0o755); err != nil {
		return err
	}
	to := filepath.Join(c.opt.Trash, name+"."+time.Now().UTC().Format("20060102T150405.000000000"))
	if err := os.Rename(filepath.Join(c.opt.Corpus, name), to); err != nil {
		return fmt.Errorf("move %s out of the corpus: %w", name, err)
	}
	return nil
}

// catchUpLocked applies every entry of the stream after pos.
func (c *Cluster) catchUpLocked(ctx context.Context) error {
	for {
		entries, err := c.read(ctx, c.pos, 0)
		if err != nil {
			return err
		}
		changed, err := c.applyLocked(entries)
		c.dirty = c.dirty || changed
		if err != nil {
			return err
		}
		if len(entries) < readCount {
			return nil
		}
	}
}

// CatchUp appends this replica's changes that waited for Redis when it
// stopped, then applies the whole stream to the corpus folder: at start,
// before the index is opened, so that a replica that starts later has
// every change the others made. It reports whether the folder changed.
func (c *Cluster) CatchUp(ctx context.Context) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.flushLocked(ctx) // this replica's changes first, as made
	if err == nil {
		err = c.catchUpLocked(ctx)
	}
	changed := c.dirty
	c.dirty = false
	return changed, err
}

// Follow applies the other replicas' changes as they are appended, and
// calls rebuild (which rebuilds the index while the old one answers) after
// each batch that changed the corpus folder, until ctx is done. rebuild
// runs without holding the corpus folder, so a change begun on this
// replica meanwhile does not wait for it (the index serialises its
// rebuilds). While Redis cannot be reached it says why once, retries every
// few seconds, then catches up; it also appends this replica's changes
// that waited for Redis.
func (c *Cluster) Follow(ctx context.Context, rebuild func() error) {
	wait := time.Second
	var down bool // following has stopped, and said why
	for ctx.Err() == nil {
		c.mu.Lock()
		pos := c.pos
		err := c.flushLocked(ctx)
		c.mu.Unlock()
		if err == nil && c.Problem() != "" {
			// Probe with a quick PING, not with the long read below, so
			// that the others' calls wait for a short probe only.
			err = c.call(func() error {
				cctx, cancel := quick(ctx)
				defer cancel()
				return c.rdb.Ping(cctx).Err()
			})
		}
		var entries []entry
		if err == nil {
			entries, err = c.read(ctx, pos, 5*time.Second)
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if !down {
				down = true
				c.opt.Log.Warn("cannot follow the other replicas' corpus changes until Redis answers; retrying", "error", c.why(err))
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(2*wait, 5*time.Second)
			continue
		}
		if down {
			down = false
			c.opt.Log.Info("following the other replicas' corpus changes again")
		}
		wait = time.Second
		c.mu.Lock()
		changed, err := c.applyLocked(entries)
		dirty := c.dirty || changed
		c.dirty = false // a change applied during the rebuild sets it again
		c.mu.Unlock()
		if err != nil {
			c.opt.Log.Error("applying a corpus change from another replica failed", "error", err)
		}
		if dirty {
			c.opt.Log.Info("corpus changed on another replica: rebuilding the index while the old one answers", "entries", len(entries))
			if err := rebuild(); err != nil {
				c.opt.Log.Warn("rebuilding after another replica's change failed; retrying", "error", err)
				c.mu.Lock()
				c.dirty = true
				c.mu.Unlock()
			}
		}
	}
}

// why is what err, a failed call, says of Redis: the failure that made
// Redis unavailable when err only says so.
func (c *Cluster) why(err error) error {
	if errors.Is(err, errDown) {
		c.hmu.Lock()
		defer c.hmu.Unlock()
		if c.problem != nil {
			return c.problem
		}
	}
	return err
}
