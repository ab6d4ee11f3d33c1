// Package config reads talksbot's settings from the environment and checks
// them. Only main imports it.
package config

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of talksbot.
type Config struct {
	Token          string // DISCORD_TOKEN, with "Bot " added when missing
	GuildID        string // DISCORD_GUILD_ID: register commands to this guild only
	APIURL         string // DISCORD_API_URL: REST API root instead of Discord's
	DataDir        string // TALKSBOT_DATA_DIR: index (and the copied corpus)
	CorpusDir      string // TALKSBOT_CORPUS_DIR: "" for the embedded corpus
	ModeratorRoles []string
	LogLevel       slog.Level
	LogFormat      string // "text" or "json"
	// FetchAllowHosts (TALKSBOT_FETCH_ALLOW_HOSTS, comma-separated host or
	// host:port) are fetched even when they resolve to a loopback or private
	// address: for tests and intranets.
	FetchAllowHosts []string
	// FeedInterval (TALKSBOT_FEED_INTERVAL, a Go duration such as 30m or
	// 2h; default 30m) is how often serve polls the feeds followed; 0 turns
	// polling off.
	FeedInterval time.Duration
	// AnnounceChannel (TALKSBOT_ANNOUNCE_CHANNEL) is the channel id where
	// serve posts each article that polling adds; "" for none.
	AnnounceChannel string
	// AskChannels (TALKSBOT_ASK_CHANNELS, comma-separated channel ids) are
	// the channels where every message is a question, answered in a
	// thread; they need the gateway and the Message Content intent.
	AskChannels []string

	// HTTP interactions (Discord's outgoing webhooks) and running as a service.
	HTTPAddr    string            // TALKSBOT_HTTP_ADDR: serve /interactions here
	PublicKey   ed25519.PublicKey // DISCORD_PUBLIC_KEY (hex): required with HTTPAddr
	Gateway     bool              // TALKSBOT_GATEWAY: "off" for HTTP interactions only
	ShardID     int               // TALKSBOT_SHARD_ID
	ShardCount  int               // TALKSBOT_SHARD_COUNT (default 1)
	MetricsAddr string            // TALKSBOT_METRICS_ADDR: /healthz and /metrics here; "" for off
	// RedisURL (TALKSBOT_REDIS_URL, redis:// or rediss://) is the Redis
	// that replicas share cooldowns, claims and corpus changes through;
	// "" runs one process alone.
	RedisURL string
}

// Error is a setting that is missing or malformed.
type Error struct {
	Setting string
	Problem string
}

func (e *Error) Error() string { return e.Setting + ": " + e.Problem }

