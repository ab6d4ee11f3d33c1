package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/bench/synth"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
)

// newCorpus is the synthetic corpus of n articles: real-report style pages
// made from the article files in pagesDir when it is set (synth.NewPages),
// else articles recombined from the default ones (synth.New).
func newCorpus(pagesDir string, n int, seed uint64) (*synth.Corpus, error) {
	src, err := defaultSource()
	if err != nil {
		return nil, err
	}
	if pagesDir == "" {
		return synth.New(src, n, seed), nil
	}
	entries, err := os.ReadDir(pagesDir)
	if err != nil {
		return nil, fmt.Errorf("--pages: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !article.IsFile(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(pagesDir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("--pages: %w", err)
		}
		src.Pages = append(src.Pages, synth.Page{Ext: strings.ToLower(filepath.Ext(e.Name())), Text: string(data)})
	}
	if len(src.Pages) == 0 {
		return nil, fmt.Errorf("--pages: no .txt, .md or .html file in %s", pagesDir)
	}
	return synth.NewPages(src, n, seed), nil
}

// defaultSource is what synthetic articles are made from: the default
// corpus's articles after cleaning, and its people file.
func defaultSource() (synth.Source, error) {
	def := corpus.FS()
	lx, err := extract.LoadLexicon(def, nil)
	if err != nil {
		return synth.Source{}, err
	}
	var src synth.Source
	for _, p := range lx.People {
		src.People = append(src.People, synth.Person{Name: p.Name, Aliases: p.Aliases, Side: p.Side})
	}
	names, err := fs.Glob(def, "*.txt")
	if err != nil {
		return synth.Source{}, err
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := fs.ReadFile(def, n)
		if err != nil {
			return synth.Source{}, err
		}
		a, err := article.Parse(n, data)
		if err != nil {
			return synth.Source{}, fmt.Errorf("default article %s: %w", n, err)
		}
		for _, p := range a.Paragraphs {
			src.Paragraphs = append(src.Paragraphs, synth.Sentences(p))
		}
	}
	return src, nil
}
