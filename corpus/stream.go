package corpus

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/extract"
)

// Each reads every article in the top level of dir on all cores and
// hands each one that parsed, analysed, to fn in file-name order, holding
// only a few in memory at a time. It returns the files that were skipped and
// why, sorted by name; fn's first error stops it.
func Each(dir fs.FS, lx *extract.Lexicon, fn func(article.Article, extract.Analysis) error) ([]Problem, error) {
	return EachReporting(dir, lx, nil, fn)
}

// EachReporting is Each, telling tell (when not nil) after each article
// file how many it has read, skipped ones included, of how many.
func EachReporting(dir fs.FS, lx *extract.Lexicon, tell func(done, total int), fn func(article.Article, extract.Analysis) error) ([]Problem, error) {
	entries, err := fs.ReadDir(dir, ".")
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	var problems []Problem
	var names []string
	for _, e := range entries {
		name := e.Name()
		if !candidate(e) {
			continue
		}
		if !article.IsFile(name) {
			problems = append(problems, Problem{File: name, Reason: fmt.Sprintf("unsupported file type %q (want .txt, .md or .html)", strings.ToLower(path.Ext(name)))})
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) > MaxArticles {
		for _, n := range names[MaxArticles:] {
			problems = append(problems, Problem{File: n, Reason: fmt.Sprintf("over the limit of %d articles", MaxArticles)})
		}
		names = names[:MaxArticles]
	}
	// Refuse duplicate ids before parsing: the first file by name wins.
	seen := map[string]string{}
	var unique []string
	for _, n := range names {
		id := article.ID(n)
		if first, dup := seen[id]; dup {
			problems = append(problems, Problem{File: n, Reason: fmt.Sprintf("duplicate article id %q (also %s)", id, first)})
			continue
		}
		seen[id] = n
		unique = append(unique, n)
	}

	bad, ferr := EachNamed(dir, lx, unique, tell, fn)
	problems = append(problems, bad...)
	sort.Slice(problems, func(i, j int) bool { return problems[i].File < problems[j].File })
	return problems, ferr
}

// candidate reports whether Each considers the folder entry: an article,
// or a file it reports as unsupported. Folders, hidden files, data files
// (.yaml) and README.md are not.
func candidate(e fs.DirEntry) bool {
	name := e.Name()
	ext := strings.ToLower(path.Ext(name))
	return !e.IsDir() && !strings.HasPrefix(name, ".") && ext != ".yaml" && ext != ".yml" && !strings.EqualFold(name, "README.md")
}

// EachNamed is Each for the named article files of dir only (an addition
// to a corpus already read): it reads them on all cores and hands each one
// that parsed to fn in the order given, returning those that did not.
func EachNamed(dir fs.FS, lx *extract.Lexicon, names []string, tell func(done, total int), fn func(article.Article, extract.Analysis) error) ([]Problem, error) {
	var problems []Problem
	var ferr error
	if tell == nil {
		tell = func(int, int) {}
	}
	tell(0, len(names))
	parseAll(dir, lx, names, func(i int, r parsed) bool {
		tell(i+1, len(names))
		if r.err != nil {
			problems = append(problems, Problem{File: names[i], Reason: r.err.Error()})
			return true
		}
		ferr = fn(r.article, r.Analysis)
		return ferr == nil
	})
	return problems, ferr
}

type parsed struct {
	article article.Article
	extract.Analysis
	err error
}

// parseAll parses and analyses files on all cores and hands the results to
// fn in the order of names, with at most a few files per core in flight so
// that memory stays flat however large the corpus. fn returning false stops
// it.
func parseAll(dir fs.FS, lx *extract.Lexicon, names []string, fn func(i int, r parsed) bool) {
	type job struct {
		i   int
		out chan parsed
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan job)
	order := make(chan job, 4*workers) // results in the order they are due
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.out <- parseOne(dir, lx, names[j.i])
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		for i := range names {
			j := job{i: i, out: make(chan parsed, 1)}
			select {
			case order <- j:
			case <-stop:
				return
			}
			select {
			case jobs <- j:
			case <-stop:
				return
			}
		}
	}()
	stopped := false
	for j := range order {
		if stopped {
			continue // the job may never have been handed to a worker
		}
		if !fn(j.i, <-j.out) {
			stopped = true
			close(stop)
		}
	}
	wg.Wait() // workers write to buffered channels, so they always finish
}

func parseOne(dir fs.FS, lx *extract.Lexicon, name string) (r parsed) {
	defer func() {
		if p := recover(); p != nil {
			r.err = fmt.Errorf("internal error while reading: %v", p)
		}
	}()
	f, err := dir.Open(name)
	if err != nil {
		return parsed{err: fmt.Errorf("open: %w", err)}
	}
	defer f.Close()
	// Read one byte past the bound so that checkText reports an oversized
	// file without reading all of it.
	data, err := io.ReadAll(io.LimitReader(f, article.MaxBytes+1))
	if err != nil {
		return parsed{err: fmt.Errorf("read: %w", err)}
	}
	a, err := article.Parse(name, data)
	if err != nil {
		return parsed{err: err}
	}
	return parsed{article: a, Analysis: extract.Analyse(lx, a)}
}
