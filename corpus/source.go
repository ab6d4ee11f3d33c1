package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"

	"github.com/talksbot/talksbot/extract"
)

// Source is where a corpus's articles come from: a folder and the data
// files to fall back on when it has none of its own.
type Source struct {
	Dir      fs.FS
	Fallback fs.FS
	// Key names the corpus in the data folder, so that indexes of different
	// corpora never mix ("embedded", or the corpus folder's path).
	Key string
}

// Fingerprint identifies the state of a corpus cheaply: file names, sizes
// and times, or contents where the file system has no times (embedded), and
// the fallback data files that apply. salt goes first, so that a change in
// what the caller makes of the corpus (an index's schema) changes it too.
func Fingerprint(src Source, salt string) (string, error) {
	h := sha256.New()
	fmt.Fprintln(h, salt)
	add := func(fsys fs.FS, label string) error {
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			return err
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			info, err := e.Info()
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s %s %d %d\n", label, e.Name(), info.Size(), info.ModTime().UnixNano())
			if info.ModTime().IsZero() {
				data, err := fs.ReadFile(fsys, e.Name())
				if err != nil {
					return err
				}
				h.Write(data)
			}
		}
		return nil
	}
	if err := add(src.Dir, "corpus"); err != nil {
		return "", fmt.Errorf("read corpus: %w", err)
	}
	if src.Fallback != nil {
		for _, name := range []string{extract.PeopleFile, extract.TopicsFile, extract.PlacesFile, extract.SidesFile} {
			if _, err := fs.Stat(src.Dir, name); err == nil {
				continue
			}
			data, _ := fs.ReadFile(src.Fallback, name)
			fmt.Fprintf(h, "fallback %s\n", name)
			h.Write(data)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
