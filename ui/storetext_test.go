package ui

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/tokendesk/tokendesk/store"
)

// keychainErrors are store.KeychainErrors of every reason, with facts in them.
func keychainErrors() []*store.KeychainError {
	var out []*store.KeychainError
	for r := store.KeychainFailed; r <= store.KeychainNotSetUp; r++ {
		out = append(out, &store.KeychainError{Reason: r, Detail: "dbus: odd (code 7)",
			Name: "org.example.Error.Odd", Address: "unix:path=/run/user/1000/bus", Timeout: 5 * time.Second})
	}
	return out
}

// storeErrors are the store's errors the window may show, besides the keychain's, each the
// store's own (or the in-memory store's, which stands in for it).
func storeErrors(t *testing.T) []error {
	t.Helper()
	var errs []error
	add := func(err error) {
		t.Helper()
		if err == nil {
			t.Fatal("no error")
		}
		errs = append(errs, err)
	}
	const otherAppID = "0123456789abcdef0123456789abcdef"
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Project(otherAppID)
	add(err)
	add(st.SaveProject(&store.Project{ID: 42, Label: "Gone", AppID: otherAppID}))
	_, err = st.Entry(99)
	add(err)
	p := store.Project{Label: "Demo", AppID: sampleAppID}
	if err := st.SaveProject(&p); err != nil {
		t.Fatal(err)
	}
	add(st.SaveProject(&store.Project{Label: "Again", AppID: sampleAppID}))
	_, err = store.NewSessionSecrets().Get(otherAppID)
	add(err)
	_, err = (&store.Certificates{}).Get(otherAppID)
	add(err)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/the-mock-needs-no-bus")
	keyring.MockInit()
	_, err = store.NewKeychain().Get(otherAppID)
	add(err)
	add(fmt.Errorf("store: saving the certificate: %w", store.ErrKeychainUnavailable))

	// A database of a newer TokenDesk.
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = store.Open(dir)
	if !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("opening a newer database: %v", err)
	}
	add(err)

	mem := openMemoryStore(t)
	_, err = mem.Project(otherAppID)
	add(err)
	add(mem.DeleteProject(otherAppID, nil))
	add(mem.SaveProject(&store.Project{ID: 42, Label: "Gone", AppID: otherAppID}))
	_, err = mem.Entry(99)
	add(err)
	if err := mem.SaveProject(&store.Project{Label: `Demo "app"`, AppID: sampleAppID}); err != nil {
		t.Fatal(err)
	}
	add(mem.SaveProject(&store.Project{Label: "Again", AppID: sampleAppID}))
	return errs
}

func TestStoreErrorsReadAsBeforeInEnglishAndInChineseInChinese(t *testing.T) {
	errs := storeErrors(t)
	for _, e := range keychainErrors() {
		errs = append(errs, e, fmt.Errorf("store: saving the project: %w", e))
	}
	useLanguage(languageEnglish)
	for _, err := range errs {
		if _, ok := storeText(err); !ok {
			t.Errorf("%q has no sentence in the window's language", err)
		}
		if got, want := sentence(err), englishSentence(err); got != want {
			t.Errorf("in English %q\nreads %q", want, got)
		}
	}
	useLanguage(languageChinese)
	t.Cleanup(func() { useLanguage(languageEnglish) })
	for _, err := range errs {
		got := sentence(err)
		if !hasHan(got) || !strings.HasSuffix(got, "。") {
			t.Errorf("in Chinese %q\nreads %q", err, got)
		}
		// The facts stay as they are: App IDs, numbers, labels, and what D-Bus said.
		english := englishSentence(err)
		for _, fact := range []string{sampleAppID, "0123456789abcdef0123456789abcdef", `"Demo \"app\""`, "42", "99", "999",
			"dbus: odd (code 7)", "org.example.Error.Odd", "unix:path=/run/user/1000/bus", "5s"} {
			if strings.Contains(english, fact) && !strings.Contains(got, fact) {
				t.Errorf("in Chinese %q\nreads %q, without %s", err, got, fact)
			}
		}
	}
	for err, want := range map[error]string{
		&store.KeychainError{Reason: store.KeychainLocked}:                                                                                                 "钥匙串已锁定；请将其解锁（登录桌面会话，或打开密钥环管理器）后重试，或使用仅本次会话使用的证书。",
		&store.KeychainError{Reason: store.KeychainRefused, Name: "org.example.Error.Odd", Detail: "odd"}:                                                  "Secret Service 拒绝了请求（org.example.Error.Odd: odd）；可以改用仅本次会话使用的证书。",
		&store.KeychainError{Reason: store.KeychainNoBusAtAddress, Address: "unix:path=/tmp/bus", Detail: "dial unix: connect: no such file or directory"}: "unix:path=/tmp/bus 上没有 D-Bus 会话总线（dial unix: connect: no such file or directory）；请启动桌面会话或修正 DBUS_SESSION_BUS_ADDRESS，或使用仅本次会话使用的证书。",
		&store.KeychainError{Reason: store.KeychainStillWaiting, Timeout: 200 * time.Millisecond}:                                                          "钥匙串在 200ms 内没有响应：之前的一个请求仍在等待它（可能在等待解锁提示）；请解锁钥匙串后重试，或使用仅本次会话使用的证书。",
		store.ErrKeychainUnavailable: "钥匙串不可用。",
	} {
		if got := sentence(err); got != want {
			t.Errorf("%q reads\n%q, want\n%q", err, got, want)
		}
	}
}

