package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/talksbot/talksbot/bench/synth"
	"github.com/talksbot/talksbot/handlers"
	"github.com/talksbot/talksbot/index"
)

// intents are the kinds of question measured, in report order.
var intents = []string{"who-attended", "position", "search", "quote", "mention"}

// query is one question as typed, and the same question for SQLite FTS5:
// MATCH expressions tried in turn until one finds something (as the
// index's Quote falls back from speakers to people named).
type query struct {
	Intent string   `json:"intent"`
	Text   string   `json:"text"`
	FTS    []string `json:"fts"`
	// K is how many passages the index fetches for this question, so that
	// FTS5 can be asked for as many.
	K int `json:"k"`
}

// fetched is how many passages the index asks Bleve for, per command:
// Search fetches 60 to diversify (index's fetchForRank), Position and Quote
// index.MaxResults, WhoSaid 10; WhoAttended fetches its attendees'
// passages and five reports by id.
var fetched = map[string]int{"search": 60, "position": index.MaxResults, "quote": index.MaxResults,
	"who-said": 10, "who-attended": 10}

// searchWords are the words /search and free questions use: content words
// of the default articles, names and places.
var searchWords = strings.Fields(`territory security guarantees peace plan ceasefire sanctions
	NATO membership Donbas Donetsk Luhansk Crimea Kremlin Moscow Geneva Florida Brussels Abu Dhabi
	envoy talks negotiations compromise delegation proposal draft points framework withdraw troops
	pressure Europe allies transcript betray Putin Zelensky Witkoff Kushner Ushakov Peskov Rutte Macron
	Merz Stubb Umerov Trump Vitkoff Zelenskyy sea tankers economic cooperation Pokrovsk invasion
	constructive acceptable unacceptable revised version summit investment forum humanitarian`)

var (
	meetingNames = []string{"", "Moscow", "Kremlin talks", "Geneva", "Florida", "Brussels", "Abu Dhabi",
		"Istanbul", "Doha", "Riyadh", "Tokyo"}
	topicNames = []string{"territory", "security guarantees", "NATO", "sanctions", "peace plan", "ceasefire",
		"europe", "economic cooperation", "sea", "land"}
	sideNames = []string{"", "", "Russia", "Ukraine", "US", "Europe", "NATO"}
	quoteWho  = []string{"Putin", "Vladimir Putin", "Zelensky", "Rutte", "Ushakov", "Peskov", "Witkoff", "Vitkoff",
		"Macron", "Merz", "Stubb", "Trump", "Kushner", "Sybiha", "Olena Marchenko", "Viktor Berger"}
	mentionForms = []string{
		"who was in the room at the %[1]s talks?",
		"who attended the meeting in %[1]s?",
		"what did %[2]s say?",
		"quotes from %[2]s",
		"what does %[3]s demand on %[4]s?",
		"what is %[3]s's position on %[4]s?",
		"when did the US and Ukraine meet in %[1]s?",
		"%[5]s %[6]s",
	}
)

// makeQueries returns n questions of each intent, the same for a seed.
func makeQueries(seed uint64, n int) map[string][]string {
	r := rand.New(rand.NewPCG(seed, 0x71e5))
	places := synth.Places()[:8]
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	out := map[string][]string{}
	for range n {
		m := pick(meetingNames)
		if m == "" {
			out["who-attended"] = append(out["who-attended"], "/who-attended")
		} else {
			out["who-attended"] = append(out["who-attended"], "/who-attended meeting:"+m)
		}
		pos := "/position topic:" + pick(topicNames)
		if s := pick(sideNames); s != "" {
			pos += " side:" + s
		}
		out["position"] = append(out["position"], pos)
		words := make([]string, 1+r.IntN(3))
		for k := range words {
			words[k] = pick(searchWords)
		}
		out["search"] = append(out["search"], "/search query:"+strings.Join(words, " "))
		out["quote"] = append(out["quote"], "/quote person:"+pick(quoteWho))
		side := pick(sideNames[2:])
		q := fmt.Sprintf(pick(mentionForms), pick(places), pick(quoteWho), side, pick(topicNames),
			pick(searchWords), pick(searchWords))
		out["mention"] = append(out["mention"], "<@1234567890> "+q)
	}
	return out
}

// ftsFor translates the request a question routes to into FTS5 MATCH
// expressions over the same words and tags the index uses.
func ftsFor(h *handlers.Handlers, lx *index.Lexicon, meetings []index.Meeting, req handlers.Request) []string {
	words := func(text string) string { return orTerms(lx.Fold(index.CleanQuery(text), true)) }
	switch req.Command {
	case "who-attended":
		// The index answers from the meetings it found at build time; the
		// nearest a plain full-text search comes is passages that name the
		// place and a meeting.
		m := req.Option("meeting")
		if m == "" && len(meetings) > 0 {
			m = meetings[0].Name
		}
		var place []string
		for _, w := range strings.Fields(lx.Fold(m, true)) {
			if lw := strings.ToLower(w); lw != "talks" && lw != "meeting" && lw != "summit" {
				place = append(place, w)
			}
		}
		if len(place) == 0 {
			place = []string{m}
		}
		return []string{"(" + words(strings.Join(place, " ")) + `) AND ("talks" OR "meeting" OR "met" OR "attended")`}
	case "position":
		t, ok := lx.TopicByName(req.Option("topic"))
		if !ok {
			return []string{words(req.Option("topic"))}
		}
		e := "(" + words(strings.Join(append([]string{t.Name}, t.Keywords...), " ")) + ") AND topics : " + phrase(t.ID)
		if s := req.Option("side"); s != "" {
			e += " AND sides : " + phrase(s)
		}
		return []string{e}
	case "quote":
		name := req.Option("person")
		if p, ok := lx.PersonByName(name); ok {
			name = p.Name
		}
		return []string{"speakers : " + phrase(name), "people : " + phrase(name)}
	case "who-said":
		return []string{phrase(lx.Fold(req.Option("phrase"), true)), words(req.Option("phrase"))}
	default:
		return []string{words(req.Option("query"))}
	}
}

// orTerms is an FTS5 expression matching any content word of text, or the
// whole as a phrase, as the index's match-or-phrase query does.
func orTerms(text string) string {
	var terms []string
	var all []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		w = strings.Trim(w, "'")
		all = append(all, w)
		if w != "" && !stopWords[w] {
			terms = append(terms, phrase(w))
		}
	}
	if len(terms) == 0 {
		return phrase(strings.Join(all, " "))
	}
	if len(all) > 1 {
		terms = append(terms, phrase(strings.Join(all, " ")))
	}
	return strings.Join(terms, " OR ")
}

func phrase(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// stopWords are dropped from FTS5 queries, as Bleve's English analyzer
// drops them from the index's (FTS5 has no stop list of its own).
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be because
		been before being below between both but by can could did do does doing down during each few for from
		further had has have having he her here hers herself him himself his how i if in into is it its itself
		me more most my myself no nor not of off on once only or other ought our ours ourselves out over own
		same she should so some such than that the their theirs them themselves then there these they this
		those through to too under until up very was we were what when where which while who whom why with
		would you your yours yourself yourselves s t`) {
		m[w] = true
	}
	return m
}()
