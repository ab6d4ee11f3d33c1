package bot_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/handlers"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/metrics"
)

// press is a button press on a message of the bot answering alice.
func press(by map[string]any, customID string) map[string]any {
	return map[string]any{
		"type": 3, "guild_id": guildID, "channel_id": channelID, "member": by,
		"data": map[string]any{"custom_id": customID, "component_type": 2},
		"message": map[string]any{
			"id": "1600000000000000002", "channel_id": channelID, "content": "", "embeds": []any{},
			"author":               map[string]any{"id": botID, "username": "talksbot", "discriminator": "0", "bot": true},
			"interaction_metadata": map[string]any{"id": "1", "type": 2, "user": map[string]any{"id": aliceID, "username": "alice", "discriminator": "0"}},
		},
	}
}

// feedbackLines reads the feedback file of dir.
func feedbackLines(t *testing.T, dir string) []map[string]any {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, bot.FeedbackFile))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("feedback line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// metric returns the value line of series in met's exposition, "" when absent.
func metric(met *metrics.Metrics, series string) string {
	rec := httptest.NewRecorder()
	met.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(line, series+" ") {
			return strings.TrimPrefix(line, series+" ")
		}
	}
	return ""
}

func TestVoteButtonsRecordOneVotePerMember(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var met *metrics.Metrics
	h := start(t, setup{opts: bot.Options{FeedbackDir: dir}, index: func(ix *index.Index) bot.Index {
		met = metrics.New(ix.Meta)
		return ix
	}, observe: func(ev bot.Event) { met.Observe(ev) }})
	_, answer := h.ask(t, slash(alice, "who-attended", str("meeting", "Geneva")))
	up, down := answer.Data.voteButtons()
	if up == "" || down == "" {
		t.Fatalf("no 👍/👎 on the answer: %+v", answer.Data.Components)
	}
	ups := `talksbot_feedback_total{intent="who-attended",vote="up"}`
	downs := `talksbot_feedback_total{intent="who-attended",vote="down"}`

	steps := []struct {
		by         map[string]any
		button     string
		reply      string // in the ephemeral acknowledgement
		lines      int    // in the file after the press
		up, down   string // the metric after the press
		latestVote string
	}{
		{alice, up, "Thanks", 1, "1", "", "up"},
		{alice, up, "already", 1, "1", "", "up"},
		{alice, down, "Changed", 2, "1", "1", "down"},
		{member(bobID, 0), down, "Thanks", 3, "1", "2", "down"},
	}
	for i, st := range steps {
		_, r := h.ask(t, press(st.by, st.button))
		if r.Type != 4 || r.Data.Flags&ephemeral == 0 || !strings.Contains(r.Data.Content, st.reply) {
			t.Fatalf("press %d: type %d flags %d %q; want an ephemeral message with %q", i+1, r.Type, r.Data.Flags, r.Data.Content, st.reply)
		}
		h.waitEvent(t, "feedback") // counted once answered
		lines := feedbackLines(t, dir)
		if len(lines) != st.lines {
			t.Fatalf("press %d: %d lines in the file, want %d", i+1, len(lines), st.lines)
		}
		if got := lines[len(lines)-1]["vote"]; got != st.latestVote {
			t.Errorf("press %d: last line's vote %v, want %s", i+1, got, st.latestVote)
		}
		if got, got2 := metric(met, ups), metric(met, downs); got != st.up || got2 != st.down {
			t.Errorf("press %d: metric up %q down %q, want %q %q", i+1, got, got2, st.up, st.down)
		}
	}
	lines := feedbackLines(t, dir)
	l := lines[0]
	if l["question"] != "/who-attended meeting:Geneva" || l["intent"] != "who-attended" || len(l["sources"].([]any)) == 0 {
		t.Errorf("line %v: want the question, intent and sources", l)
	}
	if _, err := time.Parse(time.RFC3339, l["time"].(string)); err != nil {
		t.Errorf("time %v: %v", l["time"], err)
	}
	if lines[0]["voter"] != lines[1]["voter"] || lines[0]["voter"] == lines[2]["voter"] {
		t.Errorf("voters %v %v %v: want alice's two votes alike and bob's apart", lines[0]["voter"], lines[1]["voter"], lines[2]["voter"])
	}
	// A mention's answer, its question naming another member: the file
	// gets the question without the member's id.
	asked := h.fd.DispatchMessage(t, messageFrom(user(aliceID, false), guildID, "<@"+botID+"> what did Peskov say to <@"+bobID+">?", user(botID, true)))
	mentionReply := h.postedIn(t, channelID, func(m message) bool { return m.MessageReference != nil && m.MessageReference.MessageID == asked })
	up, _ = mentionReply.voteButtons()
	if _, r := h.ask(t, press(alice, up)); !strings.Contains(r.Data.Content, "Thanks") {
		t.Errorf("vote on a mention's answer: %q", r.Data.Content)
	}
	h.waitEvent(t, "feedback")
	if lines := feedbackLines(t, dir); len(lines) != 4 || lines[3]["question"] != "what did Peskov say to @someone?" {
		t.Errorf("mention's vote: %d lines, last question %v", len(lines), lines[len(lines)-1]["question"])
	}
	raw, _ := os.ReadFile(filepath.Join(dir, bot.FeedbackFile))
	for _, id := range []string{aliceID, bobID, "user" + aliceID[len(aliceID)-2:]} {
		if strings.Contains(string(raw), id) {
			t.Errorf("the feedback file holds the user id or name %s", id)
		}
	}
	for _, name := range []string{bot.FeedbackFile, "feedback.key"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want 0600", name, err, st.Mode().Perm())
		}
	}
	rep, err := bot.ReadFeedback(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Answers != 2 || rep.Up != 1 || rep.Down != 2 || len(rep.MostDown) != 1 || rep.MostDown[0].Down != 2 {
		t.Errorf("report %+v: want two answers, one with alice's and bob's 👎", rep)
	}
	h.fd.AssertNoViolations(t)
}

