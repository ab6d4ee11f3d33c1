package bot_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/internal/fakediscord"
)

// endpoint is a bot serving HTTP interactions only, with a key made here.
type endpoint struct {
	*harness
	url string
	key ed25519.PrivateKey
}

func startHTTP(t *testing.T, opts bot.Options) *endpoint {
	t.Helper()
	return startHTTPWith(t, setup{opts: opts})
}

func startHTTPWith(t *testing.T, su setup) *endpoint {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	su.opts.NoGateway = true
	h := start(t, su)
	srv := httptest.NewServer(recording(h.fd, h.bot.InteractionsHandler(pub)))
	t.Cleanup(srv.Close)
	return &endpoint{harness: h, url: srv.URL + "/interactions", key: priv}
}

// recording shows the fake Discord each reply as the bot writes it, before
// the bot can follow it with an edit, as Discord receives it.
func recording(fd *fakediscord.Server, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		var i struct{ ID, Token string }
		json.Unmarshal(body, &i)
		next.ServeHTTP(&recorder{ResponseWriter: w, fd: fd, id: i.ID, token: i.Token}, r)
	})
}

type recorder struct {
	http.ResponseWriter
	fd        *fakediscord.Server
	id, token string
	status    int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if (r.status == 0 || r.status == 200) && r.id != "" && !bytes.Contains(p, []byte(`{"type":1}`)) {
		r.fd.RecordHTTPResponse(r.id, r.token, p)
	}
	return r.ResponseWriter.Write(p)
}

// post sends body signed at ts with key (nil: unsigned).
func (e *endpoint) post(t *testing.T, body []byte, ts time.Time, key ed25519.PrivateKey, mutate func(*http.Request)) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != nil {
		stamp := strconv.FormatInt(ts.Unix(), 10)
		req.Header.Set("X-Signature-Timestamp", stamp)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
	}
	if mutate != nil {
		mutate(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func TestHTTPInteractionsAnswer(t *testing.T) {
	t.Parallel()
	e := startHTTP(t, bot.Options{})

	status, out := e.post(t, []byte(`{"type":1,"id":"1","application_id":"`+botID+`","token":"t","version":1}`), time.Now(), e.key, nil)
	if status != 200 || strings.TrimSpace(string(out)) != `{"type":1}` {
		t.Errorf("PING: %d %s, want 200 {\"type\":1}", status, out)
	}

	body, id, _ := e.fd.HTTPInteraction(t, slash(alice, "who-attended"))
	status, out = e.post(t, body, time.Now(), e.key, nil)
	if status != 200 {
		t.Fatalf("command: HTTP %d %s", status, out)
	}
	if e.callback(t, id).Type != 4 {
		t.Error("the fake did not see the reply as a message callback")
	}
	var r response
	json.Unmarshal(out, &r)
	if r.Type != 4 || !strings.Contains(r.Data.text(), "Witkoff") {
		t.Errorf("command reply type %d:\n%s", r.Type, r.Data.text())
	}
	e.fd.AssertNoViolations(t)
}

func TestHTTPInteractionsDeferAndEditThroughTheWebhook(t *testing.T) {
	t.Parallel()
	e := startHTTP(t, bot.Options{DeferAfter: time.Nanosecond})
	body, id, _ := e.fd.HTTPInteraction(t, slash(alice, "position", str("topic", "territory")))
	status, out := e.post(t, body, time.Now(), e.key, nil)
	if status != 200 {
		t.Fatalf("HTTP %d %s", status, out)
	}
	var r response
	json.Unmarshal(out, &r)
	if r.Type != 5 {
		t.Fatalf("reply type %d, want 5 (deferred)", r.Type)
	}
	e.edit(t, id, "Positions on")
	e.fd.AssertNoViolations(t)
}

func TestHTTPInteractionsRefuseBadRequests(t *testing.T) {
	t.Parallel()
	e := startHTTP(t, bot.Options{})
	_, otherKey, _ := ed25519.GenerateKey(nil)
	body, _, _ := e.fd.HTTPInteraction(t, slash(alice, "sources"))
	big := append([]byte(`{"type":2,"pad":"`), bytes.Repeat([]byte("x"), bot.MaxInteractionBytes)...)
	big = append(big, `"}`...)
	cases := []struct {
		name   string
		body   []byte
		ts     time.Time
		key    ed25519.PrivateKey
		mutate func(*http.Request)
		status int
	}{
		{"unsigned", body, time.Now(), nil, nil, 401},
		{"forged", body, time.Now(), otherKey, nil, 401},
		{"bad signature hex", body, time.Now(), e.key, func(r *http.Request) { r.Header.Set("X-Signature-Ed25519", "zz") }, 401},
		{"truncated", body, time.Now(), e.key, func(r *http.Request) {
			r.Body = io.NopCloser(bytes.NewReader(body[:len(body)/2]))
			r.ContentLength = int64(len(body) / 2)
		}, 401},
		{"stale", body, time.Now().Add(-6 * time.Minute), e.key, nil, 401},
		{"from the future", body, time.Now().Add(6 * time.Minute), e.key, nil, 401},
		{"oversized", big, time.Now(), e.key, nil, 413},
		{"malformed JSON", []byte(`{"type":2,`), time.Now(), e.key, nil, 400},
		{"not an interaction", []byte(`[1,2,3]`), time.Now(), e.key, nil, 400},
		{"GET", nil, time.Now(), e.key, func(r *http.Request) { r.Method = http.MethodGet }, 405},
	}
	for _, c := range cases {
		status, out := e.post(t, c.body, c.ts, c.key, c.mutate)
		if status != c.status {
			t.Errorf("%s: HTTP %d %s, want %d", c.name, status, out, c.status)
		}
	}
	// The same signed request twice: the second is a replay.
	now := time.Now()
	if status, out := e.post(t, body, now, e.key, nil); status != 200 {
		t.Fatalf("first delivery: %d %s", status, out)
	}
	if status, _ := e.post(t, body, now, e.key, nil); status != 401 {
		t.Errorf("replay: HTTP %d, want 401", status)
	}
	// Only the one genuine request did any work.
	// The answer is observed after the HTTP reply, so wait for it; the
	// refused requests were turned away before any work began.
	select {
	case <-e.events:
	case <-time.After(10 * time.Second):
		t.Error("the genuine request was not answered")
	}
	if n := len(e.events); n != 0 {
		t.Errorf("%d more interactions answered, want only the genuine one", n)
	}
	for _, r := range e.fd.Requests() {
		if r.Route == fakediscord.RouteOriginalEdit || r.Route == fakediscord.RouteFollowup {
			t.Errorf("a refused request caused %s", r)
		}
	}
	e.fd.AssertNoViolations(t)
}

func TestShardIsSentInIdentify(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: bot.Options{ShardID: 1, ShardCount: 2}})
	ids := h.fd.Identifies()
	if len(ids) != 1 || len(ids[0].Shard) != 2 || ids[0].Shard[0] != 1 || ids[0].Shard[1] != 2 {
		t.Errorf("Identify shard = %+v, want [1 2]", ids)
	}
	h.fd.AssertNoViolations(t)
}
