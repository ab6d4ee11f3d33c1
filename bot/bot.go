// Package bot connects the answer engine to Discord: it holds the discordgo
// session, registers the slash commands, answers interactions and mentions
// through the handlers package, and runs the moderators' corpus commands.
//
// The line from a Discord event to a reply is short: an event is turned into
// a handlers.Request, handlers.Answer answers it from the index, and the
// reply it renders is sent back, directly when it is ready in time and
// through a deferred response otherwise.
package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/handlers"
	"github.com/talksbot/talksbot/index"
)

// Index is what the bot needs of the index: the handlers' questions, plus
// the meta and the rebuild that autocomplete and moderators use.
// *index.Index is one.
type Index interface {
	handlers.Searcher
	// Ready is false until a first build of the index completes (see
	// index.OpenAsync); questions meanwhile get StillIndexing.
	Ready() bool
	Meta() index.Meta
	TryRebuildReporting(progress func(step string)) (index.RebuildReport, error)
}

// Options configures a Bot.
type Options struct {
	Token   string // "Bot …"
	GuildID string // register commands to this guild only; "" for global
	// APIURL is the root of Discord's REST API to use instead of Discord's
	// own ("http://127.0.0.1:8080/api/v9"); "" for Discord.
	APIURL string
	// CorpusDir is the corpus folder that moderators' commands change; the
	// index must read its articles from it.
	CorpusDir string
	// TrashDir keeps removed and replaced articles, so nothing is lost.
	TrashDir string
	// AddURL fetches the article at rawURL and stores it in the corpus
	// folder dir, returning its id, or the id of the article already holding
	// it with existing true. nil: /add-article takes files only.
	AddURL func(ctx context.Context, dir, rawURL string) (id string, existing bool, err error)
	// Feeds lets moderators follow web feeds with /feeds and polls them;
	// its zero value: no /feeds, no polling.
	Feeds          Feeds
	ModeratorRoles []string
	ShardID        int
	ShardCount     int
	// NoGateway runs without a gateway session: interactions then arrive
	// only through InteractionsHandler, and mentions are not seen.
	NoGateway bool
	Log       *slog.Logger
	// Observe, when set, is told the outcome of every command, button,
	// autocomplete and mention (for metrics).
	Observe func(Event)
	// Limits; zero values take the defaults.
	Cooldown    Cooldown
	MaxInFlight int           // interactions answered at once (default 64)
	DeferAfter  time.Duration // answer directly when ready within this (default 1.5 s)
	// Shared is the state shared with the other replicas (Redis); nil for
	// one process alone.
	Shared Shared
	// RetryFirst is the first wait before connecting again when Discord
	// cannot be reached at start (default 1 s, doubling to at most a
	// minute).
	RetryFirst time.Duration
	// FeedbackDir is the folder of the feedback file (FeedbackFile) and
	// its key; "" keeps votes in memory only.
	FeedbackDir string
	// AskChannels are the channels whose every message is a question,
	// answered in a thread started on it (see askchannels.go).
	AskChannels []string
}

// Event is one answered (or refused) command, for logs and metrics.
type Event struct {
	Command   string // command name, "more" for the More button, "mention"; the answer's intent for "feedback"
	Kind      string // "command", "button", "autocomplete", "mention" (ask channels too); "reindex" and "reconnect" for those; "feedback" for a 👍/👎 press
	Outcome   string // "ok", "no-evidence", "bad-request", "refused", "cooldown", "busy", "indexing", "error", "panic"; for feedback also "unchanged" (the same vote again), "expired" (an answer no longer known) and "off" (the feedback file could not be opened)
	Transport string // "gateway" or "http"
	Duration  time.Duration
	// Vote is the vote a "feedback" event cast ("up" or "down"); "" when
	// the press counted nothing (a repeated vote, a refusal).
	Vote string
}

// Bot is a running talksbot on Discord.
type Bot struct {
	opt  Options
	ix   Index
	h    *handlers.Handlers
	memo *answers
	// feedback records the votes of the 👍 and 👎 buttons; nil when the
	// feedback file could not be opened (votes off).
	feedback *feedbackLog
	// voteCool bounds each member's votes apart from their questions.
	voteCool *cooldowns
	// ask answers the ask channels' messages in threads.
	ask  *askChannels
	s    *discordgo.Session
	log  *slog.Logger
	cool *cooldowns
	work chan struct{} // semaphore of interactions in flight
	// files guards the corpus folder against two moderators' changes at once.
	files sync.Mutex

	ready chan struct{} // closed once commands are registered

	mu        sync.Mutex
	connected bool
	appID     string
	userID    string
	// startProblem is why the last attempt to connect failed, while Run
	// retries; empty once connected.
	startProblem string
}

// voteCooldown is each member's allowance of 👍/👎 presses, apart from
// their questions: one vote per member per answer is kept anyway, so this
// only bounds a flood of presses.
var voteCooldown = Cooldown{Burst: 30, Every: time.Second}

