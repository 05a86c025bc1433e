package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	dbus "github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/tokendesk/tokendesk/token"
)

func TestAKeychainCertificateIsSetReadAndDeleted(t *testing.T) {
	mockKeyring(t)
	k := NewKeychain()
	if err := k.Set(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if got, err := keyring.Get(KeychainService, sampleAppID); err != nil || got != sampleCertificate {
		t.Fatalf("the keychain holds %q, %v under service %q and the App ID", got, err, KeychainService)
	}
	if got, err := k.Get(sampleAppID); err != nil || got != sampleCertificate {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := k.Delete(sampleAppID); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(sampleAppID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
	if err := k.Delete(sampleAppID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete of a missing certificate: %v, want ErrNotFound", err)
	}
}

func TestAnInvalidCertificateOrAppIDNeverReachesTheKeychain(t *testing.T) {
	mockKeyring(t)
	k := NewKeychain()
	if err := k.Set(sampleAppID, "not-a-certificate"); !errors.Is(err, token.ErrInvalidCertificate) {
		t.Fatalf("Set with a bad certificate: %v", err)
	}
	if err := k.Set("not-an-app-id", sampleCertificate); !errors.Is(err, token.ErrInvalidAppID) {
		t.Fatalf("Set with a bad App ID: %v", err)
	}
	if _, err := keyring.Get(KeychainService, sampleAppID); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("the keychain was written: %v", err)
	}
}

func TestKeychainErrorsBecomeSentencesThatSayWhatToDo(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"no Secret Service", dbus.Error{Name: dbusServiceUnknown,
			Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}},
			"no Secret Service is running"},
		{"locked", dbus.Error{Name: secretIsLocked}, "the keychain is locked"},
		{"unlock dismissed", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"),
			"unlock prompt was dismissed"},
		{"refused", &dbus.Error{Name: dbusAccessDenied, Body: []any{"Rejected send message"}}, "refused access"},
		{"no reply", dbus.Error{Name: dbusNoReply}, "did not reply"},
		{"no default keyring", dbus.Error{Name: secretNoSuchObject}, "no default keyring"},
		{"another D-Bus error", dbus.Error{Name: "org.example.Error.Odd", Body: []any{"odd"}},
			"refused the request (org.example.Error.Odd: odd)"},
		{"no bus address", errors.New("dbus: couldn't determine address of session bus"),
			"no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); start a desktop session or use a session-only certificate"},
		{"no bus at the address", &net.OpError{Op: "dial", Net: "unix",
			Err: os.NewSyscallError("connect", syscall.ENOENT)}, "no D-Bus session bus at"},
		{"bus refused", errors.New("dbus: authentication failed"), "refused this process"},
		{"bus closed", dbus.ErrClosed, "connection to the D-Bus session bus was closed"},
		{"no keychain on the platform", keyring.ErrUnsupportedPlatform, "no keychain TokenDesk can use"},
		{"anything else", errors.New("something odd"), "the keychain failed (something odd)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mockKeyringError(t, tt.err)
			_, err := NewKeychain().Get(sampleAppID)
			if !errors.Is(err, ErrKeychainUnavailable) {
				t.Fatalf("Get: %v, want ErrKeychainUnavailable", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "session-only certificate") {
				t.Errorf("Get: %q\nwant it to say %q and offer a session-only certificate", err, tt.want)
			}
		})
	}
}

func TestAKeychainErrorNeverRepeatsTheCertificate(t *testing.T) {
	mockKeyringError(t, errors.New("refused to store "+strings.ToLower(sampleCertificate)+
		" for "+sampleAppID))
	err := NewKeychain().Set(sampleAppID, sampleCertificate)
	if !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Set: %v, want ErrKeychainUnavailable", err)
	}
	if strings.Contains(strings.ToLower(err.Error()), strings.ToLower(sampleCertificate)) {
		t.Fatalf("the error repeats the certificate: %q", err)
	}
	if !strings.Contains(err.Error(), "[certificate]") {
		t.Errorf("the error %q does not show where the certificate was scrubbed", err)
	}
}

func TestAvailableSaysWhetherTheKeychainAnswers(t *testing.T) {
	mockKeyring(t)
	if err := NewKeychain().Available(); err != nil {
		t.Fatalf("Available with a working keychain: %v", err)
	}
	if err := NewCertificates().Available(); err != nil {
		t.Fatalf("Certificates.Available with a working keychain: %v", err)
	}
	mockKeyringError(t, dbus.Error{Name: secretIsLocked})
	if err := NewCertificates().Available(); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Available with a locked keychain: %v", err)
	}
	if err := (&Certificates{}).Available(); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Available without a keychain: %v", err)
	}
}

func TestWithoutASessionBusTheKeychainIsUnavailableAtOnce(t *testing.T) {
	skipWithoutDBus(t)
	if !inChild(t) {
		runChildAndWait(t) // a fresh go-keyring, not the mock of the other tests
		return
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-such-bus"))
	certificates := NewCertificates()
	start := time.Now()
	_, err := certificates.Get(sampleAppID)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Get took %s without a bus", elapsed)
	}
	if !errors.Is(err, ErrKeychainUnavailable) || !strings.Contains(err.Error(), "no D-Bus session bus at unix:path=") {
		t.Fatalf("Get without a bus: %v, want ErrKeychainUnavailable naming the missing bus", err)
	}
	if err := certificates.Available(); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Available without a bus: %v", err)
	}
	if err := certificates.Set(sampleAppID, sampleCertificate); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Set without a bus: %v", err)
	}
	if err := certificates.SetSession(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if got, err := certificates.Get(sampleAppID); err != nil || got != sampleCertificate {
		t.Fatalf("Get of a session certificate without a bus: %q, %v", got, err)
	}

	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if _, err := os.Stat(filepath.Join("/run/user", strconv.Itoa(os.Getuid()), "bus")); err == nil {
		return // this machine has a bus where godbus looks when the variable is not set
	}
	_, err = NewKeychain().Get(sampleAppID)
	want := "store: keychain unavailable: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); " +
		"start a desktop session or use a session-only certificate"
	if err == nil || err.Error() != want {
		t.Fatalf("Get with DBUS_SESSION_BUS_ADDRESS unset:\n got %v\nwant %s", err, want)
	}
}

