// Package config reads talksbot's settings from the environment and checks
// them. Only main imports it.
package config

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
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
	return c, nil
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
