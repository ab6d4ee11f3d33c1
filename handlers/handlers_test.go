package handlers

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

var update = flag.Bool("update", false, "rewrite golden files")

func newHandlers(t testing.TB) *Handlers { return New(embeddedIndex(t)) }

// embeddedIndex is an index of the embedded corpus, closed after the test.
func embeddedIndex(t testing.TB) *index.Index {
	t.Helper()
	ix, err := index.Open(t.TempDir(), corpus.Source{Dir: corpus.FS(), Key: "embedded"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestRoute(t *testing.T) {
	h := newHandlers(t)
	tests := []struct {
		q, command, option, value string
	}{
		{"who was in the room at the Kremlin?", "who-attended", "meeting", "who was in the room at the Kremlin?"},
		{"Who attended?", "who-attended", "meeting", "Who attended?"},
		{"who came to the White House with Zelensky in August?", "who-attended", "meeting", "who came to the White House with Zelensky in August?"},
		{"which Ukrainians were at the Istanbul talks?", "who-attended", "meeting", "which Ukrainians were at the Istanbul talks?"},
		{"who did Witkoff bring to Moscow?", "who-attended", "meeting", "who did Witkoff bring to Moscow?"},
		{"which Americans took part in the Geneva talks?", "who-attended", "meeting", "which Americans took part in the Geneva talks?"},
		{"who was on the Ukrainian side at the Doha meeting?", "who-attended", "meeting", "who was on the Ukrainian side at the Doha meeting?"},
		{"what did Rutte say", "quote", "person", "Mark Rutte"},
		{"What has Zelenskyy said about NATO?", "quote", "person", "Volodymyr Zelensky"},
		{"what does Russia demand on Donbas", "position", "topic", "territory"},
		{"what does Russia demand on Donbas", "position", "side", "Russia"},
		{`who said "they are playing games"?`, "who-said", "phrase", "they are playing games"},
		{"who said we are ready to continue contacts?", "who-said", "phrase", "we are ready to continue contacts"},
		{"who said what about territory?", "search", "query", "who said what about territory?"},
		{"What has Zelenskyy said about NATO?", "quote", "about", "about NATO"},
		{"what did Rutte say after the Brussels meeting", "quote", "about", "after the Brussels meeting"},
		{"when did the US and Ukraine meet in Geneva?", "search", "query", "when did the US and Ukraine meet in Geneva?"},
		{"what did Nobody Atall say?", "search", "query", "what did Nobody Atall say?"},
	}
	for _, tt := range tests {
		req := h.Route(tt.q)
		if req.Command != tt.command || req.Options[tt.option] != tt.value {
			t.Errorf("Route(%q) = %s %v, want %s %s=%q", tt.q, req.Command, req.Options, tt.command, tt.option, tt.value)
		}
	}
}

func TestParseCommandLine(t *testing.T) {
	h := newHandlers(t)
	tests := []struct {
		in      string
		command string
		opts    map[string]string
		private bool
	}{
		{"/position topic:territory side:Russia", "position", map[string]string{"topic": "territory", "side": "Russia"}, false},
		{"/position security guarantees", "position", map[string]string{"topic": "security guarantees"}, false},
		{"/search query:title:foo AND NOT (bar OR", "search", map[string]string{"query": "title:foo AND NOT (bar OR"}, false},
		{"/search query:Abu Dhabi private:true", "search", map[string]string{"query": "Abu Dhabi"}, true},
		{"<@111111111111111111> what did Ushakov say?", "quote", map[string]string{"person": "Yuri Ushakov"}, false},
	}
	for _, tt := range tests {
		req, err := h.ParseCommandLine(tt.in)
		if err != nil {
			t.Fatalf("ParseCommandLine(%q): %v", tt.in, err)
		}
		if req.Command != tt.command || req.Private != tt.private {
			t.Errorf("ParseCommandLine(%q) = %s private=%v", tt.in, req.Command, req.Private)
		}
		for k, v := range tt.opts {
			if req.Options[k] != v {
				t.Errorf("ParseCommandLine(%q) %s = %q, want %q", tt.in, k, req.Options[k], v)
			}
		}
	}
	for _, bad := range []string{"/nope", "<@1>  ", ""} {
		if _, err := h.ParseCommandLine(bad); err == nil {
			t.Errorf("ParseCommandLine(%q) gave no error", bad)
		}
	}
}

// TestRenderLimits renders results far past Discord's limits and checks the
// reply stays within them and pings no one.
func TestRenderLimits(t *testing.T) {
	r := result{title: strings.Repeat("T", 400), summary: strings.Repeat("s ", 3000) + "@everyone"}
	for i := range 50 {
		p := index.Passage{ID: "a#1", Article: "a", Title: strings.Repeat("Заголовок 🇺🇦 ", 30), Paragraph: i + 1,
			Text: "@everyone @here <@123> " + strings.Repeat("Ünïcödé ✓ text ", 350), Outlet: "Outlet", URL: "https://example.com/x"}
		r.add(p, "Russia")
	}
	for page := range 11 {
		data := r.render(Request{Command: "search", Options: map[string]string{"query": "x"}, Page: page})
		assertWithinLimits(t, data)
		if page < 9 && !hasMore(data) {
			t.Errorf("page %d has no More button", page)
		}
		if page >= 9 && hasMore(data) {
			t.Errorf("last page %d has a More button", page)
		}
	}
}

func assertWithinLimits(t *testing.T, d *discordgo.InteractionResponseData) {
	t.Helper()
	n := utf8.RuneCountInString
	if d.AllowedMentions == nil || d.AllowedMentions.Parse == nil || len(d.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions = %+v, want parse []", d.AllowedMentions)
	}
	raw, _ := json.Marshal(d)
	if !strings.Contains(string(raw), `"parse":[]`) {
		t.Errorf("reply JSON lacks \"parse\":[]: %s", raw)
	}
	if strings.Contains(string(raw), "@everyone") || strings.Contains(string(raw), "@here") {
		t.Errorf("reply carries a raw @everyone/@here")
	}
	total := 0
	for _, e := range d.Embeds {
		total += n(e.Title) + n(e.Description)
		if n(e.Title) > LimitTitle || n(e.Description) > LimitDescription || len(e.Fields) > LimitFields {
			t.Errorf("embed over limits: title %d description %d fields %d", n(e.Title), n(e.Description), len(e.Fields))
		}
		for _, f := range e.Fields {
			total += n(f.Name) + n(f.Value)
			if n(f.Name) > LimitFieldName || n(f.Value) > LimitFieldValue || f.Name == "" || f.Value == "" {
				t.Errorf("field name %d value %d", n(f.Name), n(f.Value))
			}
		}
		if e.Footer != nil {
			total += n(e.Footer.Text)
		}
	}
	if total > LimitEmbedTotal {
		t.Errorf("embeds total %d characters", total)
	}
	for _, row := range d.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			if id := c.(discordgo.Button).CustomID; len(id) > LimitCustomID {
				t.Errorf("custom_id of %d characters", len(id))
			}
		}
	}
}

func TestMoreIDRoundTrip(t *testing.T) {
	req := Request{Command: "position", Options: map[string]string{"topic": "territory", "side": "Russia"}, Private: true}
	id, ok := MoreID(req, 2)
	if !ok {
		t.Fatal("MoreID did not fit")
	}
	got, ok := ParseMoreID(id)
	if !ok || got.Command != "position" || got.Page != 2 || !got.Private || got.Options["side"] != "Russia" {
		t.Errorf("ParseMoreID(%q) = %+v", id, got)
	}
	if _, ok := MoreID(Request{Command: "search", Options: map[string]string{"query": strings.Repeat("x", 200)}}, 1); ok {
		t.Error("MoreID accepted a custom id over 100 characters")
	}
}

// TestReplyGolden keeps the rendered replies of the main commands in golden
// files: the diff is the review of what users will see.
func TestReplyGolden(t *testing.T) {
	h := newHandlers(t)
	for name, line := range map[string]string{
		"who-attended": "/who-attended",
		"position":     "/position topic:territory side:Russia",
		"search":       "/search query:Abu Dhabi",
		"quote":        "/quote person:Stubb",
		"sources":      "/sources",
		"no-evidence":  "/search query:zzyzx",
		"timeline":     "/timeline",
		"compare":      "/compare meeting:Kremlin",
	} {
		a := answerLine(t, h, line)
		checkGolden(t, name, line, a.Reply)
	}
	for name, text := range map[string]string{
		"find-sources":      "Putin talked with Witkoff and Kushner for nearly five hours at the Kremlin and disagrees with parts of the US plan",
		"find-sources-none": "My cat ate 3 fish in Paris yesterday",
	} {
		a, err := h.Answer(context.Background(), FindSourcesRequest(text))
		if err != nil {
			t.Fatal(err)
		}
		assertWithinLimits(t, a.Reply)
		if a.Reply.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("Find sources on %q is not ephemeral", text)
		}
		checkGolden(t, name, text, a.Reply)
	}
}

