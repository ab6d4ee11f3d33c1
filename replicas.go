package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/cluster"
)

// openCluster connects serve to the state replicas share when
// TALKSBOT_REDIS_URL is set (nil when not), and brings the corpus folder
// up to the stream of changes before the index opens. Redis being down is
// no error: serve starts, degraded, and catches up when Redis answers.
func openCluster(ctx context.Context, cfg config.Config, corpusDir string, log *slog.Logger) (*cluster.Cluster, error) {
	if cfg.RedisURL == "" {
		return nil, nil
	}
	cl, err := cluster.Open(cluster.Options{URL: cfg.RedisURL, Corpus: corpusDir,
		Trash: filepath.Join(cfg.DataDir, "removed"), Pending: filepath.Join(cfg.DataDir, "redis-pending.json"), Log: log})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	switch changed, err := cl.CatchUp(ctx); {
	case err != nil:
		log.Warn("cannot read the replicas' corpus changes at start; answering from this corpus folder until Redis answers", "error", err)
	case changed:
		log.Info("applied the corpus changes other replicas made")
	}
	return cl, nil
}

// shared is cl as the bot's Shared: nil stays nil.
func shared(cl *cluster.Cluster) bot.Shared {
	if cl == nil {
		return nil
	}
	return cl
}

// problemOf is what /healthz says of the shared state: "" when fine or
// not used.
func problemOf(cl *cluster.Cluster) string {
	if cl == nil {
		return ""
	}
	return cl.Problem()
}

// followCorpus applies the other replicas' corpus changes to ix's corpus
// folder and rebuilds ix after each, while it answers, until ctx is done.
func followCorpus(ctx context.Context, cl *cluster.Cluster, ix *index.Index, log *slog.Logger) {
	if cl == nil {
		return
	}
	cl.Follow(ctx, func() error {
		rep, err := ix.TryRebuildReporting(nil)
		if err != nil {
			return err
		}
		log.Info("index rebuilt", "articles", rep.Articles, "passages", rep.Passages, "took", rep.Took)
		logProblems(log, rep.Problems, rep.DataWarnings)
		return nil
	})
}
