//go:build linux

package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/store"
)

// hangKeyring runs the command line's args in a test environment of its own (so that the
// keyring other tests use keeps answering) whose gnome-keyring-daemon is stopped with
// SIGSTOP first, as a hung Secret Service is. It returns standard output, standard error and
// how long the command took, in milliseconds.
func hangKeyring(t *testing.T, dir, args string) (stdout, stderr string, ms int) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const script = `kill -STOP "$TOKENDESK_TEST_KEYRING_PID" || exit 97
start=$(date +%s%N)
"$@"
end=$(date +%s%N)
kill -CONT "$TOKENDESK_TEST_KEYRING_PID"
echo "elapsed_ms=$(( (end - start) / 1000000 ))" >&2`
	cmd := exec.Command("scripts/test-env.sh", "sh", "-c", script, "sh", exe)
	cmd.Env = append(os.Environ(), "TOKENDESK_TEST_RUN_MAIN=1", "TOKENDESK_TEST_ARGS="+args, "TOKENDESK_DIR="+dir)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), errOut.String())
	}
	m := regexp.MustCompile(`elapsed_ms=(\d+)`).FindStringSubmatch(errOut.String())
	if m == nil {
		t.Fatalf("the command did not run:\n%s%s", out.String(), errOut.String())
	}
	ms, _ = strconv.Atoi(m[1])
	return out.String(), errOut.String(), ms
}

func TestCertListWithAHungKeychainAnswersWithinSixSecondsWhateverTheNumberOfProjects(t *testing.T) {
	if os.Getenv("TOKENDESK_REAL_KEYRING") != "1" {
		t.Skip("TOKENDESK_REAL_KEYRING is not 1: run inside scripts/test-env.sh, which has the tools to hang a real keyring")
	}
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	const projects = 12
	for i := range projects {
		var id [16]byte
		if _, err := rand.Read(id[:]); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveProject(&store.Project{AppID: hex.EncodeToString(id[:]), Label: fmt.Sprintf("project %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	stdout, stderr, ms := hangKeyring(t, dir, "cert list")
	t.Logf("cert list answered in %d ms", ms)
	if ms >= 6000 {
		t.Errorf("cert list took %d ms with a hung keychain and %d projects, want under 6 s", ms, projects)
	}
	if n := strings.Count(stdout, "unknown"); n != 2*projects {
		t.Errorf("cert list shows %d unknown certificates, want %d:\n%s", n, 2*projects, stdout)
	}
	if !strings.Contains(stderr, "did not answer") {
		t.Errorf("cert list does not say the keychain did not answer:\n%s", stderr)
	}
}
