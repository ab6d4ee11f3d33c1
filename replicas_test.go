package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/internal/fakediscord"
	"github.com/talksbot/talksbot/internal/redistest"
)

// syncBuffer is a bytes.Buffer safe to write from a process's output
// while the test reads it.
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

// replicaProc is one talksbot serve --http process of the cluster test.
type replicaProc struct {
	name   string
	addr   string
	env    []string
	cmd    *exec.Cmd
	stderr *syncBuffer
	exited chan struct{}
}

func (r *replicaProc) start(t testing.TB) {
	t.Helper()
	r.cmd = exec.Command(os.Args[0], "-test.run=^TestReplicasShareRedis$")
	r.cmd.Env = append(os.Environ(), r.env...)
	r.stderr = &syncBuffer{}
	r.cmd.Stderr = r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.exited = make(chan struct{})
	go func() { r.cmd.Wait(); close(r.exited) }()
	t.Cleanup(r.stop)
	r.waitHealth(t, func(code int, body string) bool { return code == 200 }, 90*time.Second)
}

// stop ends the process with SIGTERM, then SIGKILL.
func (r *replicaProc) stop() {
	select {
	case <-r.exited:
		return
	default:
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(10 * time.Second):
		r.cmd.Process.Kill()
		<-r.exited
	}
}

func (r *replicaProc) health() (int, string) {
	resp, err := http.Get("http://" + r.addr + "/healthz")
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitHealth waits until /healthz satisfies ok.
func (r *replicaProc) waitHealth(t testing.TB, ok func(code int, body string) bool, timeout time.Duration) {
	t.Helper()
	var code int
	var body string
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		select {
		case <-r.exited:
			t.Fatalf("%s exited:\n%s", r.name, r.stderr)
		default:
		}
		if code, body = r.health(); ok(code, body) {
			return
		}
	}
	t.Fatalf("%s: /healthz still %d %q after %v\n%s", r.name, code, body, timeout, r.stderr)
}

// newReplica prepares a replica of this test binary as talksbot serve
// --http, with its own data folder and a copy of the corpus folder base.
func newReplica(t testing.TB, name, base, apiURL string, pub ed25519.PublicKey, redisURL string) *replicaProc {
	t.Helper()
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.CopyFS(corpusDir, os.DirFS(base)); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	return &replicaProc{name: name, addr: addr, env: []string{"TALKSBOT_TEST_SERVE=1",
		"DISCORD_TOKEN=secret-token-value", "DISCORD_API_URL=" + apiURL, "DISCORD_PUBLIC_KEY=" + hex.EncodeToString(pub),
		"TALKSBOT_GATEWAY=off", "TALKSBOT_HTTP_ADDR=" + addr, "TALKSBOT_METRICS_ADDR=", "TALKSBOT_DATA_DIR=" + filepath.Join(dir, "data"),
		"TALKSBOT_CORPUS_DIR=" + corpusDir, "TALKSBOT_REDIS_URL=" + redisURL, "TALKSBOT_FEED_INTERVAL=0"}}
}

// cluster is the test's two replicas, with what they share.
type clusterTest struct {
	t    *testing.T
	fd   *fakediscord.Server
	key  ed25519.PrivateKey
	a, b *replicaProc
}

