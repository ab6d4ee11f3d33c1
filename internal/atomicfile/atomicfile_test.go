package atomicfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/talksbot/talksbot/internal/atomicfile"
)

// readDir returns the names in dir.
func readDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// checkFile fails unless path holds want.
func checkFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s = %q, want %q", filepath.Base(path), got, want)
	}
}

func TestWriteCreatesAndOverwrites(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "current")
	for _, want := range []string{"build-1\n", "build-22\n", ""} {
		if err := atomicfile.Write(path, []byte(want), 0o644); err != nil {
			t.Fatalf("Write(%q): %v", want, err)
		}
		checkFile(t, path, want)
		if names := readDir(t, dir); len(names) != 1 || names[0] != "current" {
			t.Errorf("after Write(%q) the folder holds %q, want only current", want, names)
		}
	}
}

func TestWritePermissions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.md")
	if err := atomicfile.Write(path, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("new file mode = %v, want %v", got, fs.FileMode(0o600))
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(path, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err = os.Stat(path); err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o640 {
		t.Errorf("replaced file mode = %v, want the old %v", got, fs.FileMode(0o640))
	}
}

func TestWriteErrorKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "current")
	if err := os.WriteFile(old, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := atomicfile.Write(filepath.Join(dir, "missing", "current"), []byte("new\n"), 0o644)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Write into a missing folder: error = %v, want one wrapping fs.ErrNotExist", err)
	}
	// A path that is a folder cannot be renamed over: the temporary file
	// is written, then removed.
	target := filepath.Join(dir, "taken")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(target, []byte("new\n"), 0o644); err == nil {
		t.Error("Write over a folder: no error")
	}
	checkFile(t, old, "old\n")
	if names := readDir(t, dir); len(names) != 2 {
		t.Errorf("after failed writes the folder holds %q, want current and taken", names)
	}
}
