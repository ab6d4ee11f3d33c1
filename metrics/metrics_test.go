package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	return rec.Body.String()
}

func TestMetricsExposeTheNamedSeries(t *testing.T) {
	meta := index.Meta{Passages: 60, Articles: make([]index.ArticleInfo, 5), Problems: make([]corpus.Problem, 1)}
	m := New(func() index.Meta { return meta })
	for _, ev := range []bot.Event{
		{Command: "who-attended", Kind: "command", Outcome: "ok", Transport: "gateway", Duration: 2 * time.Millisecond},
		{Command: "who-attended", Kind: "command", Outcome: "ok", Transport: "gateway", Duration: 3 * time.Millisecond},
		{Command: "reindex", Kind: "command", Outcome: "refused", Transport: "http", Duration: time.Millisecond},
		{Command: "search", Kind: "button", Outcome: "ok", Transport: "gateway"},
		{Command: "mention:quote", Kind: "mention", Outcome: "ok", Transport: "gateway"},
		{Command: "position", Kind: "autocomplete", Outcome: "ok", Transport: "gateway"},
		{Command: "reindex", Kind: "reindex", Outcome: "ok", Duration: time.Second},
		{Command: "reindex", Kind: "reindex", Outcome: "error", Duration: time.Second},
		{Kind: "reconnect", Outcome: "resumed", Transport: "gateway"},
	} {
		m.Observe(ev)
	}
	out := scrape(t, m.Handler())
	for _, want := range []string{
		`talksbot_commands_total{command="who-attended",outcome="ok",transport="gateway"} 2`,
		`talksbot_commands_total{command="reindex",outcome="refused",transport="http"} 1`,
		`talksbot_commands_total{command="more",outcome="ok",transport="gateway"} 1`,
		`talksbot_answer_duration_seconds_count{kind="command",transport="gateway"} 2`,
		`talksbot_mention_replies_total{outcome="ok"} 1`,
		`talksbot_autocomplete_total{command="position",outcome="ok"} 1`,
		`talksbot_reindex_duration_seconds_count 2`,
		`talksbot_reindex_failures_total 1`,
		`talksbot_gateway_reconnects_total 1`,
		`talksbot_index_documents 60`,
		`talksbot_index_articles 5`,
		`talksbot_index_rejected_files 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestHealth(t *testing.T) {
	cases := []struct {
		ok      bool
		problem string
		status  int
	}{
		{true, "", 200},
		{false, "index not open", 503},
		{false, "gateway not connected", 503},
		{true, "Redis unreachable since 07:00:00", 200},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		Health(func() (bool, string) { return c.ok, c.problem }).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != c.status || (c.problem != "" && !strings.Contains(string(body), c.problem)) {
			t.Errorf("health(%v, %q) = %d %q, want %d", c.ok, c.problem, rec.Code, body, c.status)
		}
		if c.ok && c.problem != "" && !strings.HasPrefix(string(body), "ok, degraded: ") {
			t.Errorf("health(%v, %q) body %q, want it to start with ok, degraded", c.ok, c.problem, body)
		}
	}
}
