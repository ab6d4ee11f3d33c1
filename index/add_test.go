package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

// articleFiles returns the article files (name → content) of the embedded
// corpus and, when present, of the real-report corpus beside the repository.
func articleFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	add := func(fsys fs.FS) {
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".yaml") || e.IsDir() {
				continue
			}
			data, err := fs.ReadFile(fsys, e.Name())
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = string(data)
		}
	}
	add(corpus.FS())
	if _, err := os.Stat("../../shared/real-corpus"); err == nil {
		add(os.DirFS("../../shared/real-corpus"))
	}
	return out
}

func setPartPassages(t *testing.T, n int) {
	old := partPassages
	partPassages = n
	t.Cleanup(func() { partPassages = old })
}

// TestAddEqualsRebuild adds articles to a built corpus, and checks that
// the index updated incrementally answers as a whole rebuild of the same
// corpus does: same sources, meetings, unlisted people, positions, parts,
// and the same passages in the same order for every kind of question. It
// runs with parts of one passage's worth, of a few articles, and of all.
func TestAddEqualsRebuild(t *testing.T) {
	files := articleFiles(t)
	names := slices.Sorted(maps.Keys(files))
	for _, tc := range []struct {
		name  string
		part  int
		added int  // the last files by name are added after the first build
		joins bool // an added article reports a meeting an older one reports
	}{
		{"one part", 20_000, 2, true},
		{"parts of a few articles", 40, 3, false},
		{"a part per article", 1, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setPartPassages(t, tc.part)
			first := map[string]string{}
			for _, n := range names[:len(names)-tc.added] {
				first[n] = files[n]
			}
			dir := writeCorpus(t, first)
			ix := openIndex(t, t.TempDir(), dir)
			before := ix.Meta()
			for _, n := range names[len(names)-tc.added:] {
				writeFile(t, filepath.Join(dir, n), files[n])
			}
			rep, err := ix.Rebuild()
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Incremental {
				t.Fatalf("Rebuild after adding %d articles was not incremental", tc.added)
			}
			if rep.Articles != len(names) {
				t.Errorf("report: %d articles, want %d", rep.Articles, len(names))
			}
			// The added articles report meetings that others report: the
			// events they join are recomputed, not only appended.
			joined := 0
			after := ix.Meta()
			for _, m := range after.Meetings {
				for _, b := range before.Meetings {
					if b.ID == m.ID && len(m.Sources) > len(b.Sources) {
						joined++
					}
				}
			}
			t.Logf("%d meetings before the add, %d after, %d joined by an added article", len(before.Meetings), len(after.Meetings), joined)
			if joined == 0 && tc.joins {
				t.Errorf("no meeting gained a source from the added articles: the test no longer shows events recomputed")
			}
			whole := openIndex(t, t.TempDir(), dir)
			compareIndexes(t, ix, whole)
		})
	}
}

