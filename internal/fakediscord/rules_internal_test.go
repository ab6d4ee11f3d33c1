package fakediscord

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

// paths returns the paths of the problems, joined for easy comparison.
func paths(l limits) string {
	ps := make([]string, len(l))
	for i, p := range l {
		ps[i] = p.path
	}
	return strings.Join(ps, ",")
}

func field(name, value string) map[string]any { return map[string]any{"name": name, "value": value} }

func TestCheckMessage(t *testing.T) {
	rep := strings.Repeat
	fields26 := make([]any, 26)
	for i := range fields26 {
		fields26[i] = field("n", "v")
	}
	buttons := func(n int) map[string]any {
		bs := make([]any, n)
		for i := range bs {
			bs[i] = map[string]any{"type": 2.0, "custom_id": "b", "label": "x"}
		}
		return map[string]any{"type": 1.0, "components": bs}
	}
	tests := []struct {
		name string
		msg  map[string]any
		want string // problem paths
	}{
		{"2000 code points", map[string]any{"content": rep("ü", 2000)}, ""},
		{"2001 code points", map[string]any{"content": rep("a", 2001)}, "content"},
		{"11 embeds", map[string]any{"embeds": make([]any, 11)}, "embeds"},
		{"embed title", map[string]any{"embeds": []any{map[string]any{"title": rep("t", 257)}}}, "embeds.0.title"},
		{"embed description", map[string]any{"embeds": []any{map[string]any{"description": rep("d", 4097)}}}, "embeds.0.description"},
		{"26 fields", map[string]any{"embeds": []any{map[string]any{"fields": fields26}}}, "embeds.0.fields"},
		{"empty field", map[string]any{"embeds": []any{map[string]any{"fields": []any{field("", "v"), field("n", "")}}}}, "embeds.0.fields.0.name,embeds.0.fields.1.value"},
		{"long field", map[string]any{"embeds": []any{map[string]any{"fields": []any{field(rep("n", 257), rep("v", 1025))}}}}, "embeds.0.fields.0.name,embeds.0.fields.0.value"},
		{"footer and author", map[string]any{"embeds": []any{map[string]any{"footer": map[string]any{"text": rep("f", 2049)}, "author": map[string]any{"name": rep("a", 257)}}}}, "embeds.0.footer.text,embeds.0.author.name"},
		{"6000 in all", map[string]any{"embeds": []any{map[string]any{"description": rep("d", 4000)}, map[string]any{"description": rep("d", 2001)}}}, "embeds"},
		{"5 buttons", map[string]any{"components": []any{buttons(5)}}, ""},
		{"6 buttons", map[string]any{"components": []any{buttons(6)}}, "components.0.components"},
		{"6 rows", map[string]any{"components": []any{buttons(1), buttons(1), buttons(1), buttons(1), buttons(1), buttons(1)}}, "components"},
		{"custom_id", map[string]any{"components": []any{map[string]any{"type": 1.0, "components": []any{map[string]any{"type": 2.0, "custom_id": rep("c", 101)}}}}}, "components.0.components.0.custom_id"},
	}
	for _, tt := range tests {
		var l limits
		checkMessage(&l, tt.msg, "")
		if got := paths(l); got != tt.want {
			t.Errorf("%s: checkMessage problems = %q, want %q (%v)", tt.name, got, tt.want, l)
		}
	}
}

func TestAllowedMentionsProblem(t *testing.T) {
	tests := []struct {
		body string
		ok   bool
	}{
		{`{"allowed_mentions": {"parse": []}}`, true},
		{`{"allowed_mentions": {"parse": [], "replied_user": false}}`, true},
		{`{}`, false},
		{`{"allowed_mentions": null}`, false},
		{`{"allowed_mentions": {"parse": null}}`, false},
		{`{"allowed_mentions": {}}`, false},
		{`{"allowed_mentions": {"parse": ["users"]}}`, false},
	}
	for _, tt := range tests {
		why := allowedMentionsProblem(decode(t, tt.body).(map[string]any))
		if (why == "") != tt.ok {
			t.Errorf("allowedMentionsProblem(%s) = %q, want ok %v", tt.body, why, tt.ok)
		}
	}
}

