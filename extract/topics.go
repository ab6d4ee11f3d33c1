package extract

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// topicMatcher finds topics' keywords in lower-case text: whole words
// (a trailing * matches any ending), a space in a keyword matching any run
// of spaces and hyphens, a hyphen only a hyphen. It reads the text's
// words once and looks each up by its first word, rather than trying one
// regular expression per topic at every position (a quarter of the time of
// reading a corpus). Keywords that are not plain words joined by spaces or
// hyphens are matched by a regular expression of the same rules.
type topicMatcher struct {
	ids      []string
	byFirst  map[string][]keyword // a keyword's first word (whole) → keywords
	prefixes []keyword            // one-word keywords with a *
	complex  []*rx.Regexp         // by topic; nil when it has none
}

// keyword is one plain keyword of a topic.
type keyword struct {
	topic int
	words []string
	seps  []byte // between words[i] and words[i+1]: ' ' or '-', as in the keyword
	star  bool   // the last word is a prefix
}

// reKeywordPlain is a keyword the word matcher handles.
var reKeywordPlain = rx.MustCompile(`^[\pL\pN]+(?:[ -][\pL\pN]+)*\*?$`)

func compileTopics(topics []Topic) *topicMatcher {
	m := &topicMatcher{byFirst: map[string][]keyword{}}
	for _, t := range topics {
		ti := len(m.ids)
		var alts []string
		plain := 0
		for _, k := range t.Keywords {
			k = strings.ToLower(strings.TrimSpace(k))
			if k == "" {
				continue
			}
			if reKeywordPlain.MatchString(k) {
				plain++
				m.addPlain(ti, k)
				continue
			}
			alts = append(alts, keywordRegexp(k))
		}
		if len(alts) == 0 && plain == 0 {
			continue
		}
		m.ids = append(m.ids, t.ID)
		var re *rx.Regexp
		if len(alts) > 0 {
			re = rx.MustCompile(`(?:^|[^\pL\pN])(?:` + strings.Join(alts, "|") + `)(?:$|[^\pL\pN])`)
		}
		m.complex = append(m.complex, re)
	}
	return m
}

func (m *topicMatcher) addPlain(topic int, k string) {
	kw := keyword{topic: topic, star: strings.HasSuffix(k, "*")}
	k = strings.TrimSuffix(k, "*")
	start := 0
	for i := 0; i < len(k); i++ {
		if k[i] == ' ' || k[i] == '-' {
			kw.words = append(kw.words, k[start:i])
			kw.seps = append(kw.seps, k[i])
			start = i + 1
		}
	}
	kw.words = append(kw.words, k[start:])
	if kw.star && len(kw.words) == 1 {
		m.prefixes = append(m.prefixes, kw)
		return
	}
	m.byFirst[kw.words[0]] = append(m.byFirst[kw.words[0]], kw)
}

// keywordRegexp is the regular expression of one keyword, for keywords
// that are not plain words.
func keywordRegexp(k string) string {
	star := strings.HasSuffix(k, "*")
	k = regexp.QuoteMeta(strings.TrimSuffix(k, "*"))
	k = strings.ReplaceAll(k, " ", `[\s-]+`)
	if star {
		k += `[\pL\pN]*`
	}
	return k
}

// span is a word of a text: a run of letters and digits.
type span struct{ from, to int }

func wordSpans(text string, buf []span) []span {
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsNumber(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			buf = append(buf, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		buf = append(buf, span{start, len(text)})
	}
	return buf
}

// at reports whether kw occurs in lower at its i-th word.
func (kw keyword) at(lower string, words []span, i int) bool {
	if i+len(kw.words) > len(words) {
		return false
	}
	for j, w := range kw.words {
		got := lower[words[i+j].from:words[i+j].to]
		if kw.star && j == len(kw.words)-1 {
			if !strings.HasPrefix(got, w) {
				return false
			}
		} else if got != w {
			return false
		}
		if j == 0 {
			continue
		}
		sep := lower[words[i+j-1].to:words[i+j].from]
		if kw.seps[j-1] == '-' {
			if sep != "-" {
				return false
			}
			continue
		}
		for k := 0; k < len(sep); k++ {
			switch sep[k] {
			case ' ', '\t', '\n', '\f', '\r', '-':
			default:
				return false
			}
		}
	}
	return true
}

// TopicsOf returns the ids of the topics text is about, in the order of the
// topics file.
func (lx *Lexicon) TopicsOf(text string) []string {
	m := lx.topicRes
	if m == nil || len(m.ids) == 0 {
		return nil
	}
	lower := strings.ToLower(text)
	var spans [64]span
	words := wordSpans(lower, spans[:0])
	var foundBuf [16]bool
	found := foundBuf[:0]
	for range m.ids {
		found = append(found, false)
	}
	for i, w := range words {
		word := lower[w.from:w.to]
		for _, kw := range m.byFirst[word] {
			if !found[kw.topic] && kw.at(lower, words, i) {
				found[kw.topic] = true
			}
		}
		for _, kw := range m.prefixes {
			if !found[kw.topic] && strings.HasPrefix(word, kw.words[0]) {
				found[kw.topic] = true
			}
		}
	}
	var out []string
	for t, id := range m.ids {
		if found[t] || m.complex[t] != nil && m.complex[t].MatchString(lower) {
			out = append(out, id)
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
