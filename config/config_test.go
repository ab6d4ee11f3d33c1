package config

import (
	"errors"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		needToken bool
		check     func(t *testing.T, c Config) // when Load succeeds
		setting   string                       // the setting a failing Load names
		problem   string                       // part of what it says about it
	}{
		{
			name: "nothing set",
			check: func(t *testing.T, c Config) {
				want := Config{DataDir: defaultDataDir(), LogLevel: slog.LevelInfo, LogFormat: "text", Gateway: true, ShardCount: 1, FeedInterval: 30 * time.Minute}
				if !reflect.DeepEqual(c, want) {
					t.Errorf("Load() = %+v, want %+v", c, want)
				}
			},
		},
		{
			name: "token gets Bot prefix", needToken: true,
			env:   map[string]string{"DISCORD_TOKEN": "  abc.def  "},
			check: wantToken("Bot abc.def"),
		},
		{
			name: "token keeps its Bot prefix", needToken: true,
			env:   map[string]string{"DISCORD_TOKEN": "Bot abc.def"},
			check: wantToken("Bot abc.def"),
		},
		{
			name:  "token read when not needed",
			env:   map[string]string{"DISCORD_TOKEN": "abc"},
			check: wantToken("Bot abc"),
		},
		{
			name: "fetch allow list",
			env:  map[string]string{"TALKSBOT_FETCH_ALLOW_HOSTS": " 127.0.0.1:8080, intranet.example ,,"},
			check: func(t *testing.T, c Config) {
				if want := []string{"127.0.0.1:8080", "intranet.example"}; !slices.Equal(c.FetchAllowHosts, want) {
					t.Errorf("FetchAllowHosts = %q, want %q", c.FetchAllowHosts, want)
				}
			},
		},
		{
			name:    "fetch allow list with a URL",
			env:     map[string]string{"TALKSBOT_FETCH_ALLOW_HOSTS": "http://127.0.0.1/"},
			setting: "TALKSBOT_FETCH_ALLOW_HOSTS", problem: "not a host",
		},
		{name: "feed interval", env: map[string]string{"TALKSBOT_FEED_INTERVAL": " 2h "}, check: wantFeeds(2*time.Hour, "")},
		{name: "feed interval 90m", env: map[string]string{"TALKSBOT_FEED_INTERVAL": "1h30m"}, check: wantFeeds(90*time.Minute, "")},
		{name: "feed polling off", env: map[string]string{"TALKSBOT_FEED_INTERVAL": "0"}, check: wantFeeds(0, "")},
		{name: "feed polling off, with a unit", env: map[string]string{"TALKSBOT_FEED_INTERVAL": "0s"}, check: wantFeeds(0, "")},
		{name: "feed interval negative", env: map[string]string{"TALKSBOT_FEED_INTERVAL": "-5m"},
			setting: "TALKSBOT_FEED_INTERVAL", problem: "negative"},
		{name: "feed interval garbage", env: map[string]string{"TALKSBOT_FEED_INTERVAL": "often"},
			setting: "TALKSBOT_FEED_INTERVAL", problem: "not a duration"},
		{name: "feed interval without a unit", env: map[string]string{"TALKSBOT_FEED_INTERVAL": "30"},
			setting: "TALKSBOT_FEED_INTERVAL", problem: "not a duration"},
		{name: "feed interval too short", env: map[string]string{"TALKSBOT_FEED_INTERVAL": "30s"},
			setting: "TALKSBOT_FEED_INTERVAL", problem: "under a minute"},
		{name: "announce channel", env: map[string]string{"TALKSBOT_ANNOUNCE_CHANNEL": " 1200000000000000009 "},
			check: wantFeeds(30*time.Minute, "1200000000000000009")},
		{name: "announce channel not an id", env: map[string]string{"TALKSBOT_ANNOUNCE_CHANNEL": "#news"},
			setting: "TALKSBOT_ANNOUNCE_CHANNEL", problem: "not a channel id"},
		{name: "ask channels", env: map[string]string{"TALKSBOT_ASK_CHANNELS": " 1200000000000000009, ,1200000000000000010,1200000000000000009"},
			check: func(t *testing.T, c Config) {
				if want := []string{"1200000000000000009", "1200000000000000010"}; !reflect.DeepEqual(c.AskChannels, want) {
					t.Errorf("AskChannels = %q, want %q", c.AskChannels, want)
				}
			}},
		{name: "ask channel not an id", env: map[string]string{"TALKSBOT_ASK_CHANNELS": "1200000000000000009,#questions"},
			setting: "TALKSBOT_ASK_CHANNELS", problem: `"#questions" is not a channel id`},
		{name: "ask channels without the gateway", env: map[string]string{"TALKSBOT_ASK_CHANNELS": "1200000000000000009",
			"TALKSBOT_GATEWAY": "off", "TALKSBOT_HTTP_ADDR": ":8080", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32)},
			setting: "TALKSBOT_ASK_CHANNELS", problem: "need the gateway"},
		{
			name: "token missing when needed", needToken: true,
			setting: "DISCORD_TOKEN", problem: "not set",
		},
		{
			name: "token blank when needed", needToken: true,
			env:     map[string]string{"DISCORD_TOKEN": " \t"},
			setting: "DISCORD_TOKEN", problem: "not set",
		},
		{
			name:  "token missing when not needed",
			check: wantToken(""),
		},
		{
			name: "guild id",
			env:  map[string]string{"DISCORD_GUILD_ID": " 123456789012345678 "},
			check: func(t *testing.T, c Config) {
				if c.GuildID != "123456789012345678" {
					t.Errorf("GuildID = %q, want 123456789012345678", c.GuildID)
				}
			},
		},
		{
			name:    "guild id with letters",
			env:     map[string]string{"DISCORD_GUILD_ID": "my-server"},
			setting: "DISCORD_GUILD_ID", problem: "not a Discord id",
		},
		{
			name:    "guild id too long",
			env:     map[string]string{"DISCORD_GUILD_ID": strings.Repeat("1", 21)},
			setting: "DISCORD_GUILD_ID", problem: "not a Discord id",
		},
		{
			name: "API URL loses its trailing slash",
			env:  map[string]string{"DISCORD_API_URL": "http://127.0.0.1:8080/api/v10/"},
			check: func(t *testing.T, c Config) {
				if c.APIURL != "http://127.0.0.1:8080/api/v10" {
					t.Errorf("APIURL = %q, want http://127.0.0.1:8080/api/v10", c.APIURL)
				}
			},
		},
		{
			name:    "API URL without scheme",
			env:     map[string]string{"DISCORD_API_URL": "discord.com/api"},
			setting: "DISCORD_API_URL", problem: "http:// or https://",
		},
		{
			name:    "API URL of another scheme",
			env:     map[string]string{"DISCORD_API_URL": "ftp://discord.com/api"},
			setting: "DISCORD_API_URL", problem: "http:// or https://",
		},
		{
			name: "folders",
			env:  map[string]string{"TALKSBOT_DATA_DIR": " /var/lib/talksbot ", "TALKSBOT_CORPUS_DIR": "articles"},
			check: func(t *testing.T, c Config) {
				if c.DataDir != "/var/lib/talksbot" || c.CorpusDir != "articles" {
					t.Errorf("DataDir, CorpusDir = %q, %q; want /var/lib/talksbot, articles", c.DataDir, c.CorpusDir)
				}
			},
		},
		{
			name:  "moderator roles",
			env:   map[string]string{"TALKSBOT_MODERATOR_ROLES": " 111, 222,,333 ,"},
			check: wantRoles("111", "222", "333"),
		},
		{
			name:  "moderator roles blank",
			env:   map[string]string{"TALKSBOT_MODERATOR_ROLES": " , "},
			check: wantRoles(),
		},
		{
			name:    "moderator role by name",
			env:     map[string]string{"TALKSBOT_MODERATOR_ROLES": "111,Moderators"},
			setting: "TALKSBOT_MODERATOR_ROLES", problem: `"Moderators" is not a role id`,
		},
		{
			name:    "moderator roles separated by spaces",
			env:     map[string]string{"TALKSBOT_MODERATOR_ROLES": "111 222"},
			setting: "TALKSBOT_MODERATOR_ROLES", problem: `"111 222" is not a role id`,
		},
		{
			name:  "log format json, any case",
			env:   map[string]string{"TALKSBOT_LOG_FORMAT": " JSON "},
			check: wantLog("json", slog.LevelInfo),
		},
		{
			name:  "log format text",
			env:   map[string]string{"TALKSBOT_LOG_FORMAT": "text"},
			check: wantLog("text", slog.LevelInfo),
		},
		{
			name:    "log format xml",
			env:     map[string]string{"TALKSBOT_LOG_FORMAT": "xml"},
			setting: "TALKSBOT_LOG_FORMAT", problem: "text or json",
		},
		{
			name:  "log level debug",
			env:   map[string]string{"TALKSBOT_LOG_LEVEL": "debug"},
			check: wantLog("text", slog.LevelDebug),
		},
		{
			name:  "log level, any case",
			env:   map[string]string{"TALKSBOT_LOG_LEVEL": " WARN "},
			check: wantLog("text", slog.LevelWarn),
		},
		{
			name:    "log level unknown",
			env:     map[string]string{"TALKSBOT_LOG_LEVEL": "verbose"},
			setting: "TALKSBOT_LOG_LEVEL", problem: "debug, info, warn or error",
		},
		{
			name: "HTTP interactions with a public key",
			env:  map[string]string{"TALKSBOT_HTTP_ADDR": ":8080", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32), "TALKSBOT_GATEWAY": "off"},
			check: func(t *testing.T, c Config) {
				if c.HTTPAddr != ":8080" || len(c.PublicKey) != 32 || c.Gateway {
					t.Errorf("HTTPAddr %q, key %d bytes, gateway %v", c.HTTPAddr, len(c.PublicKey), c.Gateway)
				}
			},
		},
		{
			name:    "HTTP interactions without a public key",
			env:     map[string]string{"TALKSBOT_HTTP_ADDR": ":8080"},
			setting: "DISCORD_PUBLIC_KEY", problem: "not set",
		},
		{
			name:    "public key not hex",
			env:     map[string]string{"DISCORD_PUBLIC_KEY": "xyz"},
			setting: "DISCORD_PUBLIC_KEY", problem: "64 hex digits",
		},
		{
			name:    "public key too short",
			env:     map[string]string{"DISCORD_PUBLIC_KEY": "abcd"},
			setting: "DISCORD_PUBLIC_KEY", problem: "64 hex digits",
		},
		{
			name:    "HTTP address without a port",
			env:     map[string]string{"TALKSBOT_HTTP_ADDR": "localhost", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32)},
			setting: "TALKSBOT_HTTP_ADDR", problem: "listen address",
		},
		{
			name:    "metrics address without a port",
			env:     map[string]string{"TALKSBOT_METRICS_ADDR": "9090"},
			setting: "TALKSBOT_METRICS_ADDR", problem: "listen address",
		},
		{
			name:    "gateway off with nothing else",
			env:     map[string]string{"TALKSBOT_GATEWAY": "off"},
			setting: "TALKSBOT_GATEWAY", problem: "TALKSBOT_HTTP_ADDR",
		},
		{
			name:    "gateway neither on nor off",
			env:     map[string]string{"TALKSBOT_GATEWAY": "maybe"},
			setting: "TALKSBOT_GATEWAY", problem: "on or off",
		},
		{
			name: "shards",
			env:  map[string]string{"TALKSBOT_SHARD_ID": "2", "TALKSBOT_SHARD_COUNT": "4"},
			check: func(t *testing.T, c Config) {
				if c.ShardID != 2 || c.ShardCount != 4 {
					t.Errorf("shard %d of %d, want 2 of 4", c.ShardID, c.ShardCount)
				}
			},
		},
		{
			name:    "shard id not below the count",
			env:     map[string]string{"TALKSBOT_SHARD_ID": "4", "TALKSBOT_SHARD_COUNT": "4"},
			setting: "TALKSBOT_SHARD_ID", problem: "0 to",
		},
		{
			name: "redis",
			env:  map[string]string{"TALKSBOT_REDIS_URL": " redis://:pw@redis:6379/2 "},
			check: func(t *testing.T, c Config) {
				if c.RedisURL != "redis://:pw@redis:6379/2" {
					t.Errorf("RedisURL %q", c.RedisURL)
				}
			},
		},
		{
			name:    "redis url of another scheme",
			env:     map[string]string{"TALKSBOT_REDIS_URL": "http://redis:6379"},
			setting: "TALKSBOT_REDIS_URL", problem: "redis://",
		},
		{
			name:    "redis url without a host",
			env:     map[string]string{"TALKSBOT_REDIS_URL": "redis:6379"},
			setting: "TALKSBOT_REDIS_URL", problem: "redis://",
		},
		{
			name:    "shard count zero",
			env:     map[string]string{"TALKSBOT_SHARD_COUNT": "0"},
			setting: "TALKSBOT_SHARD_COUNT", problem: "1 to 4096",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			c, err := Load(getenv, tt.needToken)
			if tt.setting == "" {
				if err != nil {
					t.Fatalf("Load(%v): %v", tt.env, err)
				}
				tt.check(t, c)
				return
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("Load(%v) error = %v, want a *config.Error naming %s", tt.env, err, tt.setting)
			}
			if se.Setting != tt.setting || !strings.Contains(se.Problem, tt.problem) {
				t.Errorf("Load(%v) error = %q, want %s: …%s…", tt.env, err, tt.setting, tt.problem)
			}
			if !strings.HasPrefix(err.Error(), tt.setting+": ") {
				t.Errorf("Load(%v) error reads %q, want it to begin with %s", tt.env, err, tt.setting)
			}
		})
	}
}

func wantToken(want string) func(*testing.T, Config) {
	return func(t *testing.T, c Config) {
		t.Helper()
		if c.Token != want {
			t.Errorf("Token = %q, want %q", c.Token, want)
		}
	}
}

func wantRoles(want ...string) func(*testing.T, Config) {
	return func(t *testing.T, c Config) {
		t.Helper()
		if !slices.Equal(c.ModeratorRoles, want) {
			t.Errorf("ModeratorRoles = %q, want %q", c.ModeratorRoles, want)
		}
	}
}

func wantLog(format string, level slog.Level) func(*testing.T, Config) {
	return func(t *testing.T, c Config) {
		t.Helper()
		if c.LogFormat != format || c.LogLevel != level {
			t.Errorf("LogFormat, LogLevel = %q, %v; want %q, %v", c.LogFormat, c.LogLevel, format, level)
		}
	}
}

func wantFeeds(interval time.Duration, channel string) func(*testing.T, Config) {
	return func(t *testing.T, c Config) {
		t.Helper()
		if c.FeedInterval != interval || c.AnnounceChannel != channel {
			t.Errorf("FeedInterval, AnnounceChannel = %v, %q; want %v, %q", c.FeedInterval, c.AnnounceChannel, interval, channel)
		}
	}
}
