package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

func TestWhatWasNotFoundIsSaidByItsTypeNotItsText(t *testing.T) {
	s := openStore(t)
	_, entryErr := s.Entry(99)
	_, projectErr := s.Project(otherAppID)
	session := NewSessionSecrets()
	_, sessionErr := session.Get(otherAppID)
	for _, c := range []struct {
		err  error
		want NotFoundError
		text string
	}{
		{entryErr, NotFoundError{What: MissingEntry, ID: 99}, "store: not found: no history entry 99"},
		{s.Delete(42), NotFoundError{What: MissingEntry, ID: 42}, "store: not found: no history entry 42"},
		{projectErr, NotFoundError{What: MissingProject, AppID: otherAppID}, "store: not found: no project for App ID " + otherAppID},
		{sessionErr, NotFoundError{What: MissingSessionCertificate, AppID: otherAppID}, "store: not found: no session certificate for App ID " + otherAppID},
	} {
		var nf *NotFoundError
		if !errors.As(c.err, &nf) || *nf != c.want || !errors.Is(c.err, ErrNotFound) {
			t.Errorf("%v: want %+v wrapping ErrNotFound", c.err, c.want)
			continue
		}
		if c.err.Error() != c.text {
			t.Errorf("%q reads differently from %q", c.err, c.text)
		}
	}
}

func TestASecondProjectForAnAppIDIsAnExistsError(t *testing.T) {
	s := openStore(t)
	if err := s.SaveProject(&Project{Label: "One", AppID: sampleAppID}); err != nil {
		t.Fatal(err)
	}
	err := s.SaveProject(&Project{Label: "Two", AppID: sampleAppID})
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.AppID != sampleAppID || !errors.Is(err, ErrExists) {
		t.Errorf("%v: want an ExistsError for %s", err, sampleAppID)
	}
}

func TestANewerSchemaIsASchemaErrorWithBothVersions(t *testing.T) {
	dir := t.TempDir()
	s := openStoreIn(t, dir)
	if _, err := s.db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations)+3)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(dir)
	var se *SchemaError
	if !errors.As(err, &se) || se.Version != len(migrations)+3 || se.Known != len(migrations) {
		t.Errorf("Open: %v; want a SchemaError of version %d, known %d", err, len(migrations)+3, len(migrations))
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*.corrupt-*")); len(matches) != 0 {
		t.Errorf("moved aside: %v", matches)
	}
}
