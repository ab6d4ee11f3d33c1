package index

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenRecoversFromDamage damages a built index in the ways a disk, a
// copy or a person can, then opens it again: Open must build anew, never
// fail or crash, and the new build must answer.
func TestOpenRecoversFromDamage(t *testing.T) {
	removeAll := func(pattern string) func(t *testing.T, build string) {
		return func(t *testing.T, build string) {
			matches, _ := filepath.Glob(filepath.Join(build, pattern))
			if len(matches) == 0 {
				t.Fatalf("nothing matches %s in %s", pattern, build)
			}
			for _, m := range matches {
				if err := os.RemoveAll(m); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	overwrite := func(name, text string) func(t *testing.T, build string) {
		return func(t *testing.T, build string) { writeFile(t, filepath.Join(build, name), text) }
	}
	truncate := func(pattern string, keep int64) func(t *testing.T, build string) {
		return func(t *testing.T, build string) {
			matches, _ := filepath.Glob(filepath.Join(build, pattern))
			if len(matches) == 0 {
				t.Fatalf("nothing matches %s in %s", pattern, build)
			}
			for _, m := range matches {
				info, err := os.Stat(m)
				if err == nil {
					err = os.Truncate(m, info.Size()/keep)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// editMeta changes the build's meta.json as JSON.
	editMeta := func(edit func(m map[string]any)) func(t *testing.T, build string) {
		return func(t *testing.T, build string) {
			raw, err := os.ReadFile(filepath.Join(build, metaFile))
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			edit(m)
			raw, _ = json.Marshal(m)
			writeFile(t, filepath.Join(build, metaFile), string(raw))
		}
	}
	setCurrent := func(text string) func(t *testing.T, build string) {
		return func(t *testing.T, build string) { writeFile(t, filepath.Join(filepath.Dir(build), currentFile), text) }
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, build string)
	}{
		{"current names a missing build", setCurrent("build-404\n")},
		{"current is binary garbage", setCurrent("\x00\xff\xfe../../..\n")},
		{"current is empty", setCurrent("")},
		{"current names the index folder", setCurrent(".\n")},
		{"current removed", func(t *testing.T, build string) {
			if err := os.Remove(filepath.Join(filepath.Dir(build), currentFile)); err != nil {
				t.Fatal(err)
			}
		}},
		{"build emptied", removeAll("*")},
		{"segments deleted", removeAll(filepath.Join("p0000", "store", "*.zap"))},
		{"bolt file deleted", removeAll(filepath.Join("p0000", "store", "root.bolt"))},
		{"bolt file garbage", overwrite(filepath.Join("p0000", "store", "root.bolt"), "not a bolt database")},
		{"bolt file empty", overwrite(filepath.Join("p0000", "store", "root.bolt"), "")},
		{"segment garbage", func(t *testing.T, build string) {
			matches, _ := filepath.Glob(filepath.Join(build, "p0000", "store", "*.zap"))
			if len(matches) == 0 {
				t.Fatal("no segment to damage")
			}
			for _, m := range matches {
				writeFile(t, m, strings.Repeat("\xde\xad\xbe\xef", 64))
			}
		}},
		{"index meta garbage", overwrite(filepath.Join("p0000", "index_meta.json"), "{not json")},
		{"index meta deleted", removeAll(filepath.Join("p0000", "index_meta.json"))},
		{"build meta garbage", overwrite(metaFile, "{not json")},
		{"build meta deleted", removeAll(metaFile)},
		{"build meta names a missing part", overwrite(metaFile, `{"schema":"`+schemaVersion+`","parts":[{"dir":"p0404"}]}`)},
		{"build meta names a part outside", overwrite(metaFile, `{"schema":"`+schemaVersion+`","parts":[{"dir":"../p0000"}]}`)},
		{"build meta puts an article past its part's passages", editMeta(func(m map[string]any) {
			m["articles"].([]any)[0].(map[string]any)["offset"] = 1 << 40
		})},
		{"part replaced by a file", func(t *testing.T, build string) {
			if err := os.RemoveAll(filepath.Join(build, "p0000")); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(build, "p0000"), "a file")
		}},
		{"segment cut in half", truncate(filepath.Join("p0000", "store", "*.zap"), 2)},
		{"accounts file deleted", removeAll(accountsFile)},
		{"build meta has accounts past the accounts file", editMeta(func(m map[string]any) {
			m["meetings"] = []any{map[string]any{"id": "m"}}
			m["accounts_at"] = []any{map[string]any{"offset": 0, "bytes": 1 << 20}}
			m["passages_at"] = []any{map[string]any{"offset": 0, "bytes": 1}}
		})},
		{"passages file deleted", removeAll(filepath.Join("p0000", passagesFile))},
		{"passages file cut in half", truncate(filepath.Join("p0000", passagesFile), 2)},
		// bbolt grows its file ahead of use, so half of it can still hold
		// every page in use: cut to an eighth.
		{"bolt file cut short", truncate(filepath.Join("p0000", "store", "root.bolt"), 8)},
		{"build replaced by a file", func(t *testing.T, build string) {
			if err := os.RemoveAll(build); err != nil {
				t.Fatal(err)
			}
			writeFile(t, build, "a file")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := t.TempDir()
			dir := writeCorpus(t, map[string]string{"a.txt": articleText("Quokka talks resume", "quokka")})
			first := openIndex(t, data, dir)
			build := current(t, first)
			first.Close()

			tt.damage(t, filepath.Join(first.dir, build))
			ix := openIndex(t, data, dir)
			if got := current(t, ix); got == build {
				t.Errorf("Open kept the damaged build %s", build)
			}
			checkFound(t, ix, "quokka", "a")
		})
	}
}

// TestParseAt: a passage's location is read only when whole and sane.
func TestParseAt(t *testing.T) {
	for _, c := range []struct {
		at      string
		part    int
		off, n  int64
		wantsOK bool
	}{
		{"0:0:12", 0, 0, 12, true},
		{"3:123456789012:400", 3, 123456789012, 400, true},
		{"", 0, 0, 0, false},
		{"1:2", 0, 0, 0, false},
		{"1:2:0", 0, 0, 0, false},
		{"-1:2:3", 0, 0, 0, false},
		{"1:-2:3", 0, 0, 0, false},
		{"a:2:3", 0, 0, 0, false},
		{"1:2:3:4", 0, 0, 0, false},
	} {
		part, off, n, ok := parseAt(c.at)
		if ok != c.wantsOK || ok && (part != c.part || off != c.off || n != c.n) {
			t.Errorf("parseAt(%q) = %d, %d, %d, %v; want %d, %d, %d, %v", c.at, part, off, n, ok, c.part, c.off, c.n, c.wantsOK)
		}
	}
}
