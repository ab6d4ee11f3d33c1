// Package corpus holds the default corpus that talksbot answers from out of
// the box: five news articles on the talks to end the war in Ukraine and the
// people, topics and places files that go with them.
package corpus

import (
	"embed"
	"io/fs"
)

//go:embed *.txt *.yaml
var files embed.FS

// FS returns the embedded default corpus.
func FS() fs.FS { return files }
