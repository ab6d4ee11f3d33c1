package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// The index package has no way to index passages that are already cleaned
// and tagged: index.Open and Rebuild always re-read the corpus. So the
// Bleve side of "load pre-cleaned passages" is built here, with the very
// mapping of the index the build phase made (read back from that index,
// since index does not export it) and documents shaped as index's own
// passageDoc, in batches of the same size.
const bleveBatch = 500

// phaseBleveLoad indexes every passage the dump phase wrote into a new
// scorch index.
func phaseBleveLoad(a phaseArgs) (any, error) {
	m, err := builtMapping(a.DataDir)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(a.Work, "bleve-load")
	os.RemoveAll(path)
	start := time.Now()
	bi, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	b := bi.NewBatch()
	n := 0
	err = readRows(a.Work, func(r passageRow) error {
		n++
		doc := map[string]any{"type": "passage", "text": r.Text, "doc": r.Doc, "article": r.Article,
			"people": r.People, "speakers": r.Speakers, "sides": r.Sides, "topics": r.Topics}
		if err := b.Index(r.ID, doc); err != nil {
			return err
		}
		if b.Size() >= bleveBatch {
			if err := bi.Batch(b); err != nil {
				return err
			}
			b.Reset()
		}
		return nil
	})
	if err == nil {
		err = bi.Batch(b)
	}
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	took := time.Since(start)
	return loadResult{Passages: n, Seconds: round(took.Seconds(), 3), PassagesPerS: round(float64(n)/took.Seconds(), 0),
		PeakRSSMiB: peakRSS(), DiskMiB: dirMiB(path)}, nil
}

// builtMapping reads the mapping of the index built in dataDir.
func builtMapping(dataDir string) (mapping.IndexMapping, error) {
	currents, err := filepath.Glob(filepath.Join(dataDir, "index", "*", "current"))
	if err != nil || len(currents) == 0 {
		return nil, errors.New("no built index in " + dataDir)
	}
	name, err := os.ReadFile(currents[0])
	if err != nil {
		return nil, err
	}
	// The first part of the build: every part has the same mapping.
	bi, err := bleve.OpenUsing(filepath.Join(filepath.Dir(currents[0]), strings.TrimSpace(string(name)), "p0000"),
		map[string]any{"read_only": true, "bolt_timeout": "2s"})
	if err != nil {
		return nil, err
	}
	defer bi.Close()
	return bi.Mapping(), nil
}
