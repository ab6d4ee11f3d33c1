package index

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/google/renameio/v2"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
)

// buildFacts is what a build keeps beside its meta (factsFile) so that
// adding articles later can redo what depends on every article (meetings
// reported by several articles, the unlisted people) without reading the
// other articles again.
type buildFacts struct {
	// Stamps are the corpus files the build read or reported.
	Stamps []corpus.FileStamp `json:"stamps"`
	// Articles are in the order of Meta.Articles.
	Articles []articleFacts `json:"articles"`
}

// articleFacts is what extraction found in one article beyond its passages.
type articleFacts struct {
	ID       string                  `json:"id"`
	Meetings []extract.MeetingReport `json:"meetings,omitempty"`
	Unlisted []extract.Person        `json:"unlisted,omitempty"`
}

// maxAdded bounds the articles one incremental add reads: their passages
// are held in memory until indexed. More are indexed by a whole rebuild.
const maxAdded = 2000

// errNotAddition says that a corpus changed in more than added articles.
var errNotAddition = errors.New("the corpus changed in more than added articles")

// addArticles writes at path a build of cur's corpus with the articles
// added since cur was built, reading only those: the parts of cur are
// shared (hard links), except the newest when it has room, which is
// written again with the added passages, and the meetings, unlisted people
// and positions are computed again over all articles. It returns
// errNotAddition when anything but added articles changed (the rules, an
// article edited or removed, an unsupported or duplicate file), and the
// caller rebuilds.
func addArticles(cur *snapshot, path string, src corpus.Source, fp, rules string) (RebuildReport, *snapshot, error) {
	if cur.meta.Schema != schemaVersion || cur.meta.Rules != rules || len(cur.meta.Parts) == 0 {
		return RebuildReport{}, nil, errNotAddition
	}
	facts, err := readFacts(filepath.Join(cur.path, factsFile))
	if err != nil || len(facts.Articles) != len(cur.meta.Articles) {
		return RebuildReport{}, nil, errNotAddition
	}
	stamps, err := corpus.Stamps(src.Dir)
	if err != nil {
		return RebuildReport{}, nil, err
	}
	added, err := additions(facts.Stamps, stamps)
	if err != nil {
		return RebuildReport{}, nil, err
	}
	if len(added) > maxAdded || len(cur.meta.Articles)+len(added) > corpus.MaxArticles {
		return RebuildReport{}, nil, errNotAddition
	}
	lx := cur.lx
	if err := keepData(path, lx); err != nil {
		return RebuildReport{}, nil, err
	}
	type read struct {
		info  ArticleInfo
		facts articleFacts
		ps    []extract.Passage
	}
	var got []read
	problems, err := corpus.EachNamed(src.Dir, lx, added, nil, func(a article.Article, an extract.Analysis) error {
		got = append(got, read{articleInfo(a, an, 0), articleFacts{ID: a.ID, Meetings: an.Meetings, Unlisted: an.Unlisted}, an.Passages})
		return nil
	})
	if err != nil {
		return RebuildReport{}, nil, err
	}

	meta := cur.meta
	meta.Fingerprint, meta.Positions = fp, nil
	meta.Parts = append([]PartInfo(nil), cur.meta.Parts...)
	meta.Articles = append([]ArticleInfo(nil), cur.meta.Articles...)
	meta.Problems = append(append([]corpus.Problem(nil), cur.meta.Problems...), problems...)
	sort.SliceStable(meta.Problems, func(i, j int) bool { return meta.Problems[i].File < meta.Problems[j].File })
	facts.Stamps = stamps

	// The parts kept as they are; the newest is written again when it has
	// room, with its own articles first.
	last := len(meta.Parts) - 1
	keep := len(meta.Parts)
	if meta.Parts[last].Passages < partPassages {
		keep = last
	}
	for _, p := range meta.Parts[:keep] {
		if err := linkPart(filepath.Join(cur.path, p.Dir), filepath.Join(path, p.Dir)); err != nil {
			return RebuildReport{}, nil, err
		}
	}
	meta.Parts = meta.Parts[:keep]
	w, err := newPartWriter(path, keep)
	if err != nil {
		return RebuildReport{}, nil, err
	}
	defer func() {
		if w != nil {
			w.abort()
		}
	}()
	if keep == last {
		// Written again in the order of the file, so at the same offsets.
		var again []ArticleInfo
		for _, a := range meta.Articles {
			if a.Part == last {
				again = append(again, a)
			}
		}
		// An article of no passages starts where the next one does: first.
		sort.Slice(again, func(i, j int) bool {
			if again[i].Offset != again[j].Offset {
				return again[i].Offset < again[j].Offset
			}
			return again[i].Bytes < again[j].Bytes
		})
		for _, a := range again {
			ps, err := cur.parts.articlePassages(a, nil)
			if err != nil {
				return RebuildReport{}, nil, err
			}
			if len(ps) != a.Passages {
				return RebuildReport{}, nil, fmt.Errorf("article %s: %d passages read back, not %d", a.ID, len(ps), a.Passages)
			}
			if off, n, err := w.add(lx, ps, day(a.Published)); err != nil {
				return RebuildReport{}, nil, err
			} else if off != a.Offset || n != a.Bytes {
				return RebuildReport{}, nil, fmt.Errorf("article %s: written again at %d:%d, not %d:%d", a.ID, off, n, a.Offset, a.Bytes)
			}
		}
	}
	for _, r := range got {
		if w.info.Passages >= partPassages {
			if err := w.close(); err != nil {
				w = nil
				return RebuildReport{}, nil, err
			}
			meta.Parts = append(meta.Parts, w.info)
			if w, err = newPartWriter(path, len(meta.Parts)); err != nil {
				return RebuildReport{}, nil, err
			}
		}
		r.info.Part = len(meta.Parts)
		if r.info.Offset, r.info.Bytes, err = w.add(lx, r.ps, day(r.info.Published)); err != nil {
			return RebuildReport{}, nil, err
		}
		meta.Articles = append(meta.Articles, r.info)
		facts.Articles = append(facts.Articles, r.facts)
		meta.Passages += len(r.ps)
	}
	err = w.close()
	meta.Parts = append(meta.Parts, w.info)
	w = nil
	if err != nil {
		return RebuildReport{}, nil, err
	}
	// Articles in file order, as a whole build has them.
	order := make([]int, len(meta.Articles))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return meta.Articles[order[i]].File < meta.Articles[order[j]].File })
	arts, fs := make([]ArticleInfo, len(order)), make([]articleFacts, len(order))
	for i, o := range order {
		arts[i], fs[i] = meta.Articles[o], facts.Articles[o]
	}
	meta.Articles, facts.Articles = arts, fs
	snap, err := finish(path, meta, facts, lx)
	if err != nil {
		return RebuildReport{}, nil, err
	}
	return RebuildReport{Articles: len(meta.Articles), Passages: meta.Passages, Problems: meta.Problems, Incremental: true}, snap, nil
}

