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

// moderate runs /reindex, /add-article or /remove-article for a moderator,
// and refuses anyone else before doing any work.
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
	if changesCorpus(data) {
		// Replicas make their changes one at a time, and share them.
		end, err := b.beginChange(ctx, false)
		if err != nil {
			x.ev.Outcome = "refused"
			x.tell(cut(fmt.Sprintf("Nothing was changed: %v. Try again in a moment.", err), handlers.LimitContent))
			return
		}
		defer end()
	}
	var (
		text string
		err  error
	)
	switch data.Name {
	case "reindex":
		text, err = b.reindex(x, "")
	case "add-article":
		text, err = b.addArticle(ctx, x, data)
	case "remove-article":
		text, err = b.removeArticle(x, optionString(data, "id"))
	case "feeds":
		text, err = b.feeds(ctx, data)
	}
	if err != nil {
		var ue userError
		if errors.As(err, &ue) {
			x.ev.Outcome = "bad-request"
		} else {
			x.ev.Outcome = "error"
			b.log.Error("moderator command failed", "interaction", x.i.ID, "command", data.Name, "error", err)
		}
		x.tell(cut(err.Error(), handlers.LimitContent))
		return
	}
	b.log.Info("moderator command done", "interaction", x.i.ID, "command", data.Name, "by", userOf(x.i).ID)
	x.tell(text)
}

// changesCorpus reports whether a moderator's command changes the corpus
// folder: adding or removing an article, following a feed or no more.
func changesCorpus(data discordgo.ApplicationCommandInteractionData) bool {
	switch data.Name {
	case "add-article", "remove-article":
		return true
	case "feeds":
		return len(data.Options) != 1 || data.Options[0].Name != "list"
	}
	return false
}

// userError is a refusal whose message is for the moderator.
type userError struct{ msg string }

func (e userError) Error() string { return e.msg }

func refuse(format string, a ...any) error { return userError{fmt.Sprintf(format, a...)} }

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
		return "", refuse("A reindex is already running; try again when it has finished. The current index keeps answering.")
	}
	b.logProblems(rep)
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	b.observe(Event{Command: x.ev.Command, Kind: "reindex", Outcome: outcome, Transport: x.ev.Transport, Duration: time.Since(start)})
	if err != nil {
		return "", fmt.Errorf("The reindex failed, and the previous index (%d articles) keeps answering: %v", len(before.Articles), err)
	}
	var sb strings.Builder
	if done != "" {
		sb.WriteString(done + "\n")
	}
	fmt.Fprintf(&sb, "Reindexed in %.1f s: **%d articles, %d passages** (before: %d articles, %d passages).",
		rep.Took.Seconds(), rep.Articles, rep.Passages, len(before.Articles), before.Passages)
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
func (b *Bot) addArticle(ctx context.Context, x *exchange, data discordgo.ApplicationCommandInteractionData) (string, error) {
	var att *discordgo.MessageAttachment
	if id := optionString(data, "file"); id != "" && data.Resolved != nil {
		att = data.Resolved.Attachments[id]
	}
	u := strings.TrimSpace(optionString(data, "url"))
	switch {
	case att != nil && u != "":
		return "", refuse("Give /add-article either a file or a url, not both.")
	case u != "":
		return b.addURL(ctx, x, u)
	case att == nil:
		return "", refuse("Attach the article file (.txt, .md or .html) to /add-article, or give the url of its web page.")
	}
	name := safeFileName(att.Filename)
	if !article.IsFile(name) {
		return "", refuse("`%s` is not an article file: attach a .txt, .md or .html file.", name)
	}
	if att.Size > article.MaxBytes {
		return "", refuse("`%s` is %d bytes, over the limit of %d.", name, att.Size, article.MaxBytes)
	}
	x.progress("Downloading `" + name + "`…")
	raw, err := download(ctx, att.URL)
	if err != nil {
		return "", refuse("Could not download `%s`: %v", name, err)
	}
	a, err := article.Parse(name, raw)
	if err != nil {
		return "", refuse("`%s` was not added: %v", name, err)
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
		return "", fmt.Errorf("%w\n`%s` was not added.", err, name)
	}
	return text, nil
}

// addURL fetches the article at u into the corpus folder and reindexes. An
// article already in the corpus (same address or text) changes nothing; a
// failed reindex removes the article added.
func (b *Bot) addURL(ctx context.Context, x *exchange, u string) (string, error) {
	if b.opt.AddURL == nil {
		return "", refuse("This bot adds articles from files only: attach the article to /add-article.")
	}
	shown := shownURL(u)
	x.progress("Fetching " + shown + "…")
	b.files.Lock()
	defer b.files.Unlock()
	id, existing, err := b.opt.AddURL(ctx, b.opt.CorpusDir, u)
	switch {
	case err != nil:
		return "", refuse("%s was not added: %v", shown, err)
	case existing:
		return fmt.Sprintf("Already in the corpus as `%s`: nothing changed.", id), nil
	}
	text, err := b.reindex(x, fmt.Sprintf("Added `%s` from %s.", id, shown))
	if err != nil {
		os.Remove(filepath.Join(b.opt.CorpusDir, id+".md"))
		return "", fmt.Errorf("%w\n%s was not added.", err, shown)
	}
	return text, nil
}

// removeArticle moves an article out of the corpus folder and reindexes.
func (b *Bot) removeArticle(x *exchange, id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" || strings.ContainsAny(id, `/\`) || id == "." || id == ".." {
		return "", refuse("Give the id of an article, as /sources shows it.")
	}
	b.files.Lock()
	defer b.files.Unlock()
	moved, err := b.trash(id)
	if err != nil {
		return "", err
	}
	if len(moved) == 0 {
		return "", refuse("No article with the id `%s` is in the corpus folder (see /sources).", id)
	}
	text, err := b.reindex(x, fmt.Sprintf("Removed `%s` (kept in the data folder's removed/ folder).", id))
	if err != nil {
		b.restore(moved)
		return "", fmt.Errorf("%w\n`%s` was not removed.", err, id)
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

func optionString(data discordgo.ApplicationCommandInteractionData, name string) string {
	for _, o := range data.Options {
		if o.Name == name {
			if s, ok := o.Value.(string); ok {
				return s
			}
		}
	}
	return ""
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
