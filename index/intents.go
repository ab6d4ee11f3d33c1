package index

import (
	"context"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/prose"
)

// The facts that extraction finds, as the index stores and returns them in
// its answers. They are extract's types under the names of the index's own
// API, so that the packages that only ask the index (handlers, bot) need not
// import extract to read an answer.
type (
	Passage  = extract.Passage
	Person   = extract.Person
	Topic    = extract.Topic
	Meeting  = extract.Meeting
	Attendee = extract.Attendee
	Lexicon  = extract.Lexicon
)

// PersonEvidence is a person in an answer and the passage that supports it.
type PersonEvidence struct {
	Person  extract.Person
	Passage extract.Passage
}

// Attendance answers who attended a meeting.
type Attendance struct {
	// Events are the meetings the question matches, newest first, each
	// with its roster.
	Events []EventAttendance
	// People is the union of the events' rosters (each person once).
	People []PersonEvidence
	// Side, when the question asked for one side's people ("which
	// Ukrainians were at …"), is that side; the rosters hold only it.
	Side string
	// Found is false when no meeting matched the question; Reported then
	// lists the meetings the articles report.
	Found    bool
	Reported []extract.Meeting
}

// EventAttendance is one meeting and who the articles put in the room.
type EventAttendance struct {
	Meeting extract.Meeting
	People  []PersonEvidence
	// More is how many further attendees the articles name beyond People,
	// which holds at most MaxAttendees.
	More int
	// Reports are passages that report the meeting, for meetings whose
	// participants the articles do not name.
	Reports []extract.Passage
	// Sources are the articles that report it, at most MaxSources of
	// them: those whose passages the answer shows first, then the others
	// in the meeting's order.
	Sources []ArticleInfo
	// MoreSources is how many further articles report it.
	MoreSources int
}

// MaxAttendees bounds the people WhoAttended returns with their evidence
// for one meeting (a meeting's attendees are listed in one message).
const MaxAttendees = 25

// MaxEvents bounds the meetings one answer lists.
const MaxEvents = 5

// MaxSources bounds the articles WhoAttended lists for one meeting: a
// meeting a year of feeds reports can have thousands, and an answer names
// a few and counts the rest.
const MaxSources = 20

// WhoAttended returns the meetings that meeting names — by place, venue,
// region, date or month ("Geneva November", "Davos Jan 22"), round ("the
// second round in Abu Dhabi"), sides ("US-Ukraine talks"), a person who
// was there, or an id or label — with who was in the room at each and the
// passage that shows it. An empty meeting asks for the most recent one.
// With loose (a free question), a text that names nothing a meeting can be
// matched by also asks for the most recent one; otherwise it matches none.
func (ix *Index) WhoAttended(ctx context.Context, meeting string, loose bool) (Attendance, error) {
	s, err := ix.acquire()
	if err != nil {
		return Attendance{}, err
	}
	defer s.release()
	matched, q := s.matchMeetings(meeting, loose)
	out := Attendance{Side: q.RosterSide, Found: len(matched) > 0}
	if !out.Found {
		out.Reported = s.meta.Meetings
		return out, nil
	}
	if len(matched) > MaxEvents {
		matched = matched[:MaxEvents]
	}
	// Every passage the answer shows, fetched in one search.
	var ids []string
	for _, m := range matched {
		ids = append(ids, s.evidenceIDs(m, out.Side)...)
	}
	ps, err := s.passagesByID(ctx, ids)
	if err != nil {
		return out, err
	}
	by := make(map[string]extract.Passage, len(ps))
	for _, p := range ps {
		by[p.ID] = p
	}
	seen := map[string]bool{}
	for _, m := range matched {
		ea := s.eventAttendance(m, out.Side, by)
		for _, pe := range ea.People {
			if !seen[pe.Person.Name] {
				seen[pe.Person.Name] = true
				out.People = append(out.People, pe)
			}
		}
		out.Events = append(out.Events, ea)
	}
	return out, nil
}

