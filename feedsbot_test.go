package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/internal/fetch"
)

// TestBotFeeds drives the functions serve gives the bot for /feeds and
// polling against the fake site: what the bot is told of an article added
// is what it announces.
func TestBotFeeds(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	cfg := config.Config{DataDir: t.TempDir(), FeedInterval: 45 * time.Minute, AnnounceChannel: "1200000000000000009"}
	fd := botFeeds(cfg, fetch.New(fetch.Options{AllowHosts: []string{s.Host}}))
	if fd.Interval != cfg.FeedInterval || fd.AnnounceChannel != cfg.AnnounceChannel {
		t.Errorf("Interval, AnnounceChannel = %v, %q; want the settings' %v, %q", fd.Interval, fd.AnnounceChannel, cfg.FeedInterval, cfg.AnnounceChannel)
	}
	ctx := context.Background()
	if _, ok, err := fd.Follow(ctx, dir, s.URL+"/talks"); ok || err == nil || !strings.Contains(err.Error(), "not a feed") {
		t.Errorf("Follow(an article page) = %v, %v; want a not-a-feed error", ok, err)
	}
	feed, ok, err := fd.Follow(ctx, dir, s.URL+"/feed.xml?utm_source=x")
	if feed != s.URL+"/feed.xml" || !ok || err != nil {
		t.Errorf("Follow(feed) = %q, %v, %v; want %q, true, nil", feed, ok, err, s.URL+"/feed.xml")
	}
	if urls, err := fd.List(dir); !slices.Equal(urls, []string{s.URL + "/feed.xml"}) || err != nil {
		t.Errorf("List() = %q, %v", urls, err)
	}
	added, err := fd.Poll(ctx, dir)
	if err != nil || len(added) != 1 {
		t.Fatalf("Poll() = %+v, %v; want one article", added, err)
	}
	a := added[0]
	if a.ID != "2025-11-23_negotiators-agree-quokka-accord-framework-in-geneva" || a.Title != "Negotiators agree Quokka Accord framework in Geneva" ||
		a.Outlet != "Test Wire" || !a.Published.Equal(time.Date(2025, 11, 23, 18, 30, 0, 0, time.UTC)) ||
		a.URL != s.URL+"/talks" || !strings.HasPrefix(a.Passage, "US special envoy Steve Witkoff and Ukraine's chief negotiator") {
		t.Errorf("Poll() added %+v", a)
	}
	if _, err := os.Stat(filepath.Join(dir, a.ID+".md")); err != nil {
		t.Errorf("the article added is not in the corpus folder: %v", err)
	}
	if again, err := fd.Poll(ctx, dir); len(again) != 0 || err != nil {
		t.Errorf("second Poll() = %+v, %v; want nothing added", again, err)
	}
	if feed, ok, err := fd.Unfollow(dir, s.URL+"/feed.xml"); feed != s.URL+"/feed.xml" || !ok || err != nil {
		t.Errorf("Unfollow(feed) = %q, %v, %v", feed, ok, err)
	}
	if _, ok, err := fd.Unfollow(dir, s.URL+"/feed.xml"); ok || err != nil {
		t.Errorf("Unfollow(feed) again = %v, %v; want false, nil", ok, err)
	}
}
