package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// Each phase of a run (build, serve, load, …) runs in a child process: the
// peak resident set size the kernel keeps (VmHWM) is per process and never
// goes down, and a Go heap keeps memory it freed for a while, so only a
// fresh process tells how much one phase needs.
const (
	childEnv = "TALKSBOT_BENCH_PHASE" // the phase to run
	argsEnv  = "TALKSBOT_BENCH_ARGS"  // its arguments, as JSON
)

// phaseArgs is everything a phase needs to know.
type phaseArgs struct {
	Articles    int    `json:"articles"`
	Seed        uint64 `json:"seed"`
	CorpusDir   string `json:"corpus_dir"` // "" when the corpus is made in memory
	DataDir     string `json:"data_dir"`
	Work        string `json:"work"` // the size's working folder
	Queries     int    `json:"queries"`
	FTSQueries  int    `json:"fts_queries,omitempty"` // FTS5 asks only the first this many of each intent; 0: all
	Concurrency int    `json:"concurrency"`
	TopK        int    `json:"top_k"`
	ProfileDir  string `json:"profile_dir,omitempty"`
	PagesDir    string `json:"pages_dir,omitempty"` // real-report style pages from this folder's files
}

// phaseFunc returns the function that runs the phase named, which returns
// its result as a JSON value.
func phaseFunc(name string) (func(phaseArgs) (any, error), bool) {
	switch name {
	case "build":
		return phaseBuild, true
	case "serve":
		return phaseServe, true
	case "dump":
		return phaseDump, true
	case "bleve-load":
		return phaseBleveLoad, true
	case "fts-load":
		return phaseFTSLoad, true
	case "fts-query":
		return phaseFTSQuery, true
	}
	return nil, false
}

// childMain runs the phase named in the environment, if any, and reports
// whether it did; the caller then exits with code.
func childMain() (ran bool, code int) {
	name := os.Getenv(childEnv)
	if name == "" {
		return false, 0
	}
	f, ok := phaseFunc(name)
	if !ok {
		fmt.Fprintf(os.Stderr, "bench: unknown phase %q\n", name)
		return true, 2
	}
	var a phaseArgs
	if err := json.Unmarshal([]byte(os.Getenv(argsEnv)), &a); err != nil {
		fmt.Fprintf(os.Stderr, "bench %s: arguments: %v\n", name, err)
		return true, 2
	}
	res, err := f(a)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench %s: %v\n", name, err)
		return true, 1
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintf(os.Stderr, "bench %s: %v\n", name, err)
		return true, 1
	}
	return true, 0
}

// runPhase runs a phase in a child process (this same program) and decodes
// its result into out. The child's standard error passes through, each
// line prefixed with the phase.
func runPhase(name string, a phaseArgs, stderr io.Writer, out any) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("phase %s: %w", name, err)
	}
	args, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("phase %s: %w", name, err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"="+name, argsEnv+"="+string(args))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			fmt.Fprintf(stderr, "  [%s %s] %s\n", strconv.Itoa(a.Articles), name, sc.Text())
		}
		io.Copy(io.Discard, pr)
	}()
	err = cmd.Run()
	pw.Close()
	<-done
	if err != nil {
		return fmt.Errorf("phase %s: %w", name, err)
	}
	if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), out); err != nil {
		return fmt.Errorf("phase %s: result %q: %w", name, strings.TrimSpace(stdout.String()), err)
	}
	return nil
}
