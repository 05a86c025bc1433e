package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	dbus "github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/tokendesk/tokendesk/token"
)

func TestAProjectIsSavedReadAndUpdated(t *testing.T) {
	s := openStore(t)
	p := Project{Label: "Demo", AppID: sampleAppID, Service: token.KindRTM, Format: token.Version006,
		Role: token.RoleAdmin, Expire: 600}
	if err := s.SaveProject(&p); err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 {
		t.Fatal("SaveProject did not set the ID")
	}
	if got, err := s.Project(sampleAppID); err != nil || got != p {
		t.Fatalf("Project = %+v, %v, want %+v", got, err, p)
	}
	p.Label, p.Expire = "Demo (renamed)", 1200
	if err := s.SaveProject(&p); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Project(sampleAppID); got != p {
		t.Errorf("after the update Project = %+v, want %+v", got, p)
	}
	if _, err := s.Project(otherAppID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Project of an unknown App ID: %v", err)
	}
	missing := Project{ID: 99, AppID: otherAppID}
	if err := s.SaveProject(&missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("updating a missing project: %v", err)
	}
}

func TestANewProjectGetsTheDefaults(t *testing.T) {
	s := openStore(t)
	p := Project{AppID: sampleAppID, Expire: 3600}
	if err := s.SaveProject(&p); err != nil {
		t.Fatal(err)
	}
	want := Project{ID: p.ID, Label: sampleAppID, AppID: sampleAppID, Service: token.KindRTC,
		Format: token.Version007, Role: token.RolePublisher, Expire: 3600}
	if p != want {
		t.Errorf("SaveProject made %+v, want %+v", p, want)
	}
	attendee := Project{AppID: otherAppID, Format: token.Version006}
	if err := s.SaveProject(&attendee); err != nil || attendee.Role != token.RoleAttendee {
		t.Errorf("a 006 project keeps the attendee role: %v, %v", attendee.Role, err)
	}
}

func TestAnInvalidProjectIsRefused(t *testing.T) {
	s := openStore(t)
	tests := []struct {
		project Project
		want    error
	}{
		{Project{AppID: "not hex"}, token.ErrInvalidAppID},
		{Project{AppID: sampleAppID, Service: "video"}, token.ErrInvalidService},
		{Project{AppID: sampleAppID, Service: token.KindChatUser, Format: token.Version006}, token.ErrInvalidService},
		{Project{AppID: sampleAppID, Format: "008"}, token.ErrUnsupportedVersion},
		{Project{AppID: sampleAppID, Role: 7}, token.ErrInvalidRole},
		{Project{AppID: sampleAppID, Expire: token.MaxLifetime + 1}, token.ErrInvalidLifetime},
	}
	for _, tt := range tests {
		if err := s.SaveProject(&tt.project); !errors.Is(err, tt.want) {
			t.Errorf("SaveProject(%+v): %v, want %v", tt.project, err, tt.want)
		}
	}
	if projects, _ := s.Projects(); len(projects) != 0 {
		t.Errorf("invalid projects were saved: %+v", projects)
	}
}

func TestASecondProjectForAnAppIDIsRefused(t *testing.T) {
	s := openStore(t)
	first := Project{Label: "First", AppID: sampleAppID}
	if err := s.SaveProject(&first); err != nil {
		t.Fatal(err)
	}
	second := Project{Label: "Second", AppID: sampleAppID}
	if err := s.SaveProject(&second); !errors.Is(err, ErrExists) || second.ID != 0 {
		t.Fatalf("a second project for the App ID: %v (ID %d), want ErrExists", err, second.ID)
	}
	other := Project{Label: "Other", AppID: otherAppID}
	if err := s.SaveProject(&other); err != nil {
		t.Fatal(err)
	}
	other.AppID = sampleAppID
	if err := s.SaveProject(&other); !errors.Is(err, ErrExists) {
		t.Fatalf("moving a project onto a used App ID: %v, want ErrExists", err)
	}
}

func TestProjectsAreOrderedByLabel(t *testing.T) {
	s := openStore(t)
	for _, p := range []Project{{Label: "zulu", AppID: sampleAppID}, {Label: "Alpha", AppID: otherAppID},
		{Label: "mike", AppID: "ffffffffffffffffffffffffffffffff"}} {
		if err := s.SaveProject(&p); err != nil {
			t.Fatal(err)
		}
	}
	projects, err := s.Projects()
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, p := range projects {
		labels = append(labels, p.Label)
	}
	if want := []string{"Alpha", "mike", "zulu"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("Projects in order %v, want %v", labels, want)
	}
}

