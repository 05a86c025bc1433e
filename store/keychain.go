package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"

	dbus "github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/tokendesk/tokendesk/token"
)

// KeychainService is the keychain service name certificates are filed under; the user name
// of each entry is the App ID.
const KeychainService = "tokendesk"

// DefaultKeychainTimeout is how long a keychain call may take before the caller is told the
// keychain is unavailable.
const DefaultKeychainTimeout = 5 * time.Second

// probeUser is what Available looks up: it is not 32 hexadecimal characters, so no App ID,
// and therefore no entry of ours, can have it.
const probeUser = "tokendesk-availability-probe"

// Keychain is the OS keychain through go-keyring: service [KeychainService], user = App ID.
// Every call is bounded by Timeout so that a hung D-Bus or Secret Service, or an unlock
// prompt nobody answers, cannot freeze the caller. Safe for concurrent use.
type Keychain struct {
	// Timeout bounds each call; 0 means DefaultKeychainTimeout.
	Timeout time.Duration
}

// NewKeychain returns the OS keychain with the default timeout.
func NewKeychain() *Keychain { return &Keychain{Timeout: DefaultKeychainTimeout} }

// keychainTurn lets one go-keyring call run at a time. go-keyring's provider is global to
// the process (and its mock is not safe for concurrent use). A call that hangs keeps the
// turn, so the calls after it give up when their own timeout ends instead of piling up
// goroutines behind it.
var keychainTurn = make(chan struct{}, 1)

// Get returns the certificate stored for the App ID, an error wrapping ErrNotFound when there
// is none, or one wrapping ErrKeychainUnavailable.
func (k *Keychain) Get(appID string) (string, error) {
	if err := token.ValidateAppID(appID); err != nil {
		return "", err
	}
	var certificate string
	err := k.call(appID, "", func() (err error) {
		certificate, err = keyring.Get(KeychainService, appID)
		return err
	})
	if err != nil {
		return "", err
	}
	return certificate, nil
}

// Set stores the certificate for the App ID, replacing any before it. It checks both with
// the token package first, so nothing malformed reaches the keychain.
func (k *Keychain) Set(appID, certificate string) error {
	if err := token.ValidateAppID(appID); err != nil {
		return err
	}
	if err := token.ValidateCertificate(certificate); err != nil {
		return err
	}
	return k.call(appID, certificate, func() error {
		return keyring.Set(KeychainService, appID, certificate)
	})
}

// Delete removes the certificate stored for the App ID, or returns an error wrapping
// ErrNotFound when there is none.
func (k *Keychain) Delete(appID string) error {
	if err := token.ValidateAppID(appID); err != nil {
		return err
	}
	return k.call(appID, "", func() error { return keyring.Delete(KeychainService, appID) })
}

// Available returns nil when the keychain answers, else an error wrapping
// ErrKeychainUnavailable that says why. A locked keychain may show its unlock prompt.
func (k *Keychain) Available() error {
	err := k.call(probeUser, "", func() error {
		_, err := keyring.Get(KeychainService, probeUser)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

func (k *Keychain) timeout() time.Duration {
	if k == nil || k.Timeout <= 0 {
		return DefaultKeychainTimeout
	}
	return k.Timeout
}

// call runs one go-keyring call in a goroutine and waits for it at most the timeout. A call
// that times out is abandoned, not cancelled (go-keyring cannot be): it ends when the
// keychain answers, and until then holds keychainTurn. secret, when not empty, is scrubbed
// from any error text.
func (k *Keychain) call(appID, secret string, keyringCall func() error) error {
	if err := sessionBusMissing(); err != nil {
		return err
	}
	timeout := k.timeout()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case keychainTurn <- struct{}{}:
	case <-timer.C:
		return fmt.Errorf("%w: the keychain did not answer within %s: an earlier request is still "+
			"waiting for it (perhaps for an unlock prompt); unlock the keychain and try again, or "+
			"use a session-only certificate", ErrKeychainUnavailable, timeout)
	}
	done := make(chan error, 1)
	go func() {
		defer func() { <-keychainTurn }()
		defer func() {
			// go-keyring asserts the types of Secret Service replies without checking them;
			// a misbehaving service must not crash the app.
			if r := recover(); r != nil {
				done <- fmt.Errorf("the Secret Service sent a reply go-keyring could not read (%v)", r)
			}
		}()
		done <- keyringCall()
	}()
	select {
	case err := <-done:
		return keychainError(err, appID, secret)
	case <-timer.C:
		return fmt.Errorf("%w: the keychain did not answer within %s: it may be waiting for an "+
			"unlock prompt, or the Secret Service is hung; unlock the keychain and try again, or "+
			"use a session-only certificate", ErrKeychainUnavailable, timeout)
	}
}

// sessionBusMissing reports a missing D-Bus session bus before go-keyring looks for one.
// With DBUS_SESSION_BUS_ADDRESS unset, godbus tries /run/user/<uid>/bus and then runs
// dbus-launch, which starts a bus of its own: one with no Secret Service on it, that
// outlives TokenDesk. Saying plainly that there is no bus is both quicker and kinder.
func sessionBusMissing() error {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
	default:
		return nil // go-keyring does not use D-Bus here
	}
	if address := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); address != "" && address != "autolaunch:" {
		return nil
	}
	runtimeDir := fmt.Sprintf("/run/user/%d/", os.Getuid())
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(runtimeDir + name); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%w: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); start a "+
		"desktop session or use a session-only certificate", ErrKeychainUnavailable)
}

