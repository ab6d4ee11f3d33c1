package index

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/translit"
)

// Bounds on what a question may ask for.
const (
	MaxQueryRunes = 300 // longer queries are cut
	MaxResults    = 50
	fetchForRank  = 60 // hits fetched before diversifying
)

// Hit is a passage that answers a query, with its score.
type Hit struct {
	extract.Passage
	Score float64 `json:"score"`
}

// Filter narrows a search to passages with these tags; empty fields do not
// filter.
type Filter struct {
	Topic   string
	Side    string
	Speaker string
	Person  string
}

// Search returns the passages that best match text, best first. The first
// results come from different articles where several say it. Text is
// matched word by word (with stemming and spelling folding) and as a
// phrase; it is never parsed as query syntax.
func (ix *Index) Search(ctx context.Context, text string, f Filter, limit int) ([]Hit, error) {
	s, err := ix.acquire()
	if err != nil {
		return nil, err
	}
	defer s.release()
	text = CleanQuery(text)
	hits, err := s.search(ctx, s.textQuery(text), f, fetchForRank)
	if err != nil {
		return nil, err
	}
	return diversify(hits, clampLimit(limit)), nil
}

// CleanQuery bounds a user's query and removes control characters.
func CleanQuery(text string) string {
	text = prose.NormalizeSpace(text)
	if utf8.RuneCountInString(text) > MaxQueryRunes {
		text = string([]rune(text)[:MaxQueryRunes])
	}
	return text
}

func clampLimit(n int) int {
	if n <= 0 || n > MaxResults {
		return MaxResults
	}
	return n
}

// wordsQuery matches any of the words of text in the passage text.
func (s *snapshot) wordsQuery(text string) *query.MatchQuery {
	words := query.NewMatchQuery(s.lx.Fold(text, true))
	words.SetField(fieldText)
	words.SetOperator(query.MatchQueryOperatorOr)
	return words
}

// textQuery matches the words of text, and the whole of it as a phrase with
// a boost, in the passage text; a name's words also match any spelling of
// the name (its translit keys), so "Iermak" finds "Yermak".
func (s *snapshot) textQuery(text string) query.Query {
	words := s.wordsQuery(text)
	folded := words.Match
	parts := []query.Query{words}
	if keys := nameKeys(text, false); keys != "" {
		k := query.NewMatchQuery(keys)
		k.SetField(fieldNameKeys)
		k.SetOperator(query.MatchQueryOperatorOr)
		k.SetBoost(0.5)
		parts = append(parts, k)
	}
	if len(prose.Words(folded)) >= 2 {
		phrase := query.NewMatchPhraseQuery(folded)
		phrase.SetField(fieldText)
		phrase.SetBoost(2)
		parts = append(parts, phrase)
	}
	if len(parts) == 1 {
		return words
	}
	return query.NewDisjunctionQuery(parts)
}

// nameKeys returns the translit keys of the name-like words of text (of
// its capitalised words when onlyCapital, for indexing; of every word of
// five letters or more otherwise, for a typed query), space-separated.
func nameKeys(text string, onlyCapital bool) string {
	var keys []string
	for _, t := range prose.Tokenize(text) {
		if len(t.Lower) < 5 || onlyCapital && !t.Capital {
			continue
		}
		if k := translit.Key(t.Text); len(k) >= 4 && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return strings.Join(keys, " ")
}

// aboutQuery matches the words of text in a passage's text, or (with half
// the weight) in its article's title: a passage of the Davos report is about
// Davos even when it does not say so.
func (s *snapshot) aboutQuery(text string) query.Query {
	folded := s.lx.Fold(text, true)
	title := query.NewMatchQuery(folded)
	title.SetField(fieldContext)
	title.SetOperator(query.MatchQueryOperatorOr)
	title.SetBoost(0.5)
	return query.NewDisjunctionQuery([]query.Query{s.textQuery(text), title})
}

// search runs q under filter f and returns up to n hits with their passages.
func (s *snapshot) search(ctx context.Context, q query.Query, f Filter, n int) ([]Hit, error) {
	must := []query.Query{}
	if q != nil {
		must = append(must, q)
	}
	for field, v := range map[string]string{fieldTopics: f.Topic, fieldSides: f.Side, fieldSpeakers: f.Speaker, fieldPeople: f.Person} {
		if v != "" {
			t := query.NewTermQuery(v)
			t.SetField(field)
			must = append(must, t)
		}
	}
	if len(must) == 0 {
		must = append(must, query.NewMatchAllQuery())
	}
	var top query.Query = query.NewConjunctionQuery(must)
	if len(must) == 1 {
		top = must[0]
	}
	req := bleve.NewSearchRequestOptions(top, n, 0, false)
	req.Fields = []string{fieldDoc}
	// Score only: a tie-break on _id would load the id of every candidate,
	// a fifth of the time of a search at 100,000 passages. Ties keep
	// index order, which is stable for a given build.
	res, err := s.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		raw, _ := h.Fields[fieldDoc].(string)
		var p extract.Passage
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			return nil, fmt.Errorf("search: passage %s: %w", h.ID, err)
		}
		hits = append(hits, Hit{Passage: p, Score: h.Score})
	}
	return hits, nil
}

// diversify puts the best passage of each article first, for articles whose
// best passage scores at least half the top score, then the rest by score.
func diversify(hits []Hit, limit int) []Hit {
	if len(hits) == 0 {
		return hits
	}
	top := hits[0].Score
	seen := map[string]bool{}
	var first, rest []Hit
	for _, h := range hits {
		if !seen[h.Article] && h.Score >= top*0.5 {
			seen[h.Article] = true
			first = append(first, h)
			continue
		}
		rest = append(rest, h)
	}
	out := append(first, rest...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// inOrder sorts hits by article and paragraph.
func inOrder(hits []Hit) {
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Article != hits[j].Article {
			return hits[i].Article < hits[j].Article
		}
		if hits[i].Paragraph != hits[j].Paragraph {
			return hits[i].Paragraph < hits[j].Paragraph
		}
		return hits[i].Part < hits[j].Part
	})
}

// passagesByID fetches passages by id, in the order given.
func (s *snapshot) passagesByID(ctx context.Context, ids []string) ([]extract.Passage, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := query.NewDocIDQuery(ids)
	hits, err := s.search(ctx, q, Filter{}, len(ids))
	if err != nil {
		return nil, err
	}
	by := map[string]extract.Passage{}
	for _, h := range hits {
		by[h.ID] = h.Passage
	}
	out := make([]extract.Passage, 0, len(ids))
	for _, id := range ids {
		if p, ok := by[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

func lowerContains(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