// StillIndexing is the reply to a question asked before the first build
// of the index completes.
const StillIndexing = "I'm still indexing the articles; try again in a minute."

// ErrUnauthorized is Run's error when Discord refuses the token: retrying
// cannot help.
var ErrUnauthorized = errors.New("Discord refused the bot token (401 Unauthorized)")

// New returns a bot answering from ix. It does not connect; Run does.
func New(ix Index, opt Options) (*Bot, error) {
	if opt.Token == "" {
		return nil, errors.New("bot: no token")
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.MaxInFlight <= 0 {
		opt.MaxInFlight = 64
	}
	if opt.DeferAfter <= 0 {
		opt.DeferAfter = 1500 * time.Millisecond
	}
	s, err := discordgo.New(opt.Token)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	client, err := restClient(opt.APIURL)
	if err != nil {
		return nil, err
	}
	s.Client = client
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if opt.ShardCount > 1 {
		s.ShardID, s.ShardCount = opt.ShardID, opt.ShardCount
	}
	s.LogLevel = discordgo.LogError
	h := handlers.New(ix)
	fb, err := openFeedback(opt.FeedbackDir)
	if err != nil {
		// Votes are a nicety: without them the bot still answers.
		opt.Log.Error("feedback is off: votes will not be recorded", "error", err)
		fb = nil
		h.WithoutVotes() // no buttons that cannot count
	}
	b := &Bot{feedback: fb, voteCool: newCooldowns(voteCooldown), ask: newAskChannels(opt.AskChannels), opt: opt, ix: ix, h: h, memo: newAnswers(h, func() time.Time { return ix.Meta().Built }), s: s, log: opt.Log,
		cool: newCooldowns(opt.Cooldown).shareWith(opt.Shared, opt.Log), work: make(chan struct{}, opt.MaxInFlight), ready: make(chan struct{})}
	if len(opt.AskChannels) > 0 {
		// Reading messages that do not mention the bot needs the
		// privileged intent; asked for only when there are ask channels.
		s.Identify.Intents |= discordgo.IntentMessageContent
	}
	s.AddHandler(b.onReady)
	s.AddHandler(b.onConnect)
	s.AddHandler(b.onDisconnect)
	s.AddHandler(b.onResumed)
	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onMessage)
	return b, nil
}

// Session returns the bot's discordgo session.
func (b *Bot) Session() *discordgo.Session { return b.s }

// Ready is closed once Run has connected and registered the commands.
func (b *Bot) Ready() <-chan struct{} { return b.ready }

