package intake

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that say who sent a reader, not
// what the page is; prefixes end with "_".
var trackingParams = []string{
	"utm_", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
	"igshid", "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "ito", "smid", "s_cid",
}

// CleanURL returns rawURL without its fragment and tracking parameters,
// with its scheme and host in lower case: the form addresses are stored
// and compared in. An address that does not parse comes back trimmed.
func CleanURL(rawURL string) string {
	rawURL = strings.TrimSpace(rawURL)
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	u.Scheme, u.Host, u.Fragment, u.RawFragment = strings.ToLower(u.Scheme), strings.ToLower(u.Host), "", ""
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if isTracking(strings.ToLower(k)) {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

func isTracking(key string) bool {
	for _, p := range trackingParams {
		if key == p || strings.HasSuffix(p, "_") && strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// mustParse parses s, or returns an empty URL.
func mustParse(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return &url.URL{}
	}
	return u
}
