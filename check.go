package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/dates"
)

// runCheck prints, per article, the passages kept, the lines dropped with
// the rule that dropped each, and the problems found.
func runCheck(cfg config.Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("corpus check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("corpus", cfg.CorpusDir, "corpus folder (default: the embedded corpus)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !noArgs(fs, stderr, "pass a corpus folder as --corpus DIR") {
		return 2
	}
	src, err := source(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot corpus check:", err)
		return 1
	}
	c, err := corpus.Load(src.Dir, src.Fallback)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot corpus check:", err)
		return 1
	}
	for _, a := range c.Articles {
		title := a.Title
		if a.TitleDerived {
			title += "  (no title line: made from the first sentence)"
		}
		fmt.Fprintf(stdout, "== %s (%s)\n   title: %s\n", a.ID, a.File, title)
		date := "unknown"
		if !a.Published.IsZero() {
			date = dates.Format(a.Published)
		}
		fmt.Fprintf(stdout, "   outlet: %s  date: %s", orUnknown(a.Outlet), date)
		if a.URL != "" {
			fmt.Fprintf(stdout, "  url: %s", a.URL)
		}
		fmt.Fprintln(stdout)
		for _, p := range c.Passages {
			if p.Article != a.ID {
				continue
			}
			fmt.Fprintf(stdout, "   kept ¶%-3d %s\n", p.Paragraph, preview(p.Text, 90))
			if len(p.People)+len(p.Topics) > 0 {
				fmt.Fprintf(stdout, "        people: %s; speakers: %s; side: %s; topics: %s\n",
					strings.Join(p.People, ", "), strings.Join(p.Speakers, ", "), p.Side, strings.Join(p.Topics, ", "))
			}
		}
		for _, d := range a.Dropped {
			fmt.Fprintf(stdout, "   dropped [%s] %s\n", d.Rule, preview(d.Text, 80))
		}
	}
	fmt.Fprintf(stdout, "\nMeetings found:\n")
	for _, m := range c.Meetings {
		var names []string
		for _, at := range m.Attendees {
			names = append(names, at.Name)
		}
		fmt.Fprintf(stdout, "   %s [%s]: %d reports in %d articles; attended: %s\n", m.Label, m.ID, m.Reports, m.Articles, strings.Join(names, ", "))
	}
	if len(c.Unlisted) > 0 {
		fmt.Fprintf(stdout, "\nPeople not in %s (add them to tag and fold their names):\n", extract.PeopleFile)
		for _, p := range c.Unlisted {
			fmt.Fprintf(stdout, "   %s (side: %s)\n", p.Name, orDash(p.Side))
		}
	}
	if len(c.Problems) > 0 {
		fmt.Fprintf(stdout, "\nProblems (files skipped):\n")
		for _, p := range c.Problems {
			fmt.Fprintf(stdout, "   %s\n", p)
		}
	}
	fmt.Fprintf(stdout, "\n%d articles, %d passages, %d files skipped\n", len(c.Articles), len(c.Passages), len(c.Problems))
	for _, w := range c.Lexicon.Warnings {
		fmt.Fprintln(stderr, "talksbot corpus check: warning:", w)
	}
	for _, b := range c.Lexicon.Broken {
		fmt.Fprintln(stderr, "talksbot corpus check:", b)
	}
	if len(c.Lexicon.Broken) > 0 {
		return 1 // a data file to fix
	}
	return 0
}

// runBuild builds a fresh index of the corpus and publishes it, for
// processes that share the data folder to pick up.
func runBuild(cfg config.Config, args []string, stdout, stderr io.Writer, log *slog.Logger) int {
	fs := flag.NewFlagSet("index build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("corpus", cfg.CorpusDir, "corpus folder (default: the embedded corpus)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !noArgs(fs, stderr, "pass a corpus folder as --corpus DIR") {
		return 2
	}
	src, err := source(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot index build:", err)
		return 1
	}
	rep, err := index.BuildWaiting(cfg.DataDir, src, func() {
		fmt.Fprintln(stderr, "talksbot index build: another build of this index is running; waiting for it")
	})
	if err != nil {
		fmt.Fprintln(stderr, "talksbot index build:", err)
		return 1
	}
	log.Info("index built", "articles", rep.Articles, "passages", rep.Passages, "rejected", len(rep.Problems), "took", rep.Took)
	for _, p := range rep.Problems {
		fmt.Fprintf(stderr, "talksbot index build: skipped %s\n", p)
	}
	for _, w := range rep.DataWarnings {
		fmt.Fprintln(stderr, "talksbot index build: warning:", w)
	}
	fmt.Fprintf(stdout, "indexed %d articles, %d passages in %s\n", rep.Articles, rep.Passages, rep.Took.Round(1e6))
	return 0
}

func preview(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