// Load reads the settings through getenv (os.Getenv in main). needToken
// says whether DISCORD_TOKEN is required (serve) or not (ask).
func Load(getenv func(string) string, needToken bool) (Config, error) {
	c := Config{
		GuildID:   strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		APIURL:    strings.TrimRight(strings.TrimSpace(getenv("DISCORD_API_URL")), "/"),
		DataDir:   strings.TrimSpace(getenv("TALKSBOT_DATA_DIR")),
		CorpusDir: strings.TrimSpace(getenv("TALKSBOT_CORPUS_DIR")),
		LogFormat: strings.ToLower(strings.TrimSpace(getenv("TALKSBOT_LOG_FORMAT"))),
	}
	if tok := strings.TrimSpace(getenv("DISCORD_TOKEN")); tok != "" {
		if !strings.HasPrefix(tok, "Bot ") {
			tok = "Bot " + tok
		}
		c.Token = tok
	} else if needToken {
		return c, &Error{"DISCORD_TOKEN", "not set (the bot token from the Discord developer portal)"}
	}
	if c.GuildID != "" && !isSnowflake(c.GuildID) {
		return c, &Error{"DISCORD_GUILD_ID", "not a Discord id (digits only)"}
	}
	if c.APIURL != "" && !strings.HasPrefix(c.APIURL, "http://") && !strings.HasPrefix(c.APIURL, "https://") {
		return c, &Error{"DISCORD_API_URL", "must start with http:// or https://"}
	}
	if c.DataDir == "" {
		c.DataDir = defaultDataDir()
	}
	for _, r := range strings.Split(getenv("TALKSBOT_MODERATOR_ROLES"), ",") {
		if r = strings.TrimSpace(r); r == "" {
			continue
		}
		if !isSnowflake(r) {
			return c, &Error{"TALKSBOT_MODERATOR_ROLES", fmt.Sprintf("%q is not a role id (comma-separated digits)", r)}
		}
		c.ModeratorRoles = append(c.ModeratorRoles, r)
	}
	for _, h := range strings.Split(getenv("TALKSBOT_FETCH_ALLOW_HOSTS"), ",") {
		if h = strings.TrimSpace(h); h == "" {
			continue
		}
		if strings.ContainsAny(h, "/ @?#") {
			return c, &Error{"TALKSBOT_FETCH_ALLOW_HOSTS", fmt.Sprintf("%q is not a host or host:port (comma-separated)", h)}
		}
		c.FetchAllowHosts = append(c.FetchAllowHosts, h)
	}
	switch c.LogFormat {
	case "", "text":
		c.LogFormat = "text"
	case "json":
	default:
		return c, &Error{"TALKSBOT_LOG_FORMAT", "must be text or json"}
	}
	if lvl := strings.TrimSpace(getenv("TALKSBOT_LOG_LEVEL")); lvl != "" {
		if err := c.LogLevel.UnmarshalText([]byte(lvl)); err != nil {
			return c, &Error{"TALKSBOT_LOG_LEVEL", "must be debug, info, warn or error"}
		}
	}
	if err := c.loadFeeds(getenv); err != nil {
		return c, err
	}
	return c, c.loadService(getenv)
}

// DefaultFeedInterval is how often feeds are polled when
// TALKSBOT_FEED_INTERVAL is not set.
const DefaultFeedInterval = 30 * time.Minute

// minFeedInterval is the shortest polling interval accepted, so that a
// typo ("30s" for "30m") cannot hammer the feeds' sites.
const minFeedInterval = time.Minute

// loadFeeds reads the settings of feed polling.
func (c *Config) loadFeeds(getenv func(string) string) error {
	c.FeedInterval = DefaultFeedInterval
	if s := strings.TrimSpace(getenv("TALKSBOT_FEED_INTERVAL")); s != "" {
		d, err := time.ParseDuration(s)
		switch {
		case err != nil:
			return &Error{"TALKSBOT_FEED_INTERVAL", fmt.Sprintf("%q is not a duration such as 30m or 2h (0 turns polling off)", s)}
		case d < 0:
			return &Error{"TALKSBOT_FEED_INTERVAL", fmt.Sprintf("%q is negative; use 0 to turn polling off", s)}
		case d > 0 && d < minFeedInterval:
			return &Error{"TALKSBOT_FEED_INTERVAL", fmt.Sprintf("%q is under a minute; use 0 to turn polling off", s)}
		}
		c.FeedInterval = d
	}
	c.AnnounceChannel = strings.TrimSpace(getenv("TALKSBOT_ANNOUNCE_CHANNEL"))
	if c.AnnounceChannel != "" && !isSnowflake(c.AnnounceChannel) {
		return &Error{"TALKSBOT_ANNOUNCE_CHANNEL", "not a channel id (digits only)"}
	}
	ids, err := snowflakes(getenv, "TALKSBOT_ASK_CHANNELS", "a channel id")
	c.AskChannels = ids
	return err
}

// maxAskChannels bounds TALKSBOT_ASK_CHANNELS.
const maxAskChannels = 100

