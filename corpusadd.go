package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/intake"
	"github.com/talksbot/talksbot/internal/fetch"
)

// runAdd fetches each URL and adds the article in it to the corpus folder,
// printing one line per URL: the new article's id, or the id of the
// article that already holds it. A URL that fails is said on stderr and
// makes the exit code 1; the others are still added.
func runAdd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("corpus add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("corpus", cfg.CorpusDir, "corpus folder (default: the copy of the built-in corpus in the data folder)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "talksbot corpus add: no URL given")
		return 2
	}
	folder, err := openFolder(cfg, *dir)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot corpus add:", err)
		return 1
	}
	code := 0
	for _, u := range fs.Args() {
		res, err := folder.Add(ctx, u)
		switch {
		case err != nil:
			fmt.Fprintln(stderr, "talksbot corpus add:", err)
			code = 1
		case res.Existing:
			fmt.Fprintf(stdout, "already in the corpus: %s\n", res.ID)
		default:
			fmt.Fprintf(stdout, "added %s\n", res.ID)
		}
	}
	return code
}

// openFolder opens the corpus folder dir (see corpusDir) for adding, with
// the safe fetcher.
func openFolder(cfg config.Config, dir string) (*intake.Folder, error) {
	dir, err := corpusDir(cfg, dir)
	if err != nil {
		return nil, err
	}
	f := fetch.New(fetch.Options{AllowHosts: cfg.FetchAllowHosts})
	return intake.Open(dir, f, time.Now)
}

// corpusDir is dir, or, when dir is "", the copy of the built-in corpus in
// the data folder (made when missing, as serve does).
func corpusDir(cfg config.Config, dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	dir = filepath.Join(cfg.DataDir, "corpus")
	if _, err := corpus.Install(dir); err != nil {
		return "", fmt.Errorf("set up the corpus folder: %w", err)
	}
	return dir, nil
}

// addURL is the bot's /add-article by url: intake through the fetcher f.
func addURL(f *fetch.Fetcher) func(ctx context.Context, dir, rawURL string) (string, bool, error) {
	return func(ctx context.Context, dir, rawURL string) (string, bool, error) {
		r, err := intake.AddTo(ctx, dir, f, time.Now, rawURL)
		return r.ID, r.Existing, err
	}
}
