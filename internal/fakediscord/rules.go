package fakediscord

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Rules a violation can name.
const (
	RuleUnknownRoute        = "unknown-route"        // a route the fake does not know (HTTP 404)
	RuleWrongApplication    = "wrong-application"    // commands registered for another application (HTTP 403, code 50001)
	RuleInvalidJSON         = "invalid-json"         // a body that is not JSON (HTTP 400, code 50109)
	RuleUnknownInteraction  = "unknown-interaction"  // a callback for an interaction never dispatched (HTTP 404, code 10062)
	RuleAlreadyAcknowledged = "already-acknowledged" // a second callback (HTTP 400, code 40060)
	RuleLateCallback        = "late-callback"        // a callback after the deadline (HTTP 404, code 10062)
	RuleCallbackType        = "callback-type"        // a callback type the interaction does not accept (HTTP 400, code 50035)
	RuleNotAcknowledged     = "not-acknowledged"     // an edit or follow-up before the callback (HTTP 404, code 10015)
	RuleTokenExpired        = "token-expired"        // an edit or follow-up after the token's lifetime (HTTP 401, code 50027)
	RuleUnknownWebhook      = "unknown-webhook"      // a webhook token that no interaction had (HTTP 404, code 10015)
	RuleUnknownMessage      = "unknown-message"      // an edit of a message that does not exist (HTTP 404, code 10008)
	RuleLimit               = "limit"                // a documented limit exceeded (HTTP 400, code 50035)
	RuleEmptyMessage        = "empty-message"        // a new message with nothing in it (HTTP 400, code 50006)
	RuleAllowedMentions     = "allowed-mentions"     // allowed_mentions missing, null, or parse not [] (accepted)
	RuleOpenAPI             = "openapi"              // a body that fails Discord's OpenAPI schema (accepted)
	RuleGateway             = "gateway"              // a gateway payload Discord would refuse
	RuleAttachment          = "attachment"           // files Discord would refuse (HTTP 400, code 50035), or an embed image naming no attachment (accepted)
)

// problem is one field of a body that breaks a documented limit.
type problem struct {
	path string // e.g. "data.embeds.0.title"
	code string // Discord's error code, e.g. "BASE_TYPE_MAX_LENGTH"
	msg  string
}

func (p problem) String() string { return p.path + ": " + p.msg }

// limits collects the problems found in one body.
type limits []problem

// maxLen records a problem when the string at path is longer than max code points.
func (l *limits) maxLen(path string, v any, max int) {
	if n := runeLen(v); n > max {
		*l = append(*l, problem{path, "BASE_TYPE_MAX_LENGTH",
			fmt.Sprintf("Must be %d or fewer in length (got %d).", max, n)})
	}
}

// between records a problem when the string at path is absent or not
// min..max code points long.
func (l *limits) between(path string, v any, min, max int) {
	if n := runeLen(v); n < min || n > max {
		*l = append(*l, problem{path, "BASE_TYPE_BAD_LENGTH",
			fmt.Sprintf("Must be between %d and %d in length (got %d).", min, max, n)})
	}
}

// maxItems records a problem when the array at path has more than max items.
func (l *limits) maxItems(path string, v []any, max int) {
	if len(v) > max {
		*l = append(*l, problem{path, "BASE_TYPE_MAX_LENGTH",
			fmt.Sprintf("Must be %d or fewer in length (got %d).", max, len(v))})
	}
}

func (l *limits) add(path, code, msg string) { *l = append(*l, problem{path, code, msg}) }

// checkMessage checks a message body (a callback's data, a webhook or
// channel message) against Discord's limits; prefix is its path ("" or "data.").
func checkMessage(l *limits, msg map[string]any, prefix string) {
	l.maxLen(prefix+"content", msg["content"], 2000)
	embeds := list(msg["embeds"])
	l.maxItems(prefix+"embeds", embeds, 10)
	total := 0
	for i, e := range embeds {
		total += checkEmbed(l, obj(e), prefix+"embeds."+strconv.Itoa(i)+".")
	}
	if total > 6000 {
		l.add(prefix+"embeds", "MAX_EMBED_SIZE_EXCEEDED",
			fmt.Sprintf("Embed size exceeds maximum size of 6000 (got %d).", total))
	}
	flags, _ := msg["flags"].(float64)
	componentsV2 := int64(flags)&(1<<15) != 0
	checkComponents(l, list(msg["components"]), prefix+"components", !componentsV2)
}

// checkEmbed checks one embed and returns its characters counted towards
// the 6,000 of a message.
func checkEmbed(l *limits, e map[string]any, p string) int {
	l.maxLen(p+"title", e["title"], 256)
	l.maxLen(p+"description", e["description"], 4096)
	footer, author := obj(e["footer"]), obj(e["author"])
	l.maxLen(p+"footer.text", footer["text"], 2048)
	l.maxLen(p+"author.name", author["name"], 256)
	total := runeLen(e["title"]) + runeLen(e["description"]) + runeLen(footer["text"]) + runeLen(author["name"])
	fields := list(e["fields"])
	l.maxItems(p+"fields", fields, 25)
	for i, f := range fields {
		fm, fp := obj(f), p+"fields."+strconv.Itoa(i)+"."
		l.between(fp+"name", fm["name"], 1, 256)
		l.between(fp+"value", fm["value"], 1, 1024)
		total += runeLen(fm["name"]) + runeLen(fm["value"])
	}
	return total
}

