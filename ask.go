package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/talksbot/talksbot/config"
	"github.com/talksbot/talksbot/handlers"
	"github.com/talksbot/talksbot/internal/atomicfile"
)

// runAsk answers one question as the bot would, on standard output.
func runAsk(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the answer as JSON, reply payload included")
	dir := fs.String("corpus", cfg.CorpusDir, "corpus folder (default: the embedded corpus)")
	message := fs.String("message", "", "find the sources of this message's text, as the message command \"Find sources\" does")
	filesDir := fs.String("files", "", "write the reply's attachments (the timeline's chart) to this folder, created if missing")
	// Flags may come after the question too ("ask /who-attended --json"):
	// parse, take the next word as text, and parse the rest again.
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	text := strings.TrimSpace(strings.Join(words, " "))
	if *message != "" && text != "" {
		fmt.Fprintln(stderr, "talksbot ask: give a question or --message, not both")
		return 2
	}
	if *message == "" && text == "" {
		fmt.Fprintln(stderr, "talksbot ask: nothing to ask (give a question or a command such as \"/who-attended\")")
		return 2
	}
	ix, err := openIndex(cfg.DataDir, *dir)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot ask:", err)
		return 1
	}
	defer ix.Close()
	// Files of the corpus that could not be read are said out loud: the
	// answer comes from the others.
	for _, p := range ix.Meta().Problems {
		fmt.Fprintf(stderr, "talksbot ask: skipped %s\n", p)
	}
	for _, w := range ix.DataWarnings() {
		fmt.Fprintln(stderr, "talksbot ask: warning:", w)
	}
	h := handlers.New(ix)
	var ans handlers.Answer
	if *message != "" {
		ans, err = h.Answer(ctx, handlers.FindSourcesRequest(*message))
	} else {
		ans, err = ask(ctx, h, text)
	}
	if errors.Is(err, handlers.ErrBadRequest) {
		text, _ := handlers.Explain(err, "")
		fmt.Fprintln(stderr, "talksbot ask:", text)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "talksbot ask:", err)
		return 1
	}
	if *filesDir != "" {
		if err := writeFiles(*filesDir, ans.Files); err != nil {
			fmt.Fprintln(stderr, "talksbot ask:", err)
			return 1
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(ans); err != nil {
			fmt.Fprintln(stderr, "talksbot ask:", err)
			return 1
		}
		return 0
	}
	printAnswer(stdout, ans)
	return 0
}

// ask answers text, a slash command as typed or a mention's text.
func ask(ctx context.Context, h *handlers.Handlers, text string) (handlers.Answer, error) {
	req, err := h.ParseCommandLine(text)
	if err != nil {
		return handlers.Answer{}, err
	}
	return h.Answer(ctx, req)
}

// printAnswer writes the reply as plain text.
func printAnswer(w io.Writer, a handlers.Answer) {
	if a.Reply == nil {
		return
	}
	if a.Reply.Content != "" {
		fmt.Fprintln(w, a.Reply.Content)
	}
	for _, e := range a.Reply.Embeds {
		fmt.Fprintln(w, e.Title)
		fmt.Fprintln(w, strings.Repeat("=", min(len([]rune(e.Title)), 80)))
		if e.Description != "" {
			fmt.Fprintln(w, e.Description)
		}
		for _, f := range e.Fields {
			fmt.Fprintf(w, "\n%s\n%s\n", f.Name, f.Value)
		}
		if e.Footer != nil {
			fmt.Fprintf(w, "\n(%s)\n", e.Footer.Text)
		}
	}
	for _, f := range a.Files {
		fmt.Fprintf(w, "\nAttached: %s (%s, %d bytes)\n", f.Name, f.ContentType, len(f.Data))
	}
}

// writeFiles writes each file to dir, creating it, under its name made
// safe: the base name only, with characters other than letters, digits,
// '.', '-' and '_' replaced, so that no name can leave dir.
func writeFiles(dir string, files []handlers.File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("files folder: %w", err)
	}
	for i, f := range files {
		if err := atomicfile.Write(filepath.Join(dir, safeName(f.Name, i)), f.Data, 0o644); err != nil {
			return fmt.Errorf("write attachment: %w", err)
		}
	}
	return nil
}

// safeName is name reduced to a plain file name, "file-N" when nothing
// usable is left.
func safeName(name string, n int) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, filepath.Base(filepath.ToSlash(name)))
	if strings.Trim(name, "._") == "" {
		return fmt.Sprintf("file-%d", n+1)
	}
	return strings.TrimLeft(name, ".")
}
