// Package index turns a folder of news articles into a searchable Bleve index
// of passages and answers questions over it: who attended a meeting, each
// side's position on a topic, free-text search, what a person said, and which
// sources are indexed. It knows nothing of Discord.
package index

import "time"

// Article is one news article after parsing and cleaning.
type Article struct {
	ID        string // file name without its extension
	File      string // file name within the corpus folder
	Title     string
	Outlet    string // publisher, where known
	URL       string
	Published time.Time // zero when unknown
	// Paragraphs are the body paragraphs that survived cleaning, in order.
	Paragraphs []string
	// Dropped lists the lines that cleaning removed, with the rule that removed each.
	Dropped []Drop
	// Dateline is the city a dateline names ("GENEVA –" gives Geneva), when
	// the gazetteer knows it.
	Dateline string
	// TitleDerived is true when the article had no title line and Title was
	// made from its first sentence.
	TitleDerived bool
}

// Drop is one line removed from an article and the rule that removed it.
type Drop struct {
	Rule string
	Text string
}

// Problem is a file of the corpus that could not be indexed, and why.
type Problem struct {
	File   string
	Reason string
}

func (p Problem) String() string { return p.File + ": " + p.Reason }
