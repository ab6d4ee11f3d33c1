package index

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
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

// enoughAllWords passages holding every word of a search (four pages of
// an answer) make its answer: passages holding only some of the words
// would follow them, and finding those scores every passage holding any
// word, a common word's tens of thousands in a part of 100,000 ("when did
// the US and Ukraine meet in Istanbul?" took 34 ms at 10,000 articles,
// and 3 ms this way). A variable for tests.
var enoughAllWords = 20

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
	hits, err := s.searchText(ctx, text, f)
	if err != nil {
		return nil, err
	}
	return diversify(hits, clampLimit(limit)), nil
}

// searchText finds the fetchForRank passages that best match text. It
// first asks for the passages holding every word of text (in an index of
// several parts newest parts first, stopping at the first parts that have
// fetchForRank); only when fewer than enoughAllWords hold every word is
// it asked for any of the words, and then the passages with every word
// come first.
func (s *snapshot) searchText(ctx context.Context, text string, f Filter) ([]Hit, error) {
	ph := s.phraseOf(text)
	all, err := s.search(ctx, s.allWordsQuery(text), f, fetchForRank)
	if err != nil {
		return nil, err
	}
	ph.boost(all)
	if len(all) >= enoughAllWords {
		return all, nil
	}
	some, complete, err := s.searchAll(ctx, s.textQuery(text), f, fetchForRank, false)
	if err != nil || complete || len(all) == 0 {
		ph.boost(some)
		return some, err
	}
	seen := make(map[string]bool, len(all))
	for _, h := range all {
		seen[h.ID] = true
	}
	// The passages holding every word were all in the first pass, which
	// asked every part: the others cannot hold the phrase, and come as
	// scored.
	for _, h := range some {
		if !seen[h.ID] && len(all) < fetchForRank {
			all = append(all, h)
		}
	}
	return all, nil
}

// allWordsQuery matches the passages whose text holds every word of text.
func (s *snapshot) allWordsQuery(text string) query.Query {
	words := s.wordsQuery(text)
	words.SetOperator(query.MatchQueryOperatorAnd)
	return words
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

// textQuery matches the words of text in the passage text; a name's words
// also match any spelling of the name (its translit keys), so "Iermak"
// finds "Yermak". Hits holding text as a phrase are ranked up afterwards
// (boostPhrase): the index keeps no word positions.
func (s *snapshot) textQuery(text string) query.Query {
	words := s.wordsQuery(text)
	keys := nameKeys(text, false)
	if keys == "" {
		return words
	}
	k := query.NewMatchQuery(keys)
	k.SetField(fieldNameKeys)
	k.SetOperator(query.MatchQueryOperatorOr)
	k.SetBoost(0.5)
	return query.NewDisjunctionQuery([]query.Query{words, k})
}

// phraseWeight multiplies the score of a hit that holds the question as a
// phrase.
const phraseWeight = 3

// phrase is a question's text as a phrase, to be looked for in hits: its
// terms as the index analyses them (stemmed, stop words skipped) and the
// cues of the cheap test before the exact one.
type phrase struct {
	lx    *extract.Lexicon
	terms analysis.TokenStream // nil for a text of fewer than two terms
	cues  []cue
}

// phraseOf reads text as a phrase, folded as a typed question is.
func (s *snapshot) phraseOf(text string) *phrase {
	folded := s.lx.Fold(text, true)
	ph := &phrase{lx: s.lx}
	terms := analyse(folded)
	if len(terms) < 2 {
		return ph
	}
	ph.terms = terms
	for _, t := range terms {
		w := strings.ToLower(folded[t.Start:t.End])
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		// A cue only where the word itself starts so: the stemmer may
		// rewrite letters it does not know, as Turkish İ. Names are cues
		// too: the text is folded before it is looked at, so it spells
		// them as the question's folded words do.
		if start := termStart(string(t.Term)); strings.Contains(w, start) {
			ph.cues = append(ph.cues, cue{start, t.Position})
		}
	}
	return ph
}

// holds reports whether text holds the phrase. Text is folded (about 10
// µs), and a folded text whose lower-cased words lack the cues near one
// another (mayHold) is passed over; the exact test analyses it (about
// 50 µs).
func (p *phrase) holds(text string) bool {
	if p.terms == nil {
		return false
	}
	folded := p.lx.Fold(text, false)
	return mayHold(strings.ToLower(folded), p.cues) && hasPhrase(analyse(folded), p.terms)
}

// boost ranks up the hits that hold the phrase (×phraseWeight) and sorts
// hits best first, equal scores by id. A text of one term changes nothing
// but the order of equal scores.
func (p *phrase) boost(hits []Hit) {
	if p.terms != nil {
		// The hits are checked on every core: an answer waits for them.
		workers := min(runtime.GOMAXPROCS(0), len(hits)/8+1)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(hits); i += workers {
					if p.holds(hits[i].Text) {
						hits[i].Score *= phraseWeight
					}
				}
			})
		}
		wg.Wait()
	}
	byScore(hits, func(h Hit) (float64, string) { return h.Score, h.ID })
}

// boostPhrase ranks up the hits that hold text as a phrase (see phrase).
func (s *snapshot) boostPhrase(hits []Hit, text string) { s.phraseOf(text).boost(hits) }

