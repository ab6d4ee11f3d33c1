package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

// TestMain lets the test binary stand in for the bench program when a run
// starts a phase in a child process.
func TestMain(m *testing.M) {
	if ran, code := childMain(); ran {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestSmoke runs the smallest size end to end, every phase in its child
// process, and checks that the JSON has every field of the report.
func TestSmoke(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--smoke", "--json", "--queries", "8", "--work", t.TempDir()}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, stdout.String())
	}
	checkFields(t, "report", reflect.TypeFor[report](), got)

	var rep report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Sizes) != 1 {
		t.Fatalf("sizes = %d, want 1", len(rep.Sizes))
	}
	s := rep.Sizes[0]
	if s.Articles != 100 || s.Build.Articles != 100 || s.Build.Passages < 500 {
		t.Errorf("built %d of %d articles, %d passages; want 100 articles and hundreds of passages", s.Build.Articles, s.Articles, s.Build.Passages)
	}
	if s.Load.Bleve.Passages != s.Build.Passages || s.Load.FTS5.Passages != s.Build.Passages {
		t.Errorf("loaded %d (Bleve) and %d (FTS5) passages, want the %d built", s.Load.Bleve.Passages, s.Load.FTS5.Passages, s.Build.Passages)
	}
	for _, intent := range intents {
		for side, m := range map[string]map[string]*latency{"serve": s.Serve.Intents, "fts5": s.FTS5.Intents, "fts5 top k": s.FTS5.IntentsTopK} {
			l := m[intent]
			if l == nil || l.N != 8 || l.P50 <= 0 || l.P99 < l.P50 || l.Max < l.P99 || l.AnswersPerS <= 0 {
				t.Errorf("%s %s = %+v, want 8 timed questions", side, intent, l)
			}
		}
		if c := s.Compare[intent]; c.P99Ratio <= 0 {
			t.Errorf("compare %s = %+v, want ratios", intent, c)
		}
	}
	if _, err := os.Stat("/proc/stat"); err == nil && (s.StealPct < 0 || s.StealPct > 100) {
		t.Errorf("steal = %v%%, want a share of the CPU time", s.StealPct)
	}
	if s.Serve.Intents["search"].Hits == 0 || s.FTS5.Intents["search"].Hits == 0 {
		t.Errorf("searches found nothing: talksbot %v, FTS5 %v", s.Serve.Intents["search"].Hits, s.FTS5.Intents["search"].Hits)
	}
}

// checkFields reports every field of type t (by its JSON name) missing
// from v, and looks inside structs, maps and slices of structs.
func checkFields(t *testing.T, path string, typ reflect.Type, v any) {
	t.Helper()
	switch typ.Kind() {
	case reflect.Pointer:
		checkFields(t, path, typ.Elem(), v)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s = %v, want an object", path, v)
			return
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			fv, ok := m[name]
			if !ok {
				t.Errorf("%s has no field %q", path, name)
				continue
			}
			checkFields(t, path+"."+name, f.Type, fv)
		}
	case reflect.Slice, reflect.Array:
		list, ok := v.([]any)
		if !ok {
			t.Errorf("%s = %v, want a list", path, v)
			return
		}
		for _, e := range list {
			checkFields(t, path+"[]", typ.Elem(), e)
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s = %v, want an object", path, v)
			return
		}
		if typ.Elem().Kind() == reflect.Pointer || typ.Elem().Kind() == reflect.Struct {
			for _, intent := range intents {
				if e, ok := m[intent]; !ok {
					t.Errorf("%s has no %q", path, intent)
				} else {
					checkFields(t, path+"."+intent, typ.Elem(), e)
				}
			}
		}
	}
}

// TestWriteCorpus: --write puts N articles in a new folder that the bot's
// corpus reader accepts, and refuses a folder that already holds files.
func TestWriteCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--write", dir, "--articles", "25"}, &stdout, &stderr); code != 0 {
		t.Fatalf("run --write = %d, stderr %s", code, stderr.String())
	}
	c, err := corpus.Load(os.DirFS(dir), corpus.FS())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Articles) != 25 || len(c.Problems) != 0 {
		t.Errorf("the written corpus reads as %d articles, %d problems; want 25, 0 (stdout %q)", len(c.Articles), len(c.Problems), stdout.String())
	}
	stderr.Reset()
	if code := run([]string{"--write", dir, "--articles", "5"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "not empty") {
		t.Errorf("run --write into a full folder = %d, %q; want 1, not empty", code, stderr.String())
	}
	if code := run([]string{"--write", dir, "--articles", "5,10"}, &stdout, &stderr); code != 2 {
		t.Errorf("run --write with two sizes = %d, want 2", code)
	}
}

// TestSmokePages builds and asks a corpus of real-report style pages.
func TestSmokePages(t *testing.T) {
	pages := filepath.Join("..", "..", "shared", "real-corpus")
	if _, err := os.Stat(pages); err != nil {
		t.Skip("no real-corpus beside the repository")
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--smoke", "--json", "--no-fts", "--queries", "4", "--pages", pages, "--work", t.TempDir()}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, stderr.String())
	}
	var rep report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if s := rep.Sizes[0]; rep.Config.Pages != pages || s.Build.Articles != 100 || s.Build.Passages < 500 || s.Build.Meetings == 0 {
		t.Errorf("pages %q: built %d articles, %d passages, %d meetings; want 100 articles, hundreds of passages, meetings",
			rep.Config.Pages, s.Build.Articles, s.Build.Passages, s.Build.Meetings)
	}
}