// compareIndexes fails when got answers differently from want.
func compareIndexes(t *testing.T, got, want *Index) {
	t.Helper()
	gm, wm := got.Meta(), want.Meta()
	gm.Built, wm.Built = time.Time{}, time.Time{}
	same := func(what string, a, b any) {
		t.Helper()
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			i := 0
			for i < len(ja) && i < len(jb) && ja[i] == jb[i] {
				i++
			}
			from := max(0, i-200)
			t.Errorf("%s differ at byte %d:\nincremental …%s\nrebuilt     …%s", what, i, clip(ja[from:]), clip(jb[from:]))
		}
	}
	same("metas", gm, wm)
	ctx := context.Background()
	for _, q := range []string{"peace plan", "territory", "Witkoff Kushner Moscow", "security guarantees for Ukraine",
		"ceasefire", "Yermak", "NATO membership", "quokka"} {
		g, err1 := got.Search(ctx, q, Filter{}, 0)
		w, err2 := want.Search(ctx, q, Filter{}, 0)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		same("Search("+q+")", g, w)
	}
	for _, tp := range want.Lexicon().Topics {
		for _, side := range []string{"", "Russia", "Ukraine", "Neverland"} {
			g, err1 := got.Position(ctx, tp.Name, side, 3)
			w, err2 := want.Position(ctx, tp.Name, side, 3)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			same("Position("+tp.Name+","+side+")", g, w)
		}
	}
	for _, m := range append([]string{"", "Geneva", "Abu Dhabi", "Istanbul second round"}, meetingIDs(wm)...) {
		g, err1 := got.WhoAttended(ctx, m, false)
		w, err2 := want.WhoAttended(ctx, m, false)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		same("WhoAttended("+m+")", g, w)
	}
	for _, p := range []string{"Putin", "Zelensky", "Witkoff", "Rubio", "Yermak", "Dmitriev"} {
		g, err1 := got.Quote(ctx, p, "")
		w, err2 := want.Quote(ctx, p, "")
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		same("Quote("+p+")", g, w)
	}
}

func meetingIDs(m Meta) []string {
	var ids []string
	for _, mt := range m.Meetings {
		ids = append(ids, mt.ID)
	}
	return ids
}

func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// TestAddFallsBackToRebuild changes a corpus in ways an incremental add
// cannot follow: each must rebuild the whole index, and answer for the
// corpus as it now is.
func TestAddFallsBackToRebuild(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir string)
		found  []string // articles a search for "quokka" finds afterwards
	}{
		{"article edited", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "a.txt"), articleText("Quokka talks resume", "wombat"))
		}, []string{"b"}},
		{"article removed", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
				t.Fatal(err)
			}
		}, []string{"a"}},
		{"article added and another removed", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "b.txt"))
			writeFile(t, filepath.Join(dir, "c.txt"), articleText("Quokka envoy", "quokka"))
		}, []string{"a", "c"}},
		{"people file added", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "people.yaml"), "- name: Quentin Quokka\n  side: Ukraine\n")
			writeFile(t, filepath.Join(dir, "c.txt"), articleText("Quokka envoy", "quokka"))
		}, []string{"a", "b", "c"}},
		{"same id, another type", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "a.md"), articleText("Quokka again", "quokka"))
		}, []string{"a", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeCorpus(t, map[string]string{
				"a.txt": articleText("Quokka talks resume", "quokka"),
				"b.txt": articleText("Quokka envoys meet", "quokka"),
			})
			ix := openIndex(t, t.TempDir(), dir)
			// File times have a resolution: make the change visible.
			time.Sleep(10 * time.Millisecond)
			tc.change(t, dir)
			rep, err := ix.Rebuild()
			if err != nil {
				t.Fatal(err)
			}
			if rep.Incremental {
				t.Errorf("Rebuild was incremental")
			}
			checkFound(t, ix, "quokka", tc.found...)
		})
	}
}

// TestAddReportsBadFiles adds a file that cannot be read with one that
// can: the add stays incremental and reports the bad one as a rebuild does.
func TestAddReportsBadFiles(t *testing.T) {
	dir := writeCorpus(t, map[string]string{"a.txt": articleText("Quokka talks resume", "quokka")})
	ix := openIndex(t, t.TempDir(), dir)
	writeFile(t, filepath.Join(dir, "b.txt"), articleText("Quokka envoys meet", "quokka"))
	writeFile(t, filepath.Join(dir, "c.txt"), "\x00\x01\x02 binary")
	rep, err := ix.Rebuild()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Incremental {
		t.Fatal("not incremental")
	}
	checkFound(t, ix, "quokka", "a", "b")
	whole := openIndex(t, t.TempDir(), dir)
	if g, w := ix.Meta().Problems, whole.Meta().Problems; !reflect.DeepEqual(g, w) || len(g) != 1 {
		t.Errorf("problems %v, a rebuild has %v", g, w)
	}
	// The build replaced keeps serving searches until removed, and the
	// new one shares its parts: removing the old one loses nothing.
	for _, b := range builds(t, ix) {
		if b != current(t, ix) {
			os.RemoveAll(filepath.Join(ix.dir, b))
		}
	}
	ix2 := openIndex(t, t.TempDir(), dir)
	checkFound(t, ix2, "quokka", "a", "b")
}

