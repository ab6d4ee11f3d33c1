package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/internal/fetch"
)

// server starts an httptest server running h and returns its URL and
// host:port.
func server(t *testing.T, h http.HandlerFunc) (string, string) {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	u, _ := url.Parse(s.URL)
	return s.URL, u.Host
}

// page answers with an HTML page.
func page(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte("<html><body><p>Talks in Geneva.</p></body></html>"))
}

func TestGetRefuses(t *testing.T) {
	okURL, okHost := server(t, page)
	otherURL, _ := server(t, page)
	redirectURL, redirectHost := server(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherURL+"/elsewhere", http.StatusFound)
	})
	var loopURL string
	loopURL, loopHost := server(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loopURL+"/again", http.StatusFound) // forever
	})
	bigURL, bigHost := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Query().Has("length") {
			w.Header().Set("Content-Length", "12582912")
		}
		chunk := []byte(strings.Repeat("x", 1<<20))
		for range 12 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	slowURL, slowHost := server(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	pngURL, pngHost := server(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG"))
	})
	port := okHost[strings.LastIndex(okHost, ":")+1:]
	tests := []struct {
		name  string
		url   string
		allow []string
		want  error // nil: the fetch succeeds
	}{
		{"loopback allowed by host:port", okURL, []string{okHost}, nil},
		{"loopback allowed by host", okURL, []string{"127.0.0.1"}, nil},
		{"loopback without the allow list", okURL, nil, fetch.ErrAddress},
		{"loopback by name", "http://localhost:" + port + "/", nil, fetch.ErrAddress},
		{"another port of an allowed host", okURL, []string{"127.0.0.1:1"}, fetch.ErrAddress},
		{"redirect to a host not allowed", redirectURL, []string{redirectHost}, fetch.ErrAddress},
		{"too many redirects", loopURL, []string{loopHost}, fetch.ErrRedirects},
		{"12 MB body, streamed", bigURL, []string{bigHost}, fetch.ErrTooLarge},
		{"12 MB body, announced", bigURL + "?length", []string{bigHost}, fetch.ErrTooLarge},
		{"slow server", slowURL, []string{slowHost}, context.DeadlineExceeded},
		{"wrong content type", pngURL, []string{pngHost}, fetch.ErrContentType},
		{"file scheme", "file:///etc/passwd", nil, fetch.ErrScheme},
		{"ftp scheme", "ftp://example.org/a.html", nil, fetch.ErrScheme},
		{"gopher scheme", "gopher://127.0.0.1:70/", []string{"127.0.0.1"}, fetch.ErrScheme},
		{"IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]:" + port + "/", nil, fetch.ErrAddress},
		{"IPv4-mapped IPv6 private", "http://[::ffff:10.0.0.1]/", nil, fetch.ErrAddress},
		{"IPv6 loopback", "http://[::1]:" + port + "/", nil, fetch.ErrAddress},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", nil, fetch.ErrAddress},
		{"private 10/8", "http://10.1.2.3/", nil, fetch.ErrAddress},
		{"private 172.16/12", "http://172.20.0.1/", nil, fetch.ErrAddress},
		{"private 192.168/16", "http://192.168.1.1/", nil, fetch.ErrAddress},
		{"CGNAT", "http://100.64.0.1/", nil, fetch.ErrAddress},
		{"unspecified", "http://0.0.0.0:" + port + "/", nil, fetch.ErrAddress},
		{"multicast", "http://224.0.0.1/", nil, fetch.ErrAddress},
		{"unique local IPv6", "http://[fd00::1]/", nil, fetch.ErrAddress},
		{"link-local IPv6", "http://[fe80::1]/", nil, fetch.ErrAddress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := fetch.New(fetch.Options{AllowHosts: tt.allow, Timeout: 500 * time.Millisecond})
			p, err := f.Get(context.Background(), tt.url, fetch.Conditional{})
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("Get(%q) error = %v, want a page", tt.url, err)
			case tt.want == nil && !strings.Contains(string(p.Body), "Geneva"):
				t.Errorf("Get(%q) body = %q, want the page", tt.url, p.Body)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("Get(%q) error = %v, want %v", tt.url, err, tt.want)
			}
		})
	}
}

func TestGetSendsUserAgentAndConditional(t *testing.T) {
	var gotUA, gotINM string
	u, host := server(t, func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotINM = r.UserAgent(), r.Header.Get("If-None-Match")
		if gotINM == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte("<rss/>"))
	})
	f := fetch.New(fetch.Options{AllowHosts: []string{host}})
	p, err := f.Get(context.Background(), u, fetch.Conditional{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(gotUA, "talksbot") || !strings.Contains(gotUA, "github.com/talksbot/talksbot") {
		t.Errorf("User-Agent = %q, want the bot and its repository", gotUA)
	}
	if p.Validators.ETag != `"v1"` || p.ContentType != "application/rss+xml" {
		t.Errorf("Get = ETag %q type %q, want \"v1\" application/rss+xml", p.Validators.ETag, p.ContentType)
	}
	p, err = f.Get(context.Background(), u, p.Validators)
	if err != nil || !p.NotModified {
		t.Errorf("conditional Get = %+v, %v; want NotModified", p, err)
	}
}