// additions returns the names of the article files in now that were not in
// before, or errNotAddition when a file of before changed or went, or an
// added file is not an article or has the id of another file.
func additions(before, now []corpus.FileStamp) ([]string, error) {
	old := make(map[string]corpus.FileStamp, len(before))
	ids := make(map[string]bool, len(before))
	for _, st := range before {
		old[st.Name] = st
		ids[article.ID(st.Name)] = true
	}
	var added []string
	kept := 0
	for _, st := range now {
		if o, ok := old[st.Name]; ok {
			if o != st {
				return nil, errNotAddition
			}
			kept++
			continue
		}
		id := article.ID(st.Name)
		if !article.IsFile(st.Name) || ids[id] {
			return nil, errNotAddition
		}
		ids[id] = true
		added = append(added, st.Name)
	}
	if kept != len(old) || len(added) == 0 {
		return nil, errNotAddition
	}
	sort.Strings(added)
	return added, nil
}

// writeFacts writes f to path as JSON lines (the stamps, then an article a
// line), atomically, without holding all of it as JSON at once.
func writeFacts(path string, f buildFacts) error {
	pf, err := renameio.NewPendingFile(path, renameio.WithTempDir(filepath.Dir(path)), renameio.WithPermissions(0o644))
	if err != nil {
		return err
	}
	defer pf.Cleanup()
	w := bufio.NewWriterSize(pf, 1<<16)
	enc := json.NewEncoder(w)
	if err := enc.Encode(f.Stamps); err != nil {
		return err
	}
	for _, a := range f.Articles {
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return pf.CloseAtomicallyReplace()
}

// readFacts reads what writeFacts wrote.
func readFacts(path string) (buildFacts, error) {
	var f buildFacts
	file, err := os.Open(path)
	if err != nil {
		return f, err
	}
	defer file.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(file, 1<<16))
	if err := dec.Decode(&f.Stamps); err != nil {
		return f, fmt.Errorf("read %s: %w", path, err)
	}
	for {
		var a articleFacts
		if err := dec.Decode(&a); err != nil {
			if errors.Is(err, io.EOF) {
				return f, nil
			}
			return f, fmt.Errorf("read %s: %w", path, err)
		}
		f.Articles = append(f.Articles, a)
	}
}
