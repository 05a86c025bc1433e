// Package store keeps what TokenDesk remembers between runs: App Certificates in the OS
// keychain, and projects, the history of built tokens and settings in an embedded SQLite
// database.
//
// A certificate is a secret and only ever goes to the keychain ([Keychain], through
// go-keyring) or, when the keychain is unavailable, to memory for one session
// ([SessionSecrets]); [Certificates] combines the two. Nothing here writes a certificate to
// a file, a log or an error message, and there is no plain-text fallback.
//
// Everything else lives in one database opened with [Open]: [Project] for the App IDs a
// person works with, [Entry] for each token built (its [token.Spec], so [Rebuild] makes the
// same token again) and [Settings]. The database is in WAL mode, so the desktop app and the
// CLI can use it at the same time, and a database that cannot be read is moved aside and
// reported through [Store.MovedAside], never silently replaced.
package store