// cue is a phrase term's start (termStart) and its position in the phrase.
type cue struct {
	start string
	pos   int
}

// maxTermBytes bounds the bytes from one word's start to the next one's,
// the word and what separates it from the next together: a cue n
// positions after the first must start within n×maxTermBytes of it.
const maxTermBytes = 64

// mayHold reports whether lower may hold the phrase of cues: some
// occurrence of the first cue has every other cue within reach after it.
// It never rejects a text that holds the phrase whose words and the
// spaces and punctuation after them are under maxTermBytes long.
func mayHold(lower string, cues []cue) bool {
	if len(cues) == 0 {
		return true
	}
	for from := 0; from < len(lower); {
		i := strings.Index(lower[from:], cues[0].start)
		if i < 0 {
			return false
		}
		i += from
		all := true
		for _, c := range cues[1:] {
			end := min(len(lower), i+(c.pos-cues[0].pos)*maxTermBytes+len(c.start))
			if end <= i+1 || !strings.Contains(lower[i+1:end], c.start) {
				all = false
				break
			}
		}
		if all {
			return true
		}
		from = i + 1
	}
	return false
}

// termStart is the start of a stemmed term that every word stemmed to it
// begins with: the stemmer rewrites at most the last two letters of what
// it keeps ("polici" for "policies", "relat" for "relational"), and of a
// short term the last ("sky" for "skies", "dy" for "dying").
func termStart(t string) string {
	if len(t) <= 3 {
		return t[:min(2, len(t))]
	}
	return t[:max(3, len(t)-2)]
}

// textAnalyzer is the passage text's analyzer.
var textAnalyzer = func() analysis.Analyzer {
	a, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		panic(err)
	}
	return a
}()

// analyse is text's terms with their positions, as the index has them.
func analyse(text string) analysis.TokenStream { return textAnalyzer.Analyze([]byte(text)) }

// hasPhrase reports whether text holds the terms of phrase at the same
// distances from one another.
func hasPhrase(text, phrase analysis.TokenStream) bool {
	at := make(map[string][]int, len(text))
	for _, t := range text {
		at[string(t.Term)] = append(at[string(t.Term)], t.Position)
	}
	for _, start := range at[string(phrase[0].Term)] {
		all := true
		for _, t := range phrase[1:] {
			if !slices.Contains(at[string(t.Term)], start+t.Position-phrase[0].Position) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// nameKeys returns the translit keys of the name-like words of text (of
// its capitalised words when onlyCapital, for indexing; of every word of
// five letters or more otherwise, for a typed query), space-separated.
func nameKeys(text string, onlyCapital bool) string {
	var keys []string
	for t := range prose.Tokens(text) {
		if onlyCapital && !t.Capital {
			continue
		}
		// The word's length lower-cased, which only a non-ASCII letter
		// may change.
		n := len(t.Text)
		if strings.IndexFunc(t.Text, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
			n = len(strings.ToLower(t.Text))
		}
		if n < 5 {
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

// search runs q under filter f and returns up to n hits with their
// passages, asking the newest parts first and stopping once they have n.
func (s *snapshot) search(ctx context.Context, q query.Query, f Filter, n int) ([]Hit, error) {
	hits, _, err := s.searchAll(ctx, q, f, n, false)
	return hits, err
}

// searchAll is search, asking every part when exhaustive; complete reports
// whether every part was asked.
func (s *snapshot) searchAll(ctx context.Context, q query.Query, f Filter, n int, exhaustive bool) (hits []Hit, complete bool, err error) {
	docs, complete, err := s.parts.searchRounds(ctx, filtered(q, f), n, exhaustive)
	if err != nil {
		return nil, false, err
	}
	hits, err = s.parts.decodeHits(docs)
	return hits, complete, err
}

// filtered is q (everything when nil) under filter f.
func filtered(q query.Query, f Filter) query.Query {
	must := []query.Query{}
	if q != nil {
		must = append(must, q)
	}
	for _, c := range []struct{ field, v string }{{fieldTopics, f.Topic}, {fieldSides, f.Side}, {fieldSpeakers, f.Speaker}, {fieldPeople, f.Person}} {
		if c.v != "" {
			t := query.NewTermQuery(c.v)
			t.SetField(c.field)
			must = append(must, t)
		}
	}
	if len(must) == 0 {
		must = append(must, query.NewMatchAllQuery())
	}
	if len(must) == 1 {
		return must[0]
	}
	return query.NewConjunctionQuery(must)
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

// passagesByID fetches passages by id, in the order given: one read of
// each article's passages in its part's passages file.
func (s *snapshot) passagesByID(ctx context.Context, ids []string) ([]extract.Passage, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byArticle := map[string]map[string]bool{}
	var order []string
	for _, id := range ids {
		art := id
		if i := strings.LastIndexByte(id, '#'); i >= 0 {
			art = id[:i]
		}
		if _, ok := s.articles[art]; !ok {
			continue
		}
		if byArticle[art] == nil {
			byArticle[art] = map[string]bool{}
			order = append(order, art)
		}
		byArticle[art][id] = true
	}
	by := make(map[string]extract.Passage, len(ids))
	for _, art := range order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ps, err := s.parts.articlePassages(s.meta.Articles[s.articles[art]], byArticle[art])
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			by[p.ID] = p
		}
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
