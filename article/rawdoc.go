package article

import (
	"fmt"
	"strings"
	"time"
)

// rawDoc is what a format parser extracts from one file before cleaning:
// metadata where the format carries it, and the text blocks in reading order.
type rawDoc struct {
	Title string // "" when the format gives none
	// AltTitles are other headlines the page gives (<title>, <h1>, JSON-LD),
	// best first; cleaning scores them with Title and the text's own lines.
	AltTitles []string
	Outlet    string
	URL       string
	Published time.Time // zero when unknown
	Blocks    []string  // paragraphs/headings/list items in order, whitespace-collapsed, no markup
}

// addBlock collapses the whitespace of s and appends it to d.Blocks unless
// nothing is left.
func (d *rawDoc) addBlock(s string) {
	if s = strings.Join(strings.Fields(s), " "); s != "" {
		d.Blocks = append(d.Blocks, s)
	}
}

// setPublished parses s, the value of key, as a date and stores it in
// d.Published: YYYY-MM-DD, RFC 3339 ("2006-01-02T15:04:05-07:00", with or
// without the colon in the offset, with a space for the T), the same without
// a zone (read as UTC), or RFC 1123 as in RSS. An empty s leaves Published
// zero; an error names key.
func (d *rawDoc) setPublished(key, s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, layout := range [...]string{
		time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04",
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 Z07:00", "2006-01-02 15:04:05", "2006-01-02 15:04",
		"2006-01-02", time.RFC1123Z, time.RFC1123,
	} {
		if t, err := time.Parse(layout, s); err == nil {
			d.Published = t
			return nil
		}
	}
	return fmt.Errorf("parse %s %q: want YYYY-MM-DD or RFC 3339", key, s)
}
