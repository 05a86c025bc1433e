package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/tokendesk/tokendesk/token"
)

// ErrStorage means the store's folder or database file cannot be used: the folder is
// read-only or a file, the disk is full or failing. The [*StorageError] that wraps it says
// which, and what to do.
var ErrStorage = errors.New("store: the history cannot be stored")

// StorageProblem is what is wrong with where the store keeps its database: the kind of a
// [StorageError].
type StorageProblem int

// The problems a [StorageError] names.
const (
	// StorageFailed: a failure of another kind; Detail says what, in the system's words.
	StorageFailed StorageProblem = iota
	// StorageReadOnly: the folder Path (or the database in it) cannot be written.
	StorageReadOnly
	// StorageFull: the disk that holds Path is full.
	StorageFull
	// StorageNotAFolder: Path is a file where the store needs a folder.
	StorageNotAFolder
	// StorageBlankDir: TOKENDESK_DIR is set, but to spaces only.
	StorageBlankDir
	// StorageDiskError: the disk failed while the database in Path was read or written.
	StorageDiskError
)

// StorageError says what is wrong with the store's folder or database file, as facts a
// window can say in its own language; Error is the English sentence. It wraps [ErrStorage].
// No SQLite result code or SQLite wording reaches it.
type StorageError struct {
	Problem StorageProblem
	// Path is the folder (or, for StorageNotAFolder, the file in the way).
	Path string
	// Detail is what failed, for StorageFailed.
	Detail string
}

// Unwrap returns ErrStorage.
func (e *StorageError) Unwrap() error { return ErrStorage }

// Error says, in English, what is wrong and what to do.
func (e *StorageError) Error() string { return ErrStorage.Error() + ": " + e.Sentence() }

// Sentence is Error without the package's prefix, for a person.
func (e *StorageError) Sentence() string {
	path := token.Printable(e.Path)
	var detail string
	switch e.Problem {
	case StorageReadOnly:
		detail = fmt.Sprintf("the folder %s cannot be written (it is read-only, or belongs to another user); "+
			"make it writable, or set %s to another folder", path, DirEnv)
	case StorageFull:
		detail = fmt.Sprintf("the disk that holds %s is full; free some space and try again", path)
	case StorageNotAFolder:
		detail = fmt.Sprintf("%s is a file, where TokenDesk needs a folder; move the file away, or set %s to another folder", path, DirEnv)
	case StorageBlankDir:
		detail = fmt.Sprintf("%s is set but blank; set it to a folder, or unset it", DirEnv)
	case StorageDiskError:
		detail = fmt.Sprintf("the disk failed while the history in %s was read or written; check the disk and try again", path)
	default:
		detail = fmt.Sprintf("the history in %s cannot be used: %s", path, e.Detail)
	}
	return detail
}

// SQLite's primary result codes that say something about the disk.
const (
	sqlitePerm     = 3  // SQLITE_PERM
	sqliteReadOnly = 8  // SQLITE_READONLY
	sqliteIOErr    = 10 // SQLITE_IOERR
	sqliteFull     = 13 // SQLITE_FULL
	sqliteCantOpen = 14 // SQLITE_CANTOPEN
)

// storageError turns a failure of the file system or of SQLite into a [*StorageError] about
// dir, the store's folder; any other error (a not-found, a bad input) is returned as it is.
func storageError(err error, dir string) error {
	if err == nil {
		return nil
	}
	var already *StorageError
	if errors.As(err, &already) {
		return err
	}
	code := sqliteCode(err)
	e := &StorageError{Path: dir}
	switch {
	case errors.Is(err, syscall.ENOSPC) || code == sqliteFull:
		e.Problem = StorageFull
	case errors.Is(err, syscall.ENOTDIR):
		e.Problem, e.Path = StorageNotAFolder, fileInTheWay(dir)
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) || code == sqlitePerm || code == sqliteReadOnly:
		e.Problem = StorageReadOnly
	case code == sqliteCantOpen && !writable(dir):
		e.Problem = StorageReadOnly
	case code == sqliteIOErr && diskFull(dir):
		e.Problem = StorageFull
	case code == sqliteIOErr:
		e.Problem = StorageDiskError
	case code != 0:
		e.Detail = sqliteWords(err)
	default:
		var pathErr *fs.PathError
		if !errors.As(err, &pathErr) {
			return err
		}
		e.Detail = pathErr.Err.Error()
	}
	return e
}

// sqliteWords is what a SQLite error says, without its result code: "unable to open
// database file", not "unable to open database file (14)".
func sqliteWords(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") {
		msg = msg[:i]
	}
	return msg
}

// writable reports whether a new file can be created in dir.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".tokendesk-probe-*")
	if err != nil {
		return !(errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS))
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// fileInTheWay is the file on the way to dir, where a folder should be: dir itself or the
// nearest of its parents that exists.
func fileInTheWay(dir string) string {
	for p := dir; ; p = filepath.Dir(p) {
		if info, err := os.Stat(p); err == nil {
			if info.IsDir() {
				return dir
			}
			return p
		}
		if filepath.Dir(p) == p {
			return dir
		}
	}
}

// storageErr turns *err, when it is SQLite's, into a [*StorageError] about the store's folder.
// Other errors, a reader's or a writer's among them, are left as they are.
func (s *Store) storageErr(err *error) {
	if *err != nil && s.path != "" && sqliteCode(*err) != 0 {
		*err = storageError(*err, filepath.Dir(s.path))
	}
}
