package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// chatInputName is Discord's pattern for slash command and option names.
var chatInputName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// handleBulkOverwrite answers PUT .../commands: it checks the commands,
// stores them in place of the previous set and echoes them with ids.
func (s *Server) handleBulkOverwrite(c *call) reply {
	if c.params["application_id"] != s.cfg.appID {
		return s.refuse(c, RuleWrongApplication, http.StatusForbidden, 50001, "Missing Access",
			"application id %q is not this bot's %q", c.params["application_id"], s.cfg.appID)
	}
	cmds, ok := c.req.JSON.([]any)
	if !ok && c.req.JSON != nil {
		return s.limitsFailed(c, []problem{{"_root", "ARRAY_TYPE_CONVERT", "Expected a list of commands."}})
	}
	var l limits
	checkCommands(&l, cmds)
	if len(l) > 0 {
		return s.limitsFailed(c, l)
	}
	guild := c.params["guild_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := map[string]string{}
	for _, old := range s.commands[guild] {
		ids[commandKey(old)] = old["id"].(string)
	}
	out := make([]map[string]any, len(cmds))
	for i, raw := range cmds {
		cmd := copyObj(obj(raw))
		if _, ok := cmd["type"]; !ok {
			cmd["type"] = 1.0
		}
		id := ids[commandKey(cmd)]
		if id == "" {
			id = s.snowflake()
		}
		cmd["id"], cmd["application_id"], cmd["version"] = id, s.cfg.appID, s.snowflake()
		if guild != "" {
			cmd["guild_id"] = guild
		}
		out[i] = cmd
	}
	s.commands[guild] = out
	return reply{http.StatusOK, out}
}

// Commands returns the commands last registered by bulk overwrite, as
// Discord echoed them: globally for guildID "", else for that guild.
func (s *Server) Commands(guildID string) []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []json.RawMessage
	for _, c := range s.commands[guildID] {
		b, _ := json.Marshal(c) // decoded JSON always encodes
		out = append(out, b)
	}
	return out
}

// commandKey identifies a command across overwrites, as Discord does: by type and name.
func commandKey(cmd map[string]any) string {
	t, ok := cmd["type"].(float64)
	if !ok {
		t = 1
	}
	name, _ := cmd["name"].(string)
	return strconv.Itoa(int(t)) + "/" + name
}

// checkCommands checks a bulk overwrite against Discord's command limits.
func checkCommands(l *limits, cmds []any) {
	count := map[float64]int{}
	seen := map[string]bool{}
	for i, raw := range cmds {
		cmd, p := obj(raw), strconv.Itoa(i)+"."
		typ, ok := cmd["type"].(float64)
		if !ok {
			typ = 1
		}
		count[typ]++
		if key := commandKey(cmd); seen[key] {
			l.add(p+"name", "APPLICATION_COMMANDS_DUPLICATE_NAME", fmt.Sprintf("Command name %q is already used.", cmd["name"]))
		} else {
			seen[key] = true
		}
		if typ == 1 {
			checkChatInputName(l, p+"name", cmd["name"])
			l.between(p+"description", cmd["description"], 1, 100)
		} else {
			l.between(p+"name", cmd["name"], 1, 32)
			l.maxLen(p+"description", cmd["description"], 0)
		}
		opts := list(cmd["options"])
		checkOptions(l, opts, p+"options", 0)
		if n := runeLen(cmd["name"]) + runeLen(cmd["description"]) + optionChars(opts); n > 8000 {
			l.add(p[:len(p)-1], "APPLICATION_COMMAND_TOO_LARGE", fmt.Sprintf("Command exceeds the 8000 characters of names, descriptions and choices (got %d).", n))
		}
	}
	for typ, max := range map[float64]int{1: 100, 2: 15, 3: 15} {
		if count[typ] > max {
			l.add("_root", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer commands of type %v (got %d).", max, typ, count[typ]))
		}
	}
}

// checkOptions checks a command's options; depth counts subcommand levels.
func checkOptions(l *limits, opts []any, path string, depth int) {
	l.maxItems(path, opts, 25)
	seen := map[string]bool{}
	optional := false
	for i, raw := range opts {
		o, p := obj(raw), path+"."+strconv.Itoa(i)+"."
		name, _ := o["name"].(string)
		if seen[name] {
			l.add(p+"name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", fmt.Sprintf("Option name %q is already used.", name))
		}
		seen[name] = true
		checkChatInputName(l, p+"name", o["name"])
		l.between(p+"description", o["description"], 1, 100)
		typ, _ := o["type"].(float64)
		switch {
		case typ < 1 || typ > 11:
			l.add(p+"type", "BASE_TYPE_CHOICES", fmt.Sprintf("Option type %v is not one of 1 to 11.", o["type"]))
		case typ == 1 || typ == 2: // subcommand, subcommand group
			if depth >= 2 || (typ == 2 && depth >= 1) {
				l.add(p+"type", "APPLICATION_COMMAND_OPTION_NESTING_TOO_DEEP", "Subcommands nest at most as command > group > subcommand.")
			}
			checkOptions(l, list(o["options"]), p+"options", depth+1)
			continue
		}
		required, _ := o["required"].(bool)
		if required && optional {
			l.add(p+"required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options.")
		}
		optional = optional || !required
		choices := list(o["choices"])
		l.maxItems(p+"choices", choices, 25)
		for j, c := range choices {
			checkChoice(l, obj(c), p+"choices."+strconv.Itoa(j)+".")
		}
		if auto, _ := o["autocomplete"].(bool); auto && len(choices) > 0 {
			l.add(p+"autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "Autocomplete cannot be set with choices.")
		}
	}
}

// checkChatInputName checks a slash command or option name: 1 to 32
// letters, digits, - _ or ', lower-case.
func checkChatInputName(l *limits, path string, v any) {
	name, _ := v.(string)
	switch {
	case !chatInputName.MatchString(name):
		l.add(path, "APPLICATION_COMMAND_INVALID_NAME", fmt.Sprintf("Name %q must be 1 to 32 letters, digits, '-', '_' or \"'\".", name))
	case strings.ToLower(name) != name:
		l.add(path, "APPLICATION_COMMAND_INVALID_NAME", fmt.Sprintf("Name %q must be lower-case.", name))
	}
}

// optionChars counts the characters of option names, descriptions and
// choices, towards a command's 8,000.
func optionChars(opts []any) int {
	n := 0
	for _, raw := range opts {
		o := obj(raw)
		n += runeLen(o["name"]) + runeLen(o["description"]) + optionChars(list(o["options"]))
		for _, c := range list(o["choices"]) {
			n += runeLen(obj(c)["name"]) + runeLen(obj(c)["value"])
		}
	}
	return n
}

// copyObj returns a shallow copy of m.
func copyObj(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
