package article

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestIsCaption: what closes or opens a photo caption, and prose that only
// mentions photos or slashes is not one.
func TestIsCaption(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"[1/3] Two ministers meet on the sidelines of a summit in a capital city, July 10, 2025. REUTERS/Some Photographer/Pool Purchase Licensing Rights, opens new tab", true},
		{"Leaders pose for a family photo at the summit (AP Photo/Jane Doe)", true},
		{"2/5 Delegations arrive for the talks on Tuesday", true},
		{"Photo: Two negotiators (L) and (R) arrive for talks with officials in a city on Dec. 4, 2025, before the second round of the talks began in the afternoon. (Someone / Telegram)", true},
		{"The delegations met for five hours and agreed to meet again, a spokesperson said.", false},
		{"He said the 50/50 split of revenue was agreed and photos of the signing would follow.", false},
	} {
		if got := isCaption(c.text); got != c.want {
			t.Errorf("isCaption(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestFurnitureRule: lines a page adds around the report, and report lines
// that look like them.
func TestFurnitureRule(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"If you notice an error, select it with your mouse and press Ctrl+Enter.", ruleFeedback},
		{"Found a typo? Let us know.", ruleFeedback},
		{"If you notice an error in the agreement, Zelensky said, the sides would fix it.", ""},
		{"The envoys said they had found no error in the draft.", ""},
	} {
		if got := furnitureRule(c.text, 1, []line{{text: c.text}}, 0); got != c.want {
			t.Errorf("furnitureRule(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestTrimCreditChrome checks the hand-trimmed fast path against the
// regexp it stands for, on chosen and random texts.
func TestTrimCreditChrome(t *testing.T) {
	texts := []string{"", " ", ",", " , ", "a", "a ,", "a,,", "a , \t\n", "Putin (left) and Witkoff. Photo: Reuters, ",
		"Photo: Reuters Purchase Licensing Rights, opens new tab", "REUTERS/Evelyn Hockstein Purchase licensing rights",
		"Buy this photo", "x buy photo ,", "(opens in a new window)", "text\u00a0,\u00a0", "a\v,", "caption ,\r\n"}
	r := rand.New(rand.NewPCG(3, 4))
	parts := []string{"a", " ", ",", "\t", "\n", "\u00a0", "\v", "photo", "licensing rights", "buy", " this", "opens", " new tab", "(", ")", "Reuters", "K"}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := trimCreditChrome(s), reCreditChrome.ReplaceAllString(s, ""); got != want {
			t.Errorf("trimCreditChrome(%q) = %q, the regexp gives %q", s, got, want)
		}
	}
}