// TestVoteThroughTheHTTPEndpoint: a press delivered to the interactions
// endpoint, by a bot that did not give the answer (a restart): the
// question rides in the button's id.
func TestVoteThroughTheHTTPEndpoint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := startHTTPWith(t, setup{opts: bot.Options{FeedbackDir: dir}})
	req := handlers.Request{Command: "sources", Options: map[string]string{}}
	body, id, _ := e.fd.HTTPInteraction(t, press(alice, handlers.VoteID(req, handlers.VoteDown)))
	status, out := e.post(t, body, time.Now(), e.key, nil)
	if status != 200 {
		t.Fatalf("HTTP %d %s", status, out)
	}
	r := e.callback(t, id)
	if r.Type != 4 || r.Data.Flags&ephemeral == 0 || !strings.Contains(r.Data.Content, "👎") {
		t.Errorf("ack: type %d flags %d %q", r.Type, r.Data.Flags, r.Data.Content)
	}
	if lines := feedbackLines(t, dir); len(lines) != 1 || lines[0]["intent"] != "sources" || lines[0]["question"] != "/sources" {
		t.Errorf("lines %v", lines)
	}
	// A button whose question neither rides in its id nor is remembered.
	long := handlers.Request{Command: "search", Options: map[string]string{"query": strings.Repeat("talks ", 30)}}
	body, id, _ = e.fd.HTTPInteraction(t, press(alice, handlers.VoteID(long, handlers.VoteUp)))
	e.post(t, body, time.Now(), e.key, nil)
	if r := e.callback(t, id); r.Data.Flags&ephemeral == 0 || !strings.Contains(r.Data.Content, "no longer know") {
		t.Errorf("unknown answer: flags %d %q", r.Data.Flags, r.Data.Content)
	}
	if n := len(feedbackLines(t, dir)); n != 1 {
		t.Errorf("%d lines, want 1", n)
	}
	e.fd.AssertNoViolations(t)
}

// waitEvent waits for the bot to report an event of kind.
func (h *harness) waitEvent(t *testing.T, kind string) bot.Event {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case ev := <-h.events:
			if ev.Kind == kind {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s event within %v", kind, wait)
		}
	}
}

