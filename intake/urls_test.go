package intake

import "testing"

func TestCleanURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Example.ORG/a?utm_source=x&utm_medium=y", "https://example.org/a"},
		{"https://example.org/a?id=7&fbclid=abc&gclid=def#comments", "https://example.org/a?id=7"},
		{"https://example.org/a?b=2&a=1&mc_cid=1&msclkid=2", "https://example.org/a?a=1&b=2"},
		{"https://example.org", "https://example.org/"},
		{" https://example.org/utm_source/page ", "https://example.org/utm_source/page"},
		{"not a url", "not a url"},
	}
	for _, tt := range tests {
		if got := CleanURL(tt.in); got != tt.want {
			t.Errorf("CleanURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
