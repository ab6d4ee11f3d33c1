package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talksbot/talksbot/internal/fakediscord"
	"github.com/talksbot/talksbot/internal/redistest"
)

// BenchmarkReplicaAnswers measures answers per second of one replica
// without Redis, and of one and of two talksbot serve --http replicas
// sharing a Redis, on the built-in corpus:
// b.N signed /search interactions, each with a query of its own (no
// cached answers) and a member of its own (no cooldown), 16 at a time,
// spread round-robin over the replicas. Run it alone, e.g.
//
//	go test -run '^$' -bench ReplicaAnswers -benchtime 3000x .
//
// and record the machine's load (cat /proc/loadavg) with the figures: the
// load generator, the fake Discord, Redis and the replicas share the CPU.
func BenchmarkReplicaAnswers(b *testing.B) {
	for _, v := range []struct {
		n     int
		redis bool
	}{{1, false}, {1, true}, {2, true}} {
		n := v.n
		b.Run(fmt.Sprintf("replicas=%d/redis=%v", n, v.redis), func(b *testing.B) {
			red := redistest.Start(b)
			fd := fakediscord.New(b)
			pub, priv, _ := ed25519.GenerateKey(nil)
			base := b.TempDir()
			var reps []*replicaProc
			for i := range n {
				r := newReplica(b, fmt.Sprintf("replica %d", i), base, fd.APIURL(), pub, red.URL())
				r.env = append(r.env, "TALKSBOT_LOG_LEVEL=warn", "TALKSBOT_CORPUS_DIR=")
				if !v.redis {
					r.env = append(r.env, "TALKSBOT_REDIS_URL=")
				}
				r.start(b)
				reps = append(reps, r)
			}
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}, Timeout: 30 * time.Second}
			words := []string{"Geneva", "Istanbul", "ceasefire", "prisoners", "Witkoff", "Umerov", "territory", "security guarantees"}
			var next, answered, failed atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range 16 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := next.Add(1)
						if i > int64(b.N) {
							return
						}
						user := fmt.Sprintf("13%017d", i)
						payload := command(memberOf(user, 0), "search", strOpt("query", fmt.Sprintf("%s %d", words[i%int64(len(words))], i)))
						body, _, _ := fd.HTTPInteraction(b, payload)
						stamp := strconv.FormatInt(time.Now().Unix(), 10)
						req, _ := http.NewRequest(http.MethodPost, "http://"+reps[i%int64(n)].addr+"/interactions", bytes.NewReader(body))
						req.Header.Set("Content-Type", "application/json")
						req.Header.Set("X-Signature-Timestamp", stamp)
						req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(stamp), body...))))
						resp, err := client.Do(req)
						if err != nil {
							failed.Add(1)
							continue
						}
						out, _ := io.ReadAll(resp.Body)
						resp.Body.Close()
						if resp.StatusCode == 200 && strings.Contains(string(out), `"type":4`) {
							answered.Add(1)
						} else {
							failed.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(answered.Load())/elapsed.Seconds(), "answers/s")
			if f := failed.Load(); f > 0 {
				b.Errorf("%d of %d interactions not answered directly", f, b.N)
			}
			load, _ := os.ReadFile("/proc/loadavg")
			b.Logf("loadavg after: %s", strings.TrimSpace(string(load)))
		})
	}
}
