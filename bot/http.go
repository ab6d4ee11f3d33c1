package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

const (
	// MaxInteractionBytes bounds the body of an HTTP interaction. Discord's
	// are a few kilobytes; resolved data can make them larger.
	MaxInteractionBytes = 256 << 10
	// maxClockSkew is how far a signed timestamp may be from now.
	maxClockSkew = 5 * time.Minute
	// firstResponseWait is how long the HTTP handler waits for the first
	// response before answering "deferred" itself (Discord waits 3 s).
	firstResponseWait = 2500 * time.Millisecond
)

// InteractionsHandler serves Discord's HTTP interactions (the "Interactions
// Endpoint URL" of the developer portal). Every request must carry a valid
// Ed25519 signature of publicKey over its timestamp and body, and a
// timestamp within 5 minutes of now; anything else is refused before any
// work: 401 for a bad signature, a stale timestamp or a replayed
// interaction, 413 for a body over MaxInteractionBytes, 400 for a body that
// is not an interaction. PING gets PONG; commands are answered by the same
// code as the gateway's, the first response in the HTTP reply and the rest
// through the webhook API. A first response with files (the timeline's
// chart) cannot travel in the JSON reply: the reply defers, and the message
// follows at once as an edit of the original, uploaded as multipart.
func (b *Bot) InteractionsHandler(publicKey ed25519.PublicKey) http.Handler {
	seen := newRecent(maxClockSkew + time.Minute)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received := time.Now() // Discord's 3 s count from here, claim included
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxInteractionBytes+1))
		if err != nil {
			http.Error(w, "cannot read the body", http.StatusBadRequest)
			return
		}
		if len(body) > MaxInteractionBytes {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if !discordgo.VerifyInteraction(r, publicKey) {
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		ts, err := strconv.ParseInt(r.Header.Get("X-Signature-Timestamp"), 10, 64)
		if err != nil || absDuration(time.Since(time.Unix(ts, 0))) > maxClockSkew {
			http.Error(w, "stale or invalid timestamp", http.StatusUnauthorized)
			return
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil || i.Type == 0 {
			http.Error(w, "not an interaction", http.StatusBadRequest)
			return
		}
		if i.Type == discordgo.InteractionPing {
			writeJSON(w, discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
			return
		}
		if i.ID == "" || !seen.add(i.ID) || !b.claim("interaction", i.ID) {
			http.Error(w, "replayed interaction", http.StatusUnauthorized)
			return
		}
		rep := &httpReplier{restReplier: restReplier{s: b.s, i: &i}, first: make(chan *discordgo.InteractionResponse, 1), sent: make(chan error, 1)}
		go b.Handle(withReceipt(context.Background(), received), &i, rep, "http")
		var resp *discordgo.InteractionResponse
		wait := time.NewTimer(firstResponseWait - time.Since(received))
		defer wait.Stop()
		select {
		case resp = <-rep.first:
		case <-wait.C:
			// Too slow to answer in the reply: defer here, and let the
			// handler's answer go out as an edit.
			resp = rep.takeOver()
		case <-r.Context().Done():
			rep.sent <- r.Context().Err()
			return
		}
		rep.sent <- writeJSON(w, resp)
	})
}

// httpReplier sends the first response as the HTTP reply and the rest
// through REST.
type httpReplier struct {
	restReplier
	mu       sync.Mutex
	answered bool // the first response has been given (or taken over)
	deferred bool // the HTTP handler deferred on the handler's behalf
	first    chan *discordgo.InteractionResponse
	sent     chan error
}

func (h *httpReplier) Respond(resp *discordgo.InteractionResponse) error {
	h.mu.Lock()
	if h.answered {
		deferred := h.deferred
		h.mu.Unlock()
		if deferred && resp.Data != nil {
			// The HTTP reply already deferred: this answer becomes the edit.
			return h.Edit(editOf(resp.Data))
		}
		if deferred {
			return nil
		}
		return errors.New("interaction already answered")
	}
	h.answered = true
	if resp.Data != nil && len(resp.Data.Files) > 0 {
		// The HTTP reply is JSON and cannot carry files: defer in it, then
		// send the message with its files as an edit through the webhook.
		h.deferred = true
		h.mu.Unlock()
		h.first <- deferralOf(resp)
		if err := <-h.sent; err != nil {
			return err
		}
		return h.Edit(editOf(resp.Data))
	}
	h.mu.Unlock()
	h.first <- resp
	return <-h.sent
}

// deferralOf is the deferred response that stands for resp, a message
// (type 4, ephemeral as resp is) or an update of a component's message (7).
func deferralOf(resp *discordgo.InteractionResponse) *discordgo.InteractionResponse {
	if resp.Type == discordgo.InteractionResponseUpdateMessage {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	}
	d := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		d.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	return d
}

// takeOver marks the interaction deferred by the HTTP handler itself.
func (h *httpReplier) takeOver() *discordgo.InteractionResponse {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.answered {
		// Respond won the race: its response is in first.
		return <-h.first
	}
	h.answered, h.deferred = true, true
	switch h.i.Type {
	case discordgo.InteractionMessageComponent:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	case discordgo.InteractionApplicationCommandAutocomplete: // cannot be deferred
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}}}
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
}

// editOf turns a message response into an edit of the original that
// replaces all of it (content, embeds, components), with no mentions parsed.
func editOf(d *discordgo.InteractionResponseData) *discordgo.WebhookEdit {
	embeds, components, content := d.Embeds, d.Components, d.Content
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &components, AllowedMentions: quiet(),
		Files: d.Files, Attachments: d.Attachments}
}

// writeJSON writes v and flushes it, so that the reply is on its way to
// Discord before any edit of it is sent.
func writeJSON(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json")
	err := json.NewEncoder(w).Encode(v)
	http.NewResponseController(w).Flush()
	return err
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// recent remembers ids for a while, to refuse replayed interactions.
type recent struct {
	keep time.Duration
	mu   sync.Mutex
	ids  map[string]time.Time
	last time.Time
}

func newRecent(keep time.Duration) *recent { return &recent{keep: keep, ids: map[string]time.Time{}} }

// add records id and reports whether it was new.
func (r *recent) add(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if now.Sub(r.last) > time.Minute {
		for k, t := range r.ids {
			if now.Sub(t) > r.keep {
				delete(r.ids, k)
			}
		}
		r.last = now
	}
	if _, dup := r.ids[id]; dup {
		return false
	}
	r.ids[id] = now
	return true
}
