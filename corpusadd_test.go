package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// site is a fake news site on loopback, reached through
// TALKSBOT_FETCH_ALLOW_HOSTS.
type site struct {
	URL  string
	Host string
	// pages maps a path to its content type and body; {{BASE}} in a body
	// becomes the site's URL.
	pages map[string][2]string
	// notModified counts the 304 answers to conditional requests.
	notModified atomic.Int32
}

// newSite serves the pages of testdata/fetch and the ones tests add.
func newSite(t *testing.T) *site {
	t.Helper()
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join("testdata", "fetch", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	s := &site{pages: map[string][2]string{
		"/talks":      {"text/html; charset=utf-8", read("talks.html")},
		"/copy":       {"text/html; charset=utf-8", strings.Replace(read("talks.html"), `<link rel="canonical" href="{{BASE}}/articles/quokka-accord">`, "", 1)},
		"/cooking":    {"text/html; charset=utf-8", read("cooking.html")},
		"/image":      {"image/png", "\x89PNG\r\n"},
		"/feed.xml":   {"application/rss+xml", read("feed.xml")},
		"/broken.xml": {"application/rss+xml", "<rss><channel><item>"},
	}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".xml") {
			// Feeds answer conditional requests.
			if r.Header.Get("If-None-Match") == `"feed-1"` {
				s.notModified.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"feed-1"`)
		}
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/talks?utm_campaign=moved", http.StatusMovedPermanently)
			return
		}
		p, ok := s.pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", p[0])
		w.Write([]byte(strings.ReplaceAll(p[1], "{{BASE}}", s.URL)))
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	s.URL, s.Host = srv.URL, u.Host
	return s
}

// files lists the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// runIn runs talksbot with args against the data folder data and the site,
// and returns exit code, stdout and stderr.
func runIn(t *testing.T, data string, s *site, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr, envWith("TALKSBOT_DATA_DIR", data, "TALKSBOT_FETCH_ALLOW_HOSTS", s.Host))
	return code, stdout.String(), stderr.String()
}

func TestCorpusAdd(t *testing.T) {
	s := newSite(t)
	data, dir := t.TempDir(), t.TempDir()
	const id = "2025-11-23_negotiators-agree-quokka-accord-framework-in-geneva"
	steps := []struct {
		name     string
		url      string
		code     int
		stdout   string // the line printed, "" for none
		stderr   string // part of the line on stderr, "" for none
		wantFile []string
	}{
		{"added once", s.URL + "/talks?utm_source=x&fbclid=y&page=1", 0, "added " + id, "", []string{id + ".md"}},
		{"same URL again", s.URL + "/talks?page=1&utm_medium=z", 0, "already in the corpus: " + id, "", []string{id + ".md"}},
		{"canonical URL", s.URL + "/articles/quokka-accord", 0, "already in the corpus: " + id, "", []string{id + ".md"}},
		{"same text under another URL", s.URL + "/copy", 0, "already in the corpus: " + id, "", []string{id + ".md"}},
		{"wrong content type", s.URL + "/image", 1, "", "content type", []string{id + ".md"}},
		{"not found", s.URL + "/missing", 1, "", "404", []string{id + ".md"}},
		{"loopback not allowed", "http://127.0.0.1:1/", 1, "", "not public", []string{id + ".md"}},
	}
	for _, st := range steps {
		code, out, errOut := runIn(t, data, s, "corpus", "add", "--corpus", dir, st.url)
		if code != st.code || strings.TrimSpace(out) != st.stdout {
			t.Errorf("%s: corpus add %s = exit %d, stdout %q (stderr %q); want %d, %q", st.name, st.url, code, out, errOut, st.code, st.stdout)
		}
		if st.stderr == "" && errOut != "" || st.stderr != "" && (!strings.Contains(errOut, st.stderr) || strings.Count(errOut, "\n") != 1) {
			t.Errorf("%s: stderr = %q, want one line with %q", st.name, errOut, st.stderr)
		}
		if got := files(t, dir); !slices.Equal(got, st.wantFile) {
			t.Errorf("%s: corpus folder holds %q, want %q", st.name, got, st.wantFile)
		}
	}

	stored, err := os.ReadFile(filepath.Join(dir, id+".md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"title: Negotiators agree Quokka Accord framework in Geneva\n",
		"url: " + s.URL + "/talks?page=1\n",
		"canonical: " + s.URL + "/articles/quokka-accord\n",
		"outlet: Test Wire\n",
		"published: \"2025-11-23T18:30:00Z\"\n",
		"fetched: ",
		"\nUS special envoy Steve Witkoff",
	} {
		if !bytes.Contains(stored, []byte(want)) {
			t.Errorf("stored article lacks %q:\n%s", want, stored)
		}
	}
	for _, furniture := range []string{"Home", "All rights reserved", "utm_", "fbclid"} {
		if bytes.Contains(stored, []byte(furniture)) {
			t.Errorf("stored article holds %q:\n%s", furniture, stored)
		}
	}

	// The added article answers.
	code, out, errOut := runIn(t, data, s, "ask", "--corpus", dir, "/search query:quokka accord")
	if code != 0 || !strings.Contains(out, "Negotiators agree Quokka Accord framework in Geneva") {
		t.Errorf("ask /search quokka accord = exit %d, %q (stderr %q); want the headline", code, out, errOut)
	}
	// Its meeting answers /who-attended: the two who met, not the
	// president they will report to.
	code, out, errOut = runIn(t, data, s, "ask", "--json", "--corpus", dir, "/who-attended meeting:Geneva")
	if code != 0 || !strings.Contains(out, "Steve Witkoff") || !strings.Contains(out, "Rustem Umerov") {
		t.Errorf("ask /who-attended Geneva = exit %d, %q (stderr %q); want Witkoff and Umerov", code, out, errOut)
	}
	var ans struct {
		People []struct{ Name string } `json:"people"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatalf("ask --json: %v", err)
	}
	for _, p := range ans.People {
		if p.Name == "Volodymyr Zelensky" {
			t.Errorf("ask /who-attended Geneva names Zelensky, who was told of the talks in Kyiv")
		}
	}
}

func TestCorpusAddRedirectAndSeveral(t *testing.T) {
	s := newSite(t)
	data, dir := t.TempDir(), t.TempDir()
	code, out, errOut := runIn(t, data, s, "corpus", "add", "--corpus", dir, s.URL+"/moved", s.URL+"/image", s.URL+"/cooking")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 1 || len(lines) != 2 || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("corpus add moved image cooking = exit %d, stdout %q, stderr %q; want 1, two added, one failure", code, out, errOut)
	}
	stored, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(lines[0], "added ")+".md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "url: " + s.URL + "/talks\n"; !bytes.Contains(stored, []byte(want)) {
		t.Errorf("article fetched through a redirect lacks %q:\n%s", want, stored)
	}
}

