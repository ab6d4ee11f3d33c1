package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/talksbot/talksbot/config"
)

// runHealth asks a running talksbot serve whether it is healthy: exit 0
// when its /healthz answers 200. It is the container's HEALTHCHECK, so the
// image needs no shell or curl.
func runHealth(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("health", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "", "the health URL (default: /healthz on TALKSBOT_METRICS_ADDR, else TALKSBOT_HTTP_ADDR)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !noArgs(fs, stderr, "pass the health URL as --url URL") {
		return 2
	}
	if *url == "" {
		addr := cfg.MetricsAddr
		if addr == "" {
			addr = cfg.HTTPAddr
		}
		if addr == "" {
			fmt.Fprintln(stderr, "talksbot health: set TALKSBOT_METRICS_ADDR (or pass --url)")
			return 2
		}
		host, port, _ := net.SplitHostPort(addr)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "127.0.0.1"
		}
		*url = "http://" + net.JoinHostPort(host, port) + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot health:", err)
		return 2
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(stderr, "talksbot health: unhealthy:", err)
		return 1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	msg := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "talksbot health: unhealthy: %d %s\n", resp.StatusCode, msg)
		return 1
	}
	fmt.Fprintln(stdout, msg)
	return 0
}
