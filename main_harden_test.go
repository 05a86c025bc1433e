//go:build linux

package main

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// coreLimitOf is the soft "Max core file size" of process pid, from /proc/PID/limits.
func coreLimitOf(t *testing.T, pid int) string {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/limits")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Max core file size"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

func TestTheCommandLineAndTheWindowRunWithoutCoreDumps(t *testing.T) {
	// Allow core files as `ulimit -c unlimited` would (as far as the hard limit lets this
	// test), so that only TokenDesk itself can turn them off in its children.
	var limit syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_CORE, &limit); err != nil {
		t.Fatal(err)
	}
	if limit.Max == 0 {
		t.Skip("the hard core file size limit is already 0 here; nothing to turn off")
	}
	limit.Cur = limit.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_CORE, &limit); err != nil {
		t.Fatal(err)
	}
	// cert set waits for the certificate on standard input: a command that holds the
	// process open while a certificate is on its way. The window stays open until killed.
	t.Run("the command line", func(t *testing.T) { checkNoCoreDumps(t, "cert set --app-id 970CA35de60c44645bbae8a215061b33") })
	t.Run("the window", func(t *testing.T) {
		if !haveDisplay(runtime.GOOS, os.Getenv) {
			t.Skip("no display to open the window on (scripts/test-env.sh gives one)")
		}
		checkNoCoreDumps(t, "")
	})
}

// checkNoCoreDumps starts tokendesk with args and fails unless the process soon runs with a
// core file size limit of 0 and is not dumpable.
func checkNoCoreDumps(t *testing.T, args string) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "TOKENDESK_TEST_RUN_MAIN=1", "TOKENDESK_DIR="+t.TempDir(), "TOKENDESK_TEST_ARGS="+args)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	got := ""
	for range 200 {
		if got = coreLimitOf(t, cmd.Process.Pid); got == "0" {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if got != "0" {
		t.Errorf("tokendesk %s runs with a core file size limit of %s, want 0", args, got)
	}
	// A process that is not dumpable has its /proc entry owned by root.
	var st syscall.Stat_t
	if os.Getuid() != 0 && syscall.Stat("/proc/"+strconv.Itoa(cmd.Process.Pid), &st) == nil && st.Uid != 0 {
		t.Errorf("tokendesk %s is dumpable: /proc/%d is owned by uid %d, not root", args, cmd.Process.Pid, st.Uid)
	}
}
