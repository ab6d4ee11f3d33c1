package index

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	jsoniter "github.com/json-iterator/go"

	"github.com/talksbot/talksbot/extract"
)

// A build is split into parts: Bleve indexes of whole articles, in file
// order, each closed at the first article boundary past partPassages
// passages. A question is asked of the newest part first, then of the
// next 2, 4, … parts together, and stops as soon as it has enough hits, so
// that a broad question over a large corpus scores the passages of a few
// parts rather than all of them. A corpus of fewer passages than a part
// holds is one part, and is searched exactly as a single index.
//
// partPassages is a variable for tests.
var partPassages = 100_000

// PartInfo describes one part of a build.
type PartInfo struct {
	Dir      string `json:"dir"` // folder name within the build
	Articles int    `json:"articles"`
	Passages int    `json:"passages"`
	// Bytes is the size of its passages file.
	Bytes int64 `json:"bytes"`
	// Newest is the latest publication day (YYYY-MM-DD) of its articles:
	// parts are searched newest first.
	Newest string `json:"newest,omitempty"`
}

func partDir(i int) string { return fmt.Sprintf("p%04d", i) }

// passagesFile holds a part's passages as JSON lines, read by offset: the
// Bleve index stores only where each one is. Kept out of the index, the
// passages are read through the page cache rather than mapped into the
// process with the index's segments, and a fetch by id is one read.
const passagesFile = "passages.jsonl"

// partWriter writes the passages of one part in batches.
type partWriter struct {
	bi    bleve.Index
	path  string // the part's folder
	b     *bleve.Batch
	info  PartInfo
	n     int // the part's number
	out   *os.File
	w     *bufio.Writer
	wrote int64 // bytes written to out
	// closed is set once bi is closed: Bleve panics when an index is
	// closed twice, and abort may follow a close that failed.
	closed bool
}

func newPartWriter(build string, i int) (*partWriter, error) {
	dir := partDir(i)
	bi, err := bleve.NewUsing(filepath.Join(build, dir), newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	out, err := os.Create(filepath.Join(build, dir, passagesFile))
	if err != nil {
		bi.Close()
		return nil, err
	}
	return &partWriter{bi: bi, path: filepath.Join(build, dir), b: bi.NewBatch(), info: PartInfo{Dir: dir}, n: i, out: out, w: bufio.NewWriterSize(out, 1<<16)}, nil
}

// add indexes the passages of one article, in order, and returns where
// they are in the part's passages file: n bytes from off, a line each.
func (w *partWriter) add(lx *extract.Lexicon, ps []extract.Passage, published string) (off, n int64, err error) {
	off = w.wrote
	var title, folded string // the passages of an article share its title
	for i, p := range ps {
		if i == 0 || p.Title != title {
			title, folded = p.Title, lx.Fold(p.Title, false)
		}
		doc, raw, err := passageDocOf(lx, p, folded)
		if err != nil {
			return 0, 0, err
		}
		doc.At = fmt.Sprintf("%d:%d:%d", w.n, w.wrote, len(raw))
		if _, err := w.w.Write(append(raw, '\n')); err != nil {
			return 0, 0, err
		}
		w.wrote += int64(len(raw)) + 1
		if err := w.b.Index(p.ID, doc); err != nil {
			return 0, 0, err
		}
		if w.b.Size() >= batchSize {
			if err := w.bi.Batch(w.b); err != nil {
				return 0, 0, err
			}
			w.b.Reset()
		}
	}
	w.info.Articles++
	w.info.Passages += len(ps)
	if published > w.info.Newest {
		w.info.Newest = published
	}
	return off, w.wrote - off, nil
}

// close writes the last batch, merges the part's segments into one, and
// closes it. A part is written once and then only read: merged, a
// question looks a word up in one segment rather than a dozen, and maps
// fewer of their pages (at 100,000 articles 12 MiB less serving memory,
// for half a second of build time a part). Scorch merges only the
// segments its persister has written, so the part is closed (which
// writes them all) and merged opened again.
func (w *partWriter) close() error {
	err := w.bi.Batch(w.b)
	if cerr := w.bi.Close(); err == nil {
		err = cerr
	}
	w.closed = true
	if err == nil {
		err = mergePart(w.path)
	}
	if err == nil {
		err = dropUnreferenced(w.path)
	}
	if ferr := w.w.Flush(); err == nil {
		err = ferr
	}
	w.info.Bytes = w.wrote
	if ferr := w.out.Close(); err == nil {
		err = ferr
	}
	return err
}

// mergePart merges the segments of the part at path.
func mergePart(path string) error {
	bi, err := bleve.Open(path)
	if err != nil {
		return err
	}
	err = forceMerge(bi)
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	return err
}

// forceMerge merges the segments of bi into one. A force merge merges
// at most SegmentsPerMergeTask (10) segments a task, so a part of more
// segments takes a few rounds.
func forceMerge(bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("merge: not a scorch index")
	}
	for last := -1; ; {
		n, err := segmentCount(sc)
		if err != nil || n <= 1 || n == last {
			if err == nil {
				settle(sc)
			}
			return err
		}
		last = n
		err = within(mergeTimeout, func() error {
			return sc.ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions)
		})
		if err != nil {
			return fmt.Errorf("merge: %w", err)
		}
	}
}

