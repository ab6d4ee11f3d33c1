package bot_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/intake"
	"github.com/talksbot/talksbot/internal/fetch"
)

// geneva is a news page the fake site serves.
const geneva = `<html><head><title>Geneva round ends with a 19-point framework</title>
<meta property="og:site_name" content="Example News"></head><body><article>
<h1>Geneva round ends with a 19-point framework</h1>
<p>Rustem Umerov said the Geneva round produced an updated framework of nineteen points for the talks.</p>
<p>Officials said the next meeting with the American side could follow within days.</p>
</article></body></html>`

func TestAddArticleByURL(t *testing.T) {
	t.Parallel()
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/geneva" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(geneva))
	}))
	defer site.Close()
	u, _ := url.Parse(site.URL)
	f := fetch.New(fetch.Options{AllowHosts: []string{u.Host}})
	h := start(t, setup{opts: bot.Options{AddURL: func(ctx context.Context, dir, rawURL string) (string, bool, error) {
		r, err := intake.AddTo(ctx, dir, f, time.Now, rawURL)
		return r.ID, r.Existing, err
	}}})
	mod := member(aliceID, 1<<5)
	attachment := func(p map[string]any) map[string]any {
		p["data"].(map[string]any)["resolved"] = map[string]any{"attachments": map[string]any{"1700000000000000001": map[string]any{
			"id": "1700000000000000001", "filename": "a.txt", "size": 3, "url": site.URL + "/a.txt", "proxy_url": site.URL + "/a.txt"}}}
		return p
	}
	file := map[string]any{"name": "file", "type": 11, "value": "1700000000000000001"}
	steps := []struct {
		name    string
		payload map[string]any
		want    string // part of the edited reply
	}{
		{"by url", slash(mod, "add-article", str("url", site.URL+"/geneva?utm_source=discord")), "Added `"},
		{"the same url again", slash(mod, "add-article", str("url", site.URL+"/geneva")), "Already in the corpus as `"},
		{"both file and url", attachment(slash(mod, "add-article", file, str("url", site.URL+"/geneva"))), "either a file or a url"},
		{"neither", slash(mod, "add-article"), "or give the url"},
		{"a private address", slash(mod, "add-article", str("url", "http://10.0.0.1/x")), "was not added: "},
		{"not found", slash(mod, "add-article", str("url", site.URL+"/missing")), "404"},
	}
	for _, st := range steps {
		id, _ := h.ask(t, st.payload)
		h.edit(t, id, st.want)
	}
	entries, _ := os.ReadDir(h.corpusDir)
	var added []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") {
			added = append(added, e.Name())
		}
	}
	if len(added) != 1 || !strings.HasSuffix(added[0], "_geneva-round-ends-with-a-19-point-framework.md") {
		t.Errorf("corpus folder has %q added, want the one Geneva article", added)
	}
	if data, _ := os.ReadFile(filepath.Join(h.corpusDir, added[0])); !strings.Contains(string(data), "url: "+site.URL+"/geneva\n") {
		t.Errorf("stored article:\n%s\nwant its url without tracking parameters", data)
	}
	_, r := h.ask(t, slash(alice, "search", str("query", "updated framework of nineteen points")))
	if !strings.Contains(r.Data.text(), "Geneva round ends with a 19-point framework") {
		t.Errorf("/search after /add-article url lacks the article:\n%s", r.Data.text())
	}
	_, r = h.ask(t, slash(member(bobID, 0), "add-article", str("url", site.URL+"/other")))
	if !strings.Contains(r.Data.text(), "Only members with the Manage Server permission") {
		t.Errorf("/add-article url by a member who is not a moderator answered:\n%s", r.Data.text())
	}
	h.fd.AssertNoViolations(t)
}
