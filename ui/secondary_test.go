package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
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
	typeIn(&d.certificate.Entry, sampleCertificate)
	typeIn(&d.secondary.Entry, sampleCertificate)
	if d.secondary.Validate() == nil {
		t.Error("the secondary field accepts the primary certificate again")
	}
	typeIn(&d.appID.Entry, sampleAppID)
	typeIn(&d.certificate.Entry, sampleAppID)
	if d.certificate.Validate() == nil {
		t.Error("the certificate field accepts the App ID")
	}
}

func TestAKeychainThatFailsOnSaveKeepsBothCertificatesForTheSession(t *testing.T) {
	h := newHarness(t)
	// The keychain answered at start, and refuses when the project is saved.
	h.certs.Keychain = failingKeychain{&store.KeychainError{Reason: store.KeychainLocked}}
	d := h.ui.build.newProjectDialog(store.Project{}, false)
	typeIn(&d.label.Entry, "Rotating")
	typeIn(&d.appID.Entry, sampleAppID)
	typeIn(&d.certificate.Entry, sampleCertificate)
	typeIn(&d.secondary.Entry, secondaryCertificate)
	d.onClosed(true)
	h.ui.work.Wait()
	use := findButton(h.ui.win.Canvas().Overlays().Top(), "Use for this session only")
	if use == nil {
		t.Fatal("the window does not offer to keep the certificates for this session")
	}
	test.Tap(use)
	h.ui.work.Wait()
	primary, secondary, err := store.CertificatePair(h.certs, sampleAppID)
	if primary != sampleCertificate || secondary != secondaryCertificate {
		t.Errorf("for this session: %q and %q (%v), want both certificates", primary, secondary, err)
	}
}

func TestEditingAProjectRemovesItsSecondaryOnceTheRotationIsOver(t *testing.T) {
	h := newHarness(t)
	h.addRotatingProject()
	b := h.ui.build
	b.selectProjectByAppID(sampleAppID)
	p, _ := b.selectedProject()
	d := b.newProjectDialog(p, true)
	if d.dropSecondary == nil {
		t.Fatal("the project dialog offers no way to remove the secondary certificate")
	}
	test.Tap(d.dropSecondary)
	d.onClosed(true)
	h.ui.work.Wait()
	primary, secondary, _ := store.CertificatePair(h.certs, sampleAppID)
	if primary != sampleCertificate || secondary != "" {
		t.Errorf("after removing the secondary, the keychain holds %q and %q", primary, secondary)
	}
	if b.useSecondary.Visible() {
		t.Error("Build still offers the removed secondary certificate")
	}
	if d := b.newProjectDialog(p, true); d.dropSecondary != nil {
		t.Error("a project without a secondary certificate offers to remove one")
	}
}

func TestSaveKeepsTheProjectDialogOpenWhileAFieldIsWrong(t *testing.T) {
	h := newHarness(t)
	d := h.ui.build.newProjectDialog(store.Project{AppID: sampleAppID}, false)
	d.show()
	typeIn(&d.secondary.Entry, "5CFd2fd1755d40ecb72977518be15d3")
	// In the running window, Fyne enables Save once the App ID is typed again, though the
	// name is empty and the secondary certificate one character short: Save is pressed.
	d.dialog.Hide()
	d.onClosed(true)
	h.ui.work.Wait()
	if list, err := h.ui.deps.Projects.Projects(); err != nil || len(list) != 0 {
		t.Errorf("a project with no name and a wrong secondary certificate was saved: %v (%v)", list, err)
	}
	if h.ui.win.Canvas().Overlays().Top() == nil {
		t.Error("the dialog closed, and what was typed in it is lost")
	}
}

func TestBuildSignsWithThePrimaryUnlessTheSecondaryIsPicked(t *testing.T) {
	h := newHarness(t)
	h.addRotatingProject()
	b := h.ui.build
	b.selectProjectByAppID(sampleAppID)
	if !b.useSecondary.Visible() || b.useSecondary.Checked {
		t.Fatal("the secondary certificate is not offered, or is picked by default")
	}
	typeIn(b.channel, "rotation")
	typeIn(b.user, "7")
	signedBy := func() string {
		test.Tap(b.buildButton)
		p, err := token.Parse(b.builtToken)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case p.V007.Verify(sampleCertificate) == nil:
			return "primary"
		case p.V007.Verify(secondaryCertificate) == nil:
			return "secondary"
		}
		return "neither"
	}
	if got := signedBy(); got != "primary" {
		t.Errorf("by default the token is signed with the %s certificate", got)
	}
	b.useSecondary.SetChecked(true)
	if got := signedBy(); got != "secondary" {
		t.Errorf("with the secondary picked, the token is signed with the %s certificate", got)
	}
	b.useSecondary.SetChecked(false)
	if got := signedBy(); got != "primary" {
		t.Errorf("back to the primary, the token is signed with the %s certificate", got)
	}
}

func TestAProjectWithoutASecondaryOffersNone(t *testing.T) {
	h := newHarness(t)
	h.addProject("Plain", sampleAppID, sampleCertificate)
	h.ui.build.selectProjectByAppID(sampleAppID)
	if h.ui.build.useSecondary.Visible() {
		t.Error("a secondary certificate is offered for a project without one")
	}
}
