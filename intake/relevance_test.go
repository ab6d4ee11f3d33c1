package intake_test

import (
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/extract"
	"github.com/talksbot/talksbot/intake"
)

func TestJudgeAbout(t *testing.T) {
	lx, err := extract.LoadLexicon(corpus.FS(), corpus.FS())
	if err != nil {
		t.Fatal(err)
	}
	j := intake.NewJudge(lx)
	tests := []struct {
		text     string
		relevant bool
	}{
		{"Witkoff flies to Moscow for a third round", true},
		{"Steve Witkoff and Jared Kushner met Putin", true},
		{"Zelenskyy says Kyiv will not cede the Donbas", true},
		{"Ceasefire and security guarantees top the agenda in Geneva", true},
		{"Dumpling festival draws record crowds in Kyiv", false},
		{"Snow falls on Moscow, Kyiv and Geneva", false},
		{"Crimea's beaches reopen for the summer", false},
		{"Stock markets rise on Wall Street", false},
		{"a witkoff-shaped hole in lower case is not a name", false},
	}
	for _, tt := range tests {
		if got := j.About(tt.text); (got != "") != tt.relevant {
			t.Errorf("About(%q) = %q, want relevant %v", tt.text, got, tt.relevant)
		}
	}
}
