package fakediscord_test

import (
	"errors"
	"flag"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/internal/fakediscord"
)

const wait = 5 * time.Second

// TestMain runs more tests at once than the default of one per CPU unless
// -parallel is given: the session tests wait, not compute (discordgo's
// Close sleeps a second).
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", "16")
	}
	os.Exit(m.Run())
}

// rewrite sends discordgo's https://discord.com/api/v9/... requests to the fake.
type rewrite struct {
	root *url.URL // the fake's API root
	next http.RoundTripper
}

func (rt rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = rt.root.Scheme, rt.root.Host, ""
	r.URL.Path = rt.root.Path + strings.TrimPrefix(r.URL.Path, "/api/v9")
	r.URL.RawPath = ""
	return rt.next.RoundTrip(r)
}

// open returns a real discordgo session connected to the fake, closed when
// the test ends, and a channel receiving its interactions.
func open(t *testing.T, s *fakediscord.Server) (*discordgo.Session, <-chan *discordgo.Interaction) {
	t.Helper()
	root, err := url.Parse(s.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	dg, err := discordgo.New("Bot x")
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = &http.Client{Transport: rewrite{root, http.DefaultTransport}, Timeout: wait}
	dg.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
	interactions := make(chan *discordgo.Interaction, 16)
	dg.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { interactions <- i.Interaction })
	if err := dg.Open(); err != nil {
		t.Fatalf("Open() = %v", err)
	}
	t.Cleanup(func() {
		s.WaitHeartbeat(t, wait) // closing before discordgo's first heartbeat makes it reconnect forever
		dg.Close()
	})
	return dg, interactions
}

// receive returns the next interaction the session got.
func receive(t *testing.T, ch <-chan *discordgo.Interaction) *discordgo.Interaction {
	t.Helper()
	select {
	case i := <-ch:
		return i
	case <-time.After(wait):
		t.Fatal("no interaction reached the handler")
		return nil
	}
}

func command(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/command_interaction.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// quiet is the allowed_mentions every reply must carry.
func quiet() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func reply(content string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: content, AllowedMentions: quiet()},
	}
}

// code returns Discord's error code of a REST error, 0 for any other error.
func code(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}

func TestOpenIdentifiesWithIntents(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t, fakediscord.WithHeartbeatInterval(100*time.Millisecond))
	open(t, s)
	s.WaitReady(t, wait)

	ids := s.Identifies()
	if len(ids) != 1 {
		t.Fatalf("Identifies() = %d, want 1", len(ids))
	}
	want := int64(discordgo.IntentsGuilds | discordgo.IntentsGuildMessages)
	if ids[0].Intents != want || ids[0].Token != "Bot x" || ids[0].Query.Get("v") != "9" {
		t.Errorf("Identify = intents %d, token %q, v %q; want %d, %q, 9", ids[0].Intents, ids[0].Token, ids[0].Query.Get("v"), want, "Bot x")
	}
	if r := s.WaitFor(t, fakediscord.MatchRoute(fakediscord.RouteGateway), wait); r.Status != http.StatusOK {
		t.Errorf("GET /gateway status = %d, want 200", r.Status)
	}
	deadline := time.Now().Add(wait)
	for s.Heartbeats() < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := s.Heartbeats(); n < 3 {
		t.Errorf("Heartbeats() = %d after %v at a 100 ms interval, want at least 3", n, wait)
	}
	s.AssertNoViolations(t)
}

