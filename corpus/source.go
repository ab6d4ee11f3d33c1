package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
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
	entries, err := fs.ReadDir(src.Dir, ".")
	if err != nil {
		return "", fmt.Errorf("read corpus: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		st, err := stampOf(src.Dir, e)
		if err != nil {
			return "", fmt.Errorf("read corpus: %w", err)
		}
		fmt.Fprintf(h, "corpus %s %d %d %s\n", st.Name, st.Size, st.ModTime, st.Sum)
	}
	addFallback(h, src)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// RulesFingerprint identifies what reading and extraction depend on besides
// the articles: salt (an index's schema) and the data files (people,
// topics, places, sides) of the corpus folder or its fallback. When it is
// unchanged, articles read earlier read the same again.
func RulesFingerprint(src Source, salt string) (string, error) {
	h := sha256.New()
	fmt.Fprintln(h, salt)
	for _, name := range dataFiles {
		info, err := fs.Stat(src.Dir, name)
		if err != nil {
			continue
		}
		st, err := stampOf(src.Dir, fs.FileInfoToDirEntry(info))
		if err != nil {
			return "", fmt.Errorf("read corpus: %w", err)
		}
		fmt.Fprintf(h, "corpus %s %d %d %s\n", st.Name, st.Size, st.ModTime, st.Sum)
	}
	addFallback(h, src)
	return hex.EncodeToString(h.Sum(nil)), nil
}

var dataFiles = []string{extract.PeopleFile, extract.TopicsFile, extract.PlacesFile, extract.SidesFile}

// addFallback hashes the fallback data files that apply (those the corpus
// folder does not have).
func addFallback(h hash.Hash, src Source) {
	if src.Fallback == nil {
		return
	}
	for _, name := range dataFiles {
		if _, err := fs.Stat(src.Dir, name); err == nil {
			continue
		}
		data, _ := fs.ReadFile(src.Fallback, name)
		fmt.Fprintf(h, "fallback %s\n", name)
		h.Write(data)
	}
}

// FileStamp identifies one state of a file: name, size and modification
// time, or a hash of its contents where the file system keeps no times.
type FileStamp struct {
	Name    string `json:"name"`
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime,omitempty"` // Unix nanoseconds
	Sum     string `json:"sum,omitempty"`
}

func stampOf(fsys fs.FS, e fs.DirEntry) (FileStamp, error) {
	info, err := e.Info()
	if err != nil {
		return FileStamp{}, err
	}
	st := FileStamp{Name: e.Name(), Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	if info.ModTime().IsZero() {
		st.ModTime = 0
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return FileStamp{}, err
		}
		sum := sha256.Sum256(data)
		st.Sum = hex.EncodeToString(sum[:])
	}
	return st, nil
}

// Stamps returns the stamp of every file of dir that Each reads or reports
// (articles and unsupported files; not data files, README.md, hidden files
// or folders), sorted by name.
func Stamps(dir fs.FS) ([]FileStamp, error) {
	entries, err := fs.ReadDir(dir, ".")
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	var out []FileStamp
	for _, e := range entries {
		if !candidate(e) {
			continue
		}
		st, err := stampOf(dir, e)
		if err != nil {
			return nil, fmt.Errorf("read corpus: %w", err)
		}
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
