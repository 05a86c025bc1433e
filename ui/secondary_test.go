package ui

import (
	"testing"

	"github.com/tokendesk/tokendesk/store"
)

// secondaryCertificate stands for a project's secondary App Certificate.
const secondaryCertificate = "abcdef0123456789abcdef0123456789"

func TestTheProjectDialogSavesASecondaryCertificateAndDeletingTheProjectDeletesBoth(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	d := s.newProjectDialog(store.Project{}, false)
	typeIn(&d.label.Entry, "Rotating")
	typeIn(&d.appID.Entry, sampleAppID)
	typeIn(&d.certificate.Entry, sampleCertificate)
	typeIn(&d.secondary.Entry, secondaryCertificate)
	d.onClosed(true)
	primary, secondary, err := store.CertificatePair(h.certs, sampleAppID)
	if err != nil || primary != sampleCertificate || secondary != secondaryCertificate {
		t.Fatalf("the keychain holds %q and %q (%v)", primary, secondary, err)
	}
	if err := h.ui.deps.Projects.DeleteProject(sampleAppID, h.certs); err != nil {
		t.Fatal(err)
	}
	if primary, secondary, _ := store.CertificatePair(h.certs, sampleAppID); primary != "" || secondary != "" {
		t.Error("a certificate of the deleted project is still kept")
	}
}

func TestTheSecondaryFieldRefusesWhatIsNotACertificate(t *testing.T) {
	h := newHarness(t)
	d := h.ui.build.newProjectDialog(store.Project{}, false)
	typeIn(&d.secondary.Entry, "not a certificate")
	if d.secondary.Validate() == nil {
		t.Error("the secondary field accepts text that is not a certificate")
	}
	typeIn(&d.secondary.Entry, "")
	if err := d.secondary.Validate(); err != nil {
		t.Errorf("an empty secondary field is refused: %v", err)
	}
}
