package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// datedHandlers answers from testdata/timeline-corpus, whose articles
// report dated meetings (the default corpus dates none).
func datedHandlers(t *testing.T) *Handlers {
	t.Helper()
	ix, err := index.Open(t.TempDir(), corpus.Source{Dir: os.DirFS(filepath.Join("testdata", "timeline-corpus")), Fallback: corpus.FS(), Key: "timeline-corpus"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return New(ix)
}

// TestTimelineGolden keeps the text of /timeline on dated meetings, and
// checks that its chart is attached, shown by the embed, and a PNG.
func TestTimelineGolden(t *testing.T) {
	h := datedHandlers(t)
	for name, line := range map[string]string{
		"timeline-dated":  "/timeline",
		"timeline-person": "/timeline person:Kushner from:Dec 2025",
	} {
		a := answerLine(t, h, line)
		if len(a.Files) != 1 || a.Files[0].Name != ChartName || a.Files[0].ContentType != "image/png" {
			t.Fatalf("%s: files = %v, want the chart", line, a.Files)
		}
		if _, err := png.Decode(bytes.NewReader(a.Files[0].Data)); err != nil {
			t.Errorf("%s: the chart does not decode: %v", line, err)
		}
		if img := a.Reply.Embeds[0].Image; img == nil || img.URL != "attachment://"+ChartName {
			t.Errorf("%s: embed image = %+v, want attachment://%s", line, img, ChartName)
		}
		if a.Reply.Files != nil {
			t.Errorf("%s: Reply.Files is set; files travel in Answer.Files", line)
		}
		checkGolden(t, name, line, a.Reply)
	}
}

func TestTimelineFilters(t *testing.T) {
	h := datedHandlers(t)
	tests := []struct {
		line    string
		places  []string // in the description, in this order
		missing []string
		files   int
	}{
		{"/timeline", []string{"Geneva", "Moscow", "Berlin", "Miami"}, nil, 1},
		{"/timeline person:Witkoff", []string{"Geneva", "Moscow", "Berlin", "Miami"}, nil, 1},
		{"/timeline person:Steve Witkoff to:1 Dec 2025", []string{"Geneva"}, []string{"Moscow"}, 1},
		{"/timeline from:2025-12-02 to:2025-12-15", []string{"Moscow", "Berlin"}, []string{"Geneva", "Miami"}, 1},
		{"/timeline from:2026", []string{"No meeting"}, []string{"Geneva"}, 0},
		{"/timeline person:Nobody Atall", []string{"No meeting", "in the room"}, nil, 0},
	}
	for _, tt := range tests {
		a := answerLine(t, h, tt.line)
		d := a.Reply.Embeds[0].Description
		at := 0
		for _, p := range tt.places {
			i := strings.Index(d[at:], p)
			if i < 0 {
				t.Errorf("%s: description lacks %q after position %d:\n%s", tt.line, p, at, d)
				break
			}
			at += i
		}
		for _, p := range tt.missing {
			if strings.Contains(d, p) {
				t.Errorf("%s: description has %q:\n%s", tt.line, p, d)
			}
		}
		if len(a.Files) != tt.files {
			t.Errorf("%s: %d files, want %d", tt.line, len(a.Files), tt.files)
		}
	}
}

func TestTimelineRefusesUnreadableDates(t *testing.T) {
	h := newHandlers(t)
	for _, line := range []string{"/timeline from:yesterday", "/timeline to:November", "/timeline from:2026 to:2025", "/timeline from:soon"} {
		req, err := h.ParseCommandLine(line)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.Answer(context.Background(), req); !errors.Is(err, ErrBadRequest) {
			t.Errorf("%s: error = %v, want ErrBadRequest", line, err)
		}
	}
}

// TestTimelinePages checks that a long timeline is listed ten lines to a
// page, every page within Discord's limits and carrying the chart.
func TestTimelinePages(t *testing.T) {
	r := result{title: "Timeline", summary: "s", listing: true, perPage: linesPerPage,
		files: []File{{Name: ChartName, ContentType: "image/png", Data: []byte("png")}}}
	for i := range 25 {
		r.items = append(r.items, item{value: strings.Repeat("x", 390) + string(rune('a'+i))})
	}
	for page, lines := range []int{10, 10, 5} {
		d := r.render(Request{Command: "timeline", Page: page})
		assertWithinLimits(t, d)
		if got := strings.Count(d.Embeds[0].Description, "\n") - 1; got != lines {
			t.Errorf("page %d has %d lines, want %d", page, got, lines)
		}
		if len(d.Embeds[0].Fields) != 0 || d.Embeds[0].Image == nil {
			t.Errorf("page %d: %d fields, image %v; want lines and the chart", page, len(d.Embeds[0].Fields), d.Embeds[0].Image)
		}
		if more := hasMore(d); more != (page < 2) {
			t.Errorf("page %d: More button = %v", page, more)
		}
	}
}

func TestFileJSONListsNoContent(t *testing.T) {
	b, err := json.Marshal(File{Name: ChartName, ContentType: "image/png", Data: make([]byte, 1234)})
	if err != nil || string(b) != `{"name":"timeline.png","content_type":"image/png","bytes":1234}` {
		t.Errorf("json.Marshal(File) = %s, %v", b, err)
	}
}
