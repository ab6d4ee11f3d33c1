package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/talksbot/talksbot/article"
)

// scan remembers the addresses (url and canonical in Markdown front
// matter, the address any format names) and the texts of the articles in
// the folder. Files that do not read are skipped: the corpus reports them.
func (fo *Folder) scan() error {
	entries, err := os.ReadDir(fo.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !article.IsFile(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(fo.dir, e.Name()))
		if err != nil {
			continue
		}
		urls := frontMatterURLs(data)
		hash := ""
		if a, err := article.Parse(e.Name(), data); err == nil {
			urls = append(urls, a.URL)
			hash = textHash(a.Paragraphs)
		}
		fo.remember(article.ID(e.Name()), urls, hash)
	}
	return nil
}

// remember records that article id holds urls and the text of hash.
func (fo *Folder) remember(id string, urls []string, hash string) {
	for _, u := range urls {
		if u = CleanURL(u); u != "" {
			if _, ok := fo.byURL[u]; !ok {
				fo.byURL[u] = id
			}
		}
	}
	if _, ok := fo.byText[hash]; !ok && hash != "" {
		fo.byText[hash] = id
	}
}

// frontMatterURLs returns the url and canonical values of a Markdown
// file's front matter.
func frontMatterURLs(data []byte) []string {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return nil
	}
	fm, _, ok := strings.Cut(rest, "\n---")
	if !ok {
		return nil
	}
	var m map[string]any
	if yaml.Unmarshal([]byte(fm), &m) != nil {
		return nil
	}
	var out []string
	for k, v := range m {
		switch strings.ToLower(k) {
		case "url", "canonical", "link":
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// textHash is the hash of an article's text with case, punctuation and
// spacing ignored, so that one text under two addresses is found.
func textHash(paragraphs []string) string {
	h := sha256.New()
	for _, p := range paragraphs {
		for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
