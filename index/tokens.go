package index

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a text, with its byte span.
type token struct {
	text       string // as written, without a possessive ’s
	lower      string
	start, end int    // byte span of text in the source
	capital    bool   // starts with an upper-case letter
	possessive bool   // followed by ’s or '
	before     string // the text between the previous token and this one
}

// tokenize splits text into words: runs of letters and digits, with inner
// apostrophes, hyphens and dots ("O’Sullivan", "28-point", "U.S.") kept. A
// trailing possessive ’s is cut off and noted.
func tokenize(text string) []token {
	var out []token
	i, prevEnd := 0, 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		end := i
		for j := i; j < len(text); {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if isWordRune(r2) {
				j += s2
				end = j
				continue
			}
			if strings.ContainsRune("’'-.", r2) && j+s2 < len(text) {
				r3, _ := utf8.DecodeRuneInString(text[j+s2:])
				if isWordRune(r3) {
					j += s2
					continue
				}
			}
			break
		}
		t := token{text: text[start:end], start: start, end: end, before: text[prevEnd:start]}
		prevEnd = end
		for _, suffix := range []string{"’s", "'s", "’S", "'S"} {
			if strings.HasSuffix(t.text, suffix) && len(t.text) > len(suffix) {
				t.text = t.text[:len(t.text)-len(suffix)]
				t.possessive = true
				break
			}
		}
		if !t.possessive && end < len(text) && (text[end] == '\'' || strings.HasPrefix(text[end:], "’")) && strings.HasSuffix(t.text, "s") {
			t.possessive = true
		}
		t.lower = strings.ToLower(t.text)
		first, _ := utf8.DecodeRuneInString(t.text)
		t.capital = unicode.IsUpper(first)
		out = append(out, t)
		i = end
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordsOf returns the lower-case words of s.
func wordsOf(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.lower
	}
	return out
}

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
	key := strings.Join(wordsOf(name), " ")
	for _, t := range lx.Topics {
		if key == strings.Join(wordsOf(t.ID), " ") || key == strings.Join(wordsOf(t.Name), " ") {
			return t, true
		}
	}
	for _, t := range lx.Topics {
		for _, a := range t.Aliases {
			if key == strings.Join(wordsOf(a), " ") {
				return t, true
			}
		}
	}
	return Topic{}, false
}
