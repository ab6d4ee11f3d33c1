package fakediscord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// specServer is the server URL of Discord's OpenAPI description; requests
// are validated as if sent there.
const specServer = "https://discord.com/api/v10"

// specs caches Discord's OpenAPI description, loaded at most once per
// process and path (it is over 1 MB): absolute path → *specCache.
var specs sync.Map

// specCache is one loaded OpenAPI description.
type specCache struct {
	once   sync.Once
	router routers.Router
	err    error
}

// defaultSpecPath returns ../shared/discord-api-spec/openapi.json from the
// nearest directory at or above the working directory that holds go.mod,
// or "" when there is none.
func defaultSpecPath() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "discord-api-spec", "openapi.json")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadSpec returns the OpenAPI description at path, loading it on the
// first use in this process.
func loadSpec(path string) (*specCache, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("load OpenAPI description: %w", err)
	}
	v, _ := specs.LoadOrStore(abs, &specCache{})
	sc := v.(*specCache)
	sc.once.Do(func() {
		loader := openapi3.NewLoader()
		loader.IsExternalRefsAllowed = false
		doc, err := loader.LoadFromFile(abs)
		if err != nil {
			sc.err = fmt.Errorf("load OpenAPI description %s: %w", abs, err)
			return
		}
		if sc.router, err = gorillamux.NewRouter(doc); err != nil {
			sc.err = fmt.Errorf("route OpenAPI description %s: %w", abs, err)
		}
	})
	if sc.err != nil {
		return nil, sc.err
	}
	return sc, nil
}

// startSpec loads the OpenAPI description at path in the background;
// validations wait for it. Without a file there is nothing to wait for.
func (s *Server) startSpec(path string) {
	if path == "" {
		close(s.specReady)
		return
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		close(s.specReady)
		return
	}
	s.mu.Lock()
	s.pending++
	s.mu.Unlock()
	go func() {
		spec, err := loadSpec(path)
		s.spec = spec // published by closing specReady
		close(s.specReady)
		s.mu.Lock()
		defer s.mu.Unlock()
		if err != nil {
			s.violateLocked(RuleOpenAPI, "", "", "%v", err)
		}
		s.pending--
		s.notifyLocked()
	}()
}

// SpecLoaded tells whether request bodies are validated against Discord's
// OpenAPI description, waiting for it to be loaded.
func (s *Server) SpecLoaded() bool {
	<-s.specReady
	return s.spec != nil
}

// SpecValidated returns how many request bodies were validated against
// Discord's OpenAPI description, once the validations under way are done.
func (s *Server) SpecValidated() int {
	s.settle()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.specValidated
}

// settle waits for the loading and validations under way to finish.
func (s *Server) settle() {
	s.waitUntil(time.Hour, func() bool { return s.pending == 0 })
}

// scheduleValidation validates a request body against the operation's
// request body schema in the background, one at a time per server, so
// that the answer is not delayed (validating takes 10–30 ms, seconds under
// the race detector). A body that fails is recorded as a violation.
func (s *Server) scheduleValidation(method, path, rest string, query url.Values, body []byte) {
	s.mu.Lock()
	s.pending++
	s.mu.Unlock()
	go func() {
		<-s.specReady
		s.validateMu.Lock()
		ok, err := s.validateSpec(method, rest, query, body)
		s.validateMu.Unlock()
		s.mu.Lock()
		defer s.mu.Unlock()
		if ok {
			s.specValidated++
		}
		if err != nil {
			s.violateLocked(RuleOpenAPI, method, path, "%s", condense(err.Error()))
		}
		s.pending--
		s.notifyLocked()
	}()
}

// validateSpec validates body, sent to rest below the API root, against
// the request body schema of its operation. Authentication, parameters and
// responses are not checked. ok is false when nothing was validated: no
// description, or no body schema for the operation.
func (s *Server) validateSpec(method, rest string, query url.Values, body []byte) (ok bool, err error) {
	if s.spec == nil {
		return false, nil
	}
	u := specServer + rest
	if q := query.Encode(); q != "" {
		u += "?" + q
	}
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return false, nil
	}
	req.Header.Set("Content-Type", "application/json")
	route, params, err := s.spec.router.FindRoute(req)
	if err != nil || route.Operation.RequestBody == nil || route.Operation.RequestBody.Value == nil {
		return false, nil // the description does not know this operation's body
	}
	opts := &openapi3filter.Options{
		SkipSettingDefaults:       true,
		ExcludeRequestQueryParams: true,
		AuthenticationFunc:        openapi3filter.NoopAuthenticationFunc,
	}
	opts.WithCustomSchemaErrorFunc(func(e *openapi3.SchemaError) string {
		if p := e.JSONPointer(); len(p) > 0 {
			return "/" + strings.Join(p, "/") + ": " + e.Reason
		}
		return e.Reason
	})
	input := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequestBody(context.Background(), input, route.Operation.RequestBody.Value); err != nil {
		return true, fmt.Errorf("%s %s: %w", route.Method, route.Path, err)
	}
	return true, nil
}

// condense shortens a schema error to its distinct lines, at most 1,500 characters.
func condense(msg string) string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(msg, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || seen[line] {
			continue
		}
		seen[line] = true
		out = append(out, line)
	}
	s := strings.Join(out, " | ")
	if len(s) > 1500 {
		s = s[:1500] + "…"
	}
	return s
}
