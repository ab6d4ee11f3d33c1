package cluster_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/talksbot/talksbot/internal/cluster"
	"github.com/talksbot/talksbot/internal/redistest"
)

// replica is one Cluster with its own corpus and trash folders.
type replica struct {
	*cluster.Cluster
	corpus, trash string
}

func open(t *testing.T, r *redistest.Server, prefix string) replica {
	t.Helper()
	dir := t.TempDir()
	rp := replica{corpus: filepath.Join(dir, "corpus"), trash: filepath.Join(dir, "removed")}
	if err := os.MkdirAll(rp.corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := cluster.Open(cluster.Options{URL: r.URL(), Corpus: rp.corpus, Trash: rp.trash, Prefix: prefix, LockTTL: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	rp.Cluster = c
	return rp
}

func TestOpenRefusesMalformedURL(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:6379", "redis://host:port:x/0", "redis://127.0.0.1:6379/db"} {
		if _, err := cluster.Open(cluster.Options{URL: u}); err == nil {
			t.Errorf("Open(%q) = nil error", u)
		}
	}
}

// TestCooldownIsShared: 5 questions at once, then one per period, counted
// across replicas.
func TestCooldownIsShared(t *testing.T) {
	r := redistest.Start(t)
	a, b := open(t, r, "cool:"), open(t, r, "cool:")
	ctx := context.Background()
	for i := range 5 {
		rp := []replica{a, b}[i%2]
		if ok, _, err := rp.Allow(ctx, "member1", 5, 3*time.Second); !ok || err != nil {
			t.Fatalf("question %d: allowed %v, %v; want allowed", i+1, ok, err)
		}
	}
	ok, wait, err := b.Allow(ctx, "member1", 5, 3*time.Second)
	if ok || err != nil || wait <= 0 || wait > 3*time.Second {
		t.Errorf("sixth question: allowed %v, wait %v, %v; want refused with a wait within 3 s", ok, wait, err)
	}
	if ok, _, err := a.Allow(ctx, "member2", 5, 3*time.Second); !ok || err != nil {
		t.Errorf("another member: allowed %v, %v; want allowed", ok, err)
	}
}

// TestClaimOnce: of many replicas claiming one id at once, one wins.
func TestClaimOnce(t *testing.T) {
	r := redistest.Start(t)
	reps := []replica{open(t, r, "claim:"), open(t, r, "claim:"), open(t, r, "claim:")}
	var mu sync.Mutex
	wins := 0
	var wg sync.WaitGroup
	for _, rp := range reps {
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				first, err := rp.Claim(context.Background(), "interaction:1500000000000000001")
				if err != nil {
					t.Error(err)
				}
				if first {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d claims won, want 1", wins)
	}
}

// change runs f between Begin and its end, as the bot does.
func change(ctx context.Context, r replica, try bool, f func() error) error {
	end, err := r.Begin(ctx, try)
	if err != nil {
		return err
	}
	defer end()
	return f()
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func files(t *testing.T, dir string) string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out = append(out, e.Name()+"="+string(b))
	}
	return strings.Join(out, " ")
}

// TestCorpusChangesReachEveryReplica: a file added, replaced and removed
// on one replica reaches another that follows the stream (which rebuilds
// once per batch), and a replica started afterwards replays it all.
func TestCorpusChangesReachEveryReplica(t *testing.T) {
	r := redistest.Start(t)
	a, b := open(t, r, "sync:"), open(t, r, "sync:")
	write(t, b.corpus, "old.txt", "an article only b had")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rebuilt := make(chan string, 10)
	go b.Follow(ctx, func() error { rebuilt <- files(t, b.corpus); return nil })

	steps := []struct {
		change func()
		want   string // b's corpus folder after the change
	}{
		{func() { write(t, a.corpus, "one.txt", "first") }, "old.txt=an article only b had one.txt=first"},
		{func() { write(t, a.corpus, "one.txt", "first, corrected"); write(t, a.corpus, "two.md", "second") },
			"old.txt=an article only b had one.txt=first, corrected two.md=second"},
		{func() { os.Remove(filepath.Join(a.corpus, "one.txt")) }, "old.txt=an article only b had two.md=second"},
	}
	for i, st := range steps {
		if err := change(ctx, a, false, func() error { st.change(); return nil }); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		select {
		case got := <-rebuilt:
			if got != st.want {
				t.Errorf("step %d: b's corpus at its rebuild is %q, want %q", i+1, got, st.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("step %d: b did not rebuild within 10 s", i+1)
		}
	}
	// What b replaced or removed is kept in its trash folder.
	if got := files(t, b.trash); !strings.Contains(got, "one.txt.") || !strings.Contains(got, "=first") {
		t.Errorf("b's trash folder is %q, want both versions of one.txt", got)
	}
	// A replica that starts later replays the stream from its start.
	c := open(t, r, "sync:")
	changed, err := c.CatchUp(ctx)
	if got := files(t, c.corpus); !changed || err != nil || got != "two.md=second" {
		t.Errorf("late replica: changed %v, %v, corpus %q; want two.md only", changed, err, got)
	}
	if changed, err := c.CatchUp(ctx); changed || err != nil {
		t.Errorf("second catch-up: changed %v, %v; want nothing to do", changed, err)
	}
}

// TestChangeTakesTurns: while one replica changes the corpus another's
// try fails with ErrBusy, and a waiting one runs after it, having applied
// its change first.
func TestChangeTakesTurns(t *testing.T) {
	r := redistest.Start(t)
	a, b := open(t, r, "turns:"), open(t, r, "turns:")
	ctx := context.Background()
	inside, leave := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- change(ctx, a, false, func() error {
			write(t, a.corpus, "a.txt", "from a")
			close(inside)
			<-leave
			return nil
		})
	}()
	<-inside
	if err := change(ctx, b, true, func() error { t.Error("ran while a held the corpus"); return nil }); !errors.Is(err, cluster.ErrBusy) {
		t.Errorf("try while a holds the corpus = %v, want ErrBusy", err)
	}
	waited := make(chan error)
	go func() {
		waited <- change(ctx, b, false, func() error {
			if got := files(t, b.corpus); got != "a.txt=from a" {
				t.Errorf("b's change ran on %q, want a's change applied first", got)
			}
			return errors.New("the change's own error")
		})
	}()
	close(leave)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-waited; err == nil || err.Error() != "the change's own error" {
		t.Errorf("change = %v, want the change's own error", err)
	}
}

// TestRedisDown: with Redis stopped every call fails fast with an
// UnreachableError, a change does not run, Problem says so; after a
// restart the same Cluster works again and Problem is empty.
func TestRedisDown(t *testing.T) {
	r := redistest.Start(t)
	a := open(t, r, "down:")
	ctx := context.Background()
	if ok, _, err := a.Allow(ctx, "m", 5, 3*time.Second); !ok || err != nil {
		t.Fatalf("Allow before stop: %v %v", ok, err)
	}
	r.Stop(t)
	var ue *cluster.UnreachableError
	if _, _, err := a.Allow(ctx, "m", 5, 3*time.Second); !errors.As(err, &ue) {
		t.Errorf("Allow with Redis stopped = %v, want an UnreachableError", err)
	}
	if _, err := a.Claim(ctx, "x"); !errors.As(err, &ue) {
		t.Errorf("Claim with Redis stopped = %v, want an UnreachableError", err)
	}
	ran := false
	err := change(ctx, a, false, func() error { ran = true; return nil })
	if !errors.As(err, &ue) || ran || !strings.Contains(err.Error(), "cannot be reached") {
		t.Errorf("Begin with Redis stopped = %v (ran %v), want an UnreachableError and no change", err, ran)
	}
	if p := a.Problem(); !strings.Contains(p, "Redis unavailable") {
		t.Errorf("Problem = %q, want it to say Redis is unavailable", p)
	}
	r.Restart(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		first, err := a.Claim(ctx, "after-restart")
		if err == nil {
			if !first {
				t.Error("first claim after restart lost")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Claim still failing 10 s after restart: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if p := a.Problem(); p != "" {
		t.Errorf("Problem after restart = %q, want empty", p)
	}
}

// BenchmarkAnswerRoundTrips is what Redis adds to one answer: the claim of
// the interaction and the member's cooldown, two round trips to a local
// redis-server (go test -run '^$' -bench . ./internal/cluster).
func BenchmarkAnswerRoundTrips(b *testing.B) {
	r := redistest.Start(b)
	c, err := cluster.Open(cluster.Options{URL: r.URL(), Prefix: "bench:"})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		id := strconv.Itoa(i)
		if first, err := c.Claim(ctx, "interaction:"+id); !first || err != nil {
			b.Fatal(first, err)
		}
		if _, _, err := c.Allow(ctx, "member"+id, 5, 3*time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClaim and BenchmarkAllow split BenchmarkAnswerRoundTrips.
func BenchmarkClaim(b *testing.B) {
	r := redistest.Start(b)
	c, _ := cluster.Open(cluster.Options{URL: r.URL(), Prefix: "bench:"})
	defer c.Close()
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		if _, err := c.Claim(ctx, "interaction:"+strconv.Itoa(i)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAllow(b *testing.B) {
	r := redistest.Start(b)
	c, _ := cluster.Open(cluster.Options{URL: r.URL(), Prefix: "bench:"})
	defer c.Close()
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		if _, _, err := c.Allow(ctx, "member"+strconv.Itoa(i), 5, 3*time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHangingRedisFailsFast: with Redis accepting connections and never
// answering, the calls made while answering (a claim and a cooldown per
// interaction) fail within one short timeout once the outage is known,
// instead of each waiting out socket timeouts and retries; Problem says
// so. The bound is loose (a few interactions in well under Discord's 3 s).
func TestHangingRedisFailsFast(t *testing.T) {
	c, err := cluster.Open(cluster.Options{URL: redistest.Hanging(t), Corpus: t.TempDir(), Trash: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	start := time.Now()
	const interactions = 6
	for i := range interactions {
		id := "interaction:" + strconv.Itoa(i)
		if first, err := c.Claim(ctx, id); err == nil || first {
			t.Fatalf("claim %d on a hanging Redis: %v, %v; want an error", i, first, err)
		}
		if _, _, err := c.Allow(ctx, "member", 5, 3*time.Second); err == nil {
			t.Fatalf("cooldown %d on a hanging Redis: no error", i)
		}
		time.Sleep(200 * time.Millisecond) // interactions arrive over more than a second: probes happen
	}
	took := time.Since(start) - interactions*200*time.Millisecond
	t.Logf("%d interactions (claim + cooldown) against a hanging Redis: %v added in all", interactions, took.Round(time.Millisecond))
	if took > 2500*time.Millisecond {
		t.Errorf("%d interactions against a hanging Redis added %v; want each to wait one short timeout at most", interactions, took)
	}
	if p := c.Problem(); !strings.Contains(p, "Redis unavailable") {
		t.Errorf("Problem() = %q; want it to say Redis is unavailable", p)
	}
}

// TestRedisRefusalsAreFailures: error replies that mean Redis cannot serve
// the bot count as an outage (Problem says so, calls fall back), and a
// Redis that refuses the URL's credentials or database fails Open with a
// clear error.
func TestRedisRefusalsAreFailures(t *testing.T) {
	r := redistest.Start(t)
	admin := redis.NewClient(&redis.Options{Addr: r.Addr})
	defer admin.Close()
	ctx := context.Background()

	a := open(t, r, "refuse:")
	// A replica (REPLICAOF a host that is not there) refuses writes: READONLY.
	if err := admin.Do(ctx, "REPLICAOF", "127.0.0.1", "1").Err(); err != nil {
		t.Fatal(err)
	}
	if first, err := a.Claim(ctx, "interaction:1"); err == nil {
		t.Errorf("claim on a read-only Redis: %v, no error", first)
	}
	if p := a.Problem(); !strings.Contains(p, "READONLY") {
		t.Errorf("Problem() on a read-only Redis = %q; want it to name READONLY", p)
	}
	if err := admin.Do(ctx, "REPLICAOF", "NO", "ONE").Err(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // past the pause between probes
	if first, err := a.Claim(ctx, "interaction:1"); !first || err != nil {
		t.Errorf("claim once Redis is writable again: %v, %v; want the first claim", first, err)
	}
	if p := a.Problem(); p != "" {
		t.Errorf("Problem() once Redis is writable again = %q; want none", p)
	}

	if _, err := cluster.Open(cluster.Options{URL: "redis://" + r.Addr + "/99"}); err == nil || !strings.Contains(err.Error(), "DB index") {
		t.Errorf("Open with database 99: %v; want a refusal naming the database", err)
	}
	if err := admin.Do(ctx, "CONFIG", "SET", "requirepass", "sesame").Err(); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"redis://" + r.Addr + "/0", "redis://:wrong@" + r.Addr + "/0"} {
		_, err := cluster.Open(cluster.Options{URL: u})
		if err == nil || !strings.Contains(err.Error(), "refuses this configuration") {
			t.Errorf("Open(%s) on a Redis with a password: %v; want a refusal", u, err)
		}
	}
	good, err := cluster.Open(cluster.Options{URL: "redis://:sesame@" + r.Addr + "/0"})
	if err != nil {
		t.Fatalf("Open with the right password: %v", err)
	}
	good.Close()
}

// TestChangeDuringRebuild: while a replica rebuilds its index after
// another replica's change, a change begun on it starts at once: the
// rebuild does not hold the corpus folder.
func TestChangeDuringRebuild(t *testing.T) {
	r := redistest.Start(t)
	a, b := open(t, r, "during:"), open(t, r, "during:")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rebuilding, release := make(chan struct{}, 1), make(chan struct{})
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		b.Follow(ctx, func() error {
			select {
			case rebuilding <- struct{}{}:
			default:
			}
			<-release
			return nil
		})
	}()
	defer func() { cancel(); <-followed }()
	defer close(release)
	if err := change(ctx, a, false, func() error { write(t, a.corpus, "one.txt", "first"); return nil }); err != nil {
		t.Fatal(err)
	}
	select {
	case <-rebuilding:
	case <-time.After(10 * time.Second):
		t.Fatal("b did not rebuild within 10 s")
	}
	begun := make(chan error, 1)
	go func() {
		begun <- change(ctx, b, true, func() error { write(t, b.corpus, "two.txt", "second"); return nil })
	}()
	select {
	case err := <-begun:
		if err != nil {
			t.Errorf("change on b during its rebuild: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a change on b waited for b's rebuild to end")
	}
}

// TestFollowSaysWhy: a replica that cannot follow the stream says why,
// once per outage, and says when it follows again.
func TestFollowSaysWhy(t *testing.T) {
	r := redistest.Start(t)
	var logs syncBuffer
	dir := t.TempDir()
	c, err := cluster.Open(cluster.Options{URL: r.URL(), Corpus: dir, Trash: t.TempDir(), Prefix: "why:",
		Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithCancel(context.Background())
	followed := make(chan struct{})
	go func() { defer close(followed); c.Follow(ctx, func() error { return nil }) }()
	defer func() { cancel(); <-followed }()
	const cannot, again = "cannot follow the other replicas' corpus changes", "following the other replicas' corpus changes again"
	r.Stop(t)
	waitFor(t, func() bool { return strings.Contains(logs.String(), cannot) })
	time.Sleep(3 * time.Second) // several retries
	if n := strings.Count(logs.String(), cannot); n != 1 {
		t.Errorf("said %d times that it cannot follow; want once:\n%s", n, logs.String())
	}
	if line := lineWith(logs.String(), cannot); !strings.Contains(line, "connect") && !strings.Contains(line, "refused") {
		t.Errorf("the line does not say why: %s", line)
	}
	r.Restart(t)
	waitFor(t, func() bool { return strings.Contains(logs.String(), again) })
}

func lineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("not within 20 s")
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a test together.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestChangeKeptWhenRedisDrops: a change whose end cannot reach Redis
// (Redis stopped between Begin and end) is reported, kept in the Pending
// file, and appended in order by the replica started again on that file
// once Redis is back, so that another replica gets it.
func TestChangeKeptWhenRedisDrops(t *testing.T) {
	r := redistest.Start(t)
	ctx := context.Background()
	dir := t.TempDir()
	corpus, pending := filepath.Join(dir, "corpus"), filepath.Join(dir, "redis-pending.json")
	os.MkdirAll(corpus, 0o755)
	openA := func() *cluster.Cluster {
		c, err := cluster.Open(cluster.Options{URL: r.URL(), Corpus: corpus, Trash: filepath.Join(dir, "removed"), Pending: pending, Prefix: "kept:"})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a := openA()
	end, err := a.Begin(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	write(t, corpus, "one.txt", "first")
	r.Stop(t)
	var ue *cluster.UnreachableError
	if err := end(); !errors.As(err, &ue) {
		t.Fatalf("end with Redis stopped = %v; want an UnreachableError", err)
	}
	if _, err := os.Stat(pending); err != nil {
		t.Fatalf("the change is not kept in the data folder: %v", err)
	}
	a.Close() // the replica stops with its change unshared
	r.Restart(t)
	a = openA()
	defer a.Close()
	if _, err := a.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(pending); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the pending file is still there after its changes were shared: %v", err)
	}
	b := open(t, r, "kept:")
	if changed, err := b.CatchUp(ctx); !changed || err != nil || files(t, b.corpus) != "one.txt=first" {
		t.Errorf("another replica: changed %v, %v, corpus %q; want one.txt=first", changed, err, files(t, b.corpus))
	}
}

// TestStreamReadInBatches: a change of more files than one read of the
// stream takes reaches a replica that follows and one that starts later,
// whole.
func TestStreamReadInBatches(t *testing.T) {
	r := redistest.Start(t)
	a, b := open(t, r, "batch:"), open(t, r, "batch:")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rebuilt := make(chan string, 100)
	go b.Follow(ctx, func() error { rebuilt <- files(t, b.corpus); return nil })
	const n = 50 // over readCount
	if err := change(ctx, a, false, func() error {
		for i := range n {
			write(t, a.corpus, strconv.Itoa(i)+".txt", "article "+strconv.Itoa(i))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := files(t, a.corpus)
	for deadline := time.After(15 * time.Second); ; {
		select {
		case got := <-rebuilt:
			if got != want {
				continue // a first batch
			}
		case <-deadline:
			t.Fatalf("b's corpus is %q; want all %d files", files(t, b.corpus), n)
		}
		break
	}
	c := open(t, r, "batch:")
	if _, err := c.CatchUp(ctx); err != nil || files(t, c.corpus) != want {
		t.Errorf("late replica: %v, corpus %q; want all %d files", err, files(t, c.corpus), n)
	}
}

// TestRedisClientLogsGoToSlog: go-redis's own lines (a failed dial) reach
// the Cluster's log at Debug, not stderr unstructured.
func TestRedisClientLogsGoToSlog(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: dials are refused
	var logs syncBuffer
	c, err := cluster.Open(cluster.Options{URL: "redis://" + addr + "/0", Corpus: t.TempDir(), Trash: t.TempDir(),
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if line := lineWith(logs.String(), "redis client:"); !strings.Contains(line, "level=DEBUG") || !strings.Contains(line, "dial") {
		t.Errorf("no Debug line of go-redis's about the failed dial in the log:\n%s", logs.String())
	}
}
