package fakediscord

import (
	"fmt"
	"strings"
)

// Discord's limits on the files of one message.
const (
	maxFiles     = 10
	maxFileBytes = 10 << 20 // per request, for a bot without boosts
)

// Attachment is a file uploaded in a multipart body (a files[n] part).
type Attachment struct {
	Field       string // the form field, "files[0]"
	Name        string // the part's filename
	ContentType string
	Data        []byte
}

// checkUploads returns why Discord would refuse a request's files, or "".
func checkUploads(files []Attachment) string {
	total := 0
	seen := map[string]bool{}
	for _, f := range files {
		total += len(f.Data)
		switch {
		case f.Name == "":
			return f.Field + " has no filename"
		case seen[f.Field]:
			return "two parts are named " + f.Field
		}
		seen[f.Field] = true
	}
	switch {
	case len(files) > maxFiles:
		return fmt.Sprintf("%d files; a message takes at most %d", len(files), maxFiles)
	case total > maxFileBytes:
		return fmt.Sprintf("%d bytes of files; the limit is %d", total, maxFileBytes)
	}
	return ""
}

// attach applies a message body's files to msg as Discord does: the
// attachments the body lists (by id) are kept, all of them when it lists
// none, and every upload is added. It returns the attachment://NAME
// references of msg's embeds that name no attachment it has (Discord shows
// no image for them).
func (s *Server) attach(msg, body map[string]any, uploads []Attachment) (dangling []string) {
	old := list(msg["attachments"])
	kept := old
	if want, ok := body["attachments"]; ok && want != nil {
		ids := map[string]bool{}
		for _, a := range list(want) {
			ids[fmt.Sprint(obj(a)["id"])] = true
		}
		kept = nil
		for _, a := range old {
			if ids[fmt.Sprint(obj(a)["id"])] {
				kept = append(kept, a)
			}
		}
	}
	out := append([]any{}, kept...)
	for _, u := range uploads {
		id := s.snowflake()
		out = append(out, map[string]any{
			"id": id, "filename": u.Name, "size": len(u.Data), "content_type": u.ContentType,
			"url":       "https://cdn.discordapp.com/attachments/" + id + "/" + u.Name,
			"proxy_url": "https://media.discordapp.net/attachments/" + id + "/" + u.Name,
		})
	}
	msg["attachments"] = out
	names := map[string]bool{}
	for _, a := range out {
		if n, ok := obj(a)["filename"].(string); ok {
			names[n] = true
		}
	}
	for _, e := range list(msg["embeds"]) {
		for _, key := range []string{"image", "thumbnail"} {
			u, _ := obj(obj(e)[key])["url"].(string)
			if name, ok := strings.CutPrefix(u, "attachment://"); ok && !names[name] {
				dangling = append(dangling, u)
			}
		}
	}
	return dangling
}

// attachLocked attaches the request's files to msg and records a violation
// for each embed image that names no attachment; s.mu must be held.
func (s *Server) attachLocked(c *call, msg, body map[string]any) {
	for _, u := range s.attach(msg, body, c.req.Attachments) {
		s.violateLocked(RuleAttachment, c.req.Method, c.req.Path, "an embed shows %s, which the message has no attachment of", u)
	}
}
