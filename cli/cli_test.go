package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/tokendesk/tokendesk/store"
)

// The App ID and certificate of Agora's published test vectors.
const (
	testAppID        = "970CA35de60c44645bbae8a215061b33"
	testCertificate  = "5CFd2fd1755d40ecb72977518be15d3b"
	otherCertificate = "00000000000000000000000000000001"

	// Three certificates that tell which source a build used.
	envCert      = "11111111111111111111111111111111"
	stdinCert    = "22222222222222222222222222222222"
	keychainCert = "33333333333333333333333333333333"
)

// secrets are what no command may ever print.
var secrets = []string{testCertificate, otherCertificate, envCert, stdinCert, keychainCert}

// testNow is the moment every test runs at unless it says otherwise: 2023-11-14 22:13:20 UTC.
var testNow = time.Unix(1700000000, 0).UTC()

// mockKeychain is store.Secrets over go-keyring's in-memory mock, as store.Keychain is over
// the real keyring, so that tests never touch the keychain of the machine they run on.
type mockKeychain struct{}

func (mockKeychain) Get(appID string) (string, error) {
	cert, err := keyring.Get("tokendesk", appID)
	return cert, mockError(err, appID)
}

func (mockKeychain) Set(appID, cert string) error {
	return mockError(keyring.Set("tokendesk", appID, cert), appID)
}

func (mockKeychain) Delete(appID string) error {
	return mockError(keyring.Delete("tokendesk", appID), appID)
}

func mockError(err error, appID string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("%w: the keychain has no certificate for App ID %s", store.ErrNotFound, appID)
	}
	return fmt.Errorf("%w: %v", store.ErrKeychainUnavailable, err)
}

// world is the environment one test runs commands in: environment variables, a keychain, a
// store directory, a clock and what the terminal looks like.
type world struct {
	t         *testing.T
	env       map[string]string
	dir       string
	now       time.Time
	stdinTTY  bool
	stdoutTTY bool
	password  string // what the no-echo prompt reads
	copied    string
	copyErr   error
}

func newWorld(t *testing.T) *world {
	t.Helper()
	keyring.MockInit()
	return &world{t: t, env: map[string]string{}, dir: t.TempDir(), now: testNow}
}

// result is what one run of the command line produced.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// run runs tokendesk with args and stdin in the world, and fails the test if it printed a
// certificate.
func (w *world) run(stdin string, args ...string) result {
	w.t.Helper()
	r := w.exec(stdin, args...)
	w.printedNoSecret(r, args)
	return r
}

// exec runs tokendesk with args and stdin in the world.
func (w *world) exec(stdin string, args ...string) result {
	w.t.Helper()
	var stdout, stderr bytes.Buffer
	code := w.app(stdin, &stdout, &stderr).run(args)
	return result{code, stdout.String(), stderr.String()}
}

// app is the command line as it runs in the world.
func (w *world) app(stdin string, stdout, stderr io.Writer) *app {
	a := &app{
		env:          func(k string) string { return w.env[k] },
		now:          func() time.Time { return w.now },
		stdin:        strings.NewReader(stdin),
		stdout:       stdout,
		stderr:       stderr,
		stdinTTY:     w.stdinTTY,
		stdoutTTY:    w.stdoutTTY,
		readPassword: func() (string, error) { return w.password, nil },
		storeDir:     func() (string, error) { return w.dir, nil },
		secrets:      mockKeychain{},
		copy: func(s string) error {
			w.copied = s
			return w.copyErr
		},
		workers: 2,
		// Ctrl+C is already pressed: a serve that a test reaches by accident returns before it
		// listens instead of serving until the test times out (serving sets its own).
		interrupt: func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		},
	}
	if _, set := w.env[store.DirEnv]; set {
		a.storeDir = a.defaultStoreDir // as the real command finds it
	}
	return a
}

// printedNoSecret fails the test if a command printed a certificate.
func (w *world) printedNoSecret(r result, args []string) {
	w.t.Helper()
	for _, secret := range secrets {
		if strings.Contains(strings.ToLower(r.stdout+r.stderr), strings.ToLower(secret)) {
			w.t.Fatalf("tokendesk %s printed the App Certificate:\n%s", strings.Join(args, " "), r)
		}
	}
}

// mustRun runs a command that must succeed and returns its standard output.
func (w *world) mustRun(stdin string, args ...string) string {
	w.t.Helper()
	r := w.run(stdin, args...)
	if r.code != 0 {
		w.t.Fatalf("tokendesk %s: %s", strings.Join(args, " "), r)
	}
	return r.stdout
}

