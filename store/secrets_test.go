package store

import (
	"errors"
	"sync"
	"testing"

	dbus "github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/tokendesk/tokendesk/token"
)

func TestASessionCertificateComesFirstAndStaysInMemory(t *testing.T) {
	mockKeyring(t)
	certificates := NewCertificates()
	if err := certificates.Set(sampleAppID, "0123456789abcdef0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	if err := certificates.SetSession(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if got, err := certificates.Get(sampleAppID); err != nil || got != sampleCertificate {
		t.Fatalf("Get = %q, %v, want the session certificate", got, err)
	}
	if got, _ := keyring.Get(KeychainService, sampleAppID); got == sampleCertificate {
		t.Fatal("SetSession wrote to the keychain")
	}
}

func TestSettingAKeychainCertificateReplacesTheSessionOne(t *testing.T) {
	mockKeyring(t)
	certificates := NewCertificates()
	if err := certificates.SetSession(sampleAppID, "0123456789abcdef0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	if err := certificates.Set(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if got, err := certificates.Get(sampleAppID); err != nil || got != sampleCertificate {
		t.Fatalf("Get = %q, %v, want the certificate just set", got, err)
	}
}

func TestDeletingACertificateRemovesItFromBothPlaces(t *testing.T) {
	mockKeyring(t)
	certificates := NewCertificates()
	if err := certificates.Set(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if err := certificates.SetSession(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if err := certificates.Delete(sampleAppID); err != nil {
		t.Fatal(err)
	}
	if _, err := certificates.Get(sampleAppID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
	if err := certificates.Delete(sampleAppID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete of a missing certificate: %v, want ErrNotFound", err)
	}
	if err := certificates.SetSession(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if err := certificates.Delete(sampleAppID); err != nil {
		t.Fatalf("Delete of a session-only certificate: %v", err)
	}
}

func TestWhenTheKeychainIsUnavailableASessionCertificateStillWorks(t *testing.T) {
	mockKeyringError(t, dbus.Error{Name: dbusServiceUnknown})
	certificates := NewCertificates()
	if err := certificates.Set(sampleAppID, sampleCertificate); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Set: %v, want ErrKeychainUnavailable", err)
	}
	if _, err := certificates.Get(sampleAppID); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Get: %v, want ErrKeychainUnavailable", err)
	}
	if err := certificates.SetSession(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if got, err := certificates.Get(sampleAppID); err != nil || got != sampleCertificate {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := certificates.Delete(sampleAppID); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Delete: %v, want ErrKeychainUnavailable, since the keychain may still hold a copy", err)
	}
}

func TestCertificatesWithoutAKeychainKeepSessionOnes(t *testing.T) {
	var certificates Certificates
	if err := certificates.Set(sampleAppID, sampleCertificate); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Set: %v, want ErrKeychainUnavailable", err)
	}
	if _, err := certificates.Get(sampleAppID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get: %v, want ErrNotFound", err)
	}
	if err := certificates.SetSession(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if got, err := certificates.Get(sampleAppID); err != nil || got != sampleCertificate {
		t.Fatalf("Get = %q, %v", got, err)
	}
}

func TestASessionCertificateIsCheckedFirst(t *testing.T) {
	s := NewSessionSecrets()
	if err := s.Set(sampleAppID, "too short"); !errors.Is(err, token.ErrInvalidCertificate) {
		t.Fatalf("Set: %v, want ErrInvalidCertificate", err)
	}
	if err := s.Set("nope", sampleCertificate); !errors.Is(err, token.ErrInvalidAppID) {
		t.Fatalf("Set: %v, want ErrInvalidAppID", err)
	}
}

func TestSessionSecretsAreSafeForConcurrentUse(t *testing.T) {
	var s SessionSecrets
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				_ = s.Set(sampleAppID, sampleCertificate)
				_, _ = s.Get(sampleAppID)
				_ = s.Delete(sampleAppID)
			}
		})
	}
	wg.Wait()
}
