// Package timechart draws a timeline of dated events as a PNG picture: a
// date axis, one horizontal lane per side, a marker on each lane of the
// sides an event brought together (joined by a line), and each event
// labelled with its place and a few people. It knows nothing of Discord,
// the index or articles, and it hides the drawing library
// (github.com/wcharczuk/go-chart/v2's raster renderer) from its callers.
//
// The picture sits on an opaque light card with dark text, so it reads the
// same in Discord's dark and light themes. Drawing is deterministic: the
// same Chart gives the same bytes, on one platform (floating-point
// rounding may differ between architectures).
package timechart

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"slices"
	"sync"
	"time"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"github.com/wcharczuk/go-chart/v2/roboto"
)

// The picture's size in pixels, and the most events one chart draws.
const (
	Width     = 1200
	Height    = 600
	MaxEvents = 60
	MaxLanes  = 8
)

// Event is one dated event.
type Event struct {
	Start time.Time // the first day; must not be zero
	End   time.Time // the last day, zero for a one-day event
	Place string
	// People are the short names shown under the place, in order; the
	// label shows the first three and counts the rest.
	People []string
	// Sides are the lanes the event is marked on; an event with none is
	// marked on a lane named Unassigned.
	Sides []string
}

// Chart is a timeline to draw.
type Chart struct {
	Title string
	// Lanes orders the lanes, top to bottom. Sides of events that it does
	// not list get lanes after these, in the order they first appear; lanes
	// no event uses are left out.
	Lanes  []string
	Events []Event
}

// Unassigned is the lane of events that name no side.
const Unassigned = "Unassigned"

// Errors of PNG; the caller decides what to tell the user.
var (
	ErrNoEvents   = errors.New("timechart: no events")
	ErrTooMany    = fmt.Errorf("timechart: more than %d events", MaxEvents)
	ErrUndated    = errors.New("timechart: an event has no start date")
	ErrTooManySds = fmt.Errorf("timechart: more than %d lanes", MaxLanes)
)

// font is Roboto, parsed once. go-chart's own GetDefaultFont reads its
// cache without a lock, which the race detector reports under concurrent
// drawing.
var font = sync.OnceValues(func() (*truetype.Font, error) { return truetype.Parse(roboto.Roboto) })

// PNG draws the chart, Width × Height pixels. It returns ErrNoEvents,
// ErrTooMany, ErrUndated or ErrTooManySds when the chart cannot be drawn as
// asked.
func (c Chart) PNG() ([]byte, error) {
	switch {
	case len(c.Events) == 0:
		return nil, ErrNoEvents
	case len(c.Events) > MaxEvents:
		return nil, ErrTooMany
	}
	for _, e := range c.Events {
		if e.Start.IsZero() {
			return nil, ErrUndated
		}
	}
	lanes := c.lanes()
	if len(lanes) > MaxLanes {
		return nil, ErrTooManySds
	}
	f, err := font()
	if err != nil {
		return nil, fmt.Errorf("timechart: load font: %w", err)
	}
	r, err := chart.PNG(Width, Height)
	if err != nil {
		return nil, fmt.Errorf("timechart: %w", err)
	}
	r.SetFont(f)
	r.SetDPI(96)
	p := &painter{r: r, lanes: lanes}
	p.draw(c)
	// The picture is encoded here rather than by go-chart's Save, at
	// the fastest compression: a chart is large areas of a few colours,
	// which compress well at any level, and the default level took more
	// time than drawing (40 of 74 ms).
	var iw chart.ImageWriter
	if err := r.Save(&iw); err != nil {
		return nil, fmt.Errorf("timechart: encode: %w", err)
	}
	img, err := iw.Image()
	if err != nil {
		return nil, fmt.Errorf("timechart: encode: %w", err)
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
		return nil, fmt.Errorf("timechart: encode: %w", err)
	}
	return b.Bytes(), nil
}

// lanes returns the lanes in use, in order.
func (c Chart) lanes() []string {
	used := map[string]bool{}
	var extra []string
	for _, e := range c.Events {
		for _, s := range sidesOf(e) {
			if !used[s] && !slices.Contains(c.Lanes, s) && !slices.Contains(extra, s) {
				extra = append(extra, s)
			}
			used[s] = true
		}
	}
	var out []string
	for _, l := range append(slices.Clone(c.Lanes), extra...) {
		if used[l] && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func sidesOf(e Event) []string {
	if len(e.Sides) == 0 {
		return []string{Unassigned}
	}
	return e.Sides
}

// Colours: a light card, dark text, and a lane palette that keeps its
// contrast on the card.
var (
	background = drawing.Color{R: 0xf6, G: 0xf7, B: 0xf9, A: 0xff}
	band       = drawing.Color{R: 0xec, G: 0xee, B: 0xf2, A: 0xff}
	grid       = drawing.Color{R: 0xd0, G: 0xd4, B: 0xdb, A: 0xff}
	ink        = drawing.Color{R: 0x1f, G: 0x23, B: 0x28, A: 0xff}
	muted      = drawing.Color{R: 0x4b, G: 0x55, B: 0x63, A: 0xff}
	connector  = drawing.Color{R: 0x8a, G: 0x93, B: 0xa0, A: 0xff}
	labelCard  = drawing.Color{R: 0xff, G: 0xff, B: 0xff, A: 0xe6}
	palette    = []drawing.Color{
		{R: 0x1d, G: 0x5f, B: 0xc9, A: 0xff}, // blue
		{R: 0xc2, G: 0x41, B: 0x0c, A: 0xff}, // red-orange
		{R: 0x6d, G: 0x28, B: 0xd9, A: 0xff}, // purple
		{R: 0x0f, G: 0x76, B: 0x6e, A: 0xff}, // teal
		{R: 0xa1, G: 0x62, B: 0x07, A: 0xff}, // amber
		{R: 0xbe, G: 0x18, B: 0x5d, A: 0xff}, // pink
		{R: 0x15, G: 0x80, B: 0x3d, A: 0xff}, // green
		{R: 0x47, G: 0x55, B: 0x69, A: 0xff}, // slate
	}
)

// The plot area, in pixels.
const (
	plotLeft   = 150
	plotRight  = Width - 40
	plotTop    = 64
	plotBottom = Height - 60
)