func TestWithoutAKeychainTheBannerSaysWhyInChinese(t *testing.T) {
	locked := &store.KeychainError{Reason: store.KeychainLocked}
	banner := func(h *harness) string {
		t.Helper()
		if len(h.ui.banners.Objects) != 1 {
			t.Fatalf("%d banners, want the keychain's", len(h.ui.banners.Objects))
		}
		return strings.Join(shownTexts(h.ui.banners), "\n")
	}
	unavailable := func(h *harness, _ *Deps) { h.certs.Keychain = failingKeychain{locked} }

	h := newHarness(t, unavailable)
	want := "The system keychain is not available, so certificates cannot be saved: The keychain is locked; " +
		"unlock it (log in to the desktop session, or open your keyring manager) and try again, or use a " +
		"session-only certificate. Certificates you type are used for this session only."
	if got := banner(h); !strings.Contains(got, want) {
		t.Errorf("the English banner reads\n%s\nwant\n%s", got, want)
	}

	h = newHarness(t, unavailable, withSettings(func(v *store.Settings) { v.Language = languageChinese }))
	want = "系统钥匙串不可用，无法保存证书：钥匙串已锁定；请将其解锁（登录桌面会话，或打开密钥环管理器）后重试，" +
		"或使用仅本次会话使用的证书。 输入的证书仅在本次会话中使用。"
	if got := banner(h); !strings.Contains(got, want) {
		t.Errorf("the Chinese banner reads\n%s\nwant\n%s", got, want)
	}
}

func TestEveryStoreErrorTypeReadsInChineseWithItsFacts(t *testing.T) {
	useLanguage(languageChinese)
	t.Cleanup(func() { useLanguage(languageEnglish) })
	for _, err := range []error{
		&store.NotFoundError{What: store.MissingEntry, ID: 7},
		&store.NotFoundError{What: store.MissingProject, AppID: sampleAppID},
		&store.NotFoundError{What: store.MissingProjectID, ID: 42},
		&store.NotFoundError{What: store.MissingSessionCertificate, AppID: sampleAppID},
		&store.NotFoundError{What: store.MissingKeychainCertificate, AppID: sampleAppID},
		&store.NotFoundError{What: store.MissingCertificate, AppID: sampleAppID},
		fmt.Errorf("store: saving the project: %w", &store.ExistsError{AppID: sampleAppID}),
		&store.SchemaError{Version: 999, Known: 3},
	} {
		got := sentence(err)
		if !hasHan(got) || !strings.HasSuffix(got, "。") {
			t.Errorf("%q reads %q in Chinese", err, got)
		}
		for _, fact := range []string{sampleAppID, "7", "42", "999"} {
			if strings.Contains(err.Error(), fact) && !strings.Contains(got, fact) {
				t.Errorf("%q reads %q in Chinese, without %s", err, got, fact)
			}
		}
	}
}
