package extract

import (
	"strings"

	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// reGroups names a side's delegation without naming its people ("US and
// Ukrainian delegations", "Russian negotiators").
var reGroups = rx.MustCompile(`\b(US|U\.S\.|American|Ukrainian|Russian|European)(?: and (US|U\.S\.|American|Ukrainian|Russian|European))? (delegations?|negotiators|teams?|officials|counterparts|envoys|representatives)\b`)

// findGroups returns the delegations a text names without their people.
func findGroups(text string) []string {
	if !strings.Contains(text, "delegation") && !strings.Contains(text, "negotiator") && !strings.Contains(text, "team") &&
		!strings.Contains(text, "official") && !strings.Contains(text, "counterpart") && !strings.Contains(text, "envoy") &&
		!strings.Contains(text, "representative") {
		return nil
	}
	var out []string
	for _, m := range reGroups.FindAllStringSubmatch(text, -1) {
		noun := strings.TrimSuffix(m[3], "s")
		if noun == "negotiator" || noun == "official" || noun == "counterpart" || noun == "envoy" || noun == "representative" {
			noun += "s"
		}
		for _, who := range []string{m[1], m[2]} {
			if who != "" {
				out = appendUnique(out, strings.ReplaceAll(who, "U.S.", "US")+" "+noun)
			}
		}
	}
	return out
}

// nounModifier reports whether the name is followed by a noun it qualifies:
// "Donald Trump administration officials".
func nounModifier(toks []prose.Token, i int) bool {
	if i >= len(toks) {
		return false
	}
	switch toks[i].Lower {
	case "administration", "officials", "government", "team", "aides", "camp", "allies", "era", "family", "office":
		return true
	}
	// "Putin aide Yuri Ushakov": the name qualifies a role.
	return roleWords[toks[i].Lower] && strings.TrimSpace(toks[i].Before) == ""
}

func mentionStartingAt(ms []mention, k int) *mention {
	for i := range ms {
		if ms[i].tok0 == k {
			return &ms[i]
		}
	}
	return nil
}

func tokensText(toks []prose.Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Text
	}
	return strings.Join(parts, " ")
}
