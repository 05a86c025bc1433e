package store

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// sqliteNumber is a SQLite result code as SQLite's messages end with it: "(14)", "(4874)".
var sqliteNumber = regexp.MustCompile(`\(\d+\)`)

// wantStorageError checks that err is a StorageError with the problem, saying what phrase
// says and nothing of SQLite's own words.
func wantStorageError(t *testing.T, err error, problem StorageProblem, phrase string) {
	t.Helper()
	var e *StorageError
	if !errors.As(err, &e) || e.Problem != problem || !errors.Is(err, ErrStorage) {
		t.Fatalf("got %v, want a StorageError of problem %d", err, problem)
	}
	if msg := err.Error(); !strings.Contains(msg, phrase) || sqliteNumber.MatchString(msg) || strings.Contains(msg, "sqlite") {
		t.Errorf("the message is %q; want it to say %q, without SQLite's words", msg, phrase)
	}
}

func TestAFolderThatIsAFileIsSaidPlainly(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tokendesk")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{file, filepath.Join(file, "deeper", "still")} {
		_, err := Open(dir)
		wantStorageError(t, err, StorageNotAFolder, file+" is a file, where TokenDesk needs a folder")
	}
}

func TestABlankTokenDeskDirIsAnErrorAndSpacesAroundAFolderAreDropped(t *testing.T) {
	for _, value := range []string{" ", "\t \n"} {
		_, err := EnvDir(value)
		wantStorageError(t, err, StorageBlankDir, "TOKENDESK_DIR is set but blank")
	}
	if dir, err := EnvDir("  /tmp/tokendesk \n"); err != nil || dir != "/tmp/tokendesk" {
		t.Errorf("EnvDir with spaces around a folder = %q, %v", dir, err)
	}
	t.Setenv(DirEnv, " ")
	if _, err := DefaultDir(); !errors.Is(err, ErrStorage) {
		t.Errorf("DefaultDir with TOKENDESK_DIR=\" \": %v", err)
	}
}

// readOnly makes dir impossible to write to for this process, root included (with the
// immutable attribute), and undoes it when the test ends.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if !modesDecideAccess {
		t.Skipf("on %s a folder's mode does not stop writes to it", runtime.GOOS)
	}
	if os.Getuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return
	}
	if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
		t.Skipf("running as root, and chattr +i does not work here (%v: %s)", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
}

func TestAReadOnlyFolderIsSaidPlainly(t *testing.T) {
	empty := t.TempDir()
	readOnly(t, empty)
	_, err := Open(empty)
	wantStorageError(t, err, StorageReadOnly, "the folder "+empty+" cannot be written")

	// A folder that holds a database already: SQLite cannot make its write-ahead log there.
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	addEntry(t, s, rtcSpec("room", 1), time.Time{})
	s.Close()
	readOnly(t, dir)
	_, err = Open(dir)
	wantStorageError(t, err, StorageReadOnly, "the folder "+dir+" cannot be written")
}

func TestAFullDiskIsSaidPlainly(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// One connection, so that the page limit below holds for every statement: SQLite
	// answers a write past it as it answers one to a full disk.
	s.db.SetMaxOpenConns(1)
	var pages int
	if err := s.db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1000 && err == nil; i++ {
		spec := rtcSpec(strings.Repeat("x", 60)+fmt.Sprint(i), uint32(i))
		err = s.Add(&Entry{Spec: spec, Token: strings.Repeat("0", 400)})
	}
	wantStorageError(t, err, StorageFull, "is full; free some space")
}

func TestADamagedHistoryIsSalvagedIntoTheNewOne(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	const entries = 416
	for i := range entries {
		addEntry(t, s, rtcSpec(fmt.Sprintf("room-%d", i), uint32(i)), time.Time{})
	}
	if err := s.SaveProject(&Project{AppID: sampleAppID, Label: "QA"}); err != nil {
		t.Fatal(err)
	}
	// The page to zero: one of the index the history is listed by, as a disk that loses a
	// sector may lose it.
	var page int
	if err := s.db.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = 'history_order'`).Scan(&page); err != nil {
		t.Fatal(err)
	}
	var pageSize int
	if err := s.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	zeroPage(t, s.Path(), page, pageSize)

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.MovedAside() == "" {
		t.Fatal("the damaged database was not moved aside")
	}
	if got := s.Salvaged(); got.Entries != entries || got.Projects != 1 {
		t.Errorf("Salvaged = %+v, want all %d entries and the project", got, entries)
	}
	if n, err := s.Count(""); err != nil || n != entries {
		t.Errorf("the new history has %d entries (%v), want %d", n, err, entries)
	}
	if e, err := s.Entry(200); err != nil || e.Spec.Channel != "room-199" {
		t.Errorf("entry 200 is %+v (%v), want the one built for room-199 with its id kept", e.Spec, err)
	}
	if msg := s.Recovery().Error(); !strings.Contains(msg, "with the 416 history entries and 1 project that could still be read") {
		t.Errorf("Recovery says %q", msg)
	}
}

func TestATableWithAZeroedPageKeepsTheRowsAroundIt(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	const entries = 600
	for i := range entries {
		addEntry(t, s, rtcSpec(fmt.Sprintf("room-%d", i), uint32(i)), time.Time{})
	}
	var pageSize, pages int
	s.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	s.db.QueryRow(`PRAGMA page_count`).Scan(&pages)
	s.Close()
	// A page in the middle of the file, in the history table itself by the look of its
	// contents: a leaf of the table holds the channel names.
	whole, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	leaf := 0
	for p := pages / 2; p <= pages && leaf == 0; p++ {
		if strings.Contains(string(whole[(p-1)*pageSize:p*pageSize]), `"channel":"room-`) {
			leaf = p
		}
	}
	if leaf == 0 {
		t.Fatal("no page of the history table found")
	}
	zeroPage(t, s.Path(), leaf, pageSize)
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := s.Salvaged().Entries
	if got == 0 || got >= entries {
		t.Errorf("salvaged %d of %d entries from a table with one zeroed page", got, entries)
	}
	if e, err := s.Entry(entries); err != nil || e.Spec.Channel != fmt.Sprintf("room-%d", entries-1) {
		t.Errorf("the last entry, after the zeroed page, was not salvaged: %v", err)
	}
}

// zeroPage overwrites page number page (from 1) of the file with zeros.
func zeroPage(t *testing.T, path string, page, pageSize int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(make([]byte, pageSize), int64(page-1)*int64(pageSize)); err != nil {
		t.Fatal(err)
	}
}
