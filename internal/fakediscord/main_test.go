package fakediscord_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain runs more tests at once than the default of one per CPU unless
// -parallel is given: the session tests wait, not compute (discordgo's
// Close sleeps a second).
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", "16")
	}
	os.Exit(m.Run())
}
