package bot

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/handlers"
)

func TestCooldownRefillsPerUser(t *testing.T) {
	now := time.Unix(0, 0)
	c := newCooldowns(Cooldown{Burst: 2, Every: 10 * time.Second})
	c.now = func() time.Time { return now }
	steps := []struct {
		advance time.Duration
		user    string
		ok      bool
		wait    time.Duration
	}{
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", false, 10 * time.Second},
		{0, "b", true, 0}, // another user has their own allowance
		{4 * time.Second, "a", false, 6 * time.Second},
		{6 * time.Second, "a", true, 0},
		{0, "a", false, 10 * time.Second},
		{time.Hour, "a", true, 0}, // never more than the burst after a long pause
		{0, "a", true, 0},
		{0, "a", false, 10 * time.Second},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		ok, wait := c.allow(s.user)
		if ok != s.ok || wait.Round(time.Millisecond) != s.wait {
			t.Errorf("step %d: allow(%s) = %v, %v; want %v, %v", i, s.user, ok, wait, s.ok, s.wait)
		}
	}
	now = now.Add(2 * time.Minute)
	c.allow("c")
	if _, kept := c.buckets["a"]; kept {
		t.Error("a refilled bucket was not forgotten")
	}
}

func TestQuestionIn(t *testing.T) {
	const me = "100"
	user := func(id string, bot bool) *discordgo.User { return &discordgo.User{ID: id, Bot: bot} }
	cases := []struct {
		name string
		m    *discordgo.Message
		want string
		ok   bool
	}{
		{"mention", &discordgo.Message{GuildID: "1", Author: user("7", false), Content: "<@100> who attended?", Mentions: []*discordgo.User{user(me, true)}}, "who attended?", true},
		{"nick mention mid-text", &discordgo.Message{GuildID: "1", Author: user("7", false), Content: "hey <@!100>, what did Putin say", Mentions: []*discordgo.User{user(me, true)}}, "hey , what did Putin say", true},
		{"other mentions kept", &discordgo.Message{GuildID: "1", Author: user("7", false), Content: "<@100> what did <@55> say", Mentions: []*discordgo.User{user(me, true), user("55", false)}}, "what did <@55> say", true},
		{"bare mention is help", &discordgo.Message{GuildID: "1", Author: user("7", false), Content: "<@100>", Mentions: []*discordgo.User{user(me, true)}}, "/help", true},
		{"no mention in a guild", &discordgo.Message{GuildID: "1", Author: user("7", false), Content: "who attended?"}, "", false},
		{"mention text without the mention", &discordgo.Message{GuildID: "1", Author: user("7", false), Content: "<@100> hi"}, "", false},
		{"direct message", &discordgo.Message{Author: user("7", false), Content: "who attended?"}, "who attended?", true},
		{"own message", &discordgo.Message{Author: user(me, true), Content: "who attended?"}, "", false},
		{"other bot", &discordgo.Message{GuildID: "1", Author: user("8", true), Content: "<@100> hi", Mentions: []*discordgo.User{user(me, true)}}, "", false},
		{"no author", &discordgo.Message{Content: "hi"}, "", false},
	}
	for _, c := range cases {
		got, ok := questionIn(c.m, me)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: questionIn = %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestSuggest(t *testing.T) {
	var all []choice
	for _, n := range []string{"Steve Witkoff", "Jared Kushner", "Vladimir Putin", "Witold X", strings.Repeat("a", 150)} {
		all = append(all, choice{n, n})
	}
	for i := range 40 {
		all = append(all, choice{"Person " + string(rune('A'+i%26)) + string(rune('a'+i/26)), "p" + string(rune('a'+i))})
	}
	cases := []struct {
		typed string
		want  []string
	}{
		{"wit", []string{"Witold X", "Steve Witkoff"}}, // prefix matches first
		{"PUTIN", []string{"Vladimir Putin"}},
		{"zzz", nil},
	}
	for _, c := range cases {
		var got []string
		for _, ch := range suggest(all, c.typed) {
			got = append(got, ch.name)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("suggest(%q) = %v, want %v", c.typed, got, c.want)
		}
	}
	if n := len(suggest(all, "")); n != maxChoices {
		t.Errorf("suggest(\"\") gave %d choices, want %d", n, maxChoices)
	}
	for _, ch := range suggest(all, "") {
		if len([]rune(ch.name)) > 100 || len(ch.value) > 100 {
			t.Errorf("choice over 100 characters: %q", ch.name)
		}
	}
}

func TestSafeFileName(t *testing.T) {
	cases := map[string]string{
		"article.txt":                     "article.txt",
		"../../etc/passwd.txt":            "passwd.txt",
		`..\..\win.md`:                    "win.md",
		"Talks in Geneva (2).md":          "Talks-in-Geneva-2.md",
		".hidden.html":                    "hidden.html",
		"":                                "article",
		"Україна.txt":                     "article.txt",
		"Report.TXT":                      "Report.txt",
		strings.Repeat("x", 300) + ".txt": strings.Repeat("x", 100) + ".txt",
	}
	for in, want := range cases {
		if got := safeFileName(in); got != want {
			t.Errorf("safeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRestClientRewritesOnlyDiscordsAPI(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = append(seen, r.URL.Path) }))
	defer srv.Close()
	c, err := restClient(srv.URL + "/proxy/api/v9/")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{discordgo.EndpointAPI + "gateway", discordgo.EndpointAPI + "interactions/1/t/callback"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if strings.Join(seen, " ") != "/proxy/api/v9/gateway /proxy/api/v9/interactions/1/t/callback" {
		t.Errorf("paths seen %v", seen)
	}
	for _, bad := range []string{"ftp://x/api", "not a url", "http://"} {
		if _, err := restClient(bad); err == nil {
			t.Errorf("restClient(%q) accepted it", bad)
		}
	}
}

func TestRequestKeySeparatesQuestions(t *testing.T) {
	base := handlers.Request{Command: "position", Options: map[string]string{"topic": "territory", "side": "Russia"}}
	same := handlers.Request{Command: "position", Options: map[string]string{"side": "russia ", "topic": "Territory"}}
	if requestKey(base) != requestKey(same) {
		t.Error("option order, case and spaces changed the key")
	}
	others := []handlers.Request{
		{Command: "position", Options: map[string]string{"topic": "territory"}},
		{Command: "position", Options: map[string]string{"topic": "territory", "side": "Ukraine"}},
		{Command: "position", Options: map[string]string{"topic": "territory", "side": "Russia"}, Page: 1},
		{Command: "position", Options: map[string]string{"topic": "territory", "side": "Russia"}, Private: true},
		{Command: "position", Options: map[string]string{"topic": "territory", "side": "Russia"}, Question: "what does Russia want?"},
		{Command: "search", Options: map[string]string{"topic": "territory", "side": "Russia"}},
	}
	for _, o := range others {
		if requestKey(o) == requestKey(base) {
			t.Errorf("%+v has the same key as %+v", o, base)
		}
	}
}

func TestJitterStaysWithinTenPercent(t *testing.T) {
	t.Parallel()
	const d = 30 * time.Minute
	seen := map[time.Duration]bool{}
	for range 1000 {
		j := jitter(d)
		if j < d*9/10 || j > d*11/10 {
			t.Fatalf("jitter(%v) = %v, want within 10%%", d, j)
		}
		seen[j] = true
	}
	if len(seen) < 100 {
		t.Errorf("jitter(%v) gave %d distinct values in 1000 calls", d, len(seen))
	}
}

func TestAnnouncementWithinDiscordsLimits(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Witkoff @everyone <@123> ", 2000)
	e := announcement(Added{ID: "x", Title: long, Outlet: long, URL: "https://example.org/" + long, Passage: long,
		Published: time.Date(2025, 11, 30, 12, 0, 0, 0, time.UTC)})
	total := len([]rune(e.Title)) + len([]rune(e.Description)) + len([]rune(e.Footer.Text))
	for _, f := range e.Fields {
		total += len([]rune(f.Name)) + len([]rune(f.Value))
		if len([]rune(f.Value)) > handlers.LimitFieldValue {
			t.Errorf("field %s is %d characters", f.Name, len([]rune(f.Value)))
		}
	}
	if len([]rune(e.Title)) > handlers.LimitTitle || len([]rune(e.Description)) > handlers.LimitDescription || total > handlers.LimitEmbedTotal {
		t.Errorf("announcement title %d, description %d, total %d characters: over Discord's limits",
			len([]rune(e.Title)), len([]rune(e.Description)), total)
	}
	if e.URL != "" {
		t.Errorf("announcement links to an address of %d characters", len(e.URL))
	}
	if !strings.Contains(e.Description, "Witkoff") {
		t.Errorf("announcement lacks the passage: %.100q", e.Description)
	}
}
