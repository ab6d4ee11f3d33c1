package fakediscord

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Identify is an Identify (op 2) a client sent.
type Identify struct {
	Token          string
	Intents        int64
	Shard          []int // [shard id, shard count]; nil when not sent
	Compress       bool
	LargeThreshold int
	Properties     map[string]string
	Query          url.Values // of the websocket URL, e.g. v=9&encoding=json
	Raw            json.RawMessage
	Time           time.Time
	// Refused is set when the fake closed the connection with 4014 for
	// intents denied with WithDeniedIntents.
	Refused bool
}

// Resume is a Resume (op 6) a client sent.
type Resume struct {
	Token     string
	SessionID string
	Seq       int64
	Accepted  bool // the session was known and resumable; otherwise the fake sent op 9
	Time      time.Time
}

// gatewayState is the fake's one gateway session; guarded by Server.mu.
type gatewayState struct {
	conns      map[*gwConn]bool
	live       *gwConn // got READY or RESUMED; receives dispatches
	sessionID  string  // "" until the first Identify
	invalid    bool    // the session's connection was closed with 1000 or 1001
	seq        int64   // of the last dispatch sent in this session
	sent       []frame // dispatches of this session, replayed on Resume
	identifies []Identify
	resumes    []Resume
	heartbeats int
}

// frame is a gateway payload. S and T are null except in dispatches (op 0).
type frame struct {
	Op int     `json:"op"`
	D  any     `json:"d"`
	S  *int64  `json:"s"`
	T  *string `json:"t"`
}

func dispatchFrame(seq int64, event string, d any) frame {
	return frame{Op: 0, D: d, S: &seq, T: &event}
}

// gwConn is one websocket connection of a client.
type gwConn struct {
	ws         *websocket.Conn
	query      url.Values
	mu         sync.Mutex // one writer at a time
	session    string     // guarded by Server.mu
	heartbeats int        // guarded by Server.mu
}

func (c *gwConn) write(f frame) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(f)
}

// serveGateway upgrades to a websocket, says Hello and serves the client
// until it goes away.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}
	c := &gwConn{ws: ws, query: r.URL.Query()}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	if s.gw.conns == nil {
		s.gw.conns = map[*gwConn]bool{}
	}
	s.gw.conns[c] = true
	s.wg.Add(1)
	s.mu.Unlock()

	defer s.wg.Done()
	s.readLoop(c)
	ws.Close()
	s.mu.Lock()
	delete(s.gw.conns, c)
	if s.gw.live == c {
		s.gw.live = nil
	}
	s.notifyLocked()
	s.mu.Unlock()
}

// readLoop sends Hello, then answers the client's payloads until the
// connection ends.
func (s *Server) readLoop(c *gwConn) {
	hello := frame{Op: 10, D: map[string]any{"heartbeat_interval": s.cfg.heartbeat.Milliseconds()}}
	if c.write(hello) != nil {
		return
	}
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) {
				s.mu.Lock()
				if c.session != "" && c.session == s.gw.sessionID {
					s.gw.invalid = true // Discord ends a session closed with 1000 or 1001
				}
				s.mu.Unlock()
			}
			return
		}
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := json.Unmarshal(data, &p); err != nil {
			s.violate(RuleGateway, "", "", "undecodable payload (Discord closes with 4002): %v", err)
			continue
		}
		switch p.Op {
		case 1:
			s.mu.Lock()
			s.gw.heartbeats++
			c.heartbeats++
			s.notifyLocked()
			s.mu.Unlock()
			if c.write(frame{Op: 11}) != nil {
				return
			}
		case 2:
			s.identify(c, p.D)
		case 6:
			s.resume(c, p.D)
		case 3, 4, 8: // presence, voice state, request guild members: accepted, ignored
		default:
			s.violate(RuleGateway, "", "", "unknown opcode %d (Discord closes with 4001)", p.Op)
		}
	}
}

