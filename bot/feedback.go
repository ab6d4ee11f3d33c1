package bot

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"sync"
	"time"

	"github.com/talksbot/talksbot/handlers"
)

// Feedback is kept in the data folder:
//
//   - FeedbackFile, one JSON object a line (FeedbackLine), appended to at
//     each vote and moved to feedback.1.jsonl (replacing the one before)
//     when it would pass MaxFeedbackBytes, so the two hold at most twice
//     that;
//   - feedback.key, 32 random bytes made on first use, mode 0600.
//
// No user id is written. A voter is a keyed hash (HMAC-SHA-256 with the
// key) of the answer and the user id: the same member's second press on
// one answer has the same hash, so it replaces their first vote, while
// their votes on two answers have unrelated hashes, so the file cannot be
// used to follow one member from answer to answer, nor, without the key,
// to tell whether a given user voted.
const (
	FeedbackFile     = "feedback.jsonl"
	feedbackOld      = "feedback.1.jsonl"
	feedbackKeyFile  = "feedback.key"
	MaxFeedbackBytes = 8 << 20
	// maxVotesRemembered bounds the latest votes kept in memory to tell a
	// changed vote from a repeated press; past it they are forgotten (the
	// file stays right: the report keeps the latest line of each voter).
	maxVotesRemembered = 200_000
	maxFeedbackLine    = 64 << 10
)

// FeedbackLine is one vote in the feedback file.
type FeedbackLine struct {
	Time     time.Time            `json:"time"`
	Answer   string               `json:"answer"` // handlers.VoteKey of the question
	Voter    string               `json:"voter"`  // keyed hash of the answer and the user id
	Vote     string               `json:"vote"`   // "up" or "down"
	Intent   string               `json:"intent"`
	Question string               `json:"question"`
	Sources  []handlers.SourceOut `json:"sources"`
}

// feedbackLog records votes in a data folder, or only in memory when dir is "".
type feedbackLog struct {
	dir string
	key []byte
	max int64

	mu     sync.Mutex
	latest map[string]string // answer + "/" + voter → vote
}

// openFeedback opens the feedback of the data folder dir, making the
// folder and its key when missing; "" keeps votes in memory only.
func openFeedback(dir string) (*feedbackLog, error) {
	f := &feedbackLog{dir: dir, max: MaxFeedbackBytes, latest: map[string]string{}}
	if dir == "" {
		f.key = make([]byte, 32)
		rand.Read(f.key) // never fails (crypto/rand)
		return f, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
	}
	key, err := feedbackKey(filepath.Join(dir, feedbackKeyFile))
	if err != nil {
		return nil, err
	}
	f.key = key
	_, err = readFeedback(dir, func(l FeedbackLine) { f.remember(l.Answer+"/"+l.Voter, l.Vote) })
	if err != nil {
		return nil, err
	}
	return f, nil
}

// feedbackKey reads the key at path, or makes it: written whole to a
// temporary file, then linked into place, so that two processes starting
// at once agree on one key and none reads a part.
func feedbackKey(path string) ([]byte, error) {
	for range 2 {
		raw, err := os.ReadFile(path)
		if err == nil {
			key, err := hex.DecodeString(string(raw))
			if err != nil || len(key) != 32 {
				return nil, fmt.Errorf("feedback: %s is damaged (want 64 hex digits); remove it to make a new one (the votes already recorded then count apart from new ones)", path)
			}
			return key, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("feedback: %w", err)
		}
		key := make([]byte, 32)
		rand.Read(key)
		tmp, err := os.CreateTemp(filepath.Dir(path), ".feedback-key-*")
		if err != nil {
			return nil, fmt.Errorf("feedback: %w", err)
		}
		_, werr := tmp.WriteString(hex.EncodeToString(key))
		cerr := tmp.Close()
		if werr == nil && cerr == nil {
			os.Chmod(tmp.Name(), 0o600)
			werr = os.Link(tmp.Name(), path)
		}
		os.Remove(tmp.Name())
		switch {
		case werr == nil && cerr == nil:
			return key, nil
		case errors.Is(werr, fs.ErrExist):
			continue // another process made it first: read theirs
		case werr != nil:
			return nil, fmt.Errorf("feedback: %w", werr)
		default:
			return nil, fmt.Errorf("feedback: %w", cerr)
		}
	}
	return nil, fmt.Errorf("feedback: cannot read or make %s", path)
}

