// Package redistest runs a real redis-server for tests: on a free loopback
// port, with its files in a temporary folder, stopped when the test ends.
// Where redis-server is not installed the test is skipped with one line
// saying so, unless TALKSBOT_REQUIRE_REDIS=1 (set by .ci/run), which makes
// it fail instead, so that CI never skips these tests silently.
package redistest

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a running redis-server.
type Server struct {
	Addr string // host:port
	dir  string
	cmd  *exec.Cmd
	exit chan struct{}
	log  *strings.Builder
}

// Start starts a redis-server for t, or skips t when none is installed.
// It keeps its data in an append-only file, so that Stop then Start again
// keeps what was written, as a Redis deployed with persistence does.
func Start(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("TALKSBOT_REQUIRE_REDIS") == "1" {
			t.Fatal("redis-server is not installed and TALKSBOT_REQUIRE_REDIS=1: install it (apt-get install redis-server)")
		}
		t.Skip("redis-server is not installed: skipping the tests against Redis (apt-get install redis-server runs them)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &Server{Addr: addr, dir: t.TempDir()}
	s.Restart(t)
	t.Cleanup(func() { s.Stop(t) })
	return s
}

// URL is the server's address as TALKSBOT_REDIS_URL takes it.
func (s *Server) URL() string { return "redis://" + s.Addr + "/0" }

// Restart starts the server again after Stop, on the same port and files.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	_, port, _ := net.SplitHostPort(s.Addr)
	s.cmd = exec.Command("redis-server", "--port", port, "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--protected-mode", "no", "--daemonize", "no")
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.exit, s.log = make(chan struct{}), &strings.Builder{}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		once := false
		for sc.Scan() {
			s.log.WriteString(sc.Text() + "\n")
			if !once && strings.Contains(sc.Text(), "Ready to accept connections") {
				once = true
				close(ready)
			}
		}
		s.cmd.Wait()
		close(s.exit)
	}()
	select {
	case <-ready:
	case <-s.exit:
		t.Fatalf("redis-server exited at start:\n%s", s.log)
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		t.Fatalf("redis-server not ready within 20 s")
	}
}

// Stop stops the server (SIGTERM, as a deploy does) and waits for it.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	select {
	case <-s.exit:
		return // stopped already
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exit:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exit
		t.Errorf("redis-server did not stop within 10 s of SIGTERM")
	}
}

// String names the server in test messages.
func (s *Server) String() string { return fmt.Sprintf("redis-server on %s", s.Addr) }

// Hanging starts a TCP server that accepts connections and never replies,
// as a Redis behind a dead network path or paused does, and returns its
// URL. It stops when t ends.
func Hanging(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go io.Copy(io.Discard, c) // read, never answer
		}
	}()
	return "redis://" + ln.Addr().String() + "/0"
}
