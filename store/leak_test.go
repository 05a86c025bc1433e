package store

import (
	"bytes"
	"encoding/hex"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// certificateForms are the ways the sample certificate could appear in a file: as typed, in
// either case, and as the 16 bytes it encodes.
func certificateForms(t *testing.T) [][]byte {
	raw, err := hex.DecodeString(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	return [][]byte{[]byte(sampleCertificate), []byte(strings.ToLower(sampleCertificate)),
		[]byte(strings.ToUpper(sampleCertificate)), raw}
}

// checkNoCertificate fails if any file in dir, or the text, holds the certificate.
func checkNoCertificate(t *testing.T, dir string, text []byte) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string][]byte{"the log": text}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sources[filepath.Base(name)] = b
	}
	for name, b := range sources {
		for _, form := range certificateForms(t) {
			if i := bytes.Index(b, form); i >= 0 {
				t.Errorf("%s holds the certificate (%x) at byte %d", name, form, i)
			}
		}
	}
}

func TestTheCertificateIsNowhereInTheDatabaseFilesOrTheLog(t *testing.T) {
	mockKeyring(t)
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })

	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	certificates := NewCertificates()
	if err := certificates.Set(sampleAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	if err := certificates.SetSession(otherAppID, sampleCertificate); err != nil {
		t.Fatal(err)
	}
	for _, appID := range []string{sampleAppID, otherAppID} {
		if err := s.SaveProject(&Project{Label: "Project " + appID[:4], AppID: appID}); err != nil {
			t.Fatal(err)
		}
	}
	settings := DefaultSettings()
	settings.DefaultProject = sampleAppID
	if err := s.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	var built int
	for name, spec := range rebuildCases() {
		for _, appID := range []string{sampleAppID, otherAppID} {
			spec.AppID = appID
			certificate, err := certificates.Get(appID)
			if err != nil {
				t.Fatal(err)
			}
			text, err := spec.Build(certificate)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			e := &Entry{Spec: spec, Token: text, Project: "Project " + appID[:4], Label: name}
			if err := s.Add(e); err != nil {
				t.Fatal(err)
			}
			if rebuilt, err := Rebuild(*e, certificate); err != nil || rebuilt != text {
				t.Fatalf("%s: Rebuild = %s, %v, want %s", name, rebuilt, err, text)
			}
			fresh, freshSpec, err := RebuildFresh(*e, certificate, issuedAt.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Add(&Entry{Spec: freshSpec, Token: fresh}); err != nil {
				t.Fatal(err)
			}
			if err := s.SetPinned(e.ID, built%3 == 0); err != nil {
				t.Fatal(err)
			}
			built++
		}
	}
	if built == 0 {
		t.Fatal("no token was built")
	}
	var exported bytes.Buffer
	if err := s.ExportProjects(&exported); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Path() + "-wal"); err != nil {
		t.Fatalf("the test must look at the -wal file too: %v", err)
	}
	checkNoCertificate(t, dir, append(logged.Bytes(), exported.Bytes()...))

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	checkNoCertificate(t, dir, logged.Bytes())
}