// answerLine answers a typed command line, failing the test on an error,
// and checks the reply is within Discord's limits.
func answerLine(t *testing.T, h *Handlers, line string) Answer {
	t.Helper()
	req, err := h.ParseCommandLine(line)
	if err != nil {
		t.Fatal(err)
	}
	a, err := h.Answer(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	assertWithinLimits(t, a.Reply)
	return a
}

// checkGolden compares the reply to line with testdata/name.golden, or
// rewrites the file with -update.
func checkGolden(t *testing.T, name, line string, reply *discordgo.InteractionResponseData) {
	t.Helper()
	got, _ := json.MarshalIndent(reply, "", "  ")
	path := filepath.Join("testdata", name+".golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(path, got, 0o644)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./handlers -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s: reply differs from %s (go test ./handlers -update to accept):\n%s", line, path, got)
	}
}

// FuzzRoute checks that no question breaks parsing, routing or answering,
// and that every answer stays within Discord's limits.
func FuzzRoute(f *testing.F) {
	for _, s := range []string{"/who-attended", "/position territory", "/search query:title:foo AND NOT (bar OR", "<@1> what did Putin say?",
		`who said "`, "/search query:/.*/", "/quote person:", "\x00\xff", "/position topic:territory side:@everyone"} {
		f.Add(s)
	}
	h := newHandlers(f)
	f.Fuzz(func(t *testing.T, q string) {
		req, err := h.ParseCommandLine(q)
		if err != nil {
			return
		}
		a, err := h.Answer(context.Background(), req)
		if err != nil {
			return
		}
		assertWithinLimits(t, a.Reply)
	})
}