// voter is the keyed hash that stands for user's vote on answer.
func (f *feedbackLog) voter(answer, user string) string {
	m := hmac.New(sha256.New, f.key)
	m.Write([]byte("talksbot vote\x00" + answer + "\x00" + user))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

func (f *feedbackLog) remember(k, vote string) {
	if _, ok := f.latest[k]; !ok && len(f.latest) >= maxVotesRemembered {
		f.latest = map[string]string{}
	}
	f.latest[k] = vote
}

// record stores user's vote l (whose Voter it fills in) unless it is the
// vote they last cast on this answer. It returns that last vote, "" for a
// first vote.
func (f *feedbackLog) record(l FeedbackLine, user string) (previous string, err error) {
	l.Voter = f.voter(l.Answer, user)
	k := l.Answer + "/" + l.Voter
	f.mu.Lock()
	defer f.mu.Unlock()
	previous = f.latest[k]
	if previous == l.Vote {
		return previous, nil
	}
	if f.dir != "" {
		if err := f.append(l); err != nil {
			return previous, err
		}
	}
	f.remember(k, l.Vote)
	return previous, nil
}

// append adds l as one line with one write to a file opened for
// appending, so that lines of concurrent writers never interleave; a file
// that would pass f.max is first moved aside.
func (f *feedbackLog) append(l FeedbackLine) error {
	line, err := json.Marshal(l)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	path := filepath.Join(f.dir, FeedbackFile)
	if st, err := os.Stat(path); err == nil && st.Size()+int64(len(line)) > f.max {
		if err := os.Rename(path, filepath.Join(f.dir, feedbackOld)); err != nil {
			return fmt.Errorf("feedback: rotate: %w", err)
		}
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	_, err = file.Write(line)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	return nil
}

// readFeedback calls each with the lines of the feedback files of dir,
// oldest first, and returns how many lines it skipped as unreadable.
func readFeedback(dir string, each func(FeedbackLine)) (skipped int, err error) {
	for _, name := range []string{feedbackOld, FeedbackFile} {
		file, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return skipped, fmt.Errorf("feedback: %w", err)
		}
		n, err := readFeedbackLines(bufio.NewReader(file), each)
		skipped += n
		file.Close()
		if err != nil {
			return skipped, fmt.Errorf("feedback: %s: %w", name, err)
		}
	}
	return skipped, nil
}

// readFeedbackLines calls each with the good lines of r and returns how
// many it skipped: lines that are not a vote, and lines longer than
// maxFeedbackLine (read past without keeping them), so that one damaged
// line never hides the votes after it. Only a read error stops it.
func readFeedbackLines(r *bufio.Reader, each func(FeedbackLine)) (skipped int, err error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > maxFeedbackLine+1 {
				tooLong, line = true, line[:0]
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return skipped, err
		}
		switch {
		case tooLong:
			skipped++
		case len(bytes.TrimSpace(line)) > 0:
			var l FeedbackLine
			if json.Unmarshal(line, &l) != nil || l.Answer == "" || l.Voter == "" ||
				(l.Vote != handlers.VoteUp && l.Vote != handlers.VoteDown) {
				skipped++
			} else {
				each(l)
			}
		}
		if err != nil { // io.EOF
			return skipped, nil
		}
		line, tooLong = line[:0], false
	}
}

// FeedbackReport sums the votes of a data folder, each member's latest
// vote on an answer counting once.
type FeedbackReport struct {
	Answers, Up, Down int
	Skipped           int // unreadable lines
	ByIntent          []IntentVotes
	// MostDown are the answers with a 👎, most 👎 first (then fewest 👍),
	// at most 10.
	MostDown []AnswerVotes
}

// IntentVotes are the votes on one intent's answers.
type IntentVotes struct {
	Intent   string
	Up, Down int
}

// AnswerVotes are the votes on one answer.
type AnswerVotes struct {
	Answer, Intent, Question string
	Sources                  []handlers.SourceOut
	Up, Down                 int
}

