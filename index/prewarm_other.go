//go:build !linux

package index

// prewarm does nothing where the kernel takes no read-ahead advice by
// this means (see prewarm_linux.go).
func prewarm(path string, parts []PartInfo) {}
