package intake

import (
	"regexp"
	"strings"

	"github.com/talksbot/talksbot/extract"
)

// Judge tells whether a text is about the corpus's subject, from the
// lexicon's people and topics. A place name alone never makes a text
// relevant: places are not looked for, and a topic keyword that is a place
// ("Crimea") gives one topic, where two are needed.
type Judge struct {
	lx     *extract.Lexicon
	people []personMatcher
}

type personMatcher struct {
	name string
	re   *regexp.Regexp
}

// minTopics is how many topics a text needs without a person.
const minTopics = 2

// NewJudge returns a Judge of lx's people and topics.
func NewJudge(lx *extract.Lexicon) *Judge {
	j := &Judge{lx: lx}
	for _, p := range lx.People {
		var alts []string
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if n = strings.TrimSpace(n); n != "" {
				alts = append(alts, regexp.QuoteMeta(n))
			}
		}
		// The surname alone, capitalised, as the people file promises.
		if f := strings.Fields(p.Name); len(f) > 1 && len([]rune(f[len(f)-1])) >= 4 {
			alts = append(alts, "(?-i:"+regexp.QuoteMeta(f[len(f)-1])+")")
		}
		if len(alts) == 0 {
			continue
		}
		re := regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:` + strings.Join(alts, "|") + `)(?:$|[^\pL\pN])`)
		j.people = append(j.people, personMatcher{name: p.Name, re: re})
	}
	return j
}

// About returns why text is about the corpus's subject ("names Steve
// Witkoff", "topics territory, ceasefire"), or "" when it is not.
func (j *Judge) About(text string) string {
	for _, p := range j.people {
		if p.re.MatchString(text) {
			return "names " + p.name
		}
	}
	if ts := j.lx.TopicsOf(text); len(ts) >= minTopics {
		return "topics " + strings.Join(ts, ", ")
	}
	return ""
}
