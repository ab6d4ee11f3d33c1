package handlers

import (
	"errors"
	"fmt"
	"testing"
)

func TestExplainSeparatesWhatIsToldFromWhatIsLogged(t *testing.T) {
	cause := errors.New("disk full at /var/x")
	cases := []struct {
		name       string
		err        error
		told       string
		logged     bool
		badRequest bool
	}{
		{"refusal", Refuse("Give the id of %s.", "an article"), "Give the id of an article.", false, true},
		{"wrapped refusal", fmt.Errorf("answer: %w", Refuse("No.")), "No.", false, true},
		{"failure", Failure("The reindex failed.", cause), "The reindex failed.", true, false},
		{"plain error", cause, "fallback", true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			told, detail := Explain(c.err, "fallback")
			if told != c.told {
				t.Errorf("Explain(%v) told %q, want %q", c.err, told, c.told)
			}
			if (detail != nil) != c.logged {
				t.Errorf("Explain(%v) logged = %v, want %v", c.err, detail != nil, c.logged)
			}
			if detail != nil && !errors.Is(detail.Detail, cause) {
				t.Errorf("Explain(%v) logs %v, want the cause", c.err, detail.Detail)
			}
			if got := errors.Is(c.err, ErrBadRequest); got != c.badRequest {
				t.Errorf("errors.Is(%v, ErrBadRequest) = %v, want %v", c.err, got, c.badRequest)
			}
		})
	}
}
