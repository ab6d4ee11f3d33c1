package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFeedbackReport(t *testing.T) {
	dir := t.TempDir()
	env := envWith("TALKSBOT_DATA_DIR", dir)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"feedback"}, &stdout, &stderr, env); code != 0 || !strings.Contains(stdout.String(), "No votes yet") {
		t.Fatalf("no file: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
	// Voter v1 changes their vote on answer A; v2 votes it down too; v3
	// votes B up; one line is damaged.
	lines := []string{
		`{"time":"2026-01-02T10:00:00Z","answer":"AAAAAAAAAAAA","voter":"v1","vote":"up","intent":"search","question":"what about the ceasefire?","sources":[{"article":"a1","title":"T","paragraph":3}]}`,
		`{"time":"2026-01-02T10:01:00Z","answer":"AAAAAAAAAAAA","voter":"v1","vote":"down","intent":"search","question":"what about the ceasefire?","sources":[{"article":"a1","title":"T","paragraph":3}]}`,
		`{"time":"2026-01-02T10:02:00Z","answer":"AAAAAAAAAAAA","voter":"v2","vote":"down","intent":"search","question":"what about\nthe \u001bcease\u202efire\u0007?","sources":[{"article":"a1","title":"T","paragraph":3}]}`,
		// A line far past any vote's length (a damaged file) is skipped
		// without hiding the votes after it.
		`{"time":"2026-01-02T10:02:30Z","answer":"CCCCCCCCCCCC","voter":"v9","vote":"down","question":"` + strings.Repeat("x", 70<<10) + `"}`,
		`{"time":"2026-01-02T10:03:00Z","answer":"BBBBBBBBBBBB","voter":"v3","vote":"up","intent":"who-attended","question":"/who-attended meeting:Geneva","sources":[]}`,
		`{"time":"2026-01-02T10:04:00Z","answer":"BBBB`,
	}
	if err := os.WriteFile(filepath.Join(dir, "feedback.jsonl"), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"feedback"}, &stdout, &stderr, env); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"3 votes on 2 answers: 1 👍, 2 👎",
		"2 unreadable lines skipped",
		"search        0 👍  2 👎",
		"who-attended  1 👍  0 👎",
		" 1. 2 👎 0 👍  [search] what about the ceasefire?",
		"sources: a1 ¶3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("the report passes on a member's control or bidi characters:\n%q", out)
	}
	if strings.Contains(out, "Geneva") {
		t.Errorf("an answer voted only up is listed as voted down:\n%s", out)
	}
	stderr.Reset()
	if code := run(context.Background(), []string{"feedback", "extra"}, &stdout, &stderr, env); code != 2 || !strings.Contains(stderr.String(), "unexpected argument") {
		t.Errorf("feedback extra: exit %d, %q", code, stderr.String())
	}
}
