// Package article reads one news article in any format it knows (plain
// text, Markdown with front matter, HTML) and returns what a reader would
// call the article: headline, outlet, URL, publication date, dateline city
// and body paragraphs, with each line of page furniture it dropped and the
// name of the rule that dropped it. Its rules are shapes that news pages
// share, never the words of one site.
//
// It knows nothing of people, sides, topics or meetings (see extract), of
// where articles are kept (see corpus) or of how they are searched (see
// index).
package article

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
