package bot_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
)

// TestRegistrationMakesReadOnlyCommandsUserInstallable checks the bulk
// overwrite (validated by the fake against Discord's OpenAPI description
// when present): read-only commands, "Find sources" among them, may be
// installed to a user and used in servers, the bot's DMs and group DMs;
// moderators' commands stay in servers, for Manage Server by default.
func TestRegistrationMakesReadOnlyCommandsUserInstallable(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	moderators := []string{"add-article", "feeds", "reindex", "remove-article"}
	seen := 0
	for _, raw := range h.fd.Commands("") {
		var c struct {
			Name             string `json:"name"`
			Type             int    `json:"type"`
			Description      string `json:"description"`
			IntegrationTypes []int  `json:"integration_types"`
			Contexts         []int  `json:"contexts"`
			DefaultMemberPer any    `json:"default_member_permissions"`
			DMPermission     *bool  `json:"dm_permission"`
		}
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		wantTypes, wantContexts, wantPerms := []int{0, 1}, []int{0, 1, 2}, ""
		if slices.Contains(moderators, c.Name) {
			wantTypes, wantContexts, wantPerms = []int{0}, []int{0}, "32"
		}
		if !slices.Equal(c.IntegrationTypes, wantTypes) || !slices.Equal(c.Contexts, wantContexts) {
			t.Errorf("%s: integration_types %v contexts %v, want %v %v", c.Name, c.IntegrationTypes, c.Contexts, wantTypes, wantContexts)
		}
		if got := jsonString(c.DefaultMemberPer); got != wantPerms {
			t.Errorf("%s: default_member_permissions %q, want %q", c.Name, got, wantPerms)
		}
		if c.DMPermission != nil {
			t.Errorf("%s: sends the deprecated dm_permission", c.Name)
		}
		if c.Name == "Find sources" {
			seen++
			if c.Type != 3 || c.Description != "" {
				t.Errorf("Find sources: type %d description %q, want a message command (3) without description", c.Type, c.Description)
			}
		}
	}
	if seen != 1 {
		t.Errorf("Find sources registered %d times, want once", seen)
	}
	h.fd.AssertNoViolations(t)
}

func jsonString(v any) string {
	if v == nil {
		return ""
	}
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

// findSources is a message command interaction on a message saying text,
// from m (a member) or, with m nil, from a user in a DM.
func findSources(m map[string]any, text string) map[string]any {
	const target = "1700000000000000001"
	p := map[string]any{
		"type": 2, "channel_id": channelID, "locale": "en-US",
		"data": map[string]any{
			"id": "1400000000000000009", "name": "Find sources", "type": 3, "target_id": target,
			"resolved": map[string]any{"messages": map[string]any{target: map[string]any{
				"id": target, "channel_id": channelID, "content": text, "embeds": []any{}, "attachments": []any{},
				"author":    map[string]any{"id": bobID, "username": "bob", "discriminator": "0"},
				"timestamp": "2026-01-01T00:00:00.000000+00:00", "mentions": []any{}, "pinned": false, "tts": false,
			}}},
		},
	}
	if m != nil {
		p["guild_id"], p["member"], p["context"] = guildID, m, 0
	} else {
		p["user"], p["context"] = user(aliceID, false), 1
	}
	return p
}

func TestFindSourcesAnswersPrivately(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	cases := []struct {
		name, text string
		want       []string
	}{
		{"supported", "Putin talked with Witkoff and Kushner for nearly five hours at the Kremlin", []string{"Sources for this message", "Steve Witkoff", "five-hour"}},
		{"unsupported", "My cat ate 3 fish in Paris yesterday", []string{"Nothing in the articles supports this message"}},
		{"nothing to check", "great game last night @everyone", []string{"names nothing I can check"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, r := h.ask(t, findSources(alice, c.text))
			if r.Type != 4 || r.Data.Flags&ephemeral == 0 {
				t.Fatalf("callback type %d flags %d, want an ephemeral message", r.Type, r.Data.Flags)
			}
			for _, w := range c.want {
				if !strings.Contains(r.Data.text(), w) {
					t.Errorf("reply lacks %q:\n%s", w, r.Data.text())
				}
			}
		})
	}
	h.fd.AssertNoViolations(t)
}

func TestFindSourcesThroughTheHTTPEndpoint(t *testing.T) {
	t.Parallel()
	e := startHTTP(t, bot.Options{})
	body, id, _ := e.fd.HTTPInteraction(t, findSources(nil, "Witkoff and Kushner met Putin at the Kremlin"))
	if status, out := e.post(t, body, time.Now(), e.key, nil); status != 200 {
		t.Fatalf("HTTP %d %s", status, out)
	}
	r := e.callback(t, id)
	if r.Type != 4 || r.Data.Flags&ephemeral == 0 || !strings.Contains(r.Data.text(), "Vladimir Putin") {
		t.Errorf("type %d flags %d, want an ephemeral answer naming Putin:\n%s", r.Type, r.Data.Flags, r.Data.text())
	}
	e.fd.AssertNoViolations(t)
}

// dm is a slash command used in the bot's DMs (or, with context 2, a group
// DM) by a user who installed the bot: no guild_id, no member, only user.
func dm(userID string, context int, name string, options ...map[string]any) map[string]any {
	p := slash(nil, name, options...)
	delete(p, "guild_id")
	delete(p, "member")
	p["user"], p["context"] = user(userID, false), context
	p["authorizing_integration_owners"] = map[string]any{"1": userID}
	return p
}

func TestDirectMessageInteractionsAreAnsweredAndCooledPerUser(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: bot.Options{Cooldown: bot.Cooldown{Burst: 1, Every: time.Hour}}})
	_, r := h.ask(t, dm(aliceID, 1, "who-attended", str("meeting", "Kremlin")))
	if r.Type != 4 || !strings.Contains(r.Data.text(), "Witkoff") {
		t.Fatalf("DM command: type %d:\n%s", r.Type, r.Data.text())
	}
	_, r = h.ask(t, dm(aliceID, 2, "sources"))
	if r.Type != 4 || r.Data.Flags&ephemeral == 0 || !strings.Contains(r.Data.Content, "try again") {
		t.Errorf("second question of the same user: type %d flags %d %q; want an ephemeral refusal", r.Type, r.Data.Flags, r.Data.Content)
	}
	if _, r = h.ask(t, dm(bobID, 2, "sources")); !strings.Contains(r.Data.text(), "Sources: 5 articles") {
		t.Errorf("another user in a group DM was not answered:\n%s", r.Data.text())
	}
	_, r = h.ask(t, dm("1300000000000000007", 1, "reindex"))
	if r.Type != 4 || r.Data.Flags&ephemeral == 0 || !strings.Contains(r.Data.Content, "in a server") {
		t.Errorf("/reindex in a DM: type %d flags %d %q; want an ephemeral refusal", r.Type, r.Data.Flags, r.Data.Content)
	}
	h.fd.AssertNoViolations(t)
}
