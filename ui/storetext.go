package ui

import (
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// The store package speaks English, to the command line as to the window. Its keychain
// errors carry their reason and facts (store.KeychainError), and the window says them in its
// own language; so are what was not found (store.NotFoundError), a project that exists
// (store.ExistsError) and a database from a newer TokenDesk (store.SchemaError), by their
// type and facts. The English translations
// are the store package's own sentences, word for word, so English reads as it always did.

// storeText says what a store error means in the window's language, without the capital and
// full stop sentence adds; ok is false for an error that is not the store's, or one with no
// sentence here (its own English text is then the one to show).
func storeText(err error) (text string, ok bool) {
	var ke *store.KeychainError
	if errors.As(err, &ke) {
		return keychainText(ke), true
	}
	var se *store.StorageError
	if errors.As(err, &se) {
		return storageText(se), true
	}
	var nf *store.NotFoundError
	var ee *store.ExistsError
	var sch *store.SchemaError
	switch {
	case errors.As(err, &nf):
		return notFoundText(nf), true
	case errors.As(err, &ee):
		return lang.L("App ID {{.AppID}} already has a project", map[string]any{"AppID": ee.AppID}), true
	case errors.As(err, &sch):
		return lang.L("its schema is version {{.Version}} and this TokenDesk knows up to {{.Known}}; update TokenDesk",
			map[string]any{"Version": sch.Version, "Known": sch.Known}), true
	case errors.Is(err, store.ErrKeychainUnavailable):
		return lang.L("keychain unavailable"), true
	}
	return "", false
}

// notFoundText says what was not found.
func notFoundText(e *store.NotFoundError) string {
	data := map[string]any{"AppID": e.AppID, "ID": e.ID}
	switch e.What {
	case store.MissingEntry:
		return lang.L("no history entry {{.ID}}", data)
	case store.MissingProject:
		return lang.L("no project for App ID {{.AppID}}", data)
	case store.MissingProjectID:
		return lang.L("no project {{.ID}}", data)
	case store.MissingSessionCertificate:
		return lang.L("no session certificate for App ID {{.AppID}}", data)
	case store.MissingKeychainCertificate:
		return lang.L("the keychain has no certificate for App ID {{.AppID}}", data)
	}
	return lang.L("no certificate for App ID {{.AppID}} in this session", data)
}

// storageText says what is wrong with the store's folder or database file, in the window's
// language.
func storageText(e *store.StorageError) string {
	data := map[string]any{"Path": token.Printable(e.Path), "Detail": e.Detail}
	switch e.Problem {
	case store.StorageReadOnly:
		return lang.L("the folder {{.Path}} cannot be written (it is read-only, or belongs to another user); make it writable, or set TOKENDESK_DIR to another folder", data)
	case store.StorageFull:
		return lang.L("the disk that holds {{.Path}} is full; free some space and try again", data)
	case store.StorageNotAFolder:
		return lang.L("{{.Path}} is a file, where TokenDesk needs a folder; move the file away, or set TOKENDESK_DIR to another folder", data)
	case store.StorageBlankDir:
		return lang.L("TOKENDESK_DIR is set but blank; set it to a folder, or unset it")
	case store.StorageDiskError:
		return lang.L("the disk failed while the history in {{.Path}} was read or written; check the disk and try again", data)
	}
	return lang.L("the history in {{.Path}} cannot be used: {{.Detail}}", data)
}

// keychainText says why the keychain is unavailable and what to do, in the window's
// language; the detail, D-Bus name, address and timeout as the store gives them.
func keychainText(e *store.KeychainError) string {
	data := map[string]any{"Detail": e.Detail, "Name": e.Name, "Address": e.Address, "Timeout": e.Timeout.String()}
	switch e.Reason {
	case store.KeychainUnsupported:
		return lang.L("this system has no keychain TokenDesk can use ({{.Detail}}); use a session-only certificate", data)
	case store.KeychainNoSecretService:
		return lang.L("no Secret Service is running on the D-Bus session bus; install or start one (GNOME Keyring, KWallet or KeePassXC with Secret Service integration), or use a session-only certificate")
	case store.KeychainLocked:
		return lang.L("the keychain is locked; unlock it (log in to the desktop session, or open your keyring manager) and try again, or use a session-only certificate")
	case store.KeychainAccessDenied:
		return lang.L("the Secret Service refused access ({{.Detail}}); allow TokenDesk in your keyring manager and try again, or use a session-only certificate", data)
	case store.KeychainNoReply:
		return lang.L("the Secret Service did not reply ({{.Detail}}); try again, or use a session-only certificate", data)
	case store.KeychainNoDefaultKeyring:
		return lang.L("the Secret Service has no default keyring to store in ({{.Detail}}); create one in your keyring manager, or use a session-only certificate", data)
	case store.KeychainRefused:
		return lang.L("the Secret Service refused the request ({{.Name}}: {{.Detail}}); or use a session-only certificate", data)
	case store.KeychainNotUnlocked:
		return lang.L("the keychain is locked and was not unlocked (the unlock prompt was dismissed or refused); unlock it and try again, or use a session-only certificate")
	case store.KeychainNoSessionBus:
		return lang.L("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); start a desktop session or use a session-only certificate")
	case store.KeychainNoBusAtAddress:
		return lang.L("no D-Bus session bus at {{.Address}} ({{.Detail}}); start a desktop session, or fix DBUS_SESSION_BUS_ADDRESS, or use a session-only certificate", data)
	case store.KeychainBusAuthRefused:
		return lang.L("the D-Bus session bus refused this process ({{.Detail}}); or use a session-only certificate", data)
	case store.KeychainConnectionClosed:
		return lang.L("the connection to the D-Bus session bus was closed; try again, or use a session-only certificate")
	case store.KeychainTimedOut:
		return lang.L("the keychain did not answer within {{.Timeout}}: it may be waiting for an unlock prompt, or the Secret Service is hung; unlock the keychain and try again, or use a session-only certificate", data)
	case store.KeychainStillWaiting:
		return lang.L("the keychain did not answer within {{.Timeout}}: an earlier request is still waiting for it (perhaps for an unlock prompt); unlock the keychain and try again, or use a session-only certificate", data)
	case store.KeychainNotSetUp:
		return lang.L("no keychain is set up; use a session-only certificate")
	case store.KeychainAutolaunch:
		return lang.L("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is {{.Address}}, which would start a new bus with no keychain on it); start a desktop session or use a session-only certificate", data)
	}
	return lang.L("the keychain failed ({{.Detail}}); try again, or use a session-only certificate", data)
}
