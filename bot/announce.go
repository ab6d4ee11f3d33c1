package bot

import (
	"context"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/handlers"
)

// announcePassageRunes bounds the passage quoted in an announcement.
const announcePassageRunes = 1500

// announce posts article a in the announce channel, if there is one.
func (b *Bot) announce(ctx context.Context, a Added) error {
	ch := b.opt.Feeds.AnnounceChannel
	if ch == "" {
		return nil
	}
	_, err := b.s.ChannelMessageSendComplex(ch, &discordgo.MessageSend{
		Embeds:          []*discordgo.MessageEmbed{announcement(a)},
		AllowedMentions: quiet(),
	}, discordgo.WithContext(ctx))
	return err
}

// announcement is the embed that presents a new article: its title
// (linking to it), outlet, date, first passage and address, each cut to
// Discord's limits.
func announcement(a Added) *discordgo.MessageEmbed {
	title := strings.TrimSpace(a.Title)
	if title == "" {
		title = a.ID
	}
	var desc strings.Builder
	if p := strings.TrimSpace(a.Passage); p != "" {
		desc.WriteString(cut(p, announcePassageRunes) + "\n\n")
	}
	desc.WriteString(cut(a.URL, 2000))
	e := &discordgo.MessageEmbed{
		Title:       cut(title, handlers.LimitTitle),
		Description: desc.String(),
		Footer:      &discordgo.MessageEmbedFooter{Text: cut("New in the corpus from a followed feed: "+a.ID, handlers.LimitFooter)},
	}
	if len(a.URL) <= 2000 && (strings.HasPrefix(a.URL, "https://") || strings.HasPrefix(a.URL, "http://")) {
		e.URL = a.URL
	}
	if o := strings.TrimSpace(a.Outlet); o != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Outlet", Value: cut(o, handlers.LimitFieldValue), Inline: true})
	}
	if !a.Published.IsZero() {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Published", Value: a.Published.UTC().Format("2 January 2006"), Inline: true})
		e.Timestamp = a.Published.UTC().Format(time.RFC3339)
	}
	return e
}
