package extract

import (
	"strings"
	"testing"
	"time"
)

func TestClaims(t *testing.T) {
	lx, err := LoadLexicon(defaultCorpus(), nil)
	if err != nil {
		t.Fatal(err)
	}
	geneva := Meeting{ID: "geneva-2025-11-23", Name: "Geneva talks", Place: "Geneva", Start: time.Date(2025, 11, 23, 0, 0, 0, 0, time.UTC),
		Names: []string{"Geneva", "Switzerland"}, Passages: []string{"a#1"}, Attendees: []Attendee{{Name: "Marco Rubio", Side: "US"}}}
	cases := []struct {
		text string
		want []string // kind:label, in order
	}{
		{"Rubio said in Geneva on Nov 23 that 28 points were left", []string{"person:Marco Rubio", "place:Geneva", "meeting:Geneva talks, 23 Nov 2025", "date:Nov 23", "number:28"}},
		{`Putin said "we can discuss this, but to that we can't agree"`, []string{"person:Vladimir Putin", "quote:“we can discuss this, but to that we can't agree”"}},
		{"Russia and Ukraine swapped 1,000 prisoners each", []string{"number:1000"}},
		{"Great game last night!", nil},
		{"1 or 0", nil},
		{`Putin said "no" and then the people of Ukraine said "never"`, []string{"person:Vladimir Putin"}},
	}
	for _, c := range cases {
		var got []string
		for _, cl := range lx.Claims(c.text, []Meeting{geneva}) {
			if cl.Kind != "topic" {
				got = append(got, cl.Kind+":"+cl.Label)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Claims(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestQuotedPhrases(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{`He said "we can discuss this" today`, []string{"we can discuss this"}},
		// The short "no" keeps its closing mark: the words between the
		// two quotes are not a quote.
		{`Putin said "no" and then Zelensky answered "we will never give up land"`, []string{"we will never give up land"}},
		{`"yes" or "no" was all he said about the plan`, nil},
		{`“Very fruitful” talks, «no compromise at all» on land`, []string{"Very fruitful", "no compromise at all"}},
		{`an "unclosed quote that runs on and on`, nil},
		{`"` + strings.Repeat("x", 301) + `" then "a phrase kept here"`, []string{"a phrase kept here"}},
		{`no quotes at all`, nil},
	}
	for _, c := range cases {
		if got := quotedPhrases(c.text); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("quotedPhrases(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestClaimSupports(t *testing.T) {
	lx, err := LoadLexicon(defaultCorpus(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := Passage{ID: "a#1", Published: "2025-11-23", People: []string{"Marco Rubio"},
		Text: "Rubio said in Geneva on Sunday, November 23, that 28 points of the 1,000-word plan were left."}
	other := Passage{ID: "b#1", Published: "2025-12-01", Text: "Talks in Moscow on December 2 covered 20 points."}
	meetings := []Meeting{{ID: "geneva-2025-11-23", Name: "Geneva talks", Place: "Geneva", Names: []string{"Geneva"},
		Start: time.Date(2025, 11, 23, 0, 0, 0, 0, time.UTC), Passages: []string{"a#1"}}}
	for _, cl := range lx.Claims("Marco Rubio was in Geneva on 23 November; 28 points and 1,000 words remain", meetings) {
		if cl.Kind == "topic" {
			continue
		}
		if !cl.Supports(p) {
			t.Errorf("claim %s %q does not find its passage", cl.Kind, cl.Label)
		}
		if cl.Supports(other) {
			t.Errorf("claim %s %q is supported by an unrelated passage", cl.Kind, cl.Label)
		}
	}
}
