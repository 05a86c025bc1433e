package store

import (
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// Salvage counts the rows Open copied out of a damaged database it moved aside: every row
// SQLite could still read. A damaged index or a zeroed page of one table often leaves all
// of the history readable.
type Salvage struct {
	Entries, Projects, Settings int
}

// String says what was copied, for the sentence that tells of a database moved aside:
// "with the 416 history entries and 2 projects that could still be read".
func (n Salvage) String() string {
	if n.Entries == 0 && n.Projects == 0 {
		return "empty: nothing in the old one could be read"
	}
	return fmt.Sprintf("with the %s and %s that could still be read", plural(n.Entries, "history entry", "history entries"),
		plural(n.Projects, "project", "projects"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Salvaged returns what Open copied into the new database from the one it moved aside; all
// zero when it moved none aside, or could read nothing from it.
func (s *Store) Salvaged() Salvage { return s.salvaged }

// salvageTables are the tables salvage copies, in order, with the count each one adds to.
var salvageTables = []struct {
	name  string
	count func(*Salvage) *int
}{
	{"projects", func(s *Salvage) *int { return &s.Projects }},
	{"settings", func(s *Salvage) *int { return &s.Settings }},
	{"history", func(s *Salvage) *int { return &s.Entries }},
}

// maxSkips bounds how many times salvage steps over a row it cannot read, so that a table
// whose pages are all damaged ends the copy instead of prolonging it.
const maxSkips = 10000

// salvage copies every row it can read from the damaged database at path into db, which
// has just been created, and counts them.
func salvage(path string, db *sql.DB) Salvage {
	var n Salvage
	old, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return n
	}
	defer old.Close()
	old.SetMaxOpenConns(1)
	for _, t := range salvageTables {
		*t.count(&n) = copyReadable(old, db, t.name)
	}
	return n
}

// readOnlyDSN opens a database only to read it.
func readOnlyDSN(path string) string {
	slashed := filepath.ToSlash(path)
	if !strings.HasPrefix(slashed, "/") {
		slashed = "/" + slashed
	}
	return (&url.URL{Scheme: "file", Path: slashed, RawQuery: "mode=ro"}).String()
}

// copyReadable copies the rows of table that can be read from old into db, keeping their
// ids, in rowid order and past the rows it cannot read, and returns how many it copied. It
// reads the table itself, never an index, since a damaged index is the commonest damage.
func copyReadable(old, db *sql.DB, table string) int {
	columns := sharedColumns(old, db, table)
	if len(columns) == 0 {
		return 0
	}
	list := strings.Join(columns, ", ")
	read := fmt.Sprintf("SELECT rowid, %s FROM %s NOT INDEXED WHERE rowid > ? ORDER BY rowid", list, table)
	write := fmt.Sprintf("INSERT OR IGNORE INTO %s (%s) VALUES (?%s)", table, list, strings.Repeat(", ?", len(columns)-1))
	tx, err := db.Begin()
	if err != nil {
		return 0
	}
	defer tx.Rollback()
	copied := 0
	last := int64(-1 << 63)
	for skips := 0; skips < maxSkips; skips++ {
		done, err := copyFrom(old, tx, read, write, len(columns), &last, &copied)
		if done || err != nil {
			break
		}
		last++ // the row after the last one read could not be read: step over it
	}
	if tx.Commit() != nil {
		return 0
	}
	return copied
}

// copyFrom copies rows after *last until the end of the table (done) or a row that cannot
// be read; err is a failure to write, which ends the salvage.
func copyFrom(old *sql.DB, tx *sql.Tx, read, write string, n int, last *int64, copied *int) (done bool, err error) {
	rows, err := old.Query(read, *last)
	if err != nil {
		return false, nil
	}
	defer rows.Close()
	values := make([]any, n+1)
	pointers := make([]any, n+1)
	for i := range values {
		pointers[i] = &values[i]
	}
	for rows.Next() {
		if rows.Scan(pointers...) != nil {
			return false, nil
		}
		rowid, ok := values[0].(int64)
		if !ok {
			return false, nil
		}
		*last = rowid
		result, err := tx.Exec(write, values[1:]...)
		if err != nil {
			return true, err
		}
		if added, _ := result.RowsAffected(); added == 1 {
			*copied++
		}
	}
	return rows.Err() == nil, nil
}

// sharedColumns are the columns table has in both databases; none when the damaged one's
// schema cannot be read.
func sharedColumns(old, db *sql.DB, table string) []string {
	inOld := columnsOf(old, table)
	var shared []string
	for c := range columnsOf(db, table) {
		if inOld[c] {
			shared = append(shared, c)
		}
	}
	return shared
}

func columnsOf(db *sql.DB, table string) map[string]bool {
	rows, err := db.Query(fmt.Sprintf("SELECT name FROM pragma_table_info('%s')", table))
	if err != nil {
		return nil
	}
	defer rows.Close()
	columns := map[string]bool{}
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			columns[name] = true
		}
	}
	if rows.Err() != nil {
		return nil
	}
	return columns
}
