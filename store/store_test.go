package store

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestOpenCreatesAPrivateDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "tokendesk")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Path() != filepath.Join(dir, FileName) {
		t.Errorf("Path = %s", s.Path())
	}
	addEntry(t, s, rtcSpec("room", 1), time.Time{}) // so that the -wal and -shm files exist
	for name, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, s.Path(): 0o600,
		s.Path() + "-wal": 0o600, s.Path() + "-shm": 0o600} {
		info, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		// Where modes do not keep a file private (Windows), its folder in the profile does.
		if modesDecideAccess && info.Mode() != want {
			t.Errorf("%s has mode %s, want %s", name, info.Mode(), want)
		}
	}
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v, want wal", mode, err)
	}
}

func TestOpenMakesALooseDatabaseFilePrivate(t *testing.T) {
	if !modesDecideAccess {
		t.Skipf("on %s file modes do not say who may read a file", runtime.GOOS)
	}
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(s.Path(), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if info, _ := os.Stat(s.Path()); info.Mode() != 0o600 {
		t.Errorf("the database has mode %s, want 0600", info.Mode())
	}
}

// The window keeps the store open while the CLI opens it again to save or list the history;
// on Windows that second Open used to fail with a sharing violation, as it made the open
// file private once more.
func TestTheStoreOpensAgainWhileAnotherStoreHasItOpen(t *testing.T) {
	dir := t.TempDir()
	window, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer window.Close()
	addEntry(t, window, rtcSpec("from-the-window", 1), time.Time{})
	for i := range 3 {
		cli, err := Open(dir)
		if err != nil {
			t.Fatalf("opening the store a second time while it is open: %v", err)
		}
		addEntry(t, cli, rtcSpec(fmt.Sprintf("from-the-cli-%d", i), 2), time.Time{})
		if n, err := cli.Count(""); err != nil || n != i+2 {
			t.Errorf("the CLI lists %d entries, %v; want %d", n, err, i+2)
		}
		cli.Close()
	}
	if n, err := window.Count("from-the-cli"); err != nil || n != 3 {
		t.Errorf("the window lists %d of the CLI's entries, %v; want 3", n, err)
	}
}

func TestDefaultDirIsTheConfigDirUnlessTOKENDESK_DIRIsSet(t *testing.T) {
	t.Setenv(DirEnv, "")
	config, err := os.UserConfigDir()
	if err != nil {
		t.Skip(err)
	}
	if dir, err := DefaultDir(); err != nil || dir != filepath.Join(config, "tokendesk") {
		t.Errorf("DefaultDir = %s, %v", dir, err)
	}
	t.Setenv(DirEnv, "/somewhere/else")
	if dir, err := DefaultDir(); err != nil || dir != "/somewhere/else" {
		t.Errorf("DefaultDir with %s set = %s, %v", DirEnv, dir, err)
	}
}

// checkMovedAside checks that Open moved the damaged file aside whole and said so, and that
// the new database works.
func checkMovedAside(t *testing.T, dir string, damaged []byte) {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open of a damaged database: %v", err)
	}
	defer s.Close()
	moved := s.MovedAside()
	if moved == "" || !strings.HasPrefix(filepath.Base(moved), FileName+".corrupt-") {
		t.Fatalf("MovedAside = %q", moved)
	}
	if kept, err := os.ReadFile(moved); err != nil || !bytes.Equal(kept, damaged) {
		t.Errorf("the file moved aside is not the damaged one (%v)", err)
	}
	if err := s.Recovery(); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), moved) {
		t.Errorf("Recovery = %v, want ErrCorrupt naming %s", err, moved)
	}
	if n, err := s.Count(""); err != nil || n != 0 {
		t.Errorf("the new database has %d entries, %v", n, err)
	}
	addEntry(t, s, rtcSpec("room", 1), time.Time{})

	again, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.MovedAside() != "" || again.Recovery() != nil {
		t.Errorf("a second Open moved the new database aside too: %s", again.MovedAside())
	}
}

func TestAGarbageDatabaseIsMovedAsideAndReported(t *testing.T) {
	dir := t.TempDir()
	garbage := bytes.Repeat([]byte("this is not a database. "), 200)
	if err := os.WriteFile(filepath.Join(dir, FileName), garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	checkMovedAside(t, dir, garbage)
}

func TestATruncatedDatabaseIsMovedAsideAndReported(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		addEntry(t, s, rtcSpec(fmt.Sprintf("room-%d", i), uint32(i)), time.Time{})
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	whole, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	truncated := whole[:len(whole)/2]
	if err := os.WriteFile(s.Path(), truncated, 0o600); err != nil {
		t.Fatal(err)
	}
	checkMovedAside(t, dir, truncated)
}

func TestTwoDatabasesMovedAsideInTheSameSecondKeepBothFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	now := time.Now()
	var moved []string
	for i := range 2 {
		if err := os.WriteFile(path, []byte{byte(i)}, 0o600); err != nil {
			t.Fatal(err)
		}
		target, err := moveAside(path, now)
		if err != nil {
			t.Fatal(err)
		}
		moved = append(moved, target)
	}
	for i, name := range moved {
		if b, err := os.ReadFile(name); err != nil || !bytes.Equal(b, []byte{byte(i)}) {
			t.Errorf("%s holds %v, %v", name, b, err)
		}
	}
}

func TestADatabaseFromANewerTokenDeskIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	s := openStoreIn(t, dir)
	if _, err := s.db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations)+1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(dir); !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open: %v, want ErrSchemaTooNew", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*.corrupt-*")); len(matches) != 0 {
		t.Errorf("a database from a newer version was moved aside: %v", matches)
	}
}