// Connected reports whether the bot can receive interactions: the gateway
// session is up, or there is none (HTTP interactions only).
func (b *Bot) Connected() bool {
	if b.opt.NoGateway {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.connected
}

// Run connects to the gateway, registers the commands with one bulk
// overwrite and answers until ctx is done, then closes the session.
func (b *Bot) Run(ctx context.Context) error {
	// Discord unreachable or failing (connection refused, 5xx, 429) is a
	// blip to wait out, with capped exponential backoff; only a refused
	// token stops the bot.
	wait := b.opt.RetryFirst
	if wait <= 0 {
		wait = time.Second
	}
	for attempt := 1; ; attempt++ {
		err := b.connect()
		if err == nil {
			break
		}
		if unauthorized(err) {
			return fmt.Errorf("%w: %v", ErrUnauthorized, err)
		}
		b.mu.Lock()
		b.startProblem = fmt.Sprintf("connecting to Discord (attempt %d, next in %s): %v", attempt, wait, err)
		b.mu.Unlock()
		b.log.Warn("cannot reach Discord; retrying", "attempt", attempt, "in", wait, "error", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
	b.mu.Lock()
	b.startProblem = ""
	b.mu.Unlock()
	if !b.opt.NoGateway {
		defer b.s.Close()
	}
	close(b.ready)
	b.mu.Lock()
	user, app := b.userID, b.appID
	b.mu.Unlock()
	b.log.Info("bot ready", "user", user, "application", app, "guild", b.opt.GuildID,
		"shard", b.opt.ShardID, "shards", max(b.opt.ShardCount, 1))
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		b.pollEvery(ctx)
	}()
	<-ctx.Done()
	b.log.Info("bot stopping")
	<-polled
	return nil
}

// connect opens the gateway session (unless NoGateway) and registers the
// commands; on failure nothing stays open.
func (b *Bot) connect() error {
	if !b.opt.NoGateway {
		err := b.s.Open()
		if err != nil && b.dropContentIntent(err) {
			err = b.s.Open()
		}
		if err != nil {
			b.s.Close()
			return fmt.Errorf("connect to Discord: %w", err)
		}
	}
	if err := b.Register(); err != nil {
		if !b.opt.NoGateway {
			b.s.Close()
		}
		return err
	}
	return nil
}

// StartProblem is why connecting to Discord last failed while Run retries,
// for /healthz; empty when connected or not yet tried.
func (b *Bot) StartProblem() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.startProblem
}

// unauthorized reports whether err is Discord refusing the token: a 401
// from the REST API or the gateway's 4004 close.
func unauthorized(err error) bool {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode == http.StatusUnauthorized {
		return true
	}
	return strings.Contains(err.Error(), "websocket: close 4004")
}

// Register replaces the application's commands with the bot's, in the
// configured guild or globally.
func (b *Bot) Register() error {
	b.mu.Lock()
	app := b.appID
	b.mu.Unlock()
	if app == "" {
		u, err := b.s.User("@me")
		if err != nil {
			return fmt.Errorf("register commands: read the bot user: %w", err)
		}
		app = u.ID
	}
	body, err := commandsBody(b.h.Commands())
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	endpoint := discordgo.EndpointApplicationGlobalCommands(app)
	if b.opt.GuildID != "" {
		endpoint = discordgo.EndpointApplicationGuildCommands(app, b.opt.GuildID)
	}
	raw, err := b.s.RequestWithBucketID(http.MethodPut, endpoint, body, endpoint)
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	var cmds []json.RawMessage
	if err := json.Unmarshal(raw, &cmds); err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	where := "globally (may take up to an hour to appear)"
	if b.opt.GuildID != "" {
		// Discord ignores integration_types and contexts on guild
		// commands: no user install, no DMs.
		where = "in guild " + b.opt.GuildID + " (usable there only: user install and DMs need global commands)"
	}
	b.log.Info("commands registered", "count", len(cmds), "where", where)
	return nil
}

// commandsBody is the bulk overwrite's body. discordgo writes
// default_member_permissions as a string; Discord's OpenAPI description has
// it as an integer, which Discord accepts too, so it is sent as one.
func commandsBody(cmds []*discordgo.ApplicationCommand) ([]map[string]any, error) {
	raw, err := json.Marshal(cmds)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out []map[string]any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	for _, c := range out {
		if p, ok := c["default_member_permissions"].(string); ok {
			c["default_member_permissions"] = json.Number(p)
		}
	}
	return out, nil
}

func (b *Bot) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.connected = true
	if r.User != nil {
		b.userID = r.User.ID
	}
	if r.Application != nil {
		b.appID = r.Application.ID
	}
}

func (b *Bot) onConnect(*discordgo.Session, *discordgo.Connect) {
	b.mu.Lock()
	b.connected = true
	b.mu.Unlock()
}

func (b *Bot) onResumed(*discordgo.Session, *discordgo.Resumed) {
	b.mu.Lock()
	b.connected = true
	b.mu.Unlock()
	b.log.Info("gateway session resumed")
	b.observe(Event{Kind: "reconnect", Outcome: "resumed", Transport: "gateway"})
}

func (b *Bot) observe(ev Event) {
	if b.opt.Observe != nil {
		b.opt.Observe(ev)
	}
}

func (b *Bot) onDisconnect(*discordgo.Session, *discordgo.Disconnect) {
	b.mu.Lock()
	b.connected = false
	b.mu.Unlock()
	b.log.Warn("gateway connection lost; reconnecting")
}

// restClient is the session's HTTP client: requests to Discord's API root
// are sent to apiURL instead, keeping their path below the root. discordgo
// computes its endpoint variables once at start-up, so this is the one
// place where the API root can change.
func restClient(apiURL string) (*http.Client, error) {
	// Keep enough idle connections for a burst of interactions: the default
	// two per host makes every concurrent callback dial anew.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	c := &http.Client{Timeout: 20 * time.Second, Transport: tr}
	if apiURL == "" {
		return c, nil
	}
	root, err := url.Parse(strings.TrimRight(apiURL, "/"))
	if err != nil || (root.Scheme != "http" && root.Scheme != "https") || root.Host == "" {
		return nil, fmt.Errorf("DISCORD_API_URL: %q is not an http(s) URL", apiURL)
	}
	from, err := url.Parse(strings.TrimRight(discordgo.EndpointAPI, "/"))
	if err != nil {
		return nil, err
	}
	c.Transport = rewrite{root: root, from: from, next: tr}
	return c, nil
}

// rewrite sends requests under Discord's API root to another root.
type rewrite struct {
	root, from *url.URL
	next       http.RoundTripper
}

func (rt rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	rest, ok := strings.CutPrefix(r.URL.Path, rt.from.Path)
	if r.URL.Host != rt.from.Host || !ok || (rest != "" && !strings.HasPrefix(rest, "/")) {
		return rt.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = rt.root.Scheme, rt.root.Host, ""
	r.URL.Path = rt.root.Path + rest
	r.URL.RawPath = ""
	return rt.next.RoundTrip(r)
}
