package synth

import (
	"bytes"
	"io/fs"
	"testing"
	"testing/fstest"
)

func testSource() Source {
	return Source{
		Paragraphs: [][]string{
			{"Steve Witkoff met Vladimir Putin in Geneva on Tuesday.", "Witkoff said the 28-point plan had 19 points left."},
			{"According to Politico, Putin rejected the plan in 2025.", "Ushakov said talks would go on."},
		},
		People: []Person{{Name: "Steve Witkoff", Aliases: []string{"Vitkoff"}, Side: "US"},
			{Name: "Vladimir Putin", Side: "Russia"}, {Name: "Yuri Ushakov", Side: "Russia"}},
	}
}

func TestDeterministic(t *testing.T) {
	a, b, other := New(testSource(), 50, 7), New(testSource(), 50, 7), New(testSource(), 50, 8)
	differ := 0
	for i := range 50 {
		na, da := a.Article(i)
		nb, db := b.Article(i)
		if na != nb || !bytes.Equal(da, db) {
			t.Fatalf("article %d differs between two corpora of the same seed", i)
		}
		if _, do := other.Article(i); !bytes.Equal(da, do) {
			differ++
		}
	}
	if differ < 45 {
		t.Errorf("only %d of 50 articles differ with another seed", differ)
	}
}

// TestFS checks the corpus against the fs.FS contract, and that opening a
// file gives what Article makes.
func TestFS(t *testing.T) {
	c := New(testSource(), 30, 1)
	var names []string
	for i := range 30 {
		names = append(names, c.Name(i))
	}
	if err := fstest.TestFS(c, names...); err != nil {
		t.Fatal(err)
	}
	name, want := c.Article(17)
	got, err := fs.ReadFile(c, name)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("ReadFile(%s) = %d bytes, %v; want the %d bytes of Article(17)", name, len(got), err, len(want))
	}
	if _, err := fs.Stat(c, "people.yaml"); err == nil {
		t.Error("Stat(people.yaml) found a file; want fs.ErrNotExist so that the index falls back")
	}
}

func TestFormats(t *testing.T) {
	c := New(testSource(), 400, 1)
	count := map[string]int{}
	for i := range c.N {
		count[c.format(i)]++
	}
	if count[".txt"] < 250 || count[".md"] < 30 || count[".html"] < 5 {
		t.Errorf("formats = %v, want mostly .txt, some .md and .html", count)
	}
}

func TestSentences(t *testing.T) {
	got := Sentences(`The U.S. envoy met him. “No deal yet,” he said. Talks go on? Yes.`)
	want := []string{"The U.S. envoy met him.", "“No deal yet,” he said.", "Talks go on?", "Yes."}
	if len(got) != len(want) {
		t.Fatalf("Sentences = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Sentences[%d] = %q, want %q", i, got[i], want[i])
		}
	}
}

// TestPages checks that a corpus of pages keeps each page's furniture and
// numbers, varies its people, and is a function of the seed.
func TestPages(t *testing.T) {
	src := testSource()
	src.Pages = []Page{
		{Ext: ".html", Text: "<nav>Home | World</nav>\n<h1>Steve Witkoff meets Putin</h1>\n<p>Steve Witkoff met Vladimir Putin on 2 December 2025.</p>\n<footer>Share this</footer>\n"},
		{Ext: ".txt", Text: "Ushakov speaks\n\nYuri Ushakov said on 28 November that talks would go on.\n\nRead more\n"},
	}
	a, b := NewPages(src, 40, 3), NewPages(src, 40, 3)
	exts, varied := map[string]int{}, 0
	for i := range 40 {
		na, da := a.Article(i)
		nb, db := b.Article(i)
		if na != nb || !bytes.Equal(da, db) {
			t.Fatalf("article %d differs between two corpora of the same seed", i)
		}
		exts[na[len(na)-4:]]++
		text := string(da)
		if !bytes.Contains(da, []byte("2025")) && !bytes.Contains(da, []byte("28 November")) {
			t.Errorf("article %d lost its date: %q", i, text)
		}
		if bytes.Contains(da, []byte("<nav>Home | World</nav>")) != (na[len(na)-5:] == ".html") {
			t.Errorf("article %d (%s) has the wrong page's furniture: %q", i, na, text)
		}
		if !bytes.Contains(da, []byte("Steve Witkoff met Vladimir Putin")) && !bytes.Contains(da, []byte("Yuri Ushakov said")) {
			varied++
		}
	}
	if exts["html"] == 0 || exts[".txt"] == 0 {
		t.Errorf("formats %v, want both pages used", exts)
	}
	if varied < 10 {
		t.Errorf("only %d of 40 pages have their people varied", varied)
	}
}
