package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tokendesk/tokendesk/token"
)

// Project is a label for an App ID, with the defaults to build its tokens with. Its
// certificate is not part of it: that lives in [Secrets], keyed by the same App ID.
type Project struct {
	ID      int64      `json:"-"`
	Label   string     `json:"label"`
	AppID   string     `json:"app_id"`
	Service token.Kind `json:"service"` // "" means token.KindRTC
	Format  string     `json:"format"`  // "007" or "006"; "" means 007
	Role    token.Role `json:"role"`
	Expire  uint32     `json:"expire"` // seconds
}

// ShortAppID is the short form of an App ID that names a project nobody has labelled yet, and
// fits a narrow column: its first eight characters and an ellipsis, "970CA35d…".
func ShortAppID(appID string) string {
	if len(appID) <= 8 {
		return appID
	}
	return appID[:8] + "…"
}

// maxImportSize caps what ImportProjects reads: far more than any real list of projects,
// and small enough that a wrong file cannot exhaust memory.
const maxImportSize = 8 << 20

// normalize fills the defaults and checks every field.
//
// A zero Role is attendee, which a 007 token cannot carry; since a literal that leaves Role
// out means "no preference", a 007 project gets publisher instead.
func (p *Project) normalize() error {
	if err := token.ValidateAppID(p.AppID); err != nil {
		return err
	}
	p.Label = strings.TrimSpace(p.Label)
	if p.Label == "" {
		p.Label = p.AppID
	}
	if p.Service == "" {
		p.Service = token.KindRTC
	}
	if _, err := token.ParseKind(string(p.Service)); err != nil {
		return err
	}
	switch p.Format {
	case "":
		p.Format = token.Version007
	case token.Version007:
	case token.Version006:
		if !p.Service.Supports006() {
			return fmt.Errorf("%w: %s tokens exist only in the 007 format", token.ErrInvalidService, p.Service)
		}
	default:
		return fmt.Errorf("%w: format %q is not 007 or 006", token.ErrUnsupportedVersion, p.Format)
	}
	switch p.Role {
	case token.RoleAttendee:
		if p.Format == token.Version007 {
			p.Role = token.RolePublisher
		}
	case token.RolePublisher, token.RoleSubscriber, token.RoleAdmin:
	default:
		return fmt.Errorf("%w: %s is not a role", token.ErrInvalidRole, p.Role)
	}
	if p.Expire > token.MaxLifetime {
		return fmt.Errorf("%w: an expiry of %d s is longer than Agora's 24 hours", token.ErrInvalidLifetime, p.Expire)
	}
	return nil
}

const projectColumns = `id, label, app_id, service, format, role, expire`

func scanProject(row rowScanner) (Project, error) {
	var p Project
	var service string
	err := row.Scan(&p.ID, &p.Label, &p.AppID, &service, &p.Format, &p.Role, &p.Expire)
	p.Service = token.Kind(service)
	return p, err
}

// Projects returns every project, ordered by label.
func (s *Store) Projects() (_ []Project, err error) {
	defer s.storageErr(&err)
	return queryAll(s.db, scanProject, `SELECT `+projectColumns+` FROM projects ORDER BY label COLLATE NOCASE, app_id`)
}

// Project returns the project for the App ID, or an error wrapping ErrNotFound.
func (s *Store) Project(appID string) (_ Project, err error) {
	defer s.storageErr(&err)
	p, err := scanProject(s.db.QueryRow(`SELECT `+projectColumns+` FROM projects WHERE app_id = ?`, appID))
	if errors.Is(err, sql.ErrNoRows) {
		return Project{}, &NotFoundError{What: MissingProject, AppID: appID}
	}
	return p, err
}

// SaveProject inserts the project when p.ID is 0, and sets p.ID, or else updates the project
// with that ID. It fills the defaults into p and checks every field. An App ID has at most one
// project: saving a second one is an error wrapping ErrExists.
func (s *Store) SaveProject(p *Project) (err error) {
	defer s.storageErr(&err)
	v := *p
	if err := v.normalize(); err != nil {
		return err
	}
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() // after Commit it does nothing
	var other int64
	err = tx.QueryRow(`SELECT id FROM projects WHERE app_id = ? AND id != ?`, v.AppID, v.ID).Scan(&other)
	if err == nil {
		return &ExistsError{AppID: v.AppID}
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if v.ID == 0 {
		result, err := tx.Exec(`INSERT INTO projects (label, app_id, service, format, role, expire)
			VALUES (?, ?, ?, ?, ?, ?)`, v.Label, v.AppID, string(v.Service), v.Format, v.Role, v.Expire)
		if err != nil {
			return err
		}
		if v.ID, err = result.LastInsertId(); err != nil {
			return err
		}
	} else {
		result, err := tx.Exec(`UPDATE projects SET label = ?, app_id = ?, service = ?, format = ?,
			role = ?, expire = ? WHERE id = ?`, v.Label, v.AppID, string(v.Service), v.Format, v.Role, v.Expire, v.ID)
		if err != nil {
			return err
		}
		n, err := result.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return &NotFoundError{What: MissingProjectID, ID: v.ID}
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*p = v
	return nil
}

// DeleteProject removes the project for the App ID and, when secrets is not nil, its
// certificates, primary and secondary: a caller asks the person first. The certificate goes first, so that if the
// keychain cannot be reached the project stays, and with it a way to try again; a caller may
// then pass nil to remove the project alone. ErrNotFound from secrets is ignored.
func (s *Store) DeleteProject(appID string, secrets Secrets) (err error) {
	defer s.storageErr(&err)
	if _, err := s.Project(appID); err != nil {
		return err
	}
	if secrets != nil {
		for _, key := range [...]string{appID, SecondaryKey(appID)} {
			if err := secrets.Delete(key); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		}
	}
	result, err := s.db.Exec(`DELETE FROM projects WHERE app_id = ?`, appID)
	if err != nil {
		return err
	}
	n, err := result.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return &NotFoundError{What: MissingProject, AppID: appID}
	}
	return nil
}

// ExportProjects writes every project as a JSON array. A project holds no certificate, so
// neither does the export: it can be shared.
func (s *Store) ExportProjects(w io.Writer) (err error) {
	defer s.storageErr(&err)
	projects, err := s.Projects()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(projects)
}

// ImportProjects reads a JSON array as ExportProjects writes it and saves every project in
// it, replacing the one with the same App ID; it returns how many it saved. Nothing is saved
// unless every project is valid. Fields it does not know, a certificate among them, are
// ignored: certificates only ever go to the keychain.
func (s *Store) ImportProjects(r io.Reader) (_ int, err error) {
	defer s.storageErr(&err)
	var projects []Project
	if err := json.NewDecoder(io.LimitReader(r, maxImportSize)).Decode(&projects); err != nil {
		return 0, fmt.Errorf("store: reading projects: %w", err)
	}
	for i := range projects {
		if err := projects[i].normalize(); err != nil {
			return 0, fmt.Errorf("store: project %d of %d: %w", i+1, len(projects), err)
		}
	}
	tx, err := s.db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() // after Commit it does nothing
	for _, p := range projects {
		if _, err := tx.Exec(`INSERT INTO projects (label, app_id, service, format, role, expire)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (app_id) DO UPDATE SET label = excluded.label,
			service = excluded.service, format = excluded.format, role = excluded.role,
			expire = excluded.expire`, p.Label, p.AppID, string(p.Service), p.Format, p.Role, p.Expire); err != nil {
			return 0, err
		}
	}
	return len(projects), tx.Commit()
}
