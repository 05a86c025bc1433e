package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
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
	// Deadline, when not zero, bounds all the calls together, and once one of them has
	// waited in vain the later ones fail at once with the same error instead of waiting
	// again: a command asks a hung keychain once, however many certificates it looks up.
	Deadline time.Time

	mu    sync.Mutex
	stuck *KeychainError // with a Deadline: why the keychain is no longer asked
}

// NewKeychain returns the OS keychain with the default timeout for each call, as a window
// that lives long and may see the keychain unlocked later uses it.
func NewKeychain() *Keychain { return &Keychain{Timeout: DefaultKeychainTimeout} }

// NewCommandKeychain returns the OS keychain for one command: every call it makes shares
// one deadline, timeout from now, and a keychain that has not answered is not asked again.
func NewCommandKeychain(timeout time.Duration) *Keychain {
	return &Keychain{Timeout: timeout, Deadline: time.Now().Add(timeout)}
}

// keychainTurn lets one go-keyring call run at a time. go-keyring's provider is global to
// the process (and its mock is not safe for concurrent use). A call that hangs keeps the
// turn, so the calls after it give up when their own timeout ends instead of piling up
// goroutines behind it.
var keychainTurn = make(chan struct{}, 1)

// Get returns the certificate stored for the App ID, an error wrapping ErrNotFound when there
// is none, or one wrapping ErrKeychainUnavailable.
func (k *Keychain) Get(appID string) (string, error) {
	if err := validateKey(appID); err != nil {
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
	if err := validateKey(appID); err != nil {
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
	if err := validateKey(appID); err != nil {
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
	timeout, err := k.budget()
	if err != nil {
		return err
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case keychainTurn <- struct{}{}:
	case <-timer.C:
		return k.giveUp(&KeychainError{Reason: KeychainStillWaiting, Timeout: k.timeout()})
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
		return k.giveUp(&KeychainError{Reason: KeychainTimedOut, Timeout: k.timeout()})
	}
}

// budget is how long the next call may wait: Timeout, or what is left before the Deadline.
// With a Deadline, a keychain that has not answered before is not asked again.
func (k *Keychain) budget() (time.Duration, error) {
	timeout := k.timeout()
	if k == nil || k.Deadline.IsZero() {
		return timeout, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stuck != nil {
		return 0, k.stuck
	}
	if left := time.Until(k.Deadline); left < timeout {
		timeout = left
	}
	if timeout <= 0 {
		k.stuck = &KeychainError{Reason: KeychainTimedOut, Timeout: k.timeout()}
		return 0, k.stuck
	}
	return timeout, nil
}

// giveUp returns err, a call that waited in vain, and with a Deadline remembers it.
func (k *Keychain) giveUp(err *KeychainError) error {
	if k != nil && !k.Deadline.IsZero() {
		k.mu.Lock()
		k.stuck = err
		k.mu.Unlock()
	}
	return err
}

// keychainUsesDBus reports whether go-keyring reaches the keychain through the Secret
// Service on the D-Bus session bus here; elsewhere it uses macOS's keychain or Windows's
// Credential Manager.
const keychainUsesDBus = runtime.GOOS == "linux" || runtime.GOOS == "freebsd" ||
	runtime.GOOS == "openbsd" || runtime.GOOS == "netbsd" || runtime.GOOS == "dragonfly"

// sessionBusMissing reports a missing D-Bus session bus before go-keyring looks for one.
// With DBUS_SESSION_BUS_ADDRESS unset, godbus tries /run/user/<uid>/bus and then runs
// dbus-launch, which starts a bus of its own: one with no Secret Service on it, that
// outlives TokenDesk. Saying plainly that there is no bus is both quicker and kinder.
func sessionBusMissing() error {
	if !keychainUsesDBus {
		return nil
	}
	address := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if address != "" && !strings.HasPrefix(address, "autolaunch:") {
		return nil
	}
	runtimeDir := fmt.Sprintf("/run/user/%d/", os.Getuid())
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(runtimeDir + name); err == nil {
			return nil
		}
	}
	if address != "" {
		return &KeychainError{Reason: KeychainAutolaunch, Address: address}
	}
	return &KeychainError{Reason: KeychainNoSessionBus}
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

// keychainError maps what go-keyring returns to ErrNotFound or to a [*KeychainError] saying
// what went wrong and what to do. The original error is not wrapped: its text is copied with
// the certificate scrubbed out, so no error of ours can carry it.
func keychainError(err error, appID, secret string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, keyring.ErrNotFound) {
		return &NotFoundError{What: MissingKeychainCertificate, AppID: appID}
	}
	return unavailable(err, secret)
}

// unavailable says why the keychain failed with err, from the kind of failure.
func unavailable(err error, secret string) *KeychainError {
	e := &KeychainError{Detail: redact(err.Error(), secret), Name: dbusErrorName(err)}
	switch name := e.Name; {
	case errors.Is(err, keyring.ErrUnsupportedPlatform):
		e.Reason = KeychainUnsupported
	case name == dbusServiceUnknown || name == dbusNameHasNoOwner:
		e.Reason = KeychainNoSecretService
	case name == secretIsLocked:
		e.Reason = KeychainLocked
	case name == dbusAccessDenied || name == dbusAuthFailed:
		e.Reason = KeychainAccessDenied
	case name == dbusNoReply || name == dbusTimeout || name == dbusTimedOut:
		e.Reason = KeychainNoReply
	case name == secretNoSuchObject || name == dbusUnknownObject || name == secretNoSession:
		e.Reason = KeychainNoDefaultKeyring
	case name != "":
		e.Reason = KeychainRefused
	case strings.Contains(e.Detail, "failed to unlock correct collection"):
		e.Reason = KeychainNotUnlocked
	case strings.Contains(e.Detail, "couldn't determine address of session bus"):
		e.Reason = KeychainNoSessionBus
	case errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED):
		e.Reason = KeychainNoBusAtAddress
		e.Address = os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	case strings.HasPrefix(e.Detail, "dbus: authentication"):
		e.Reason = KeychainBusAuthRefused
	case errors.Is(err, dbus.ErrClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		e.Reason = KeychainConnectionClosed
	default:
		e.Reason = KeychainFailed
	}
	return e
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

// KeychainReason is why the keychain could not be used: the kind of a [KeychainError].
type KeychainReason int

// The reasons a [KeychainError] gives. Each has its own sentence, which says what to do.
const (
	// KeychainFailed: a failure of another kind; Detail says what it was.
	KeychainFailed KeychainReason = iota
	// KeychainUnsupported: go-keyring has no keychain for this system; Detail says which.
	KeychainUnsupported
	// KeychainNoSecretService: nothing on the D-Bus session bus provides the Secret Service.
	KeychainNoSecretService
	// KeychainLocked: the Secret Service says the keychain is locked.
	KeychainLocked
	// KeychainAccessDenied: the Secret Service or the bus refused access; Detail says how.
	KeychainAccessDenied
	// KeychainNoReply: the Secret Service did not reply; Detail is the bus's error.
	KeychainNoReply
	// KeychainNoDefaultKeyring: the Secret Service has no default keyring; Detail says more.
	KeychainNoDefaultKeyring
	// KeychainRefused: the Secret Service refused with another D-Bus error, Name, and Detail.
	KeychainRefused
	// KeychainNotUnlocked: the keychain is locked and its unlock prompt was dismissed or refused.
	KeychainNotUnlocked
	// KeychainNoSessionBus: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set).
	KeychainNoSessionBus
	// KeychainNoBusAtAddress: no session bus answers at Address; Detail is the dial error.
	KeychainNoBusAtAddress
	// KeychainBusAuthRefused: the session bus refused to authenticate this process; Detail says how.
	KeychainBusAuthRefused
	// KeychainConnectionClosed: the connection to the session bus was closed.
	KeychainConnectionClosed
	// KeychainTimedOut: the keychain did not answer within Timeout.
	KeychainTimedOut
	// KeychainStillWaiting: an earlier call, still waiting for the keychain, kept this one
	// from starting within Timeout.
	KeychainStillWaiting
	// KeychainNotSetUp: the [Certificates] have no keychain.
	KeychainNotSetUp
	// KeychainAutolaunch: DBUS_SESSION_BUS_ADDRESS is Address, an "autolaunch:" address,
	// which would start a new session bus with no keychain on it.
	KeychainAutolaunch
)

// KeychainError is why the keychain is unavailable, as facts a window can say in its own
// language; Error is the English sentence. It wraps ErrKeychainUnavailable. It never holds a
// certificate: Detail is the text of the failure below, with any certificate scrubbed out.
type KeychainError struct {
	Reason KeychainReason
	// Detail is the text of the error go-keyring or D-Bus returned, if the reason shows it.
	Detail string
	// Name is the D-Bus error name of the failure, if it had one.
	Name string
	// Address is the session bus address that did not answer, for KeychainNoBusAtAddress.
	Address string
	// Timeout is how long the call waited, for KeychainTimedOut and KeychainStillWaiting.
	Timeout time.Duration
}

// Unwrap returns ErrKeychainUnavailable, so that errors.Is finds it.
func (e *KeychainError) Unwrap() error { return ErrKeychainUnavailable }

// Error says, in English, what went wrong and what to do.
func (e *KeychainError) Error() string {
	return ErrKeychainUnavailable.Error() + ": " + e.reasonText()
}

// Sentence is Error without the package's prefix, for a person.
func (e *KeychainError) Sentence() string { return e.reasonText() }

func (e *KeychainError) reasonText() string {
	const orSession = "or use a session-only certificate"
	switch e.Reason {
	case KeychainUnsupported:
		return fmt.Sprintf("this system has no keychain TokenDesk can use (%s); use a session-only certificate", e.Detail)
	case KeychainNoSecretService:
		return "no Secret Service is running on the D-Bus session bus; install or start one " +
			"(GNOME Keyring, KWallet or KeePassXC with Secret Service integration), " + orSession
	case KeychainLocked:
		return "the keychain is locked; unlock it (log in to the desktop session, or open your " +
			"keyring manager) and try again, " + orSession
	case KeychainAccessDenied:
		return fmt.Sprintf("the Secret Service refused access (%s); allow TokenDesk in your keyring "+
			"manager and try again, %s", e.Detail, orSession)
	case KeychainNoReply:
		return fmt.Sprintf("the Secret Service did not reply (%s); try again, %s", e.Detail, orSession)
	case KeychainNoDefaultKeyring:
		return fmt.Sprintf("the Secret Service has no default keyring to store in (%s); create "+
			"one in your keyring manager, %s", e.Detail, orSession)
	case KeychainRefused:
		return fmt.Sprintf("the Secret Service refused the request (%s: %s); %s", e.Name, e.Detail, orSession)
	case KeychainNotUnlocked:
		return "the keychain is locked and was not unlocked (the unlock prompt was dismissed or " +
			"refused); unlock it and try again, " + orSession
	case KeychainNoSessionBus:
		return "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); start a desktop " +
			"session " + orSession
	case KeychainNoBusAtAddress:
		return fmt.Sprintf("no D-Bus session bus at %s (%s); start a desktop session, or fix "+
			"DBUS_SESSION_BUS_ADDRESS, %s", e.Address, e.Detail, orSession)
	case KeychainBusAuthRefused:
		return fmt.Sprintf("the D-Bus session bus refused this process (%s); %s", e.Detail, orSession)
	case KeychainConnectionClosed:
		return "the connection to the D-Bus session bus was closed; try again, " + orSession
	case KeychainTimedOut:
		return fmt.Sprintf("the keychain did not answer within %s: it may be waiting for an "+
			"unlock prompt, or the Secret Service is hung; unlock the keychain and try again, %s", e.Timeout, orSession)
	case KeychainStillWaiting:
		return fmt.Sprintf("the keychain did not answer within %s: an earlier request is still "+
			"waiting for it (perhaps for an unlock prompt); unlock the keychain and try again, %s", e.Timeout, orSession)
	case KeychainNotSetUp:
		return "no keychain is set up; use a session-only certificate"
	case KeychainAutolaunch:
		return fmt.Sprintf("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is %s, which would start a new "+
			"bus with no keychain on it); start a desktop session or use a session-only certificate", e.Address)
	}
	return fmt.Sprintf("the keychain failed (%s); try again, %s", e.Detail, orSession)
}
