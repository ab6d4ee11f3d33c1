package handlers

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// Moderator changes the corpus for the moderators' commands. The bot
// implements it (it holds the corpus folder and the index's rebuild); the
// command table routes each moderator command to its method, so that what
// Discord is told and what runs cannot drift. Each method returns the text
// the moderator is told, or an error (see Error and Refuse).
type Moderator interface {
	Reindex(ctx context.Context, job Job) (string, error)
	AddArticle(ctx context.Context, job Job) (string, error)
	RemoveArticle(ctx context.Context, job Job) (string, error)
	Feeds(ctx context.Context, job Job) (string, error)
}

// Job is a moderator's command with its options.
type Job struct {
	Command string
	// Sub is the subcommand ("add" of /feeds add), if any; Options then
	// holds the subcommand's options.
	Sub     string
	Options map[string]string // option name → string value
	// Attachments are the files attached to options, by option name.
	Attachments map[string]*discordgo.MessageAttachment
	// Progress shows a line of progress to the moderator; never nil.
	Progress func(string)
}

// Option returns the trimmed value of an option.
func (j Job) Option(name string) string { return Request{Options: j.Options}.Option(name) }

// IsModeratorCommand reports whether name is a command only moderators may run.
func IsModeratorCommand(name string) bool {
	c, ok := lookup(name)
	return ok && c.moderate != nil
}

// ChangesCorpus reports whether a moderator's job changes the corpus
// folder (adding or removing an article, following a feed or no more), so
// that replicas make such changes one at a time and share them.
func ChangesCorpus(job Job) bool {
	c, ok := lookup(job.Command)
	return ok && c.moderate != nil && (c.readOnly == nil || !c.readOnly(job))
}

// Moderate runs a moderator's command through m. The caller has checked
// that the member may.
func (h *Handlers) Moderate(ctx context.Context, m Moderator, job Job) (string, error) {
	c, ok := lookup(job.Command)
	if !ok || c.moderate == nil {
		return "", Refuse("/%s is not a moderator's command", job.Command)
	}
	if job.Progress == nil {
		job.Progress = func(string) {}
	}
	return c.moderate(m, ctx, job)
}

// JobOf reads a moderator's command from an interaction's data: its
// subcommand, string options and attachments.
func JobOf(data discordgo.ApplicationCommandInteractionData) Job {
	job := Job{Command: data.Name, Options: map[string]string{}, Attachments: map[string]*discordgo.MessageAttachment{}}
	opts := data.Options
	if len(opts) == 1 && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		job.Sub, opts = opts[0].Name, opts[0].Options
	}
	for _, o := range opts {
		switch o.Type {
		case discordgo.ApplicationCommandOptionString:
			job.Options[o.Name] = o.StringValue()
		case discordgo.ApplicationCommandOptionAttachment:
			if id, ok := o.Value.(string); ok && data.Resolved != nil && data.Resolved.Attachments[id] != nil {
				job.Attachments[o.Name] = data.Resolved.Attachments[id]
			}
		}
	}
	return job
}
