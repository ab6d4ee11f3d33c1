package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/internal/fakediscord"
)

// TestServeStopsCleanlyOnSIGTERM runs the real program (this test binary,
// re-executed as talksbot serve) against a fake Discord, asks it a question,
// sends SIGTERM and expects a clean exit 0.
func TestServeStopsCleanlyOnSIGTERM(t *testing.T) {
	if os.Getenv("TALKSBOT_TEST_SERVE") == "1" {
		os.Args = []string{"talksbot", "serve"}
		main() // exits
		return
	}
	t.Parallel()
	fd := fakediscord.New(t)
	env := map[string]string{"DISCORD_TOKEN": "secret-token-value", "DISCORD_API_URL": fd.APIURL(),
		"TALKSBOT_DATA_DIR": t.TempDir(), "TALKSBOT_CORPUS_DIR": "", "TALKSBOT_METRICS_ADDR": freeAddr(t)}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeStopsCleanlyOnSIGTERM$")
	cmd.Env = append(os.Environ(), "TALKSBOT_TEST_SERVE=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	fd.WaitFor(t, fakediscord.MatchRoute(fakediscord.RouteGlobalCommands), 30*time.Second)
	// The gateway opens at once; the first build of the index (a few
	// seconds) must finish before a question gets an answer.
	health := func() int {
		var out, errOut bytes.Buffer
		return run(context.Background(), []string{"health"}, &out, &errOut, func(k string) string { return env[k] })
	}
	for deadline := time.Now().Add(60 * time.Second); health() != 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	id, _ := fd.DispatchInteraction(t, map[string]any{
		"type": 2, "guild_id": "1200000000000000001", "channel_id": "1200000000000000002", "locale": "en-US",
		"member": map[string]any{"user": map[string]any{"id": "1300000000000000001", "username": "alice", "discriminator": "0"},
			"roles": []string{}, "joined_at": "2024-01-01T00:00:00.000000+00:00", "permissions": "0", "deaf": false, "mute": false, "flags": 0},
		"data": map[string]any{"id": "1400000000000000001", "name": "who-attended", "type": 1},
	})
	fd.WaitFor(t, fakediscord.MatchCallback(id), 10*time.Second)
	fd.WaitHeartbeat(t, 10*time.Second)

	// The health check the container runs, and the metrics.
	if code := health(); code != 0 {
		t.Errorf("talksbot health = %d while serving, want 0", code)
	}
	// The bot counts an interaction just after sending its reply: poll.
	var metrics string
	counted := `talksbot_commands_total{command="who-attended",outcome="ok",transport="gateway"} 1`
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if metrics = get(t, "http://"+env["TALKSBOT_METRICS_ADDR"]+"/metrics"); strings.Contains(metrics, counted) {
			break
		}
	}
	for _, want := range []string{counted, "talksbot_index_articles 5"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("talksbot serve after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("talksbot serve did not stop within 15 s of SIGTERM\n%s", stderr.String())
	}
	if code := health(); code != 1 {
		t.Errorf("talksbot health = %d after the bot stopped, want 1", code)
	}
	log := stderr.String()
	for _, want := range []string{"bot ready", "bot stopping", "stopped"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "secret-token-value") {
		t.Error("the token was logged")
	}
	fd.AssertNoViolations(t)
}

func TestServeRefusesBadSettings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		env     map[string]string
		setting string
	}{
		{map[string]string{}, "DISCORD_TOKEN"},
		{map[string]string{"DISCORD_TOKEN": "x", "DISCORD_GUILD_ID": "my-server"}, "DISCORD_GUILD_ID"},
		{map[string]string{"DISCORD_TOKEN": "x", "DISCORD_API_URL": "ftp://proxy"}, "DISCORD_API_URL"},
		{map[string]string{"DISCORD_TOKEN": "x", "TALKSBOT_MODERATOR_ROLES": "123,mods"}, "TALKSBOT_MODERATOR_ROLES"},
		{map[string]string{"DISCORD_TOKEN": "x", "TALKSBOT_LOG_LEVEL": "loud"}, "TALKSBOT_LOG_LEVEL"},
	}
	for _, c := range cases {
		t.Run(c.setting, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			getenv := func(k string) string { return c.env[k] }
			code := run(context.Background(), []string{"serve"}, &stdout, &stderr, getenv)
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], c.setting) {
				t.Errorf("exit %d, stderr %q; want exit 2 and one line naming %s", code, stderr.String(), c.setting)
			}
		})
	}
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return string(b)
}

