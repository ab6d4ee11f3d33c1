package extract

import (
	"regexp"
	"strings"

	"github.com/talksbot/talksbot/internal/prose"
)

// topicMatcher finds a topic's keywords in lower-case text.
type topicMatcher struct {
	id string
	re *regexp.Regexp
}

func compileTopics(topics []Topic) []topicMatcher {
	var out []topicMatcher
	for _, t := range topics {
		var alts []string
		for _, k := range t.Keywords {
			k = strings.ToLower(strings.TrimSpace(k))
			if k == "" {
				continue
			}
			star := strings.HasSuffix(k, "*")
			k = regexp.QuoteMeta(strings.TrimSuffix(k, "*"))
			k = strings.ReplaceAll(k, `\-`, `[- ]`)
			k = strings.ReplaceAll(k, " ", `[\s-]+`)
			if star {
				k += `[\pL\pN]*`
			}
			alts = append(alts, k)
		}
		if len(alts) == 0 {
			continue
		}
		re := regexp.MustCompile(`(?:^|[^\pL\pN])(?:` + strings.Join(alts, "|") + `)(?:$|[^\pL\pN])`)
		out = append(out, topicMatcher{id: t.ID, re: re})
	}
	return out
}

// TopicsOf returns the ids of the topics text is about, in the order of the
// topics file.
func (lx *Lexicon) TopicsOf(text string) []string {
	lower := strings.ToLower(text)
	var out []string
	for _, m := range lx.topicRes {
		if m.re.MatchString(lower) {
			out = append(out, m.id)
		}
	}
	return out
}

// TopicByName finds a topic by id, name or alias, case-insensitively.
func (lx *Lexicon) TopicByName(name string) (Topic, bool) {
	key := strings.Join(prose.Words(name), " ")
	for _, t := range lx.Topics {
		if key == strings.Join(prose.Words(t.ID), " ") || key == strings.Join(prose.Words(t.Name), " ") {
			return t, true
		}
	}
	for _, t := range lx.Topics {
		for _, a := range t.Aliases {
			if key == strings.Join(prose.Words(a), " ") {
				return t, true
			}
		}
	}
	return Topic{}, false
}
