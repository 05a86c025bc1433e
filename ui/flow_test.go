package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tokendesk/tokendesk/store"
)

// TestFlowOverTheRealStore is the whole story on a real database: add a project with its
// certificate, build, find the build in history, load it back and get the same token.
func TestFlowOverTheRealStore(t *testing.T) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := newHarness(t, withStore(st))
	b := h.ui.build

	d := b.newProjectDialog(store.Project{}, false)
	typeIn(&d.label.Entry, "Demo app")
	typeIn(&d.appID.Entry, sampleAppID)
	typeIn(&d.certificate.Entry, sampleCertificate)
	d.onClosed(true)
	if p, err := st.Project(sampleAppID); err != nil || p.Label != "Demo app" {
		t.Fatalf("project %+v, %v", p, err)
	}
	if b.certificate.Text != sampleCertificate {
		t.Fatal("the new project's certificate did not come back from the keychain")
	}

	typeIn(b.channel, "flow")
	typeIn(b.user, "99")
	test.Tap(b.buildButton)
	built := b.builtToken
	if n, err := st.Count(""); err != nil || n != 1 {
		t.Fatalf("the database holds %d entries (%v)", n, err)
	}

	h.now = h.now.Add(2 * time.Hour)
	b.loadSpec(b.built, false) // someone changes the form in between
	hs := h.ui.history
	if hs.total != 1 {
		t.Fatalf("the history screen shows %d entries", hs.total)
	}
	hs.list.Select(0)
	test.Tap(hs.reinitButton)
	test.Tap(b.buildButton)
	if b.builtToken != built {
		t.Fatalf("rebuilt\n%s\nwant\n%s", b.builtToken, built)
	}
	if e, _ := hs.entryAt(0); e.Project != "Demo app" {
		t.Errorf("the entry names project %q", e.Project)
	}
}
