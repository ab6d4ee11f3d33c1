package fakediscord

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specURL names Discord's OpenAPI description inside the schema compiler.
const specURL = "https://discord.com/openapi.json"

// specs caches Discord's OpenAPI description, loaded at most once per
// process and path (it is over 1 MB): absolute path → *specCache.
var specs sync.Map

// specCache is one loaded OpenAPI description and the request body schemas
// compiled from it so far.
type specCache struct {
	once sync.Once
	err  error
	ops  []specOp // operations with a JSON request body

	mu       sync.Mutex // guards compiler and schemas; compiling is not concurrent-safe
	compiler *jsonschema.Compiler
	schemas  map[string]*jsonschema.Schema // by specOp.key
}

// specOp is an operation of the description that takes a JSON body.
type specOp struct {
	method, path string // "POST", "/channels/{channel_id}/messages"
	literals     int    // segments without a placeholder, to prefer the most specific path
}

func (o specOp) key() string { return o.method + " " + o.path }

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

// loadSpec returns the OpenAPI description at path, reading it on the
// first use in this process.
func loadSpec(path string) (*specCache, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("load OpenAPI description: %w", err)
	}
	v, _ := specs.LoadOrStore(abs, &specCache{})
	sc := v.(*specCache)
	sc.once.Do(func() { sc.err = sc.load(abs) })
	if sc.err != nil {
		return nil, sc.err
	}
	return sc, nil
}

func (sc *specCache) load(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("load OpenAPI description: %w", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return fmt.Errorf("load OpenAPI description %s: %w", path, err)
	}
	for p, item := range obj(obj(doc)["paths"]) {
		for method, op := range obj(item) {
			if _, ok := obj(obj(obj(obj(op)["requestBody"])["content"])["application/json"])["schema"]; !ok {
				continue
			}
			o := specOp{method: strings.ToUpper(method), path: p}
			for _, seg := range strings.Split(p, "/") {
				if !strings.HasPrefix(seg, "{") {
					o.literals++
				}
			}
			sc.ops = append(sc.ops, o)
		}
	}
	sc.compiler = jsonschema.NewCompiler()
	sc.compiler.DefaultDraft(jsonschema.Draft2020)
	if err := sc.compiler.AddResource(specURL, doc); err != nil {
		return fmt.Errorf("load OpenAPI description %s: %w", path, err)
	}
	sc.schemas = map[string]*jsonschema.Schema{}
	return nil
}

// schema returns the compiled request body schema of the operation that
// method and rest (the path below the API root) reach, or nil when the
// description has no JSON body for it.
func (sc *specCache) schema(method, rest string) (*specOp, *jsonschema.Schema, error) {
	var best *specOp
	for i, o := range sc.ops {
		if o.method != method || (best != nil && o.literals <= best.literals) {
			continue
		}
		if _, ok := matchPath(o.path, rest); ok {
			best = &sc.ops[i]
		}
	}
	if best == nil {
		return nil, nil, nil
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sch, ok := sc.schemas[best.key()]; ok {
		return best, sch, nil
	}
	ptr := strings.NewReplacer("~", "~0", "/", "~1").Replace(best.path)
	sch, err := sc.compiler.Compile(specURL + "#/paths/" + ptr + "/" + strings.ToLower(method) + "/requestBody/content/application~1json/schema")
	if err != nil {
		return best, nil, fmt.Errorf("compile the body schema of %s: %w", best.key(), err)
	}
	sc.schemas[best.key()] = sch
	return best, sch, nil
}

// startSpec loads the OpenAPI description at path in the background;
// validations wait for it. Without a file there is nothing to wait for.
func (s *Server) startSpec(path string) {
	if _, err := os.Stat(path); path == "" || errors.Is(err, fs.ErrNotExist) {
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

// scheduleValidation validates a request body against its operation's
// request body schema in the background, so that the answer is never
// delayed by loading the description or compiling a schema (which take
// seconds under the race detector). A body that fails is a violation.
func (s *Server) scheduleValidation(method, path, rest string, body []byte) {
	s.mu.Lock()
	s.pending++
	s.mu.Unlock()
	go func() {
		<-s.specReady
		ok, err := s.validateSpec(method, rest, body)
		s.mu.Lock()
		defer s.mu.Unlock()
		if ok {
			s.specValidated++
		}
		if err != nil {
			s.violateLocked(RuleOpenAPI, method, path, "%v", err)
		}
		s.pending--
		s.notifyLocked()
	}()
}

// validateSpec validates body, sent to rest below the API root, against
// the request body schema of its operation. Authentication, parameters and
// responses are not checked. ok is false when nothing was validated: no
// description, or no JSON body schema for the operation.
func (s *Server) validateSpec(method, rest string, body []byte) (ok bool, err error) {
	if s.spec == nil {
		return false, nil
	}
	op, sch, err := s.spec.schema(method, rest)
	if err != nil || sch == nil {
		return false, err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return true, fmt.Errorf("%s: body is not JSON: %w", op.key(), err)
	}
	if err := sch.Validate(v); err != nil {
		_, detail, _ := strings.Cut(err.Error(), "\n") // drop "jsonschema validation failed with <url>"
		return true, fmt.Errorf("%s: %s", op.key(), condense(detail))
	}
	return true, nil
}

// condense puts a multi-line schema error on one line of its distinct
// lines, at most 1,500 characters.
func condense(msg string) string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(msg, "\n") {
		line = strings.TrimPrefix(strings.TrimSpace(line), "- ")
		if line == "" || seen[line] {
			continue
		}
		seen[line] = true
		out = append(out, line)
	}
	s := strings.Join(out, "; ")
	if len(s) > 1500 {
		s = s[:1500] + "…"
	}
	return s
}