// identify starts a new session on c and sends READY.
func (s *Server) identify(c *gwConn, d json.RawMessage) {
	var id struct {
		Token          string            `json:"token"`
		Intents        *int64            `json:"intents"`
		Shard          []int             `json:"shard"`
		Compress       bool              `json:"compress"`
		LargeThreshold int               `json:"large_threshold"`
		Properties     map[string]string `json:"properties"`
	}
	if err := json.Unmarshal(d, &id); err != nil {
		s.violate(RuleGateway, "", "", "undecodable Identify (Discord closes with 4002): %v", err)
		return
	}
	if id.Token == "" {
		s.violate(RuleGateway, "", "", "Identify without a token (Discord closes with 4004)")
	}
	if id.Intents == nil {
		s.violate(RuleGateway, "", "", "Identify without intents (required since API v8)")
		id.Intents = new(int64)
	}
	shard := []int{0, 1}
	if len(id.Shard) == 2 {
		shard = id.Shard
	}
	if *id.Intents&s.cfg.deniedIntents != 0 {
		s.refuseIntents(c, id.Token, *id.Intents, d)
		return
	}

	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	s.gw.identifies = append(s.gw.identifies, Identify{
		Token: id.Token, Intents: *id.Intents, Shard: id.Shard, Compress: id.Compress,
		LargeThreshold: id.LargeThreshold, Properties: id.Properties, Query: c.query,
		Raw: append(json.RawMessage(nil), d...), Time: time.Now(),
	})
	s.gw.sessionID, s.gw.invalid, s.gw.seq = randomToken(16), false, 1
	c.session = s.gw.sessionID
	user := s.botUser()
	user["verified"], user["mfa_enabled"] = true, false
	ready := dispatchFrame(1, "READY", map[string]any{
		"v": 9, "user": user, "guilds": []any{}, "private_channels": []any{},
		"session_id": s.gw.sessionID, "resume_gateway_url": s.GatewayURL(), "shard": shard,
		"application": map[string]any{"id": s.cfg.appID, "flags": 0},
	})
	s.gw.sent = []frame{ready}
	s.notifyLocked()
	s.mu.Unlock()

	err := c.write(ready)
	s.mu.Lock()
	if err == nil {
		s.gw.live = c
	}
	s.notifyLocked()
	s.mu.Unlock()
}

// refuseIntents records an Identify asking for denied intents and closes
// c with 4014, as Discord does; no session starts.
func (s *Server) refuseIntents(c *gwConn, token string, intents int64, d json.RawMessage) {
	s.mu.Lock()
	s.gw.identifies = append(s.gw.identifies, Identify{Token: token, Intents: intents, Query: c.query,
		Raw: append(json.RawMessage(nil), d...), Time: time.Now(), Refused: true})
	s.notifyLocked()
	s.mu.Unlock()
	c.mu.Lock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4014, "Disallowed intent(s)."), time.Now().Add(5*time.Second))
	c.mu.Unlock()
	c.ws.Close() // ends the read loop
}

// resume continues the session on c: it replays the dispatches after the
// client's seq and sends RESUMED, or sends op 9 when the session is unknown.
func (s *Server) resume(c *gwConn, d json.RawMessage) {
	var r Resume
	var p struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &p); err != nil {
		s.violate(RuleGateway, "", "", "undecodable Resume (Discord closes with 4002): %v", err)
		return
	}
	r = Resume{Token: p.Token, SessionID: p.SessionID, Seq: p.Seq, Time: time.Now()}

	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	r.Accepted = p.SessionID != "" && p.SessionID == s.gw.sessionID && !s.gw.invalid && p.Seq <= s.gw.seq
	s.gw.resumes = append(s.gw.resumes, r)
	s.notifyLocked()
	if !r.Accepted {
		s.mu.Unlock()
		c.write(frame{Op: 9, D: false}) // a failed write ends the read loop too
		return
	}
	var replay []frame
	for _, f := range s.gw.sent {
		if *f.S > p.Seq {
			replay = append(replay, f)
		}
	}
	s.gw.seq++
	resumed := dispatchFrame(s.gw.seq, "RESUMED", map[string]any{})
	s.gw.sent = append(s.gw.sent, resumed)
	c.session = s.gw.sessionID
	s.mu.Unlock()

	var err error
	for _, f := range append(replay, resumed) {
		if err = c.write(f); err != nil {
			break
		}
	}
	s.mu.Lock()
	if err == nil {
		s.gw.live = c
	}
	s.notifyLocked()
	s.mu.Unlock()
}
