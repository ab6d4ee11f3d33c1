// Package index is the Bleve store of a corpus and the questions asked of
// it: it builds an index of the passages and facts that corpus and extract
// give (Open, Build, Rebuild, Reload), and answers who attended a meeting,
// each side's position on a topic, free-text search, what a person said, and
// which sources are indexed. Only this package knows Bleve; callers get
// Index, never a bleve.Index.
//
// It does not read files or find facts itself (see article, extract and
// corpus), and it knows nothing of Discord.
package index

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/gofrs/flock"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/internal/atomicfile"
)

// schemaVersion changes whenever what is indexed changes (cleaning rules,
// tagging, the mapping), so that older indexes are rebuilt.
const schemaVersion = "talksbot-index-16"

const (
	metaFile  = "meta.json"  // a build's Meta, written last: a build without it is incomplete
	factsFile = "facts.json" // what an incremental add needs to redo (see buildFacts)
	// accountsFile holds, for each meeting in the order of Meta.Meetings,
	// a JSON line of its accounts (what each source says of it), then a
	// line of every passage that reports it. They are most of the
	// meetings' size and grow with every report, so the meta keeps only
	// the first keptMeetingPassages passages, and the rest is read when a
	// question compares sources or checks a message's claims.
	accountsFile = "accounts.jsonl"
	currentFile  = "current"
)

// maxPrewarm bounds the bytes of an index opened for serving that prewarm
// asks the kernel to read ahead.
const maxPrewarm = 1 << 30

// batchSize is the passages indexed at once: a variable for tests.
var batchSize = 500

// Meta is what an index records about the corpus it was built from.
type Meta struct {
	Schema      string `json:"schema"`
	Fingerprint string `json:"fingerprint"`
	// Rules identifies the schema and data files the articles were read
	// with (corpus.RulesFingerprint): while it holds, an added article is
	// indexed without reading the others again.
	Rules    string        `json:"rules"`
	Built    time.Time     `json:"built"`
	Articles []ArticleInfo `json:"articles"`
	// Meetings are the meetings the articles report, without their
	// Accounts and with their first keptMeetingPassages Passages: the rest
	// is in the accounts file, at AccountsAt and PassagesAt.
	Meetings []extract.Meeting `json:"meetings"`
	// AccountsAt and PassagesAt are where each meeting's accounts and
	// every passage that reports it are in the accounts file, in the order
	// of Meetings.
	AccountsAt []Span           `json:"accounts_at"`
	PassagesAt []Span           `json:"passages_at"`
	Unlisted   []extract.Person `json:"unlisted,omitempty"`
	Problems   []corpus.Problem `json:"problems,omitempty"`
	Passages   int              `json:"passages"`
	// Positions are the best passages of each topic, for each side and
	// for all ("topic id|side" → passage ids, best first), ranked once at
	// build time: ranking them means scoring every passage of a topic,
	// which grows with the corpus.
	Positions map[string][]string `json:"positions,omitempty"`
	// Quotes are the passages Quote shows of each person at least
	// quoteListFrom passages quote (name → passage ids), found once at
	// build time as a question finds them: finding them scores every
	// passage quoting the person in the newest parts.
	Quotes map[string][]ScoredID `json:"quotes,omitempty"`
	// Parts are the Bleve indexes the passages are split into.
	Parts []PartInfo `json:"parts"`
}

// ScoredID is a passage's id with the score a search gave it.
type ScoredID struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
}

// Span is where something is in a file: Bytes bytes from Offset.
type Span struct {
	Offset int64 `json:"offset"`
	Bytes  int64 `json:"bytes"`
}

// ArticleInfo describes one indexed article.
type ArticleInfo struct {
	ID           string    `json:"id"`
	File         string    `json:"file"`
	Title        string    `json:"title"`
	Outlet       string    `json:"outlet,omitempty"`
	URL          string    `json:"url,omitempty"`
	Published    time.Time `json:"published,omitzero"`
	Passages     int       `json:"passages"`
	TitleDerived bool      `json:"title_derived,omitempty"`
	Part         int       `json:"part"` // the part of the build holding its passages
	// Offset and Bytes are where its passages are in its part's passages
	// file: a JSON line each, in order, so that fetching passages by id
	// is one read, with no search of the index.
	Offset int64 `json:"offset"`
	Bytes  int64 `json:"bytes"`
}

