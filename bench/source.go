package main

import (
	"fmt"
	"io/fs"
	"sort"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/bench/synth"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
)

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
