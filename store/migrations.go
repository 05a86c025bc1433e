package store

import (
	"database/sql"
	"fmt"
)

// migrations builds the schema one version at a time: migrations[i] takes a database at
// version i (PRAGMA user_version) to version i+1. Steps are only ever appended; a released
// step is never edited, since databases out there have already run it.
var migrations = []string{
	// Version 1: the first released schema.
	`CREATE TABLE history (
		id         INTEGER PRIMARY KEY,
		created_at INTEGER NOT NULL,         -- Unix nanoseconds
		app_id     TEXT NOT NULL,
		project    TEXT NOT NULL DEFAULT '', -- the project's label when the token was built
		service    TEXT NOT NULL,
		channel    TEXT NOT NULL DEFAULT '',
		uid        TEXT NOT NULL DEFAULT '', -- the uid as the token writes it: account or number
		spec       TEXT NOT NULL,            -- token.Spec as JSON: everything to rebuild the token
		token      TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX history_created ON history (created_at);
	CREATE TABLE projects (
		id      INTEGER PRIMARY KEY,
		label   TEXT NOT NULL,
		app_id  TEXT NOT NULL UNIQUE,
		service TEXT NOT NULL,
		format  TEXT NOT NULL,
		role    INTEGER NOT NULL,
		expire  INTEGER NOT NULL
	);
	CREATE TABLE settings (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL -- JSON
	);`,

	// Version 2: labels and pins, the RTM/Chat user id as its own column, and one lower-cased
	// search column, so that a substring search reads a single column, in an index that
	// holds it, in list order. The fields in search are separated by U+001F, which no field
	// can hold, so a match never spans two of them. The App ID is not in search: every entry
	// would carry its 32 characters for the few App IDs there are (see appIDsContaining).
	`ALTER TABLE history ADD COLUMN label   TEXT NOT NULL DEFAULT '';
	ALTER TABLE history ADD COLUMN pinned  INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE history ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
	ALTER TABLE history ADD COLUMN search  TEXT NOT NULL DEFAULT '';
	UPDATE history SET user_id = coalesce(json_extract(spec, '$.user_id'), '');
	UPDATE history SET search = lower(channel || char(31) || uid || char(31) || user_id ||
		char(31) || label || char(31) || project);
	DROP INDEX history_created;
	CREATE INDEX history_order ON history (pinned, created_at, id, search, app_id);
	CREATE INDEX history_app_id ON history (app_id);`,
}

// migrate brings the database up to len(steps) in one transaction, so that a crash or a
// second process never sees a half-migrated schema: the transaction is BEGIN IMMEDIATE (see
// dsn), and a process that waited for it finds the work done.
func migrate(db *sql.DB, steps []string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() // after Commit it does nothing
	var version int
	if err := tx.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		return err
	}
	if version > len(steps) {
		return &SchemaError{Version: version, Known: len(steps)}
	}
	for ; version < len(steps); version++ {
		if _, err := tx.Exec(steps[version]); err != nil {
			return fmt.Errorf("store: migrating the database to version %d: %w", version+1, err)
		}
		if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, version+1)); err != nil {
			return err
		}
	}
	return tx.Commit()
}
