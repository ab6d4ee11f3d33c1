package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// reSourceID finds the article ids in the reply to /sources.
var reSourceID = regexp.MustCompile("id `([^`]+)`")

// writeArticles writes a corpus folder of one short article per id, each
// about word, and returns its path.
func writeArticles(t *testing.T, word string, ids ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, id := range ids {
		text := "The " + word + " talks " + id + "\n\n" +
			"Negotiators met in Geneva to discuss the " + word + " proposal.\n\n" +
			"Officials said the talks would continue next week."
		if err := os.WriteFile(filepath.Join(dir, id+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// envWith is a getenv that knows only vars.
func envWith(vars ...string) func(string) string {
	return func(k string) string {
		for i := 0; i+1 < len(vars); i += 2 {
			if vars[i] == k {
				return vars[i+1]
			}
		}
		return ""
	}
}

// TestAskSourcesOfConcurrentCorpora runs "ask /sources" on two corpora at
// once, several times over, sharing one data folder as separate processes
// would: every answer lists its own corpus's articles and no other.
func TestAskSourcesOfConcurrentCorpora(t *testing.T) {
	data := t.TempDir()
	dirA := writeArticles(t, "quokka", "alpha-1", "alpha-2")
	dirB := writeArticles(t, "narwhal", "beta-1")
	calls := []struct {
		args []string
		env  func(string) string
		want []string
	}{
		{[]string{"ask", "--json", "--corpus", dirA, "/sources"}, envWith("TALKSBOT_DATA_DIR", data), []string{"alpha-1", "alpha-2"}},
		{[]string{"ask", "--json", "--corpus", dirB, "/sources"}, envWith("TALKSBOT_DATA_DIR", data), []string{"beta-1"}},
		{[]string{"ask", "--json", "/sources"}, envWith("TALKSBOT_DATA_DIR", data, "TALKSBOT_CORPUS_DIR", dirB), []string{"beta-1"}},
	}
	const rounds = 3
	var wg sync.WaitGroup
	for round := range rounds {
		for _, c := range calls {
			wg.Go(func() {
				var stdout, stderr bytes.Buffer
				code := run(context.Background(), c.args, &stdout, &stderr, c.env)
				if code != 0 {
					t.Errorf("round %d: %q exit %d, stderr %q", round, c.args, code, stderr.String())
					return
				}
				var out askOutput
				if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
					t.Errorf("round %d: %q printed %v: %s", round, c.args, err, stdout.Bytes())
					return
				}
				var ids []string
				for _, e := range out.Reply.Embeds {
					for _, f := range e.Fields {
						for _, m := range reSourceID.FindAllStringSubmatch(f.Value, -1) {
							ids = append(ids, m[1])
						}
					}
				}
				slices.Sort(ids)
				if out.Intent != "sources" || !slices.Equal(ids, c.want) {
					t.Errorf("round %d: %q answered %s with %q, want sources %q", round, c.args, out.Intent, ids, c.want)
				}
			})
		}
	}
	wg.Wait()
}

// TestRunUsageErrors checks that what a user gets wrong exits 2 with one
// line on standard error saying what, and nothing on standard output.
func TestRunUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  []string
		want string // on standard error
	}{
		{"ask nothing", []string{"ask"}, nil, "nothing to ask"},
		{"ask blanks", []string{"ask", " ", "\t"}, nil, "nothing to ask"},
		{"ask json nothing", []string{"ask", "--json"}, nil, "nothing to ask"},
		{"log format", []string{"ask", "/sources"}, []string{"TALKSBOT_LOG_FORMAT", "xml"}, "TALKSBOT_LOG_FORMAT"},
		{"log level", []string{"ask", "/sources"}, []string{"TALKSBOT_LOG_LEVEL", "loud"}, "TALKSBOT_LOG_LEVEL"},
		{"guild id", []string{"ask", "/sources"}, []string{"DISCORD_GUILD_ID", "my-server"}, "DISCORD_GUILD_ID"},
		{"moderator roles", []string{"index", "build"}, []string{"TALKSBOT_MODERATOR_ROLES", "admins"}, "TALKSBOT_MODERATOR_ROLES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := envWith(append([]string{"TALKSBOT_DATA_DIR", t.TempDir()}, tt.env...)...)
			code := run(context.Background(), tt.args, &stdout, &stderr, env)
			if code != 2 {
				t.Errorf("run(%q) exit = %d, want 2", tt.args, code)
			}
			if lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n"); len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Errorf("run(%q) stderr = %q, want one line naming %s", tt.args, stderr.String(), tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("run(%q) stdout = %q, want nothing", tt.args, stdout.String())
			}
		})
	}
}

