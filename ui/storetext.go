package ui

import (
	"errors"
	"regexp"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// The store package speaks English, to the command line as to the window. Its keychain
// errors carry their reason and facts (store.KeychainError), and the window says them in its
// own language; its other errors the window shows are translated by their sentinel, the
// facts (App ID, number, version) taken from the text as they are. The English translations
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
	switch detail, sentinel := storeDetail(err); sentinel {
	case store.ErrKeychainUnavailable:
		if detail == "" {
			return lang.L("keychain unavailable"), true
		}
	case store.ErrNotFound:
		return notFoundText(detail)
	case store.ErrExists:
		if m := projectExists.FindStringSubmatch(detail); m != nil {
			return lang.L("App ID {{.AppID}} already has a project", map[string]any{"AppID": m[1]}), true
		}
		if m := labelExists.FindStringSubmatch(detail); m != nil {
			return lang.L("the project {{.Label}} already has the App ID {{.AppID}}", map[string]any{"Label": m[1], "AppID": m[2]}), true
		}
	case store.ErrSchemaTooNew:
		if m := schemaTooNew.FindStringSubmatch(detail); m != nil {
			return lang.L("its schema is version {{.Version}} and this TokenDesk knows up to {{.Known}}; update TokenDesk",
				map[string]any{"Version": m[1], "Known": m[2]}), true
		}
	}
	return "", false
}

// storeSentinels are the store errors storeText translates by their sentinel.
var storeSentinels = []error{store.ErrNotFound, store.ErrExists, store.ErrSchemaTooNew, store.ErrKeychainUnavailable}

// storeDetail is what err says after the store sentinel it wraps ("no project 3" of "store:
// not found: no project 3"), and the sentinel; nil when it wraps none of storeSentinels.
func storeDetail(err error) (detail string, sentinel error) {
	for _, s := range storeSentinels {
		if !errors.Is(err, s) {
			continue
		}
		msg := err.Error()
		i := strings.LastIndex(msg, s.Error())
		if i < 0 {
			return "", nil
		}
		return strings.TrimPrefix(msg[i+len(s.Error()):], ": "), s
	}
	return "", nil
}

// The facts in the store's English sentences, and in the in-memory store's (memory.go).
var (
	projectForAppID      = regexp.MustCompile(`^no project for App ID (\S+)$`)
	projectHasAppID      = regexp.MustCompile(`^no project has the App ID (\S+)$`)
	projectNumber        = regexp.MustCompile(`^no project (\d+)$`)
	memoryProjectNumber  = regexp.MustCompile(`^project (\d+)$`)
	historyEntry         = regexp.MustCompile(`^no history entry (\d+)$`)
	memoryHistoryEntry   = regexp.MustCompile(`^history entry (\d+)$`)
	sessionCertificate   = regexp.MustCompile(`^no session certificate for App ID (\S+)$`)
	keychainCertificate  = regexp.MustCompile(`^the keychain has no certificate for App ID (\S+)$`)
	certificateInSession = regexp.MustCompile(`^no certificate for App ID (\S+) in this session$`)
	projectExists        = regexp.MustCompile(`^App ID (\S+) already has a project$`)
	labelExists          = regexp.MustCompile(`^the project ("(?:[^"\\]|\\.)*") already has the App ID (\S+)$`)
	schemaTooNew         = regexp.MustCompile(`^its schema is version (\d+) and this TokenDesk knows up to (\d+); update TokenDesk$`)
)

// notFoundText says what was not found.
func notFoundText(detail string) (string, bool) {
	appID := func(m []string) map[string]any { return map[string]any{"AppID": m[1]} }
	id := func(m []string) map[string]any { return map[string]any{"ID": m[1]} }
	if m := projectForAppID.FindStringSubmatch(detail); m != nil {
		return lang.L("no project for App ID {{.AppID}}", appID(m)), true
	}
	if m := projectHasAppID.FindStringSubmatch(detail); m != nil {
		return lang.L("no project has the App ID {{.AppID}}", appID(m)), true
	}
	if m := projectNumber.FindStringSubmatch(detail); m != nil {
		return lang.L("no project {{.ID}}", id(m)), true
	}
	if m := memoryProjectNumber.FindStringSubmatch(detail); m != nil {
		return lang.L("project {{.ID}}", id(m)), true
	}
	if m := historyEntry.FindStringSubmatch(detail); m != nil {
		return lang.L("no history entry {{.ID}}", id(m)), true
	}
	if m := memoryHistoryEntry.FindStringSubmatch(detail); m != nil {
		return lang.L("history entry {{.ID}}", id(m)), true
	}
	if m := sessionCertificate.FindStringSubmatch(detail); m != nil {
		return lang.L("no session certificate for App ID {{.AppID}}", appID(m)), true
	}
	if m := keychainCertificate.FindStringSubmatch(detail); m != nil {
		return lang.L("the keychain has no certificate for App ID {{.AppID}}", appID(m)), true
	}
	if m := certificateInSession.FindStringSubmatch(detail); m != nil {
		return lang.L("no certificate for App ID {{.AppID}} in this session", appID(m)), true
	}
	return "", false
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
