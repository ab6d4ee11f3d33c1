package fakediscord_test

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/internal/fakediscord"
)

// post sends body to the fake directly, without discordgo.
func post(t *testing.T, s *fakediscord.Server, path, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(s.APIURL()+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestSpecValidatesRequestBodies(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	if !s.SpecLoaded() {
		t.Skip("Discord's OpenAPI description is not beside the repository (../shared/discord-api-spec/openapi.json)")
	}
	const path = "/channels/1200000000000000002/messages"
	if code, body := post(t, s, path, `{"content": "hi", "allowed_mentions": {"parse": []}}`); code != http.StatusOK {
		t.Errorf("valid message = %d %s, want 200", code, body)
	}
	if code, body := post(t, s, path, `{"content": "hi", "tts": "yes", "allowed_mentions": {"parse": []}}`); code != http.StatusOK {
		t.Errorf("message with tts \"yes\" = %d %s, want 200 (only the schema objects)", code, body)
	}
	if v := s.ExpectViolation(t, fakediscord.RuleOpenAPI); !strings.Contains(v.Detail, "tts") {
		t.Errorf("violation = %v, want it about tts", v)
	}
	if n := s.SpecValidated(); n != 2 {
		t.Errorf("SpecValidated() = %d, want 2", n)
	}
	s.AssertNoViolations(t)
}

func TestSpecAbsentSkipsValidation(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t, fakediscord.WithSpecPath(filepath.Join(t.TempDir(), "openapi.json")))
	if s.SpecLoaded() {
		t.Error("SpecLoaded() = true for a missing file")
	}
	post(t, s, "/channels/1200000000000000002/messages", `{"content": "hi", "tts": "yes", "allowed_mentions": {"parse": []}}`)
	if n := s.SpecValidated(); n != 0 {
		t.Errorf("SpecValidated() = %d, want 0", n)
	}
	s.AssertNoViolations(t)
}

func TestCallbackForUnknownInteraction(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t, fakediscord.WithSpecPath(""))
	code, body := post(t, s, "/interactions/1500000000000000001/nope/callback", `{"type": 5}`)
	if code != http.StatusNotFound || !strings.Contains(body, "10062") {
		t.Errorf("callback = %d %s, want 404 with code 10062", code, body)
	}
	s.ExpectViolation(t, fakediscord.RuleUnknownInteraction)
	s.AssertNoViolations(t)
}

func TestAutocompleteCannotBeDeferred(t *testing.T) {
	t.Parallel()
	s := fakediscord.New(t)
	dg, interactions := open(t, s)
	s.DispatchInteraction(t, map[string]any{
		"type":       4,
		"channel_id": "1200000000000000002",
		"data": map[string]any{"id": "1400000000000000001", "name": "ask", "type": 1,
			"options": []any{map[string]any{"name": "question", "type": 3, "value": "wh", "focused": true}}},
	})
	i := receive(t, interactions)
	if i.Type != discordgo.InteractionApplicationCommandAutocomplete {
		t.Fatalf("interaction type = %v, want autocomplete", i.Type)
	}

	deferred := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if err := dg.InteractionRespond(i, deferred); code(err) != 50035 {
		t.Errorf("deferred autocomplete error = %v, want code 50035", err)
	}
	s.ExpectViolation(t, fakediscord.RuleCallbackType)

	choices := func(n int) *discordgo.InteractionResponse {
		data := &discordgo.InteractionResponseData{}
		for k := range n {
			data.Choices = append(data.Choices, &discordgo.ApplicationCommandOptionChoice{Name: fmt.Sprint("who ", k), Value: fmt.Sprint(k)})
		}
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: data}
	}
	if err := dg.InteractionRespond(i, choices(26)); code(err) != 50035 {
		t.Errorf("26 choices error = %v, want code 50035", err)
	}
	s.ExpectViolation(t, fakediscord.RuleLimit)
	if err := dg.InteractionRespond(i, choices(25)); err != nil {
		t.Errorf("25 choices: %v", err)
	}
	s.AssertNoViolations(t)
}
