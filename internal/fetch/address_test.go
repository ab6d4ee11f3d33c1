package fetch

import (
	"errors"
	"net/netip"
	"testing"
)

func TestPublic(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"93.184.216.34", true},
		{"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false},
		{"::1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:169.254.169.254", false},
		{"::ffff:93.184.216.34", true},
		{"10.0.0.1", false},
		{"172.31.255.255", false},
		{"172.32.0.1", true},
		{"192.168.0.1", false},
		{"169.254.169.254", false},
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"100.64.0.1", false},
		{"100.127.255.255", false},
		{"100.128.0.1", true},
		{"224.0.0.251", false},
		{"ff02::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"255.255.255.255", false},
		{"64:ff9b::a00:1", false},
	}
	for _, tt := range tests {
		if got := public(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("public(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

func TestControlPublic(t *testing.T) {
	tests := []struct {
		address string
		refused bool
	}{
		{"93.184.216.34:443", false},
		{"127.0.0.1:80", true},
		{"[::ffff:10.0.0.1]:80", true},
		{"[fe80::1%eth0]:80", true},
		{"not an address", true},
	}
	for _, tt := range tests {
		err := controlPublic("tcp", tt.address, nil)
		if got := errors.Is(err, ErrAddress); got != tt.refused {
			t.Errorf("controlPublic(%q) = %v, want refused %v", tt.address, err, tt.refused)
		}
	}
}

func TestAllowList(t *testing.T) {
	a := newAllowList([]string{" Example.org ", "127.0.0.1:8080", "", "[::1]:9"})
	tests := []struct {
		addr string
		want bool
	}{
		{"example.org:443", true},
		{"EXAMPLE.ORG:80", true},
		{"sub.example.org:443", false},
		{"127.0.0.1:8080", true},
		{"127.0.0.1:8081", false},
		{"[::1]:9", true},
		{"[::1]:10", false},
		{"example.org", false},
	}
	for _, tt := range tests {
		if got := a.has(tt.addr); got != tt.want {
			t.Errorf("has(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}
