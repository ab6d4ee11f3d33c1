package bot

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/talksbot/talksbot/handlers"
)

// maxCached bounds the answers kept.
const maxCached = 2048

// answers caches answers per question for the index being served: many
// members ask the same few questions (/who-attended, a topic's position),
// and a cached answer costs nothing while a fresh one searches the index.
// The cache empties itself whenever the index changes.
type answers struct {
	h     *handlers.Handlers
	built func() time.Time // when the index being served was built

	// recent are the questions answered lately, for vote buttons.
	recent bounded[handlers.Request] // by handlers.VoteKey

	mu    sync.Mutex
	gen   time.Time
	items map[string]handlers.Answer
}

func newAnswers(h *handlers.Handlers, built func() time.Time) *answers {
	return &answers{h: h, built: built, items: map[string]handlers.Answer{}, recent: bounded[handlers.Request]{max: maxRecent}}
}

// answer answers req from the cache or from the handlers. Errors are not
// cached. The returned answer is shared: callers must not change it.
func (c *answers) answer(ctx context.Context, req handlers.Request) (handlers.Answer, error) {
	key := requestKey(req)
	c.recent.put(handlers.VoteKey(req), req)
	gen := c.built()
	c.mu.Lock()
	if !gen.Equal(c.gen) {
		c.gen, c.items = gen, map[string]handlers.Answer{}
	}
	a, ok := c.items[key]
	c.mu.Unlock()
	if ok {
		return a, nil
	}
	a, err := c.h.Answer(ctx, req)
	if err != nil {
		return a, err
	}
	c.mu.Lock()
	if gen.Equal(c.gen) {
		if len(c.items) >= maxCached {
			c.items = map[string]handlers.Answer{}
		}
		c.items[key] = a
	}
	c.mu.Unlock()
	return a, nil
}

// requestKey identifies a question: its command, options, page and
// privacy (which changes the reply's flags).
func requestKey(req handlers.Request) string {
	names := make([]string, 0, len(req.Options))
	for k := range req.Options {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(req.Command)
	for _, k := range names {
		b.WriteString("\x00" + k + "=" + strings.ToLower(strings.TrimSpace(req.Options[k])))
	}
	b.WriteString("\x00p=" + strconv.Itoa(req.Page) + "\x00q=" + req.Question)
	if req.Private {
		b.WriteString("\x00private")
	}
	return b.String()
}
