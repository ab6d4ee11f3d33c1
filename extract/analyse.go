package extract

import (
	"strings"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/internal/dates"
	"github.com/talksbot/talksbot/internal/prose"
	"github.com/talksbot/talksbot/internal/rx"
)

// Analysis is what extraction learns from one article.
type Analysis struct {
	Passages []Passage
	// Meetings are the meetings the article reports, as it reports them;
	// GroupMeetings merges the reports of all articles into meetings.
	Meetings []MeetingReport
	// Unlisted are the people the article names by their title but the
	// people file does not list.
	Unlisted []Person
}

// Analyse cuts an article into passages and tags each with the people it
// names, who speaks, the sides it speaks for and its topics; it also finds
// the meetings the article reports and who attended them. lx says who and
// what to look for; Analyse only reads it.
func Analyse(lx *Lexicon, a article.Article) Analysis {
	var out Analysis
	ctx := &articleContext{people: map[string]Person{}}
	for _, p := range lx.People {
		ctx.people[p.Name] = p
	}
	var sents []*sentence
	var owner []int         // passage index of each sentence
	var subjects []*mention // who a leading "he" or "she" of each sentence is
	var pending []describedSpeaker
	var bare *describedSpeaker              // a quote standing alone, waiting for its speaker
	lastQuoted, lastQuotedPassage := "", -1 // who the last sentence quoted, in which passage
	for pi, para := range a.Paragraphs {
		parts := splitParagraph(para)
		for k, text := range parts {
			part := 0
			if len(parts) > 1 {
				part = k + 1
			}
			p := Passage{
				ID: passageID(a.ID, pi+1, part), Article: a.ID, Title: a.Title, Outlet: a.Outlet,
				URL: a.URL, Published: dates.Day(a.Published), Paragraph: pi + 1, Part: part, Text: text,
				Topics: lx.TopicsOf(text),
			}
			for _, st := range prose.Sentences(text) {
				s := &sentence{text: st, toks: prose.Tokenize(st), para: pi}
				s.mentions = lx.findMentions(st, s.toks, ctx.surnames)
				var subject *mention
				if ctx.lastSubject != nil && ctx.subjectAge <= 2 {
					subject = ctx.lastSubject
				}
				subjects = append(subjects, subject)
				for _, m := range s.mentions {
					if !m.actor {
						if _, known := ctx.people[m.name]; !known {
							up := Person{Name: m.name, Side: m.side, Unlisted: true, Role: roleOf(s.toks, m.tok0, m.tok1)}
							ctx.people[m.name] = up
							out.Unlisted = append(out.Unlisted, up)
							words := prose.Words(m.name)
							if ctx.surnames == nil {
								ctx.surnames = map[string]Person{}
							}
							ctx.surnames[words[len(words)-1]] = up
						}
					}
				}
				lx.attribute(s, ctx)
				for _, m := range s.mentions {
					if !m.actor {
						p.People = appendUnique(p.People, m.name)
					}
				}
				for i, sp := range s.speakers {
					p.Sides = appendUnique(p.Sides, sp.side)
					if sp.name == "" && sp.role != "" && !anonymousRoles[sp.role] && s.kinds[i] == speech {
						pending = append(pending, describedSpeaker{role: sp.role, side: sp.side, passage: len(out.Passages), text: st, fresh: true})
					}
					if sp.actor || sp.name == "" || s.kinds[i] != speech {
						continue
					}
					p.Speakers = appendUnique(p.Speakers, sp.name)
					p.Quotes = append(p.Quotes, Quote{Speaker: sp.name, Text: st})
				}
				pending = resolveDescribed(pending, s, ctx, &p, out.Passages)
				// A quote standing alone is the speaker's of the next
				// sentence when that one only says who said it: "“…”
				// Witkoff said this at the news conference", "“…” Putin
				// made the remarks to reporters".
				if bare != nil {
					if who := remarkSpeaker(s); who != "" {
						target := &p
						if bare.passage < len(out.Passages) {
							target = &out.Passages[bare.passage]
						}
						target.Speakers = appendUnique(target.Speakers, who)
						target.Quotes = append(target.Quotes, Quote{Speaker: who, Text: bare.text})
					}
					bare = nil
				}
				if len(s.speakers) == 0 && reBareQuote.MatchString(st) {
					if lastQuoted != "" && lastQuotedPassage == len(out.Passages) {
						// "“…,” he posted. “…”": the quote goes on.
						p.Speakers = appendUnique(p.Speakers, lastQuoted)
						p.Quotes = append(p.Quotes, Quote{Speaker: lastQuoted, Text: st})
					} else {
						bare = &describedSpeaker{passage: len(out.Passages), text: st}
					}
				}
				lastQuoted = ""
				for i, sp := range s.speakers {
					if s.kinds[i] == speech && sp.name != "" && !sp.actor && strings.ContainsAny(st, "\"“”‘’'") {
						lastQuoted, lastQuotedPassage = sp.name, len(out.Passages)
					}
				}
				sents = append(sents, s)
				owner = append(owner, len(out.Passages))
			}
			if len(p.Sides) > 0 {
				p.Side = p.Sides[0]
			}
			out.Passages = append(out.Passages, p)
		}
	}
	var headline *sentence
	if !a.TitleDerived && a.Title != "" {
		headline = &sentence{text: a.Title, toks: prose.Tokenize(a.Title), para: -1}
		headline.mentions = lx.findMentions(a.Title, headline.toks, ctx.surnames)
	}
	out.Meetings = lx.findMeetings(a, headline, sents, owner, out.Passages, subjects)
	return out
}