func TestInteractionRespondOnceFromHandler(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, _ := open(t, s)
	second := make(chan error, 1)
	dg.AddHandler(func(dg *discordgo.Session, i *discordgo.InteractionCreate) {
		if i.Type != discordgo.InteractionApplicationCommand {
			return
		}
		if err := dg.InteractionRespond(i.Interaction, reply("answer to "+i.ApplicationCommandData().Options[0].StringValue())); err != nil {
			second <- err
			return
		}
		second <- dg.InteractionRespond(i.Interaction, reply("again"))
	})

	id, _ := s.DispatchInteraction(t, command(t))
	got := s.WaitFor(t, fakediscord.MatchCallback(id), wait)
	var resp discordgo.InteractionResponse
	if err := got.Decode(&resp); err != nil {
		t.Fatal(err)
	}
	if got.Status != http.StatusNoContent || resp.Data.Content != "answer to Who said what about tariffs?" {
		t.Errorf("callback = %d %q, want 204 %q", got.Status, resp.Data.Content, "answer to Who said what about tariffs?")
	}
	if err := <-second; code(err) != 40060 {
		t.Errorf("second InteractionRespond error = %v, want code 40060", err)
	}
	s.ExpectViolation(t, fakediscord.RuleAlreadyAcknowledged)
	s.AssertNoViolations(t)
}

func TestRepliesCheckedAgainstLimitsAndMentions(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, interactions := open(t, s)
	respond := func(data *discordgo.InteractionResponseData) error {
		t.Helper()
		s.DispatchInteraction(t, command(t))
		i := receive(t, interactions)
		return dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data})
	}

	// 2,000 two-byte characters are within the limit: Discord counts code points.
	if err := respond(&discordgo.InteractionResponseData{Content: strings.Repeat("é", 2000), AllowedMentions: quiet()}); err != nil {
		t.Errorf("2000-character reply: %v", err)
	}
	s.AssertNoViolations(t)

	if err := respond(&discordgo.InteractionResponseData{Content: strings.Repeat("é", 2001), AllowedMentions: quiet()}); code(err) != 50035 {
		t.Errorf("2001-character reply error = %v, want code 50035", err)
	}
	if v := s.ExpectViolation(t, fakediscord.RuleLimit); !strings.Contains(v.Detail, "data.content") {
		t.Errorf("violation = %v, want it about data.content", v)
	}

	if err := respond(&discordgo.InteractionResponseData{Content: "no mentions set"}); err != nil {
		t.Errorf("reply without allowed_mentions: %v (Discord accepts it)", err)
	}
	s.ExpectViolation(t, fakediscord.RuleAllowedMentions)
	if err := respond(&discordgo.InteractionResponseData{Content: "zero value", AllowedMentions: &discordgo.MessageAllowedMentions{}}); err != nil {
		t.Errorf("reply with parse null: %v", err)
	}
	if v := s.ExpectViolation(t, fakediscord.RuleAllowedMentions); !strings.Contains(v.Detail, "null") {
		t.Errorf("violation = %v, want it about parse null", v)
	}

	embed := &discordgo.MessageEmbed{Title: "t", Fields: []*discordgo.MessageEmbedField{{Name: "", Value: "v"}}}
	if err := respond(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{embed}, AllowedMentions: quiet()}); code(err) != 50035 {
		t.Errorf("embed field without name error = %v, want code 50035", err)
	}
	s.ExpectViolation(t, fakediscord.RuleLimit)
	s.AssertNoViolations(t)
}

