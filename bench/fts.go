package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite with FTS5, for comparison only

	"github.com/talksbot/talksbot/index"
)

// The FTS5 side: the same passages (folded text, tags, the passage JSON) in
// one FTS5 table, tokenized with the Porter stemmer as Bleve's English
// analyzer stems, ranked by bm25.
const ftsSchema = `CREATE VIRTUAL TABLE passages USING fts5(
	text, people, speakers, sides, topics,
	id UNINDEXED, article UNINDEXED, doc UNINDEXED,
	tokenize = 'porter unicode61 remove_diacritics 2')`

// ftsQuery fetches the top k passages with a snippet and the bm25 score,
// best first, and the passage JSON to materialise each.
const ftsQuery = `SELECT id, doc, snippet(passages, 0, '**', '**', '…', 16), bm25(passages)
	FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT ?`

// loadResult is loading cleaned passages into an empty index.
type loadResult struct {
	Passages     int     `json:"passages"`
	Seconds      float64 `json:"seconds"`
	PassagesPerS float64 `json:"passages_per_s"`
	PeakRSSMiB   float64 `json:"peak_rss_mib"`
	DiskMiB      float64 `json:"disk_mib"`
}

func ftsPath(work string) string { return filepath.Join(work, "fts5.db") }

// phaseFTSLoad inserts every passage the dump phase wrote, in one
// transaction, then merges the FTS5 b-trees ('optimize'), as Bleve merges
// its segments.
func phaseFTSLoad(a phaseArgs) (any, error) {
	path := ftsPath(a.Work)
	os.Remove(path)
	start := time.Now()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Exec(ftsSchema); err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	ins, err := tx.Prepare(`INSERT INTO passages(text, people, speakers, sides, topics, id, article, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	n := 0
	err = readRows(a.Work, func(r passageRow) error {
		n++
		_, err := ins.Exec(r.Text, tags(r.People), tags(r.Speakers), tags(r.Sides), tags(r.Topics), r.ID, r.Article, r.Doc)
		return err
	})
	ins.Close()
	if err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("insert: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if _, err := db.Exec(`INSERT INTO passages(passages) VALUES ('optimize')`); err != nil {
		return nil, fmt.Errorf("optimize: %w", err)
	}
	took := time.Since(start)
	return loadResult{Passages: n, Seconds: round(took.Seconds(), 3), PassagesPerS: round(float64(n)/took.Seconds(), 0),
		PeakRSSMiB: peakRSS(), DiskMiB: dirMiB(a.Work + "/fts5.db")}, nil
}

// tags joins a passage's tags so that a phrase query matches one of them.
func tags(list []string) string { return strings.Join(list, " ; ") }

// ftsServeResult is opening the FTS5 table and answering the same questions.
type ftsServeResult struct {
	OpenSeconds   float64 `json:"open_seconds"`
	RSSServingMiB float64 `json:"rss_serving_mib"`
	PeakRSSMiB    float64 `json:"peak_rss_mib"`
	// Intents asks FTS5 for as many rows as the index fetches from Bleve
	// for the same question; IntentsTopK for the --top-k first (10).
	Intents     map[string]*latency `json:"intents"`
	IntentsTopK map[string]*latency `json:"intents_top_k"`
}

// phaseFTSQuery runs the questions the serve phase wrote, in their FTS5
// form: top k by bm25 with a snippet, each passage decoded from its JSON.
func phaseFTSQuery(a phaseArgs) (any, error) {
	var plan []query
	if err := readJSON(filepath.Join(a.Work, "queries.json"), &plan); err != nil {
		return nil, err
	}
	start := time.Now()
	db, err := sql.Open("sqlite", "file:"+ftsPath(a.Work)+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(a.Concurrency)
	db.SetMaxIdleConns(a.Concurrency)
	if err := db.Ping(); err != nil {
		return nil, err
	}
	res := ftsServeResult{OpenSeconds: round(time.Since(start).Seconds(), 3),
		Intents: map[string]*latency{}, IntentsTopK: map[string]*latency{}}
	qs := map[string]query{}
	by := map[string][]string{}
	for _, q := range plan {
		if a.FTSQueries > 0 && len(by[q.Intent]) >= a.FTSQueries {
			continue
		}
		by[q.Intent] = append(by[q.Intent], q.Text)
		qs[q.Text] = q
	}
	asker := func(sameK bool) func(string) (int, error) {
		return func(text string) (int, error) {
			q := qs[text]
			k := a.TopK
			if sameK && q.K > 0 {
				k = q.K
			}
			for _, e := range q.FTS {
				n, err := ftsTop(db, e, k)
				if err != nil || n > 0 {
					return n, err
				}
			}
			return 0, nil
		}
	}
	for _, intent := range intents {
		l, err := measure(by[intent], a.Concurrency, asker(true))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", intent, err)
		}
		res.Intents[intent] = l
		if l, err = measure(by[intent], a.Concurrency, asker(false)); err != nil {
			return nil, fmt.Errorf("%s: %w", intent, err)
		}
		res.IntentsTopK[intent] = l
	}
	res.RSSServingMiB, res.PeakRSSMiB = nowRSS(), peakRSS()
	return res, nil
}

// ftsTop runs one MATCH and materialises its rows as passages.
func ftsTop(db *sql.DB, expr string, k int) (int, error) {
	rows, err := db.Query(ftsQuery, expr, k)
	if err != nil {
		return 0, fmt.Errorf("fts5 %q: %w", expr, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, doc, snippet string
		var score float64
		if err := rows.Scan(&id, &doc, &snippet, &score); err != nil {
			return n, err
		}
		var p index.Passage
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}
