package fakediscord

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Routes the fake answers, as recorded in Request.Route. Paths are below
// the API root (APIURL).
const (
	RouteGateway         = "GET /gateway"
	RouteGatewayBot      = "GET /gateway/bot"
	RouteCurrentUser     = "GET /users/@me"
	RouteGlobalCommands  = "PUT /applications/{application_id}/commands"
	RouteGuildCommands   = "PUT /applications/{application_id}/guilds/{guild_id}/commands"
	RouteCallback        = "POST /interactions/{interaction_id}/{interaction_token}/callback"
	RouteOriginalGet     = "GET /webhooks/{application_id}/{interaction_token}/messages/@original"
	RouteOriginalEdit    = "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original"
	RouteOriginalDelete  = "DELETE /webhooks/{application_id}/{interaction_token}/messages/@original"
	RouteFollowup        = "POST /webhooks/{application_id}/{interaction_token}"
	RouteFollowupEdit    = "PATCH /webhooks/{application_id}/{interaction_token}/messages/{message_id}"
	RouteFollowupDelete  = "DELETE /webhooks/{application_id}/{interaction_token}/messages/{message_id}"
	RouteChannelMessages = "POST /channels/{channel_id}/messages"
	RouteThreadOnMessage = "POST /channels/{channel_id}/messages/{message_id}/threads"
)

// routeHandler answers one route.
type routeHandler struct {
	route  string
	handle func(*Server, *call) reply
}

// routes maps each route to its handler, literal segments before placeholders.
func routes() []routeHandler {
	return []routeHandler{
		{RouteGateway, (*Server).handleGateway},
		{RouteGatewayBot, (*Server).handleGateway},
		{RouteCurrentUser, func(s *Server, _ *call) reply { return reply{http.StatusOK, s.botUser()} }},
		{RouteGlobalCommands, (*Server).handleBulkOverwrite},
		{RouteGuildCommands, (*Server).handleBulkOverwrite},
		{RouteCallback, (*Server).handleCallback},
		{RouteOriginalGet, (*Server).handleGetOriginal},
		{RouteOriginalEdit, (*Server).handleEditMessage},
		{RouteOriginalDelete, (*Server).handleDeleteMessage},
		{RouteFollowup, (*Server).handleFollowup},
		{RouteFollowupEdit, (*Server).handleEditMessage},
		{RouteFollowupDelete, (*Server).handleDeleteMessage},
		{RouteChannelMessages, (*Server).handleChannelMessage},
		{RouteThreadOnMessage, (*Server).handleThreadOnMessage},
	}
}

// call is one REST request being answered.
type call struct {
	req    *Request
	params map[string]string
	body   map[string]any // req.JSON when it is an object
}

// reply is a handler's answer; a nil body is sent as 204 No Content.
type reply struct {
	status int
	body   any
}

var apiVersion = regexp.MustCompile(`^/api/v\d+/`)

