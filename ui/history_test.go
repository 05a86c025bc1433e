package ui

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// fillForm types the sample App ID and certificate, a channel and a uid into the Build form.
func fillForm(s *buildScreen, channel, uid string) {
	typeIn(s.appID, sampleAppID)
	typeIn(s.certificate, sampleCertificate)
	typeIn(s.channel, channel)
	typeIn(s.user, uid)
}

// buildOne builds an RTC token through the form, as a user does.
func buildOne(t *testing.T, h *harness, channel, uid string) string {
	t.Helper()
	s := h.ui.build
	fillForm(s, channel, uid)
	test.Tap(s.buildButton)
	if s.builtToken == "" {
		t.Fatalf("no token built: %s", s.problem.Text)
	}
	return s.builtToken
}

func TestHistoryReinitializeGivesTheIdenticalToken(t *testing.T) {
	h := newHarness(t)
	first := buildOne(t, h, "demo", "42")
	h.now = h.now.Add(3 * time.Hour)
	buildOne(t, h, "other", "7")

	hs := h.ui.history
	hs.list.Select(1) // newest first: the first build is second
	if hs.selected == nil || hs.selected.Spec.Channel != "demo" {
		t.Fatalf("selected %+v", hs.selected)
	}
	test.Tap(hs.reinitButton)
	if h.ui.tabs.Selected() != h.ui.buildTab {
		t.Error("Load into Build did not show the Build screen")
	}
	b := h.ui.build
	if b.channel.Text != "demo" || b.user.Text != "42" || b.issuedAt.Text == "" || b.salt.Text == "" {
		t.Fatalf("form: channel %q uid %q issued %q salt %q", b.channel.Text, b.user.Text, b.issuedAt.Text, b.salt.Text)
	}
	test.Tap(b.buildButton)
	// Three hours on, the token of the first build has expired: Build asks first.
	confirm := findButton(h.ui.win.Canvas().Overlays().Top(), "Build anyway")
	if confirm == nil {
		t.Fatal("rebuilding an expired token did not ask first")
	}
	test.Tap(confirm)
	if b.builtToken != first {
		t.Fatalf("re-initialized build gave\n%s\nwant\n%s", b.builtToken, first)
	}
}

func TestRebuildFreshUsesANewSaltAndIssueTime(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	first := buildOne(t, h, "demo", "42")
	h.now = h.now.Add(time.Hour)
	hs := h.ui.history
	hs.list.Select(0)
	test.Tap(hs.freshButton)
	b := h.ui.build
	if b.builtToken == "" || b.builtToken == first {
		t.Fatal("Rebuild fresh did not build a new token")
	}
	if b.built.IssuedAt != uint32(h.now.Unix()) || b.built.Channel != "demo" || b.built.UID != 42 {
		t.Errorf("fresh spec %+v", b.built)
	}
	if b.issuedAt.Text != "" || b.salt.Text != "" {
		t.Error("a fresh build left the issue time or salt fixed")
	}
}

func TestHistoryActionsLabelPinDeleteAndClear(t *testing.T) {
	h := newHarness(t)
	buildOne(t, h, "one", "1")
	buildOne(t, h, "two", "2")
	buildOne(t, h, "three", "3")
	hs := h.ui.history
	if hs.total != 3 {
		t.Fatalf("total %d", hs.total)
	}
	entries, _ := h.mem.List(store.Query{})
	oldest := entries[2]

	hs.onPin(oldest)
	if e, _ := hs.entryAt(0); e.ID != oldest.ID || !e.Pinned {
		t.Fatal("a pinned entry is not listed first")
	}
	hs.change(func() error { return h.mem.SetLabel(oldest.ID, "keep me") })
	hs.query = "keep"
	hs.reload()
	if hs.total != 1 {
		t.Fatalf("the search for the label found %d entries", hs.total)
	}
	hs.query = ""
	hs.reload()
	hs.onDelete(oldest)
	if hs.total != 2 {
		t.Fatalf("%d entries after a delete", hs.total)
	}

	hs.onClear()
	confirm := findButton(h.ui.win.Canvas().Overlays().Top(), "Delete all")
	if confirm == nil {
		t.Fatal("Clear all did not ask for confirmation")
	}
	test.Tap(confirm)
	if n, _ := h.mem.Count(""); n != 0 || hs.total != 0 {
		t.Fatalf("%d entries left after clearing", n)
	}
	if hs.body.Objects[0] != hs.empty {
		t.Error("an empty history does not say so")
	}
}

