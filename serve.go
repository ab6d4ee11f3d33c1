package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/fetch"
	"github.com/talksbot/talksbot/metrics"
)

// runServe runs the bot until ctx is done (SIGINT or SIGTERM in main): the
// gateway session, and the HTTP interactions and metrics endpoints when
// their addresses are set.
func runServe(ctx context.Context, cfg config.Config, args []string, stderr io.Writer, log *slog.Logger) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("corpus", cfg.CorpusDir, "corpus folder (default: a copy of the built-in corpus in the data folder)")
	httpAddr := fs.String("http", cfg.HTTPAddr, "serve Discord's HTTP interactions at /interactions on this address")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !noArgs(fs, stderr, "pass a corpus folder as --corpus DIR") {
		return 2
	}
	if *httpAddr != "" && cfg.PublicKey == nil {
		fmt.Fprintln(stderr, "talksbot: setting DISCORD_PUBLIC_KEY: not set; HTTP interactions need it to verify Discord's signatures")
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
	cl, err := openCluster(ctx, cfg, corpusDir, log)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot serve:", err)
		return 2
	}
	if cl != nil {
		defer cl.Close()
	}
	// The index opens without building: listeners and the gateway open at
	// once, answering from the index on disk while a changed corpus is
	// rebuilt in the background, or saying that the index is being built.
	index.SetServingGC()
	ix, needsBuild, err := openAsync(cfg.DataDir, corpusDir)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot serve:", err)
		return 1
	}
	var bg sync.WaitGroup
	defer bg.Wait() // after Close, which stops a build at its next article
	defer ix.Close()
	var botp atomic.Pointer[bot.Bot]
	met := metrics.New(ix.Meta)
	ready := func() (bool, string) {
		b := botp.Load()
		if !ix.Ready() {
			return false, building(ix)
		}
		if b == nil {
			return false, "starting"
		}
		if p := b.StartProblem(); p != "" {
			return false, p
		}
		if !b.Connected() {
			return false, "gateway not connected"
		}
		return true, problemOf(cl)
	}
	errs := make(chan error, 3)
	var servers []*http.Server
	defer func() {
		shutdown, stop := context.WithTimeout(context.Background(), 5*time.Second)
		defer stop()
		for _, s := range servers {
			s.Shutdown(shutdown)
		}
	}()
	if cfg.MetricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /healthz", metrics.Health(ready))
		mux.Handle("GET /metrics", met.Handler())
		servers = append(servers, listen(cfg.MetricsAddr, mux, "metrics", log, errs))
	}
	if needsBuild {
		bg.Go(func() { buildInBackground(ctx, ix, log) })
	} else {
		m := ix.Meta()
		log.Info("index open", "articles", len(m.Articles), "passages", m.Passages, "rejected", len(m.Problems), "corpus", corpusDir)
		logProblems(log, m.Problems, ix.DataWarnings())
	}

	fetcher := fetch.New(fetch.Options{AllowHosts: cfg.FetchAllowHosts})
	b, err := bot.New(ix, bot.Options{
		Token: cfg.Token, GuildID: cfg.GuildID, APIURL: cfg.APIURL,
		CorpusDir: corpusDir, TrashDir: filepath.Join(cfg.DataDir, "removed"),
		ModeratorRoles: cfg.ModeratorRoles, Log: log, Observe: met.Observe,
		ShardID: cfg.ShardID, ShardCount: cfg.ShardCount, NoGateway: !cfg.Gateway,
		AddURL: addURL(fetcher), Feeds: botFeeds(cfg, fetcher), Shared: shared(cl),
		FeedbackDir: cfg.DataDir, AskChannels: cfg.AskChannels,
	})
	if err != nil {
		fmt.Fprintln(stderr, "talksbot serve:", err)
		return 1
	}
	botp.Store(b)

	if *httpAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("/interactions", b.InteractionsHandler(cfg.PublicKey))
		mux.Handle("GET /healthz", metrics.Health(ready))
		servers = append(servers, listen(*httpAddr, mux, "interactions", log, errs))
	}
	go func() { errs <- b.Run(ctx) }()
	go reloadEvery(ctx, ix, 30*time.Second, log)
	go followCorpus(ctx, cl, ix, log)

	code := 0
	select {
	case <-ctx.Done():
		err = <-errs // Run returns once ctx is done
	case err = <-errs:
	}
	if err != nil {
		fmt.Fprintln(stderr, "talksbot serve:", err)
		code = 1
		if errors.Is(err, bot.ErrUnauthorized) {
			code = 2 // a bad token: restarting cannot help
		}
	}
	cancel()
	log.Info("stopped")
	return code
}

// building says how far the first build of the index got.
func building(ix *index.Index) string {
	if read, total := ix.Progress(); total > 0 {
		return fmt.Sprintf("building the index: %d/%d articles", read, total)
	}
	return "building the index"
}

// buildInBackground builds ix, logging its progress every few seconds:
// the first build of a large corpus takes minutes. Until it completes, the
// published build (if any) answers, else questions get ErrBuilding.
func buildInBackground(ctx context.Context, ix *index.Index, log *slog.Logger) {
	if ix.Ready() {
		log.Info("the corpus changed since the index was built: answering from it while a new one builds")
	} else {
		log.Info("no index yet: building it; questions are answered once it is ready")
	}
	done := make(chan struct{})
	go func() {
		start := time.Now()
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				read, total := ix.Progress()
				log.Info("still building the index", "read", read, "articles", total, "elapsed", time.Since(start).Round(time.Second))
			}
		}
	}()
	rep, err := ix.Rebuild()
	close(done)
	if err != nil {
		if ctx.Err() != nil {
			return // shutting down
		}
		if ix.Ready() {
			log.Error("background rebuild failed; the old index keeps answering", "error", err)
		} else {
			log.Error("building the index failed; questions cannot be answered until a reindex succeeds", "error", err)
		}
		return
	}
	log.Info("index built", "articles", rep.Articles, "passages", rep.Passages, "took", rep.Took.Round(time.Millisecond))
	logProblems(log, rep.Problems, rep.DataWarnings)
}

// logProblems names each skipped file and each data file problem of a
// build, once.
func logProblems(log *slog.Logger, skipped []corpus.Problem, data []string) {
	for _, p := range skipped {
		log.Warn("article skipped", "file", p.File, "reason", p.Reason)
	}
	for _, w := range data {
		log.Warn("data file", "problem", w)
	}
}

// listen serves h on addr in the background; a failure to listen is sent
// to errs.
func listen(addr string, h http.Handler, name string, log *slog.Logger, errs chan<- error) *http.Server {
	s := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 15 * time.Second, MaxHeaderBytes: 16 << 10}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		errs <- fmt.Errorf("%s endpoint: %w", name, err)
		return s
	}
	log.Info("listening", "endpoint", name, "addr", ln.Addr().String())
	go func() {
		if err := s.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("%s endpoint: %w", name, err)
		}
	}()
	return s
}

// reloadEvery picks up an index that another process published (a
// replica's reindex, or talksbot index build), so replicas follow.
func reloadEvery(ctx context.Context, ix *index.Index, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if changed, err := ix.Reload(); err != nil {
				log.Warn("checking for a newer index failed", "error", err)
			} else if changed {
				m := ix.Meta()
				log.Info("switched to a newer index", "articles", len(m.Articles), "passages", m.Passages)
			}
		}
	}
}
