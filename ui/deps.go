package ui

import (
	"io"
	"time"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// Certificates keeps App Certificates by App ID: the keychain, plus certificates kept for
// this session only. *store.Certificates is the real one.
type Certificates interface {
	Get(appID string) (string, error)
	Set(appID, certificate string) error
	SetSession(appID, certificate string) error
	Delete(appID string) error
	// Available reports whether the keychain answers; nil when it does.
	Available() error
}

// History keeps every token built, with what is needed to build it again. *store.Store is
// the real one.
type History interface {
	Add(e *store.Entry) error
	List(q store.Query) ([]store.Entry, error)
	Count(search string) (int, error)
	Entry(id int64) (store.Entry, error)
	SetLabel(id int64, label string) error
	SetPinned(id int64, pinned bool) error
	Delete(id int64) error
	Clear() error
	// ApplyRetention removes the entries the retention settings no longer keep, as of now,
	// and returns how many.
	ApplyRetention(now time.Time) (int, error)
}

// Projects keeps a label and build defaults for each App ID.
type Projects interface {
	Projects() ([]store.Project, error)
	Project(appID string) (store.Project, error)
	SaveProject(p *store.Project) error
	DeleteProject(appID string, secrets store.Secrets) error
	// ExportProjects writes every project as JSON, without certificates.
	ExportProjects(w io.Writer) error
	// ImportProjects saves the projects of an export and returns how many; nothing is saved
	// unless all of them are valid.
	ImportProjects(r io.Reader) (int, error)
}

// Settings keeps the non-secret preferences.
type Settings interface {
	Settings() (store.Settings, error)
	SaveSettings(v store.Settings) error
}

// Deps is what the window works with. A nil store is replaced by a [store.Store] in memory,
// so the window works, forgetfully, without a database file; nil Certificates by the OS
// keychain's; the other fields may be left zero.
type Deps struct {
	Certificates Certificates
	History      History
	Projects     Projects
	Settings     Settings

	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// NewSalt draws the salt of a fresh build; token.NewSalt when nil.
	NewSalt func() (uint32, error)
	// AfterFunc calls fn on the UI goroutine once d has passed, unless the returned cancel
	// is called first. When nil, time.AfterFunc does it (and nothing does, when
	// Synchronous); tests set it to a fake clock they advance themselves.
	AfterFunc func(d time.Duration, fn func()) (cancel func())

	// Version is the release shown in About; the app metadata's version when empty.
	Version string

	// StoreError, when set, is why the history database could not be opened: the window says
	// so in a banner and keeps history in memory for this session.
	StoreError error
	// MovedAside is the path an unreadable history database was moved to, to tell the user.
	MovedAside string
	// Salvaged is what was copied from the database moved aside into the new one.
	Salvaged store.Salvage

	// Synchronous runs background work inline and stops the live countdowns and timers, so
	// that tests and the screenshot tool see every result as soon as a call returns and
	// drive the clock themselves. The app leaves it false.
	Synchronous bool
}

func (d *Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deps) salt() (uint32, error) {
	if d.NewSalt != nil {
		return d.NewSalt()
	}
	return token.NewSalt()
}