// matchMeetings returns the meetings meeting names, newest first (see
// WhoAttended), and the query read from it.
func (s *snapshot) matchMeetings(meeting string, loose bool) ([]extract.Meeting, extract.MeetingQuery) {
	ms := s.meta.Meetings
	q := extract.ParseMeetingQuery(s.lx, meeting, ms)
	switch {
	case strings.TrimSpace(meeting) == "" || loose && !q.Constrained:
		if m, ok := extract.DefaultMeeting(ms); ok {
			return []extract.Meeting{m}, q
		}
	default:
		if m, ok := s.meetingNamed(meeting); ok {
			return []extract.Meeting{m}, q
		} else if q.Constrained {
			return extract.MatchMeetings(ms, q), q
		}
	}
	return nil, q
}

// roster is the attendees of m an answer lists (only side's people, when
// side is set; at most MaxAttendees), and how many more there are.
func (s *snapshot) roster(m extract.Meeting, side string) ([]extract.Attendee, int) {
	var attendees []extract.Attendee
	for _, a := range m.Attendees {
		if side == "" || a.Side == side || s.person(a.Name).Side == side {
			attendees = append(attendees, a)
		}
	}
	if len(attendees) > MaxAttendees {
		return attendees[:MaxAttendees], len(attendees) - MaxAttendees
	}
	return attendees, 0
}

// evidenceIDs are the passages an answer about m shows: each attendee's
// evidence and the first five reports.
func (s *snapshot) evidenceIDs(m extract.Meeting, side string) []string {
	attendees, _ := s.roster(m, side)
	var ids []string
	for _, a := range attendees {
		ids = append(ids, a.Passage)
	}
	return append(ids, m.Passages[:min(5, len(m.Passages))]...)
}

// eventAttendance is one meeting's roster with its evidence, from the
// passages by id (see evidenceIDs).
func (s *snapshot) eventAttendance(m extract.Meeting, side string, by map[string]extract.Passage) EventAttendance {
	ea := EventAttendance{Meeting: m}
	attendees, more := s.roster(m, side)
	ea.More = more
	for _, a := range attendees {
		p := s.person(a.Name)
		if p.Side == "" {
			p.Side = a.Side
		}
		ea.People = append(ea.People, PersonEvidence{Person: p, Passage: by[a.Passage]})
	}
	for _, id := range m.Passages[:min(5, len(m.Passages))] {
		if p, ok := by[id]; ok {
			ea.Reports = append(ea.Reports, p)
		}
	}
	// The articles of the passages an answer shows come first, in their
	// order (ShownPassages: they report the meeting, so they are among
	// its sources), then its other sources.
	ids := make([]string, 0, MaxSources)
	listed := map[string]bool{"": true}
	for _, p := range ea.ShownPassages() {
		if len(ids) < MaxSources && !listed[p.Article] {
			listed[p.Article] = true
			ids = append(ids, p.Article)
		}
	}
	for _, id := range m.Sources {
		if len(ids) == MaxSources {
			break
		}
		if !listed[id] {
			listed[id] = true
			ids = append(ids, id)
		}
	}
	ea.Sources = s.articleInfos(ids)
	ea.MoreSources = max(0, len(m.Sources)-len(ids))
	return ea
}

// ShownPassages are the passages an answer about ea shows, in order: the
// evidence of each attendee, or, when the articles name none, the
// reports.
func (ea EventAttendance) ShownPassages() []extract.Passage {
	if len(ea.People) == 0 {
		return ea.Reports
	}
	return evidenceOf(ea.People)
}

// evidenceOf is the passage of each of people, in order.
func evidenceOf(people []PersonEvidence) []extract.Passage {
	out := make([]extract.Passage, 0, len(people))
	for _, pe := range people {
		out = append(out, pe.Passage)
	}
	return out
}

// Meetings lists the meetings the articles report, newest first, without
// their accounts (Compare reads those).
func (ix *Index) Meetings() []extract.Meeting { return ix.Meta().Meetings }

// person returns what the lexicon or the unlisted people know of name.
func (s *snapshot) person(name string) extract.Person {
	if p, ok := s.lx.PersonByName(name); ok {
		return p
	}
	if i, ok := s.unlisted[name]; ok {
		return s.meta.Unlisted[i]
	}
	return extract.Person{Name: name, Unlisted: true}
}

// SidePassages are the passages that speak for one side.
type SidePassages struct {
	Side     string
	Passages []Hit
}

// Position answers what each side says on a topic.
type Position struct {
	Topic extract.Topic
	Side  string // the side asked for, if any
	Sides []SidePassages
	Found bool // false when the topic is unknown
}