func openStoreIn(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAVersion1DatabaseIsMigratedToTheCurrentSchema(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	// A database as TokenDesk with schema version 1 left it: no labels, pins, user ids or
	// search column.
	old, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(old, migrations[:1]); err != nil {
		t.Fatal(err)
	}
	specJSON := `{"format":"007","service":"rtc+rtm","app_id":"` + sampleAppID + `","channel":"Lobby",` +
		`"account":"alice-acct","user_id":"Bob","role":"publisher","expire":3600,` +
		`"privilege_expire":3600,"issued_at":` + strconv.FormatInt(issuedAt.Unix(), 10) + `,"salt":12345678}`
	if _, err := old.Exec(`INSERT INTO history (created_at, app_id, project, service, channel, uid, spec, token)
		VALUES (?, ?, 'Démo', 'rtc+rtm', 'Lobby', 'alice-acct', ?, '007old')`, issuedAt.UnixNano(), sampleAppID, specJSON); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`INSERT INTO projects (label, app_id, service, format, role, expire)
		VALUES ('Demo', ?, 'rtc', '007', 1, 3600)`, sampleAppID); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s := openStoreIn(t, dir)
	defer s.Close()
	var version int
	if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != len(migrations) {
		t.Fatalf("user_version = %d, %v, want %d", version, err, len(migrations))
	}
	for _, search := range []string{"lobby", "ALICE-ACCT", "bob", sampleAppID[:8], "Dé"} {
		entries, err := s.List(Query{Search: search})
		if err != nil || len(entries) != 1 {
			t.Fatalf("List(%q) after migrating = %d entries, %v", search, len(entries), err)
		}
	}
	e, _ := s.Entry(1)
	if e.Spec.UserID != "Bob" || e.Token != "007old" || e.Label != "" || e.Pinned || !e.CreatedAt.Equal(issuedAt) {
		t.Errorf("the migrated entry is %+v", e)
	}
	if err := s.SetLabel(e.ID, "kept"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPinned(e.ID, true); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Project(sampleAppID); err != nil || p.Label != "Demo" {
		t.Errorf("the project after migrating: %+v, %v", p, err)
	}
}

const writerEntries = 150

func TestTwoProcessesWritingAtOnceLoseNothing(t *testing.T) {
	if dir := os.Getenv("STORE_TEST_DIR"); inChild(t) {
		s := openStoreIn(t, dir)
		defer s.Close()
		writer := os.Getenv("STORE_TEST_WRITER")
		for i := range writerEntries {
			e := &Entry{Spec: rtcSpec(fmt.Sprintf("%s-%d", writer, i), uint32(i)), Label: writer}
			if err := s.Add(e); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	// Both writers create the database too, so the migration races as well.
	dir := t.TempDir()
	var outputs [2]strings.Builder
	var wg sync.WaitGroup
	for i, writer := range []string{"first", "second"} {
		cmd := runChild(t, "STORE_TEST_DIR="+dir, "STORE_TEST_WRITER="+writer)
		cmd.Stdout, cmd.Stderr = &outputs[i], &outputs[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Go(func() { checkChild(t, cmd, &outputs[i]) })
	}
	wg.Wait()
	s := openStoreIn(t, dir)
	defer s.Close()
	for _, writer := range []string{"first", "second"} {
		if n, err := s.Count(writer + "-"); err != nil || n != writerEntries {
			t.Errorf("%s wrote %d entries, %v; want %d", writer, n, err, writerEntries)
		}
	}
	if n, err := s.Count(""); err != nil || n != 2*writerEntries {
		t.Errorf("the history has %d entries, %v; want %d", n, err, 2*writerEntries)
	}
}

func TestOneStoreIsSafeForConcurrentUse(t *testing.T) {
	s := openStore(t)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 25 {
				e := &Entry{Spec: rtcSpec(fmt.Sprintf("g%d-%d", g, i), uint32(i))}
				if err := s.Add(e); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.List(Query{Limit: 10}); err != nil {
					t.Error(err)
					return
				}
				if err := s.SetPinned(e.ID, i%2 == 0); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n, err := s.Count(""); err != nil || n != 100 {
		t.Errorf("Count = %d, %v, want 100", n, err)
	}
}

func TestADatabaseInMemoryKeepsWhatIsSavedUntilItIsClosed(t *testing.T) {
	s, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Path() != "" {
		t.Errorf("Path = %q, want none", s.Path())
	}
	// Several goroutines at once, as the window's background work does: each must see the
	// same database, not a fresh empty one of its own connection.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() { addEntry(t, s, rtcSpec("room", uint32(i+1)), time.Time{}) })
	}
	wg.Wait()
	if n, err := s.Count(""); err != nil || n != 8 {
		t.Errorf("Count = %d, %v, want 8", n, err)
	}
	if err := s.SaveProject(&Project{Label: "  Demo  ", AppID: sampleAppID}); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Project(sampleAppID); err != nil || p.Label != "Demo" {
		t.Errorf("the project reads back as %+v, %v", p, err)
	}
	other, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if n, _ := other.Count(""); n != 0 {
		t.Errorf("a second database in memory starts with %d entries", n)
	}
}

func TestTheStoreStampsAndKeepsEntriesByItsClock(t *testing.T) {
	s, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	then := time.Date(2025, 6, 3, 14, 30, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return then })
	settings := DefaultSettings()
	settings.RetentionDays = 1
	if err := s.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	e := addEntry(t, s, rtcSpec("room", 1), time.Time{})
	if !e.CreatedAt.Equal(then) {
		t.Errorf("stamped %s, want the store's clock %s", e.CreatedAt, then)
	}
	if n, _ := s.Count(""); n != 1 {
		t.Errorf("an entry made now by the store's clock was not kept (%d left)", n)
	}
}