// ReadFeedback reads the feedback recorded in the data folder dir.
func ReadFeedback(dir string) (FeedbackReport, error) {
	latest := map[string]FeedbackLine{}
	var order []string
	skipped, err := readFeedback(dir, func(l FeedbackLine) {
		k := l.Answer + "/" + l.Voter
		if _, ok := latest[k]; !ok {
			order = append(order, k)
		}
		latest[k] = l
	})
	rep := FeedbackReport{Skipped: skipped}
	if err != nil {
		return rep, err
	}
	answers := map[string]*AnswerVotes{}
	intents := map[string]*IntentVotes{}
	for _, k := range order {
		l := latest[k]
		a := answers[l.Answer]
		if a == nil {
			a = &AnswerVotes{Answer: l.Answer}
			answers[l.Answer] = a
		}
		a.Intent, a.Question, a.Sources = l.Intent, l.Question, l.Sources
		iv := intents[l.Intent]
		if iv == nil {
			iv = &IntentVotes{Intent: l.Intent}
			intents[l.Intent] = iv
		}
		if l.Vote == handlers.VoteUp {
			a.Up++
			iv.Up++
			rep.Up++
		} else {
			a.Down++
			iv.Down++
			rep.Down++
		}
	}
	rep.Answers = len(answers)
	for _, iv := range intents {
		rep.ByIntent = append(rep.ByIntent, *iv)
	}
	sort.Slice(rep.ByIntent, func(i, j int) bool {
		a, b := rep.ByIntent[i], rep.ByIntent[j]
		if a.Up+a.Down != b.Up+b.Down {
			return a.Up+a.Down > b.Up+b.Down
		}
		return a.Intent < b.Intent
	})
	for _, a := range answers {
		if a.Down > 0 {
			rep.MostDown = append(rep.MostDown, *a)
		}
	}
	sort.Slice(rep.MostDown, func(i, j int) bool {
		a, b := rep.MostDown[i], rep.MostDown[j]
		switch {
		case a.Down != b.Down:
			return a.Down > b.Down
		case a.Up != b.Up:
			return a.Up < b.Up
		}
		return a.Question < b.Question
	})
	rep.MostDown = rep.MostDown[:min(len(rep.MostDown), 10)]
	return rep, nil
}

// reMentionID is a mention of a user, role or channel in a question: the
// feedback file gets "@someone" instead of the id.
var reMentionID = regexp.MustCompile(`<(@[!&]?|#)\d+>`)

// maxFeedbackQuestion bounds the question written with a vote.
const maxFeedbackQuestion = 500

// vote records a press of a 👍 or 👎 button and tells the voter alone.
func (b *Bot) vote(ctx context.Context, x *exchange, v handlers.Vote) {
	x.ev.Kind, x.ev.Command = "feedback", "unknown"
	// Votes have their own, generous allowance: rating answers must not
	// cost a member their next question.
	if !b.allowBy(x, b.voteCool) {
		return
	}
	req := v.Request
	if req.Command == "" {
		var ok bool
		if req, ok = b.memo.recent.get(v.Key); !ok {
			x.ev.Outcome = "expired"
			x.tell("I no longer know which answer this was; ask again and rate the new answer.")
			return
		}
	}
	req.Page, req.Private = 0, false
	a, err := b.memo.answer(ctx, req)
	if err != nil {
		b.fail(x, err)
		return
	}
	x.ev.Command = a.Intent
	if b.feedback == nil {
		x.ev.Outcome = "off"
		x.tell("Thanks — but feedback is off on this bot just now, so your vote was not recorded.")
		return
	}
	user := userOf(x.i).ID
	if user == "" {
		x.ev.Outcome = "bad-request"
		x.tell("I cannot tell who pressed this; nothing was counted.")
		return
	}
	prev, err := b.feedback.record(FeedbackLine{
		Time: time.Now().UTC().Truncate(time.Second), Answer: v.Key, Vote: v.Vote, Intent: a.Intent,
		Question: cut(reMentionID.ReplaceAllString(req.Text(), "@someone"), maxFeedbackQuestion), Sources: a.Sources(),
	}, user)
	emoji := map[string]string{handlers.VoteUp: "👍", handlers.VoteDown: "👎"}
	switch {
	case err != nil:
		x.ev.Outcome = "error"
		b.log.Error("recording feedback failed", "interaction", x.i.ID, "error", err)
		x.tell("Thanks — but your vote could not be saved. It has been logged (reference " + x.i.ID + ").")
	case prev == v.Vote:
		x.ev.Outcome = "unchanged"
		x.tell("You already gave this answer a " + emoji[v.Vote] + ".")
	case prev != "":
		x.ev.Vote = v.Vote
		x.tell("Changed your vote on this answer to " + emoji[v.Vote] + ". Thank you!")
	default:
		x.ev.Vote = v.Vote
		x.tell("Thanks for the " + emoji[v.Vote] + " — it helps make the answers better.")
	}
}

// maxRecent bounds the questions remembered for their vote buttons.
const maxRecent = 4096
