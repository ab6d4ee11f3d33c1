package timechart

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// painter draws one chart on a renderer.
type painter struct {
	r      chart.Renderer
	lanes  []string
	sc     scale
	placed []box // labels and markers drawn so far, which labels never cover
	// soft are connectors and the space above and below markers, which
	// labels avoid unless there is no other room.
	soft []box
}

// box is a rectangle in pixels.
type box struct{ l, t, r, b int }

func (a box) overlaps(b box) bool { return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b }

func (p *painter) draw(c Chart) {
	p.sc = newScale(c.Events)
	p.rect(box{0, 0, Width, Height}, background)
	p.text(c.Title, 24, 38, 15, ink)
	p.lanesAndAxis()
	events := slices.Clone(c.Events)
	slices.SortStableFunc(events, func(a, b Event) int { return a.Start.Compare(b.Start) })
	for _, e := range events {
		p.event(e)
	}
	for _, e := range events {
		p.label(e)
	}
}

// laneY is the centre line of lane i.
func (p *painter) laneY(i int) int {
	h := float64(plotBottom-plotTop) / float64(len(p.lanes))
	return plotTop + int(h*(float64(i)+0.5))
}

func (p *painter) lanesAndAxis() {
	h := (plotBottom - plotTop) / len(p.lanes)
	for i := range p.lanes {
		if i%2 == 1 {
			p.rect(box{plotLeft, plotTop + i*h, plotRight, plotTop + (i+1)*h}, band)
		}
	}
	for _, t := range p.sc.ticks() {
		x := p.sc.x(t.at)
		p.line(x, plotTop, x, plotBottom+6, grid, 1)
		w := p.measure(t.label, 11)
		p.text(t.label, x-w/2, plotBottom+24, 11, muted)
	}
	p.line(plotLeft, plotBottom, plotRight, plotBottom, muted, 1)
	for i, name := range p.lanes {
		y := p.laneY(i)
		p.line(plotLeft, y, plotRight, y, grid, 1)
		name = cut(name, 16)
		w := p.measure(name, 13)
		p.text(name, plotLeft-14-w, y+5, 13, colour(i))
	}
}

// event marks e on the lanes of its sides, joined by a line, with a bar for
// its days when it lasted more than one.
func (p *painter) event(e Event) {
	x := p.sc.x(e.Start)
	x2 := x
	if !e.End.IsZero() {
		x2 = p.sc.x(e.End)
	}
	var ys []int
	for _, s := range sidesOf(e) {
		ys = append(ys, p.laneY(slices.Index(p.lanes, s)))
	}
	if lo, hi := slices.Min(ys), slices.Max(ys); hi > lo {
		p.line(x, lo, x, hi, connector, 2)
		p.soft = append(p.soft, box{x - 3, lo, x + 3, hi})
	}
	for _, s := range sidesOf(e) {
		i := slices.Index(p.lanes, s)
		y := p.laneY(i)
		if x2 > x {
			p.line(x, y, x2, y, colour(i), 6)
		}
		p.dot(x, y, 7, colour(i))
		// A label just above or below a marker would be read as its event's.
		p.placed = append(p.placed, box{x - 8, y - 8, max(x, x2) + 8, y + 8})
		p.soft = append(p.soft, box{x - 8, y - 26, max(x, x2) + 8, y + 26})
	}
}

