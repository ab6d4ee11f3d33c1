package extract

import (
	"encoding/json"
	"time"
)

// reportJSON is a MeetingReport as it is saved beside an index, so that
// adding an article can group the meetings of every article again without
// reading the others (see index's incremental add).
type reportJSON struct {
	Article   string          `json:"article"`
	City      string          `json:"city,omitempty"`
	Region    string          `json:"region,omitempty"`
	Venue     string          `json:"venue,omitempty"`
	From      time.Time       `json:"from,omitzero"`
	To        time.Time       `json:"to,omitzero"`
	Ordinal   int             `json:"ordinal,omitempty"`
	Sides     []string        `json:"sides,omitempty"`
	Attendees []attendeeJSON  `json:"attendees,omitempty"`
	Absent    map[string]bool `json:"absent,omitempty"`
	Passages  []string        `json:"passages,omitempty"`
	Groups    []string        `json:"groups,omitempty"`
	Published time.Time       `json:"published,omitzero"`
	Sentences int             `json:"sentences,omitempty"`
	Headline  bool            `json:"headline,omitempty"`
}

type attendeeJSON struct {
	Attendee
	Strength int `json:"strength,omitempty"`
}

// MarshalJSON saves every field of the report, the unexported ones too.
func (r MeetingReport) MarshalJSON() ([]byte, error) {
	j := reportJSON{Article: r.article, City: r.city, Region: r.region, Venue: r.venue, From: r.from, To: r.to,
		Ordinal: r.ordinal, Sides: r.sides, Absent: r.absent, Passages: r.passages, Groups: r.groups,
		Published: r.published, Sentences: r.sentences, Headline: r.headline}
	for _, a := range r.attendees {
		j.Attendees = append(j.Attendees, attendeeJSON{Attendee: a, Strength: a.strength})
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads a report MarshalJSON saved.
func (r *MeetingReport) UnmarshalJSON(data []byte) error {
	var j reportJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*r = MeetingReport{article: j.Article, city: j.City, region: j.Region, venue: j.Venue, from: j.From, to: j.To,
		ordinal: j.Ordinal, sides: j.Sides, absent: j.Absent, passages: j.Passages, groups: j.Groups,
		published: j.Published, sentences: j.Sentences, headline: j.Headline}
	for _, a := range j.Attendees {
		a.Attendee.strength = a.Strength
		r.attendees = append(r.attendees, a.Attendee)
	}
	return nil
}
