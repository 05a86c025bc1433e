package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
)

func TestTheWindowIsTokenDeskWithFiveScreens(t *testing.T) {
	h := newHarness(t)
	w := h.ui.Window()
	if w.Title() != "TokenDesk" {
		t.Errorf("title %q", w.Title())
	}
	if size := w.Canvas().Size(); size.Width < 1000 || size.Height < 700 {
		t.Errorf("window size %v is below 1000×700", size)
	}
	if min := w.Content().MinSize(); min.Width < minimumWindowSize.Width || min.Width > 1000 {
		t.Errorf("minimum size %v", min)
	}
	var names []string
	for _, item := range h.ui.tabs.Items {
		names = append(names, item.Text)
	}
	if fmt.Sprint(names) != "[Build Decode History Settings Serve]" {
		t.Errorf("tabs %v", names)
	}
	if w.MainMenu() == nil {
		t.Error("no menu shows the shortcuts")
	}
}

func TestAStoreThatCannotOpenLeavesTheWindowWorking(t *testing.T) {
	h := newHarness(t, func(_ *harness, d *Deps) {
		d.StoreError = fmt.Errorf("%w: disk full", errors.New("store: opening the database"))
		d.History, d.Projects, d.Settings = nil, nil, nil
	})
	if len(h.ui.banners.Objects) != 1 || !h.ui.bannerArea.Visible() {
		t.Fatal("no banner says the history database could not be opened")
	}
	buildOne(t, h, "offline", "1")
	if h.ui.history.total != 1 {
		t.Error("history does not work in memory")
	}
}

func TestAMovedAsideDatabaseIsReported(t *testing.T) {
	h := newHarness(t, func(_ *harness, d *Deps) { d.MovedAside = "/tmp/tokendesk.db.corrupt-20250603T143000Z" })
	if h.ui.win.Canvas().Overlays().Top() == nil {
		t.Fatal("nothing tells the user the database was moved aside")
	}
}

func TestASalvagedDatabaseSaysHowManyEntriesWereKept(t *testing.T) {
	h := newHarness(t, func(_ *harness, d *Deps) {
		d.MovedAside = "/tmp/tokendesk.db.corrupt-20250603T143000Z"
		d.Salvaged = store.Salvage{Entries: 416}
	})
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("nothing tells the user the database was moved aside")
	}
	var said []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			said = append(said, v.Text)
		case *widget.PopUp:
			walk(v.Content)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	if !strings.Contains(strings.Join(said, "\n"), "with the 416 history entries it could still read") {
		t.Errorf("the dialog does not say how many entries were kept: %q", said)
	}
}

func TestOpenInDecodeShowsTheBuiltToken(t *testing.T) {
	h := newHarness(t)
	built := buildOne(t, h, "demo", "1")
	test.Tap(h.ui.build.openInDecode)
	if h.ui.tabs.Selected() != h.ui.decodeTab || h.ui.decode.text != built {
		t.Fatal("Open in Decode did not show the token on the Decode screen")
	}
	if h.ui.decode.status.Text != "Valid" {
		t.Errorf("status %q: the session certificate was not used to check it", h.ui.decode.status.Text)
	}
}

func TestKeychainErrorsReadAsSentences(t *testing.T) {
	err := fmt.Errorf("store: saving the certificate: %w", &store.KeychainError{Reason: store.KeychainNoSessionBus})
	if got, want := sentence(err), "No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); start a desktop session or use a session-only certificate."; got != want {
		t.Errorf("sentence = %q, want %q", got, want)
	}
}
