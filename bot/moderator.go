package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/handlers"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/internal/atomicfile"
)

// moderatorPerms are the permissions that make a member a moderator.
const moderatorPerms = discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

// fetchClient downloads attached articles (from Discord's CDN).
var fetchClient = &http.Client{Timeout: 30 * time.Second}

// moderate runs a moderator's command (see handlers.Moderator) for a
// moderator, and refuses anyone else before doing any work.
func (b *Bot) moderate(ctx context.Context, x *exchange, data discordgo.ApplicationCommandInteractionData) {
	if !b.isModerator(x.i) {
		x.ev.Outcome = "refused"
		x.tell(b.whoMay(data.Name))
		return
	}
	if b.opt.CorpusDir == "" {
		x.ev.Outcome = "refused"
		x.tell("This bot answers from its built-in articles and has no corpus folder to change (set TALKSBOT_CORPUS_DIR).")
		return
	}
	if err := x.deferReply(true); err != nil {
		b.log.Warn("deferring the reply failed", "interaction", x.i.ID, "error", err)
	}
	job := handlers.JobOf(data)
	job.Progress = x.progress
	end := func() error { return nil }
	if handlers.ChangesCorpus(job) {
		// Replicas make their changes one at a time, and share them.
		var err error
		end, err = b.beginChange(ctx, false)
		if err != nil {
			x.ev.Outcome = "refused"
			x.tell(cut(fmt.Sprintf("Nothing was changed: %v. Try again in a moment.", err), handlers.LimitContent))
			return
		}
	}
	text, err := b.h.Moderate(ctx, moderation{b, x}, job)
	shareErr := end() // the change is shared before the moderator is told
	if shareErr != nil {
		b.log.Warn("a moderator's change is not shared with the other replicas yet", "interaction", x.i.ID, "error", shareErr)
	}
	if err != nil {
		b.fail(x, err)
		return
	}
	b.log.Info("moderator command done", "interaction", x.i.ID, "command", data.Name, "by", userOf(x.i).ID)
	if shareErr != nil {
		text = notShared(shareErr) + "\n" + text
	}
	x.tell(cut(text, handlers.LimitContent))
}

// moderation runs the moderators' commands of one exchange.
type moderation struct {
	b *Bot
	x *exchange
}

func (m moderation) Reindex(_ context.Context, _ handlers.Job) (string, error) {
	return m.b.reindex(m.x, "")
}

func (m moderation) AddArticle(ctx context.Context, job handlers.Job) (string, error) {
	return m.b.addArticle(ctx, m.x, job)
}

func (m moderation) RemoveArticle(_ context.Context, job handlers.Job) (string, error) {
	return m.b.removeArticle(m.x, job.Option("id"))
}

func (m moderation) Feeds(ctx context.Context, job handlers.Job) (string, error) {
	return m.b.feeds(ctx, job)
}

// withLine adds a line to what the moderator is told of err.
func withLine(err error, line string) error {
	text, detail := handlers.Explain(err, "The change failed.")
	if detail == nil {
		return handlers.Refuse("%s", text+"\n"+line)
	}
	return handlers.Failure(text+"\n"+line, detail.Detail)
}

// isModerator: Manage Server (or Administrator), or a moderator role.
// Checked on every call: Discord's default permissions can be changed by
// server admins.
func (b *Bot) isModerator(i *discordgo.Interaction) bool {
	if i.Member == nil {
		return false
	}
	if i.Member.Permissions&moderatorPerms != 0 {
		return true
	}
	for _, r := range i.Member.Roles {
		for _, m := range b.opt.ModeratorRoles {
			if r == m {
				return true
			}
		}
	}
	return false
}

func (b *Bot) whoMay(cmd string) string {
	who := "members with the Manage Server permission"
	if len(b.opt.ModeratorRoles) > 0 {
		var roles []string
		for _, r := range b.opt.ModeratorRoles {
			roles = append(roles, "<@&"+r+">")
		}
		who += " or the role " + strings.Join(roles, ", ")
	}
	return fmt.Sprintf("Only %s may run /%s, in a server.", who, cmd)
}

