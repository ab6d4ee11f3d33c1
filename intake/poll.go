package intake

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// maxEntries bounds the entries read from one feed in one poll.
const maxEntries = 100

// PollReport is what one poll of one feed did.
type PollReport struct {
	Feed        string
	Err         error // the feed could not be fetched or parsed; nothing else was done
	NotModified bool  // the feed has not changed since the last poll
	Added       []Result
	Skipped     []Skip
	Seen        int // entries handled by an earlier poll
}

// Skip is an entry not added, and why.
type Skip struct {
	Entry  string // its title, or its link
	Reason string
}

// Poll reads feed (with a conditional request from st), and adds the
// entries not seen before that are about the corpus's subject as judged by
// j from their title and summary, then from the article's text. Entries
// skipped are listed with the reason. An entry whose page cannot be read is
// skipped and tried again at the next poll; every other entry is
// remembered in st, which the caller saves.
func (fo *Folder) Poll(ctx context.Context, feed Feed, st *FeedState, j *Judge) PollReport {
	rep := PollReport{Feed: feed.URL}
	st.LastPoll = fo.now().UTC()
	p, err := fo.fetch.Get(ctx, feed.URL, st.Validators)
	if err == nil && !p.NotModified {
		var parsed *gofeed.Feed
		parsed, err = gofeed.NewParser().Parse(bytes.NewReader(p.Body))
		if err == nil {
			st.Validators = p.Validators
			rep.entries(ctx, fo, parsed.Items, st, j)
		} else {
			err = fmt.Errorf("poll %s: parse feed: %w", feed.URL, err)
		}
	}
	switch {
	case err != nil:
		rep.Err, st.LastError = err, err.Error()
	case p.NotModified:
		rep.NotModified, st.LastError = true, ""
	default:
		st.LastError = ""
	}
	st.Added += len(rep.Added)
	st.Skipped += len(rep.Skipped)
	return rep
}

// entries handles the items of one feed.
func (rep *PollReport) entries(ctx context.Context, fo *Folder, items []*gofeed.Item, st *FeedState, j *Judge) {
	if len(items) > maxEntries {
		items = items[:maxEntries]
	}
	for _, it := range items {
		if ctx.Err() != nil {
			return
		}
		link := strings.TrimSpace(it.Link)
		keys := []string{strings.TrimSpace(it.GUID), CleanURL(link)}
		name := strings.TrimSpace(it.Title)
		if name == "" {
			name = link
		}
		if seenAny(st, keys) {
			rep.Seen++
			continue
		}
		res, reason, retry := fo.entry(ctx, it, link, j)
		switch {
		case reason != "":
			rep.Skipped = append(rep.Skipped, Skip{Entry: name, Reason: reason})
		default:
			rep.Added = append(rep.Added, res)
		}
		if !retry {
			st.Entries++
			for _, k := range keys {
				if k != "" {
					st.Seen[k] = fo.now().UTC()
				}
			}
		}
	}
}

// entry adds the article of one feed item, or says why not (and whether
// to try it again at the next poll).
func (fo *Folder) entry(ctx context.Context, it *gofeed.Item, link string, j *Judge) (res Result, reason string, retry bool) {
	if link == "" {
		return Result{}, "no link", false
	}
	if id, ok := fo.Known(link); ok {
		return Result{}, "already in the corpus as " + id, false
	}
	about := j.About(it.Title + "\n" + plainText(it.Description))
	d, err := fo.Read(ctx, link)
	if err != nil {
		return Result{}, err.Error(), true
	}
	if about == "" {
		about = j.About(d.Article.Title + "\n" + strings.Join(d.Article.Paragraphs, "\n"))
	}
	if about == "" {
		return Result{}, "not about the talks: no person of the corpus, nor two of its topics, in the title, summary or text", false
	}
	res, err = fo.Save(d)
	switch {
	case err != nil:
		return Result{}, err.Error(), true
	case res.Existing:
		return Result{}, "already in the corpus as " + res.ID, false
	}
	return res, "", false
}

func seenAny(st *FeedState, keys []string) bool {
	for _, k := range keys {
		if _, ok := st.Seen[k]; ok && k != "" {
			return true
		}
	}
	return false
}

var tags = regexp.MustCompile(`<[^>]*>`)

// plainText is a feed summary without its HTML.
func plainText(s string) string {
	return html.UnescapeString(tags.ReplaceAllString(s, " "))
}

// PollAll polls every feed followed in the corpus folder dir, judging
// entries with j, and saves what polling remembers in dataDir. A feed that
// fails has the error in its report; err is what stopped the whole poll.
func PollAll(ctx context.Context, dataDir, dir string, f Fetcher, now func() time.Time, j *Judge) ([]PollReport, error) {
	feeds, err := LoadFeeds(dir)
	if err != nil || len(feeds) == 0 {
		return nil, err
	}
	st, err := LoadState(dataDir, dir)
	if err != nil {
		return nil, err
	}
	fo, err := Open(dir, f, now)
	if err != nil {
		return nil, err
	}
	var reps []PollReport
	for _, fd := range feeds {
		reps = append(reps, fo.Poll(ctx, fd, st.Feed(fd.URL), j))
	}
	return reps, st.Save()
}
