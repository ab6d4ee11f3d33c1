// Package corpus is where articles live and how they are loaded: the
// default corpus embedded in the program (five news articles on the talks to
// end the war in Ukraine, with the people, topics, places and sides files
// that go with them), a folder of articles (Source), and reading every
// article of one through the earlier stages, article and extract, on all
// cores (Each, Load), with the files it skipped and why (Problem).
//
// It knows nothing of how articles are stored or searched (see index) nor
// of Discord.
package corpus

import (
	"embed"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

//go:embed *.txt *.yaml
var files embed.FS

// FS returns the embedded default corpus.
func FS() fs.FS { return files }

// Install copies the default corpus into dir when dir has no article in it
// yet, so that moderators have a folder to add to. It reports whether it
// copied. Files already in dir are never overwritten.
func Install(dir string) (bool, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		switch path.Ext(e.Name()) {
		case ".txt", ".md", ".markdown", ".html", ".htm":
			return false, nil
		}
	}
	names, err := fs.Glob(files, "*")
	if err != nil {
		return false, err
	}
	for _, n := range names {
		dst := filepath.Join(dir, n)
		if _, err := os.Stat(dst); err == nil {
			continue
		}
		data, err := files.ReadFile(n)
		if err != nil {
			return false, err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return false, err
		}
	}
	return true, nil
}