// Index answers questions from a Bleve index of a corpus. It is safe for
// concurrent use; Rebuild swaps in a new index while searches go on against
// the old one.
type Index struct {
	dir     string // this corpus's folder under the data folder
	src     corpus.Source
	cur     atomic.Pointer[snapshot]
	rebuild sync.Mutex
	// onWait, when set, is told that another process is building this
	// index and this one waits for it.
	onWait func()
	// lx is the lexicon loaded at open, answering Lexicon before a first
	// build completes.
	lx     *extract.Lexicon
	closed atomic.Bool
	// read and total count the article files the running build has read,
	// of how many; both 0 when no build runs.
	read, total atomic.Int64
}

// buildLockFile is the OS file lock each build of a corpus's index holds,
// so that processes sharing a data folder build one at a time.
const buildLockFile = "build.lock"

// snapshot is one built index, counted while searches use it.
type snapshot struct {
	parts *parts
	path  string
	meta  Meta
	lx    *extract.Lexicon
	// articles indexes meta.Articles by id, and unlisted meta.Unlisted
	// by name (the first of a name), built once at open.
	articles map[string]int
	unlisted map[string]int
	// meetingIDs indexes meta.Meetings by id, meetingNames by id and by
	// label with case folded (foldKey), the first meeting of each.
	meetingIDs, meetingNames map[string]int
	// accounts is the open accounts file.
	accounts *os.File

	mu      sync.Mutex
	refs    int
	retired bool
}

// ErrBusy is returned by TryRebuild when a rebuild is already running.
var ErrBusy = errors.New("a reindex is already running")

// ErrBuilding is returned by the questions of an index opened by OpenAsync
// whose first build has not completed yet.
var ErrBuilding = errors.New("the index is still being built")

// Open opens the index of src in dataDir, building it when it is missing,
// stale (the corpus changed since it was built) or unreadable.
func Open(dataDir string, src corpus.Source) (*Index, error) {
	ix, stale, err := OpenServing(dataDir, src)
	if err != nil {
		return nil, err
	}
	if stale {
		if _, err := ix.Rebuild(); err != nil {
			ix.Close()
			return nil, err
		}
	}
	return ix, nil
}

// OpenServing opens the index of src in dataDir for a server that should
// answer at once: a published build of an older corpus (same schema) is
// opened as it is and stale is true, and the caller rebuilds it in the
// background (Rebuild swaps the new one in). With no usable build it
// builds first, as Open does.
func OpenServing(dataDir string, src corpus.Source) (ix *Index, stale bool, err error) {
	ix, needsBuild, err := OpenAsync(dataDir, src)
	if err != nil || !needsBuild || ix.Ready() {
		return ix, needsBuild, err
	}
	if _, err := ix.Rebuild(); err != nil {
		return nil, false, err
	}
	return ix, false, nil
}

// OpenAsync opens the index of src in dataDir without building it, for a
// server that opens its doors at once. needsBuild is true when the
// caller must Rebuild (in the background): the corpus changed since the
// published build (Ready is true, and that build answers meanwhile), or
// there is no usable build (Ready is false, and questions return
// ErrBuilding until Rebuild completes; Progress tells how far it got).
func OpenAsync(dataDir string, src corpus.Source) (ix *Index, needsBuild bool, err error) {
	ix, err = newIndex(dataDir, src)
	if err != nil {
		return nil, false, fmt.Errorf("open index: %w", err)
	}
	lx, err := ix.loadLexicon()
	if err != nil {
		return nil, false, fmt.Errorf("open index: %w", err)
	}
	ix.lx = lx
	fp, err := corpus.Fingerprint(ix.src, schemaVersion)
	if err != nil {
		return nil, false, fmt.Errorf("open index: %w", err)
	}
	if snap, err := openSnapshot(ix.dir, lx); err == nil {
		if snap.meta.Schema == schemaVersion {
			ix.cur.Store(snap)
			snap.readAhead()
			return ix, snap.meta.Fingerprint != fp, nil
		}
		snap.close()
	}
	return ix, true, nil
}

// Ready reports whether a build answers questions.
func (ix *Index) Ready() bool { return ix.cur.Load() != nil }

// Progress is how many article files the running build has read, of how
// many; 0, 0 when no build runs.
func (ix *Index) Progress() (read, total int) {
	return int(ix.read.Load()), int(ix.total.Load())
}

// Build builds a new index of src in dataDir and publishes it (the current
// file names it), whatever is there already, without opening the old one.
// Processes serving the old index switch to it on their next Reload.
func Build(dataDir string, src corpus.Source) (RebuildReport, error) {
	return BuildWaiting(dataDir, src, nil)
}

