// Package fakediscord is an in-process fake of Discord for end-to-end tests
// that drive the real discordgo client.
//
// It fakes the parts of Discord a slash-command bot touches: the REST
// endpoints to find the gateway, register commands (bulk overwrite), answer
// interactions (callback, @original, follow-ups), send channel messages,
// start a thread on a message (then send messages in it) and read the bot
// user; and a websocket gateway that says Hello, accepts
// Identify and Resume, acks heartbeats and dispatches the events a test asks
// for (INTERACTION_CREATE, MESSAGE_CREATE, or any other) with correct sequence
// numbers, replaying missed events on Resume like Discord does. It can
// refuse privileged intents with close code 4014 (WithDeniedIntents).
//
// It records every REST request and enforces Discord's documented rules: one
// callback per interaction within 3 s, follow-ups only after it and within
// 15 minutes, message and command limits, and this project's rule that every
// message body carries allowed_mentions with an empty parse list. Breaches
// are answered like Discord answers them where Discord refuses them, and are
// always recorded as violations for AssertNoViolations. When Discord's
// OpenAPI description (discord-api-spec's openapi.json) is found beside the
// repository, every request body is also validated, in the background, against
// the JSON Schema of its operation's request body.
//
// Interactions that Discord would deliver over HTTP instead of the gateway
// are prepared with HTTPInteraction; the bot's HTTP reply is then given to
// RecordHTTPResponse, which judges it as a callback.
//
// It does not fake guilds, channels, members, permissions, rate limits,
// voice, zlib compression, sharding across several sessions, the signing of
// HTTP interactions (tests sign with keys of their own) or webhooks that are
// not interaction tokens;
// requests it does not know get a Discord-style 404 and are recorded as
// unexpected. It is test infrastructure: nothing outside tests should import it.
package fakediscord

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// discordEpoch is the first millisecond of 2015, the epoch of Discord's snowflakes.
const discordEpoch = 1420070400000

// Server is a fake Discord. Create it with New; all its methods are safe for
// concurrent use.
type Server struct {
	cfg  config
	http *httptest.Server
	// spec is nil when the OpenAPI description is not used; it is set
	// before specReady is closed.
	spec      *specCache
	specReady chan struct{}

	snowflakes atomic.Int64 // counter in the low bits of generated ids

	sendMu sync.Mutex     // orders gateway dispatches and resume replays on the wire
	wg     sync.WaitGroup // gateway connections being served

	mu            sync.Mutex
	changed       chan struct{} // closed and replaced whenever the state below changes
	closed        bool
	requests      []Request
	violations    []Violation
	specValidated int
	pending       int                     // spec loading and validations under way
	interactions  map[string]*interaction // by token
	interactionID map[string]*interaction // by id
	commands      map[string][]map[string]any
	threads       []Thread
	gw            gatewayState
}

type config struct {
	heartbeat        time.Duration
	appID            string
	botName          string
	specPath         string
	specSet          bool
	callbackDeadline time.Duration
	tokenLifetime    time.Duration
	deniedIntents    int64
	noAttachFiles    bool
}

// Option changes a Server's defaults.
type Option func(*config)

// WithHeartbeatInterval sets the heartbeat_interval sent in Hello (default 41.25 s).
func WithHeartbeatInterval(d time.Duration) Option {
	return func(c *config) { c.heartbeat = d }
}

// WithApplicationID sets the application id, which is also the bot user's id
// (default "1100000000000000001").
func WithApplicationID(id string) Option {
	return func(c *config) { c.appID = id }
}

// WithBotName sets the bot user's username (default "talksbot").
func WithBotName(name string) Option {
	return func(c *config) { c.botName = name }
}

// WithSpecPath sets the path of Discord's openapi.json; "" turns validation
// off. By default it is ../shared/discord-api-spec/openapi.json from the
// directory holding go.mod, and validation is skipped when that file is absent.
func WithSpecPath(path string) Option {
	return func(c *config) { c.specPath, c.specSet = path, true }
}

// WithCallbackDeadline sets how long after dispatch an interaction callback
// is accepted (Discord: 3 s). Tests of lateness shorten it.
func WithCallbackDeadline(d time.Duration) Option {
	return func(c *config) { c.callbackDeadline = d }
}

// WithTokenLifetime sets how long after dispatch an interaction token
// accepts edits and follow-ups (Discord: 15 minutes).
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) { c.tokenLifetime = d }
}

// WithDeniedIntents makes the gateway refuse an Identify asking for any
// of the intents in mask, as Discord refuses privileged intents that the
// application has not been granted in the developer portal: it closes the
// connection with code 4014 "Disallowed intent(s).". Message Content is
// 1<<15, Guild Members 1<<1, Guild Presences 1<<8.
func WithDeniedIntents(mask int64) Option {
	return func(c *config) { c.deniedIntents = mask }
}

// WithoutAttachFiles answers as Discord does in a channel where the bot
// lacks the Attach Files permission: a channel message carrying files is
// refused with 403, code 50013 "Missing Permissions" (not a violation:
// the bot cannot know its permissions beforehand).
func WithoutAttachFiles() Option {
	return func(c *config) { c.noAttachFiles = true }
}

// New starts a fake Discord on a loopback port. It is shut down, with any
// gateway connection still open, when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := config{
		heartbeat:        41250 * time.Millisecond,
		appID:            "1100000000000000001",
		botName:          "talksbot",
		callbackDeadline: 3 * time.Second,
		tokenLifetime:    15 * time.Minute,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if !cfg.specSet {
		cfg.specPath = defaultSpecPath()
	}
	s := &Server{
		cfg:           cfg,
		changed:       make(chan struct{}),
		specReady:     make(chan struct{}),
		interactions:  map[string]*interaction{},
		interactionID: map[string]*interaction{},
		commands:      map[string][]map[string]any{},
	}
	s.startSpec(cfg.specPath)
	s.http = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.close)
	return s
}

// APIURL returns the root of the REST API, e.g. "http://127.0.0.1:PORT/api/v9".
// Point discordgo's https://discord.com/api/v9 at it.
func (s *Server) APIURL() string { return s.http.URL + "/api/v9" }

// GatewayURL returns the websocket URL that GET /gateway returns.
func (s *Server) GatewayURL() string {
	return "ws" + strings.TrimPrefix(s.http.URL, "http") + "/gateway"
}

// ApplicationID returns the application id, which is also the bot user's id.
func (s *Server) ApplicationID() string { return s.cfg.appID }

// serve serves the gateway websocket at /gateway and the REST API under /api/v{N}/.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gateway" || r.URL.Path == "/gateway/" {
		s.serveGateway(w, r)
		return
	}
	s.serveREST(w, r)
}

// close ends every gateway connection, waits for their goroutines and stops
// the HTTP server.
func (s *Server) close() {
	s.mu.Lock()
	s.closed = true
	var conns []*gwConn
	for c := range s.gw.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	s.wg.Wait()
	s.settle()
	s.http.Close()
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// snowflake returns a new id built like Discord's: milliseconds since 2015
// above a counter.
func (s *Server) snowflake() string {
	ms := time.Now().UnixMilli() - discordEpoch
	n := s.snowflakes.Add(1)
	return strconv.FormatInt(ms<<22|n&(1<<22-1), 10)
}

// randomToken returns n random bytes in hex, for interaction tokens and session ids.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// botUser returns the bot's user object.
func (s *Server) botUser() map[string]any {
	return map[string]any{
		"id":            s.cfg.appID,
		"username":      s.cfg.botName,
		"discriminator": "0",
		"global_name":   nil,
		"avatar":        nil,
		"bot":           true,
		"flags":         0,
	}
}
