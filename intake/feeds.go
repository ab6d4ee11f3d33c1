package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/mmcdole/gofeed"
	"go.yaml.in/yaml/v3"

	"github.com/talksbot/talksbot/internal/atomicfile"
	"github.com/talksbot/talksbot/internal/fetch"
)

// FeedsFile is the file in the corpus folder that lists the feeds followed.
// People may edit it by hand:
//
//	feeds:
//	  - url: https://example.org/world/rss.xml
//	  - url: https://example.net/feed.json
const FeedsFile = "feeds.yaml"

// feedsHeader opens the feeds file when it is written.
const feedsHeader = `# Feeds whose new articles "talksbot corpus poll" adds to this folder.
# Edit freely, or use "talksbot corpus follow URL" and "corpus unfollow URL".
`

// Feed is one feed followed.
type Feed struct {
	URL string `yaml:"url"`
}

type feedsDoc struct {
	Feeds []Feed `yaml:"feeds"`
}

// LoadFeeds returns the feeds listed in dir's feeds file; none when there
// is no file.
func LoadFeeds(dir string) ([]Feed, error) {
	data, err := os.ReadFile(filepath.Join(dir, FeedsFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", FeedsFile, err)
	}
	var doc feedsDoc
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read %s: %w", FeedsFile, err)
	}
	return doc.Feeds, nil
}

// Follow adds rawURL to dir's feeds file. It reports false when the feed
// was already followed.
func Follow(dir, rawURL string) (bool, error) {
	return follow(dir, rawURL, nil)
}

// Unfollow removes rawURL from dir's feeds file. It reports false when the
// feed was not followed.
func Unfollow(dir, rawURL string) (bool, error) {
	u := CleanURL(rawURL)
	feeds, err := LoadFeeds(dir)
	if err != nil {
		return false, err
	}
	kept := slices.DeleteFunc(slices.Clone(feeds), func(f Feed) bool { return CleanURL(f.URL) == u })
	if len(kept) == len(feeds) {
		return false, nil
	}
	return true, saveFeeds(dir, kept)
}

// FollowChecked follows rawURL as Follow does, after fetching it through
// f to check that it is a feed (RSS, Atom or JSON Feed) that parses. A
// feed already followed is not fetched.
func FollowChecked(ctx context.Context, dir string, f Fetcher, rawURL string) (bool, error) {
	return follow(dir, rawURL, func(u string) error {
		p, err := f.Get(ctx, u, fetch.Conditional{})
		if err != nil {
			return err
		}
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(p.Body)); err != nil {
			return fmt.Errorf("not a feed (RSS, Atom or JSON Feed): %w", err)
		}
		return nil
	})
}

// follow adds rawURL to dir's feeds file unless it is there, after check
// (when not nil) accepts its cleaned address.
func follow(dir, rawURL string, check func(u string) error) (bool, error) {
	u := CleanURL(rawURL)
	if err := checkFeedURL(u); err != nil {
		return false, fmt.Errorf("follow %s: %w", rawURL, err)
	}
	feeds, err := LoadFeeds(dir)
	if err != nil {
		return false, err
	}
	if slices.ContainsFunc(feeds, func(f Feed) bool { return CleanURL(f.URL) == u }) {
		return false, nil
	}
	if check != nil {
		if err := check(u); err != nil {
			return false, fmt.Errorf("follow %s: %w", u, err)
		}
	}
	return true, saveFeeds(dir, append(feeds, Feed{URL: u}))
}

func saveFeeds(dir string, feeds []Feed) error {
	data, err := yaml.Marshal(feedsDoc{Feeds: feeds})
	if err != nil {
		return fmt.Errorf("write %s: %w", FeedsFile, err)
	}
	return atomicfile.Write(filepath.Join(dir, FeedsFile), append([]byte(feedsHeader), data...), 0o644)
}

// checkFeedURL refuses what can never be fetched.
func checkFeedURL(u string) error {
	p := mustParse(u)
	if (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return errors.New("not an http or https address")
	}
	return nil
}
