// Package intake adds articles from the web to a corpus folder: it fetches
// a page (through internal/fetch, behind the Fetcher interface), reads it
// with the project's reading (article), refuses what the folder already
// holds (the same address, or the same text under another address) and
// stores the rest as Markdown with front matter, written atomically. It
// also follows feeds (feeds.yaml in the corpus folder) and polls them.
//
// It knows nothing of how the corpus is indexed or searched (see index)
// nor of Discord, and it does not log: callers say what happened.
package intake

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/internal/atomicfile"
	"github.com/talksbot/talksbot/internal/fetch"
)

// Fetcher fetches one address; *fetch.Fetcher is one.
type Fetcher interface {
	Get(ctx context.Context, rawURL string, cond fetch.Conditional) (*fetch.Page, error)
}

// Folder is a corpus folder that articles are added to. It remembers the
// addresses and texts of the articles in it when opened and of those it
// adds; it is not safe for concurrent use, nor against another process
// adding to the same folder at the same moment.
type Folder struct {
	dir    string
	fetch  Fetcher
	now    func() time.Time
	byURL  map[string]string // cleaned address → article id
	byText map[string]string // hash of the normalised text → article id
}

// Result is what Add did with one address.
type Result struct {
	ID string // the article added, or the one already holding the address or text
	// Existing is true when nothing was added because the folder already
	// holds the article.
	Existing bool
	// Article and URL are the article stored and the address it was
	// fetched from; zero when Existing.
	Article article.Article
	URL     string
}

// Draft is an article fetched and read, not yet stored.
type Draft struct {
	Article   article.Article
	URL       string // the address fetched after redirects, without tracking parameters
	Canonical string // the page's canonical address, when it differs from URL
	Fetched   time.Time
	hash      string
}

// Open reads what the articles of dir already hold (addresses and texts)
// and returns the folder to add to. now gives the time of fetching
// (time.Now in main).
func Open(dir string, f Fetcher, now func() time.Time) (*Folder, error) {
	fo := &Folder{dir: dir, fetch: f, now: now, byURL: map[string]string{}, byText: map[string]string{}}
	if err := fo.scan(); err != nil {
		return nil, fmt.Errorf("open corpus folder %s: %w", dir, err)
	}
	return fo, nil
}

// Known returns the id of the article whose address is rawURL (tracking
// parameters aside), if the folder holds one.
func (fo *Folder) Known(rawURL string) (string, bool) {
	id, ok := fo.byURL[CleanURL(rawURL)]
	return id, ok
}

// Add fetches rawURL, reads the article and stores it, unless the folder
// already holds it (see Result.Existing). On error nothing is written.
func (fo *Folder) Add(ctx context.Context, rawURL string) (Result, error) {
	if id, ok := fo.Known(rawURL); ok {
		return Result{ID: id, Existing: true}, nil
	}
	d, err := fo.Read(ctx, rawURL)
	if err != nil {
		return Result{}, err
	}
	return fo.Save(d)
}

// AddTo opens dir and adds rawURL to it: Open then Add, for callers that
// add one address now and then to a folder that may have changed since
// (the bot's /add-article).
func AddTo(ctx context.Context, dir string, f Fetcher, now func() time.Time, rawURL string) (Result, error) {
	fo, err := Open(dir, f, now)
	if err != nil {
		return Result{}, err
	}
	return fo.Add(ctx, rawURL)
}

// Read fetches rawURL and reads the article in it. Only HTML and plain-text
// pages are read; a feed is an error.
func (fo *Folder) Read(ctx context.Context, rawURL string) (Draft, error) {
	p, err := fo.fetch.Get(ctx, rawURL, fetch.Conditional{})
	if err != nil {
		return Draft{}, err
	}
	var name string
	switch p.ContentType {
	case "text/html", "application/xhtml+xml":
		name = "page.html"
	case "text/plain":
		name = "page.txt"
	default:
		return Draft{}, fmt.Errorf("read %s: a %s page is not an article (follow a feed with \"corpus follow\")", rawURL, p.ContentType)
	}
	a, err := article.Parse(name, p.Body)
	if err != nil {
		return Draft{}, fmt.Errorf("read %s: %w", rawURL, err)
	}
	d := Draft{Article: a, URL: CleanURL(p.URL.String()), Fetched: fo.now().UTC()}
	if a.URL != "" {
		if c := CleanURL(p.URL.ResolveReference(mustParse(a.URL)).String()); c != d.URL && c != "" {
			d.Canonical = c
		}
	}
	d.hash = textHash(a.Paragraphs)
	return d, nil
}

// Save stores d as a Markdown file named after its date and headline,
// unless the folder already holds its address, canonical address or text.
func (fo *Folder) Save(d Draft) (Result, error) {
	for _, u := range []string{d.URL, d.Canonical} {
		if id, ok := fo.byURL[u]; ok && u != "" {
			return Result{ID: id, Existing: true}, nil
		}
	}
	if id, ok := fo.byText[d.hash]; ok {
		return Result{ID: id, Existing: true}, nil
	}
	name, data, err := render(d)
	if err != nil {
		return Result{}, fmt.Errorf("store %s: %w", d.URL, err)
	}
	name, err = fo.freeName(name)
	if err != nil {
		return Result{}, fmt.Errorf("store %s: %w", d.URL, err)
	}
	// What is stored is read back as the corpus will read it.
	if _, err := article.Parse(name, data); err != nil {
		return Result{}, fmt.Errorf("store %s: the Markdown written does not read back: %w", d.URL, err)
	}
	if err := atomicfile.Write(filepath.Join(fo.dir, name), data, 0o644); err != nil {
		return Result{}, fmt.Errorf("store %s: %w", d.URL, err)
	}
	id := article.ID(name)
	fo.remember(id, []string{d.URL, d.Canonical}, d.hash)
	return Result{ID: id, Article: d.Article, URL: d.URL}, nil
}

// freeName returns name, or name with -2, -3… before its extension, the
// first that no file in the folder has.
func (fo *Folder) freeName(name string) (string, error) {
	ext := filepath.Ext(name)
	base := name[:len(name)-len(ext)]
	for i := 1; i < 1000; i++ {
		try := name
		if i > 1 {
			try = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		_, err := os.Stat(filepath.Join(fo.dir, try))
		if errors.Is(err, os.ErrNotExist) {
			return try, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", errors.New("no free file name for " + name)
}
