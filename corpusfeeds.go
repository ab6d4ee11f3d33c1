package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/intake"
	"github.com/talksbot/talksbot/internal/fetch"
)

// feedCommand parses the flags of "corpus follow|unfollow|feeds|poll" and
// returns the corpus folder and the other arguments; ok is false after a
// usage error (already said).
func feedCommand(cfg config.Config, name string, args []string, stderr io.Writer, nargs int) (dir string, rest []string, ok bool) {
	fs := flag.NewFlagSet("corpus "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	d := fs.String("corpus", cfg.CorpusDir, "corpus folder (default: the copy of the built-in corpus in the data folder)")
	if err := fs.Parse(args); err != nil {
		return "", nil, false
	}
	if fs.NArg() != nargs {
		what := "no arguments"
		if nargs == 1 {
			what = "one FEED_URL"
		}
		fmt.Fprintf(stderr, "talksbot corpus %s: want %s\n", name, what)
		return "", nil, false
	}
	dir, err := corpusDir(cfg, *d)
	if err != nil {
		fmt.Fprintf(stderr, "talksbot corpus %s: %v\n", name, err)
		return "", nil, false
	}
	return dir, fs.Args(), true
}

// runFollow adds a feed to the corpus folder's feeds file.
func runFollow(cfg config.Config, args []string, stdout, stderr io.Writer) int {
	return changeFeeds(cfg, "follow", intake.Follow, args, stdout, stderr)
}

// runUnfollow removes a feed from the corpus folder's feeds file.
func runUnfollow(cfg config.Config, args []string, stdout, stderr io.Writer) int {
	return changeFeeds(cfg, "unfollow", intake.Unfollow, args, stdout, stderr)
}

// changeFeeds runs "corpus follow" or "corpus unfollow" through change,
// which reports whether it changed the feeds file. Following a feed
// already followed is no error; unfollowing one not followed is.
func changeFeeds(cfg config.Config, name string, change func(dir, rawURL string) (bool, error), args []string, stdout, stderr io.Writer) int {
	dir, rest, ok := feedCommand(cfg, name, args, stderr, 1)
	if !ok {
		return 2
	}
	u := intake.CleanURL(rest[0])
	changed, err := change(dir, rest[0])
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "talksbot corpus %s: %v\n", name, err)
		return 1
	case changed && name == "follow":
		fmt.Fprintln(stdout, "following", u)
	case changed:
		fmt.Fprintln(stdout, "no longer following", u)
	case name == "follow":
		fmt.Fprintln(stdout, "already following", u)
	default:
		fmt.Fprintf(stderr, "talksbot corpus %s: not following %s\n", name, u)
		return 1
	}
	return 0
}

// runFeeds lists the feeds followed with their last poll and counts.
func runFeeds(cfg config.Config, args []string, stdout, stderr io.Writer) int {
	dir, _, ok := feedCommand(cfg, "feeds", args, stderr, 0)
	if !ok {
		return 2
	}
	feeds, err := intake.LoadFeeds(dir)
	if err == nil && len(feeds) == 0 {
		fmt.Fprintln(stdout, "no feeds followed (talksbot corpus follow FEED_URL)")
		return 0
	}
	var st *intake.State
	if err == nil {
		st, err = intake.LoadState(cfg.DataDir, dir)
	}
	if err != nil {
		fmt.Fprintln(stderr, "talksbot corpus feeds:", err)
		return 1
	}
	for _, f := range feeds {
		fs := st.Feed(f.URL)
		last := "never polled"
		if !fs.LastPoll.IsZero() {
			last = "last poll " + fs.LastPoll.Format("2006-01-02 15:04 MST")
		}
		fmt.Fprintf(stdout, "%s  %s; %d added, %d skipped, %d entries seen", f.URL, last, fs.Added, fs.Skipped, fs.Entries)
		if fs.LastError != "" {
			fmt.Fprintf(stdout, "; last error: %s", fs.LastError)
		}
		fmt.Fprintln(stdout)
	}
	return 0
}

// runPoll polls every feed followed and adds their new articles about the
// corpus's subject. A feed that fails is reported and the others still
// polled; the exit code is then 1.
func runPoll(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) int {
	dir, _, ok := feedCommand(cfg, "poll", args, stderr, 0)
	if !ok {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "talksbot corpus poll:", err)
		return 1
	}
	reps, err := pollFolder(ctx, cfg, fetch.New(fetch.Options{AllowHosts: cfg.FetchAllowHosts}), dir)
	if err != nil {
		return fail(err)
	}
	added, skipped, failed := 0, 0, 0
	for _, rep := range reps {
		if rep.Err != nil {
			fmt.Fprintln(stderr, "talksbot corpus poll:", rep.Err)
			failed++
			continue
		}
		for _, r := range rep.Added {
			fmt.Fprintf(stdout, "added %s (from %s)\n", r.ID, rep.Feed)
		}
		for _, s := range rep.Skipped {
			fmt.Fprintf(stdout, "skipped %q: %s\n", s.Entry, s.Reason)
		}
		added, skipped = added+len(rep.Added), skipped+len(rep.Skipped)
	}
	fmt.Fprintf(stdout, "%d added, %d skipped from %d feeds (%d failed)\n", added, skipped, len(reps), failed)
	if failed > 0 {
		return 1
	}
	return 0
}

// pollFolder polls every feed followed in the corpus folder dir through f
// and saves what polling remembers (in the data folder). A feed that fails
// has the error in its report; err is what stopped the whole poll.
func pollFolder(ctx context.Context, cfg config.Config, f intake.Fetcher, dir string) ([]intake.PollReport, error) {
	feeds, err := intake.LoadFeeds(dir)
	if err != nil || len(feeds) == 0 {
		return nil, err
	}
	lx, err := extract.LoadLexicon(os.DirFS(dir), corpus.FS())
	if err != nil {
		return nil, err
	}
	return intake.PollAll(ctx, cfg.DataDir, dir, f, time.Now, intake.NewJudge(lx))
}
