package extract

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/talksbot/talksbot/article"
)

// topicsByRegexp is how topics were found before the word matcher: one
// regular expression per topic, tried at every position of the text. The
// word matcher must find exactly the same topics.
func topicsByRegexp(topics []Topic) func(string) []string {
	type topicRe struct {
		id string
		re *regexp.Regexp
	}
	var res []topicRe
	for _, t := range topics {
		var alts []string
		for _, k := range t.Keywords {
			if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
				star := strings.HasSuffix(k, "*")
				k = regexp.QuoteMeta(strings.TrimSuffix(k, "*"))
				k = strings.ReplaceAll(k, `\-`, `[- ]`) // QuoteMeta leaves '-' alone: this never applied
				k = strings.ReplaceAll(k, " ", `[\s-]+`)
				if star {
					k += `[\pL\pN]*`
				}
				alts = append(alts, k)
			}
		}
		if len(alts) > 0 {
			res = append(res, topicRe{t.ID, regexp.MustCompile(`(?:^|[^\pL\pN])(?:` + strings.Join(alts, "|") + `)(?:$|[^\pL\pN])`)})
		}
	}
	return func(text string) []string {
		lower := strings.ToLower(text)
		var out []string
		for _, r := range res {
			if r.re.MatchString(lower) {
				out = append(out, r.id)
			}
		}
		return out
	}
}

func TestTopicsOfMatchesRegexps(t *testing.T) {
	lx := testLexicon(t)
	// Keywords the word matcher cannot take go to a regular expression.
	lx.Topics = append(slices.Clone(lx.Topics),
		Topic{ID: "odd", Keywords: []string{"u.s. envoy", "talks  resumed", "-minsk", "black-sea-fleet", "cease fire*"}},
		Topic{ID: "empty", Keywords: []string{" ", ""}})
	lx.topicRes = compileTopics(lx.Topics)
	var texts []string
	for _, dir := range []string{filepath.Join("..", "corpus"), filepath.Join("..", "..", "shared", "real-corpus")} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil || !article.IsFile(e.Name()) {
				continue
			}
			a, err := article.Parse(e.Name(), data)
			if err != nil {
				continue
			}
			texts = append(texts, a.Paragraphs...)
		}
	}
	texts = append(texts, "", "Security—guarantees", "security -- guarantees", "security\tguarantees", "SECURITY-GUARANTEES!",
		"28 points", "28-points", "28  points", "28- point", "the 28-point plan", "portugal", "sea-port", "cease - fire", "cease-fire",
		"ceasefires", "U.S. envoy", "u.s envoy", "talks  resumed", "talks resumed", "pre-minsk", "black-sea-fleet", "black sea fleet",
		"occupied\u00a0areas", "occupied\nareas", "control of", "controlof", "é\u0301sea", "sea\u0301", "\xffsea\xff", "ΣEA sea")
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"sea", "port", "-", " ", "  ", "\t", "28", "point", "points", "security", "guarantee", "s", ",", ".", "é", "\u0301",
		"cease", "fire", "u", "black", "occupied", "areas", "Σ", "'", "’"}
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	if len(texts) < 3050 {
		t.Fatalf("only %d texts", len(texts))
	}
	byRegexp := topicsByRegexp(lx.Topics)
	for _, text := range texts {
		if got, want := lx.TopicsOf(text), byRegexp(text); !slices.Equal(got, want) {
			t.Errorf("TopicsOf(%q) = %v, the regexps find %v", text, got, want)
		}
	}
}

// BenchmarkTopicsOf compares the word matcher with the regular expressions
// it replaced, on the paragraphs of the default corpus. cpu-ns/op is the
// thread's CPU time, steadier than wall time on a shared machine.
func BenchmarkTopicsOf(b *testing.B) {
	lx, err := LoadLexicon(defaultCorpus(), nil)
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	entries, _ := os.ReadDir(filepath.Join("..", "corpus"))
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("..", "corpus", e.Name()))
		if err != nil || !article.IsFile(e.Name()) {
			continue
		}
		if a, err := article.Parse(e.Name(), data); err == nil {
			texts = append(texts, a.Paragraphs...)
		}
	}
	byRegexp := topicsByRegexp(lx.Topics)
	for _, c := range []struct {
		name string
		fn   func(string) []string
	}{{"regexps", byRegexp}, {"words", lx.TopicsOf}} {
		b.Run(c.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			start := threadCPU()
			for i := 0; i < b.N; i++ {
				c.fn(texts[i%len(texts)])
			}
			b.ReportMetric(float64(threadCPU()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

func threadCPU() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