// mergeTimeout bounds one force merge. Scorch's merger retries a merge
// that fails (a full disk) without end, and ForceMerge waits for it; the
// part's close then ends the wait.
const mergeTimeout = 5 * time.Minute

// within runs f and returns its error, or an error once d has passed
// while f still runs (f is left to end on its own).
func within(d time.Duration, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return fmt.Errorf("no progress in %v", d)
	}
}

// settle waits, a minute at most, until sc's persister has written the
// snapshot the merges made (what a read-only open of the part sees):
// closing before that leaves the part as it was.
func settle(sc *scorch.Scorch) {
	epoch := func(name string) uint64 { e, _ := sc.StatsMap()[name].(uint64); return e }
	target := epoch("CurRootEpoch")
	for deadline := time.Now().Add(time.Minute); epoch("LastPersistedEpoch") < target && time.Now().Before(deadline); {
		time.Sleep(2 * time.Millisecond)
	}
}

// segmentCount is how many segments sc's current snapshot has.
func segmentCount(sc *scorch.Scorch) (n int, err error) {
	err = withSegments(sc, func(segs []*scorch.SegmentSnapshot) { n = len(segs) })
	return n, err
}

// withSegments calls fn with the segments of idx's current snapshot,
// which stay open until fn returns.
func withSegments(idx bleveindex.Index, fn func([]*scorch.SegmentSnapshot)) error {
	r, err := idx.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fmt.Errorf("merge: not a scorch snapshot")
	}
	fn(snap.Segments())
	return nil
}

// dropUnreferenced deletes the segment files of the closed index at path
// that its root no longer lists: Bleve deletes the segments a merge
// replaced only lazily, and a part is closed right after its merge.
func dropUnreferenced(path string) error {
	bi, err := openReadOnly(path)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	adv, err := bi.Advanced()
	if err == nil {
		err = withSegments(adv, func(segs []*scorch.SegmentSnapshot) {
			for _, seg := range segs {
				if ps, ok := seg.Segment().(segment.PersistedSegment); ok {
					keep[filepath.Base(ps.Path())] = true
				}
			}
		})
	}
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if len(keep) == 0 {
		return nil // an empty part, or segments not on disk: nothing is known to be unused
	}
	zaps, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil {
		return err
	}
	for _, z := range zaps {
		if !keep[filepath.Base(z)] {
			if err := os.Remove(z); err != nil {
				return err
			}
		}
	}
	return nil
}

// abort closes the part without caring for errors (the build is failing).
func (w *partWriter) abort() {
	if !w.closed {
		w.bi.Close()
		w.closed = true
	}
	w.out.Close()
}

// passageDocOf is the document indexed for p, and p as JSON.
func passageDocOf(lx *extract.Lexicon, p extract.Passage, foldedTitle string) (passageDoc, []byte, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return passageDoc{}, nil, err
	}
	return passageDoc{Type: docType, Text: lx.Fold(p.Text, false), Context: foldedTitle,
		NameKeys: nameKeys(p.Text, true), Article: p.Article,
		People: p.People, Speakers: p.Speakers, Sides: p.Sides, Topics: p.Topics}, raw, nil
}

// newestFirst is the positions of parts in the order questions ask them:
// newest first; of parts as new, the later in the corpus first.
func newestFirst(parts []PartInfo) []int {
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		if parts[order[a]].Newest != parts[order[b]].Newest {
			return parts[order[a]].Newest > parts[order[b]].Newest
		}
		return order[a] > order[b]
	})
	return order
}

// parts is the open parts of a build, and the order questions ask them in.
type parts struct {
	idx []bleve.Index
	// files are the parts' passage files, by part number.
	files []*os.File
	// rounds are the parts asked together, newest first: one part, then
	// two, four, …
	rounds []bleve.Index
	// all asks every part at once.
	all bleve.Index
}

