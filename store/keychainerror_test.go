package store

import (
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	dbus "github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// keychainFailures are failures of go-keyring, each with the reason it is reported as and
// the English sentence that says so, word for word as TokenDesk has always said it.
var keychainFailures = []struct {
	reason KeychainReason
	err    error
	want   string
}{
	{KeychainUnsupported, keyring.ErrUnsupportedPlatform,
		"store: keychain unavailable: this system has no keychain TokenDesk can use (unsupported platform: " + runtime.GOOS + "); use a session-only certificate"},
	{KeychainNoSecretService, dbus.Error{Name: dbusServiceUnknown, Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}},
		"store: keychain unavailable: no Secret Service is running on the D-Bus session bus; install or start one (GNOME Keyring, KWallet or KeePassXC with Secret Service integration), or use a session-only certificate"},
	{KeychainLocked, dbus.Error{Name: secretIsLocked},
		"store: keychain unavailable: the keychain is locked; unlock it (log in to the desktop session, or open your keyring manager) and try again, or use a session-only certificate"},
	{KeychainAccessDenied, &dbus.Error{Name: dbusAccessDenied, Body: []any{"Rejected send message"}},
		"store: keychain unavailable: the Secret Service refused access (Rejected send message); allow TokenDesk in your keyring manager and try again, or use a session-only certificate"},
	{KeychainNoReply, dbus.Error{Name: dbusNoReply, Body: []any{"no reply"}},
		"store: keychain unavailable: the Secret Service did not reply (no reply); try again, or use a session-only certificate"},
	{KeychainNoDefaultKeyring, dbus.Error{Name: secretNoSuchObject, Body: []any{"no such object"}},
		"store: keychain unavailable: the Secret Service has no default keyring to store in (no such object); create one in your keyring manager, or use a session-only certificate"},
	{KeychainRefused, dbus.Error{Name: "org.example.Error.Odd", Body: []any{"odd"}},
		"store: keychain unavailable: the Secret Service refused the request (org.example.Error.Odd: odd); or use a session-only certificate"},
	{KeychainNotUnlocked, errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"),
		"store: keychain unavailable: the keychain is locked and was not unlocked (the unlock prompt was dismissed or refused); unlock it and try again, or use a session-only certificate"},
	{KeychainNoSessionBus, errors.New("dbus: couldn't determine address of session bus"),
		"store: keychain unavailable: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); start a desktop session or use a session-only certificate"},
	{KeychainNoBusAtAddress, &net.OpError{Op: "dial", Net: "unix", Err: os.NewSyscallError("connect", syscall.ENOENT)},
		"store: keychain unavailable: no D-Bus session bus at unix:path=/the-mock-needs-no-bus (dial unix: connect: " + syscall.ENOENT.Error() + "); start a desktop session, or fix DBUS_SESSION_BUS_ADDRESS, or use a session-only certificate"},
	{KeychainBusAuthRefused, errors.New("dbus: authentication failed"),
		"store: keychain unavailable: the D-Bus session bus refused this process (dbus: authentication failed); or use a session-only certificate"},
	{KeychainConnectionClosed, dbus.ErrClosed,
		"store: keychain unavailable: the connection to the D-Bus session bus was closed; try again, or use a session-only certificate"},
	{KeychainFailed, errors.New("something odd"),
		"store: keychain unavailable: the keychain failed (something odd); try again, or use a session-only certificate"},
}

// TestKeychainFailuresReadAsBeforeAndSayWhy pins the English text of every reason, and
// checks that each is a KeychainError a window can say in its own words.
func TestKeychainFailuresReadAsBeforeAndSayWhy(t *testing.T) {
	seen := map[KeychainReason]bool{}
	check := func(err error, reason KeychainReason, want string) {
		t.Helper()
		seen[reason] = true
		if err == nil || err.Error() != want {
			t.Errorf("reason %d:\n got %v\nwant %s", reason, err, want)
		}
		if !errors.Is(err, ErrKeychainUnavailable) {
			t.Errorf("reason %d: %v does not wrap ErrKeychainUnavailable", reason, err)
		}
		var ke *KeychainError
		if !errors.As(fmt.Errorf("saving: %w", err), &ke) {
			t.Fatalf("reason %d: errors.As finds no KeychainError in %v", reason, err)
		}
		if ke.Reason != reason {
			t.Errorf("%q has reason %d, want %d", want, ke.Reason, reason)
		}
	}
	for _, f := range keychainFailures {
		mockKeyringError(t, f.err)
		_, err := NewKeychain().Get(sampleAppID)
		check(err, f.reason, f.want)
	}
	mockKeyringError(t, &dbus.Error{Name: "org.example.Error.Odd", Body: []any{"odd"}})
	_, err := NewKeychain().Get(sampleAppID)
	var ke *KeychainError
	if !errors.As(err, &ke) || ke.Name != "org.example.Error.Odd" || ke.Detail != "odd" {
		t.Errorf("the refusal %#v does not keep its D-Bus name and detail", ke)
	}
	mockKeyringError(t, &net.OpError{Op: "dial", Net: "unix", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)})
	if _, err := NewKeychain().Get(sampleAppID); !errors.As(err, &ke) || ke.Address != "unix:path=/the-mock-needs-no-bus" {
		t.Errorf("the missing bus %#v does not keep its address", ke)
	}

	// The certificate never reaches the detail.
	mockKeyringError(t, errors.New("refused to store "+sampleCertificate))
	if err := NewKeychain().Set(sampleAppID, sampleCertificate); !errors.As(err, &ke) || ke.Detail != "refused to store [certificate]" {
		t.Errorf("Set: the detail of %#v is not scrubbed", ke)
	}

	// The ones the keychain says without asking go-keyring.
	check(&KeychainError{Reason: KeychainTimedOut, Timeout: 5 * time.Second}, KeychainTimedOut,
		"store: keychain unavailable: the keychain did not answer within 5s: it may be waiting for an unlock prompt, or the Secret Service is hung; unlock the keychain and try again, or use a session-only certificate")
	check(&KeychainError{Reason: KeychainStillWaiting, Timeout: 200 * time.Millisecond}, KeychainStillWaiting,
		"store: keychain unavailable: the keychain did not answer within 200ms: an earlier request is still waiting for it (perhaps for an unlock prompt); unlock the keychain and try again, or use a session-only certificate")
	_, err = (&Certificates{}).Get(sampleAppID)
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("Get without a keychain: %v, want ErrNotFound", err)
	}
	check((&Certificates{}).Set(sampleAppID, sampleCertificate), KeychainNotSetUp,
		"store: keychain unavailable: no keychain is set up; use a session-only certificate")
	check((&Certificates{}).Available(), KeychainNotSetUp,
		"store: keychain unavailable: no keychain is set up; use a session-only certificate")
	if keychainUsesDBus {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
		if err := sessionBusMissing(); err != nil {
			check(err, KeychainNoSessionBus,
				"store: keychain unavailable: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); start a desktop session or use a session-only certificate")
		}
	}

	for r := KeychainFailed; r <= KeychainNotSetUp; r++ {
		if !seen[r] {
			t.Errorf("reason %d is not pinned", r)
		}
	}
}