func TestBulkOverwriteCommands(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, _ := open(t, s)
	cmds := []*discordgo.ApplicationCommand{{
		Name:        "ask",
		Description: "Ask about the talks",
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, Autocomplete: true,
		}},
	}}
	got, err := dg.ApplicationCommandBulkOverwrite(s.ApplicationID(), "", cmds)
	if err != nil {
		t.Fatalf("ApplicationCommandBulkOverwrite: %v", err)
	}
	if len(got) != 1 || got[0].ID == "" || got[0].Name != "ask" || got[0].ApplicationID != s.ApplicationID() {
		t.Errorf("echoed commands = %+v, want ask with an id", got)
	}
	if len(s.Commands("")) != 1 {
		t.Errorf("Commands(\"\") = %d, want 1", len(s.Commands("")))
	}
	again, err := dg.ApplicationCommandBulkOverwrite(s.ApplicationID(), "", cmds)
	if err != nil || again[0].ID != got[0].ID {
		t.Errorf("second overwrite id = %v (%v), want the same %s", again, err, got[0].ID)
	}
	t.Logf("OpenAPI description loaded: %v; request bodies validated: %d", s.SpecLoaded(), s.SpecValidated())
	if s.SpecLoaded() && s.SpecValidated() < 2 {
		t.Errorf("SpecValidated() = %d, want both overwrites validated", s.SpecValidated())
	}
	s.AssertNoViolations(t)

	bad := []*discordgo.ApplicationCommand{{Name: "Ask", Description: strings.Repeat("d", 101)}}
	if _, err := dg.ApplicationCommandBulkOverwrite(s.ApplicationID(), "1200000000000000001", bad); code(err) != 50035 {
		t.Errorf("invalid command error = %v, want code 50035", err)
	}
	for _, want := range []string{"0.name", "0.description"} {
		if v := s.ExpectViolation(t, fakediscord.RuleLimit); !strings.HasPrefix(v.Detail, want) {
			t.Errorf("violation = %v, want it about %s", v, want)
		}
	}
	s.AssertNoViolations(t)
}

func TestUnknownRouteIsUnexpected(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, _ := open(t, s)
	if _, err := dg.ChannelMessages("1200000000000000002", 10, "", "", ""); err == nil {
		t.Error("GET channel messages succeeded, want 404")
	}
	r := s.WaitFor(t, func(r fakediscord.Request) bool { return r.Unexpected }, wait)
	if r.Status != http.StatusNotFound || r.Method != http.MethodGet {
		t.Errorf("unexpected request = %v, want GET -> 404", r)
	}
	s.ExpectViolation(t, fakediscord.RuleUnknownRoute)
	s.AssertNoViolations(t)
}

// TestFilesAreRecordedAndChecked sends replies with files through discordgo
// (multipart: payload_json and files[n]): the fake records the files,
// checks payload_json like a JSON body, and flags an embed image that
// names no attachment.
func TestFilesAreRecordedAndChecked(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, interactions := open(t, s)
	respond := func(name string, embed *discordgo.MessageEmbed) (string, error) {
		t.Helper()
		id, _ := s.DispatchInteraction(t, command(t))
		i := receive(t, interactions)
		return id, dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{embed}, AllowedMentions: quiet(),
				Files: []*discordgo.File{{Name: name, ContentType: "image/png", Reader: strings.NewReader("\x89PNG fake")}}}})
	}
	shows := func(u string) *discordgo.MessageEmbed {
		return &discordgo.MessageEmbed{Title: "chart", Image: &discordgo.MessageEmbedImage{URL: u}}
	}

	id, err := respond("chart.png", shows("attachment://chart.png"))
	if err != nil {
		t.Fatalf("reply with a file: %v", err)
	}
	got := s.WaitFor(t, fakediscord.MatchCallback(id), wait)
	if got.Files != 1 || len(got.Attachments) != 1 || got.Attachments[0].Name != "chart.png" ||
		got.Attachments[0].ContentType != "image/png" || string(got.Attachments[0].Data) != "\x89PNG fake" {
		t.Errorf("recorded files = %d %+v, want chart.png, image/png, its bytes", got.Files, got.Attachments)
	}
	if !strings.Contains(string(got.Body), `"title":"chart"`) {
		t.Errorf("recorded body = %s, want the payload_json", got.Body)
	}
	s.AssertNoViolations(t)

	if _, err := respond("other.png", shows("attachment://chart.png")); err != nil {
		t.Fatalf("reply with a dangling image: %v (Discord accepts it)", err)
	}
	if v := s.ExpectViolation(t, fakediscord.RuleAttachment); !strings.Contains(v.Detail, "attachment://chart.png") {
		t.Errorf("violation = %v, want it about attachment://chart.png", v)
	}
	s.AssertNoViolations(t)
}
