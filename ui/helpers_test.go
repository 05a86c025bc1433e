package ui

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

const (
	sampleAppID       = "970CA35de60c44645bbae8a215061b33"
	sampleCertificate = "5CFd2fd1755d40ecb72977518be15d3b"
)

// testNow is the moment every test's clock shows.
var testNow = time.Date(2025, 6, 3, 14, 30, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	// Times on screen are local; the snapshots are taken in UTC. Texts are English, whatever
	// the locale the tests run in.
	time.Local = time.UTC
	useLanguage(languageEnglish)
	os.Exit(m.Run())
}

// harness is a window over the real store on a database in memory, certificates kept for
// the session, a fixed clock and a salt that counts up.
type harness struct {
	t     *testing.T
	ui    *UI
	mem   *store.Store
	certs *store.Certificates
	now   time.Time
	salt  uint32
}

// failingKeychain is a keychain that answers every call with err: the one fake here, since
// the real keychain cannot be made unavailable on purpose.
type failingKeychain struct{ err error }

func (k failingKeychain) Get(string) (string, error) { return "", k.err }
func (k failingKeychain) Set(string, string) error   { return k.err }
func (k failingKeychain) Delete(string) error        { return k.err }
func (k failingKeychain) Available() error           { return k.err }

// openMemoryStore opens the real store on a new database in memory, closed with the test.
func openMemoryStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

type option func(*harness, *Deps)

func withStore(st interface {
	History
	Projects
	Settings
}) option {
	return func(_ *harness, d *Deps) { d.History, d.Projects, d.Settings = st, st, st }
}

func withKeychainUnavailable() option {
	return func(h *harness, _ *Deps) {
		h.certs.Keychain = failingKeychain{&store.KeychainError{Reason: store.KeychainNotSetUp}}
	}
}

func newHarness(t *testing.T, opts ...option) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	// The keychain is kept in memory too, by the store's own session store.
	certs := &store.Certificates{Keychain: store.NewSessionSecrets()}
	h := &harness{t: t, mem: openMemoryStore(t), certs: certs, now: testNow, salt: 1000}
	h.mem.SetClock(func() time.Time { return h.now })
	// The window speaks English, whatever the locale the tests run in; tests of the language
	// setting change it.
	settings := store.DefaultSettings()
	settings.Language = languageEnglish
	if err := h.mem.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { useLanguage(languageEnglish) })
	deps := Deps{
		Now:         func() time.Time { return h.now },
		NewSalt:     func() (uint32, error) { h.salt++; return h.salt, nil },
		Synchronous: true,
	}
	deps.Certificates = h.certs
	withStore(h.mem)(h, &deps)
	for _, o := range opts {
		o(h, &deps)
	}
	h.ui = New(a, deps)
	h.ui.win.Resize(defaultWindowSize)
	t.Cleanup(func() {
		// A test may have closed the window already; the test driver panics on a second close.
		if slices.Contains(a.Driver().AllWindows(), h.ui.win) {
			h.ui.win.Close()
		}
	})
	return h
}

// addProject saves the sample project and its certificate, then reloads the projects.
// addRotatingProject saves the sample project in the middle of a certificate rotation: the
// sample certificate as its primary and secondaryCertificate as its secondary.
func (h *harness) addRotatingProject() {
	h.t.Helper()
	h.addProject("Rotating", sampleAppID, sampleCertificate)
	if err := h.certs.Set(store.SecondaryKey(sampleAppID), secondaryCertificate); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) addProject(label, appID, cert string) {
	h.t.Helper()
	p := store.Project{Label: label, AppID: appID, Service: token.KindRTC, Format: token.Version007, Role: token.RolePublisher, Expire: 3600}
	if err := h.ui.deps.Projects.SaveProject(&p); err != nil {
		h.t.Fatal(err)
	}
	if cert != "" {
		if err := h.certs.Set(appID, cert); err != nil {
			h.t.Fatal(err)
		}
	}
	list, err := h.ui.deps.Projects.Projects()
	if err != nil {
		h.t.Fatal(err)
	}
	h.ui.build.setProjects(list)
}

// typeIn clears an entry and types text into it, key by key, as a user does.
func typeIn(e *widget.Entry, text string) {
	e.SetText("")
	test.Type(e, text)
}

// relayout lays the whole window out again, as a real window does before each frame.
func (h *harness) relayout() {
	h.ui.win.Content().Refresh()
}

type vector006 struct {
	Name        string            `json:"name"`
	AppID       string            `json:"app_id"`
	Certificate string            `json:"app_certificate"`
	Channel     string            `json:"channel"`
	UID         string            `json:"uid"`
	Salt        uint32            `json:"salt"`
	Ts          uint32            `json:"ts"`
	Privileges  map[string]uint32 `json:"privileges"`
	Token       string            `json:"token"`
}

type vector007 struct {
	Name        string `json:"name"`
	AppID       string `json:"app_id"`
	Certificate string `json:"app_certificate"`
	IssueTs     uint32 `json:"issue_ts"`
	Expire      uint32 `json:"expire"`
	Salt        uint32 `json:"salt"`
	Token       string `json:"token"`
}

func loadVectors[T any](t testing.TB, name string) []T {
	t.Helper()
	b, err := os.ReadFile("../token/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var vs []T
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatalf("%s holds no vectors", name)
	}
	return vs
}

// sameToken fails the test unless two 007 tokens sign the same content (zlib may differ).
func sameToken(t *testing.T, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	if len(got) > 3 && got[:3] == token.Version007 && len(want) > 3 && want[:3] == token.Version007 {
		a, errA := token.Content007(got)
		b, errB := token.Content007(want)
		if errA == nil && errB == nil && string(a) == string(b) {
			return
		}
	}
	t.Fatalf("got token\n%s\nwant\n%s", got, want)
}

// buildAnyway taps Build token and, when Build asks first because the token would be born
// expired (an exact rebuild of an old token), answers Build anyway.
func (h *harness) buildAnyway() {
	h.t.Helper()
	test.Tap(h.ui.build.buildButton)
	if b := findButton(h.ui.win.Canvas().Overlays().Top(), "Build anyway"); b != nil {
		test.Tap(b)
	}
}
