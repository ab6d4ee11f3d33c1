package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/corpus"
)

// runServe runs the bot until ctx is done (SIGINT or SIGTERM in main).
func runServe(ctx context.Context, cfg config.Config, args []string, stderr io.Writer, log *slog.Logger) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("corpus", cfg.CorpusDir, "corpus folder (default: a copy of the built-in corpus in the data folder)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	corpusDir := *dir
	if corpusDir == "" {
		corpusDir = filepath.Join(cfg.DataDir, "corpus")
		copied, err := corpus.Install(corpusDir)
		if err != nil {
			fmt.Fprintln(stderr, "talksbot serve: set up the corpus folder:", err)
			return 1
		}
		if copied {
			log.Info("copied the built-in articles into the corpus folder", "dir", corpusDir)
		}
	}
	ix, err := openIndex(cfg.DataDir, corpusDir)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot serve:", err)
		return 1
	}
	defer ix.Close()
	m := ix.Meta()
	log.Info("index open", "articles", len(m.Articles), "passages", m.Passages, "rejected", len(m.Problems), "corpus", corpusDir)

	b, err := bot.New(ix, bot.Options{
		Token: cfg.Token, GuildID: cfg.GuildID, APIURL: cfg.APIURL,
		CorpusDir: corpusDir, TrashDir: filepath.Join(cfg.DataDir, "removed"),
		ModeratorRoles: cfg.ModeratorRoles, Log: log,
	})
	if err != nil {
		fmt.Fprintln(stderr, "talksbot serve:", err)
		return 1
	}
	if err := b.Run(ctx); err != nil {
		fmt.Fprintln(stderr, "talksbot serve:", err)
		return 1
	}
	log.Info("stopped")
	return 0
}