// Position returns the passages on a topic, grouped by the side they speak
// for (only side, when given), best first. Passages that speak for no side
// come last, under "".
func (ix *Index) Position(ctx context.Context, topic, side string, perSide int) (Position, error) {
	s, err := ix.acquire()
	if err != nil {
		return Position{}, err
	}
	defer s.release()
	t, ok := s.lx.TopicByName(topic)
	if !ok {
		return Position{Topic: extract.Topic{Name: topic}}, nil
	}
	side = s.canonicalSide(side)
	out := Position{Topic: t, Side: side, Found: true}
	var hits []Hit
	if ids, ok := s.meta.Positions[positionKey(t.ID, side)]; ok {
		ps, err := s.passagesByID(ctx, ids)
		if err != nil {
			return out, err
		}
		for _, p := range ps {
			hits = append(hits, Hit{Passage: p})
		}
	} else if hits, err = s.rankPosition(ctx, t, side, false); err != nil {
		return out, err
	}
	groups := map[string][]Hit{}
	for _, h := range hits {
		key := h.Side
		if side != "" {
			key = side
		}
		if perSide > 0 && len(groups[key]) >= perSide {
			continue
		}
		groups[key] = append(groups[key], h)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	order := s.lx.SideNames()
	sort.Slice(keys, func(i, j int) bool { return sideRank(order, keys[i]) < sideRank(order, keys[j]) })
	for _, k := range keys {
		out.Sides = append(out.Sides, SidePassages{Side: k, Passages: groups[k]})
	}
	return out, nil
}

// rankPosition ranks the passages on topic t that speak for side. The topic
// filter picks the passages; the keywords only rank them (a phrase of the
// keyword list would never match and cost a searcher per word).
// With exhaustive, every part of the index is asked (at build time);
// otherwise the newest parts that have enough.
func (s *snapshot) rankPosition(ctx context.Context, t extract.Topic, side string, exhaustive bool) ([]Hit, error) {
	hits, _, err := s.searchAll(ctx, s.positionQuery(t), Filter{Topic: t.ID, Side: side}, MaxResults, exhaustive)
	return hits, err
}

// positionQuery ranks passages on t by its name and keywords.
func (s *snapshot) positionQuery(t extract.Topic) query.Query {
	return s.wordsQuery(strings.Join(append([]string{t.Name}, t.Keywords...), " "))
}

func positionKey(topic, side string) string { return topic + "|" + side }

// rankPositions ranks every topic for every side, and for all sides, for
// Meta.Positions, over the parts of the build at path: each part is opened
// alone, asked for its best passages of every topic and side, and closed
// before the next, so that only one part's pages are mapped at a time (all
// parts at once took 1.4 GiB at 100,000 articles); the parts' best are
// then merged by score, as asking all parts together would.
func rankPositions(path string, infos []PartInfo, lx *extract.Lexicon) (map[string][]string, error) {
	s := &snapshot{lx: lx}
	type ask struct {
		key string
		q   query.Query
	}
	var asks []ask
	for _, t := range lx.Topics {
		for _, side := range append([]string{""}, lx.SideNames()...) {
			asks = append(asks, ask{positionKey(t.ID, side), filtered(s.positionQuery(t), Filter{Topic: t.ID, Side: side})})
		}
	}
	best := make([][]*hitDoc, len(asks))
	for _, in := range infos {
		bi, err := openReadOnly(filepath.Join(path, in.Dir))
		if err != nil {
			return nil, err
		}
		for i, a := range asks {
			hs, err := searchIDs(context.Background(), bi, a.q, MaxResults)
			if err != nil {
				bi.Close()
				return nil, err
			}
			best[i] = append(best[i], hs...)
		}
		bi.Close()
	}
	out := map[string][]string{}
	for i, a := range asks {
		byScore(best[i], docScore)
		ids := make([]string, 0, MaxResults)
		for _, h := range best[i][:min(len(best[i]), MaxResults)] {
			ids = append(ids, h.id)
		}
		out[a.key] = ids
	}
	return out, nil
}

// sideRank orders sides as the sides file lists them, other sides after
// them and passages of no side last.
func sideRank(order []string, side string) int {
	if side == "" {
		return 100
	}
	for i, s := range order {
		if s == side {
			return i
		}
	}
	return 50
}

// Sides lists the sides people and actors belong to.
func (ix *Index) Sides() []string {
	lx := ix.Lexicon()
	seen := map[string]bool{}
	var out []string
	for _, s := range lx.SideNames() {
		seen[s] = true
		out = append(out, s)
	}
	for _, p := range lx.People {
		if p.Side != "" && !seen[p.Side] {
			seen[p.Side] = true
			out = append(out, p.Side)
		}
	}
	return out
}

// canonicalSide matches a side as a user types it ("russia", "USA",
// "Ukrainian") to a side of the sides file, or to a side people have
// (case-insensitively); anything else is kept as typed.
func (s *snapshot) canonicalSide(side string) string {
	if strings.TrimSpace(side) == "" {
		return ""
	}
	if c := s.lx.CanonicalSide(side); c != "" {
		return c
	}
	for _, p := range s.lx.People {
		if strings.EqualFold(p.Side, strings.TrimSpace(side)) {
			return p.Side
		}
	}
	return side
}

// Quotes answers what a person said.
type Quotes struct {
	Person   extract.Person
	Passages []Hit
	// Quoted is false when the person is named but never quoted; Passages
	// then only mention them.
	Quoted bool
	Found  bool // false when no passage names the person
}

// Quote returns the passages in which a person says something, or the
// passages that mention them when none quotes them. With about (topic
// words, a place, a meeting: "Europe in Davos", "after the Florida talks"),
// the passages that match it, in their text or their article's title, come
// first, best first; the rest follow in reading order. Without it, all are
// in reading order, direct quotes first.
func (ix *Index) Quote(ctx context.Context, name, about string) (Quotes, error) {
	s, err := ix.acquire()
	if err != nil {
		return Quotes{}, err
	}
	defer s.release()
	p, ok := s.lx.PersonByName(name)
	if !ok {
		p = extract.Person{Name: strings.TrimSpace(name), Unlisted: true}
		for _, u := range s.meta.Unlisted {
			if strings.EqualFold(u.Name, p.Name) || lowerContains(u.Name, p.Name) && len(p.Name) > 3 {
				p = u
			}
		}
	}
	out := Quotes{Person: p}
	hits, err := s.quotesOf(ctx, p.Name)
	if err != nil {
		return out, err
	}
	out.Quoted = len(hits) > 0
	if !out.Quoted {
		if hits, err = s.search(ctx, nil, Filter{Person: p.Name}, MaxResults); err != nil {
			return out, err
		}
	}
	inOrder(hits)
	// Passages that quote the person's own words come first.
	hits = directFirst(hits, p.Name)
	hits = inPeriodOf(hits, about)
	if about = CleanQuery(about); len(prose.Words(about)) > 0 {
		f := Filter{Speaker: p.Name}
		if !out.Quoted {
			f = Filter{Person: p.Name}
		}
		ranked, err := s.search(ctx, s.aboutQuery(about), f, MaxResults)
		if err != nil {
			return out, err
		}
		s.boostPhrase(ranked, about)
		ranked = inPeriodOf(ranked, about)
		seen := map[string]bool{}
		for _, h := range ranked {
			seen[h.ID] = true
		}
		for _, h := range hits {
			if !seen[h.ID] {
				ranked = append(ranked, h)
			}
		}
		out.Passages = ranked[:min(len(ranked), MaxResults)]
		out.Found = len(out.Passages) > 0
		return out, nil
	}
	out.Passages = diversify(hits, MaxResults)
	out.Found = len(out.Passages) > 0
	return out, nil
}

// quotesOf is the passages that quote name, at most MaxResults, from the
// newest parts that have enough: the build's list when it keeps one
// (Meta.Quotes), else found now.
func (s *snapshot) quotesOf(ctx context.Context, name string) ([]Hit, error) {
	list, ok := s.meta.Quotes[name]
	if !ok {
		return s.search(ctx, nil, Filter{Speaker: name}, MaxResults)
	}
	ids := make([]string, len(list))
	score := make(map[string]float64, len(list))
	for i, h := range list {
		ids[i], score[h.ID] = h.ID, h.Score
	}
	ps, err := s.passagesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, len(ps))
	for i, p := range ps {
		hits[i] = Hit{Passage: p, Score: score[p.ID]}
	}
	return hits, nil
}

