package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// FindSources is the name of the message command ("Apps" menu of a
// message) that finds the passages bearing on a message's claims.
const FindSources = "Find sources"

// FindSourcesRequest asks for the sources of a message's text, as the
// message command does; the answer is private.
func FindSourcesRequest(text string) Request {
	return Request{Command: FindSources, Options: map[string]string{"message": text}, Private: true}
}

// MessageText is the text of a message that Find sources reads: its
// content, then its embeds' titles, descriptions and fields (a bot's
// answer, a link's preview).
func MessageText(m *discordgo.Message) string {
	if m == nil {
		return ""
	}
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		if e == nil {
			continue
		}
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			if f != nil {
				parts = append(parts, f.Name, f.Value)
			}
		}
	}
	return strings.TrimSpace(strings.Join(parts, "\n"))
}

// answerFindSources finds the passages that bear on the claims of a
// message, or says plainly that nothing in the articles supports it.
func answerFindSources(ctx context.Context, h *Handlers, req Request) (result, error) {
	text := req.Option("message")
	if text == "" {
		return result{}, Refuse("This message has no text to find sources for.")
	}
	sup, err := h.ix.Support(ctx, text)
	if err != nil {
		return result{}, err
	}
	const title = "Sources for this message"
	said := "> " + quoteUser(cutRunes(text, 300))
	if len(sup.Claims) == 0 {
		return noEvidence(title, said+"\n\nThe message names nothing I can check against the articles: no person, place, meeting, date, number or quoted words.", ""), nil
	}
	var found, missing []string
	for i, c := range sup.Claims {
		label := escape(cutRunes(c.Label, 80))
		if sup.Backed[i] {
			found = append(found, label)
		} else {
			missing = append(missing, label)
		}
	}
	if len(sup.Passages) == 0 {
		r := noEvidence(title, said+"\n\n**Nothing in the articles supports this message.** No passage bears on what it says together: "+
			strings.Join(missing, ", ")+".", fmt.Sprintf("Checked %d articles.", len(h.ix.Sources())))
		return r, nil
	}
	r := result{title: title}
	r.summary = said + "\n\nFound in the articles: " + strings.Join(found, ", ") + "."
	if len(missing) > 0 {
		r.summary += "\nNot found with them: " + strings.Join(missing, ", ") + "."
	}
	for _, b := range sup.Passages {
		var on []string
		for _, i := range b.Claims {
			if sup.Claims[i].Kind != "topic" {
				on = append(on, cutRunes(sup.Claims[i].Label, 40))
			}
		}
		r.add(b.Passage, strings.Join(on, " · "))
	}
	r.footer = "Passages ranked by how many of the message's claims they bear on. They show what the articles say, not whether the message is true."
	return r, nil
}
