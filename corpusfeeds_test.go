package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCorpusFeeds(t *testing.T) {
	s := newSite(t)
	data, dir := t.TempDir(), t.TempDir()
	const id = "2025-11-23_negotiators-agree-quokka-accord-framework-in-geneva"
	steps := []struct {
		name   string
		args   []string
		code   int
		stdout []string // lines printed, in order
		stderr string   // part of the one line on stderr, "" for none
		files  []string // the corpus folder afterwards
	}{
		{"follow a broken feed", []string{"follow", s.URL + "/broken.xml"}, 0,
			[]string{"following " + s.URL + "/broken.xml"}, "", []string{"feeds.yaml"}},
		{"follow a feed", []string{"follow", s.URL + "/feed.xml?utm_source=x"}, 0,
			[]string{"following " + s.URL + "/feed.xml"}, "", []string{"feeds.yaml"}},
		{"follow it again", []string{"follow", s.URL + "/feed.xml"}, 0,
			[]string{"already following " + s.URL + "/feed.xml"}, "", []string{"feeds.yaml"}},
		{"follow a file", []string{"follow", "file:///etc/passwd"}, 1, nil, "not an http", []string{"feeds.yaml"}},
		{"never polled", []string{"feeds"}, 0, []string{
			s.URL + "/broken.xml  never polled; 0 added, 0 skipped, 0 entries seen",
			s.URL + "/feed.xml  never polled; 0 added, 0 skipped, 0 entries seen",
		}, "", []string{"feeds.yaml"}},
		{"first poll: the broken feed does not stop the other", []string{"poll"}, 1, []string{
			"added " + id + " (from " + s.URL + "/feed.xml)",
			`skipped "Dumpling festival draws record crowds": not about the talks: no person of the corpus, nor two of its topics, in the title, summary or text`,
			"1 added, 1 skipped from 2 feeds (1 failed)",
		}, "broken.xml: parse feed", []string{id + ".md", "feeds.yaml"}},
		{"second poll adds nothing", []string{"poll"}, 1, []string{
			"0 added, 0 skipped from 2 feeds (1 failed)",
		}, "broken.xml: parse feed", []string{id + ".md", "feeds.yaml"}},
		{"unfollow the broken feed", []string{"unfollow", s.URL + "/broken.xml"}, 0,
			[]string{"no longer following " + s.URL + "/broken.xml"}, "", []string{id + ".md", "feeds.yaml"}},
		{"unfollow it again", []string{"unfollow", s.URL + "/broken.xml"}, 1, nil, "not following", []string{id + ".md", "feeds.yaml"}},
		{"third poll", []string{"poll"}, 0, []string{"0 added, 0 skipped from 1 feeds (0 failed)"}, "", []string{id + ".md", "feeds.yaml"}},
	}
	for _, st := range steps {
		args := append([]string{"corpus", st.args[0], "--corpus", dir}, st.args[1:]...)
		code, out, errOut := runIn(t, data, s, args...)
		var lines []string
		if out = strings.TrimSpace(out); out != "" {
			lines = strings.Split(out, "\n")
		}
		if code != st.code || !slices.Equal(lines, st.stdout) {
			t.Errorf("%s: %q = exit %d, stdout\n%s\n(stderr %q); want %d,\n%s", st.name, st.args, code, out, errOut, st.code, strings.Join(st.stdout, "\n"))
		}
		if st.stderr == "" && errOut != "" || st.stderr != "" && (!strings.Contains(errOut, st.stderr) || strings.Count(errOut, "\n") != 1) {
			t.Errorf("%s: stderr = %q, want one line with %q", st.name, errOut, st.stderr)
		}
		if got := files(t, dir); !slices.Equal(got, st.files) {
			t.Errorf("%s: corpus folder holds %q, want %q", st.name, got, st.files)
		}
	}
	if n := s.notModified.Load(); n != 2 {
		t.Errorf("the feed answered 304 %d times, want 2 (polls after the first are conditional)", n)
	}
	code, out, _ := runIn(t, data, s, "corpus", "feeds", "--corpus", dir)
	if code != 0 || !strings.Contains(out, "/feed.xml  last poll ") || !strings.Contains(out, "1 added, 1 skipped, 2 entries seen") {
		t.Errorf("corpus feeds = exit %d, %q; want the feed's last poll and counts", code, out)
	}
	fy, err := os.ReadFile(filepath.Join(dir, "feeds.yaml"))
	if err != nil || !strings.Contains(string(fy), "- url: "+s.URL+"/feed.xml\n") || strings.Contains(string(fy), "broken") {
		t.Errorf("feeds.yaml = %q, %v; want the one feed still followed", fy, err)
	}
}
