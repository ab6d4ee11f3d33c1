package index

import (
	"slices"
	"testing"

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

func TestBoostPhrase(t *testing.T) {
	s := &snapshot{lx: &extract.Lexicon{}}
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
}
