package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Request is one REST request the fake received.
type Request struct {
	Method string
	Path   string // as sent, e.g. "/api/v9/interactions/1/tok/callback"
	Query  url.Values
	Header http.Header
	// Route is the route template it matched, one of the Route constants,
	// or "" when the fake does not know the route.
	Route  string
	Params map[string]string // values of the route's {placeholders}
	// InteractionID is set on callbacks and on webhook requests made with
	// an interaction's token.
	InteractionID string
	Body          []byte // the JSON body (the payload_json part of a multipart body)
	JSON          any    // Body decoded, nil when there is none
	Files         int    // number of files in a multipart body
	// Attachments are the files of a multipart body, in order.
	Attachments []Attachment
	Time        time.Time
	Status      int  // HTTP status the fake answered
	Unexpected  bool // the fake does not know this route
}

// Decode unmarshals the request's JSON body into v.
func (r Request) Decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("decode %s %s: %w", r.Method, r.Path, err)
	}
	return nil
}

// String returns "METHOD path -> status".
func (r Request) String() string {
	return fmt.Sprintf("%s %s -> %d", r.Method, r.Path, r.Status)
}

// Violation is a breach of one of Discord's rules by the client.
type Violation struct {
	Rule   string // one of the Rule constants
	Detail string
	Method string // of the request that broke the rule, "" for the gateway
	Path   string
	Time   time.Time
}

// String returns the violation on one line.
func (v Violation) String() string {
	if v.Method == "" {
		return fmt.Sprintf("%s: %s", v.Rule, v.Detail)
	}
	return fmt.Sprintf("%s: %s %s: %s", v.Rule, v.Method, v.Path, v.Detail)
}

// MatchRoute matches the requests on route, one of the Route constants.
func MatchRoute(route string) func(Request) bool {
	return func(r Request) bool { return r.Route == route }
}

// MatchInteraction matches the requests about the interaction with this id:
// its callback, and edits and follow-ups made with its token.
func MatchInteraction(id string) func(Request) bool {
	return func(r Request) bool { return r.InteractionID == id }
}

// MatchCallback matches the callback of the interaction with this id.
func MatchCallback(id string) func(Request) bool {
	return func(r Request) bool { return r.Route == RouteCallback && r.InteractionID == id }
}

// Requests returns the REST requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Violations returns the rule breaches recorded so far, oldest first,
// once the OpenAPI validations under way are done.
func (s *Server) Violations() []Violation {
	s.settle()
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// AssertNoViolations fails the test, listing them, if any rule was broken.
func (s *Server) AssertNoViolations(t testing.TB) {
	t.Helper()
	vs := s.Violations()
	if len(vs) == 0 {
		return
	}
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = "  " + v.String()
	}
	t.Errorf("fake Discord recorded %d violation(s):\n%s", len(vs), strings.Join(lines, "\n"))
}

// ExpectViolation removes and returns the oldest violation of rule, failing
// the test when there is none. A test that provokes a breach on purpose
// takes it away with this and can still end with AssertNoViolations.
func (s *Server) ExpectViolation(t testing.TB, rule string) Violation {
	t.Helper()
	s.settle()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, v := range s.violations {
		if v.Rule == rule {
			s.violations = append(s.violations[:i], s.violations[i+1:]...)
			return v
		}
	}
	t.Fatalf("no %q violation among %d recorded: %v", rule, len(s.violations), s.violations)
	return Violation{}
}

// WaitFor returns the first recorded request that match accepts, waiting up
// to timeout for it to arrive; the test fails, listing the requests seen,
// when none does. Call it from the test's goroutine.
func (s *Server) WaitFor(t testing.TB, match func(Request) bool, timeout time.Duration) Request {
	t.Helper()
	var found Request
	ok := s.waitUntil(timeout, func() bool {
		for _, r := range s.requests {
			if match(r) {
				found = r
				return true
			}
		}
		return false
	})
	if !ok {
		t.Fatalf("no matching request within %v; received: %v", timeout, s.Requests())
	}
	return found
}

// waitUntil calls cond with s.mu held, now and after every change, until it
// returns true (and so does waitUntil) or timeout passes.
func (s *Server) waitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		done, changed := cond(), s.changed
		s.mu.Unlock()
		if done {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}

// violateLocked records a breach; s.mu must be held.
func (s *Server) violateLocked(rule, method, path, format string, args ...any) {
	s.violations = append(s.violations, Violation{
		Rule:   rule,
		Detail: fmt.Sprintf(format, args...),
		Method: method,
		Path:   path,
		Time:   time.Now(),
	})
	s.notifyLocked()
}

// violate records a breach.
func (s *Server) violate(rule, method, path, format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violateLocked(rule, method, path, format, args...)
}
