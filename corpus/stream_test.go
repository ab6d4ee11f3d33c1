package corpus

import (
	"errors"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/talksbot/talksbot/article"
	"github.com/talksbot/talksbot/extract"
)

// Each hands articles over in file order, reports bad files, and
// stops at fn's first error (parseAll waits for its workers before
// returning, so a stop that deadlocked would hang this test).
func TestEachArticleInOrderAndStops(t *testing.T) {
	dir := fstest.MapFS{}
	for i := range 40 {
		dir[fmt.Sprintf("a%02d.txt", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "Talks number %d\n\nRustem Umerov said round %d in Geneva went well.\n", i, i)}
	}
	dir["bad.txt"] = &fstest.MapFile{Data: []byte{0, 1, 2}}
	lx, err := extract.LoadLexicon(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	problems, err := Each(dir, lx, func(a article.Article, _ extract.Analysis) error {
		got = append(got, a.ID)
		return nil
	})
	if err != nil || len(got) != 40 || len(problems) != 1 || problems[0].File != "bad.txt" {
		t.Fatalf("Each: %d articles, problems %v, err %v", len(got), problems, err)
	}
	for i, id := range got {
		if want := fmt.Sprintf("a%02d", i); id != want {
			t.Fatalf("article %d is %s, want %s (file order)", i, id, want)
		}
	}

	stop := errors.New("stop")
	n := 0
	_, err = Each(dir, lx, func(article.Article, extract.Analysis) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("after fn's error: err %v, %d calls; want stop after 3", err, n)
	}
}