// findButton finds a button by its text among o and its descendants.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	if o == nil {
		return nil
	}
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

func TestSearchIsDebouncedAndNarrowsTheList(t *testing.T) {
	h := newHarness(t)
	buildOne(t, h, "qa-lab", "1")
	buildOne(t, h, "demo", "2")
	hs := h.ui.history
	test.Type(hs.search, "QA")
	if hs.total != 1 || hs.count.Text != "1 token" {
		t.Fatalf("search found %d (%q)", hs.total, hs.count.Text)
	}
	typeIn(hs.search, "nothing like it")
	if hs.total != 0 || hs.count.Text != "No match" {
		t.Fatalf("search found %d (%q)", hs.total, hs.count.Text)
	}
}

func TestCopyRebuildsWhenHistoryKeepsNoTokens(t *testing.T) {
	h := newHarness(t)
	settings := store.DefaultSettings()
	settings.KeepTokens = false
	if err := h.mem.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	built := buildOne(t, h, "demo", "42")
	hs := h.ui.history
	e, ok := hs.entryAt(0)
	if !ok || e.Token != "" {
		t.Fatal("the history kept the token")
	}
	hs.onCopy(e)
	if got := h.ui.app.Clipboard().Content(); got != built {
		t.Fatalf("copied %q, want the rebuilt %q", got, built)
	}
}

// A long history is read a page at a time and only a few pages stay in memory; how fast the
// store answers a page of 100,000 entries is BenchmarkHistorySearch100k's business, not a timed test's.
func TestALongHistoryIsPagedAndKeepsFewPagesInMemory(t *testing.T) {
	h := newHarness(t)
	const count = 2 * historyPageSize * historyPagesKept // enough to scroll past the kept pages
	base := testNow.Add(-count * time.Minute)
	entries := make([]*store.Entry, count)
	for i := range entries {
		entries[i] = &store.Entry{
			Spec: token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: fmt.Sprintf("room-%d", i), UID: uint32(i),
				Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600, IssuedAt: uint32(base.Unix()) + uint32(i*60)},
			CreatedAt: base.Add(time.Duration(i) * time.Minute),
		}
	}
	if err := h.mem.AddMany(entries); err != nil {
		t.Fatal(err)
	}
	hs := h.ui.history
	hs.reload()
	h.ui.showHistory()
	row := hs.createRow()
	// Newest first; visiting every page once makes the screen drop the ones furthest away.
	for id := 0; id < count; id += historyPageSize / 2 {
		hs.updateRow(id, row)
		if r, want := row.(*historyRow), fmt.Sprintf("room-%d", count-1-id); r.channel.Text != want {
			t.Fatalf("row %d shows %q, want %q", id, r.channel.Text, want)
		}
	}
	hs.updateRow(count-1, row)
	if r := row.(*historyRow); r.channel.Text != "room-0" {
		t.Fatalf("the last row shows %q, want the oldest entry room-0", r.channel.Text)
	}
	hs.list.ScrollToBottom()
	h.relayout()
	if hs.total != count {
		t.Errorf("the screen counts %d entries, want %d", hs.total, count)
	}
	if len(hs.pages) > historyPagesKept {
		t.Errorf("%d pages held in memory, more than %d", len(hs.pages), historyPagesKept)
	}
}

func TestTokensSavedByAnotherWindowShowWhenTheHistoryIsShownAgain(t *testing.T) {
	h := newHarness(t)
	buildOne(t, h, "demo", "42")
	h.ui.showHistory()
	if h.ui.history.total != 1 {
		t.Fatalf("total %d", h.ui.history.total)
	}
	h.ui.showBuild()
	// Another window (or tokendesk build --save) adds to the same history.
	spec := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "elsewhere", UID: 7, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: uint32(h.now.Unix()), Salt: 5}
	if err := h.mem.Add(&store.Entry{Spec: spec}); err != nil {
		t.Fatal(err)
	}
	h.ui.showHistory()
	if hs := h.ui.history; hs.total != 2 || hs.count.Text != "2 tokens" {
		t.Errorf("the history shows %d (%q) after another window added one", hs.total, hs.count.Text)
	}
}