// post sends an interaction body, signed now, to replica r.
func (c *clusterTest) post(r *replicaProc, body []byte) (int, string) {
	c.t.Helper()
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	req, _ := http.NewRequest(http.MethodPost, "http://"+r.addr+"/interactions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(c.key, append([]byte(stamp), body...))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s: %v", r.name, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// ask sends a new interaction to r and returns the HTTP reply, recorded
// with the fake Discord as Discord would take it.
func (c *clusterTest) ask(r *replicaProc, payload map[string]any) (id string, code int, reply string) {
	c.t.Helper()
	body, id, token := c.fd.HTTPInteraction(c.t, payload)
	code, reply = c.post(r, body)
	if code == 200 {
		c.fd.RecordHTTPResponse(id, token, []byte(reply))
	}
	return id, code, reply
}

// moderate sends a moderator's command to r: its reply must be the
// ephemeral deferral, shown to the fake Discord before it is sent (a
// process's edits would otherwise race the test's recording of it).
func (c *clusterTest) moderate(r *replicaProc, payload map[string]any) string {
	c.t.Helper()
	const deferral = `{"type":5,"data":{"flags":64}}`
	body, id, token := c.fd.HTTPInteraction(c.t, payload)
	c.fd.RecordHTTPResponse(id, token, []byte(deferral))
	code, reply := c.post(r, body)
	var got struct {
		Type int
		Data struct{ Flags int }
	}
	if json.Unmarshal([]byte(reply), &got); code != 200 || got.Type != 5 || got.Data.Flags != 64 {
		c.t.Fatalf("%s to %s: %d %s; want the deferral %s", payload["data"].(map[string]any)["name"], r.name, code, reply, deferral)
	}
	return id
}

// edited waits for the edit of interaction id's reply that contains want.
func (c *clusterTest) edited(id, want string, timeout time.Duration) string {
	c.t.Helper()
	req := c.fd.WaitFor(c.t, func(r fakediscord.Request) bool {
		return r.Route == fakediscord.RouteOriginalEdit && r.InteractionID == id && strings.Contains(string(r.Body), want)
	}, timeout)
	return string(req.Body)
}

// member and command payloads of the test (ids are Discord snowflakes).
func memberOf(userID string, perms int64) map[string]any {
	return map[string]any{"user": map[string]any{"id": userID, "username": "u" + userID[len(userID)-3:], "discriminator": "0"},
		"roles": []string{}, "joined_at": "2024-01-01T00:00:00.000000+00:00", "permissions": fmt.Sprint(perms),
		"deaf": false, "mute": false, "flags": 0}
}

func command(m map[string]any, name string, options ...map[string]any) map[string]any {
	if options == nil {
		options = []map[string]any{}
	}
	return map[string]any{"type": 2, "guild_id": "1200000000000000001", "channel_id": "1200000000000000002", "member": m,
		"locale": "en-US", "data": map[string]any{"id": "1400000000000000001", "name": name, "type": 1, "options": options}}
}

func strOpt(name, value string) map[string]any {
	return map[string]any{"name": name, "type": 3, "value": value}
}

// addFile is /add-article with an attachment served at url.
func addFile(mod map[string]any, name, url string, size int) map[string]any {
	p := command(mod, "add-article", map[string]any{"name": "file", "type": 11, "value": "1700000000000000001"})
	p["data"].(map[string]any)["resolved"] = map[string]any{"attachments": map[string]any{"1700000000000000001": map[string]any{
		"id": "1700000000000000001", "filename": name, "size": size, "url": url, "proxy_url": url}}}
	return p
}

// newArticles are the articles moderators add during the test, each with
// a phrase no other article has.
var newArticles = map[string]string{
	"reykjavik.txt": "Reykjavik round sets up a maritime corridor working group\n\n" +
		"Negotiators agreed in Reykjavik to form a maritime corridor working group for grain shipments.\n\n" +
		"Officials said the working group would meet again within a month.",
	"vilnius.txt": "Vilnius talks agree a harbour demining schedule\n\n" +
		"Negotiators in Vilnius agreed a harbour demining schedule for the Black Sea ports.\n\n" +
		"The schedule starts once the ceasefire holds for thirty days.",
	"tallinn.txt": "Tallinn meeting drafts a prisoner ledger protocol\n\n" +
		"Delegates meeting in Tallinn drafted a prisoner ledger protocol listing every detainee by name.\n\n" +
		"The protocol still needs approval from both capitals.",
	"riga.txt": "Riga session maps a reservoir inspection rota\n\n" +
		"Delegates in Riga mapped a reservoir inspection rota for the dams along the front line.\n\n" +
		"Inspectors from both sides would take turns every fortnight.",
	"turku.txt": "Turku round settles a railway gauge commission\n\n" +
		"Negotiators in Turku settled on a railway gauge commission to reopen freight lines.\n\n" +
		"The commission reports to both delegations by spring.",
}

// killArticle is an article added while the test kills b mid-rebuild.
type killArticle struct{ name, query, title string }

// killArticles are tried in turn until a kill lands mid-rebuild.
var killArticles = []killArticle{
	{"tallinn.txt", "prisoner ledger protocol", "Tallinn meeting drafts a prisoner ledger protocol"},
	{"riga.txt", "reservoir inspection rota", "Riga session maps a reservoir inspection rota"},
	{"turku.txt", "railway gauge commission", "Turku round settles a railway gauge commission"},
}

// TestReplicasShareRedis runs two talksbot serve --http replicas (this
// test binary, re-executed) on one Redis and the fake Discord, each with
// its own data and corpus folders, and shows what issue 14 asks: the
// sixth quick question of a member sent to the other replica is refused;
// one signed interaction sent to both is answered once; an article added
// through one replica answers on the other within 15 s; a replica killed
// with SIGKILL mid-rebuild leaves the other answering (and catches up when
// started again); with Redis stopped both keep answering, /healthz says
// they are degraded, cooldowns fall back (logged once), a corpus change is
// refused clearly, and after Redis restarts they share cooldowns, claims
// and corpus changes again.
func TestReplicasShareRedis(t *testing.T) {
	if os.Getenv("TALKSBOT_TEST_SERVE") == "1" {
		os.Args = []string{"talksbot", "serve"}
		main() // exits
		return
	}
	red := redistest.Start(t)
	fd := fakediscord.New(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		text, ok := newArticles[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(text))
	}))
	defer site.Close()

	// A corpus large enough for a rebuild to take a moment: the built-in
	// articles, 25 times over with a note each.
	base := t.TempDir()
	names, _ := fs.Glob(corpus.FS(), "*.txt")
	for i := range 25 {
		for _, n := range names {
			b, _ := fs.ReadFile(corpus.FS(), n)
			text := string(b) + fmt.Sprintf("\n\nArchive note %d: the report was filed under number %d.\n", i, i*7919)
			if err := os.WriteFile(filepath.Join(base, fmt.Sprintf("%03d_%s", i, n)), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	replica := func(name string) *replicaProc {
		r := newReplica(t, name, base, fd.APIURL(), pub, red.URL())
		r.start(t)
		return r
	}
	c := &clusterTest{t: t, fd: fd, key: priv, a: replica("replica a"), b: replica("replica b")}
	answered := func(code int, reply string) bool {
		return code == 200 && strings.Contains(reply, `"type":4`) && !strings.Contains(reply, "asking faster") &&
			!strings.Contains(reply, "went wrong")
	}

	// 1. Cooldowns are shared: five quick questions on a, the sixth on b.
	cooldowns := func(user string) {
		t.Helper()
		m := memberOf(user, 0)
		for i := range 5 {
			if _, code, reply := c.ask(c.a, command(m, "who-attended")); !answered(code, reply) {
				t.Fatalf("question %d on a: %d %s", i+1, code, reply)
			}
		}
		if _, code, reply := c.ask(c.b, command(m, "who-attended")); code != 200 || !strings.Contains(reply, "asking faster") {
			t.Errorf("sixth question on b: %d %s; want the cooldown's refusal", code, reply)
		}
	}
	cooldowns("1300000000000000101")

	// 2. One signed interaction sent to both replicas at once is answered
	// by one; the other says 401 as for a replay.
	once := func(user string) {
		t.Helper()
		body, id, token := fd.HTTPInteraction(t, command(memberOf(user, 0), "who-attended"))
		type result struct {
			code  int
			reply string
		}
		results := make(chan result, 2)
		for _, r := range []*replicaProc{c.a, c.b} {
			go func() {
				code, reply := c.post(r, body)
				results <- result{code, reply}
			}()
		}
		r1, r2 := <-results, <-results
		if r1.code == 401 {
			r1, r2 = r2, r1
		}
		if !answered(r1.code, r1.reply) || r2.code != 401 || !strings.Contains(r2.reply, "replayed") {
			t.Errorf("one interaction to both replicas: %d %q and %d %q; want one answer and one 401", r1.code, r1.reply, r2.code, r2.reply)
		} else {
			fd.RecordHTTPResponse(id, token, []byte(r1.reply))
		}
	}
	once("1300000000000000102")

	// 3. An article added through a answers on b within 15 s.
	mod := memberOf("1300000000000000103", 1<<5)
	asker := 0
	search := func(r *replicaProc, query, title string, within time.Duration) time.Duration {
		t.Helper()
		start := time.Now()
		for {
			// A fresh member each time, so the cooldown never refuses.
			asker++
			_, code, reply := c.ask(r, command(memberOf(fmt.Sprintf("13000000000000%05d", 2000+asker), 0), "search", strOpt("query", query)))
			if answered(code, reply) && strings.Contains(reply, title) {
				return time.Since(start)
			}
			if time.Since(start) > within {
				t.Fatalf("%s does not answer %q with %q within %v: %d %s\n%s", r.name, query, title, within, code, reply, r.stderr)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	add := func(r *replicaProc, name string) {
		t.Helper()
		id := c.moderate(r, addFile(mod, name, site.URL+"/"+name, len(newArticles[name])))
		c.edited(id, "Reindexed", 60*time.Second)
	}
	add(c.a, "reykjavik.txt")
	took := search(c.b, "maritime corridor working group", "Reykjavik round sets up a maritime corridor working group", 15*time.Second)
	t.Logf("the article added on a answered on b after %v", took.Round(10*time.Millisecond))

	// 4. b killed with SIGKILL in the middle of the rebuild that applies
	// a's next article: a keeps answering; b started again catches up.
	// When the kill lands after the rebuild ended (the machine was quick),
	// b is started again and the step is tried with another article, a
	// few times at most; the test fails if no kill ever lands mid-rebuild.
	var last killArticle
	killed := false
	for _, art := range killArticles {
		last = art
		rebuilds := func() int { return strings.Count(c.b.stderr.String(), "corpus changed on another replica") }
		before := rebuilds()
		add(c.a, art.name)
		for deadline := time.Now().Add(15 * time.Second); rebuilds() == before; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("b did not start rebuilding within 15 s:\n%s", c.b.stderr)
			}
		}
		c.b.cmd.Process.Signal(syscall.SIGKILL)
		<-c.b.exited
		log := c.b.stderr.String()
		if !strings.Contains(log[strings.LastIndex(log, "corpus changed on another replica"):], "index rebuilt") {
			killed = true
			break
		}
		t.Logf("b finished its rebuild of %s before SIGKILL reached it; trying again", art.name)
		c.b.start(t)
		search(c.b, art.query, art.title, 30*time.Second)
	}
	if !killed {
		t.Fatalf("SIGKILL never landed mid-rebuild in %d tries", len(killArticles))
	}
	for i := range 3 {
		if _, code, reply := c.ask(c.a, command(memberOf(fmt.Sprintf("13000000000001%05d", i), 0), "who-attended")); !answered(code, reply) {
			t.Errorf("a after b was killed: %d %s", code, reply)
		}
	}
	c.b.start(t)
	search(c.b, last.query, last.title, 30*time.Second)

	// 5. Redis stopped: both keep answering and say they are degraded;
	// cooldowns fall back to each replica's own, logged once; a corpus
	// change is refused with a clear message and changes nothing.
	red.Stop(t)
	for i := range 3 {
		for _, r := range []*replicaProc{c.a, c.b} {
			if _, code, reply := c.ask(r, command(memberOf(fmt.Sprintf("13000000000002%05d", i), 0), "who-attended")); !answered(code, reply) {
				t.Errorf("%s with Redis stopped: %d %s", r.name, code, reply)
			}
		}
	}
	for _, r := range []*replicaProc{c.a, c.b} {
		r.waitHealth(t, func(code int, body string) bool {
			return code == 200 && strings.HasPrefix(body, "ok, degraded: Redis unavailable")
		}, 10*time.Second)
		if n := strings.Count(r.stderr.String(), "shared cooldowns unavailable"); n != 1 {
			t.Errorf("%s logged the cooldowns' fallback %d times, want once", r.name, n)
		}
	}
	id := c.moderate(c.a, addFile(mod, "reykjavik.txt", site.URL+"/reykjavik.txt", len(newArticles["reykjavik.txt"])))
	c.edited(id, "Nothing was changed: the replicas' shared store (Redis) cannot be reached", 10*time.Second)

	// 6. Redis back: both say ok again, and share cooldowns, claims and
	// corpus changes (an article added through b answers on a).
	red.Restart(t)
	for _, r := range []*replicaProc{c.a, c.b} {
		r.waitHealth(t, func(code int, body string) bool { return code == 200 && body == "ok\n" }, 20*time.Second)
	}
	cooldowns("1300000000000000106")
	once("1300000000000000107")
	add(c.b, "vilnius.txt")
	search(c.a, "harbour demining schedule", "Vilnius talks agree a harbour demining schedule", 15*time.Second)
	for _, r := range []*replicaProc{c.a, c.b} {
		if !strings.Contains(r.stderr.String(), "cooldowns shared by the replicas again") {
			t.Errorf("%s did not log that cooldowns are shared again:\n%s", r.name, r.stderr)
		}
		if strings.Contains(r.stderr.String(), "secret-token-value") {
			t.Errorf("%s logged the token", r.name)
		}
	}
	fd.AssertNoViolations(t)
}

// TestServeRefusesRedisCredentials: a Redis that refuses the URL's
// password stops serve at start with exit 2 and one line, as a bad
// setting does, instead of running degraded for ever.
func TestServeRefusesRedisCredentials(t *testing.T) {
	t.Parallel()
	r := redistest.Start(t)
	admin := redis.NewClient(&redis.Options{Addr: r.Addr})
	defer admin.Close()
	if err := admin.Do(context.Background(), "CONFIG", "SET", "requirepass", "sesame").Err(); err != nil {
		t.Fatal(err)
	}
	corpusDir := t.TempDir()
	for _, url := range []string{"redis://" + r.Addr + "/0", "redis://:wrong@" + r.Addr + "/0"} {
		env := map[string]string{"DISCORD_TOKEN": "x", "TALKSBOT_DATA_DIR": t.TempDir(), "TALKSBOT_CORPUS_DIR": corpusDir, "TALKSBOT_REDIS_URL": url}
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"serve"}, &stdout, &stderr, func(k string) string { return env[k] })
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], "TALKSBOT_REDIS_URL") || !strings.Contains(lines[0], "refuses") {
			t.Errorf("serve with %s: exit %d, stderr %q; want exit 2 and one line naming TALKSBOT_REDIS_URL", url, code, stderr.String())
		}
	}
}