// quoteListFrom is how many passages must quote a person for the build to
// keep the passages Quote shows of them (Meta.Quotes): fewer are scored at
// once. A variable for tests.
var quoteListFrom = 200

// listQuotes finds, for every person at least quoteListFrom passages of
// ps quote, the passages Quote shows of them, as quotesOf would find them.
func listQuotes(ps *parts) (map[string][]ScoredID, error) {
	counts := map[string]int{}
	for _, bi := range ps.idx {
		d, err := bi.FieldDict(fieldSpeakers)
		if err != nil {
			return nil, err
		}
		for e, err := d.Next(); e != nil || err != nil; e, err = d.Next() {
			if err != nil {
				d.Close()
				return nil, err
			}
			counts[e.Term] += int(e.Count)
		}
		d.Close()
	}
	out := map[string][]ScoredID{}
	for name, n := range counts {
		if n < quoteListFrom {
			continue
		}
		docs, _, err := ps.searchRounds(context.Background(), filtered(nil, Filter{Speaker: name}), MaxResults, false)
		if err != nil {
			return nil, err
		}
		list := make([]ScoredID, len(docs))
		for i, d := range docs {
			list[i] = ScoredID{d.id, d.score}
		}
		out[name] = list
	}
	return out, nil
}

// inPeriodOf keeps the hits published in the period text names ("in
// November", "early December", "on 2 December 2025"); a month without a
// year is the latest such month in which any hit was published. Text that
// names no period keeps every hit.
func inPeriodOf(hits []Hit, text string) []Hit {
	for _, p := range dates.Find(text, time.Time{}) {
		if p.Month == 0 {
			continue
		}
		years := []int{p.Year}
		if p.Year == 0 {
			years = nil
			for _, h := range hits {
				if t, err := time.Parse("2006-01-02", h.Published); err == nil {
					years = append(years, t.Year())
				}
			}
			sort.Sort(sort.Reverse(sort.IntSlice(years)))
		}
		for _, y := range years {
			from, to := extract.PeriodOf(p, y)
			var kept []Hit
			for _, h := range hits {
				if t, err := time.Parse("2006-01-02", h.Published); err == nil && !t.Before(from) && !t.After(to.AddDate(0, 0, 1)) {
					kept = append(kept, h)
				}
			}
			if len(kept) > 0 {
				return kept
			}
		}
		return nil
	}
	return hits
}