// TestServeHealthWhileBuilding: on a first start with a large corpus,
// /healthz answers 503 "building the index" during the build (not a
// refused connection), then 200 once serving.
func TestServeHealthWhileBuilding(t *testing.T) {
	if os.Getenv("TALKSBOT_TEST_SERVE") == "1" {
		os.Args = []string{"talksbot", "serve"}
		main() // exits
		return
	}
	t.Parallel()
	dir := t.TempDir()
	names, _ := fs.Glob(corpus.FS(), "*.txt")
	for i := range 300 {
		for _, n := range names {
			b, _ := fs.ReadFile(corpus.FS(), n)
			text := string(b) + fmt.Sprintf("\n\nArchive note %d: the report was filed under number %d.\n", i, i*7919)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d_%s", i, n)), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	fd := fakediscord.New(t)
	addr, httpAddr := freeAddr(t), freeAddr(t)
	pub, key, _ := ed25519.GenerateKey(nil)
	env := map[string]string{"DISCORD_TOKEN": "secret-token-value", "DISCORD_API_URL": fd.APIURL(),
		"TALKSBOT_DATA_DIR": t.TempDir(), "TALKSBOT_CORPUS_DIR": dir, "TALKSBOT_METRICS_ADDR": addr,
		"TALKSBOT_HTTP_ADDR": httpAddr, "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub)}
	// A /search asked during the build: a signed HTTP interaction.
	ask := func(id string) (int, string) {
		body := []byte(`{"id":"` + id + `","application_id":"1","type":2,"token":"tok","version":1,` +
			`"channel_id":"2","guild_id":"3","member":{"user":{"id":"4","username":"asker"},"roles":[]},` +
			`"data":{"id":"5","name":"search","type":1,"options":[{"name":"query","type":3,"value":"ceasefire"}]}}`)
		req, _ := http.NewRequest(http.MethodPost, "http://"+httpAddr+"/interactions", bytes.NewReader(body))
		stamp := strconv.FormatInt(time.Now().Unix(), 10)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature-Timestamp", stamp)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeHealthWhileBuilding$")
	cmd.Env = append(os.Environ(), "TALKSBOT_TEST_SERVE=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sawBuilding, sawReady, asked := false, false, false
	counts := regexp.MustCompile(`building the index: (\d+)/(\d+) articles`)
	for deadline := time.Now().Add(120 * time.Second); time.Now().Before(deadline) && !sawReady; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			continue // not listening yet
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch m := counts.FindStringSubmatch(string(body)); {
		case resp.StatusCode == http.StatusServiceUnavailable && m != nil:
			if n, _ := strconv.Atoi(m[1]); n > 0 && m[2] == strconv.Itoa(300*len(names)) {
				sawBuilding = true
			}
			if !asked {
				// The interactions endpoint is open during the build and
				// says the index is not ready, rather than failing.
				asked = true
				code, reply := ask("900000000000000001")
				if code != http.StatusOK || !strings.Contains(reply, "still indexing") || !strings.Contains(reply, `"flags":64`) {
					t.Errorf("a /search during the build: %d %s; want 200, an ephemeral 'still indexing'", code, reply)
				}
			}
		case resp.StatusCode == http.StatusOK:
			sawReady = true
		}
	}
	if !sawBuilding || !sawReady || !asked {
		t.Errorf("/healthz: saw building N/%d %v, ready %v, asked %v; want all\n%s", 300*len(names), sawBuilding, sawReady, asked, stderr.String())
	}
	if code, reply := ask("900000000000000002"); code != http.StatusOK || strings.Contains(reply, "still indexing") {
		t.Errorf("a /search once ready: %d %s; want an answer", code, reply)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if !strings.Contains(stderr.String(), "still building the index") {
		t.Errorf("no progress logged during the build:\n%s", stderr.String())
	}
}