// label writes the place and people of e beside one of its markers, at
// the first spot that covers no other label, marker or connector; with no
// such spot it tries the place alone, then both again over connectors, and
// else leaves the event unlabelled (the reply's text lists every event).
func (p *painter) label(e Event) {
	x := p.sc.x(e.Start)
	place := cut(e.Place, 28)
	people := peopleLine(e.People)
	for attempt, lines := range [][]string{{place, people}, {place}, {place, people}, {place}} {
		strict := attempt < 2
		if lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		w := 0
		for i, l := range lines {
			w = max(w, p.measure(l, sizeOf(i)))
		}
		h := 16*len(lines) + 4
		// Right of a marker first, on any lane, then left: a label on the
		// left is read as the previous event's.
		var spots []box
		var marks []int // the marker each spot is beside, by its y
		for _, right := range []bool{true, false} {
			for _, s := range sidesOf(e) {
				y := p.laneY(slices.Index(p.lanes, s))
				marks = append(marks, y, y)
				l := x + 10
				if !right {
					l = x - 18 - w
				}
				spots = append(spots, box{l, y - 10 - h, l + w + 8, y - 10}, box{l, y + 10, l + w + 8, y + 10 + h})
			}
		}
		for k, b := range spots {
			if !p.free(b, strict) {
				continue
			}
			// A leader from the marker to the label's nearest corner.
			cx, cy := b.l, b.t
			if b.r <= x {
				cx = b.r
			}
			if b.b <= marks[k] {
				cy = b.b
			}
			p.line(x, marks[k], cx, cy, connector, 1.5)
			p.rect(b, labelCard)
			for i, l := range lines {
				col := ink
				if i > 0 {
					col = muted
				}
				p.text(l, b.l+4, b.t+15+16*i, sizeOf(i), col)
			}
			p.placed = append(p.placed, b)
			return
		}
	}
}

func sizeOf(line int) float64 {
	if line == 0 {
		return 11.5
	}
	return 10.5
}

// free tells whether b is inside the plot and clear of everything placed,
// and if strict of the soft obstacles too.
func (p *painter) free(b box, strict bool) bool {
	if b.l < plotLeft+2 || b.r > Width-4 || b.t < plotTop+2 || b.b > plotBottom-2 {
		return false
	}
	obstacles := p.placed
	if strict {
		obstacles = append(slices.Clone(p.placed), p.soft...)
	}
	for _, o := range obstacles {
		if b.overlaps(o) {
			return false
		}
	}
	return true
}

// peopleLine is "Rubio, Yermak, Witkoff +2".
func peopleLine(people []string) string {
	n := min(len(people), 3)
	s := strings.Join(people[:n], ", ")
	if len(people) > n {
		s += fmt.Sprintf(" +%d", len(people)-n)
	}
	return cut(s, 36)
}

func colour(lane int) drawing.Color { return palette[lane%len(palette)] }

func (p *painter) rect(b box, c drawing.Color) {
	p.r.ResetStyle()
	p.r.SetFillColor(c)
	p.r.MoveTo(b.l, b.t)
	p.r.LineTo(b.r, b.t)
	p.r.LineTo(b.r, b.b)
	p.r.LineTo(b.l, b.b)
	p.r.Close()
	p.r.Fill()
}

func (p *painter) line(x1, y1, x2, y2 int, c drawing.Color, width float64) {
	p.r.ResetStyle()
	p.r.SetStrokeColor(c)
	p.r.SetStrokeWidth(width)
	p.r.MoveTo(x1, y1)
	p.r.LineTo(x2, y2)
	p.r.Stroke()
}

// dot is a filled circle with a ring of the background, so that markers on
// a line stand out.
func (p *painter) dot(x, y int, radius float64, c drawing.Color) {
	p.r.ResetStyle()
	p.r.SetFillColor(c)
	p.r.SetStrokeColor(background)
	p.r.SetStrokeWidth(2)
	p.r.Circle(radius, x, y)
	p.r.FillStroke()
}

// text writes s with its baseline at y.
func (p *painter) text(s string, x, y int, size float64, c drawing.Color) {
	p.r.ResetStyle()
	p.r.SetFontSize(size)
	p.r.SetFontColor(c)
	p.r.Text(s, x, y)
}

func (p *painter) measure(s string, size float64) int {
	p.r.ResetStyle()
	p.r.SetFontSize(size)
	return p.r.MeasureText(s).Width()
}

// cut shortens s to n characters, ending with an ellipsis when cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n-1])) + "…"
}