// directFirst puts the hits that quote name's own words (directQuote)
// first, each group in the order it had.
func directFirst(hits []Hit, name string) []Hit {
	out := make([]Hit, 0, len(hits))
	var rest []Hit
	for _, h := range hits {
		if directQuote(h, name) {
			out = append(out, h)
		} else {
			rest = append(rest, h)
		}
	}
	return append(out, rest...)
}

// directQuote reports whether a passage quotes the person's words in
// quotation marks.
func directQuote(h Hit, name string) bool {
	for _, q := range h.Quotes {
		if q.Speaker == name && strings.ContainsAny(q.Text, "“\"") {
			return true
		}
	}
	return false
}

// Sayers answers who said a phrase.
type Sayers struct {
	Phrase   string
	People   []extract.Person
	Passages []Hit
}

// saidCandidates bounds the passages holding every word of a phrase that
// WhoSaid reads to find those holding the phrase; saidEnough of those
// holding it, found in the newest parts, make the answer (it shows 10).
// Variables for tests.
var saidCandidates, saidEnough = 200, 20

// WhoSaid finds the passages containing phrase (as a phrase, else its
// words) and the people those passages attribute it to.
func (ix *Index) WhoSaid(ctx context.Context, phrase string) (Sayers, error) {
	s, err := ix.acquire()
	if err != nil {
		return Sayers{}, err
	}
	defer s.release()
	phrase = CleanQuery(phrase)
	out := Sayers{Phrase: phrase}
	// The passages holding every word, then those of them holding the
	// phrase: the index keeps no word positions. The newest parts are
	// asked first; when their passages holding every word hold the phrase
	// fewer than saidEnough times, every part is asked.
	ph := s.phraseOf(phrase)
	said := func(exhaustive bool) ([]Hit, bool, error) {
		hits, complete, err := s.searchAll(ctx, s.allWordsQuery(phrase), Filter{}, saidCandidates, exhaustive)
		if err == nil && ph.terms != nil {
			hits = slices.DeleteFunc(hits, func(h Hit) bool { return !ph.holds(h.Text) })
		}
		return hits, complete, err
	}
	hits, complete, err := said(false)
	if err == nil && !complete && len(hits) < saidEnough {
		hits, _, err = said(true)
	}
	if err == nil && len(hits) == 0 {
		hits, err = s.search(ctx, s.textQuery(phrase), Filter{}, 10)
		s.boostPhrase(hits, phrase)
	}
	if err != nil {
		return out, err
	}
	out.Passages = diversify(hits, 10)
	words := prose.Words(phrase)
	seen := map[string]bool{}
	for _, h := range out.Passages {
		for _, q := range h.Quotes {
			if containsWords(prose.Words(q.Text), words) && !seen[q.Speaker] {
				seen[q.Speaker] = true
				out.People = append(out.People, s.person(q.Speaker))
			}
		}
	}
	if len(out.People) == 0 {
		// Askers paraphrase: "who said Zelensky can come back when he is
		// ready" for "He can come back when he is ready". The quotes
		// holding most of the phrase's content words, at least 60% of them,
		// are taken as the one meant.
		for _, sp := range paraphrasedBy(out.Passages, contentWords(words)) {
			out.People = append(out.People, s.person(sp))
		}
	}
	return out, nil
}

