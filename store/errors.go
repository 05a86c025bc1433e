package store

import (
	"errors"
	"fmt"
)

// Errors returned by this package. Detail is wrapped around them with fmt.Errorf and %w, so
// callers test with errors.Is and can still show the whole message to a person.
var (
	// ErrNotFound means there is no such certificate, history entry or project.
	ErrNotFound = errors.New("store: not found")
	// ErrKeychainUnavailable means the OS keychain cannot be used right now: no session bus,
	// no Secret Service, locked, refused or not answering. The wrapping message says which and
	// what to do; the caller can still keep a certificate for the session ([SessionSecrets]).
	ErrKeychainUnavailable = errors.New("store: keychain unavailable")
	// ErrCorrupt means the history database could not be read as a database. Open moves such
	// a file aside and starts a new one; see [Store.MovedAside] and [Store.Recovery].
	ErrCorrupt = errors.New("store: history database was unreadable")
	// ErrExists means a project for the App ID already exists.
	ErrExists = errors.New("store: already exists")
	// ErrInvalidSetting means a setting has a value TokenDesk does not know.
	ErrInvalidSetting = errors.New("store: invalid setting")
	// ErrSchemaTooNew means the database was written by a newer TokenDesk, whose schema this
	// one does not know; the file is left untouched.
	ErrSchemaTooNew = errors.New("store: database is from a newer TokenDesk")
)

// Missing names what a [NotFoundError] did not find.
type Missing int

// What may be missing.
const (
	// MissingEntry: the history entry ID.
	MissingEntry Missing = iota + 1
	// MissingProject: the project for AppID.
	MissingProject
	// MissingProjectID: the project ID.
	MissingProjectID
	// MissingSessionCertificate: the certificate for AppID kept for this session.
	MissingSessionCertificate
	// MissingKeychainCertificate: the certificate for AppID in the keychain.
	MissingKeychainCertificate
	// MissingCertificate: a certificate for AppID, neither in the keychain nor kept for the
	// session.
	MissingCertificate
)

// NotFoundError says what was not found, with the facts a program needs to say it in another
// language. It wraps [ErrNotFound].
type NotFoundError struct {
	What  Missing
	ID    int64  // MissingEntry, MissingProjectID
	AppID string // the certificates and MissingProject
}

// Error is the English sentence: "store: not found: no history entry 7".
func (e *NotFoundError) Error() string { return ErrNotFound.Error() + ": " + e.Sentence() }

// Sentence is Error without the package's prefix, for a person: "no history entry 7".
func (e *NotFoundError) Sentence() string {
	switch e.What {
	case MissingEntry:
		return fmt.Sprintf("no history entry %d", e.ID)
	case MissingProject:
		return "no project for App ID " + e.AppID
	case MissingProjectID:
		return fmt.Sprintf("no project %d", e.ID)
	case MissingSessionCertificate:
		return "no session certificate for App ID " + e.AppID
	case MissingKeychainCertificate:
		return "the keychain has no certificate for App ID " + e.AppID
	}
	return "no certificate for App ID " + e.AppID + " in this session"
}

// Unwrap returns [ErrNotFound].
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// ExistsError says that a project for the App ID already exists. It wraps [ErrExists].
type ExistsError struct{ AppID string }

// Error is the English sentence: "store: already exists: App ID … already has a project".
func (e *ExistsError) Error() string { return ErrExists.Error() + ": " + e.Sentence() }

// Sentence is Error without the package's prefix, for a person.
func (e *ExistsError) Sentence() string { return "App ID " + e.AppID + " already has a project" }

// Unwrap returns [ErrExists].
func (e *ExistsError) Unwrap() error { return ErrExists }

// SchemaError says that the database was written by a newer TokenDesk: its schema Version is
// past the Known one. It wraps [ErrSchemaTooNew].
type SchemaError struct{ Version, Known int }

// Error is the English sentence.
func (e *SchemaError) Error() string { return ErrSchemaTooNew.Error() + ": " + e.Sentence() }

// Sentence is Error without the package's prefix, for a person.
func (e *SchemaError) Sentence() string {
	return fmt.Sprintf("its schema is version %d and this TokenDesk knows up to %d; update TokenDesk", e.Version, e.Known)
}

// Unwrap returns [ErrSchemaTooNew].
func (e *SchemaError) Unwrap() error { return ErrSchemaTooNew }
