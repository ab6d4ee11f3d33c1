// Command talksbot is a Discord bot that answers questions about the talks
// to end the war in Ukraine with passages from news articles and their
// sources. Run "talksbot ask TEXT" to ask a question without Discord.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

const usage = `usage:
  talksbot serve [--corpus DIR] [--http ADDR]  run the bot on Discord (needs DISCORD_TOKEN)
  talksbot health [--url URL]                  exit 0 when a running serve is healthy (for HEALTHCHECK)
  talksbot ask [--json] [--files DIR] [--corpus DIR] TEXT
                                               answer TEXT as the bot would ("/who-attended", "what did Putin say?");
                                               --files writes the reply's attachments (the /timeline chart) to DIR
  talksbot corpus check [--corpus DIR]         show what cleaning kept and dropped in each article
  talksbot corpus add [--corpus DIR] URL...    fetch each page and add its article to the corpus folder
  talksbot corpus follow [--corpus DIR] FEED_URL   follow a feed (RSS, Atom, JSON Feed) in the folder's feeds.yaml
  talksbot corpus unfollow [--corpus DIR] FEED_URL stop following a feed
  talksbot corpus feeds [--corpus DIR]         list the feeds followed, with last poll and counts
  talksbot corpus poll [--corpus DIR]          add the new articles of every feed that are about the talks
  talksbot index build [--corpus DIR]          build (or rebuild) the index of the corpus
  talksbot feedback                            the 👍/👎 votes on answers: totals, and the questions most voted down
Settings come from the environment: DISCORD_TOKEN, DISCORD_GUILD_ID, DISCORD_API_URL, DISCORD_PUBLIC_KEY,
TALKSBOT_DATA_DIR, TALKSBOT_CORPUS_DIR, TALKSBOT_MODERATOR_ROLES, TALKSBOT_LOG_LEVEL, TALKSBOT_LOG_FORMAT,
TALKSBOT_ASK_CHANNELS, TALKSBOT_HTTP_ADDR, TALKSBOT_GATEWAY, TALKSBOT_SHARD_ID, TALKSBOT_SHARD_COUNT, TALKSBOT_METRICS_ADDR,
TALKSBOT_FETCH_ALLOW_HOSTS (host or host:port, comma-separated: fetched even on loopback or private addresses).`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run is the whole program: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			// Asking for help needs no settings ("serve --help" without a token).
			fmt.Fprintln(stdout, usage)
			return 0
		}
	}
	cfg, err := config.Load(getenv, args[0] == "serve")
	if err != nil {
		fmt.Fprintln(stderr, "talksbot: setting", err)
		return 2
	}
	log := newLogger(stderr, cfg)
	switch args[0] {
	case "ask":
		return runAsk(ctx, cfg, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, cfg, args[1:], stderr, log)
	case "health":
		return runHealth(ctx, cfg, args[1:], stdout, stderr)
	case "corpus":
		return runCorpus(ctx, cfg, args[1:], stdout, stderr)
	case "index":
		if len(args) < 2 || args[1] != "build" {
			fmt.Fprintln(stderr, usage)
			return 2
		}
		return runBuild(cfg, args[2:], stdout, stderr, log)
	case "feedback":
		return runFeedback(cfg, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "talksbot: unknown command %q\n%s\n", args[0], usage)
	return 2
}

// runCorpus runs the corpus subcommand named first in args.
func runCorpus(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	switch args[0] {
	case "check":
		return runCheck(cfg, args[1:], stdout, stderr)
	case "add":
		return runAdd(ctx, cfg, args[1:], stdout, stderr)
	case "follow":
		return runFollow(cfg, args[1:], stdout, stderr)
	case "unfollow":
		return runUnfollow(cfg, args[1:], stdout, stderr)
	case "feeds":
		return runFeeds(cfg, args[1:], stdout, stderr)
	case "poll":
		return runPoll(ctx, cfg, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "talksbot: unknown command \"corpus %s\"\n%s\n", args[0], usage)
	return 2
}

// noArgs reports whether fs, parsed, was given no argument besides its
// flags. Otherwise it says which argument was not expected, how to pass
// what the user likely meant (hint) and the flags, for an exit 2: a folder
// typed where --corpus was meant must not be ignored in silence.
func noArgs(fs *flag.FlagSet, stderr io.Writer, hint string) bool {
	if fs.NArg() == 0 {
		return true
	}
	fmt.Fprintf(stderr, "talksbot %s: unexpected argument %q (%s)\nusage: talksbot %s [flags]\n", fs.Name(), fs.Arg(0), hint, fs.Name())
	fs.PrintDefaults()
	return false
}

func newLogger(w io.Writer, cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openIndex opens (building when needed) the index of the corpus in dir,
// or of the embedded corpus when dir is "".
func openIndex(dataDir, dir string) (*index.Index, error) {
	src, err := source(dir)
	if err != nil {
		return nil, err
	}
	return index.Open(dataDir, src)
}

// openAsync opens the index of dir (see index.OpenAsync).
func openAsync(dataDir, dir string) (*index.Index, bool, error) {
	src, err := source(dir)
	if err != nil {
		return nil, false, err
	}
	return index.OpenAsync(dataDir, src)
}

// source is the corpus to read: dir when set, else the embedded one.
func source(dir string) (corpus.Source, error) {
	if dir == "" {
		return corpus.Source{Dir: corpus.FS(), Key: "embedded"}, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return corpus.Source{}, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return corpus.Source{}, fmt.Errorf("corpus folder: %w", err)
	}
	if !st.IsDir() {
		return corpus.Source{}, errors.New("corpus folder: " + abs + " is not a folder")
	}
	return corpus.Source{Dir: os.DirFS(abs), Fallback: corpus.FS(), Key: abs}, nil
}