// BuildWaiting is Build, calling onWait (when not nil) if another process
// is building the same index: it waits for that build, then uses it when
// it is of the same corpus, else builds.
func BuildWaiting(dataDir string, src corpus.Source, onWait func()) (RebuildReport, error) {
	ix, err := newIndex(dataDir, src)
	if err != nil {
		return RebuildReport{}, fmt.Errorf("build index: %w", err)
	}
	ix.onWait = onWait
	defer ix.Close()
	return ix.Rebuild()
}

// newIndex returns an Index of src in dataDir with nothing open yet.
func newIndex(dataDir string, src corpus.Source) (*Index, error) {
	if src.Key == "" {
		src.Key = "default"
	}
	sum := sha256.Sum256([]byte(src.Key))
	dir := filepath.Join(dataDir, "index", safeName(src.Key)+"-"+hex.EncodeToString(sum[:4]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Index{dir: dir, src: src}, nil
}

// dataFolder is the folder in a build that keeps the data files (people,
// topics, places, sides) the build was made with.
const dataFolder = "data"

// keepData writes the data files lx was built from into the build at path.
func keepData(path string, lx *extract.Lexicon) error {
	dir := filepath.Join(path, dataFolder)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, raw := range lx.Used {
		if err := atomicfile.Write(filepath.Join(dir, filepath.Base(name)), raw, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// lastGood is the data files of the published build, or nil when there is
// none: they parsed when it was built.
func (ix *Index) lastGood() fs.FS {
	name, err := os.ReadFile(filepath.Join(ix.dir, currentFile))
	if err != nil {
		return nil
	}
	dir := filepath.Join(ix.dir, filepath.Base(strings.TrimSpace(string(name))), dataFolder)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil
	}
	return os.DirFS(dir)
}

// loadLexicon loads the corpus's data files, a broken one replaced by the
// published build's version (else the built-in one).
func (ix *Index) loadLexicon() (*extract.Lexicon, error) {
	return extract.LoadLexiconFrom(ix.src.Dir, ix.lastGood(), ix.src.Fallback)
}

// openSnapshot opens the current build of dir read-only.
func openSnapshot(dir string, lx *extract.Lexicon) (*snapshot, error) {
	name, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return nil, err
	}
	return openSnapshotAt(filepath.Join(dir, filepath.Base(strings.TrimSpace(string(name)))), lx)
}

func (s *snapshot) close() {
	s.parts.close()
	s.accounts.Close()
}

// RebuildReport says what a rebuild indexed.
type RebuildReport struct {
	Articles int
	Passages int
	Problems []corpus.Problem
	// DataWarnings are the corpus folder's data files that did not parse
	// (the embedded ones were used) or lost most of their entries.
	DataWarnings []string
	Took         time.Duration
	// Incremental is true when only the added articles were read and
	// indexed (the rules had not changed and no article had changed or
	// gone).
	Incremental bool
}

// Rebuild re-reads the corpus and builds a new index beside the current one,
// swapping it in only when complete. On error the current index keeps
// serving. Rebuilds run one at a time; a second waits.
func (ix *Index) Rebuild() (RebuildReport, error) {
	ix.rebuild.Lock()
	defer ix.rebuild.Unlock()
	return ix.rebuildLocked(nil)
}

// TryRebuild is Rebuild, but returns ErrBusy at once if one is running.
func (ix *Index) TryRebuild() (RebuildReport, error) {
	return ix.TryRebuildReporting(nil)
}

// TryRebuildReporting is TryRebuild, telling progress (when not nil) each
// step as it starts, in words for a moderator.
func (ix *Index) TryRebuildReporting(progress func(step string)) (RebuildReport, error) {
	if !ix.rebuild.TryLock() {
		return RebuildReport{}, ErrBusy
	}
	defer ix.rebuild.Unlock()
	return ix.rebuildLocked(progress)
}

func (ix *Index) rebuildLocked(progress func(string)) (RebuildReport, error) {
	if progress == nil {
		progress = func(string) {}
	}
	start := time.Now()
	// One build at a time per data folder, across processes: a second
	// waits, and never sweeps a folder the first is writing.
	lock := flock.New(filepath.Join(ix.dir, buildLockFile))
	got, err := lock.TryLock()
	if err != nil {
		return RebuildReport{}, fmt.Errorf("rebuild: lock: %w", err)
	}
	waited := !got
	if waited {
		progress("Waiting for another build of this index to finish…")
		if ix.onWait != nil {
			ix.onWait()
		}
		if err := lock.Lock(); err != nil {
			return RebuildReport{}, fmt.Errorf("rebuild: lock: %w", err)
		}
	}
	defer lock.Unlock()
	fp, err := corpus.Fingerprint(ix.src, schemaVersion)
	if err != nil {
		return RebuildReport{}, fmt.Errorf("rebuild: %w", err)
	}
	if waited {
		// The build waited for may be of this very corpus: use it.
		if rep, ok := ix.adoptCurrent(fp); ok {
			rep.Took = time.Since(start)
			return rep, nil
		}
	}
	rules, err := corpus.RulesFingerprint(ix.src, schemaVersion)
	if err != nil {
		return RebuildReport{}, fmt.Errorf("rebuild: %w", err)
	}
	path, err := os.MkdirTemp(ix.dir, "build-")
	if err != nil {
		return RebuildReport{}, fmt.Errorf("rebuild: %w", err)
	}
	defer func() { ix.read.Store(0); ix.total.Store(0) }()
	hooks := buildHooks{
		progress: progress,
		tell: func(read, total int) {
			ix.read.Store(int64(read))
			ix.total.Store(int64(total))
		},
		stopped: ix.closed.Load,
	}
	var rep RebuildReport
	var snap *snapshot
	if cur := ix.cur.Load(); cur != nil && cur.meta.Fingerprint != fp {
		progress("Reading the added articles…")
		rep, snap, err = addArticles(cur, path, ix.src, fp, rules)
		if err != nil {
			snap = nil
			os.RemoveAll(path)
			if path, err = os.MkdirTemp(ix.dir, "build-"); err != nil {
				return RebuildReport{}, fmt.Errorf("rebuild: %w", err)
			}
		}
	}
	if snap == nil {
		progress("Reading and cleaning the articles…")
		rep, snap, err = build(path, ix.src, ix.lastGood(), fp, rules, hooks)
		if err != nil {
			os.RemoveAll(path)
			return rep, fmt.Errorf("rebuild: %w", err)
		}
	}
	rep.DataWarnings = snap.lx.DataProblems()
	if err := atomicfile.Write(filepath.Join(ix.dir, currentFile), []byte(filepath.Base(path)+"\n"), 0o644); err != nil {
		snap.close()
		os.RemoveAll(path)
		return rep, fmt.Errorf("rebuild: %w", err)
	}
	if old := ix.cur.Swap(snap); old != nil {
		old.retire()
	}
	ix.removeStale(path)
	rep.Took = time.Since(start)
	return rep, nil
}

// DataWarnings says what was wrong with the corpus folder's data files
// when the current index was opened or built: files that did not parse
// (the built-in ones answer meanwhile) and files that lost most entries.
func (ix *Index) DataWarnings() []string {
	return ix.Lexicon().DataProblems()
}

// adoptCurrent switches to the published build when it is of the corpus
// whose fingerprint is fp, reporting what it holds.
func (ix *Index) adoptCurrent(fp string) (RebuildReport, bool) {
	lx, err := ix.loadLexicon()
	if err != nil {
		return RebuildReport{}, false
	}
	snap, err := openSnapshot(ix.dir, lx)
	if err != nil {
		return RebuildReport{}, false
	}
	if snap.meta.Fingerprint != fp || snap.meta.Schema != schemaVersion {
		snap.close()
		return RebuildReport{}, false
	}
	rep := RebuildReport{Articles: len(snap.meta.Articles), Passages: snap.meta.Passages, Problems: snap.meta.Problems,
		DataWarnings: lx.DataProblems()}
	if old := ix.cur.Swap(snap); old != nil {
		old.retire()
	}
	snap.readAhead()
	return rep, true
}

// openSnapshotAt opens the build at path read-only, with its meta.
func openSnapshotAt(path string, lx *extract.Lexicon) (*snapshot, error) {
	raw, err := os.ReadFile(filepath.Join(path, metaFile))
	var meta Meta
	if err == nil {
		err = json.Unmarshal(raw, &meta)
	}
	if err != nil {
		return nil, fmt.Errorf("read index meta: %w", err)
	}
	for _, a := range meta.Articles {
		if a.Part < 0 || a.Part >= len(meta.Parts) || a.Offset < 0 || a.Bytes < 0 || a.Offset+a.Bytes > meta.Parts[a.Part].Bytes {
			return nil, fmt.Errorf("open %s: damaged index: article %s is not where its part's passages are", path, a.ID)
		}
	}
	ps, err := openParts(path, meta.Parts)
	if err != nil {
		return nil, err
	}
	raw = nil
	snap, err := newSnapshot(path, ps, meta, lx)
	// Decoding the meta of a large corpus leaves tens of MiB of garbage
	// (the file, then the decoder's copies) that the runtime would
	// otherwise hand back to the system only slowly: a server opens a
	// build rarely and then serves for hours.
	debug.FreeOSMemory()
	return snap, err
}

// newSnapshot is the build at path with its parts ps open; it opens the
// accounts file and checks that it holds every meeting's line. It closes
// ps when it fails.
func newSnapshot(path string, ps *parts, meta Meta, lx *extract.Lexicon) (*snapshot, error) {
	f, err := os.Open(filepath.Join(path, accountsFile))
	var size int64
	if err == nil {
		var st os.FileInfo
		if st, err = f.Stat(); err == nil {
			size = st.Size()
		}
	}
	if err == nil && (len(meta.AccountsAt) != len(meta.Meetings) || len(meta.PassagesAt) != len(meta.Meetings)) {
		err = fmt.Errorf("%d meetings, %d accounts, %d passage lists", len(meta.Meetings), len(meta.AccountsAt), len(meta.PassagesAt))
	}
	for i := range meta.AccountsAt {
		if err != nil {
			break
		}
		for _, sp := range []Span{meta.AccountsAt[i], meta.PassagesAt[i]} {
			if err == nil && (sp.Offset < 0 || sp.Bytes <= 0 || sp.Offset+sp.Bytes >= size || sp.Bytes > maxArticleBytes) {
				err = fmt.Errorf("meeting %s's accounts are past the end of the file", meta.Meetings[i].ID)
			}
		}
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		ps.close()
		return nil, fmt.Errorf("open %s: damaged index: %w", path, err)
	}
	arts := make(map[string]int, len(meta.Articles))
	outlets := map[string]string{}
	for i, a := range meta.Articles {
		arts[a.ID] = i
		// Decoded, every article has its own copy of its outlet's name,
		// and every meeting its own copies of its sources' ids: shared,
		// they take a few MiB less at 100,000 articles.
		if o, ok := outlets[a.Outlet]; ok {
			meta.Articles[i].Outlet = o
		} else {
			outlets[a.Outlet] = a.Outlet
		}
	}
	for _, m := range meta.Meetings {
		for j, id := range m.Sources {
			if i, ok := arts[id]; ok {
				m.Sources[j] = meta.Articles[i].ID
			}
		}
	}
	unlisted := make(map[string]int, len(meta.Unlisted))
	for i, p := range meta.Unlisted {
		if _, ok := unlisted[p.Name]; !ok {
			unlisted[p.Name] = i
		}
	}
	ids := make(map[string]int, len(meta.Meetings))
	names := make(map[string]int, 2*len(meta.Meetings))
	for i, m := range meta.Meetings {
		if _, ok := ids[m.ID]; !ok {
			ids[m.ID] = i
		}
		for _, k := range []string{foldKey(m.ID), foldKey(m.Label)} {
			if _, ok := names[k]; !ok {
				names[k] = i
			}
		}
	}
	return &snapshot{parts: ps, path: path, meta: meta, lx: lx, articles: arts, unlisted: unlisted,
		meetingIDs: ids, meetingNames: names, accounts: f}, nil
}

// accountsOf reads the accounts of the i-th meeting.
func (s *snapshot) accountsOf(i int) ([]extract.Account, error) {
	var out []extract.Account
	err := s.readMeetingLine(s.meta.AccountsAt, i, &out)
	return out, err
}

// meetingPassages reads every passage that reports the i-th meeting.
func (s *snapshot) meetingPassages(i int) ([]string, error) {
	var out []string
	err := s.readMeetingLine(s.meta.PassagesAt, i, &out)
	return out, err
}

// readMeetingLine decodes into v the i-th meeting's line at spans.
func (s *snapshot) readMeetingLine(spans []Span, i int, v any) error {
	if i < 0 || i >= len(spans) {
		return nil
	}
	sp := spans[i]
	buf := make([]byte, sp.Bytes)
	if _, err := s.accounts.ReadAt(buf, sp.Offset); err != nil {
		return fmt.Errorf("meeting %s: %w", s.meta.Meetings[i].ID, err)
	}
	if err := lineJSON.Unmarshal(buf, v); err != nil {
		return fmt.Errorf("meeting %s: %w", s.meta.Meetings[i].ID, err)
	}
	return nil
}

// readAhead starts reading the build's files into the page cache (see
// prewarm), for a snapshot that starts being served.
func (s *snapshot) readAhead() { go prewarm(s.path, slices.Clone(s.meta.Parts)) }

// meetingIndex is the position of the meeting id in the meta, or -1.
func (s *snapshot) meetingIndex(id string) int {
	if i, ok := s.meetingIDs[id]; ok {
		return i
	}
	return -1
}

// meetingNamed is the first meeting whose id or label is value (trimmed),
// case folded as strings.EqualFold folds it.
func (s *snapshot) meetingNamed(value string) (extract.Meeting, bool) {
	if i, ok := s.meetingNames[foldKey(strings.TrimSpace(value))]; ok {
		return s.meta.Meetings[i], true
	}
	return extract.Meeting{}, false
}

// foldKey is s with each rune replaced by the least of the runes
// unicode.SimpleFold cycles it through: two strings are equal under
// strings.EqualFold exactly when their keys are equal.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

// openReadOnly opens the Bleve index at path read-only. bbolt panics on
// some damaged files ("assertion failed: Page expected to be …") instead of
// returning an error; that panic becomes an error here, so that Open builds
// again rather than crashing. The damaged file stays open until exit.
func openReadOnly(path string) (bi bleve.Index, err error) {
	if err := checkBoltFile(filepath.Join(path, "store", "root.bolt")); err != nil {
		return nil, fmt.Errorf("open %s: damaged index: %w", path, err)
	}
	defer func() {
		if p := recover(); p != nil {
			bi, err = nil, fmt.Errorf("open %s: damaged index: %v", path, p)
		}
	}()
	return bleve.OpenUsing(path, map[string]interface{}{"read_only": true, "bolt_timeout": "2s"})
}

// checkBoltFile refuses a bolt file shorter than its own meta pages say it
// is. bbolt maps the file into memory and would read past its end, which
// kills the process (SIGBUS) where no recover can help.
func checkBoltFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	// Page 0 holds the first meta: a 16-byte page header, then magic,
	// version, page size, flags, root bucket (16 bytes), freelist page and
	// the high-water page id.
	var head [64]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return fmt.Errorf("bolt file too short: %w", err)
	}
	le := binary.LittleEndian
	if le.Uint32(head[16:]) != 0xED0CDAED {
		return errors.New("bolt file has no valid meta page")
	}
	pageSize := int64(le.Uint32(head[24:]))
	if pageSize < 512 || pageSize > 1<<20 {
		return fmt.Errorf("bolt file page size %d", pageSize)
	}
	for meta := int64(0); meta < 2; meta++ {
		var m [64]byte
		if _, err := f.ReadAt(m[:], meta*pageSize); err != nil {
			return fmt.Errorf("bolt meta page %d: %w", meta, err)
		}
		if le.Uint32(m[16:]) != 0xED0CDAED {
			continue
		}
		if hw := int64(le.Uint64(m[56:])); hw*pageSize > st.Size() {
			return fmt.Errorf("bolt file is %d bytes, its meta page %d needs %d", st.Size(), meta, hw*pageSize)
		}
	}
	return nil
}

// buildHooks are what a build tells and asks as it goes.
type buildHooks struct {
	progress func(step string)     // a step, in words, every few seconds
	tell     func(read, total int) // article files read, of how many
	stopped  func() bool           // true: give up (the index was closed)
}

// errClosed stops a build of an index closed meanwhile.
var errClosed = errors.New("the index was closed")

// build writes a complete index of the corpus of src at path and opens
// it. Articles are read, cleaned and analysed on all cores and indexed as
// they come, a batch at a time, so memory holds a few articles and one
// batch, never the corpus. A data file of src that does not parse is
// replaced by lastGood's. hooks are told how far it got.
func build(path string, src corpus.Source, lastGood fs.FS, fp, rules string, hooks buildHooks) (RebuildReport, *snapshot, error) {
	defer raiseGCForBuild()()
	progress := hooks.progress
	var rep RebuildReport
	lx, err := extract.LoadLexiconFrom(src.Dir, lastGood, src.Fallback)
	if err != nil {
		return rep, nil, err
	}
	// The data files this build reads are kept in it: the last good
	// version, should the operator's next edit not parse.
	if err := keepData(path, lx); err != nil {
		return rep, nil, err
	}
	stamps, err := corpus.Stamps(src.Dir)
	if err != nil {
		return rep, nil, err
	}
	meta := Meta{Schema: schemaVersion, Fingerprint: fp, Rules: rules}
	facts := buildFacts{Stamps: stamps}
	var w *partWriter
	defer func() {
		if w != nil {
			w.abort()
		}
	}()
	told := time.Now()
	meta.Problems, err = corpus.EachReporting(src.Dir, lx, hooks.tell, func(a article.Article, an extract.Analysis) error {
		if hooks.stopped() {
			return errClosed
		}
		if w != nil && w.info.Passages >= partPassages {
			if err := w.close(); err != nil {
				w = nil // close closed it, whatever failed
				return err
			}
			meta.Parts = append(meta.Parts, w.info)
			w = nil
		}
		if w == nil {
			if w, err = newPartWriter(path, len(meta.Parts)); err != nil {
				return err
			}
		}
		info := articleInfo(a, an, len(meta.Parts))
		if info.Offset, info.Bytes, err = w.add(lx, an.Passages, day(a.Published)); err != nil {
			return err
		}
		meta.Articles = append(meta.Articles, info)
		meta.Passages += len(an.Passages)
		facts.Articles = append(facts.Articles, articleFacts{ID: a.ID, Meetings: an.Meetings, Unlisted: an.Unlisted})
		if time.Since(told) > 3*time.Second {
			told = time.Now()
			progress(fmt.Sprintf("Indexed %d articles, %d passages so far…", len(meta.Articles), meta.Passages))
		}
		return nil
	})
	rep = RebuildReport{Articles: len(meta.Articles), Passages: meta.Passages, Problems: meta.Problems}
	if err != nil {
		return rep, nil, err
	}
	if len(meta.Articles) == 0 {
		return rep, nil, fmt.Errorf("no article could be indexed (%d files rejected)", len(meta.Problems))
	}
	progress(fmt.Sprintf("Indexed %d passages of %d articles; ranking each side's positions…", meta.Passages, len(meta.Articles)))
	err = w.close()
	meta.Parts = append(meta.Parts, w.info)
	w = nil
	if err != nil {
		return rep, nil, err
	}
	snap, err := finish(path, meta, facts, lx)
	return rep, snap, err
}

// articleInfo is what the meta records of an article.
func articleInfo(a article.Article, an extract.Analysis, part int) ArticleInfo {
	return ArticleInfo{ID: a.ID, File: a.File, Title: a.Title, Outlet: a.Outlet, URL: a.URL, Published: a.Published,
		Passages: len(an.Passages), TitleDerived: a.TitleDerived, Part: part}
}

// day is t as YYYY-MM-DD, or "" when unknown.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// finish opens the parts written at path, computes what depends on every
// article (meetings, unlisted people, each side's positions), and writes
// the facts and then the meta, which completes the build.
func finish(path string, meta Meta, facts buildFacts, lx *extract.Lexicon) (*snapshot, error) {
	var mentions []extract.MeetingReport
	unlisted := map[string]bool{}
	meta.Unlisted = nil
	for _, a := range facts.Articles {
		mentions = append(mentions, a.Meetings...)
		meta.Unlisted = extract.AddUnlisted(meta.Unlisted, unlisted, a.Unlisted)
	}
	meta.Meetings = extract.GroupMeetings(mentions)
	var err error
	if meta.AccountsAt, meta.PassagesAt, err = writeAccounts(filepath.Join(path, accountsFile), meta.Meetings); err != nil {
		return nil, err
	}
	if meta.Positions, err = rankPositions(path, meta.Parts, lx); err != nil {
		return nil, err
	}
	ps, err := openParts(path, meta.Parts)
	if err != nil {
		return nil, err
	}
	if meta.Quotes, err = listQuotes(ps); err != nil {
		ps.close()
		return nil, err
	}
	snap, err := newSnapshot(path, ps, meta, lx)
	if err != nil {
		return nil, err
	}
	snap.meta.Built = time.Now().UTC()
	err = writeFacts(filepath.Join(path, factsFile), facts)
	if err == nil {
		err = writeJSONFile(filepath.Join(path, metaFile), snap.meta)
	}
	if err != nil {
		snap.close()
		return nil, err
	}
	return snap, nil
}

// keptMeetingPassages is how many of a meeting's passages the meta keeps:
// as many as an answer reads of one meeting (Support's meetingPassages;
// who-attended shows five). A variable for tests.
var keptMeetingPassages = 20

// writeAccounts writes the accounts and passages of meetings to path, a
// line each, takes the accounts out of meetings and keeps their first
// keptMeetingPassages passages; it returns where each line is.
func writeAccounts(path string, meetings []extract.Meeting) (accounts, passages []Span, err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	var at int64
	line := func(v any) (Span, error) {
		raw, err := json.Marshal(v)
		if err != nil {
			return Span{}, err
		}
		if _, err := w.Write(append(raw, '\n')); err != nil {
			return Span{}, err
		}
		sp := Span{Offset: at, Bytes: int64(len(raw))}
		at += int64(len(raw)) + 1
		return sp, nil
	}
	accounts, passages = make([]Span, len(meetings)), make([]Span, len(meetings))
	for i := range meetings {
		m := &meetings[i]
		if accounts[i], err = line(m.Accounts); err != nil {
			return nil, nil, err
		}
		if passages[i], err = line(m.Passages); err != nil {
			return nil, nil, err
		}
		m.Accounts = nil
		if len(m.Passages) > keptMeetingPassages {
			m.Passages = slices.Clone(m.Passages[:keptMeetingPassages]) // the whole list is freed
		}
	}
	if err := w.Flush(); err != nil {
		return nil, nil, err
	}
	return accounts, passages, f.Sync()
}

// writeJSONFile writes v as JSON to path, atomically.
func writeJSONFile(path string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, raw, 0o644)
}

