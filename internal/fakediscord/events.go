package fakediscord

import (
	"encoding/json"
	"testing"
	"time"
)

// sessionWait is how long a dispatch waits for a client to identify.
const sessionWait = 10 * time.Second

// Dispatch sends a gateway event (op 0) of type event with data, a Go
// value or raw JSON ([]byte, json.RawMessage or string), and returns its
// sequence number. It waits up to 10 s for a client to have identified.
// While the client is disconnected the event is kept, and replayed when it
// resumes, as Discord does.
func (s *Server) Dispatch(t testing.TB, event string, data any) int64 {
	t.Helper()
	var raw json.RawMessage
	switch d := data.(type) {
	case []byte:
		raw = d
	case json.RawMessage:
		raw = d
	case string:
		raw = json.RawMessage(d)
	default:
		b, err := json.Marshal(data)
		if err != nil {
			t.Fatalf("Dispatch %s: marshal %T: %v", event, data, err)
		}
		raw = b
	}
	if !json.Valid(raw) {
		t.Fatalf("Dispatch %s: data is not JSON: %.200s", event, raw)
	}
	s.awaitSession(t)

	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	s.gw.seq++
	f := dispatchFrame(s.gw.seq, event, raw)
	s.gw.sent = append(s.gw.sent, f)
	live := s.gw.live
	s.notifyLocked()
	s.mu.Unlock()
	if live != nil {
		live.write(f) // on failure the client resumes and gets it replayed
	}
	return *f.S
}

// DispatchMessage sends MESSAGE_CREATE with payload, a Go value or raw JSON
// of a Discord message. It fills in id, type 0 and timestamp where missing,
// and returns the message id.
func (s *Server) DispatchMessage(t testing.TB, payload any) string {
	t.Helper()
	m := toObject(t, payload)
	setDefault(m, "id", s.snowflake())
	setDefault(m, "type", 0)
	setDefault(m, "timestamp", time.Now().UTC().Format(time.RFC3339Nano))
	s.Dispatch(t, "MESSAGE_CREATE", m)
	id, _ := m["id"].(string)
	return id
}

// DropConnection closes the live gateway connection from the server side
// without a close frame, as a network failure would (the client sees close
// code 1006). The session stays resumable; events dispatched until the
// client resumes are replayed then. It does nothing when no client is
// connected.
//
// It first waits, up to 5 s, for the connection's first heartbeat:
// discordgo's heartbeat goroutine, started when Open returns, would
// otherwise fail on the dropped connection and reconnect alongside the
// reader, and the two reconnections close each other's connections.
func (s *Server) DropConnection() {
	s.waitUntil(sessionWait/2, func() bool { return s.gw.live != nil && s.gw.live.heartbeats > 0 })
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	c := s.gw.live
	s.gw.live = nil
	s.notifyLocked()
	s.mu.Unlock()
	if c != nil {
		c.ws.Close()
	}
}

// WaitReady waits up to timeout for a client connection that has received
// READY or RESUMED, failing the test otherwise. After DropConnection it
// waits for the client to come back.
func (s *Server) WaitReady(t testing.TB, timeout time.Duration) {
	t.Helper()
	if !s.waitUntil(timeout, func() bool { return s.gw.live != nil }) {
		t.Fatalf("no gateway client ready within %v (identifies %d, resumes %d)", timeout, len(s.Identifies()), len(s.Resumes()))
	}
}

// WaitHeartbeat waits up to timeout for the live connection to have sent a
// heartbeat, failing the test otherwise. discordgo starts heartbeating
// just after Open or a resume returns; a session closed before its first
// heartbeat can fail that heartbeat and reconnect forever, so wait for it
// before Close.
func (s *Server) WaitHeartbeat(t testing.TB, timeout time.Duration) {
	t.Helper()
	if !s.waitUntil(timeout, func() bool { return s.gw.live != nil && s.gw.live.heartbeats > 0 }) {
		t.Fatalf("no heartbeat on a live gateway connection within %v", timeout)
	}
}

// awaitSession waits for a client to have identified at least once.
func (s *Server) awaitSession(t testing.TB) {
	t.Helper()
	if !s.waitUntil(sessionWait, func() bool { return s.gw.sessionID != "" }) {
		t.Fatalf("no gateway client identified within %v: open the session before dispatching", sessionWait)
	}
}

// Identifies returns the Identify payloads received, oldest first.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.gw.identifies...)
}

// Resumes returns the Resume payloads received, oldest first.
func (s *Server) Resumes() []Resume {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Resume(nil), s.gw.resumes...)
}

// Heartbeats returns how many heartbeats (op 1) the fake has acknowledged.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.heartbeats
}

// SessionID returns the current gateway session's id, "" before the first Identify.
func (s *Server) SessionID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.sessionID
}

// Sequence returns the sequence number of the last dispatch sent in the
// current session (READY is 1).
func (s *Server) Sequence() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.seq
}