func TestCheckCommands(t *testing.T) {
	opt := `{"type": 3, "name": "q", "description": "d"}`
	opts := make([]string, 26)
	for i := range opts {
		opts[i] = fmt.Sprintf(`{"type": 3, "name": "q%d", "description": "d"}`, i)
	}
	many := strings.Join(opts, ",")
	choices := strings.TrimSuffix(strings.Repeat(`{"name": "c", "value": "v"},`, 26), ",")
	tests := []struct {
		name, cmds, want string
	}{
		{"valid", `[{"name": "ask", "description": "Ask", "options": [` + opt + `]}, {"type": 3, "name": "Quote This", "description": ""}]`, ""},
		{"upper case", `[{"name": "Ask", "description": "d"}]`, "0.name"},
		{"33 characters", `[{"name": "` + strings.Repeat("a", 33) + `", "description": "d"}]`, "0.name"},
		{"space", `[{"name": "ask me", "description": "d"}]`, "0.name"},
		{"no description", `[{"name": "ask", "description": ""}]`, "0.description"},
		{"101 description", `[{"name": "ask", "description": "` + strings.Repeat("d", 101) + `"}]`, "0.description"},
		{"duplicate", `[{"name": "ask", "description": "d"}, {"name": "ask", "description": "d"}]`, "1.name"},
		{"26 options", `[{"name": "ask", "description": "d", "options": [` + many + `]}]`, "0.options"},
		{"26 choices", `[{"name": "ask", "description": "d", "options": [{"type": 3, "name": "q", "description": "d", "choices": [` + choices + `]}]}]`, "0.options.0.choices"},
		{"autocomplete and choices", `[{"name": "ask", "description": "d", "options": [{"type": 3, "name": "q", "description": "d", "autocomplete": true, "choices": [{"name": "c", "value": "v"}]}]}]`, "0.options.0.autocomplete"},
		{"required after optional", `[{"name": "ask", "description": "d", "options": [{"type": 3, "name": "a", "description": "d"}, {"type": 3, "name": "b", "description": "d", "required": true}]}]`, "0.options.1.required"},
		{"subcommand options", `[{"name": "ask", "description": "d", "options": [{"type": 1, "name": "sub", "description": "d", "options": [{"type": 3, "name": "Q", "description": "d"}]}]}]`, "0.options.0.options.0.name"},
	}
	for _, tt := range tests {
		var l limits
		checkCommands(&l, decode(t, tt.cmds).([]any))
		if got := paths(l); got != tt.want {
			t.Errorf("%s: checkCommands problems = %q, want %q (%v)", tt.name, got, tt.want, l)
		}
	}
}

func TestFormBodyErrorNestsPaths(t *testing.T) {
	got := formBodyError([]problem{{"data.embeds.0.title", "BASE_TYPE_MAX_LENGTH", "too long"}})
	b, _ := json.Marshal(got)
	want := `{"code":50035,"errors":{"data":{"embeds":{"0":{"title":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"too long"}]}}}}},"message":"Invalid Form Body"}`
	if string(b) != want {
		t.Errorf("formBodyError = %s, want %s", b, want)
	}
}

func TestMatchPath(t *testing.T) {
	params, ok := matchPath("/webhooks/{application_id}/{interaction_token}/messages/@original", "/webhooks/1/tok/messages/@original")
	if !ok || params["application_id"] != "1" || params["interaction_token"] != "tok" {
		t.Errorf("matchPath = %v, %v", params, ok)
	}
	if _, ok := matchPath("/webhooks/{application_id}/{interaction_token}", "/webhooks/1/tok/messages"); ok {
		t.Error("matchPath matched a longer path")
	}
}