// crowded reports a meeting with more attendees than are listed.
type crowded struct{ Searcher }

func (c crowded) WhoAttended(ctx context.Context, meeting string, loose bool) (index.Attendance, error) {
	a, err := c.Searcher.WhoAttended(ctx, meeting, loose)
	for i := range a.Events {
		a.Events[i].More = 7
	}
	return a, err
}

func TestWhoAttendedSaysHowManyMoreThereAre(t *testing.T) {
	ix := embeddedIndex(t)
	a, err := New(crowded{ix}).Answer(context.Background(), Request{Command: "who-attended", Options: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if d := a.Reply.Embeds[0].Description; !strings.Contains(d, "and 7 more people") {
		t.Errorf("description lacks the count of further attendees:\n%s", d)
	}
}

func TestQuoteUserNeutralisesControls(t *testing.T) {
	got := quoteUser("\u202egnol\u202c [click](http://x) # **bold** > quote\u200b")
	for _, bad := range []string{"\u202e", "\u202c", "\u200b", "](", "**", "#"} {
		if strings.Contains(got, bad) {
			t.Errorf("quoteUser kept %q: %q", bad, got)
		}
	}
}

// TestWithoutVotes: a bot that cannot record votes shows no 👍/👎
// buttons, and keeps the More button.
func TestWithoutVotes(t *testing.T) {
	ix := embeddedIndex(t)
	votes := func(a Answer) (n int, more bool) {
		for _, c := range a.Reply.Components {
			row, _ := c.(discordgo.ActionsRow)
			for _, b := range row.Components {
				btn, _ := b.(discordgo.Button)
				if _, ok := ParseVoteID(btn.CustomID); ok {
					n++
				} else if btn.Label == "More" {
					more = true
				}
			}
		}
		return n, more
	}
	req := Request{Command: "search", Options: map[string]string{"query": "talks"}}
	for _, c := range []struct {
		h     *Handlers
		votes int
	}{{New(ix), 2}, {New(ix).WithoutVotes(), 0}} {
		a, err := c.h.Answer(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if n, more := votes(a); n != c.votes || !more {
			t.Errorf("%d vote buttons (want %d), More button %v (want true)", n, c.votes, more)
		}
	}
}

// widelyReported makes every meeting reported by 30 articles (the same
// embedded ones over and over, as ids the index knows).
type widelyReported struct{ Searcher }

func (w widelyReported) Meetings() []index.Meeting {
	arts := w.Searcher.Sources()
	var out []index.Meeting
	for _, m := range w.Searcher.Meetings() {
		m.Sources = nil
		for i := range 30 {
			m.Sources = append(m.Sources, arts[i%len(arts)].ID)
		}
		out = append(out, m)
	}
	return out
}

// TestTimelineBoundsSources: /timeline lists at most index.MaxSources
// articles a meeting and counts the rest.
func TestTimelineBoundsSources(t *testing.T) {
	ix := embeddedIndex(t)
	a, err := New(widelyReported{ix}).Answer(context.Background(), Request{Command: "timeline", Options: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Meetings) == 0 {
		t.Fatal("no meetings")
	}
	for _, m := range a.Meetings {
		if len(m.Sources) != index.MaxSources || m.MoreSources != 30-index.MaxSources {
			t.Errorf("%s: %d sources and %d more, want %d and %d", m.ID, len(m.Sources), m.MoreSources, index.MaxSources, 30-index.MaxSources)
		}
	}
	if !strings.Contains(a.Reply.Embeds[0].Description, "+29 more") {
		t.Errorf("the listing does not count the other 29 sources:\n%s", a.Reply.Embeds[0].Description)
	}
}

// manySources reports 1,000 articles.
type manySources struct{ Searcher }

func (manySources) Sources() []index.ArticleInfo {
	var out []index.ArticleInfo
	for i := range 1000 {
		out = append(out, index.ArticleInfo{ID: fmt.Sprintf("art%04d", i), Title: fmt.Sprintf("Report %d", i), Outlet: "Outlet", Passages: 2})
	}
	return out
}

// TestSourcesPages: /sources of many articles shows the page asked for,
// and counts them all.
func TestSourcesPages(t *testing.T) {
	ix := embeddedIndex(t)
	h := New(manySources{ix})
	for _, page := range []int{0, 3} {
		a, err := h.Answer(context.Background(), Request{Command: "sources", Options: map[string]string{}, Page: page})
		if err != nil {
			t.Fatal(err)
		}
		e := a.Reply.Embeds[0]
		first := fmt.Sprintf("Report %d", page*PageSize)
		if len(e.Fields) != PageSize || e.Fields[0].Name != first {
			t.Errorf("page %d: %d fields, the first %q; want %d, %q", page, len(e.Fields), e.Fields[0].Name, PageSize, first)
		}
		if e.Footer == nil || !strings.Contains(e.Footer.Text, "1000 results") || !strings.Contains(e.Description, "2000 passages") {
			t.Errorf("page %d: the reply does not count every article: %+v %q", page, e.Footer, e.Description)
		}
		assertWithinLimits(t, a.Reply)
	}
}