// describedSpeaker is a quote from someone described but not yet named ("a
// senior aide to the Russian president said").
type describedSpeaker struct {
	role, side string
	passage    int // index of the passage in the article's passages
	text       string
	fresh      bool // described in the sentence being read: named, if at all, later
}

// resolveDescribed gives the pending described speakers' quotes to a person
// sentence s names whose role has the same head noun and whose side agrees
// ("… a senior aide to the Russian president said." … "Yuri Ushakov, the
// Kremlin's foreign policy aide, …"). cur is the passage being built (not
// yet in done). What is not resolved stays pending.
func resolveDescribed(pending []describedSpeaker, s *sentence, ctx *articleContext, cur *Passage, done []Passage) []describedSpeaker {
	if len(pending) == 0 {
		return nil
	}
	var left []describedSpeaker
	for _, d := range pending {
		if d.fresh {
			d.fresh = false
			left = append(left, d)
			continue
		}
		resolved := false
		for _, m := range s.mentions {
			if m.actor || m.name == "" || m.side != "" && d.side != "" && m.side != d.side {
				continue
			}
			role := strings.ToLower(ctx.people[m.name].Role + " " + roleWordsNear(s.toks, m.tok0, m.tok1))
			if !strings.Contains(role, d.role) {
				continue
			}
			target := cur
			if d.passage < len(done) {
				target = &done[d.passage]
			}
			target.Speakers = appendUnique(target.Speakers, m.name)
			target.Quotes = append(target.Quotes, Quote{Speaker: m.name, Text: d.text})
			resolved = true
			break
		}
		if !resolved {
			left = append(left, d)
		}
	}
	return left
}

// roleWordsNear returns the words of the role written around a name: the
// four words before it and, after a comma, the four after it.
func roleWordsNear(toks []prose.Token, i0, i1 int) string {
	var words []string
	for k := max(0, i0-4); k < i0; k++ {
		words = append(words, toks[k].Lower)
	}
	if i1 < len(toks) && strings.Contains(toks[i1].Before, ",") {
		for k := i1; k < min(len(toks), i1+4); k++ {
			words = append(words, toks[k].Lower)
		}
	}
	return strings.Join(words, " ")
}

// AddUnlisted appends the people of found not yet in seen.
// A person spelled another way (Andriy, Andrii Hnatov) is not added again;
// a side learned from the new report fills a missing one.
func AddUnlisted(list []Person, seen map[string]bool, found []Person) []Person {
	for _, p := range found {
		if seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		dup := false
		for i := range list {
			if sameName(list[i].Name, p.Name) {
				if list[i].Side == "" {
					list[i].Side = p.Side
				}
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, p)
		}
	}
	return list
}

// reBareQuote is a sentence that is all quotation.
var reBareQuote = rx.MustCompile(`^\s*(["“][^"“”]{8,}["”]|[‘'][^‘’]{8,}[’'])\s*$`)

// reRemark is a sentence that names who made the quote before it: "X said
// this", "X made the remarks to reporters", "X gave the comments".
var reRemark = rx.MustCompile(`(?i)\b(said|says|told|made|gave|delivered|wrote|added)\b\s+(this|that|these|those|the remarks?|the comments?|his remarks?|her remarks?|the statement|it)\b`)

// remarkSpeaker returns the named person who the sentence says made the
// quote before it, or "".
func remarkSpeaker(s *sentence) string {
	loc := reRemark.FindStringIndex(s.text)
	if loc == nil {
		return ""
	}
	for _, m := range s.mentions {
		if !m.actor && m.name != "" && !m.inQuote && m.end <= loc[0] {
			return m.name
		}
	}
	return ""
}

// roleOf is the role written around an unlisted person's name, as its role
// words ("presidential aide", "foreign minister"), so that "the
// presidential aide said" can name them later.
func roleOf(toks []prose.Token, i0, i1 int) string {
	var words []string
	for _, w := range strings.Fields(roleWordsNear(toks, i0, i1)) {
		if roleWords[w] {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}
