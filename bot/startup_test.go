package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/fakediscord"
)

// flakyDiscord stands in front of the fake Discord: its first fail
// requests get status, then it passes requests through.
func flakyDiscord(t *testing.T, fd *fakediscord.Server, fail int32, status int) (apiURL string, seen *atomic.Int32) {
	t.Helper()
	target, _ := url.Parse(strings.TrimSuffix(fd.APIURL(), "/api/v9"))
	proxy := httputil.NewSingleHostReverseProxy(target)
	seen = &atomic.Int32{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := seen.Add(1); n <= fail {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write([]byte(`{"message": "unavailable", "code": 0}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/api/v9", seen
}

func startupBot(t *testing.T, apiURL string) (*bot.Bot, *syncBuffer) {
	t.Helper()
	ix, err := index.Open(t.TempDir(), corpus.Source{Dir: corpus.FS(), Key: "default"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	logs := &syncBuffer{}
	b, err := bot.New(ix, bot.Options{Token: "Bot test-token-secret", APIURL: apiURL, NoGateway: true,
		RetryFirst: 10 * time.Millisecond, Log: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return b, logs
}

// TestRunRetriesWhenDiscordFails: 503s at start are waited out with
// backoff (StartProblem says why meanwhile), then the commands register.
func TestRunRetriesWhenDiscordFails(t *testing.T) {
	fd := fakediscord.New(t)
	api, seen := flakyDiscord(t, fd, 3, http.StatusServiceUnavailable)
	b, logs := startupBot(t, api)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	select {
	case <-b.Ready():
	case err := <-done:
		t.Fatalf("Run() = %v; want it to retry and register", err)
	case <-time.After(30 * time.Second):
		t.Fatalf("not ready after %d requests; log:\n%s", seen.Load(), logs.String())
	}
	if b.StartProblem() != "" {
		t.Errorf("StartProblem() = %q once connected, want empty", b.StartProblem())
	}
	if n := strings.Count(logs.String(), "cannot reach Discord"); n < 2 {
		t.Errorf("%d retries logged, want at least 2:\n%s", n, logs.String())
	}
	if len(fd.Commands("")) == 0 {
		t.Error("no commands registered after the retries")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run() = %v after cancel", err)
	}
}

// TestRunStopsOnBadToken: a 401 is not retried.
func TestRunStopsOnBadToken(t *testing.T) {
	fd := fakediscord.New(t)
	api, seen := flakyDiscord(t, fd, 1000, http.StatusUnauthorized)
	b, _ := startupBot(t, api)
	errc := make(chan error, 1)
	go func() { errc <- b.Run(context.Background()) }()
	select {
	case err := <-errc:
		if !errors.Is(err, bot.ErrUnauthorized) {
			t.Errorf("Run() = %v, want ErrUnauthorized", err)
		}
		if seen.Load() > 2 {
			t.Errorf("%d requests for a refused token, want no retries", seen.Load())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run kept going with a refused token")
	}
}

// TestRunWaitsWhileDiscordIsUnreachable: connection refused keeps Run
// retrying (not exiting) and StartProblem says so, until it is stopped.
func TestRunWaitsWhileDiscordIsUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close() // nothing listens there now
	b, _ := startupBot(t, addr+"/api/v9")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	deadline := time.Now().Add(30 * time.Second)
	for b.StartProblem() == "" && time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("Run() = %v while Discord was unreachable; want it to keep retrying", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if p := b.StartProblem(); !strings.Contains(p, "connecting to Discord") {
		t.Errorf("StartProblem() = %q", p)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run() = %v after cancel, want nil", err)
	}
}
