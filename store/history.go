package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

// Entry is one built token in the history, with everything needed to build it again.
type Entry struct {
	ID int64 `json:"id"`
	// Spec holds the App ID, service, format, channel, uid or account, role, every lifetime,
	// the issue time and the salt: with the certificate, Rebuild makes the same token again.
	Spec token.Spec `json:"spec"`
	// Project is the project's label at build time.
	Project string `json:"project,omitempty"`
	// Token is the token string; "" when the KeepTokens setting is off.
	Token     string    `json:"token,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Label     string    `json:"label,omitempty"`
	Pinned    bool      `json:"pinned"`
}

// Query selects history entries for List.
type Query struct {
	// Search is a case-insensitive substring of the channel, uid or account, user id, label,
	// App ID or project label; "" matches every entry.
	Search string
	// AppID, when set, keeps only the entries for that App ID.
	AppID string
	// Limit is the most entries to return, 0 for all; Offset skips that many first.
	Limit, Offset int
}

// searchSeparator separates the fields of the search column, so that a match never spans
// two fields: a control character, which no channel or account can hold, and which
// searchText takes out of labels.
const searchSeparator = "\x1f"

// searchText is the search column of an entry, lower-cased once here so that a search is a
// plain substring test.
func searchText(channel, uid, userID, label, project string) string {
	fields := []string{channel, uid, userID, label, project}
	for i, f := range fields {
		fields[i] = strings.ReplaceAll(f, searchSeparator, " ")
	}
	return strings.ToLower(strings.Join(fields, searchSeparator))
}

// Add saves a built token and sets e.ID, and e.CreatedAt when it is zero. The token string
// is not stored when the KeepTokens setting is off (e.Token itself is left alone), and the
// retention settings are applied.
func (s *Store) Add(e *Entry) error { return s.AddMany([]*Entry{e}) }

// AddMany saves several entries in one transaction, as Add does for one: all or none.
func (s *Store) AddMany(entries []*Entry) (err error) {
	defer s.storageErr(&err)
	specs := make([][]byte, len(entries))
	for i, e := range entries {
		if err := e.Spec.Validate(); err != nil {
			return fmt.Errorf("store: saving a history entry: %w", err)
		}
		spec, err := json.Marshal(e.Spec)
		if err != nil {
			return fmt.Errorf("store: saving a history entry: %w", err)
		}
		specs[i] = spec
	}
	now := s.now()
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() // after Commit it does nothing
	settings, err := readSettings(tx)
	if err != nil {
		return err
	}
	insert, err := tx.Prepare(`INSERT INTO history (created_at, app_id, project, service, channel,
		uid, user_id, label, pinned, spec, token, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insert.Close()
	ids := make([]int64, len(entries))
	created := make([]time.Time, len(entries))
	for i, e := range entries {
		created[i] = e.CreatedAt
		if created[i].IsZero() {
			created[i] = now
		}
		tokenText := e.Token
		if !settings.KeepTokens {
			tokenText = ""
		}
		uid := e.Spec.UIDString()
		result, err := insert.Exec(created[i].UnixNano(), e.Spec.AppID, e.Project, string(e.Spec.Kind),
			e.Spec.Channel, uid, e.Spec.UserID, e.Label, e.Pinned, specs[i], tokenText,
			searchText(e.Spec.Channel, uid, e.Spec.UserID, e.Label, e.Project))
		if err != nil {
			return fmt.Errorf("store: saving a history entry: %w", err)
		}
		if ids[i], err = result.LastInsertId(); err != nil {
			return err
		}
	}
	if _, err := applyRetention(tx, settings, now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for i, e := range entries {
		e.ID, e.CreatedAt = ids[i], created[i]
	}
	return nil
}

const entryColumns = `id, created_at, project, token, label, pinned, spec`

// where returns the WHERE clause of a query and its arguments.
func (s *Store) where(q Query) (string, []any, error) {
	var conditions []string
	var args []any
	switch search := strings.ToLower(strings.TrimSpace(q.Search)); {
	case strings.Contains(search, searchSeparator):
		conditions = append(conditions, `0`) // it would match across two fields
	case search != "":
		appIDs, err := s.appIDsContaining(search)
		if err != nil {
			return "", nil, err
		}
		// instr rather than LIKE: no wildcard to escape, and a byte search is quicker.
		condition := `instr(search, ?) > 0`
		args = append(args, search)
		if len(appIDs) > 0 {
			condition = `(` + condition + ` OR app_id IN (?` + strings.Repeat(`, ?`, len(appIDs)-1) + `))`
			for _, appID := range appIDs {
				args = append(args, appID)
			}
		}
		conditions = append(conditions, condition)
	}
	if q.AppID != "" {
		conditions = append(conditions, `app_id = ?`)
		args = append(args, q.AppID)
	}
	if len(conditions) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conditions, " AND "), args, nil
}

// appIDsContaining returns the App IDs in the history that contain search, in any case.
// However many entries there are, there are few App IDs: stepping through the app_id index
// from one to the next reads a row or two per App ID.
func (s *Store) appIDsContaining(search string) ([]string, error) {
	if len(search) > 32 || strings.Trim(search, "0123456789abcdef") != "" {
		return nil, nil // an App ID is 32 hexadecimal characters
	}
	var found []string
	for last := ""; ; {
		var appID string
		err := s.db.QueryRow(`SELECT app_id FROM history WHERE app_id > ? ORDER BY app_id LIMIT 1`, last).Scan(&appID)
		if errors.Is(err, sql.ErrNoRows) {
			return found, nil
		}
		if err != nil {
			return nil, err
		}
		if strings.Contains(strings.ToLower(appID), search) {
			found = append(found, appID)
		}
		last = appID
	}
}

// List returns the entries the query selects: pinned ones first, then newest first.
func (s *Store) List(q Query) (_ []Entry, err error) {
	defer s.storageErr(&err)
	where, args, err := s.where(q)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	args = append(args, limit, max(q.Offset, 0))
	return queryAll(s.db, scanEntry, `SELECT `+entryColumns+` FROM history`+where+
		` ORDER BY pinned DESC, created_at DESC, id DESC LIMIT ? OFFSET ?`, args...)
}

// Count returns how many entries match search, as Query.Search does.
func (s *Store) Count(search string) (_ int, err error) {
	defer s.storageErr(&err)
	where, args, err := s.where(Query{Search: search})
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.QueryRow(`SELECT count(*) FROM history`+where, args...).Scan(&n)
	return n, err
}

// Entry returns the entry with the id, or an error wrapping ErrNotFound.
func (s *Store) Entry(id int64) (_ Entry, err error) {
	defer s.storageErr(&err)
	e, err := scanEntry(s.db.QueryRow(`SELECT `+entryColumns+` FROM history WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, &NotFoundError{What: MissingEntry, ID: id}
	}
	return e, err
}

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface{ Scan(...any) error }

// queryAll runs a query and reads every row with scan; no rows gives an empty slice, not nil.
func queryAll[T any](db *sql.DB, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	all := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		all = append(all, v)
	}
	return all, rows.Err()
}

func scanEntry(row rowScanner) (Entry, error) {
	var e Entry
	var created int64
	var spec []byte
	if err := row.Scan(&e.ID, &created, &e.Project, &e.Token, &e.Label, &e.Pinned, &spec); err != nil {
		return Entry{}, err
	}
	e.CreatedAt = time.Unix(0, created)
	if err := json.Unmarshal(spec, &e.Spec); err != nil {
		return Entry{}, fmt.Errorf("store: history entry %d: %w", e.ID, err)
	}
	return e, nil
}

// SetLabel gives the entry a label, "" to remove it.
func (s *Store) SetLabel(id int64, label string) (err error) {
	defer s.storageErr(&err)
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() // after Commit it does nothing
	var channel, uid, userID, project string
	err = tx.QueryRow(`SELECT channel, uid, user_id, project FROM history WHERE id = ?`, id).
		Scan(&channel, &uid, &userID, &project)
	if errors.Is(err, sql.ErrNoRows) {
		return &NotFoundError{What: MissingEntry, ID: id}
	}
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE history SET label = ?, search = ? WHERE id = ?`,
		label, searchText(channel, uid, userID, label, project), id); err != nil {
		return err
	}
	return tx.Commit()
}

// SetPinned pins or unpins the entry. Pinned entries are listed first and retention keeps them.
func (s *Store) SetPinned(id int64, pinned bool) (err error) {
	defer s.storageErr(&err)
	return s.changeOne(`UPDATE history SET pinned = ? WHERE id = ?`, pinned, id)
}

// Delete removes the entry, or returns an error wrapping ErrNotFound.
func (s *Store) Delete(id int64) (err error) {
	defer s.storageErr(&err)
	return s.changeOne(`DELETE FROM history WHERE id = ?`, id)
}

// changeOne runs a statement on the entry whose id is the last argument.
func (s *Store) changeOne(statement string, args ...any) error {
	result, err := s.db.Exec(statement, args...)
	if err != nil {
		return err
	}
	n, err := result.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		id, _ := args[len(args)-1].(int64)
		return &NotFoundError{What: MissingEntry, ID: id}
	}
	return nil
}

// Clear removes every entry, pinned ones too.
func (s *Store) Clear() (err error) {
	defer s.storageErr(&err)
	if _, err := s.db.Exec(`DELETE FROM history`); err != nil {
		return err
	}
	s.dropOldPages()
	return nil
}

// dropOldPages copies the write-ahead log into the database and empties it, so that the
// tokens just deleted do not stay readable in old log frames. Best effort: another process
// still reading the old pages just delays it to a later checkpoint.
func (s *Store) dropOldPages() {
	_, _ = s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
}

// ApplyRetention removes the entries the retention settings no longer keep and returns how
// many: those older than RetentionDays before now, and all but the newest RetentionCount.
// Pinned entries are always kept and do not count towards RetentionCount.
func (s *Store) ApplyRetention(now time.Time) (_ int, err error) {
	defer s.storageErr(&err)
	tx, err := s.db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() // after Commit it does nothing
	settings, err := readSettings(tx)
	if err != nil {
		return 0, err
	}
	removed, err := applyRetention(tx, settings, now)
	if err != nil {
		return 0, err
	}
	return int(removed), tx.Commit()
}

func applyRetention(tx *sql.Tx, settings Settings, now time.Time) (int64, error) {
	var removed int64
	if settings.RetentionDays > 0 {
		cutoff := now.Add(-time.Duration(settings.RetentionDays) * 24 * time.Hour)
		result, err := tx.Exec(`DELETE FROM history WHERE pinned = 0 AND created_at < ?`, cutoff.UnixNano())
		if err != nil {
			return 0, err
		}
		n, _ := result.RowsAffected()
		removed += n
	}
	if settings.RetentionCount > 0 {
		// Everything older than the RetentionCount-th newest unpinned entry goes; when there
		// are fewer, the subquery is NULL and nothing does.
		result, err := tx.Exec(`DELETE FROM history WHERE pinned = 0 AND (created_at, id) <
			(SELECT created_at, id FROM history WHERE pinned = 0
			 ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?)`, settings.RetentionCount-1)
		if err != nil {
			return 0, err
		}
		n, _ := result.RowsAffected()
		removed += n
	}
	return removed, nil
}

// Rebuild reproduces the entry's token exactly, with the same salt and times, as the seed's
// initTokenBuilder did.
func Rebuild(e Entry, certificate string) (string, error) {
	return e.Spec.Build(certificate)
}

// RebuildFresh builds a token from the entry's inputs with a new salt and the issue time
// now, and returns it with its spec, ready to be added to the history as a new entry.
func RebuildFresh(e Entry, certificate string, now time.Time) (string, token.Spec, error) {
	spec := e.Spec
	if err := spec.Stamp(now); err != nil {
		return "", token.Spec{}, err
	}
	if e.Spec.Privileges006 != nil {
		// These are absolute times, fixed for the old issue time: move each by as much as the
		// issue time moved, so every privilege keeps its lifetime. 0 means no expiry and stays.
		shift := int64(spec.IssuedAt) - int64(e.Spec.IssuedAt)
		spec.Privileges006 = make([]token.Privilege, len(e.Spec.Privileges006))
		for i, p := range e.Spec.Privileges006 {
			if p.Value != 0 {
				moved := int64(p.Value) + shift
				if moved < 0 || moved > 0xFFFFFFFF {
					return "", token.Spec{}, fmt.Errorf("%w: privilege %d would expire outside the token's range",
						token.ErrInvalidLifetime, p.ID)
				}
				p.Value = uint32(moved)
			}
			spec.Privileges006[i] = p
		}
	}
	text, err := spec.Build(certificate)
	if err != nil {
		return "", token.Spec{}, err
	}
	return text, spec, nil
}
