package harden

import (
	"errors"

	"golang.org/x/sys/unix"
)

// process turns core dumps off and makes the process not dumpable: besides writing no core
// file whatever core_pattern says (a pipe to systemd-coredump ignores RLIMIT_CORE), the
// kernel then refuses ptrace and /proc/PID/mem to other processes of the same user.
func process() error {
	return errors.Join(
		unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0}),
		unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0),
	)
}
