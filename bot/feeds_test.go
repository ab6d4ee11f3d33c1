package bot_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/intake"
	"github.com/talksbot/talksbot/internal/fakediscord"
	"github.com/talksbot/talksbot/internal/fetch"
)

const announceID = "1200000000000000009"

// feedSite is a news site on the loopback with a feed of one article about
// the talks and one that is not, counting the requests for each path.
type feedSite struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newFeedSite(t *testing.T) *feedSite {
	t.Helper()
	s := &feedSite{hits: map[string]int{}}
	pages := map[string][2]string{
		"/geneva":  {"text/html", geneva},
		"/cooking": {"text/html", `<html><head><title>Dumpling festival draws record crowds</title></head><body><article><h1>Dumpling festival draws record crowds</h1><p>Thousands queued for dumplings at the festival on Saturday.</p><p>The cooks said the fillings sold out by noon.</p></article></body></html>`},
		"/feed.xml": {"application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title><link>{{BASE}}/</link><description>World</description>
<item><title>Geneva round ends with a 19-point framework</title><link>{{BASE}}/geneva?utm_source=rss</link><guid>ex-1</guid><description>Rustem Umerov on the Geneva round.</description></item>
<item><title>Dumpling festival draws record crowds</title><link>{{BASE}}/cooking</link><guid>ex-2</guid><description>Thousands queued.</description></item>
</channel></rss>`},
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", p[0])
		w.Write([]byte(strings.ReplaceAll(p[1], "{{BASE}}", s.URL)))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *feedSite) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// feedsOf wires the bot's feeds to intake, as serve does, fetching only
// from the test site.
func feedsOf(t *testing.T, s *feedSite, interval time.Duration) bot.Feeds {
	t.Helper()
	u, _ := url.Parse(s.URL)
	f := fetch.New(fetch.Options{AllowHosts: []string{u.Host}})
	data := t.TempDir()
	return bot.Feeds{
		Follow: func(ctx context.Context, dir, rawURL string) (string, bool, error) {
			followed, err := intake.FollowChecked(ctx, dir, f, rawURL)
			return intake.CleanURL(rawURL), followed, err
		},
		Unfollow: func(dir, rawURL string) (string, bool, error) {
			unfollowed, err := intake.Unfollow(dir, rawURL)
			return intake.CleanURL(rawURL), unfollowed, err
		},
		List: func(dir string) ([]string, error) {
			feeds, err := intake.LoadFeeds(dir)
			var urls []string
			for _, fd := range feeds {
				urls = append(urls, fd.URL)
			}
			return urls, err
		},
		Poll: func(ctx context.Context, dir string) ([]bot.Added, error) {
			lx, err := extract.LoadLexicon(os.DirFS(dir), corpus.FS())
			if err != nil {
				return nil, err
			}
			reps, err := intake.PollAll(ctx, data, dir, f, time.Now, intake.NewJudge(lx))
			var added []bot.Added
			for _, rep := range reps {
				if rep.Err != nil && ctx.Err() == nil {
					t.Errorf("poll %s: %v", rep.Feed, rep.Err)
				}
				for _, r := range rep.Added {
					added = append(added, bot.Added{ID: r.ID, Title: r.Article.Title, Outlet: r.Article.Outlet,
						URL: r.URL, Published: r.Article.Published, Passage: r.Article.Paragraphs[0]})
				}
			}
			return added, err
		},
		Interval:        interval,
		AnnounceChannel: announceID,
	}
}

// waitPolls waits for n polls to end, returning their outcomes.
func (h *harness) waitPolls(t *testing.T, n int) []string {
	t.Helper()
	var outcomes []string
	deadline := time.After(wait)
	for len(outcomes) < n {
		select {
		case ev := <-h.events:
			if ev.Kind == "poll" {
				outcomes = append(outcomes, ev.Outcome)
			}
		case <-deadline:
			t.Fatalf("%d polls ended in time, want %d", len(outcomes), n)
		}
	}
	return outcomes
}

func announcements(fd *fakediscord.Server) []fakediscord.Request {
	var out []fakediscord.Request
	for _, r := range fd.Requests() {
		if r.Route == fakediscord.RouteChannelMessages {
			out = append(out, r)
		}
	}
	return out
}

func TestFeedsPolledIndexedAndAnnounced(t *testing.T) {
	t.Parallel()
	s := newFeedSite(t)
	h := start(t, setup{opts: bot.Options{Feeds: feedsOf(t, s, 30*time.Millisecond)},
		files: map[string]string{intake.FeedsFile: "feeds:\n  - url: " + s.URL + "/feed.xml\n"}})

	if got := h.waitPolls(t, 3); strings.Join(got, " ") != "ok ok ok" {
		t.Errorf("poll outcomes = %q, want three ok", got)
	}
	if n := s.hit("/feed.xml"); n < 3 {
		t.Errorf("the feed was fetched %d times in three polls", n)
	}
	if n := s.hit("/geneva"); n != 1 {
		t.Errorf("the relevant article was fetched %d times, want once", n)
	}
	ann := announcements(h.fd)
	if len(ann) != 1 {
		t.Fatalf("%d announcements after three polls, want 1: %v", len(ann), ann)
	}
	if ch := ann[0].Params["channel_id"]; ch != announceID {
		t.Errorf("announced in channel %s, want %s", ch, announceID)
	}
	var m message
	if err := ann[0].Decode(&m); err != nil {
		t.Fatal(err)
	}
	quietCheck(t, m)
	text := m.text()
	for _, want := range []string{"Geneva round ends with a 19-point framework", "Example News",
		"Rustem Umerov said the Geneva round produced", s.URL + "/geneva"} {
		if !strings.Contains(text, want) {
			t.Errorf("announcement lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "utm_source") || strings.Contains(text, "Dumpling") {
		t.Errorf("announcement has a tracking parameter or the article not about the talks:\n%s", text)
	}
	_, r := h.ask(t, slash(alice, "search", str("query", "updated framework of nineteen points")))
	if !strings.Contains(r.Data.text(), "Geneva round ends with a 19-point framework") {
		t.Errorf("/search after the poll lacks the article:\n%s", r.Data.text())
	}
	entries, _ := os.ReadDir(h.corpusDir)
	var added []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") {
			added = append(added, e.Name())
		}
	}
	if len(added) != 1 || !strings.Contains(added[0], "geneva-round") {
		t.Errorf("corpus folder has %q added, want the one Geneva article", added)
	}
	h.fd.AssertNoViolations(t)
}

func TestFeedsNotPolledWhenIntervalZero(t *testing.T) {
	t.Parallel()
	var polls atomic.Int32
	s := newFeedSite(t)
	feeds := feedsOf(t, s, 0)
	feeds.Poll = func(context.Context, string) ([]bot.Added, error) {
		polls.Add(1)
		return nil, nil
	}
	h := start(t, setup{opts: bot.Options{Feeds: feeds},
		files: map[string]string{intake.FeedsFile: "feeds:\n  - url: " + s.URL + "/feed.xml\n"}})
	time.Sleep(300 * time.Millisecond)
	if n := polls.Load(); n != 0 || s.hit("/feed.xml") != 0 {
		t.Errorf("with interval 0: %d polls, %d feed fetches; want none", n, s.hit("/feed.xml"))
	}
	h.fd.AssertNoViolations(t)
}

func TestFeedsCommand(t *testing.T) {
	t.Parallel()
	s := newFeedSite(t)
	h := start(t, setup{opts: bot.Options{Feeds: feedsOf(t, s, 0)}})
	mod := member(aliceID, 1<<5)
	feeds := func(sub string, opts ...map[string]any) map[string]any {
		if opts == nil {
			opts = []map[string]any{}
		}
		return slash(mod, "feeds", map[string]any{"name": sub, "type": 1, "options": opts})
	}
	feed := s.URL + "/feed.xml"
	steps := []struct {
		name    string
		payload map[string]any
		want    string // part of the edited reply
	}{
		{"list with none", feeds("list"), "No feeds are followed"},
		{"add an invalid address", feeds("add", str("url", "ftp://example.org/feed")), "not an http or https address"},
		{"add a page that is not a feed", feeds("add", str("url", s.URL+"/geneva")), "not a feed"},
		{"add a private address", feeds("add", str("url", "http://10.0.0.1/feed.xml")), "is not followed: "},
		{"add", feeds("add", str("url", feed+"?utm_source=discord")), "Now following <" + feed + ">"},
		{"add again", feeds("add", str("url", feed)), "Already following <" + feed + ">"},
		{"list", feeds("list"), "Feeds followed (1):\n• <" + feed + ">"},
		{"remove one not followed", feeds("remove", str("url", s.URL+"/other.xml")), "Not following <" + s.URL + "/other.xml>"},
		{"remove", feeds("remove", str("url", feed)), "No longer following <" + feed + ">"},
		{"list after", feeds("list"), "No feeds are followed"},
	}
	for _, st := range steps {
		id, r := h.ask(t, st.payload)
		if r.Type != 5 || r.Data.Flags&ephemeral == 0 {
			t.Errorf("%s: first response type %d flags %d, want an ephemeral deferral", st.name, r.Type, r.Data.Flags)
		}
		h.edit(t, id, st.want)
	}
	if n := s.hit("/feed.xml"); n != 1 {
		t.Errorf("the feed was fetched %d times, want once (following it again needs no fetch)", n)
	}
	_, r := h.ask(t, slash(member(bobID, 0), "feeds", map[string]any{"name": "list", "type": 1, "options": []any{}}))
	if !strings.Contains(r.Data.text(), "Only members with the Manage Server permission") {
		t.Errorf("/feeds list by a member who is not a moderator answered:\n%s", r.Data.text())
	}
	h.fd.AssertNoViolations(t)
}

func TestFeedsListCutToDiscordsLimit(t *testing.T) {
	t.Parallel()
	s := newFeedSite(t)
	var yaml strings.Builder
	yaml.WriteString("feeds:\n")
	for i := range 200 {
		fmt.Fprintf(&yaml, "  - url: https://news%03d.example.org/world/rss.xml\n", i)
	}
	h := start(t, setup{opts: bot.Options{Feeds: feedsOf(t, s, 0)}, files: map[string]string{intake.FeedsFile: yaml.String()}})
	id, _ := h.ask(t, slash(member(aliceID, 1<<5), "feeds", map[string]any{"name": "list", "type": 1, "options": []any{}}))
	m := h.edit(t, id, "Feeds followed (200):")
	if n := len([]rune(m.Content)); n > 2000 {
		t.Errorf("/feeds list is %d characters, over Discord's 2000", n)
	}
	shown := strings.Count(m.Content, "\n• ")
	if want := fmt.Sprintf("\n…and %d more.", 200-shown); shown == 0 || shown == 200 || !strings.HasSuffix(m.Content, want) {
		t.Errorf("/feeds list shows %d feeds and ends %q, want it cut with %q", shown, m.Content[max(0, len(m.Content)-40):], want)
	}
	h.fd.AssertNoViolations(t)
}

// failFirstRebuild is an index whose first rebuild fails, as a rebuild
// does when the new index cannot be built; the old one keeps serving.
type failFirstRebuild struct {
	*index.Index
	calls atomic.Int32
}

func (f *failFirstRebuild) TryRebuildReporting(progress func(string)) (index.RebuildReport, error) {
	if f.calls.Add(1) == 1 {
		return index.RebuildReport{}, errors.New("build the index: disk full")
	}
	return f.Index.TryRebuildReporting(progress)
}

func TestFeedsFailedReindexKeepsTheOldIndexAndRetries(t *testing.T) {
	t.Parallel()
	s := newFeedSite(t)
	h := start(t, setup{opts: bot.Options{Feeds: feedsOf(t, s, 100*time.Millisecond)},
		index: func(ix *index.Index) bot.Index { return &failFirstRebuild{Index: ix} },
		files: map[string]string{intake.FeedsFile: "feeds:\n  - url: " + s.URL + "/feed.xml\n"}})
	if got := h.waitPolls(t, 1); got[0] != "error" {
		t.Errorf("poll with a failing reindex: outcome %q, want error", got[0])
	}
	if n := len(announcements(h.fd)); n != 0 {
		t.Errorf("%d announcements after a failed reindex, want none", n)
	}
	_, r := h.ask(t, slash(alice, "sources"))
	if !strings.Contains(r.Data.text(), "Sources: 5 articles") {
		t.Errorf("after a failed reindex the old index does not answer: %s", r.Data.text())
	}
	// The next poll adds nothing new but indexes and announces what waits.
	if got := h.waitPolls(t, 1); got[0] != "ok" {
		t.Errorf("poll after the failed one: outcome %q, want ok", got[0])
	}
	if n := len(announcements(h.fd)); n != 1 {
		t.Errorf("%d announcements once the reindex worked, want 1", n)
	}
	_, r = h.ask(t, slash(alice, "sources"))
	if !strings.Contains(r.Data.text(), "Sources: 6 articles") {
		t.Errorf("after the retried reindex: %s", r.Data.text())
	}
	if n := s.hit("/geneva"); n != 1 {
		t.Errorf("the article was fetched %d times, want once", n)
	}
	h.fd.AssertNoViolations(t)
}