func TestAdditions(t *testing.T) {
	st := func(name string, size int64) corpus.FileStamp {
		return corpus.FileStamp{Name: name, Size: size, ModTime: 1}
	}
	before := []corpus.FileStamp{st("a.txt", 1), st("b.md", 2), st("notes.pdf", 3)}
	for _, tc := range []struct {
		name string
		now  []corpus.FileStamp
		want []string
	}{
		{"nothing changed", before, nil},
		{"added", append(slices.Clone(before), st("c.html", 4), st("0.txt", 1)), []string{"0.txt", "c.html"}},
		{"edited", []corpus.FileStamp{st("a.txt", 9), st("b.md", 2), st("notes.pdf", 3), st("c.txt", 1)}, nil},
		{"removed", []corpus.FileStamp{st("a.txt", 1), st("c.txt", 1), st("notes.pdf", 3)}, nil},
		{"unsupported added", append(slices.Clone(before), st("c.doc", 1)), nil},
		{"same id as an old file", append(slices.Clone(before), st("a.html", 1)), nil},
		{"same id as an old unsupported file", append(slices.Clone(before), st("notes.txt", 1)), nil},
		{"two added with one id", append(slices.Clone(before), st("c.txt", 1), st("c.md", 1)), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := additions(before, tc.now)
			if tc.want == nil {
				if !errors.Is(err, errNotAddition) {
					t.Errorf("additions = %v, %v; want errNotAddition", got, err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("additions = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// TestSearchAcrossParts checks that a corpus split in many parts finds
// what one part finds: the passages holding every word, and, when too few
// do, those holding any; in one part and in many.
func TestSearchAcrossParts(t *testing.T) {
	files := map[string]string{}
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		files[n+".txt"] = articleText("Talks "+n, "quokka")
	}
	files["g.txt"] = articleText("Wombat summit", "wombat")
	dir := writeCorpus(t, files)
	for _, part := range []int{2, 1 << 20} {
		setPartPassages(t, part)
		ix := openIndex(t, t.TempDir(), dir)
		if n := len(ix.Meta().Parts); part == 2 && n < 4 || part > 2 && n != 1 {
			t.Fatalf("%d parts of %d passages", n, part)
		}
		// Too few passages hold both words: those holding either are found too.
		checkFound(t, ix, "quokka proposal", "a", "b", "c", "d", "e", "f", "g")
		// Enough do: the answer is theirs.
		old := enoughAllWords
		enoughAllWords = 6
		checkFound(t, ix, "quokka proposal", "a", "b", "c", "d", "e", "f")
		enoughAllWords = old
		checkFound(t, ix, "quokka", "a", "b", "c", "d", "e", "f")
		checkFound(t, ix, "wombat", "g")
		checkFound(t, ix, "wombat quokka", "a", "b", "c", "d", "e", "f", "g")
		hits, err := ix.Search(context.Background(), "wombat quokka", Filter{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			t.Fatal("no hits")
		}
	}
}

// TestPassagesByOffset checks that every article's passages are read back
// from where the meta says they are, after a whole build and after adds
// that put articles out of file order in the rewritten newest part (an
// added file that sorts first, then another add that writes that part
// again), and that passages are fetched by id in the order asked.
func TestPassagesByOffset(t *testing.T) {
	setPartPassages(t, 40)
	files := articleFiles(t)
	names := slices.Sorted(maps.Keys(files))
	first := map[string]string{}
	for _, n := range names[1 : len(names)-1] {
		first[n] = files[n]
	}
	dir := writeCorpus(t, first)
	ix := openIndex(t, t.TempDir(), dir)
	check := func(when string) {
		t.Helper()
		s, err := ix.acquire()
		if err != nil {
			t.Fatal(err)
		}
		defer s.release()
		var ids []string
		for _, a := range s.meta.Articles {
			ps, err := s.parts.articlePassages(a, nil)
			if err != nil {
				t.Fatalf("%s: %s: %v", when, a.ID, err)
			}
			if len(ps) != a.Passages {
				t.Fatalf("%s: %s: %d passages read back, want %d", when, a.ID, len(ps), a.Passages)
			}
			for _, p := range ps {
				if p.Article != a.ID {
					t.Fatalf("%s: %s's passages hold %s of %s", when, a.ID, p.ID, p.Article)
				}
			}
			ids = append(ids, ps[len(ps)-1].ID, ps[0].ID)
		}
		ids = append(ids, "nowhere#1", s.meta.Articles[0].ID+"#999")
		got, err := s.passagesByID(context.Background(), ids)
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []string
		for _, p := range got {
			gotIDs = append(gotIDs, p.ID)
		}
		if want := ids[:len(ids)-2]; !slices.Equal(gotIDs, want) {
			t.Errorf("%s: passagesByID gave %v, want %v", when, gotIDs, want)
		}
	}
	check("whole build")
	for _, n := range []string{names[0], names[len(names)-1]} {
		writeFile(t, filepath.Join(dir, n), files[n])
		rep, err := ix.Rebuild()
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Incremental {
			t.Fatalf("adding %s was not incremental", n)
		}
		check("after adding " + n)
	}
}

// TestPartsMerged checks that every part of a build, whole and after an
// incremental add, is merged and keeps no segment file its root does not
// list.
func TestPartsMerged(t *testing.T) {
	setPartPassages(t, 20_000)
	setBatchSize(t, 20) // many segments to merge
	files := articleFiles(t)
	names := slices.Sorted(maps.Keys(files))
	first := map[string]string{}
	for _, n := range names[:len(names)-1] {
		first[n] = files[n]
	}
	dir := writeCorpus(t, first)
	ix := openIndex(t, t.TempDir(), dir)
	check := func(when string) {
		t.Helper()
		s, err := ix.acquire()
		if err != nil {
			t.Fatal(err)
		}
		defer s.release()
		for _, p := range s.meta.Parts {
			zaps, _ := filepath.Glob(filepath.Join(s.path, p.Dir, "store", "*.zap"))
			if len(zaps) != 1 {
				t.Errorf("%s: part %s keeps %d segment files, want 1 (merged, nothing stale)", when, p.Dir, len(zaps))
			}
		}
	}
	check("whole build")
	writeFile(t, filepath.Join(dir, names[len(names)-1]), files[names[len(names)-1]])
	if rep, err := ix.Rebuild(); err != nil || !rep.Incremental {
		t.Fatalf("add: %v, incremental %v", err, rep.Incremental)
	}
	check("after an add")
}

func setBatchSize(t *testing.T, n int) {
	old := batchSize
	batchSize = n
	t.Cleanup(func() { batchSize = old })
}

// TestMeetingPassagesOutOfMeta checks that keeping only as many of a
// meeting's passages in the meta as answers read changes no answer:
// comparisons (which read every passage of the meetings their sources
// report), claims checked against the articles (a meeting claim is
// reported by all its passages), and who attended are the same as with
// every passage kept.
func TestMeetingPassagesOutOfMeta(t *testing.T) {
	dir := writeCorpus(t, articleFiles(t))
	old, oldSupport := keptMeetingPassages, meetingPassages
	t.Cleanup(func() { keptMeetingPassages, meetingPassages = old, oldSupport })
	// Answers read at most five of a meeting's passages here, and the
	// meta keeps five: the rest must come from the accounts file.
	keptMeetingPassages, meetingPassages = 5, 5
	few := openIndex(t, t.TempDir(), dir)
	keptMeetingPassages = 1 << 20
	all := openIndex(t, t.TempDir(), dir)
	ctx := context.Background()
	same := func(what string, a, b any) {
		t.Helper()
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("%s differs with a meeting's first passage only in the meta:\n%s\n%s", what, clip(ja), clip(jb))
		}
	}
	truncated := 0
	for _, m := range all.Meta().Meetings {
		if len(m.Passages) > 5 {
			truncated++
		}
		for _, q := range []string{m.ID, m.Name} {
			g, err1 := few.Compare(ctx, q, false)
			w, err2 := all.Compare(ctx, q, false)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			// Other meetings the question may mean are listed, not compared.
			for i := range g.Others {
				g.Others[i].Passages, w.Others[i].Passages = nil, nil
			}
			same("Compare("+q+")", g, w)
			ga, err1 := few.WhoAttended(ctx, q, false)
			wa, err2 := all.WhoAttended(ctx, q, false)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			// The answers name the same people with the same passages;
			// only the meeting's own list of passages is shorter.
			for i := range ga.Events {
				ga.Events[i].Meeting.Passages, wa.Events[i].Meeting.Passages = nil, nil
			}
			same("WhoAttended("+q+")", ga, wa)
		}
		msg := "The talks in " + m.Place + " were held as reported."
		gs, err1 := few.Support(ctx, msg)
		ws, err2 := all.Support(ctx, msg)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		same("Support("+msg+")", gs, ws)
	}
	if truncated == 0 {
		t.Fatal("no meeting has more than five passages: the test shows nothing")
	}
}

// TestQuoteLists checks that the passages the build keeps for the people
// most often quoted (Meta.Quotes) make the answers Quote finds without
// them, in several parts and in one.
func TestQuoteLists(t *testing.T) {
	for _, parts := range []int{40, 1 << 20} {
		t.Run(fmt.Sprint(parts), func(t *testing.T) {
			setPartPassages(t, parts)
			dir := writeCorpus(t, articleFiles(t))
			old := quoteListFrom
			t.Cleanup(func() { quoteListFrom = old })
			quoteListFrom = 1 << 30
			live := openIndex(t, t.TempDir(), dir)
			quoteListFrom = 2
			listed := openIndex(t, t.TempDir(), dir)
			if len(live.Meta().Quotes) != 0 || len(listed.Meta().Quotes) == 0 {
				t.Fatalf("quote lists: %d without, %d with", len(live.Meta().Quotes), len(listed.Meta().Quotes))
			}
			for name := range listed.Meta().Quotes {
				for _, about := range []string{"", "peace plan"} {
					want, err1 := live.Quote(context.Background(), name, about)
					got, err2 := listed.Quote(context.Background(), name, about)
					if err1 != nil || err2 != nil {
						t.Fatal(err1, err2)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("Quote(%q, %q) with the build's list differs from one found now", name, about)
					}
				}
			}
		})
	}
}

// TestPartWriterAbortAfterClose: a build aborts a part whose close failed
// part way; Bleve panics when an index is closed twice.
func TestPartWriterAbortAfterClose(t *testing.T) {
	w, err := newPartWriter(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	w.abort()
}

// TestWithin: a merge that never ends is given up as an error, and one
// that ends gives its own result.
func TestWithin(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	if err := within(10*time.Millisecond, func() error { <-block; return nil }); err == nil {
		t.Error("a call that never returns: no error")
	}
	want := errors.New("disk full")
	if err := within(time.Minute, func() error { return want }); !errors.Is(err, want) {
		t.Errorf("a failing call: %v, want %v", err, want)
	}
	if err := within(time.Minute, func() error { return nil }); err != nil {
		t.Errorf("a call that succeeds: %v", err)
	}
}
