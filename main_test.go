package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// With TOKENDESK_TEST_RUN_MAIN=1 the test binary runs main() instead of the
// tests, so the tests can check what the real program does.
func TestMain(m *testing.M) {
	if os.Getenv("TOKENDESK_TEST_RUN_MAIN") == "1" {
		os.Args = append(os.Args[:1], strings.Fields(os.Getenv("TOKENDESK_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestHaveDisplay(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	cases := []struct {
		goos string
		vars map[string]string
		want bool
	}{
		{"linux", nil, false},
		{"linux", map[string]string{"DISPLAY": ":0"}, true},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
		{"freebsd", nil, false},
		{"darwin", nil, true},
		{"windows", nil, true},
	}
	for _, c := range cases {
		if got := haveDisplay(c.goos, env(c.vars)); got != c.want {
			t.Errorf("haveDisplay(%q, %v) = %v, want %v", c.goos, c.vars, got, c.want)
		}
	}
}

// runMain runs main() in a child process with args and the environment
// without any display, and returns its exit code and stderr.
func runMain(t *testing.T, args string) (int, string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DISPLAY", "WAYLAND_DISPLAY", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE":
		default:
			cmd.Env = append(cmd.Env, kv)
		}
	}
	// A fixed locale: under LANG=C.UTF-8 Fyne's lang package logs
	// "Fyne error: Error parsing user locale C" while the program starts.
	cmd.Env = append(cmd.Env, "LANG=en_US.UTF-8",
		"TOKENDESK_TEST_RUN_MAIN=1", "TOKENDESK_TEST_ARGS="+args)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, stderr.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), stderr.String()
	default:
		t.Fatal(err)
		return 0, ""
	}
}

func TestNoDisplayExplainsAndExits2(t *testing.T) {
	if haveDisplay(runtime.GOOS, func(string) string { return "" }) {
		t.Skipf("on %s a display is not told from the environment", runtime.GOOS)
	}
	code, stderr := runMain(t, "")
	if code != 2 {
		t.Errorf("exit code = %d, want 2; stderr:\n%s", code, stderr)
	}
	if strings.TrimSpace(stderr) != noDisplayMessage {
		t.Errorf("stderr = %q, want %q", stderr, noDisplayMessage)
	}
}
