package extract

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/talksbot/talksbot/internal/prose"
)

// Passage is the unit the index stores and answers with: a paragraph of an
// article, or part of a long one, with what it is about.
type Passage struct {
	ID        string   `json:"id"`
	Article   string   `json:"article"`
	Title     string   `json:"title"`
	Outlet    string   `json:"outlet,omitempty"`
	URL       string   `json:"url,omitempty"`
	Published string   `json:"published,omitempty"` // the article's publication day, YYYY-MM-DD
	Paragraph int      `json:"paragraph"`
	Part      int      `json:"part,omitempty"` // 1, 2, … when a long paragraph was split
	Text      string   `json:"text"`
	People    []string `json:"people,omitempty"`   // everyone named, canonical names
	Speakers  []string `json:"speakers,omitempty"` // people who say something here
	Side      string   `json:"side,omitempty"`     // the side it speaks for, first
	Sides     []string `json:"sides,omitempty"`
	Topics    []string `json:"topics,omitempty"`
	Quotes    []Quote  `json:"quotes,omitempty"`
}

// Passage length bounds, in characters: paragraphs longer than maxPassage
// are cut at sentence boundaries into parts of about targetPassage.
const (
	maxPassage    = 900
	targetPassage = 600
)

// splitParagraph cuts a long paragraph into parts at sentence boundaries.
func splitParagraph(p string) []string {
	if utf8.RuneCountInString(p) <= maxPassage {
		return []string{p}
	}
	var parts []string
	var cur strings.Builder
	for _, s := range prose.Sentences(p) {
		for utf8.RuneCountInString(s) > maxPassage { // one enormous sentence
			cut := strings.TrimSuffix(prose.CutAtWord(s, targetPassage), "…")
			if cut == "" {
				// cutAtWord trims punctuation from the end of its cut: a run
				// of punctuation ("[[[[…", "=====…") leaves nothing, and s
				// would never shrink. Cut it where it stands.
				cut = string([]rune(s)[:targetPassage])
			}
			if cur.Len() > 0 {
				parts = append(parts, cur.String())
				cur.Reset()
			}
			parts = append(parts, cut)
			s = strings.TrimSpace(s[len(cut):])
		}
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(s) > targetPassage {
			parts = append(parts, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(s)
	}
	if cur.Len() > 0 {
		parts = append(parts, cur.String())
	}
	return parts
}

func passageID(article string, para, part int) string {
	if part == 0 {
		return fmt.Sprintf("%s#%d", article, para)
	}
	return fmt.Sprintf("%s#%d.%d", article, para, part)
}

// FollowingIDs are the ids the passage after passage id may have: the next
// part of its paragraph, or the next paragraph (whole or its first part).
func FollowingIDs(id string) []string {
	i := strings.LastIndexByte(id, '#')
	if i < 0 {
		return nil
	}
	article, pos := id[:i], id[i+1:]
	paraText, partText, split := strings.Cut(pos, ".")
	para, err := strconv.Atoi(paraText)
	if err != nil {
		return nil
	}
	out := []string{passageID(article, para+1, 0), passageID(article, para+1, 1)}
	if part, err := strconv.Atoi(partText); split && err == nil {
		out = append(out, passageID(article, para, part+1))
	}
	return out
}

// LedeIDs are the ids the first passage of article may have: its first
// paragraph, whole or its first part.
func LedeIDs(article string) []string {
	return []string{passageID(article, 1, 0), passageID(article, 1, 1)}
}

// passageArticle is the article id of a passage id.
func passageArticle(id string) string {
	if i := strings.LastIndexByte(id, '#'); i >= 0 {
		return id[:i]
	}
	return id
}

func appendUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, have := range list {
		if have == s {
			return list
		}
	}
	return append(list, s)
}
