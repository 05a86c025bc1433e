//go:build unix && !linux

package harden

import "golang.org/x/sys/unix"

// process sets the core file size limit, soft and hard, to 0: no core file, and no way for
// the process (or a child it starts) to raise the limit again.
func process() error {
	return unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0})
}
