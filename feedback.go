package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/config"
)

// runFeedback prints the votes recorded in the data folder: the totals, by
// intent, and the questions most voted down with the sources their answers
// gave. Each member's latest vote on an answer counts once.
func runFeedback(cfg config.Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("feedback", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !noArgs(fs, stderr, "the data folder is TALKSBOT_DATA_DIR") {
		return 2
	}
	rep, err := bot.ReadFeedback(cfg.DataDir)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot feedback:", err)
		return 1
	}
	path := filepath.Join(cfg.DataDir, bot.FeedbackFile)
	if rep.Up+rep.Down == 0 {
		fmt.Fprintf(stdout, "No votes yet (%s).\n", path)
		if rep.Skipped > 0 {
			fmt.Fprintf(stdout, "%d unreadable lines skipped.\n", rep.Skipped)
		}
		return 0
	}
	fmt.Fprintf(stdout, "%d votes on %d answers: %d 👍, %d 👎 (%s)\n", rep.Up+rep.Down, rep.Answers, rep.Up, rep.Down, path)
	if rep.Skipped > 0 {
		fmt.Fprintf(stdout, "%d unreadable lines skipped.\n", rep.Skipped)
	}
	fmt.Fprintln(stdout, "\nBy intent:")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, iv := range rep.ByIntent {
		fmt.Fprintf(tw, "  %s\t%d 👍\t%d 👎\n", iv.Intent, iv.Up, iv.Down)
	}
	tw.Flush()
	if len(rep.MostDown) == 0 {
		fmt.Fprintln(stdout, "\nNo answer was voted down.")
		return 0
	}
	fmt.Fprintln(stdout, "\nMost voted down:")
	for i, a := range rep.MostDown {
		fmt.Fprintf(stdout, "%2d. %d 👎 %d 👍  [%s] %s\n", i+1, a.Down, a.Up, a.Intent, oneLine(a.Question))
		var srcs []string
		for _, s := range a.Sources {
			src := s.Article
			if s.Paragraph > 0 {
				src += fmt.Sprintf(" ¶%d", s.Paragraph)
			}
			srcs = append(srcs, src)
		}
		if len(srcs) > 0 {
			fmt.Fprintf(stdout, "    sources: %s\n", strings.Join(srcs, ", "))
		}
	}
	return 0
}

// oneLine keeps a question on its line of the report, without the
// control characters (terminal escapes among them) and the bidirectional
// and other format characters a member may have typed to garble or
// reorder what the operator's terminal shows.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
