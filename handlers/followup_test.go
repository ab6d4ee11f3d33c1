package handlers

import (
	"context"

	"github.com/bwmarrin/discordgo"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFollowUp(t *testing.T) {
	h := newHandlers(t)
	tests := []struct {
		name, first, q    string
		command           string
		option, contains  string // the option's value contains this
		absentOption      string // and this option is not set
		standsAloneAsRule bool   // FollowUp(first, q) == Route(q)
	}{
		{name: "who else follows the meeting", first: "who attended the Kremlin talks?", q: "and who else was there?",
			command: "who-attended", option: "meeting", contains: "Kremlin"},
		{name: "a side narrows the first meeting", first: "who was in the room at the Kremlin?", q: "who was there for Ukraine?",
			command: "who-attended", option: "meeting", contains: "Kremlin"},
		{name: "a meeting of its own stands alone", first: "who attended the Kremlin talks?", q: "who attended the Geneva talks?",
			standsAloneAsRule: true},
		{name: "a side continues a position", first: "what does Russia demand on territory?", q: "and Ukraine?",
			command: "position", option: "side", contains: "Ukraine"},
		{name: "the topic is carried", first: "what does Russia demand on territory?", q: "and Ukraine?",
			command: "position", option: "topic", contains: "territory"},
		{name: "a topic continues a quote", first: "what did Peskov say?", q: "and on NATO?",
			command: "quote", option: "about", contains: "nato"},
		{name: "the person is carried", first: "what did Peskov say?", q: "and on NATO?",
			command: "quote", option: "person", contains: "Peskov"},
		{name: "a person replaces the quoted one", first: "what did Peskov say?", q: "and Witkoff?",
			command: "quote", option: "person", contains: "Witkoff", absentOption: "about"},
		{name: "a new question with its own subject", first: "what did Peskov say?", q: "what does Russia demand on territory?",
			standsAloneAsRule: true},
		{name: "a search carries the first words", first: "security guarantees", q: "and since then?",
			command: "search", option: "query", contains: "security guarantees"},
		{name: "a slash command stands alone", first: "what did Peskov say?", q: "/sources",
			standsAloneAsRule: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := h.FollowUp(tt.first, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if tt.standsAloneAsRule {
				alone, _ := h.ParseCommandLine(tt.q)
				if requestKey(req) != requestKey(alone) {
					t.Errorf("FollowUp(%q, %q) = %s %v, want it alone: %s %v", tt.first, tt.q, req.Command, req.Options, alone.Command, alone.Options)
				}
				return
			}
			if req.Command != tt.command || !strings.Contains(req.Options[tt.option], tt.contains) {
				t.Errorf("FollowUp(%q, %q) = %s %v, want %s with %s containing %q", tt.first, tt.q, req.Command, req.Options, tt.command, tt.option, tt.contains)
			}
			if tt.absentOption != "" && req.Options[tt.absentOption] != "" {
				t.Errorf("FollowUp(%q, %q) kept %s=%q", tt.first, tt.q, tt.absentOption, req.Options[tt.absentOption])
			}
			if req.Question != tt.q {
				t.Errorf("Question = %q, want the follow-up %q", req.Question, tt.q)
			}
		})
	}
}

// requestKey compares requests in tests.
func requestKey(r Request) string { return r.Command + " " + VoteKey(r) }

// TestFollowUpAnswersTheFirstMeeting: "and who else was there?" lists the
// people of the meeting the thread began with, not the latest meeting.
func TestFollowUpAnswersTheFirstMeeting(t *testing.T) {
	h := newHandlers(t)
	ctx := context.Background()
	for _, first := range []string{"who attended the Geneva talks?", "who was in the room at the Kremlin?"} {
		req, _ := h.ParseCommandLine(first)
		a, err := h.Answer(ctx, req)
		if err != nil || len(a.Meetings) == 0 {
			t.Fatalf("%q: %v, %d meetings", first, err, len(a.Meetings))
		}
		follow, err := h.FollowUp(first, "and who else was there?")
		if err != nil {
			t.Fatal(err)
		}
		b, err := h.Answer(ctx, follow)
		if err != nil || len(b.Meetings) == 0 {
			t.Fatalf("follow-up of %q: %v, %d meetings", first, err, len(b.Meetings))
		}
		if a.Meetings[0].ID != b.Meetings[0].ID {
			t.Errorf("follow-up of %q answered meeting %s, want %s", first, b.Meetings[0].ID, a.Meetings[0].ID)
		}
	}
}

func TestThreadName(t *testing.T) {
	long := strings.Repeat("who attended the talks in Geneva ", 10)
	tests := []struct{ q, want string }{
		{"who attended the Kremlin talks?", "who attended the Kremlin talks?"},
		{"<@1100000000000000001> who was there?", "who was there?"},
		{"@everyone **who** said `this`? <#123456789012345678> <@&1234567890123>", "everyone who said 'this'?"},
		{"# heading\n> quote ||spoiler|| [link](https://example.com/x)", "heading quote spoiler link ("},
		{"bidi \u202eevil\u202c and zero\u200bwidth", "bidi evil and zero width"},
		{"   ", "Question"},
		{"<@1100000000000000001>", "Question"},
		{"<t:1700000000:F> who met </who-attended:1234567890123456789> at <t:1700000000> <id:browse> Geneva?", "who met at Geneva?"},
		{"</position topic:1234567890123456789> family 👨\u200d👩\u200d👧 talks", "family 👨\u200d👩\u200d👧 talks"},
	}
	for _, tt := range tests {
		if got := ThreadName(tt.q); got != tt.want {
			t.Errorf("ThreadName(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	// Cut where no space is near: between emoji sequences, flags and
	// accented letters, never inside one.
	for _, cluster := range []string{"👨\u200d👩\u200d👧\u200d👦", "🇺🇦", "e\u0301", "👍🏽"} {
		got := ThreadName(strings.Repeat(cluster, 80))
		body, ok := strings.CutSuffix(got, "…")
		if !ok || utf8.RuneCountInString(got) > LimitThreadName || body == "" || strings.ReplaceAll(body, cluster, "") != "" {
			t.Errorf("ThreadName of %q×80 = %q: want whole %q only, then …", cluster, got, cluster)
		}
	}
	got := ThreadName(long)
	if n := utf8.RuneCountInString(got); n > LimitThreadName || n < LimitThreadName*3/4 || !strings.HasSuffix(got, "…") {
		t.Errorf("ThreadName(long) = %q (%d characters), want it cut at a word to at most %d", got, n, LimitThreadName)
	}
}

func TestVoteIDRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		req      Request
		carries  bool // the request fits in the id
		question bool // and so does its free text
	}{
		{"slash", Request{Command: "who-attended", Options: map[string]string{"meeting": "Kremlin"}}, true, false},
		{"private is not part of the answer", Request{Command: "sources", Options: map[string]string{}, Private: true}, true, false},
		{"short question", Request{Command: "search", Options: map[string]string{"query": "NATO"}, Question: "NATO?"}, true, true},
		{"long question", Request{Command: "search", Options: map[string]string{"query": "short"}, Question: strings.Repeat("x", 120)}, false, false},
		{"long options", Request{Command: "search", Options: map[string]string{"query": strings.Repeat("y", 120)}}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			up, down := VoteID(tt.req, VoteUp), VoteID(tt.req, VoteDown)
			if len(up) > LimitCustomID || len(down) > LimitCustomID || up == down {
				t.Fatalf("ids %q (%d) and %q (%d): want distinct and at most %d", up, len(up), down, len(down), LimitCustomID)
			}
			for id, want := range map[string]string{up: VoteUp, down: VoteDown} {
				v, ok := ParseVoteID(id)
				if !ok || v.Vote != want || v.Key != VoteKey(tt.req) {
					t.Fatalf("ParseVoteID(%q) = %+v, %v; want %s on %s", id, v, ok, want, VoteKey(tt.req))
				}
				if got := v.Request.Command != ""; got != tt.carries {
					t.Errorf("%q carries the request: %v, want %v", id, got, tt.carries)
				}
				if tt.carries && (VoteKey(v.Request) != VoteKey(tt.req) || (v.Request.Question != "") != tt.question) {
					t.Errorf("decoded request %+v differs from %+v", v.Request, tt.req)
				}
			}
		})
	}
	if VoteKey(Request{Command: "search", Options: map[string]string{"query": "a"}, Page: 2}) != VoteKey(Request{Command: "search", Options: map[string]string{"query": "a"}}) {
		t.Error("the page changes the answer's key")
	}
	for _, bad := range []string{"", "more?c=search&p=1", "vote?v=x&k=abcdefghijkl", "vote?v=u&k=short", "vote?%zz"} {
		if _, ok := ParseVoteID(bad); ok {
			t.Errorf("ParseVoteID(%q) accepted", bad)
		}
	}
	// An id whose request does not hash to its key keeps the key alone.
	forged := strings.Replace(VoteID(Request{Command: "search", Options: map[string]string{"query": "NATO"}}, VoteUp), "NATO", "other", 1)
	if v, ok := ParseVoteID(forged); !ok || v.Request.Command != "" {
		t.Errorf("ParseVoteID(%q) = %+v, %v; want the key without the altered request", forged, v, ok)
	}
}

// TestEveryAnswerCarriesVoteButtons: the 👍 and 👎 buttons sit beside More
// on every page, within Discord's limits.
func TestEveryAnswerCarriesVoteButtons(t *testing.T) {
	h := newHandlers(t)
	for _, line := range []string{"/search query:Putin", "/sources", "/help", "/search query:zzzqqq unicorn", "who was in the room at the Kremlin?"} {
		req, err := h.ParseCommandLine(line)
		if err != nil {
			t.Fatal(err)
		}
		for page := 0; page < 2; page++ {
			req.Page = page
			a, err := h.Answer(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			assertWithinLimits(t, a.Reply)
			var ids []string
			for _, row := range a.Reply.Components {
				for _, c := range row.(discordgo.ActionsRow).Components {
					ids = append(ids, c.(discordgo.Button).CustomID)
				}
			}
			got := strings.Join(ids, " ")
			key := VoteKey(req)
			if !strings.Contains(got, VoteID(req, VoteUp)) || !strings.Contains(got, VoteID(req, VoteDown)) || !strings.Contains(got, "k="+key) {
				t.Errorf("%s page %d: buttons %q lack the votes on %s", line, page+1, got, key)
			}
		}
	}
}

// hasMore tells whether a reply has a More button.
func hasMore(d *discordgo.InteractionResponseData) bool {
	for _, row := range d.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			if strings.HasPrefix(c.(discordgo.Button).CustomID, "more?") {
				return true
			}
		}
	}
	return false
}
