package store

import "errors"

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
