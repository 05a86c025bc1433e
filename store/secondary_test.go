package store

import (
	"errors"
	"testing"

	"github.com/zalando/go-keyring"
)

// secondaryCertificate stands for a project's secondary App Certificate.
const secondaryCertificate = "abcdef0123456789abcdef0123456789"

func TestASecondaryCertificateHasAKeychainEntryOfItsOwn(t *testing.T) {
	mockKeyring(t)
	certificates := NewCertificates()
	if err := certificates.Set(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if err := certificates.Set(SecondaryKey(sampleAppID), secondaryCertificate); err != nil {
		t.Fatal(err)
	}
	if got, err := keyring.Get(KeychainService, sampleAppID); err != nil || got != sampleCertificate {
		t.Errorf("the primary entry holds %q, %v", got, err)
	}
	if got, err := keyring.Get(KeychainService, SecondaryKey(sampleAppID)); err != nil || got != secondaryCertificate {
		t.Errorf("the secondary entry holds %q, %v", got, err)
	}
	primary, secondary, err := CertificatePair(certificates, sampleAppID)
	if err != nil || primary != sampleCertificate || secondary != secondaryCertificate {
		t.Errorf("CertificatePair = %q, %q, %v", primary, secondary, err)
	}
	if err := certificates.Set(SecondaryKey("not an app id"), secondaryCertificate); err == nil {
		t.Error("a secondary key for a malformed App ID was accepted")
	}
}

func TestAProjectWithoutASecondaryHasOnlyItsPrimary(t *testing.T) {
	mockKeyring(t)
	certificates := NewCertificates()
	if err := certificates.Set(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	primary, secondary, err := CertificatePair(certificates, sampleAppID)
	if err != nil || primary != sampleCertificate || secondary != "" {
		t.Errorf("CertificatePair = %q, %q, %v", primary, secondary, err)
	}
}

func TestDeletingAProjectDeletesBothCertificates(t *testing.T) {
	mockKeyring(t)
	s := openStore(t)
	p := Project{AppID: sampleAppID}
	if err := s.SaveProject(&p); err != nil {
		t.Fatal(err)
	}
	certificates := NewCertificates()
	if err := certificates.Set(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if err := certificates.Set(SecondaryKey(sampleAppID), secondaryCertificate); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteProject(sampleAppID, certificates); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{sampleAppID, SecondaryKey(sampleAppID)} {
		if _, err := keyring.Get(KeychainService, key); !errors.Is(err, keyring.ErrNotFound) {
			t.Errorf("the keychain still holds %s: %v", key, err)
		}
	}
}
