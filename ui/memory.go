package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// MemoryStore keeps history, projects and settings in memory, with the ordering and search
// of store.Store. The window uses it when the database cannot be opened, and the screenshot
// tool and tests use it as their store. It is safe for concurrent use.
type MemoryStore struct {
	mu            sync.Mutex
	entries       []store.Entry // oldest first: CreatedAt, then ID, ascending
	nextID        int64
	projects      []store.Project
	nextProjectID int64
	settings      store.Settings
}

// NewMemoryStore returns an empty store with the default settings.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{settings: store.DefaultSettings()}
}

// Add stores a copy of e, setting its ID and, if zero, its CreatedAt.
func (m *MemoryStore) Add(e *store.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.nextID++
	e.ID = m.nextID
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now()
	}
	if !m.settings.KeepTokens {
		e.Token = ""
	}
	i, _ := slices.BinarySearchFunc(m.entries, *e, compareEntries)
	m.entries = slices.Insert(m.entries, i, *e)
	// store.Store applies retention as of its clock; this one, as of the entry just built.
	m.applyRetention(e.CreatedAt)
	return nil
}

// ApplyRetention removes the entries the retention settings no longer keep, as
// store.Store.ApplyRetention does: those older than RetentionDays before now, and all but
// the newest RetentionCount. Pinned entries are always kept and do not count.
func (m *MemoryStore) ApplyRetention(now time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.applyRetention(now), nil
}

func (m *MemoryStore) applyRetention(now time.Time) int {
	before := len(m.entries)
	if days := m.settings.RetentionDays; days > 0 {
		cutoff := now.Add(-time.Duration(days) * 24 * time.Hour)
		m.entries = slices.DeleteFunc(m.entries, func(e store.Entry) bool { return !e.Pinned && e.CreatedAt.Before(cutoff) })
	}
	if count := m.settings.RetentionCount; count > 0 {
		kept := 0
		for i := len(m.entries) - 1; i >= 0; i-- { // newest first
			if m.entries[i].Pinned {
				continue
			}
			if kept++; kept > count {
				m.entries = slices.Delete(m.entries, i, i+1)
			}
		}
	}
	return before - len(m.entries)
}

func compareEntries(a, b store.Entry) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	switch {
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

// matches is the search of store.Store: a case-insensitive substring of the channel, uid,
// account, user id, label, App ID or project.
func matches(e *store.Entry, lowerSearch string) bool {
	if lowerSearch == "" {
		return true
	}
	for _, f := range [...]string{e.Spec.Channel, token.UIDString(e.Spec.UID), e.Spec.Account, e.Spec.UserID,
		e.Label, e.Spec.AppID, e.Project} {
		if f != "" && strings.Contains(strings.ToLower(f), lowerSearch) {
			return true
		}
	}
	return false
}

// List returns the entries matching q.Search, pinned first, then newest first.
func (m *MemoryStore) List(q store.Query) ([]store.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	search := strings.ToLower(q.Search)
	var out []store.Entry
	skip := q.Offset
	collect := func(pinned bool) bool {
		for i := len(m.entries) - 1; i >= 0; i-- {
			e := &m.entries[i]
			if e.Pinned != pinned || !matches(e, search) {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			out = append(out, *e)
			if q.Limit > 0 && len(out) == q.Limit {
				return false
			}
		}
		return true
	}
	if collect(true) {
		collect(false)
	}
	return out, nil
}

// Count returns how many entries match search.
func (m *MemoryStore) Count(search string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	search = strings.ToLower(search)
	if search == "" {
		return len(m.entries), nil
	}
	n := 0
	for i := range m.entries {
		if matches(&m.entries[i], search) {
			n++
		}
	}
	return n, nil
}

func (m *MemoryStore) find(id int64) (int, error) {
	for i := range m.entries {
		if m.entries[i].ID == id {
			return i, nil
		}
	}
	return -1, fmt.Errorf("%w: history entry %d", store.ErrNotFound, id)
}

// Entry returns the entry with the ID.
func (m *MemoryStore) Entry(id int64) (store.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, err := m.find(id)
	if err != nil {
		return store.Entry{}, err
	}
	return m.entries[i], nil
}

// SetLabel sets an entry's label.
func (m *MemoryStore) SetLabel(id int64, label string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, err := m.find(id)
	if err == nil {
		m.entries[i].Label = label
	}
	return err
}

// SetPinned pins or unpins an entry.
func (m *MemoryStore) SetPinned(id int64, pinned bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, err := m.find(id)
	if err == nil {
		m.entries[i].Pinned = pinned
	}
	return err
}

// Delete removes an entry.
func (m *MemoryStore) Delete(id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, err := m.find(id)
	if err == nil {
		m.entries = slices.Delete(m.entries, i, i+1)
	}
	return err
}

// Clear removes every entry.
func (m *MemoryStore) Clear() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = nil
	return nil
}

// Projects returns the projects ordered by label.
func (m *MemoryStore) Projects() ([]store.Project, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.projects)
	slices.SortFunc(out, func(a, b store.Project) int { return strings.Compare(a.Label, b.Label) })
	return out, nil
}