// removeStale deletes the builds other than keep that are over a minute old:
// long enough for replicas, which Reload every 30 s, to have moved to the
// newer build. A search still reading an older one keeps its files open,
// which POSIX file systems allow after deletion.
func (ix *Index) removeStale(keep string) {
	entries, _ := os.ReadDir(ix.dir)
	for _, e := range entries {
		p := filepath.Join(ix.dir, e.Name())
		if e.IsDir() && strings.HasPrefix(e.Name(), "build-") && p != keep {
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Minute {
				os.RemoveAll(p)
			}
		}
	}
}

// acquire returns the current snapshot, held until release.
func (ix *Index) acquire() (*snapshot, error) {
	for {
		s := ix.cur.Load()
		if s == nil {
			if ix.closed.Load() {
				return nil, errors.New("index is closed")
			}
			return nil, ErrBuilding
		}
		s.mu.Lock()
		if !s.retired {
			s.refs++
			s.mu.Unlock()
			return s, nil
		}
		s.mu.Unlock()
	}
}

func (s *snapshot) release() {
	s.mu.Lock()
	s.refs--
	closeNow := s.retired && s.refs == 0
	s.mu.Unlock()
	if closeNow {
		s.close()
	}
}

// retire closes the snapshot once no search uses it. Its folder is removed
// by a later rebuild's removeStale.
func (s *snapshot) retire() {
	s.mu.Lock()
	s.retired = true
	closeNow := s.refs == 0
	s.mu.Unlock()
	if closeNow {
		s.close()
	}
}