// expectFailure runs a command that must exit with code and say every one of the phrases on
// standard error, in one sentence-like line and without a Go stack trace.
func (w *world) expectFailure(code int, stdin string, args []string, phrases ...string) result {
	w.t.Helper()
	r := w.run(stdin, args...)
	if r.code != code {
		w.t.Fatalf("tokendesk %s: want exit %d, got %s", strings.Join(args, " "), code, r)
	}
	for _, p := range phrases {
		if !strings.Contains(r.stderr, p) {
			w.t.Errorf("tokendesk %s: stderr does not say %q:\n%s", strings.Join(args, " "), p, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		w.t.Errorf("tokendesk %s: stderr has a stack trace:\n%s", strings.Join(args, " "), r.stderr)
	}
	return r
}

// vector is one of the token package's shared test vectors.
type vector struct {
	Name     string          `json:"name"`
	AppID    string          `json:"app_id"`
	Cert     string          `json:"app_certificate"`
	IssuedAt int64           `json:"issue_ts"`
	Expire   int64           `json:"expire"`
	Salt     uint32          `json:"salt"`
	Services []vectorService `json:"services"`
	Token    string          `json:"token"`
	// 006
	Channel    string           `json:"channel"`
	UID        string           `json:"uid"`
	TS         int64            `json:"ts"`
	Privileges map[string]int64 `json:"privileges"`
}

type vectorService struct {
	Type        int                            `json:"type"`
	Privileges  map[string]int64               `json:"privileges"`
	Channel     *string                        `json:"channel_name"`
	UID         *string                        `json:"uid"`
	UserID      *string                        `json:"user_id"`
	Account     *string                        `json:"account"`
	RoomUUID    *string                        `json:"room_uuid"`
	UserUUID    *string                        `json:"user_uuid"`
	Role        *int                           `json:"role"`
	Permissions map[string]map[string][]string `json:"permissions"`
}

func readVectors(file string) ([]vector, error) {
	b, err := os.ReadFile(filepath.Join("..", "token", "testdata", file))
	if err != nil {
		return nil, err
	}
	var vs []vector
	err = json.Unmarshal(b, &vs)
	return vs, err
}

func loadVectors(t *testing.T, file string) []vector {
	t.Helper()
	vs, err := readVectors(file)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func findVector(t *testing.T, file, name string) vector {
	t.Helper()
	for _, v := range loadVectors(t, file) {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no vector %s in %s", name, file)
	return vector{}
}

func TestRunWithoutArgumentsShowsTheSubcommandsAndExits2(t *testing.T) {
	w := newWorld(t)
	r := w.run("")
	if r.code != exitUsage || !strings.Contains(r.stderr, "Subcommands:") {
		t.Fatal(r)
	}
}

func TestTopLevelHelpListsEverySubcommand(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		out := w.mustRun("", args...)
		for _, c := range commands() {
			if !strings.Contains(out, "  "+c.name+" ") {
				t.Errorf("%v does not list %s:\n%s", args, c.name, out)
			}
		}
	}
	if out := w.mustRun("", "help", "build"); !strings.Contains(out, "Usage: tokendesk build") {
		t.Errorf("help build shows:\n%s", out)
	}
}

func TestEverySubcommandHasHelpWithUsageAndExamples(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{
		{"build", "--help"}, {"decode", "-h"}, {"batch", "--help"}, {"version", "--help"},
		{"cert", "--help"}, {"cert", "set", "--help"}, {"cert", "delete", "-h"}, {"cert", "list", "--help"},
		{"history", "--help"}, {"history", "list", "--help"}, {"history", "show", "--help"},
		{"history", "rebuild", "--help"}, {"history", "delete", "--help"}, {"history", "clear", "--help"},
	} {
		out := w.mustRun("", args...)
		if !strings.Contains(out, "Usage: tokendesk "+args[0]) || !strings.Contains(out, "Examples:") {
			t.Errorf("tokendesk %s:\n%s", strings.Join(args, " "), out)
		}
	}
}

func TestEveryContractFlagIsDefined(t *testing.T) {
	contract := map[string][]string{
		"build": {"app-id", "service", "format", "channel", "uid", "account", "user", "room", "apaas-role", "role",
			"expire", "privilege-expire", "join-expire", "audio-expire", "video-expire", "data-expire",
			"issued-at", "salt", "json", "copy", "save", "cert-stdin"},
		"decode":          {"json", "verify", "channel", "uid", "account", "at", "cert-stdin"},
		"cert set":        {"app-id"},
		"cert delete":     {"app-id"},
		"history list":    {"search", "limit", "json"},
		"history rebuild": {"fresh", "cert-stdin"},
		"batch":           {"app-id", "service", "format", "channel", "role", "expire", "issued-at", "count", "uid-start", "out", "cert-stdin"},
	}
	sets := map[string]*flagSet{}
	for _, f := range allFlagSets() {
		sets[f.cmd] = f
	}
	for cmd, names := range contract {
		for _, name := range names {
			if sets[cmd] == nil || sets[cmd].fs.Lookup(name) == nil {
				t.Errorf("tokendesk %s has no --%s", cmd, name)
			}
		}
	}
}

func TestAMistypedSubcommandSuggestsTheNearestOne(t *testing.T) {
	w := newWorld(t)
	w.expectFailure(exitUsage, "", []string{"biuld"}, "did you mean build?")
	w.expectFailure(exitUsage, "", []string{"decod"}, "did you mean decode?")
	w.expectFailure(exitUsage, "", []string{"history", "lsit"}, "did you mean history list?")
	w.expectFailure(exitUsage, "", []string{"cert", "remove"}, "set, delete, list")
	w.expectFailure(exitUsage, "", []string{"frobnicate"}, `"frobnicate" is not a subcommand`)
}

func TestAMistypedFlagSuggestsTheNearestOne(t *testing.T) {
	w := newWorld(t)
	w.expectFailure(exitUsage, "", []string{"build", "--chanel", "x"}, "did you mean --channel?")
	w.expectFailure(exitUsage, "", []string{"decode", "--jsn"}, "did you mean --json?")
	w.expectFailure(exitUsage, "", []string{"build", "--verify"}, "--verify is a flag of decode")
	w.expectFailure(exitUsage, "", []string{"--json"}, "goes after a subcommand")
	w.expectFailure(exitUsage, "", []string{"build", "--uid"}, "--uid needs a value")
	w.expectFailure(exitUsage, "", []string{"build", "--json=maybe"}, "--json is a switch")
}

func TestEveryFlagMistakeIsOneSentenceAfterAPositionalArgumentToo(t *testing.T) {
	w := newWorld(t)
	w.expectFailure(exitUsage, "", []string{"build", "---channel", "x"}, `"---channel" is not a flag: flags look like --name or --name=value`)
	w.expectFailure(exitUsage, "", []string{"build", "-=x"}, `"-=x" is not a flag`)
	w.expectFailure(exitUsage, "", []string{"decode", "007abc", "--verify=yes"}, "--verify is a switch and takes no value: write --verify alone")
	w.expectFailure(exitUsage, "", []string{"decode", "007abc", "--chanel=room"}, "--chanel is not a flag of decode; did you mean --channel?")
	w.expectFailure(exitUsage, "", []string{"decode", "007abc", "--at"}, "--at needs a value, e.g. --at UNIX")
	r := w.expectFailure(exitUsage, "", []string{"decode", "--json=false", "007abc"}, "not a token")
	if strings.Contains(r.stderr, "flag") {
		t.Errorf("a switch set to false is refused: %s", r.stderr)
	}
}

func TestFlagsMayFollowPositionalArguments(t *testing.T) {
	w := newWorld(t)
	v := findVector(t, "v007.json", "rtc_uid_join")
	w.now = time.Unix(v.IssuedAt, 0).UTC()
	out := w.mustRun("", "decode", v.Token, "--json")
	if !strings.HasPrefix(out, "{") {
		t.Fatalf("decode TOKEN --json printed:\n%s", out)
	}
	// After "--" everything is an argument, even what looks like a flag.
	w.expectFailure(exitUsage, "", []string{"decode", "--", "--json"}, "not a token")
}

func TestVersionPrintsTheProgramAndGoVersion(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if out := w.mustRun("", args...); !strings.HasPrefix(out, "tokendesk ") || !strings.Contains(out, "go1.") {
			t.Errorf("%v printed %q", args, out)
		}
	}
	w.expectFailure(exitUsage, "", []string{"version", "extra"}, "takes no arguments")
}

func TestEditDistanceCountsATranspositionAsOneEdit(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"build", "biuld", 1}, {"channel", "chanel", 1}, {"", "abc", 3}, {"abc", "abc", 0}, {"json", "yaml", 4}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
