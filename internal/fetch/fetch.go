// Package fetch downloads web pages and feeds for the corpus without
// letting an address chosen by someone else reach the machine's own
// network: only http and https, only public addresses (checked on the
// address actually dialled, so DNS answers and redirects cannot get round
// it), at most MaxRedirects redirects, bodies up to MaxBytes, a deadline for
// the whole fetch and only the content types of articles and feeds.
//
// It knows nothing of what the pages hold (see article) nor where the
// settings come from: the hosts let through despite their address are
// passed in.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Limits of one fetch.
const (
	MaxBytes     = 5 << 20
	MaxRedirects = 5
	Timeout      = 15 * time.Second
	UserAgent    = "talksbot/1.0 (+https://github.com/talksbot/talksbot)"
)

// Refusals a caller may branch on; every error of Get wraps one of them or
// a network, status or deadline error.
var (
	ErrScheme      = errors.New("only http and https addresses can be fetched")
	ErrAddress     = errors.New("address is not public")
	ErrRedirects   = fmt.Errorf("more than %d redirects", MaxRedirects)
	ErrTooLarge    = fmt.Errorf("body is over %d bytes", MaxBytes)
	ErrContentType = errors.New("content type is not a page or a feed")
)

// contentTypes are the media types fetched: web pages, plain text and feeds
// (RSS and Atom are often served as generic XML, JSON Feed as JSON).
var contentTypes = map[string]bool{
	"text/html": true, "application/xhtml+xml": true, "text/plain": true,
	"application/rss+xml": true, "application/atom+xml": true, "application/feed+json": true,
	"application/xml": true, "text/xml": true, "application/json": true,
}

// Options change a Fetcher. The zero value is the safe default.
type Options struct {
	// AllowHosts are hosts ("example.org") or host:port pairs let through
	// even when they resolve to an address that is not public, for tests
	// and intranets. They allow nothing else.
	AllowHosts []string
	// Timeout replaces Timeout when positive (tests).
	Timeout time.Duration
}

// Fetcher downloads pages. It is safe for concurrent use.
type Fetcher struct {
	client *http.Client
	allow  allowList
}

// New returns a Fetcher with opt.
func New(opt Options) *Fetcher {
	f := &Fetcher{allow: newAllowList(opt.AllowHosts)}
	timeout := Timeout
	if opt.Timeout > 0 {
		timeout = opt.Timeout
	}
	checked := &net.Dialer{Timeout: timeout, Control: controlPublic}
	open := &net.Dialer{Timeout: timeout}
	tr := &http.Transport{
		Proxy: nil, // a proxy would be the address dialled, and it would not be checked
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if f.allow.has(addr) {
				return open.DialContext(ctx, network, addr)
			}
			return checked.DialContext(ctx, network, addr)
		},
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          10,
		IdleConnTimeout:       30 * time.Second,
	}
	f.client = &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return ErrRedirects
			}
			return checkURL(req.URL)
		},
	}
	return f
}

// Conditional holds the validators of an earlier fetch of the same
// address, for a conditional request.
type Conditional struct {
	ETag         string
	LastModified string
}

// Page is what a fetch returned.
type Page struct {
	URL         *url.URL // the address fetched, after redirects
	ContentType string   // media type, lower-case, without parameters
	Body        []byte
	Validators  Conditional // ETag and Last-Modified sent with the page
	// NotModified is true when the server answered 304 to a conditional
	// request: Body is then empty.
	NotModified bool
}

// Get fetches rawURL within the limits of the package. cond may be zero.
// A status other than 2xx (or 304 to a conditional request) is an error.
func (f *Fetcher) Get(ctx context.Context, rawURL string, cond Conditional) (*Page, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	if err := checkURL(u); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	if err := f.checkLiteral(u); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/plain;q=0.8")
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, unwrapURLError(err))
	}
	defer resp.Body.Close()
	p := &Page{URL: resp.Request.URL, Validators: Conditional{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}}
	if resp.StatusCode == http.StatusNotModified && (cond != Conditional{}) {
		p.NotModified = true
		return p, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("fetch %s: status %s", rawURL, resp.Status)
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !contentTypes[mt] {
		return nil, fmt.Errorf("fetch %s: %w (%q)", rawURL, ErrContentType, resp.Header.Get("Content-Type"))
	}
	p.ContentType = mt
	if resp.ContentLength > MaxBytes {
		return nil, fmt.Errorf("fetch %s: %w (Content-Length %d)", rawURL, ErrTooLarge, resp.ContentLength)
	}
	p.Body, err = io.ReadAll(io.LimitReader(resp.Body, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: read body: %w", rawURL, unwrapURLError(err))
	}
	if len(p.Body) > MaxBytes {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, ErrTooLarge)
	}
	return p, nil
}

// checkURL refuses addresses that are not http or https or have no host.
func checkURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w (not %q)", ErrScheme, u.Scheme)
	}
	if u.Hostname() == "" {
		return errors.New("address has no host")
	}
	return nil
}

// checkLiteral refuses at once an address whose host is an IP literal that
// is not public and not allowed; the dialler would refuse it too.
func (f *Fetcher) checkLiteral(u *url.URL) error {
	if f.allow.has(net.JoinHostPort(u.Hostname(), portOf(u))) {
		return nil
	}
	return checkHost(u.Hostname())
}

// portOf is the port of u, defaulted from its scheme.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// unwrapURLError drops the *url.Error around err, whose text repeats the
// address the caller already names.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("timed out: %w", ue.Err)
		}
		return ue.Err
	}
	return err
}
