package bot

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/handlers"
	"github.com/talksbot/talksbot/index"
)

func TestAnswersAreCachedUntilTheIndexChanges(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) {
		if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Talks in Geneva\n\nRustem Umerov said the Geneva round was productive.\n")
	ix, err := index.Open(t.TempDir(), corpus.Source{Dir: os.DirFS(dir), Fallback: corpus.FS(), Key: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	c := newAnswers(handlers.New(ix), func() time.Time { return ix.Meta().Built })
	req := handlers.Request{Command: "sources", Options: map[string]string{}}
	first, _ := c.answer(context.Background(), req)
	again, _ := c.answer(context.Background(), req)
	if first.Reply != again.Reply {
		t.Error("the same question was answered anew, not from the cache")
	}
	write("Talks in Florida\n\nMarco Rubio said the Florida meeting made progress.\n")
	if _, err := ix.Rebuild(); err != nil {
		t.Fatal(err)
	}
	after, _ := c.answer(context.Background(), req)
	if title := after.Reply.Embeds[0].Fields[0].Name; title != "Talks in Florida" {
		t.Errorf("after a reindex /sources lists %q, want the new article", title)
	}
	if _, err := c.answer(context.Background(), handlers.Request{Command: "nope"}); err == nil {
		t.Error("an unknown command was answered")
	}
}
