package bot_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/internal/fakediscord"
)

// datedArticles are articles that report dated meetings, for /timeline to
// chart (the default corpus dates none).
func datedArticles(t *testing.T) map[string]string {
	t.Helper()
	dir := filepath.Join("..", "handlers", "testdata", "timeline-corpus")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

// withFiles matches the requests about interaction id that upload files.
func withFiles(id string) func(fakediscord.Request) bool {
	return func(r fakediscord.Request) bool { return r.InteractionID == id && r.Files > 0 }
}

// chartOf checks that a recorded request carries the timeline's chart, a
// 1200×600 PNG, shown by its embed, and returns the message it sent.
func chartOf(t *testing.T, r fakediscord.Request) message {
	t.Helper()
	if len(r.Attachments) != 1 || r.Attachments[0].Name != "timeline.png" || r.Attachments[0].ContentType != "image/png" {
		t.Fatalf("%s attachments = %+v, want timeline.png as image/png", r, r.Attachments)
	}
	img, err := png.Decode(bytes.NewReader(r.Attachments[0].Data))
	if err != nil {
		t.Fatalf("the chart is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 600 {
		t.Errorf("the chart is %v, want 1200×600", b)
	}
	var body struct {
		message
		Data        *message `json:"data"`
		Attachments []any    `json:"attachments"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	m := body.message
	if body.Data != nil {
		m = *body.Data
	}
	if !strings.Contains(string(r.Body), `"url":"attachment://timeline.png"`) {
		t.Errorf("no embed shows attachment://timeline.png: %s", r.Body)
	}
	quietCheck(t, m)
	return m
}

// TestTimelineArrivesWithItsChart asks /timeline through the gateway, at
// once and deferred, and through the HTTP endpoint, where the first reply
// cannot carry a file: each time the chart arrives as a multipart upload.
func TestTimelineArrivesWithItsChart(t *testing.T) {
	t.Parallel()
	files := datedArticles(t)
	t.Run("gateway", func(t *testing.T) {
		t.Parallel()
		h := start(t, setup{files: files})
		id, r := h.ask(t, slash(alice, "timeline"))
		if r.Type != 4 && r.Type != 5 { // 5 when drawing is slow (the race detector)
			t.Fatalf("callback type %d, want 4 (or 5, deferred)", r.Type)
		}
		m := chartOf(t, h.fd.WaitFor(t, withFiles(id), wait))
		if !strings.Contains(m.text(), "23 Nov 2025") || !strings.Contains(m.text(), "Geneva") {
			t.Errorf("the timeline lacks Geneva on 23 Nov 2025:\n%s", m.text())
		}
		h.fd.AssertNoViolations(t)
	})
	t.Run("deferred", func(t *testing.T) {
		t.Parallel()
		h := start(t, setup{files: files, opts: bot.Options{DeferAfter: time.Nanosecond}})
		id, r := h.ask(t, slash(alice, "timeline", str("person", "Kushner")))
		if r.Type != 5 {
			t.Fatalf("callback type %d, want 5 (deferred)", r.Type)
		}
		h.edit(t, id, "Kushner")
		chartOf(t, h.fd.WaitFor(t, withFiles(id), wait))
		h.fd.AssertNoViolations(t)
	})
	t.Run("http", func(t *testing.T) {
		t.Parallel()
		e := startHTTPWith(t, setup{files: files})
		body, id, _ := e.fd.HTTPInteraction(t, slash(alice, "timeline", boolean("private", true)))
		status, out := e.post(t, body, time.Now(), e.key, nil)
		var r response
		json.Unmarshal(out, &r)
		if status != 200 || r.Type != 5 || r.Data.Flags&ephemeral == 0 {
			t.Fatalf("HTTP %d reply type %d flags %d, want 200, 5 (deferred), ephemeral", status, r.Type, r.Data.Flags)
		}
		e.edit(t, id, "Geneva")
		got := e.fd.WaitFor(t, withFiles(id), wait)
		if got.Route != fakediscord.RouteOriginalEdit {
			t.Errorf("the chart came with %s, want an edit of the original", got)
		}
		chartOf(t, got)
		e.fd.AssertNoViolations(t)
	})
}

func TestTimelineWithoutDatesHasNoChart(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	id, r := h.ask(t, slash(alice, "timeline"))
	if r.Type != 4 || !strings.Contains(r.Data.text(), "no chart") {
		t.Errorf("callback type %d:\n%s\nwant a message saying there is no chart", r.Type, r.Data.text())
	}
	if got := h.fd.WaitFor(t, fakediscord.MatchCallback(id), wait); got.Files != 0 {
		t.Errorf("%d files sent, want none", got.Files)
	}
	h.fd.AssertNoViolations(t)
}

// TestChartRefusedAnswerKept: where the bot lacks Attach Files, Discord
// refuses a message carrying the chart (403, 50013); the answer to a
// mention and in an ask channel is sent again without it, saying so.
func TestChartRefusedAnswerKept(t *testing.T) {
	t.Parallel()
	h := start(t, setup{files: datedArticles(t), opts: bot.Options{AskChannels: []string{askChannel}},
		fake: []fakediscord.Option{fakediscord.WithoutAttachFiles()}})
	// The message sent without files, in channel, after the refused one.
	plain := func(channel string) message {
		t.Helper()
		var m message
		h.fd.WaitFor(t, func(r fakediscord.Request) bool {
			return r.Route == fakediscord.RouteChannelMessages && r.Params["channel_id"] == channel && r.Files == 0 && r.Decode(&m) == nil
		}, wait)
		quietCheck(t, m)
		return m
	}
	me := user(botID, true)
	h.fd.DispatchMessage(t, messageFrom(user(aliceID, false), guildID, "<@"+botID+"> /timeline", me))
	m := plain(channelID)
	if !strings.Contains(m.Content, "could not be attached") || !strings.Contains(m.text(), "Geneva") {
		t.Errorf("mention's answer without its chart:\n%s\n%s", m.Content, m.text())
	}
	inAsk := h.fd.DispatchMessage(t, inChannel(askChannel, user(bobID, false), "/timeline"))
	m = plain(inAsk)
	if !strings.Contains(m.Content, "could not be attached") || !strings.Contains(m.text(), "Geneva") {
		t.Errorf("ask channel's answer without its chart:\n%s\n%s", m.Content, m.text())
	}
	h.fd.AssertNoViolations(t)
}