// englishStop is Bleve's English stop list, the words the index drops.
var englishStop = func() analysis.TokenMap {
	m := analysis.NewTokenMap()
	_ = m.LoadBytes(en.EnglishStopWords)
	return m
}()

// contentWords drops stop words and repeats.
func contentWords(ws []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range ws {
		if !englishStop[w] && !seen[w] && len(w) > 1 {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// paraphrasedBy names the speakers of the quotes sharing the largest part
// of want, when that part is at least 60% and two words.
func paraphrasedBy(passages []Hit, want []string) []string {
	if len(want) < 2 {
		return nil
	}
	best, need := 0, (len(want)*6+9)/10
	var out []string
	for _, h := range passages {
		// A speaker's quotes in one passage count together: a quote may
		// be split at its sentences.
		said := map[string]map[string]bool{}
		var order []string
		for _, q := range h.Quotes {
			if q.Speaker == "" {
				continue
			}
			if said[q.Speaker] == nil {
				said[q.Speaker] = map[string]bool{}
				order = append(order, q.Speaker)
			}
			for _, w := range prose.Words(q.Text) {
				said[q.Speaker][stemish(w)] = true
			}
		}
		for _, sp := range order {
			n := 0
			for _, w := range want {
				if said[sp][stemish(w)] {
					n++
				}
			}
			switch {
			case n < max(need, 2) || n < best:
			case n > best:
				best, out = n, []string{sp}
			case !slices.Contains(out, sp):
				out = append(out, sp)
			}
		}
	}
	return out
}

// stemish folds a word's common endings, enough to match "concepts" with
// "concept" and "characterise" with "characterize".
func stemish(w string) string {
	if len(w) > 6 {
		return w[:6]
	}
	return strings.TrimSuffix(w, "s")
}

// containsWords reports whether hay holds needle as a run of words.
func containsWords(hay, needle []string) bool {
	if len(needle) == 0 {
		return false
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Sources lists the indexed articles.
func (ix *Index) Sources() []ArticleInfo { return ix.Meta().Articles }

// ArticleInfos are the indexed articles of ids, in their order; ids the
// index does not hold are left out.
func (ix *Index) ArticleInfos(ids []string) []ArticleInfo {
	s, err := ix.acquire()
	if err != nil {
		return nil
	}
	defer s.release()
	return s.articleInfos(ids)
}

// articleInfos is ArticleInfos of s.
func (s *snapshot) articleInfos(ids []string) []ArticleInfo {
	out := make([]ArticleInfo, 0, len(ids))
	for _, id := range ids {
		if i, ok := s.articles[id]; ok {
			out = append(out, s.meta.Articles[i])
		}
	}
	return out
}