func TestSafeName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"timeline.png", "timeline.png"},
		{"../../etc/passwd", "passwd"},
		{`..\..\x.png`, "_.._x.png"},
		{"..", "file-1"},
		{"", "file-1"},
		{".hidden", "hidden"},
		{"a b/c d.png", "c_d.png"},
	} {
		if got := safeName(tt.in, 0); got != tt.want {
			t.Errorf("safeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAskFiles writes the timeline's chart with --files and lists it in
// --json without its content.
func TestAskFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "new", "folder")
	corpusDir, err := filepath.Abs(filepath.Join("handlers", "testdata", "timeline-corpus"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"ask", "--json", "--files", out, "--corpus", corpusDir, "/timeline"}, &stdout, &stderr, envWith("TALKSBOT_DATA_DIR", t.TempDir()))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var got struct {
		Files []struct {
			Name        string `json:"name"`
			ContentType string `json:"content_type"`
			Bytes       int    `json:"bytes"`
		} `json:"files"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "timeline.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != 1 || got.Files[0].Name != "timeline.png" || got.Files[0].ContentType != "image/png" || got.Files[0].Bytes != len(b) || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("files = %+v, wrote %d bytes; want timeline.png listed with the size written", got.Files, len(b))
	}
	if bytes.Contains(stdout.Bytes(), []byte("iVBOR")) {
		t.Error("--json inlines the PNG")
	}
}

// CLI papercuts: help needs no settings and exits 0; flags may follow the
// question; files the corpus cannot read are named on standard error.
func TestRunHelpFlagsAndSkippedFiles(t *testing.T) {
	env := envWith("TALKSBOT_DATA_DIR", t.TempDir())
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"ask", "-h"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr, env); code != 0 || !strings.Contains(stdout.String(), "usage:") {
			t.Errorf("run(%q) = %d, stdout %q, stderr %q; want 0 and the usage", args, code, stdout.String(), stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"ask", "/who-attended", "--json"}, &stdout, &stderr, env); code != 0 {
		t.Fatalf("ask /who-attended --json = %d: %s", code, stderr.String())
	}
	var out askOutput
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil || out.Intent != "who-attended" {
		t.Errorf("ask /who-attended --json printed %q (%v), want the JSON of a who-attended answer", stdout.String(), err)
	}
	dir := writeArticles(t, "ceasefire", "a1")
	if err := os.WriteFile(filepath.Join(dir, "broken.txt"), []byte{0xff, 0xfe, 0x00}, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"ask", "--corpus", dir, "/sources"}, &stdout, &stderr, env); code != 0 {
		t.Fatalf("ask with a broken file = %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "broken.txt") {
		t.Errorf("ask with a broken file: stderr %q does not name it", stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"index", "build", "--corpus", dir}, &stdout, &stderr, env); code != 0 {
		t.Fatalf("index build with a broken file = %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "skipped broken.txt") {
		t.Errorf("index build with a broken file: stderr %q does not name it", stderr.String())
	}
}

// TestBrokenDataFiles: a people.yaml that does not parse is named with its
// line, the built-in one answers (ask exits 0), and corpus check fails; an
// emptied one is a warning.
func TestBrokenDataFiles(t *testing.T) {
	env := envWith("TALKSBOT_DATA_DIR", t.TempDir())
	for _, c := range []struct {
		name, people string
		want         string
		checkCode    int
	}{
		{"broken", "people:\n  - name: Steve Witkoff\n    side: [US\n", "line", 1},
		{"emptied", "people: []\n", "people.yaml has 0 entries", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeArticles(t, "ceasefire", "a1")
			if err := os.WriteFile(filepath.Join(dir, "people.yaml"), []byte(c.people), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{"ask", "--corpus", dir, "/search query:ceasefire"}, &stdout, &stderr, env); code != 0 {
				t.Fatalf("ask = %d: %s", code, stderr.String())
			}
			if !strings.Contains(stdout.String(), "ceasefire") {
				t.Errorf("ask did not answer: %q", stdout.String())
			}
			if !strings.Contains(stderr.String(), "people.yaml") || !strings.Contains(stderr.String(), c.want) {
				t.Errorf("ask stderr = %q, want people.yaml and %q", stderr.String(), c.want)
			}
			stdout.Reset()
			stderr.Reset()
			if code := run(context.Background(), []string{"index", "build", "--corpus", dir}, &stdout, &stderr, env); code != 0 || !strings.Contains(stderr.String(), c.want) {
				t.Errorf("index build = %d, stderr %q; want 0 and %q", code, stderr.String(), c.want)
			}
			stdout.Reset()
			stderr.Reset()
			if code := run(context.Background(), []string{"corpus", "check", "--corpus", dir}, &stdout, &stderr, env); code != c.checkCode {
				t.Errorf("corpus check = %d, want %d (stderr %q)", code, c.checkCode, stderr.String())
			}
		})
	}
}

// TestSubcommandsRefuseArguments: a subcommand that takes only flags
// refuses a stray argument (a folder typed where --corpus was meant) with
// its usage and exit 2, instead of ignoring it and working on the default.
func TestSubcommandsRefuseArguments(t *testing.T) {
	env := envWith("TALKSBOT_DATA_DIR", t.TempDir(), "DISCORD_TOKEN", "Bot x")
	for _, args := range [][]string{
		{"corpus", "check", "some/folder"},
		{"corpus", "check", "--corpus", "some/folder", "extra"},
		{"index", "build", "some/folder"},
		{"serve", "some/folder"},
		{"health", "http://localhost:1/healthz"},
		{"feedback", "extra"},
		{"corpus", "feeds", "extra"},
	} {
		var stdout, stderr bytes.Buffer
		// Bounded, so that a serve that ignores the argument stops.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		code := run(ctx, args, &stdout, &stderr, env)
		cancel()
		if code != 2 || !strings.Contains(stderr.String(), "usage") && !strings.Contains(stderr.String(), "want no arguments") || stdout.Len() > 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 with the usage", args, code, stdout.String(), stderr.String())
		}
	}
}
