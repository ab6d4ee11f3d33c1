package main

import (
	"context"
	"errors"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/intake"
)

// botFeeds is the bot's /feeds and feed polling: intake through the
// fetcher f, polled every cfg.FeedInterval.
func botFeeds(cfg config.Config, f intake.Fetcher) bot.Feeds {
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
			reps, err := pollFolder(ctx, cfg, f, dir)
			var added []bot.Added
			var errs []error
			for _, rep := range reps {
				errs = append(errs, rep.Err)
				for _, r := range rep.Added {
					added = append(added, addedOf(r))
				}
			}
			return added, errors.Join(append(errs, err)...)
		},
		Interval:        cfg.FeedInterval,
		AnnounceChannel: cfg.AnnounceChannel,
	}
}

// addedOf is what the bot announces of an article intake added.
func addedOf(r intake.Result) bot.Added {
	a := bot.Added{ID: r.ID, Title: r.Article.Title, Outlet: r.Article.Outlet, URL: r.URL, Published: r.Article.Published}
	if len(r.Article.Paragraphs) > 0 {
		a.Passage = r.Article.Paragraphs[0]
	}
	return a
}
