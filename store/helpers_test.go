package store

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/tokendesk/tokendesk/token"
)

// The well-known sample App ID and certificate of Agora's documentation.
const (
	sampleAppID       = "970CA35de60c44645bbae8a215061b33"
	sampleCertificate = "5CFd2fd1755d40ecb72977518be15d3b"
	otherAppID        = "0123456789abcdef0123456789abcdef"
)

// issuedAt is a fixed issue time, so that tokens built in tests are the same every run.
var issuedAt = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func openStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// rtcSpec returns an RTC spec issued at issuedAt with a fixed salt.
func rtcSpec(channel string, uid uint32) token.Spec {
	return token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: channel, UID: uid,
		Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600,
		IssuedAt: uint32(issuedAt.Unix()), Salt: 12345678}
}

// addEntry saves an entry for the spec, built with the sample certificate, created at the time.
func addEntry(t testing.TB, s *Store, spec token.Spec, created time.Time) *Entry {
	t.Helper()
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	e := &Entry{Spec: spec, Token: text, CreatedAt: created}
	if err := s.Add(e); err != nil {
		t.Fatal(err)
	}
	return e
}

func ids(entries []Entry) []int64 {
	out := make([]int64, len(entries))
	for i, e := range entries {
		out[i] = e.ID
	}
	return out
}

// childEnv names the test that a re-executed test binary runs as a child process.
const childEnv = "STORE_TEST_CHILD"

// inChild reports whether this process is the child run of the current test.
func inChild(t *testing.T) bool { return os.Getenv(childEnv) == t.Name() }

// runChild runs the current test again in a new process of this test binary, with env
// added, and fails if the child fails. Tests use it for what one process cannot do twice:
// go-keyring's provider and godbus's session bus connection are both global, and
// keyring.MockInit cannot be undone.
func runChild(t *testing.T, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(append(os.Environ(), childEnv+"="+t.Name()), env...)
	return cmd
}

// checkChild waits for a child started with runChild and fails the test if the child's test
// failed or did not run.
func checkChild(t *testing.T, cmd *exec.Cmd, output fmt.Stringer) {
	t.Helper()
	err := cmd.Wait()
	if err != nil || !strings.Contains(output.String(), "--- PASS: "+t.Name()) {
		t.Fatalf("the child process failed (%v):\n%s", err, output)
	}
}

// runChildAndWait runs the current test in a child process and waits for it.
func runChildAndWait(t *testing.T, env ...string) {
	t.Helper()
	cmd := runChild(t, env...)
	var output strings.Builder
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	checkChild(t, cmd, &output)
}

// mockKeyring puts go-keyring's in-memory mock in place of the Secret Service. The mock needs
// no bus, but Keychain looks for one before it calls go-keyring, so the test names one.
func mockKeyring(t *testing.T) {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/the-mock-needs-no-bus")
	keyring.MockInit()
}

// mockKeyringError makes every go-keyring call fail with err, as mockKeyring otherwise does.
func mockKeyringError(t *testing.T, err error) {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/the-mock-needs-no-bus")
	keyring.MockInitWithError(err)
}
