package synth

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Article returns the file name and content of article i.
func (c *Corpus) Article(i int) (string, []byte) {
	if c.pages != nil {
		f := &filler{c: c, r: c.rng(i), people: map[int]who{}, places: map[int]string{}, outlets: map[int]string{}}
		var b strings.Builder
		f.fill(&b, c.pages[c.page(i)])
		return c.Name(i), []byte(b.String())
	}
	a := c.make(i)
	// Layout draws come from a stream of their own, so that they stay a
	// function of (seed, i) whatever make drew.
	r := c.rngWith(i, 0x5bd1e995)
	var s string
	switch c.format(i) {
	case ".md":
		s = a.markdown(r)
	case ".html":
		s = a.html(r)
	default:
		s = a.text(r)
	}
	return c.Name(i), []byte(s)
}

// modTime is the time every file reports: fixed, and not zero, so that the
// index fingerprints the corpus by names and sizes without reading it.
var modTime = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)

// fileCache remembers each file's size once made, for ReadDir and Stat.
type fileCache struct{ sizes []atomic.Int64 }

func (fc *fileCache) init(n int) { fc.sizes = make([]atomic.Int64, n) }

func (c *Corpus) size(i int) int64 {
	if n := c.files.sizes[i].Load(); n > 0 {
		return n
	}
	_, data := c.Article(i)
	c.files.sizes[i].Store(int64(len(data)))
	return int64(len(data))
}

// index returns the article number of a file name, or -1.
func (c *Corpus) index(name string) int {
	num, _, ok := strings.Cut(name, "_")
	i, err := strconv.Atoi(num)
	if !ok || err != nil || i < 0 || i >= c.N || c.Name(i) != name {
		return -1
	}
	return i
}

// Open opens "." (the folder) or an article file.
func (c *Corpus) Open(name string) (fs.File, error) {
	if name == "." {
		return &dir{c: c}, nil
	}
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	i := c.index(name)
	if i < 0 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	_, data := c.Article(i)
	c.files.sizes[i].Store(int64(len(data)))
	return &file{Reader: bytes.NewReader(data), info: info{name: name, size: int64(len(data))}}, nil
}

// ReadDir lists the articles in name order.
func (c *Corpus) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, c.N)
	for i := range c.N {
		out[i] = entry{c: c, i: i, name: c.Name(i)}
	}
	return out, nil
}

// Stat describes "." or an article file.
func (c *Corpus) Stat(name string) (fs.FileInfo, error) {
	if name == "." {
		return info{name: ".", dir: true}, nil
	}
	i := c.index(name)
	if i < 0 {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return info{name: name, size: c.size(i)}, nil
}

// WriteDir writes every article into dir, one at a time, and returns the
// bytes written.
func (c *Corpus) WriteDir(dir string) (int64, error) {
	var total int64
	for i := range c.N {
		name, data := c.Article(i)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return total, err
		}
		total += int64(len(data))
	}
	return total, nil
}

type entry struct {
	c    *Corpus
	i    int
	name string
}

func (e entry) Name() string               { return e.name }
func (e entry) IsDir() bool                { return false }
func (e entry) Type() fs.FileMode          { return 0 }
func (e entry) Info() (fs.FileInfo, error) { return info{name: e.name, size: e.c.size(e.i)}, nil }

type info struct {
	name string
	size int64
	dir  bool
}

func (i info) Name() string { return i.name }
func (i info) Size() int64  { return i.size }
func (i info) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i info) ModTime() time.Time { return modTime }
func (i info) IsDir() bool        { return i.dir }
func (i info) Sys() any           { return nil }

type file struct {
	*bytes.Reader
	info info
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *file) Close() error               { return nil }

// dir is the opened corpus folder.
type dir struct {
	c    *Corpus
	next int
}

func (d *dir) Stat() (fs.FileInfo, error) { return info{name: ".", dir: true}, nil }
func (d *dir) Read([]byte) (int, error)   { return 0, errors.New("read .: is a directory") }
func (d *dir) Close() error               { return nil }

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	var out []fs.DirEntry
	for d.next < d.c.N && (n <= 0 || len(out) < n) {
		out = append(out, entry{c: d.c, i: d.next, name: d.c.Name(d.next)})
		d.next++
	}
	if n > 0 && len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}