// D-Bus error names the Secret Service and the bus answer with.
const (
	dbusServiceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown"
	dbusNameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner"
	dbusAccessDenied   = "org.freedesktop.DBus.Error.AccessDenied"
	dbusAuthFailed     = "org.freedesktop.DBus.Error.AuthFailed"
	dbusNoReply        = "org.freedesktop.DBus.Error.NoReply"
	dbusTimeout        = "org.freedesktop.DBus.Error.Timeout"
	dbusTimedOut       = "org.freedesktop.DBus.Error.TimedOut"
	dbusUnknownObject  = "org.freedesktop.DBus.Error.UnknownObject"
	secretIsLocked     = "org.freedesktop.Secret.Error.IsLocked"
	secretNoSuchObject = "org.freedesktop.Secret.Error.NoSuchObject"
	secretNoSession    = "org.freedesktop.Secret.Error.NoSession"
)

// keychainError maps what go-keyring returns to ErrNotFound or to ErrKeychainUnavailable
// with a sentence saying what went wrong and what to do. The original error is not wrapped:
// its text is copied with the certificate scrubbed out, so no error of ours can carry it.
func keychainError(err error, appID, secret string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("%w: the keychain has no certificate for App ID %s", ErrNotFound, appID)
	}
	return fmt.Errorf("%w: %s", ErrKeychainUnavailable, unavailableReason(err, secret))
}

func unavailableReason(err error, secret string) string {
	const orSession = "or use a session-only certificate"
	detail := redact(err.Error(), secret)
	name := dbusErrorName(err)
	switch {
	case errors.Is(err, keyring.ErrUnsupportedPlatform):
		return fmt.Sprintf("this system has no keychain TokenDesk can use (%s); use a session-only certificate", detail)
	case name == dbusServiceUnknown || name == dbusNameHasNoOwner:
		return "no Secret Service is running on the D-Bus session bus; install or start one " +
			"(GNOME Keyring, KWallet or KeePassXC with Secret Service integration), " + orSession
	case name == secretIsLocked:
		return "the keychain is locked; unlock it (log in to the desktop session, or open your " +
			"keyring manager) and try again, " + orSession
	case name == dbusAccessDenied || name == dbusAuthFailed:
		return fmt.Sprintf("the Secret Service refused access (%s); allow TokenDesk in your keyring "+
			"manager and try again, %s", detail, orSession)
	case name == dbusNoReply || name == dbusTimeout || name == dbusTimedOut:
		return fmt.Sprintf("the Secret Service did not reply (%s); try again, %s", detail, orSession)
	case name == secretNoSuchObject || name == dbusUnknownObject || name == secretNoSession:
		return fmt.Sprintf("the Secret Service has no default keyring to store in (%s); create "+
			"one in your keyring manager, %s", detail, orSession)
	case name != "":
		return fmt.Sprintf("the Secret Service refused the request (%s: %s); %s", name, detail, orSession)
	case strings.Contains(detail, "failed to unlock correct collection"):
		return "the keychain is locked and was not unlocked (the unlock prompt was dismissed or " +
			"refused); unlock it and try again, " + orSession
	case strings.Contains(detail, "couldn't determine address of session bus"):
		return "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); start a desktop " +
			"session " + orSession
	case errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("no D-Bus session bus at %s (%s); start a desktop session, or fix "+
			"DBUS_SESSION_BUS_ADDRESS, %s", os.Getenv("DBUS_SESSION_BUS_ADDRESS"), detail, orSession)
	case strings.HasPrefix(detail, "dbus: authentication"):
		return fmt.Sprintf("the D-Bus session bus refused this process (%s); %s", detail, orSession)
	case errors.Is(err, dbus.ErrClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "the connection to the D-Bus session bus was closed; try again, " + orSession
	}
	return fmt.Sprintf("the keychain failed (%s); try again, %s", detail, orSession)
}

func dbusErrorName(err error) string {
	var value dbus.Error
	if errors.As(err, &value) {
		return value.Name
	}
	var pointer *dbus.Error
	if errors.As(err, &pointer) && pointer != nil {
		return pointer.Name
	}
	return ""
}

// redact replaces every occurrence of secret in s, in any letter case, so that an error
// from below can be shown without repeating the certificate it was given.
func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+len(secret) <= len(s) && strings.EqualFold(s[i:i+len(secret)], secret) {
			b.WriteString("[certificate]")
			i += len(secret)
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