// snowflakes reads a comma-separated list of Discord ids of what kind,
// without repeats, at most maxAskChannels.
func snowflakes(getenv func(string) string, name, what string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, id := range strings.Split(getenv(name), ",") {
		if id = strings.TrimSpace(id); id == "" || seen[id] {
			continue
		}
		if !isSnowflake(id) {
			return nil, &Error{name, fmt.Sprintf("%q is not %s (comma-separated digits)", id, what)}
		}
		seen[id] = true
		out = append(out, id)
	}
	if len(out) > maxAskChannels {
		return nil, &Error{name, fmt.Sprintf("%d ids; at most %d", len(out), maxAskChannels)}
	}
	return out, nil
}

// loadService reads the settings of HTTP interactions, sharding and metrics.
func (c *Config) loadService(getenv func(string) string) error {
	c.HTTPAddr = strings.TrimSpace(getenv("TALKSBOT_HTTP_ADDR"))
	c.MetricsAddr = strings.TrimSpace(getenv("TALKSBOT_METRICS_ADDR"))
	for _, a := range []struct{ name, addr string }{{"TALKSBOT_HTTP_ADDR", c.HTTPAddr}, {"TALKSBOT_METRICS_ADDR", c.MetricsAddr}} {
		if a.addr == "" {
			continue
		}
		if _, port, err := net.SplitHostPort(a.addr); err != nil || port == "" {
			return &Error{a.name, fmt.Sprintf("%q is not a listen address such as :8080 or 127.0.0.1:8080", a.addr)}
		}
	}
	if key := strings.TrimSpace(getenv("DISCORD_PUBLIC_KEY")); key != "" {
		raw, err := hex.DecodeString(key)
		if err != nil || len(raw) != ed25519.PublicKeySize {
			return &Error{"DISCORD_PUBLIC_KEY", "not a public key (64 hex digits, from the developer portal's General Information)"}
		}
		c.PublicKey = raw
	} else if c.HTTPAddr != "" {
		return &Error{"DISCORD_PUBLIC_KEY", "not set; HTTP interactions (TALKSBOT_HTTP_ADDR) need it to verify Discord's signatures"}
	}
	switch g := strings.ToLower(strings.TrimSpace(getenv("TALKSBOT_GATEWAY"))); g {
	case "", "on", "true", "1":
		c.Gateway = true
	case "off", "false", "0":
		if c.HTTPAddr == "" {
			return &Error{"TALKSBOT_GATEWAY", "off needs TALKSBOT_HTTP_ADDR, or the bot would receive nothing"}
		}
		if len(c.AskChannels) > 0 {
			return &Error{"TALKSBOT_ASK_CHANNELS", "ask channels need the gateway (TALKSBOT_GATEWAY on): messages arrive only there"}
		}
	default:
		return &Error{"TALKSBOT_GATEWAY", "must be on or off"}
	}
	c.ShardCount = 1
	if s := strings.TrimSpace(getenv("TALKSBOT_SHARD_COUNT")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 4096 {
			return &Error{"TALKSBOT_SHARD_COUNT", "must be a whole number from 1 to 4096"}
		}
		c.ShardCount = n
	}
	if s := strings.TrimSpace(getenv("TALKSBOT_SHARD_ID")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n >= c.ShardCount {
			return &Error{"TALKSBOT_SHARD_ID", fmt.Sprintf("must be a whole number from 0 to TALKSBOT_SHARD_COUNT-1 (%d)", c.ShardCount-1)}
		}
		c.ShardID = n
	}
	c.RedisURL = strings.TrimSpace(getenv("TALKSBOT_REDIS_URL"))
	if c.RedisURL != "" {
		u, err := url.Parse(c.RedisURL)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			return &Error{"TALKSBOT_REDIS_URL", "not a Redis address such as redis://127.0.0.1:6379/0"}
		}
	}
	return nil
}

// defaultDataDir is the user's cache folder, or ./data.
func defaultDataDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "talksbot")
	}
	return "data"
}

func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
