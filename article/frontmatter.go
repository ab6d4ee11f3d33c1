package article

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Front-matter keys read for each field, the preferred one first. The first
// of them present is used; the others are ignored. Keys match whatever their
// case ("pubDate", "PubDate").
const (
	titleKeys     = "title headline"
	outletKeys    = "outlet source site site_name publisher"
	urlKeys       = "url link canonical"
	publishedKeys = "published date published_at pubDate"
)

// splitFrontMatter cuts YAML front matter off text: from a first line "---"
// to the next "---" line. Without a first "---" line, fm is "" and body is
// text. An opening line without a closing one is an error.
func splitFrontMatter(text string) (fm, body string, err error) {
	first, rest, _ := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t") != "---" {
		return "", text, nil
	}
	lines := strings.Split(rest, "\n")
	end := slices.IndexFunc(lines, func(l string) bool { return strings.TrimRight(l, " \t") == "---" })
	if end < 0 {
		return "", "", fmt.Errorf("front matter: no closing \"---\" line")
	}
	return strings.Join(lines[:end], "\n"), strings.Join(lines[end+1:], "\n"), nil
}

// readFrontMatter sets the metadata of d from front matter fm: title, outlet,
// url and published, each under one of the keys listed above. Other keys are
// ignored. Front matter that is not a YAML mapping, a preferred key whose
// value is not a scalar, and a date that does not parse (see setPublished)
// are errors; an alias key whose value is not a scalar is skipped, since
// some generators use "source" or "publisher" for a mapping.
func readFrontMatter(d *rawDoc, fm string) error {
	var m map[string]yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &m); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	keys := make(map[string]string, len(m)) // lower-cased key → key as written
	for k := range m {
		if lk := strings.ToLower(k); keys[lk] == "" || k == lk {
			keys[lk] = k
		}
	}
	pick := func(aliases string) (key, value string, err error) {
		for i, alias := range strings.Fields(aliases) {
			k, ok := keys[strings.ToLower(alias)]
			if !ok {
				continue
			}
			n := m[k]
			if i > 0 && n.Kind != yaml.ScalarNode {
				continue
			}
			if err := n.Decode(&value); err != nil {
				return k, "", fmt.Errorf("front matter: %w", err)
			}
			return k, value, nil
		}
		return "", "", nil
	}
	_, title, err := pick(titleKeys)
	if err != nil {
		return err
	}
	_, outlet, err := pick(outletKeys)
	if err != nil {
		return err
	}
	_, url, err := pick(urlKeys)
	if err != nil {
		return err
	}
	key, published, err := pick(publishedKeys)
	if err != nil {
		return err
	}
	if err := d.setPublished(key, published); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	d.Title, d.Outlet = strings.Join(strings.Fields(title), " "), strings.Join(strings.Fields(outlet), " ")
	d.URL = strings.TrimSpace(url)
	return nil
}