// reindex rebuilds the index from the corpus folder and says what changed.
func (b *Bot) reindex(x *exchange, done string) (string, error) {
	before := b.ix.Meta()
	start := time.Now()
	rep, err := b.ix.TryRebuildReporting(x.progress)
	if errors.Is(err, index.ErrBusy) {
		return "", handlers.Refuse("A reindex is already running; try again when it has finished. The current index keeps answering.")
	}
	b.logProblems(rep)
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	b.observe(Event{Command: x.ev.Command, Kind: "reindex", Outcome: outcome, Transport: x.ev.Transport, Duration: time.Since(start)})
	if err != nil {
		return "", handlers.Failure(fmt.Sprintf("The reindex failed, and the previous index (%d articles) keeps answering.", len(before.Articles)), err)
	}
	var sb strings.Builder
	if done != "" {
		sb.WriteString(done + "\n")
	}
	how := ""
	if rep.Incremental {
		how = ", reading only the added articles"
	}
	fmt.Fprintf(&sb, "Reindexed in %.1f s%s: **%d articles, %d passages** (before: %d articles, %d passages).",
		rep.Took.Seconds(), how, rep.Articles, rep.Passages, len(before.Articles), before.Passages)
	if len(rep.Problems) > 0 {
		fmt.Fprintf(&sb, "\nRejected %d files:", len(rep.Problems))
		for i, p := range rep.Problems {
			line := "\n• `" + strings.ReplaceAll(p.File, "`", "'") + "`: " + p.Reason
			if sb.Len()+len(line) > handlers.LimitContent-60 {
				fmt.Fprintf(&sb, "\n…and %d more (see `talksbot corpus check`).", len(rep.Problems)-i)
				break
			}
			sb.WriteString(line)
		}
	}
	return sb.String(), nil
}

// addArticle stores an attached article in the corpus folder and reindexes.
// The file is checked before it is stored; a failed reindex puts the folder
// back as it was.
func (b *Bot) addArticle(ctx context.Context, x *exchange, job handlers.Job) (string, error) {
	att := job.Attachments["file"]
	u := job.Option("url")
	switch {
	case att != nil && u != "":
		return "", handlers.Refuse("Give /add-article either a file or a url, not both.")
	case u != "":
		return b.addURL(ctx, x, u)
	case att == nil:
		return "", handlers.Refuse("Attach the article file (.txt, .md or .html) to /add-article, or give the url of its web page.")
	}
	name := safeFileName(att.Filename)
	if !article.IsFile(name) {
		return "", handlers.Refuse("`%s` is not an article file: attach a .txt, .md or .html file.", name)
	}
	if att.Size > article.MaxBytes {
		return "", handlers.Refuse("`%s` is %d bytes, over the limit of %d.", name, att.Size, article.MaxBytes)
	}
	x.progress("Downloading `" + name + "`…")
	raw, err := download(ctx, att.URL)
	if err != nil {
		return "", handlers.Refuse("Could not download `%s`: %v", name, err)
	}
	a, err := article.Parse(name, raw)
	if err != nil {
		return "", handlers.Refuse("`%s` was not added: %v", name, err)
	}

	b.files.Lock()
	defer b.files.Unlock()
	id := article.ID(name)
	moved, err := b.trash(id)
	if err != nil {
		return "", err
	}
	dst := filepath.Join(b.opt.CorpusDir, name)
	if err := atomicfile.Write(dst, raw, 0o644); err != nil {
		b.restore(moved)
		return "", err
	}
	verb := "Added"
	if len(moved) > 0 {
		verb = "Replaced"
	}
	text, err := b.reindex(x, fmt.Sprintf("%s `%s`: %s (%d paragraphs).", verb, id, a.Title, len(a.Paragraphs)))
	if err != nil {
		os.Remove(dst)
		b.restore(moved)
		return "", withLine(err, fmt.Sprintf("`%s` was not added.", name))
	}
	return text, nil
}

