package handlers

import (
	"errors"
	"fmt"
)

// Error is why a question or a moderator's command got no answer. Text is
// what the asker is told, and never holds internal detail; Detail, when
// set, is what is logged, and marks the failure as the bot's own rather
// than the asker's. Stack, when set, is where a panic was recovered.
//
// An Error without Detail is a refusal of the request as asked (an
// unknown command, a missing option, a file that is not an article):
// errors.Is(err, ErrBadRequest) holds for it.
type Error struct {
	Text   string
	Detail error
	Stack  []byte
}

func (e *Error) Error() string {
	if e.Detail == nil {
		return e.Text
	}
	return e.Text + ": " + e.Detail.Error()
}

// Unwrap returns the detail.
func (e *Error) Unwrap() error { return e.Detail }

// Is reports a refusal (no Detail) as ErrBadRequest.
func (e *Error) Is(target error) bool { return target == ErrBadRequest && e.Detail == nil }

// ErrBadRequest matches (with errors.Is) every refusal: an *Error without
// Detail.
var ErrBadRequest = errors.New("bad request")

// Refuse is a refusal whose text, formatted as fmt.Sprintf does, is for the
// asker.
func Refuse(format string, a ...any) error {
	return &Error{Text: fmt.Sprintf(format, a...)}
}

// Failure is the bot's own failure: text is for the asker, detail is
// logged.
func Failure(text string, detail error) error {
	if detail == nil {
		detail = errors.New(text)
	}
	return &Error{Text: text, Detail: detail}
}

// Explain splits err into what the asker is told and what is logged. A
// refusal is told and not logged (detail nil); an *Error with Detail is told
// its Text and logged; any other error is logged and told fallback.
func Explain(err error, fallback string) (text string, detail *Error) {
	var e *Error
	switch {
	case errors.As(err, &e) && e.Detail == nil:
		return e.Text, nil
	case errors.As(err, &e):
		return e.Text, e
	}
	return fallback, &Error{Text: fallback, Detail: err}
}
