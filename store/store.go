package store

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"modernc.org/sqlite"

	"github.com/tokendesk/tokendesk/token"
)

// FileName is the name of the database file in the store's directory.
const FileName = "tokendesk.db"

// DirEnv names the environment variable that overrides [DefaultDir], for tests and scripts.
const DirEnv = "TOKENDESK_DIR"

// DefaultDir is os.UserConfigDir()/tokendesk, or $TOKENDESK_DIR when that is set.
func DefaultDir() (string, error) {
	if value := os.Getenv(DirEnv); value != "" {
		return EnvDir(value)
	}
	config, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("store: finding the configuration directory (set %s to choose one): %w", DirEnv, err)
	}
	return filepath.Join(config, "tokendesk"), nil
}

// EnvDir is the folder a value of TOKENDESK_DIR names: without the spaces around it that a
// copied value brings along. A value of spaces only is a [*StorageError], not a folder " ".
func EnvDir(value string) (string, error) {
	dir := strings.TrimSpace(value)
	if dir == "" {
		return "", &StorageError{Problem: StorageBlankDir}
	}
	return dir, nil
}

// Store is the history, projects and settings database: SQLite through modernc.org/sqlite
// (pure Go), in WAL mode, in the file <dir>/tokendesk.db with mode 0600. It is safe for
// concurrent use, and for several processes at once: the desktop app and the CLI may write
// together, each waiting its turn (busy_timeout) rather than failing.
type Store struct {
	db         *sql.DB
	path       string
	movedAside string
	recovery   error
	salvaged   Salvage
	now        func() time.Time
}

// Open opens the database in dir, creating dir (mode 0700) and the database as needed and
// bringing its schema up to date. A database that cannot be read is renamed to
// tokendesk.db.corrupt-<UTC time> and a new one created: see [Store.MovedAside].
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("store: no directory was given for the database")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, storageError(err, dir)
	}
	s := &Store{path: filepath.Join(dir, FileName), now: time.Now}
	db, err := openDB(s.path)
	if err != nil && isCorrupt(err) {
		moved, moveErr := moveAside(s.path, time.Now())
		if moveErr != nil {
			return nil, fmt.Errorf("%w (%v), and moving it aside failed: %v", ErrCorrupt, err, moveErr)
		}
		s.movedAside = moved
		if db, err = openDB(s.path); err == nil {
			s.salvaged = salvage(moved, db)
		}
		s.recovery = fmt.Errorf("%w; it was moved to %s and a new one was started, %s", ErrCorrupt,
			token.Printable(moved), s.salvaged)
	}
	if err != nil {
		if plain := storageError(err, dir); plain != err {
			return nil, plain
		}
		return nil, fmt.Errorf("store: opening %s: %w", s.path, err)
	}
	s.db = db
	return s, nil
}

// OpenMemory opens a new, empty database that lives in memory and is gone when it is
// closed: the same schema, rules and queries as one opened with [Open], for a window that
// could not open its file and for tests. Its [Store.Path] is "".
func OpenMemory() (*Store, error) {
	db, err := sql.Open("sqlite", memoryDSN)
	if err != nil {
		return nil, fmt.Errorf("store: opening a database in memory: %w", err)
	}
	// Every connection to ":memory:" is a database of its own: one connection keeps one.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	if err := migrate(db, migrations); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: preparing a database in memory: %w", err)
	}
	return &Store{db: db, now: time.Now}, nil
}

// memoryDSN is dsn's connection string for a database in memory, where the write-ahead log
// and the wait for other processes have nothing to do.
const memoryDSN = "file::memory:?_pragma=foreign_keys(1)&_pragma=secure_delete(1)&_txlock=immediate"

// SetClock replaces the clock the store stamps entries and applies retention by; tests and
// tools that show a fixed moment use it. It is not safe to call while the store is in use.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// MovedAside returns the path Open moved an unreadable database to, or "" if it did not. The
// caller tells the person: their history, projects and settings are in that file.
func (s *Store) MovedAside() string { return s.movedAside }

// Recovery returns nil, or when Open moved an unreadable database aside, an error wrapping
// ErrCorrupt that says why and where the old file went, ready to show to a person.
func (s *Store) Recovery() error { return s.recovery }

// Path returns the database file's path, or "" for a database in memory.
func (s *Store) Path() string { return s.path }

// Close closes the database. SQLite then folds the write-ahead log back into the file.
func (s *Store) Close() error { return s.db.Close() }

// busyTimeout is how long a connection waits for another process's lock before it fails.
const busyTimeout = 10 * time.Second