// checkComponents checks components and those nested in them. With rows
// set, the top level holds at most 5 action rows (the layout before
// components v2).
func checkComponents(l *limits, cs []any, path string, rows bool) {
	if rows {
		l.maxItems(path, cs, 5)
	}
	for i, c := range cs {
		cm, cp := obj(c), path+"."+strconv.Itoa(i)
		if id, ok := cm["custom_id"]; ok {
			l.between(cp+".custom_id", id, 1, 100)
		}
		switch typ, _ := cm["type"].(float64); typ {
		case 1: // action row
			children := list(cm["components"])
			buttons, selects := 0, 0
			for _, ch := range children {
				switch t, _ := obj(ch)["type"].(float64); t {
				case 2:
					buttons++
				case 3, 5, 6, 7, 8:
					selects++
				}
			}
			if buttons > 5 {
				l.add(cp+".components", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be 5 or fewer buttons in a row (got %d).", buttons))
			}
			if selects > 0 && len(children) > 1 {
				l.add(cp+".components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "A select menu must be alone in its row.")
			}
		case 2: // button
			l.maxLen(cp+".label", cm["label"], 80)
		case 3, 5, 6, 7, 8: // select menus
			l.maxLen(cp+".placeholder", cm["placeholder"], 150)
			l.maxItems(cp+".options", list(cm["options"]), 25)
		case 4: // text input
			l.maxLen(cp+".label", cm["label"], 45)
			l.maxLen(cp+".value", cm["value"], 4000)
		}
		checkComponents(l, list(cm["components"]), cp+".components", false)
		if acc, ok := cm["accessory"]; ok {
			checkComponents(l, []any{acc}, cp+".accessory", false)
		}
	}
}

// checkChoices checks an autocomplete result's choices.
func checkChoices(l *limits, data map[string]any, prefix string) {
	choices := list(data["choices"])
	l.maxItems(prefix+"choices", choices, 25)
	for i, c := range choices {
		checkChoice(l, obj(c), prefix+"choices."+strconv.Itoa(i)+".")
	}
}

func checkChoice(l *limits, c map[string]any, p string) {
	l.between(p+"name", c["name"], 1, 100)
	if v, ok := c["value"].(string); ok {
		l.maxLen(p+"value", v, 100)
	}
}

// checkModal checks a modal callback's data.
func checkModal(l *limits, data map[string]any, prefix string) {
	l.between(prefix+"custom_id", data["custom_id"], 1, 100)
	l.between(prefix+"title", data["title"], 1, 45)
	cs := list(data["components"])
	if len(cs) == 0 {
		l.add(prefix+"components", "BASE_TYPE_REQUIRED", "A modal needs 1 to 5 components.")
	}
	checkComponents(l, cs, prefix+"components", true)
}

// isEmptyMessage tells whether a new message would show nothing.
func isEmptyMessage(msg map[string]any, files int) bool {
	return runeLen(msg["content"]) == 0 && len(list(msg["embeds"])) == 0 &&
		len(list(msg["components"])) == 0 && len(list(msg["sticker_ids"])) == 0 &&
		len(list(msg["attachments"])) == 0 && msg["poll"] == nil && files == 0
}

// allowedMentionsProblem returns why a message body's allowed_mentions could
// ping someone, or "" when it is {"parse": []}.
func allowedMentionsProblem(msg map[string]any) string {
	am, present := msg["allowed_mentions"]
	switch {
	case !present:
		return "allowed_mentions is missing: Discord then parses mentions in the content"
	case am == nil:
		return "allowed_mentions is null"
	}
	m, ok := am.(map[string]any)
	if !ok {
		return fmt.Sprintf("allowed_mentions is %T, not an object", am)
	}
	parse, present := m["parse"]
	switch p, isList := parse.([]any); {
	case !present:
		return `allowed_mentions has no "parse"; want "parse": []`
	case parse == nil:
		return `allowed_mentions.parse is null; want [] (set Parse: []discordgo.AllowedMentionType{})`
	case !isList:
		return fmt.Sprintf("allowed_mentions.parse is %T, not a list", parse)
	case len(p) > 0:
		return fmt.Sprintf("allowed_mentions.parse is %v; want [] so that nobody is pinged", p)
	}
	return ""
}

// formBodyError is Discord's answer to a body that breaks its limits.
func formBodyError(ps []problem) map[string]any {
	errs := map[string]any{}
	for _, p := range ps {
		node := errs
		for _, key := range strings.Split(p.path, ".") {
			next, ok := node[key].(map[string]any)
			if !ok {
				next = map[string]any{}
				node[key] = next
			}
			node = next
		}
		list, _ := node["_errors"].([]any)
		node["_errors"] = append(list, map[string]any{"code": p.code, "message": p.msg})
	}
	return map[string]any{"message": "Invalid Form Body", "code": 50035, "errors": errs}
}

// runeLen is the length of a string value in Unicode code points, 0 for anything else.
func runeLen(v any) int {
	s, _ := v.(string)
	return utf8.RuneCountInString(s)
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