// addURL fetches the article at u into the corpus folder and reindexes. An
// article already in the corpus (same address or text) changes nothing; a
// failed reindex removes the article added.
func (b *Bot) addURL(ctx context.Context, x *exchange, u string) (string, error) {
	if b.opt.AddURL == nil {
		return "", handlers.Refuse("This bot adds articles from files only: attach the article to /add-article.")
	}
	shown := shownURL(u)
	x.progress("Fetching " + shown + "…")
	b.files.Lock()
	defer b.files.Unlock()
	id, existing, err := b.opt.AddURL(ctx, b.opt.CorpusDir, u)
	switch {
	case err != nil:
		return "", handlers.Refuse("%s was not added: %v", shown, err)
	case existing:
		return fmt.Sprintf("Already in the corpus as `%s`: nothing changed.", id), nil
	}
	text, err := b.reindex(x, fmt.Sprintf("Added `%s` from %s.", id, shown))
	if err != nil {
		os.Remove(filepath.Join(b.opt.CorpusDir, id+".md"))
		return "", withLine(err, shown+" was not added.")
	}
	return text, nil
}

// removeArticle moves an article out of the corpus folder and reindexes.
func (b *Bot) removeArticle(x *exchange, id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" || strings.ContainsAny(id, `/\`) || id == "." || id == ".." {
		return "", handlers.Refuse("Give the id of an article, as /sources shows it.")
	}
	b.files.Lock()
	defer b.files.Unlock()
	moved, err := b.trash(id)
	if err != nil {
		return "", err
	}
	if len(moved) == 0 {
		return "", handlers.Refuse("No article with the id `%s` is in the corpus folder (see /sources).", id)
	}
	text, err := b.reindex(x, fmt.Sprintf("Removed `%s` (kept in the data folder's removed/ folder).", id))
	if err != nil {
		b.restore(moved)
		return "", withLine(err, fmt.Sprintf("`%s` was not removed.", id))
	}
	return text, nil
}

// trash moves the files of article id from the corpus folder to the trash
// folder and returns where each went (trash path → corpus path).
func (b *Bot) trash(id string) (map[string]string, error) {
	entries, err := os.ReadDir(b.opt.CorpusDir)
	if err != nil {
		return nil, fmt.Errorf("read the corpus folder: %w", err)
	}
	moved := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !article.IsFile(e.Name()) || article.ID(e.Name()) != id {
			continue
		}
		if err := os.MkdirAll(b.opt.TrashDir, 0o755); err != nil {
			b.restore(moved)
			return nil, err
		}
		from := filepath.Join(b.opt.CorpusDir, e.Name())
		to := filepath.Join(b.opt.TrashDir, e.Name()+"."+time.Now().UTC().Format("20060102T150405.000000000"))
		if err := os.Rename(from, to); err != nil {
			b.restore(moved)
			return nil, fmt.Errorf("move %s out of the corpus: %w", e.Name(), err)
		}
		moved[to] = from
	}
	return moved, nil
}

// restore undoes trash.
func (b *Bot) restore(moved map[string]string) {
	for to, from := range moved {
		if err := os.Rename(to, from); err != nil {
			b.log.Error("could not put an article back", "file", from, "kept", to, "error", err)
		}
	}
}

var reUnsafe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safeFileName keeps an attachment's base name to letters, digits, dots,
// dashes and underscores, so it stays inside the corpus folder; a name with
// none of those becomes "article" with its extension.
func safeFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	ext := strings.ToLower(filepath.Ext(name))
	if ext == "." || reUnsafe.MatchString(ext) {
		ext = ""
	}
	stem := strings.Trim(reUnsafe.ReplaceAllString(strings.TrimSuffix(name, filepath.Ext(name)), "-"), ".-")
	if len(stem) > 100 {
		stem = stem[:100]
	}
	if stem == "" {
		stem = "article"
	}
	return stem + ext
}

// download fetches an attachment, at most MaxArticleBytes of it.
func download(ctx context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, errors.New("not an http(s) URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := fetchClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, article.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > article.MaxBytes {
		return nil, fmt.Errorf("over the limit of %d bytes", article.MaxBytes)
	}
	return data, nil
}

// logProblems names each file a build skipped, with why, and each data
// file problem, once per build.
func (b *Bot) logProblems(rep index.RebuildReport) {
	for _, p := range rep.Problems {
		b.log.Warn("article skipped", "file", p.File, "reason", p.Reason)
	}
	for _, w := range rep.DataWarnings {
		b.log.Warn("data file", "problem", w)
	}
}