// openParts opens the parts of the build at path read-only.
func openParts(path string, infos []PartInfo) (*parts, error) {
	if len(infos) == 0 {
		return nil, fmt.Errorf("open %s: the build has no parts", path)
	}
	ps := &parts{}
	for _, in := range infos {
		if filepath.Base(in.Dir) != in.Dir || in.Dir == "." || in.Dir == ".." {
			ps.close()
			return nil, fmt.Errorf("open %s: bad part name %q", path, in.Dir)
		}
		bi, err := openReadOnly(filepath.Join(path, in.Dir))
		if err != nil {
			ps.close()
			return nil, err
		}
		ps.idx = append(ps.idx, bi)
		f, err := os.Open(filepath.Join(path, in.Dir, passagesFile))
		if err != nil {
			ps.close()
			return nil, fmt.Errorf("open %s: damaged index: %w", path, err)
		}
		ps.files = append(ps.files, f)
		if st, err := f.Stat(); err != nil || st.Size() != in.Bytes {
			ps.close()
			return nil, fmt.Errorf("open %s: damaged index: part %s's passages file is not %d bytes (%v)", path, in.Dir, in.Bytes, err)
		}
		// Scorch opens a part whose segments are lost as an empty index.
		if n, err := bi.DocCount(); err != nil || n != uint64(in.Passages) {
			ps.close()
			return nil, fmt.Errorf("open %s: damaged index: part %s holds %d passages, not %d (%v)", path, in.Dir, n, in.Passages, err)
		}
	}
	order := newestFirst(infos)
	for i, width := 0, 1; i < len(order); i, width = i+width, width*2 {
		ps.rounds = append(ps.rounds, ps.group(order[i:min(i+width, len(order))]))
	}
	ps.all = ps.group(order)
	return ps, nil
}

// group is one index over the parts numbered in.
func (ps *parts) group(in []int) bleve.Index {
	if len(in) == 1 {
		return ps.idx[in[0]]
	}
	var g []bleve.Index
	for _, i := range in {
		g = append(g, ps.idx[i])
	}
	return bleve.NewIndexAlias(g...)
}

func (ps *parts) close() {
	for _, bi := range ps.idx {
		bi.Close()
	}
	for _, f := range ps.files {
		f.Close()
	}
}

// maxPassageBytes bounds one read of a passage file (a passage is at most
// a few thousand characters; its JSON a few times that).
const maxPassageBytes = 1 << 20

// parseAt reads a passage's location, "part:offset:length".
func parseAt(at string) (part int, off, n int64, ok bool) {
	p, rest, ok1 := strings.Cut(at, ":")
	o, l, ok2 := strings.Cut(rest, ":")
	part, err1 := strconv.Atoi(p)
	off, err2 := strconv.ParseInt(o, 10, 64)
	n, err3 := strconv.ParseInt(l, 10, 64)
	ok = ok1 && ok2 && err1 == nil && err2 == nil && err3 == nil && part >= 0 && off >= 0 && n > 0
	return part, off, n, ok
}

// maxArticleBytes bounds one read of an article's passages.
const maxArticleBytes = 64 << 20

// readBuffers are the buffers articles' passages are read into: decoding
// copies what it keeps, so a buffer serves the next read, and a question
// that reads fifty articles does not leave fifty behind for the collector.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBuffer bounds the buffers kept for reuse.
const maxPooledBuffer = 1 << 20

