package corpus

import (
	"io/fs"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/extract"
)

// MaxArticles bounds how many article files one corpus may hold.
const MaxArticles = 200_000

// Corpus is a folder of articles after parsing, cleaning and tagging: what
// an index is built from.
type Corpus struct {
	Articles []article.Article
	Passages []extract.Passage
	Meetings []extract.Meeting
	Unlisted []extract.Person // people found by their title but not in the people file
	Problems []Problem        // files that were skipped, and why
	Lexicon  *extract.Lexicon
}

// Load reads every article in the top level of dir (.txt, .md, .html),
// with the people, topics and places files from dir or else from fallback.
// Files that cannot be read are listed in Problems and skipped; only a data
// file that does not parse is an error.
func Load(dir, fallback fs.FS) (*Corpus, error) {
	lx, err := extract.LoadLexicon(dir, fallback)
	if err != nil {
		return nil, err
	}
	c := &Corpus{Lexicon: lx}
	var mentions []extract.MeetingReport
	unlisted := map[string]bool{}
	c.Problems, err = Each(dir, lx, func(a article.Article, an extract.Analysis) error {
		c.Articles = append(c.Articles, a)
		c.Passages = append(c.Passages, an.Passages...)
		mentions = append(mentions, an.Meetings...)
		c.Unlisted = extract.AddUnlisted(c.Unlisted, unlisted, an.Unlisted)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.Meetings = extract.GroupMeetings(mentions)
	return c, nil
}

// Problem is a file of the corpus that could not be indexed, and why.
type Problem struct {
	File   string
	Reason string
}

func (p Problem) String() string { return p.File + ": " + p.Reason }