// dsn is the connection string for every connection of the pool. busy_timeout makes a
// writer wait for another process instead of failing; _txlock=immediate takes the write
// lock when a transaction begins, since a deferred transaction that upgrades later fails at
// once with SQLITE_BUSY when another process wrote in between; synchronous(NORMAL) is safe
// in WAL mode and spares an fsync per insert; secure_delete zeroes deleted tokens rather
// than leaving them in free pages.
func dsn(path string) string {
	slashed := filepath.ToSlash(path)
	if !strings.HasPrefix(slashed, "/") {
		slashed = "/" + slashed // a Windows drive letter: file:///C:/...
	}
	query := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"+
		"&_pragma=synchronous(NORMAL)&_pragma=secure_delete(1)&_txlock=immediate", busyTimeout.Milliseconds())
	u := url.URL{Scheme: "file", Path: slashed, RawQuery: query}
	return u.String()
}

// openDB opens the database at path, checks that it can be read and migrates it.
//
// SQLite does not always wait for its busy handler while another process switches a new
// database to WAL mode or recovers the log after a crash: it answers SQLITE_BUSY at once.
// That lasts a moment, so openDB tries again for as long as busy_timeout would have waited.
func openDB(path string) (*sql.DB, error) {
	deadline := time.Now().Add(busyTimeout)
	for {
		db, err := openOnce(path)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return db, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func openOnce(path string) (*sql.DB, error) {
	if err := makePrivate(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, err
	}
	if err := check(db); err != nil {
		db.Close()
		return nil, err
	}
	if err := migrate(db, migrations); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// modesDecideAccess reports whether file modes decide who may read or write a file here. On
// Windows they do not: os.Chmod there only sets or clears the read-only attribute, and the
// database is private because it lives in the user's profile (%AppData%), whose folders
// admit only that user and the system.
const modesDecideAccess = runtime.GOOS != "windows"

// makePrivate creates the database file with mode 0600 before SQLite does, since SQLite
// would create it with the umask's mode, and gives its -wal and -shm files (which SQLite
// creates with the database file's mode) the same mode if an older file left them open.
// Where modes are not what keeps the file private (Windows) it changes nothing: there a
// chmod of the files another process has open (the window, while the CLI saves) fails
// with a sharing violation.
func makePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: creating the database file: %w", err)
	}
	f.Close()
	if !modesDecideAccess {
		return nil
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(name, 0o600); err != nil {
				return fmt.Errorf("store: making the database private: %w", err)
			}
		}
	}
	return nil
}

// errDamaged marks a database that opens but fails SQLite's own consistency check.
var errDamaged = errors.New("the consistency check failed")

// check reads the whole database once through SQLite's quick_check, so that a damaged file
// is found now, when it can be moved aside, and not in the middle of the person's work.
func check(db *sql.DB) error {
	var result string
	if err := db.QueryRow(`PRAGMA quick_check(1)`).Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("%w: %s", errDamaged, result)
	}
	return nil
}

// SQLite's primary result codes that Open tells apart.
const (
	sqliteBusy    = 5  // SQLITE_BUSY: another connection holds a lock
	sqliteLocked  = 6  // SQLITE_LOCKED: the same, within one process
	sqliteCorrupt = 11 // SQLITE_CORRUPT: no longer a database
	sqliteNotADB  = 26 // SQLITE_NOTADB: never was one
)

// sqliteCode returns the primary result code of a SQLite error, or 0 for another error.
func sqliteCode(err error) int {
	var sqliteErr *sqlite.Error
	if errors.As(err, &sqliteErr) {
		return sqliteErr.Code() & 0xff // the primary code of an extended one
	}
	return 0
}

func isBusy(err error) bool {
	code := sqliteCode(err)
	return code == sqliteBusy || code == sqliteLocked
}

// isCorrupt reports whether err says the file cannot be read as a database, as opposed to
// the file being busy, missing or not permitted, which moving it aside would not cure.
func isCorrupt(err error) bool {
	code := sqliteCode(err)
	return errors.Is(err, errDamaged) || code == sqliteCorrupt || code == sqliteNotADB
}

// moveAside renames the database, and its -wal and -shm files with it, to
// <path>.corrupt-<UTC time>, never over an existing file, and returns the new path.
func moveAside(path string, now time.Time) (string, error) {
	base := path + ".corrupt-" + now.UTC().Format("20060102T150405Z")
	target := base
	for n := 2; exists(target); n++ {
		target = fmt.Sprintf("%s-%d", base, n)
	}
	if err := os.Rename(path, target); err != nil {
		return "", err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if exists(path + suffix) {
			if err := os.Rename(path+suffix, target+suffix); err != nil {
				return "", err
			}
		}
	}
	return target, nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
