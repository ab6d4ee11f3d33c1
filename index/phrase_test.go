package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"

	"github.com/talksbot/talksbot/extract"
)

func TestHasPhrase(t *testing.T) {
	for _, tc := range []struct {
		text, phrase string
		want         bool
	}{
		{"The peace plans were shelved.", "peace plan", true}, // stemmed as the index stems
		{"a plan for peace", "peace plan", false},             // order matters
		{"peace and a plan", "peace plan", false},             // so does distance
		{"to end the war in Ukraine", "end the war", true},    // stop words keep their place
		{"to end this war", "end the war", true},              // as Bleve's phrase query: any stop word
		{"to end a long war", "end the war", false},
		{"Security guarantees for Kyiv", "security guarantees", true},
		{"", "security guarantees", false},
	} {
		got := hasPhrase(analyse(tc.text), analyse(tc.phrase))
		if got != tc.want {
			t.Errorf("hasPhrase(%q, %q) = %v, want %v", tc.text, tc.phrase, got, tc.want)
		}
	}
}

// TestTermStart: every word the English analyzer stems to a term begins
// with the term's start, which the cheap test before the phrase check
// looks for.
func TestTermStart(t *testing.T) {
	for _, w := range []string{"policies", "relational", "dying", "skies", "lying", "agreed", "generalization",
		"possibility", "sensitivity", "conditional", "valency", "digitizer", "radically", "early", "only",
		"Russia's", "talks", "meeting", "us", "a", "Ukraine", "ceasefire", "guarantees", "negotiators"} {
		for _, tok := range analyse(w) {
			if start := termStart(string(tok.Term)); !strings.Contains(strings.ToLower(w), start) {
				t.Errorf("%q stems to %q, whose start %q it does not hold", w, tok.Term, start)
			}
		}
	}
}

func TestBoostPhrase(t *testing.T) {
	lx, err := extract.LoadLexicon(corpus.FS(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &snapshot{lx: lx}
	hits := []Hit{
		{Passage: extract.Passage{ID: "a#1", Text: "The plan brings peace closer, officials said."}, Score: 2},
		{Passage: extract.Passage{ID: "b#1", Text: "The peace plan was discussed."}, Score: 1},
		{Passage: extract.Passage{ID: "c#1", Text: "Nothing here."}, Score: 1},
	}
	s.boostPhrase(hits, "peace plan")
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	if want := []string{"b#1", "a#1", "c#1"}; !slices.Equal(ids, want) {
		t.Errorf("order %v, want %v", ids, want)
	}
	if hits[0].Score != phraseWeight {
		t.Errorf("phrase hit scored %v, want %v", hits[0].Score, float64(phraseWeight))
	}
	// Many hits are checked on every core, each once.
	hits = nil
	for i := range 40 {
		text := "A plan, and peace."
		if i%4 == 0 {
			text = "The peace plan again."
		}
		hits = append(hits, Hit{Passage: extract.Passage{ID: fmt.Sprintf("h#%02d", i), Text: text}, Score: 1})
	}
	s.boostPhrase(hits, "peace plan")
	for i, h := range hits {
		if want := i < 10; (h.Score == phraseWeight) != want {
			t.Errorf("hit %d (%s) scored %v", i, h.ID, h.Score)
		}
	}
	// Each phrase ranks its passage (b#1) over a higher-scored one that
	// lacks it, whose score stays as it was.
	for _, tc := range []struct{ what, text, phrase string }{
		{"letters the stemmer rewrites", "İnsan hakları ihlal edildi.", "İnsan hakları"},
		{"a name spelled otherwise in the text", "Envoy Vitkoff met Dmitriev in Miami.", "Witkoff met Dmitriev"},
		// Names alone: their cues are looked for in the folded text.
		{"a phrase of names alone", "Talks between Vitkoff Dmitriev’s aides.", "Witkoff Dmitriev"},
	} {
		hits = []Hit{
			{Passage: extract.Passage{ID: "a#1", Text: "Witkoff and, later, Dmitriev; nothing here."}, Score: 2},
			{Passage: extract.Passage{ID: "b#1", Text: tc.text}, Score: 1},
		}
		s.boostPhrase(hits, tc.phrase)
		if hits[0].ID != "b#1" || hits[1].Score != 2 {
			t.Errorf("%s: %v first, the other scored %v", tc.what, hits[0].ID, hits[1].Score)
		}
	}
}

// TestMayHold: the cheap test before the phrase check passes every text
// holding the phrase and rejects texts whose words are too far apart or out
// of order.
func TestMayHold(t *testing.T) {
	cues := func(phrase string) []cue {
		var out []cue
		for _, tok := range analyse(phrase) {
			out = append(out, cue{termStart(string(tok.Term)), tok.Position})
		}
		return out
	}
	far := strings.Repeat("and so on ", 20)
	for _, tc := range []struct {
		text, phrase string
		want         bool
	}{
		{"the peace plans were shelved", "peace plan", true},
		{"peace, they said, was the plan", "peace plan", true}, // near: the exact check decides
		{"a plan for peace", "peace plan", false},
		{"peace " + far + "plan", "peace plan", false},
		{"plan peace peace plan", "peace plan", true},
		{"to end the war in Ukraine", "end the war", true},
		{"security guarantees for Kyiv", "security guarantees for", true},
		{"", "peace plan", false},
	} {
		if got := mayHold(strings.ToLower(tc.text), cues(tc.phrase)); got != tc.want {
			t.Errorf("mayHold(%q, %q) = %v, want %v", tc.text, tc.phrase, got, tc.want)
		}
		// Never rejects what the exact check accepts.
		if hasPhrase(analyse(tc.text), analyse(tc.phrase)) && !mayHold(strings.ToLower(tc.text), cues(tc.phrase)) {
			t.Errorf("%q holds %q but mayHold rejects it", tc.text, tc.phrase)
		}
	}
}