func TestDeletingAProjectRemovesItsCertificate(t *testing.T) {
	mockKeyring(t)
	s := openStore(t)
	certificates := NewCertificates()
	for _, appID := range []string{sampleAppID, otherAppID} {
		p := Project{AppID: appID}
		if err := s.SaveProject(&p); err != nil {
			t.Fatal(err)
		}
	}
	if err := certificates.Set(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteProject(sampleAppID, certificates); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Project(sampleAppID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the project is still there: %v", err)
	}
	if _, err := keyring.Get(KeychainService, sampleAppID); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("the certificate is still in the keychain: %v", err)
	}
	if err := s.DeleteProject(otherAppID, certificates); err != nil {
		t.Errorf("deleting a project without a certificate: %v", err)
	}
	if err := s.DeleteProject(otherAppID, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting a missing project: %v", err)
	}
}

func TestAProjectStaysWhenItsCertificateCannotBeDeleted(t *testing.T) {
	s := openStore(t)
	p := Project{AppID: sampleAppID}
	if err := s.SaveProject(&p); err != nil {
		t.Fatal(err)
	}
	mockKeyringError(t, dbus.Error{Name: secretIsLocked})
	if err := s.DeleteProject(sampleAppID, NewKeychain()); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("DeleteProject: %v, want ErrKeychainUnavailable", err)
	}
	if _, err := s.Project(sampleAppID); err != nil {
		t.Fatalf("the project went although its certificate stayed: %v", err)
	}
	if err := s.DeleteProject(sampleAppID, nil); err != nil {
		t.Fatalf("DeleteProject without secrets: %v", err)
	}
}

func TestExportedProjectsImportElsewhereWithoutACertificate(t *testing.T) {
	mockKeyring(t)
	from, to := openStore(t), openStore(t)
	certificates := NewCertificates()
	for _, p := range []Project{{Label: "Demo", AppID: sampleAppID, Service: token.KindRTCRTM, Expire: 600},
		{Label: "Legacy", AppID: otherAppID, Format: token.Version006, Role: token.RoleSubscriber}} {
		if err := from.SaveProject(&p); err != nil {
			t.Fatal(err)
		}
		if err := certificates.Set(p.AppID, sampleCertificate); err != nil {
			t.Fatal(err)
		}
	}
	var exported bytes.Buffer
	if err := from.ExportProjects(&exported); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(exported.String()), strings.ToLower(sampleCertificate)) {
		t.Fatalf("the export holds the certificate:\n%s", exported.String())
	}
	var fields []map[string]any
	if err := json.Unmarshal(exported.Bytes(), &fields); err != nil || len(fields) != 2 {
		t.Fatalf("the export is not a JSON array of two projects (%v):\n%s", err, exported.String())
	}
	if fields[0]["role"] != "publisher" || fields[1]["format"] != "006" {
		t.Errorf("the export does not read as expected:\n%s", exported.String())
	}
	if n, err := to.ImportProjects(&exported); err != nil || n != 2 {
		t.Fatalf("ImportProjects = %d, %v", n, err)
	}
	want, _ := from.Projects()
	got, _ := to.Projects()
	if len(got) != len(want) {
		t.Fatalf("imported %+v, want %+v", got, want)
	}
	for i := range got {
		got[i].ID, want[i].ID = 0, 0
		if got[i] != want[i] {
			t.Errorf("imported %+v, want %+v", got[i], want[i])
		}
	}
}

func TestImportReplacesTheProjectWithTheSameAppIDAndDropsACertificate(t *testing.T) {
	s := openStore(t)
	p := Project{Label: "Old", AppID: sampleAppID}
	if err := s.SaveProject(&p); err != nil {
		t.Fatal(err)
	}
	file := `[{"label": "New", "app_id": "` + sampleAppID + `", "service": "rtc", "format": "007",
		"role": "subscriber", "expire": 900, "certificate": "` + sampleCertificate + `"}]`
	if n, err := s.ImportProjects(strings.NewReader(file)); err != nil || n != 1 {
		t.Fatalf("ImportProjects = %d, %v", n, err)
	}
	got, _ := s.Project(sampleAppID)
	if got.ID != p.ID || got.Label != "New" || got.Role != token.RoleSubscriber || got.Expire != 900 {
		t.Errorf("after the import the project is %+v", got)
	}
	s.Close()
	for _, name := range []string{s.Path(), s.Path() + "-wal"} {
		if b, err := os.ReadFile(name); err == nil && bytes.Contains(b, []byte(sampleCertificate)) {
			t.Errorf("%s holds the certificate from the imported file", name)
		}
	}
}

func TestAnImportWithAnInvalidProjectSavesNothing(t *testing.T) {
	s := openStore(t)
	for _, file := range []string{
		`[{"label": "Good", "app_id": "` + sampleAppID + `"}, {"label": "Bad", "app_id": "xyz"}]`,
		`[{"label": "Good", "app_id": "` + sampleAppID + `", "role": "emperor"}]`,
		`{"not": "an array"}`,
		`[{"label": "Truncated", "app_id": "`,
	} {
		if _, err := s.ImportProjects(strings.NewReader(file)); err == nil {
			t.Errorf("ImportProjects(%s) succeeded", file)
		}
	}
	if projects, _ := s.Projects(); len(projects) != 0 {
		t.Errorf("a failed import saved %+v", projects)
	}
}
