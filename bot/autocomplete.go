package bot

import (
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// maxChoices is Discord's limit on autocomplete choices.
const maxChoices = 25

// choice is an autocomplete suggestion: what the user sees and the value sent.
type choice struct{ name, value string }

// autocomplete suggests meetings, topics, people or article ids from the
// index for the option being typed. Autocomplete cannot be deferred, and it
// is answered from data held in memory.
func (b *Bot) autocomplete(x *exchange) {
	data := x.i.ApplicationCommandData()
	x.ev.Command = data.Name
	var focused *discordgo.ApplicationCommandInteractionDataOption
	for _, o := range data.Options {
		if o.Focused {
			focused = o
		}
	}
	if focused == nil {
		b.respondChoices(x, nil)
		return
	}
	typed, _ := focused.Value.(string)
	b.respondChoices(x, suggest(b.candidates(data.Name, focused.Name), typed))
}

// candidates lists what an option can take, best known first.
func (b *Bot) candidates(command, option string) []choice {
	var out []choice
	switch command + "/" + option {
	case "who-attended/meeting", "compare/meeting":
		// Newest first, labelled "Geneva · 23 Nov 2025 · US, Ukraine"; the
		// value is the label, which /who-attended matches exactly.
		for _, m := range b.ix.Meetings() {
			out = append(out, choice{m.Label, m.Label})
		}
	case "position/topic":
		for _, t := range b.ix.Lexicon().Topics {
			out = append(out, choice{t.Name, t.Name})
		}
	case "quote/person":
		for _, p := range b.ix.Lexicon().People {
			out = append(out, choice{p.Name, p.Name})
		}
		for _, p := range b.ix.Meta().Unlisted {
			out = append(out, choice{p.Name, p.Name})
		}
	case "timeline/person":
		// People the articles place at a meeting, those at the most first.
		count := map[string]int{}
		var names []string
		for _, m := range b.ix.Meetings() {
			for _, a := range m.Attendees {
				if count[a.Name] == 0 {
					names = append(names, a.Name)
				}
				count[a.Name]++
			}
		}
		slices.SortStableFunc(names, func(x, y string) int { return count[y] - count[x] })
		for _, n := range names {
			out = append(out, choice{n, n})
		}
	case "remove-article/id":
		for _, a := range b.ix.Sources() {
			out = append(out, choice{a.ID + " — " + a.Title, a.ID})
		}
	}
	return out
}

// suggest keeps the candidates that contain typed (those that start with it
// first), at most maxChoices, each within Discord's 100-character limits.
func suggest(all []choice, typed string) []choice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	var first, rest []choice
	seen := map[string]bool{}
	for _, c := range all {
		if seen[c.value] || len(c.value) > 100 || c.value == "" {
			continue
		}
		seen[c.value] = true
		name := strings.ToLower(c.name)
		switch {
		case strings.HasPrefix(name, typed):
			first = append(first, c)
		case strings.Contains(name, typed):
			rest = append(rest, c)
		}
	}
	out := append(first, rest...)
	if len(out) > maxChoices {
		out = out[:maxChoices]
	}
	for i := range out {
		out[i].name = cut(out[i].name, 100)
	}
	return out
}

func (b *Bot) respondChoices(x *exchange, cs []choice) {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, c := range cs {
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: c.name, Value: c.value})
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.state = stateResponded
	err := x.r.Respond(&discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices}})
	if err != nil {
		b.log.Warn("autocomplete reply failed", "interaction", x.i.ID, "error", err)
	}
}
