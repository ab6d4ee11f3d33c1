package timechart

import (
	"bytes"
	"errors"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var write = flag.String("write", "", "also write the sample charts as PNG files to this folder, to look at")

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// sample is a short season of talks, some of them close together.
func sample() Chart {
	return Chart{
		Title: "Meetings in the articles, 23 Nov – 20 Dec 2025",
		Lanes: []string{"Ukraine", "Russia", "US", "Europe"},
		Events: []Event{
			{Start: date("2025-11-23"), Place: "Geneva", People: []string{"Rubio", "Yermak", "Witkoff", "Umerov"}, Sides: []string{"US", "Ukraine"}},
			{Start: date("2025-11-30"), Place: "Hallandale Beach, Florida", People: []string{"Umerov", "Witkoff"}, Sides: []string{"Ukraine", "US"}},
			{Start: date("2025-12-02"), Place: "the Kremlin, Moscow", People: []string{"Putin", "Witkoff", "Kushner"}, Sides: []string{"Russia", "US"}},
			{Start: date("2025-12-03"), End: date("2025-12-04"), Place: "Brussels", People: []string{"Rutte"}, Sides: []string{"Europe", "Ukraine"}},
			{Start: date("2025-12-15"), Place: "Berlin", People: []string{"Merz", "Zelensky", "Witkoff"}, Sides: []string{"Europe", "Ukraine", "US"}},
			{Start: date("2025-12-20"), Place: "Miami", People: []string{"Umerov", "Witkoff", "Kushner"}, Sides: []string{"Ukraine", "US"}},
			{Start: date("2025-12-20"), Place: "Miami", People: []string{"Dmitriev"}, Sides: []string{"Russia", "US"}},
			{Start: date("2025-12-06"), Place: "Somewhere", Sides: nil},
		},
	}
}

// spread is a year and more of monthly meetings.
func spread() Chart {
	c := Chart{Title: "A long season", Lanes: []string{"Ukraine", "Russia"}}
	for i := range 20 {
		c.Events = append(c.Events, Event{Start: date("2025-01-10").AddDate(0, i, i%5), Place: "Istanbul", People: []string{"Medinsky", "Umerov"}, Sides: []string{"Russia", "Ukraine"}})
	}
	return c
}

func TestPNG(t *testing.T) {
	for name, c := range map[string]Chart{"sample": sample(), "spread": spread(),
		"one": {Title: "One", Events: []Event{{Start: date("2026-01-22"), Place: "Davos", Sides: []string{"US"}}}}} {
		t.Run(name, func(t *testing.T) {
			b, err := c.PNG()
			if err != nil {
				t.Fatal(err)
			}
			if *write != "" {
				os.WriteFile(filepath.Join(*write, name+".png"), b, 0o644)
			}
			again, _ := c.PNG()
			if !bytes.Equal(b, again) {
				t.Error("PNG() gave different bytes for the same chart")
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("PNG() does not decode: %v", err)
			}
			if got := img.Bounds(); got != image.Rect(0, 0, Width, Height) {
				t.Errorf("PNG() is %v, want %d×%d", got, Width, Height)
			}
			p := &painter{lanes: c.lanes()}
			for i, lane := range p.lanes {
				if n := marked(img, p.laneY(i)); n == 0 {
					t.Errorf("lane %q (y=%d) has no marker", lane, p.laneY(i))
				}
			}
		})
	}
}

// marked counts the pixels of lane colours along row y.
func marked(img image.Image, y int) int {
	n := 0
	for x := plotLeft; x < plotRight; x++ {
		r, g, b, _ := img.At(x, y).RGBA()
		for _, c := range palette {
			cr, cg, cb, _ := c.RGBA()
			if near(r, cr) && near(g, cg) && near(b, cb) {
				n++
			}
		}
	}
	return n
}

func near(a, b uint32) bool { return a>>8 <= b>>8+8 && b>>8 <= a>>8+8 }

func TestPNGRefuses(t *testing.T) {
	many := Chart{}
	for range MaxEvents + 1 {
		many.Events = append(many.Events, Event{Start: date("2025-01-01"), Sides: []string{"US"}})
	}
	wide := Chart{}
	for i := range MaxLanes + 1 {
		wide.Events = append(wide.Events, Event{Start: date("2025-01-01"), Sides: []string{string(rune('A' + i))}})
	}
	for _, tt := range []struct {
		name string
		c    Chart
		want error
	}{
		{"none", Chart{}, ErrNoEvents},
		{"too many", many, ErrTooMany},
		{"undated", Chart{Events: []Event{{Place: "Geneva"}}}, ErrUndated},
		{"too many lanes", wide, ErrTooManySds},
	} {
		if _, err := tt.c.PNG(); !errors.Is(err, tt.want) {
			t.Errorf("PNG() of %s = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		first    string
	}{
		{"2025-11-20", "2025-11-27", "21 Nov 2025"},
		{"2025-11-01", "2025-12-20", "3 Nov 2025"},
		{"2025-01-01", "2025-12-31", "Feb 2025"},
		{"2020-01-01", "2025-12-31", "2021"},
	} {
		ts := scale{date(tt.from), date(tt.to)}.ticks()
		if len(ts) == 0 || len(ts) > 9 || ts[0].label != tt.first {
			t.Errorf("ticks(%s, %s) = %v, want at most 9 from %q", tt.from, tt.to, ts, tt.first)
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	c := sample()
	for b.Loop() {
		if _, err := c.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}
