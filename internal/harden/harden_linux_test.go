package harden

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// coreLimit is the "Max core file size" line of /proc/self/limits, as the kernel reports it.
func coreLimit(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("/proc/self/limits")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Max core file size"); ok {
			return strings.Fields(rest)
		}
	}
	t.Fatalf("/proc/self/limits has no core file size:\n%s", b)
	return nil
}

func TestAHardenedProcessWritesNoCoreFileAndCannotBeRead(t *testing.T) {
	if err := Process(); err != nil {
		t.Fatal(err)
	}
	if limit := coreLimit(t); len(limit) < 2 || limit[0] != "0" || limit[1] != "0" {
		t.Errorf("the core file size limit is %v, want soft and hard 0", limit)
	}
	dumpable, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	if err != nil || dumpable != 0 {
		t.Errorf("PR_GET_DUMPABLE = %d (%v), want 0", dumpable, err)
	}
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 1 << 20, Max: 1 << 20}); err == nil && os.Getuid() != 0 {
		t.Errorf("the core file size limit could be raised again")
	}
}
