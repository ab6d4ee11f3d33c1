package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/talksbot/talksbot/internal/atomicfile"
	"github.com/talksbot/talksbot/internal/fetch"
)

// State is what polling remembers of each feed of one corpus folder, kept
// in the data folder (it is not for people to edit).
type State struct {
	path  string
	Feeds map[string]*FeedState `json:"feeds"` // by cleaned feed URL
}

// FeedState is what polling remembers of one feed.
type FeedState struct {
	Validators fetch.Conditional `json:"validators"`
	LastPoll   time.Time         `json:"last_poll"`
	LastError  string            `json:"last_error,omitempty"`
	Added      int               `json:"added"`   // articles added, all polls together
	Skipped    int               `json:"skipped"` // entries skipped, all polls together
	Entries    int               `json:"entries"` // entries handled, all polls together
	// Seen are the GUIDs and links of entries handled, with when.
	Seen map[string]time.Time `json:"seen"`
}

// maxSeen bounds the entries remembered per feed; the oldest go first.
const maxSeen = 5000

// LoadState reads the polling state of corpus folder corpusDir from
// dataDir; a missing file is an empty state.
func LoadState(dataDir, corpusDir string) (*State, error) {
	abs, err := filepath.Abs(corpusDir)
	if err != nil {
		return nil, fmt.Errorf("load feed state: %w", err)
	}
	sum := sha256.Sum256([]byte(abs))
	s := &State{path: filepath.Join(dataDir, "feeds", hex.EncodeToString(sum[:8])+".json"), Feeds: map[string]*FeedState{}}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err == nil {
		err = json.Unmarshal(data, s)
	}
	if err != nil {
		return nil, fmt.Errorf("load feed state %s: %w", s.path, err)
	}
	return s, nil
}

// Feed returns the state of feed u, made when missing.
func (s *State) Feed(u string) *FeedState {
	u = CleanURL(u)
	fs := s.Feeds[u]
	if fs == nil {
		fs = &FeedState{}
		s.Feeds[u] = fs
	}
	if fs.Seen == nil {
		fs.Seen = map[string]time.Time{}
	}
	return fs
}

// Save writes the state atomically.
func (s *State) Save() error {
	for _, fs := range s.Feeds {
		fs.trim()
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("save feed state: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("save feed state: %w", err)
	}
	return atomicfile.Write(s.path, data, 0o644)
}

// trim forgets the oldest entries beyond maxSeen.
func (fs *FeedState) trim() {
	for len(fs.Seen) > maxSeen {
		var oldest string
		for k, t := range fs.Seen {
			if oldest == "" || t.Before(fs.Seen[oldest]) {
				oldest = k
			}
		}
		delete(fs.Seen, oldest)
	}
}