// Close closes the index. Searches in flight finish first.
func (ix *Index) Close() error {
	ix.closed.Store(true)
	if s := ix.cur.Swap(nil); s != nil {
		s.retire()
	}
	return nil
}

// Meta returns what the current index records about its corpus.
func (ix *Index) Meta() Meta {
	s, err := ix.acquire()
	if err != nil {
		return Meta{}
	}
	defer s.release()
	return s.meta
}

// Lexicon returns the people, topics and places the current index uses.
func (ix *Index) Lexicon() *extract.Lexicon {
	s, err := ix.acquire()
	if err != nil {
		if ix.lx != nil {
			return ix.lx
		}
		return &extract.Lexicon{}
	}
	defer s.release()
	return s.lx
}

func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return '-'
	}, filepath.Base(s))
	if len(s) > 32 {
		s = s[:32]
	}
	return strings.Trim(s, "-")
}

// Reload switches to the build that the data folder's current file names,
// when another process (talksbot index build, or another replica's
// reindex) has published a newer one. It reports whether it switched. A
// rebuild running in this process makes it a no-op.
func (ix *Index) Reload() (bool, error) {
	if !ix.rebuild.TryLock() {
		return false, nil
	}
	defer ix.rebuild.Unlock()
	name, err := os.ReadFile(filepath.Join(ix.dir, currentFile))
	if err != nil {
		return false, err
	}
	path := filepath.Join(ix.dir, filepath.Base(strings.TrimSpace(string(name))))
	if cur := ix.cur.Load(); cur == nil || cur.path == path {
		return false, nil
	}
	lx, err := ix.loadLexicon()
	if err != nil {
		return false, err
	}
	snap, err := openSnapshotAt(path, lx)
	if err != nil {
		return false, err
	}
	if old := ix.cur.Swap(snap); old != nil {
		old.retire()
	}
	snap.readAhead()
	return true, nil
}