// Project returns the project of an App ID.
func (m *MemoryStore) Project(appID string) (store.Project, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.projects {
		if p.AppID == appID {
			return p, nil
		}
	}
	return store.Project{}, fmt.Errorf("%w: no project has the App ID %s", store.ErrNotFound, appID)
}

// SaveProject inserts a project (ID 0) or updates the one with its ID.
func (m *MemoryStore) SaveProject(p *store.Project) error {
	if err := token.ValidateAppID(p.AppID); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, q := range m.projects {
		if q.AppID == p.AppID && q.ID != p.ID {
			return fmt.Errorf("%w: the project %q already has the App ID %s", store.ErrExists, q.Label, p.AppID)
		}
	}
	if p.ID == 0 {
		m.nextProjectID++
		p.ID = m.nextProjectID
		m.projects = append(m.projects, *p)
		return nil
	}
	for i := range m.projects {
		if m.projects[i].ID == p.ID {
			m.projects[i] = *p
			return nil
		}
	}
	return fmt.Errorf("%w: project %d", store.ErrNotFound, p.ID)
}

// DeleteProject removes the project of an App ID and, when secrets is not nil, its
// certificate.
func (m *MemoryStore) DeleteProject(appID string, secrets store.Secrets) error {
	m.mu.Lock()
	i := slices.IndexFunc(m.projects, func(p store.Project) bool { return p.AppID == appID })
	if i < 0 {
		m.mu.Unlock()
		return fmt.Errorf("%w: no project has the App ID %s", store.ErrNotFound, appID)
	}
	m.projects = slices.Delete(m.projects, i, i+1)
	m.mu.Unlock()
	if secrets != nil {
		if err := secrets.Delete(appID); err != nil && !isNotFound(err) {
			return err
		}
	}
	return nil
}

// ExportProjects writes every project as a JSON array, as store.Store does.
func (m *MemoryStore) ExportProjects(w io.Writer) error {
	projects, err := m.Projects()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(projects)
}

// ImportProjects reads a JSON array as ExportProjects writes it and saves every project,
// replacing the one with the same App ID. Nothing is saved unless every App ID is valid.
func (m *MemoryStore) ImportProjects(r io.Reader) (int, error) {
	var projects []store.Project
	if err := json.NewDecoder(r).Decode(&projects); err != nil {
		return 0, fmt.Errorf("store: reading projects: %w", err)
	}
	for i, p := range projects {
		if err := token.ValidateAppID(p.AppID); err != nil {
			return 0, fmt.Errorf("store: project %d of %d: %w", i+1, len(projects), err)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range projects {
		if p.Label = strings.TrimSpace(p.Label); p.Label == "" {
			p.Label = p.AppID
		}
		if i := slices.IndexFunc(m.projects, func(q store.Project) bool { return q.AppID == p.AppID }); i >= 0 {
			p.ID = m.projects[i].ID
			m.projects[i] = p
			continue
		}
		m.nextProjectID++
		p.ID = m.nextProjectID
		m.projects = append(m.projects, p)
	}
	return len(projects), nil
}

// Settings returns the settings.
func (m *MemoryStore) Settings() (store.Settings, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.settings, nil
}

// SaveSettings replaces the settings.
func (m *MemoryStore) SaveSettings(v store.Settings) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settings = v
	if !v.KeepTokens {
		// As store.Store does: turning KeepTokens off removes the token strings kept so far.
		for i := range m.entries {
			m.entries[i].Token = ""
		}
	}
	return nil
}

// MemoryCertificates keeps certificates in memory, as a keychain would. Set Unavailable to
// behave like a machine without a keychain: Set and Available then fail with it, while
// SetSession still works. It is safe for concurrent use.
type MemoryCertificates struct {
	Unavailable error

	mu      sync.Mutex
	saved   map[string]string
	session map[string]string
}

// NewMemoryCertificates returns an empty certificate store.
func NewMemoryCertificates() *MemoryCertificates {
	return &MemoryCertificates{saved: map[string]string{}, session: map[string]string{}}
}

// Get returns the certificate of an App ID, looking at the session first.
func (c *MemoryCertificates) Get(appID string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.session[appID]; ok {
		return v, nil
	}
	if c.Unavailable != nil {
		return "", c.Unavailable
	}
	if v, ok := c.saved[appID]; ok {
		return v, nil
	}
	return "", store.ErrNotFound
}

// Set saves a certificate.
func (c *MemoryCertificates) Set(appID, certificate string) error {
	if err := token.ValidateCertificate(certificate); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Unavailable != nil {
		return c.Unavailable
	}
	c.saved[appID] = certificate
	return nil
}

// SetSession keeps a certificate for this session only.
func (c *MemoryCertificates) SetSession(appID, certificate string) error {
	if err := token.ValidateCertificate(certificate); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session[appID] = certificate
	return nil
}

// Delete forgets the certificate of an App ID, saved or for the session.
func (c *MemoryCertificates) Delete(appID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, inSession := c.session[appID]
	_, saved := c.saved[appID]
	delete(c.session, appID)
	delete(c.saved, appID)
	if !inSession && !saved {
		return store.ErrNotFound
	}
	return nil
}

// Available returns Unavailable.
func (c *MemoryCertificates) Available() error { return c.Unavailable }
