package fakediscord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// interaction is what the fake knows of one dispatched interaction. Its
// fields are guarded by Server.mu.
type interaction struct {
	id, token, appID, channelID string
	kind                        int            // interaction type: 2 command, 3 component, 4 autocomplete, 5 modal submit
	message                     map[string]any // the message a component sits on, if the payload has one
	dispatched                  time.Time
	ackType                     int // callback type, 0 until acknowledged
	messages                    map[string]map[string]any
}

// originalKey is the key of the original response in interaction.messages.
const originalKey = "@original"

// DispatchInteraction sends INTERACTION_CREATE with payload, a Go value or
// the raw JSON ([]byte, json.RawMessage or string) of a Discord interaction.
// It fills in id, token, application_id (the fake's), version 1 and type 2
// (application command) where they are missing, and returns the id and
// token. It waits up to 10 s for a client to have identified. The 3 s to
// answer start now.
func (s *Server) DispatchInteraction(t testing.TB, payload any) (id, token string) {
	t.Helper()
	s.awaitSession(t)
	m, id, token := s.register(t, payload)
	s.Dispatch(t, "INTERACTION_CREATE", m)
	return id, token
}

// HTTPInteraction prepares an interaction as Discord delivers it to a bot's
// Interactions Endpoint URL instead of the gateway: it fills in the payload
// like DispatchInteraction, starts its 3 s, and returns the JSON body to
// POST to the bot with its id and token. Pass the bot's HTTP reply to
// RecordHTTPResponse, so that later edits and follow-ups are judged as
// Discord would judge them.
func (s *Server) HTTPInteraction(t testing.TB, payload any) (body []byte, id, token string) {
	t.Helper()
	m, id, token := s.register(t, payload)
	body, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("HTTPInteraction: %v", err)
	}
	return body, id, token
}