// articlePassages reads the passages of one article, those of the given
// ids (all when ids is nil), in the order the article has them: a.Bytes
// bytes at a.Offset of its part's passages file, a JSON line a passage.
// Only the lines of the wanted ids are decoded: each line starts with the
// passage's id, as json.Marshal writes extract.Passage.
func (ps *parts) articlePassages(a ArticleInfo, ids map[string]bool) ([]extract.Passage, error) {
	if a.Part < 0 || a.Part >= len(ps.files) || a.Offset < 0 || a.Bytes < 0 || a.Bytes > maxArticleBytes {
		return nil, fmt.Errorf("search: article %s: bad location %d:%d:%d", a.ID, a.Part, a.Offset, a.Bytes)
	}
	bp := readBuffers.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= maxPooledBuffer {
			readBuffers.Put(bp)
		}
	}()
	if int64(cap(*bp)) < a.Bytes {
		*bp = make([]byte, a.Bytes)
	}
	buf := (*bp)[:a.Bytes]
	if _, err := ps.files[a.Part].ReadAt(buf, a.Offset); err != nil {
		return nil, fmt.Errorf("search: article %s: %w", a.ID, err)
	}
	if ids == nil {
		var out []extract.Passage
		for line := range bytes.Lines(buf) {
			var p extract.Passage
			if err := lineJSON.Unmarshal(line, &p); err != nil {
				return nil, fmt.Errorf("search: article %s: %w", a.ID, err)
			}
			out = append(out, p)
		}
		return out, nil
	}
	// Each wanted line is found by its start, which is unique in the block.
	var at []int
	for id := range ids {
		q, _ := json.Marshal(id)
		start := append(append([]byte(`{"id":`), q...), ',')
		for from := 0; from < len(buf); {
			i := bytes.Index(buf[from:], start)
			if i < 0 {
				break
			}
			if i += from; i == 0 || buf[i-1] == '\n' {
				at = append(at, i)
				break
			}
			from = i + 1
		}
	}
	slices.Sort(at)
	out := make([]extract.Passage, 0, len(at))
	for _, i := range at {
		line := buf[i:]
		if j := bytes.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		var p extract.Passage
		if err := lineJSON.Unmarshal(line, &p); err != nil {
			return nil, fmt.Errorf("search: article %s: %w", a.ID, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// lineJSON decodes the lines of the index's files (passages, meetings'
// accounts and passage lists) as encoding/json would (it is
// json-iterator's standard-library configuration): three times faster,
// and an answer decodes up to 60 passages. Bleve links it already.
var lineJSON = jsoniter.ConfigCompatibleWithStandardLibrary

// decodeHits reads the passages of hits from the parts' passage files.
func (ps *parts) decodeHits(docs []*hitDoc) ([]Hit, error) {
	hits := make([]Hit, 0, len(docs))
	var buf []byte
	for _, h := range docs {
		part, off, n, ok := parseAt(h.at)
		if !ok || part >= len(ps.files) || n > maxPassageBytes {
			return nil, fmt.Errorf("search: passage %s: bad location %q", h.id, h.at)
		}
		if int64(cap(buf)) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := ps.files[part].ReadAt(buf, off); err != nil {
			return nil, fmt.Errorf("search: passage %s: %w", h.id, err)
		}
		var p extract.Passage
		if err := lineJSON.Unmarshal(buf, &p); err != nil {
			return nil, fmt.Errorf("search: passage %s: %w", h.id, err)
		}
		hits = append(hits, Hit{Passage: p, Score: h.score})
	}
	return hits, nil
}

// searchRounds asks the rounds in turn until they have given n hits, and
// returns the best n of those hits, best first, and whether every part was
// asked. With exhaustive, every part is asked at once.
func (ps *parts) searchRounds(ctx context.Context, q query.Query, n int, exhaustive bool) ([]*hitDoc, bool, error) {
	if exhaustive || len(ps.rounds) == 1 {
		hs, err := searchOne(ctx, ps.all, q, n)
		byScore(hs, docScore)
		return hs, true, err
	}
	var hits []*hitDoc
	asked := 0
	for _, r := range ps.rounds {
		hs, err := searchOne(ctx, r, q, n)
		if err != nil {
			return nil, false, err
		}
		hits = append(hits, hs...)
		asked++
		if len(hits) >= n {
			break
		}
	}
	byScore(hits, docScore)
	if len(hits) > n {
		hits = hits[:n]
	}
	return hits, asked == len(ps.rounds), nil
}

// byScore sorts hits best first, equal scores by id. Bleve breaks ties by
// the order of documents within the index, which differs from one build
// of the same passages to the next (a batch's documents are analysed
// concurrently), so a rebuild would otherwise order equal hits anew.
func byScore[T any](hits []T, key func(T) (score float64, id string)) {
	slices.SortStableFunc(hits, func(a, b T) int {
		sa, ia := key(a)
		sb, ib := key(b)
		return cmp.Or(cmp.Compare(sb, sa), strings.Compare(ia, ib))
	})
}

func docScore(h *hitDoc) (float64, string) { return h.score, h.id }

// hitDoc is a hit's id, score and where its passage is ("part:offset:length"
// in the part's passages file).
type hitDoc struct {
	id    string
	score float64
	at    string
}

func searchOne(ctx context.Context, bi bleve.Index, q query.Query, n int) ([]*hitDoc, error) {
	return searchFields(ctx, bi, q, n, []string{fieldAt})
}

// searchIDs is searchOne without loading the passages.
func searchIDs(ctx context.Context, bi bleve.Index, q query.Query, n int) ([]*hitDoc, error) {
	return searchFields(ctx, bi, q, n, nil)
}

func searchFields(ctx context.Context, bi bleve.Index, q query.Query, n int, fields []string) ([]*hitDoc, error) {
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.Fields = fields
	// Score only: a tie-break on _id would load the id of every candidate,
	// a fifth of the time of a search at 100,000 passages. Ties keep
	// index order, which is stable for a given build.
	res, err := bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make([]*hitDoc, 0, len(res.Hits))
	for _, h := range res.Hits {
		at, _ := h.Fields[fieldAt].(string)
		out = append(out, &hitDoc{id: h.ID, score: h.Score, at: at})
	}
	return out, nil
}

// linkPart makes the part folder dir of build from in another build, by
// hard links: parts never change once written, so builds share them.
func linkPart(from, to string) error {
	return filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		return os.Link(p, dst)
	})
}