func TestAKeychainThatDoesNotAnswerDoesNotFreezeTheCaller(t *testing.T) {
	skipWithoutDBus(t)
	if !inChild(t) {
		runChildAndWait(t)
		return
	}
	silentBus(t)

	k := &Keychain{Timeout: 200 * time.Millisecond}
	for _, want := range []string{"did not answer within 200ms", "an earlier request is still waiting"} {
		start := time.Now()
		_, err := k.Get(sampleAppID)
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("Get took %s", elapsed)
		}
		if !errors.Is(err, ErrKeychainUnavailable) || !strings.Contains(err.Error(), want) {
			t.Fatalf("Get from a silent bus: %v, want ErrKeychainUnavailable saying %q", err, want)
		}
	}
}

// silentBus names a session bus that accepts connections and never says a word: godbus waits
// forever for the authentication reply, as it would for a hung bus or Secret Service.
func silentBus(t *testing.T) {
	t.Helper()
	// The socket is not under t.TempDir(), whose long name would not fit a socket address.
	dir, err := os.MkdirTemp("", "tdbus")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	listener, err := net.Listen("unix", filepath.Join(dir, "bus"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		var held []net.Conn // kept open, unanswered, until the listener closes
		for {
			conn, err := listener.Accept()
			if err != nil {
				for _, c := range held {
					c.Close()
				}
				return
			}
			held = append(held, conn)
		}
	}()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(dir, "bus"))
}

func TestACommandAsksAKeychainThatDoesNotAnswerOnlyOnce(t *testing.T) {
	skipWithoutDBus(t)
	if !inChild(t) {
		runChildAndWait(t)
		return
	}
	silentBus(t)
	k := NewCommandKeychain(200 * time.Millisecond)
	_, first := k.Get(sampleAppID)
	var e *KeychainError
	if !errors.As(first, &e) || e.Reason != KeychainTimedOut {
		t.Fatalf("the first Get from a silent bus: %v, want a KeychainTimedOut", first)
	}
	// A plain Keychain would wait again, and then say an earlier request is still waiting;
	// a command's keychain does not ask again.
	for i := range 20 {
		_, err := k.Get(randomAppID(t))
		if !errors.As(err, &e) || e.Reason != KeychainTimedOut {
			t.Fatalf("Get number %d after the keychain did not answer: %v, want the first error again", i+2, err)
		}
	}
	if err := k.Available(); !errors.Is(err, ErrKeychainUnavailable) {
		t.Errorf("Available after the keychain did not answer: %v", err)
	}
}

func TestAnAutolaunchBusAddressIsNotReportedAsMissing(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("go-keyring uses D-Bus on Linux only")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "autolaunch:")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil {
		t.Skip("this machine has a session bus at /run/user/UID/bus, which godbus would find")
	}
	_, err := NewKeychain().Get(sampleAppID)
	var e *KeychainError
	if !errors.As(err, &e) || e.Reason != KeychainAutolaunch || strings.Contains(err.Error(), "not set") ||
		!strings.Contains(err.Error(), "DBUS_SESSION_BUS_ADDRESS is autolaunch:") {
		t.Errorf("Get with an autolaunch: address says %v", err)
	}
}

// skipWithoutDBus skips a test of the D-Bus keychain where go-keyring does not use D-Bus.
func skipWithoutDBus(t *testing.T) {
	t.Helper()
	if !keychainUsesDBus {
		t.Skipf("the keychain on %s is not the Secret Service on D-Bus", runtime.GOOS)
	}
}

// randomAppID returns an App ID no real project has, so that the test cannot touch a real
// certificate even in a real keychain.
func randomAppID(t *testing.T) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

func TestTheRealKeychainStoresReadsAndDeletesASecret(t *testing.T) {
	if os.Getenv("TOKENDESK_REAL_KEYRING") != "1" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must run the real keychain test: run inside scripts/test-env.sh")
		}
		t.Skip("TOKENDESK_REAL_KEYRING is not 1: run inside scripts/test-env.sh to use a real Secret Service")
	}
	if !inChild(t) {
		runChildAndWait(t) // the real go-keyring, not the mock of the other tests
		return
	}
	k := NewKeychain()
	if err := k.Available(); err != nil {
		t.Fatal(err)
	}
	appID := randomAppID(t)
	if _, err := k.Get(appID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of a new App ID: %v, want ErrNotFound", err)
	}
	if err := k.Set(appID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = k.Delete(appID) })
	if got, err := k.Get(appID); err != nil || got != sampleCertificate {
		t.Fatalf("Get = %q, %v", got, err)
	}
	const replacement = "0123456789abcdef0123456789ABCDEF"
	if err := k.Set(appID, replacement); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(appID); err != nil || got != replacement {
		t.Fatalf("Get after replacing = %q, %v", got, err)
	}
	if err := k.Delete(appID); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(appID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
	if err := k.Delete(appID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a second Delete: %v, want ErrNotFound", err)
	}
}
