// Command bench measures talksbot at scale on synthetic corpora: building
// the index, opening it, and answering each intent through the whole answer
// path, next to SQLite FTS5 (modernc.org/sqlite) on the same passages and
// questions. It is a separate program so that the bot never links SQLite.
//
//	go run ./bench --articles 100,1000,10000          # a table per size
//	go run ./bench --articles 1000 --json > out.json  # one JSON object
//	go run ./bench --smoke --json                     # seconds, for CI
//
// Each phase runs in a child process of its own, so that its peak RSS is
// its own. See BENCHMARKS.md.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
)

func main() {
	if ran, code := childMain(); ran {
		os.Exit(code)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command line's settings.
type options struct {
	sizes       []int
	seed        uint64
	queries     int
	ftsQueries  int
	concurrency int
	topK        int
	asJSON      bool
	inMemory    bool
	fts         bool
	work        string
	keep        bool
	profileDir  string
	pages       string          // make real-report style pages from this folder's articles
	tables      []string        // saved JSON reports to print as tables instead of running
	write       string          // write the synthetic corpus to this folder and stop
	only        map[string]bool // phases to run; nil for all
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("articles", "100", "corpus sizes, comma-separated (100,1000,10000,100000)")
	seed := fs.Uint64("seed", 1, "seed of the synthetic corpus and the questions")
	queries := fs.Int("queries", 200, "questions per intent")
	ftsQueries := fs.Int("fts-queries", 0, "FTS5 asks only the first N questions of each intent (0: all; it takes seconds a question at 100,000 articles)")
	conc := fs.Int("concurrency", 2*runtime.GOMAXPROCS(0), "askers at once in the concurrent measure")
	topK := fs.Int("top-k", 10, "rows FTS5 returns per query")
	asJSON := fs.Bool("json", false, "write the results to standard output as one JSON object")
	inMemory := fs.Bool("in-memory", false, "read the synthetic corpus from memory instead of writing it to a folder")
	noFTS := fs.Bool("no-fts", false, "skip the SQLite FTS5 comparison")
	smoke := fs.Bool("smoke", false, "a run of seconds for CI: 100 articles, 20 questions per intent")
	work := fs.String("work", "", "working folder (default: a new temporary folder)")
	keep := fs.Bool("keep", false, "keep the working folder")
	prof := fs.String("profile", "", "write CPU and allocation profiles of the build and serve phases to this folder")
	tables := fs.String("tables", "", "print the tables of saved --json reports (comma-separated files) instead of running")
	write := fs.String("write", "", "write the synthetic corpus of --articles N (one size) to this new or empty folder, and stop")
	pages := fs.String("pages", "", "make real-report style pages from the article files of this folder (e.g. ../shared/real-corpus) instead of recombining the default articles")
	only := fs.String("only", "", "run only these phases (comma-separated: build,serve,dump,bleve-load,fts-load,fts-query), reusing what --work holds from an earlier run (and reporting the other phases' saved results)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	o := options{seed: *seed, queries: *queries, ftsQueries: *ftsQueries, concurrency: *conc, topK: *topK, asJSON: *asJSON,
		inMemory: *inMemory, fts: !*noFTS, work: *work, keep: *keep, profileDir: *prof, pages: *pages}
	if *smoke {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["articles"] {
			*sizes = "100"
		}
		if !set["queries"] {
			o.queries = 20
		}
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
		if err != nil || n < 1 {
			return options{}, fmt.Errorf("--articles: bad size %q", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if *tables != "" {
		o.tables = strings.Split(*tables, ",")
	}
	if o.write = *write; o.write != "" && len(o.sizes) != 1 {
		return options{}, fmt.Errorf("--write takes one --articles size")
	}
	if *only != "" {
		o.only = map[string]bool{}
		for _, p := range strings.Split(*only, ",") {
			if _, ok := phaseFunc(strings.TrimSpace(p)); !ok {
				return options{}, fmt.Errorf("--only: unknown phase %q", p)
			}
			o.only[strings.TrimSpace(p)] = true
		}
		if o.work == "" {
			return options{}, fmt.Errorf("--only needs the --work folder of an earlier run")
		}
	}
	if o.queries < 1 || o.concurrency < 1 || o.topK < 1 {
		return options{}, fmt.Errorf("--queries, --concurrency and --top-k must be positive")
	}
	return o, nil
}

// run is the whole program; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return 2
	}
	if o.write != "" {
		return writeCorpus(o, stdout, stderr)
	}
	if o.tables != nil {
		rep, err := readReports(o.tables)
		if err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		printReport(stdout, rep)
		return 0
	}
	rep, err := runAll(o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	if o.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		return 0
	}
	printReport(stdout, rep)
	return 0
}

// writeCorpus writes the synthetic corpus to o.write, a new or empty
// folder, for operators and tests that need a large corpus.
func writeCorpus(o options, stdout, stderr io.Writer) int {
	if entries, err := os.ReadDir(o.write); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "bench: --write %s: the folder is not empty\n", o.write)
		return 1
	}
	if err := os.MkdirAll(o.write, 0o755); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	c, err := newCorpus(o.pages, o.sizes[0], o.seed)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	n, err := c.WriteDir(o.write)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d articles (%.1f MiB) to %s\n", o.sizes[0], float64(n)/(1<<20), o.write)
	return 0
}
