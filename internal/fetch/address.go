package fetch

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
)

// blocked are the ranges that are not public beyond what netip's
// predicates name: shared address space (CGNAT), "this network", IETF
// protocol assignments, benchmarking, reserved and broadcast, and NAT64 and
// 6to4, which can lead back to any IPv4 address.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2002::/16"),
}

// public reports whether ip may be dialled: not loopback, private (10/8,
// 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the cloud
// metadata address, fe80::/10), multicast, unspecified or one of blocked.
// IPv4-mapped IPv6 addresses are judged as the IPv4 address they hold.
func public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// checkHost refuses a host that is an IP literal and not public. Names
// pass: their addresses are checked when dialled.
func checkHost(host string) error {
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	if err != nil {
		return nil
	}
	if !public(ip) {
		return fmt.Errorf("%w (%s)", ErrAddress, host)
	}
	return nil
}

// controlPublic is the dialler's Control hook: it runs on the address
// about to be connected, after name resolution, for every connection
// (redirects included).
func controlPublic(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, ErrAddress)
	}
	if !public(ap.Addr()) {
		return fmt.Errorf("dial %s: %w", address, ErrAddress)
	}
	return nil
}

// allowList is the hosts let through whatever their address: "host"
// entries for any port, "host:port" entries for that port.
type allowList struct {
	hosts     map[string]bool
	hostPorts map[string]bool
}

func newAllowList(entries []string) allowList {
	a := allowList{hosts: map[string]bool{}, hostPorts: map[string]bool{}}
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		if h, p, err := net.SplitHostPort(e); err == nil {
			a.hostPorts[net.JoinHostPort(h, p)] = true
			continue
		}
		a.hosts[strings.Trim(e, "[]")] = true
	}
	return a
}

// has reports whether addr ("host:port", the host as named in the URL) is
// allowed.
func (a allowList) has(addr string) bool {
	h, p, err := net.SplitHostPort(strings.ToLower(addr))
	if err != nil {
		return false
	}
	return a.hosts[h] || a.hostPorts[net.JoinHostPort(h, p)]
}