// RecordHTTPResponse takes the body of the bot's HTTP reply to an
// interaction from HTTPInteraction as its callback: it is checked against
// the same rules (and the OpenAPI description) and recorded like a REST
// callback, so MatchCallback finds it. It returns the status Discord's
// callback endpoint would have given.
func (s *Server) RecordHTTPResponse(id, token string, body []byte) int {
	r := httptest.NewRequest(http.MethodPost, "/api/v10/interactions/"+id+"/"+token+"/callback", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	s.serveREST(w, r)
	return w.Code
}

// register records a new interaction from payload and returns the payload
// with its defaults filled in.
func (s *Server) register(t testing.TB, payload any) (m map[string]any, id, token string) {
	t.Helper()
	m = toObject(t, payload)
	setDefault(m, "id", s.snowflake())
	setDefault(m, "token", "fake-token-"+randomToken(48))
	setDefault(m, "application_id", s.cfg.appID)
	setDefault(m, "version", 1)
	setDefault(m, "type", 2)
	id, _ = m["id"].(string)
	token, _ = m["token"].(string)
	kind, _ := m["type"].(float64)
	appID, _ := m["application_id"].(string)
	channelID, _ := m["channel_id"].(string)
	if channelID == "" {
		channelID, _ = obj(m["channel"])["id"].(string)
	}
	if id == "" || token == "" || appID == "" {
		t.Fatalf("interaction: id, token and application_id must be strings, got %v, %v, %v", m["id"], m["token"], m["application_id"])
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.interactionID[id]; dup {
		t.Fatalf("interaction %s was already dispatched; leave id and token out of the payload to get fresh ones", id)
	}
	it := &interaction{
		id: id, token: token, appID: appID, channelID: channelID, kind: int(kind),
		message: obj(m["message"]), dispatched: time.Now(), messages: map[string]map[string]any{},
	}
	s.interactionID[id], s.interactions[token] = it, it
	return m, id, token
}

// allowedCallbacks returns the callback types an interaction type accepts.
func allowedCallbacks(kind int) []int {
	switch kind {
	case 1: // ping: pong
		return []int{1}
	case 2: // application command
		return []int{4, 5, 9, 10, 12}
	case 3: // message component
		return []int{4, 5, 6, 7, 9, 10, 12}
	case 4: // autocomplete: choices, which cannot be deferred
		return []int{8}
	case 5: // modal submit
		return []int{4, 5, 6, 7, 10}
	}
	return nil
}

// handleCallback answers POST /interactions/{id}/{token}/callback.
func (s *Server) handleCallback(c *call) reply {
	id, token := c.params["interaction_id"], c.params["interaction_token"]
	s.mu.Lock()
	it := s.interactions[token]
	if it == nil || it.id != id {
		s.mu.Unlock()
		return s.refuse(c, RuleUnknownInteraction, http.StatusNotFound, 10062, "Unknown interaction", "no interaction %s with this token was dispatched", id)
	}
	c.req.InteractionID = id
	first, kind, age := it.ackType, it.kind, c.req.Time.Sub(it.dispatched)
	s.mu.Unlock()

	typ := intOf(c.body["type"])
	if first != 0 {
		return s.refuse(c, RuleAlreadyAcknowledged, http.StatusBadRequest, 40060, "Interaction has already been acknowledged.",
			"callback type %d after a callback of type %d", typ, first)
	}
	if age > s.cfg.callbackDeadline {
		return s.refuse(c, RuleLateCallback, http.StatusNotFound, 10062, "Unknown interaction",
			"callback %v after dispatch; Discord allows %v", age.Round(time.Millisecond), s.cfg.callbackDeadline)
	}
	if !slices.Contains(allowedCallbacks(kind), typ) {
		return s.refuseProblems(c, RuleCallbackType, []problem{{"type", "INTERACTION_RESPONSE_TYPE_INVALID",
			fmt.Sprintf("Callback type %d is not valid for an interaction of type %d.", typ, kind)}})
	}
	data := obj(c.body["data"])
	var l limits
	switch typ {
	case 4, 7:
		if rep, ok := s.checkMessageBody(c, data, "data.", typ == 4); !ok {
			return rep
		}
	case 8:
		checkChoices(&l, data, "data.")
	case 9:
		checkModal(&l, data, "data.")
	}
	if len(l) > 0 {
		return s.limitsFailed(c, l)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if it.ackType != 0 { // a concurrent callback won
		s.violateLocked(RuleAlreadyAcknowledged, c.req.Method, c.req.Path, "callback type %d after a callback of type %d", typ, it.ackType)
		return reply{http.StatusBadRequest, map[string]any{"message": "Interaction has already been acknowledged.", "code": 40060}}
	}
	it.ackType = typ
	switch typ {
	case 4:
		msg := s.newMessage(it.channelID, data, it.appID)
		s.attachLocked(c, msg, data)
		it.messages[originalKey] = msg
	case 5: // the "thinking…" message, loading flag set
		msg := s.newMessage(it.channelID, nil, it.appID)
		msg["flags"] = intOf(data["flags"]) | 1<<7
		it.messages[originalKey] = msg
	case 6, 7: // the message the component sits on
		msg := copyObj(it.message)
		if it.message == nil {
			msg = s.newMessage(it.channelID, nil, it.appID)
		}
		applyEdit(msg, data)
		s.attachLocked(c, msg, data)
		it.messages[originalKey] = msg
	}
	s.notifyLocked()
	return reply{http.StatusNoContent, nil}
}

// toObject turns a payload (a Go value, or raw JSON as []byte,
// json.RawMessage or string) into a JSON object.
func toObject(t testing.TB, payload any) map[string]any {
	t.Helper()
	var raw []byte
	switch p := payload.(type) {
	case []byte:
		raw = p
	case json.RawMessage:
		raw = p
	case string:
		raw = []byte(p)
	default:
		b, err := json.Marshal(payload)
		if err != nil {
			t.Fatalf("marshal payload %T: %v", payload, err)
		}
		raw = b
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		t.Fatalf("payload is not a JSON object: %v: %.200s", err, raw)
	}
	return m
}

// setDefault sets m[key] to v, as JSON would decode it, when it is missing, null or "".
func setDefault(m map[string]any, key string, v any) {
	if cur, ok := m[key]; ok && cur != nil && cur != "" {
		return
	}
	if n, ok := v.(int); ok {
		m[key] = float64(n)
		return
	}
	m[key] = v
}

// intOf returns a JSON number as an int, 0 for anything else.
func intOf(v any) int {
	f, _ := v.(float64)
	return int(f)
}
