package store

import (
	"errors"
	"strings"
	"sync"

	"github.com/tokendesk/tokendesk/token"
)

// Secrets holds App Certificates keyed by App ID, and a project's secondary certificate by
// [SecondaryKey] of its App ID. An implementation never logs a certificate or puts one in an
// error.
type Secrets interface {
	// Get returns the certificate for the App ID, or an error wrapping ErrNotFound.
	Get(appID string) (string, error)
	// Set stores the certificate for the App ID after checking it with
	// token.ValidateCertificate.
	Set(appID, certificate string) error
	// Delete removes the certificate for the App ID, or returns an error wrapping ErrNotFound.
	Delete(appID string) error
}

// secondarySuffix follows the App ID in the key of a secondary certificate.
const secondarySuffix = ":secondary"

// SecondaryKey is the key a project's secondary App Certificate is kept under: a keychain
// entry of its own beside the primary's, which is keyed by the App ID itself. Agora lets a
// project have a primary and a secondary certificate, both able to sign its tokens, so that
// one can be replaced while the other keeps working.
func SecondaryKey(appID string) string { return appID + secondarySuffix }

// validateKey checks a key of [Secrets]: an App ID, or [SecondaryKey] of one.
func validateKey(key string) error {
	return token.ValidateAppID(strings.TrimSuffix(key, secondarySuffix))
}

// CertificatePair returns the primary and secondary certificates saved for the App ID, ""
// for one not saved. err is the first failure other than ErrNotFound, such as an unavailable
// keychain; the other certificate is still returned.
func CertificatePair(s interface{ Get(string) (string, error) }, appID string) (primary, secondary string, err error) {
	primary, err = s.Get(appID)
	if errors.Is(err, ErrNotFound) {
		err = nil
	}
	secondary, err2 := s.Get(SecondaryKey(appID))
	if errors.Is(err2, ErrNotFound) {
		err2 = nil
	}
	if err == nil {
		err = err2
	}
	return primary, secondary, err
}

// SessionSecrets keeps certificates in memory only, for this process: what a person can use
// when the keychain is unavailable, since there is no plain-text fallback. The zero value is
// ready to use. Safe for concurrent use.
type SessionSecrets struct {
	mu    sync.RWMutex
	certs map[string]string
}

// NewSessionSecrets returns an empty in-memory store.
func NewSessionSecrets() *SessionSecrets { return &SessionSecrets{} }

// Get returns the certificate held for the App ID, or an error wrapping ErrNotFound.
func (s *SessionSecrets) Get(appID string) (string, error) {
	s.mu.RLock()
	certificate, ok := s.certs[appID]
	s.mu.RUnlock()
	if !ok {
		return "", &NotFoundError{What: MissingSessionCertificate, AppID: appID}
	}
	return certificate, nil
}

// Set holds the certificate for the App ID until the process ends.
func (s *SessionSecrets) Set(appID, certificate string) error {
	if err := validateKey(appID); err != nil {
		return err
	}
	if err := token.ValidateCertificate(certificate); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.certs == nil {
		s.certs = make(map[string]string)
	}
	s.certs[appID] = certificate
	return nil
}

// Delete forgets the certificate held for the App ID, or returns an error wrapping
// ErrNotFound.
func (s *SessionSecrets) Delete(appID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.certs[appID]; !ok {
		return &NotFoundError{What: MissingSessionCertificate, AppID: appID}
	}
	delete(s.certs, appID)
	return nil
}

// Certificates is where the app looks for a certificate: the session store first, then the
// keychain. Set goes to the keychain, SetSession to memory only. A nil Keychain behaves as an
// unavailable one and a nil Session is created on first use. Safe for concurrent use.
type Certificates struct {
	Keychain Secrets
	Session  *SessionSecrets

	mu sync.Mutex // guards the creation of Session
}

// NewCertificates returns certificates kept in the OS keychain, with a session store for
// when the keychain is unavailable.
func NewCertificates() *Certificates {
	return &Certificates{Keychain: NewKeychain(), Session: NewSessionSecrets()}
}

func (c *Certificates) session() *SessionSecrets {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Session == nil {
		c.Session = NewSessionSecrets()
	}
	return c.Session
}

// Get returns the session certificate for the App ID if there is one, else the keychain's.
// The error wraps ErrNotFound when neither has it, or ErrKeychainUnavailable.
func (c *Certificates) Get(appID string) (string, error) {
	if certificate, err := c.session().Get(appID); err == nil {
		return certificate, nil
	}
	if c.Keychain == nil {
		return "", &NotFoundError{What: MissingCertificate, AppID: appID}
	}
	return c.Keychain.Get(appID)
}

// Set stores the certificate in the keychain. A session certificate for the App ID is then
// forgotten, so that Get does not keep returning the older one.
func (c *Certificates) Set(appID, certificate string) error {
	if c.Keychain == nil {
		return &KeychainError{Reason: KeychainNotSetUp}
	}
	if err := c.Keychain.Set(appID, certificate); err != nil {
		return err
	}
	_ = c.session().Delete(appID) // ErrNotFound is the usual answer and means nothing to forget
	return nil
}

// SetSession holds the certificate in memory for this process only.
func (c *Certificates) SetSession(appID, certificate string) error {
	return c.session().Set(appID, certificate)
}

// Delete removes the certificate from both the session store and the keychain. It returns
// an error wrapping ErrNotFound only when neither had it, and the keychain's error when the
// keychain could not be asked, since a copy may then remain there.
func (c *Certificates) Delete(appID string) error {
	if err := validateKey(appID); err != nil {
		return err
	}
	sessionErr := c.session().Delete(appID)
	if c.Keychain == nil {
		return sessionErr
	}
	keychainErr := c.Keychain.Delete(appID)
	if errors.Is(keychainErr, ErrNotFound) && sessionErr == nil {
		return nil
	}
	return keychainErr
}

// Available returns nil if the keychain answers, else an error wrapping
// ErrKeychainUnavailable that says why and what to do.
func (c *Certificates) Available() error {
	switch k := c.Keychain.(type) {
	case nil:
		return &KeychainError{Reason: KeychainNotSetUp}
	case interface{ Available() error }:
		return k.Available()
	}
	// Any other Secrets answers a lookup of an App ID nobody uses the way it would a real one.
	_, err := c.Keychain.Get("00000000000000000000000000000000")
	if err == nil || errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}