// serveREST records, checks and answers a REST request.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	req := &Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Time: time.Now()}
	c := &call{req: req}
	rep := s.answer(c, r)
	req.Status = rep.status
	s.mu.Lock()
	s.requests = append(s.requests, *req)
	s.notifyLocked()
	s.mu.Unlock()

	if rep.body == nil {
		w.WriteHeader(rep.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	json.NewEncoder(w).Encode(rep.body) // the client going away is not the fake's concern
}

// answer reads the body, finds the route, validates the body against the
// OpenAPI description and runs the route's handler.
func (s *Server) answer(c *call, r *http.Request) reply {
	req := c.req
	var err error
	req.Body, req.Attachments, err = readBody(r)
	req.Files = len(req.Attachments)
	if err != nil {
		return s.refuse(c, RuleInvalidJSON, http.StatusBadRequest, 50109, "The request body contains invalid JSON.", "%v", err)
	}
	if why := checkUploads(req.Attachments); why != "" {
		return s.refuse(c, RuleAttachment, http.StatusBadRequest, 50035, "Invalid Form Body", "%s", why)
	}
	if len(req.Body) > 0 {
		if err := json.Unmarshal(req.Body, &req.JSON); err != nil {
			return s.refuse(c, RuleInvalidJSON, http.StatusBadRequest, 50109, "The request body contains invalid JSON.", "%v", err)
		}
		c.body, _ = req.JSON.(map[string]any)
	}
	loc := apiVersion.FindString(r.URL.Path)
	if loc == "" {
		req.Unexpected = true
		return s.refuse(c, RuleUnknownRoute, http.StatusNotFound, 0, "404: Not Found", "not under /api/v{N}/")
	}
	rest := "/" + strings.TrimPrefix(r.URL.Path, loc)
	for _, rt := range routes() {
		method, pattern, _ := strings.Cut(rt.route, " ")
		params, ok := matchPath(pattern, rest)
		if !ok || method != r.Method {
			continue
		}
		req.Route, req.Params, c.params = rt.route, params, params
		rep := rt.handle(s, c)
		// A body refused as invalid has been reported already.
		if len(req.Body) > 0 && rep.status != http.StatusBadRequest {
			s.scheduleValidation(req.Method, req.Path, rest, req.Body)
		}
		return rep
	}
	req.Unexpected = true
	return s.refuse(c, RuleUnknownRoute, http.StatusNotFound, 0, "404: Not Found", "the fake does not implement this route")
}

// matchPath matches path against a pattern with {placeholder} segments.
func matchPath(pattern, path string) (map[string]string, bool) {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range ps {
		switch {
		case strings.HasPrefix(p, "{"):
			if xs[i] == "" {
				return nil, false
			}
			params[strings.Trim(p, "{}")] = xs[i]
		case p != xs[i]:
			return nil, false
		}
	}
	return params, true
}

// readBody returns the JSON of a request: the body itself, or the
// payload_json part of a multipart body with the files beside it.
func readBody(r *http.Request) (body []byte, files []Attachment, err error) {
	media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if media != "multipart/form-data" {
		body, err = io.ReadAll(r.Body)
		return body, nil, err
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, fmt.Errorf("read multipart body: %w", err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return body, files, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read multipart body: %w", err)
		}
		switch name := part.FormName(); {
		case name == "payload_json":
			if body, err = io.ReadAll(part); err != nil {
				return nil, nil, fmt.Errorf("read payload_json: %w", err)
			}
		case strings.HasPrefix(name, "files["):
			data, err := io.ReadAll(io.LimitReader(part, maxFileBytes+1))
			if err != nil {
				return nil, nil, fmt.Errorf("read %s: %w", name, err)
			}
			files = append(files, Attachment{Field: name, Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
		}
	}
}

// refuse records a violation of rule and answers with Discord's JSON error.
func (s *Server) refuse(c *call, rule string, status, code int, message, format string, args ...any) reply {
	s.violate(rule, c.req.Method, c.req.Path, format, args...)
	return reply{status, map[string]any{"message": message, "code": code}}
}

// refuseProblems records each problem as a violation of rule and answers
// 400 Invalid Form Body (code 50035) listing them.
func (s *Server) refuseProblems(c *call, rule string, ps []problem) reply {
	s.mu.Lock()
	for _, p := range ps {
		s.violateLocked(rule, c.req.Method, c.req.Path, "%s", p)
	}
	s.mu.Unlock()
	return reply{http.StatusBadRequest, formBodyError(ps)}
}

// limitsFailed answers a body that breaks Discord's documented limits.
func (s *Server) limitsFailed(c *call, ps []problem) reply {
	return s.refuseProblems(c, RuleLimit, ps)
}

// checkMessageBody applies the rules for a message body: allowed_mentions
// (recorded, accepted), limits and, for a new message, emptiness (refused).
// ok is false when the reply is a refusal to send.
func (s *Server) checkMessageBody(c *call, msg map[string]any, prefix string, create bool) (rep reply, ok bool) {
	if why := allowedMentionsProblem(msg); why != "" {
		s.violate(RuleAllowedMentions, c.req.Method, c.req.Path, "%s%s", prefix, why)
	}
	var l limits
	checkMessage(&l, msg, prefix)
	if len(l) > 0 {
		return s.limitsFailed(c, l), false
	}
	if create && isEmptyMessage(msg, c.req.Files) {
		return s.refuse(c, RuleEmptyMessage, http.StatusBadRequest, 50006, "Cannot send an empty message", "no content, embeds, components, poll or files"), false
	}
	return reply{}, true
}

// handleGateway answers GET /gateway and /gateway/bot with the fake's websocket URL.
func (s *Server) handleGateway(c *call) reply {
	body := map[string]any{"url": s.GatewayURL()}
	if c.req.Route == RouteGatewayBot {
		body["shards"] = 1
		body["session_start_limit"] = map[string]any{"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1}
	}
	return reply{http.StatusOK, body}
}

// handleChannelMessage answers POST /channels/{id}/messages.
func (s *Server) handleChannelMessage(c *call) reply {
	if rep, ok := s.checkMessageBody(c, c.body, "", true); !ok {
		return rep
	}
	if s.cfg.noAttachFiles && len(c.req.Attachments) > 0 {
		return reply{http.StatusForbidden, map[string]any{"message": "Missing Permissions", "code": 50013}}
	}
	msg := s.newMessage(c.params["channel_id"], c.body, "")
	s.mu.Lock()
	s.attachLocked(c, msg, c.body)
	for i := range s.threads {
		if s.threads[i].ID == c.params["channel_id"] {
			s.threads[i].Messages++
		}
	}
	s.mu.Unlock()
	return reply{http.StatusOK, msg}
}

// newMessage returns the message Discord would create from body.
func (s *Server) newMessage(channelID string, body map[string]any, webhookID string) map[string]any {
	msg := map[string]any{
		"id": s.snowflake(), "channel_id": channelID, "type": 0, "author": s.botUser(),
		"content": "", "embeds": []any{}, "components": []any{}, "attachments": []any{},
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false,
		"pinned": false, "tts": false, "flags": 0,
		"timestamp": time.Now().UTC().Format(time.RFC3339Nano), "edited_timestamp": nil,
	}
	if webhookID != "" {
		msg["webhook_id"], msg["application_id"] = webhookID, webhookID
	}
	applyEdit(msg, body)
	return msg
}

// applyEdit copies the displayed fields of body into msg.
func applyEdit(msg, body map[string]any) {
	for _, k := range []string{"content", "embeds", "components", "flags", "poll", "tts"} {
		if v, ok := body[k]; ok && v != nil {
			msg[k] = v
		}
	}
}

// Thread is a thread a client started on a message.
type Thread struct {
	ID        string // Discord gives a thread started on a message the message's id
	ParentID  string // the channel of the message
	MessageID string
	Name      string
	Time      time.Time
	Messages  int // sent in the thread (POST /channels/{thread id}/messages)
}

// Threads returns the threads started so far, oldest first.
func (s *Server) Threads() []Thread {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Thread(nil), s.threads...)
}

// handleThreadOnMessage answers POST /channels/{id}/messages/{id}/threads:
// a public thread (type 11) whose id is the message's, named 1 to 100
// characters; a second thread on one message is refused (code 160004).
func (s *Server) handleThreadOnMessage(c *call) reply {
	var l limits
	l.between("name", c.body["name"], 1, 100)
	if d, ok := c.body["auto_archive_duration"]; ok && d != nil {
		switch intOf(d) {
		case 60, 1440, 4320, 10080:
		default:
			l.add("auto_archive_duration", "BASE_TYPE_CHOICES", fmt.Sprintf("Value must be one of {60, 1440, 4320, 10080} (got %v).", d))
		}
	}
	if len(l) > 0 {
		return s.limitsFailed(c, l)
	}
	channel, message := c.params["channel_id"], c.params["message_id"]
	name, _ := c.body["name"].(string)
	s.mu.Lock()
	for _, t := range s.threads {
		if t.MessageID == message {
			s.mu.Unlock()
			return s.refuse(c, RuleLimit, http.StatusBadRequest, 160004, "A thread has already been created for this message", "a second thread on message %s", message)
		}
	}
	s.threads = append(s.threads, Thread{ID: message, ParentID: channel, MessageID: message, Name: name, Time: time.Now()})
	s.notifyLocked()
	s.mu.Unlock()
	return reply{http.StatusCreated, map[string]any{
		"id": message, "type": 11, "parent_id": channel, "name": name, "owner_id": s.cfg.appID,
		"last_message_id": nil, "rate_limit_per_user": 0, "message_count": 0, "member_count": 1, "flags": 0,
		"thread_metadata": map[string]any{
			"archived": false, "auto_archive_duration": intOf(c.body["auto_archive_duration"]), "locked": false,
			"archive_timestamp": time.Now().UTC().Format(time.RFC3339Nano),
		},
	}}
}