// TestCorpusAddRealPages adds each real report's web page (../shared/real-corpus,
// served locally) and checks the stored article answers /search with its
// headline, with the page's furniture left out.
func TestCorpusAddRealPages(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join("..", "shared", "real-corpus", "*.html"))
	if len(pages) == 0 {
		t.Skip("../shared/real-corpus is absent")
	}
	s := newSite(t)
	data, dir := t.TempDir(), t.TempDir()
	for i, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s.pages[fmt.Sprintf("/real/%d", i)] = [2]string{"text/html; charset=utf-8", string(b)}
	}
	for i, p := range pages {
		code, out, errOut := runIn(t, data, s, "corpus", "add", "--corpus", dir, fmt.Sprintf("%s/real/%d", s.URL, i))
		if code != 0 {
			t.Errorf("corpus add %s = exit %d, %q (stderr %q)", filepath.Base(p), code, out, errOut)
			continue
		}
		id := strings.TrimSpace(out)
		if i := strings.LastIndex(id, " "); i >= 0 {
			id = id[i+1:]
		}
		stored, err := os.ReadFile(filepath.Join(dir, id+".md"))
		if err != nil {
			t.Errorf("%s: %v (stdout %q)", filepath.Base(p), err, out)
			continue
		}
		title := ""
		for _, l := range strings.Split(string(stored), "\n") {
			if strings.HasPrefix(l, "title: ") {
				title = strings.Trim(strings.TrimPrefix(l, "title: "), `"'`)
				break
			}
		}
		if title == "" {
			t.Errorf("%s: stored without a title:\n%.300s", filepath.Base(p), stored)
			continue
		}
		code, out, errOut = runIn(t, data, s, "ask", "--corpus", dir, "/search query:"+title)
		if code != 0 || !strings.Contains(out, title) {
			t.Errorf("%s: /search %q = exit %d, %.300q (stderr %q); want its headline", filepath.Base(p), title, code, out, errOut)
		}
	}
}
