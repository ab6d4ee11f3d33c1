package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/talksbot/talksbot/handlers"
)

// feeds runs /feeds add|remove|list for a moderator.
func (b *Bot) feeds(ctx context.Context, job handlers.Job) (string, error) {
	f := b.opt.Feeds
	if f.Follow == nil || f.Unfollow == nil || f.List == nil {
		return "", handlers.Refuse("This bot does not follow feeds.")
	}
	u := job.Option("url")
	b.files.Lock()
	defer b.files.Unlock()
	switch job.Sub {
	case "add":
		if u == "" {
			return "", handlers.Refuse("Give the address of the feed to follow.")
		}
		feed, followed, err := f.Follow(ctx, b.opt.CorpusDir, u)
		shown := shownURL(feed)
		switch {
		case err != nil:
			return "", handlers.Refuse("%s is not followed: %v", shown, err)
		case !followed:
			return fmt.Sprintf("Already following %s: nothing changed.", shown), nil
		}
		return fmt.Sprintf("Now following %s: its new articles about the talks are added when the feeds are polled.", shown), nil
	case "remove":
		if u == "" {
			return "", handlers.Refuse("Give the address of the feed to stop following (see /feeds list).")
		}
		feed, unfollowed, err := f.Unfollow(b.opt.CorpusDir, u)
		shown := shownURL(feed)
		switch {
		case err != nil:
			return "", err
		case !unfollowed:
			return "", handlers.Refuse("Not following %s (see /feeds list): nothing changed.", shown)
		}
		return fmt.Sprintf("No longer following %s. The articles already added stay in the corpus.", shown), nil
	case "list":
		urls, err := f.List(b.opt.CorpusDir)
		if err != nil {
			return "", err
		}
		return feedList(urls), nil
	}
	return "", handlers.Refuse("Use /feeds add, /feeds remove or /feeds list.")
}

// feedList is the reply to /feeds list, within Discord's limit: the feeds
// that fit, then how many more there are.
func feedList(urls []string) string {
	if len(urls) == 0 {
		return "No feeds are followed. Add one with /feeds add."
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Feeds followed (%d):", len(urls))
	for i, u := range urls {
		line := "\n• " + shownURL(u)
		if sb.Len()+len(line) > handlers.LimitContent-40 {
			fmt.Fprintf(&sb, "\n…and %d more.", len(urls)-i)
			break
		}
		sb.WriteString(line)
	}
	return sb.String()
}

// shownURL is an address in a reply: cut short, between angle brackets so
// that Discord neither embeds it nor reads Markdown in it.
func shownURL(u string) string {
	return "<" + strings.ReplaceAll(cut(u, 300), ">", "%3E") + ">"
}