// TestDamagedFeedbackKeepsServing: a damaged feedback file (a line past
// any vote's length) loses only that line, and a damaged key turns votes
// off with one logged error while the bot goes on answering, without 👍/👎
// buttons; a button of an earlier answer is told that votes are off.
func TestDamagedFeedbackKeepsServing(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, key, reply string
		lines            int
	}{
		{"long line", "", "Thanks", 2},
		{"damaged key", "not hex", "feedback is off", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			old := `{"time":"2026-01-02T10:00:00Z","answer":"AAAAAAAAAAAA","voter":"v1","vote":"up","question":"` + strings.Repeat("x", 70<<10) + `"}` + "\n"
			if err := os.WriteFile(filepath.Join(dir, bot.FeedbackFile), []byte(old), 0o600); err != nil {
				t.Fatal(err)
			}
			if c.key != "" {
				if err := os.WriteFile(filepath.Join(dir, "feedback.key"), []byte(c.key), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			h := start(t, setup{opts: bot.Options{FeedbackDir: dir}})
			_, answer := h.ask(t, slash(alice, "who-attended", str("meeting", "Geneva")))
			up, _ := answer.Data.voteButtons()
			if len(answer.Data.Embeds) == 0 {
				t.Fatalf("no answer: %+v", answer.Data)
			}
			switch off := c.key != ""; {
			case off && up != "":
				t.Fatalf("votes are off, yet the answer has a 👍 button")
			case off:
				// A button of an answer sent before votes went off.
				up = handlers.VoteID(handlers.Request{Command: "who-attended", Options: map[string]string{"meeting": "Geneva"}}, handlers.VoteUp)
			case up == "":
				t.Fatalf("no 👍 button: %+v", answer.Data)
			}
			_, r := h.ask(t, press(alice, up))
			if r.Data.Flags&ephemeral == 0 || !strings.Contains(r.Data.Content, c.reply) {
				t.Errorf("press: flags %d %q, want an ephemeral %q", r.Data.Flags, r.Data.Content, c.reply)
			}
			raw, _ := os.ReadFile(filepath.Join(dir, bot.FeedbackFile))
			if n := strings.Count(string(raw), "\n"); n != c.lines {
				t.Errorf("%d lines in the file, want %d", n, c.lines)
			}
			if c.key != "" && !strings.Contains(h.logs.String(), "feedback is off") {
				t.Errorf("no error logged for the damaged key:\n%s", h.logs.String())
			}
			h.fd.AssertNoViolations(t)
		})
	}
}

// TestVotesDoNotCostQuestions: a member's 👍 is not taken from their
// question allowance: with two questions allowed, ask, vote, and the
// second question is still answered.
func TestVotesDoNotCostQuestions(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: bot.Options{FeedbackDir: t.TempDir(), Cooldown: bot.Cooldown{Burst: 2, Every: time.Hour}}})
	_, answer := h.ask(t, slash(alice, "who-attended", str("meeting", "Geneva")))
	up, down := answer.Data.voteButtons()
	for _, b := range []string{up, down} {
		if _, r := h.ask(t, press(alice, b)); !strings.Contains(r.Data.Content, "👍") && !strings.Contains(r.Data.Content, "👎") {
			t.Errorf("vote refused: %q", r.Data.Content)
		}
	}
	if _, r := h.ask(t, slash(alice, "who-attended", str("meeting", "Kremlin"))); strings.Contains(r.Data.Content, "try again") || len(r.Data.Embeds) == 0 {
		t.Errorf("second question after two votes: %q; want an answer", r.Data.Content)
	}
	// Presses still have a bound of their own: a flood of them is refused
	// (30 at once, refilling one a second; 300 presses outrun it on any
	// machine).
	refused := false
	for i := 0; i < 300 && !refused; i++ {
		_, r := h.ask(t, press(alice, up))
		refused = strings.Contains(r.Data.Content, "try again")
	}
	if !refused {
		t.Error("300 presses in a row, none refused")
	}
	h.fd.AssertNoViolations(t)
}
