package ui

import (
	"bytes"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/token"
)

// press types a shortcut on the window, as the keyboard does.
func (h *harness) press(s fyne.Shortcut) {
	h.ui.win.Canvas().(fyne.Shortcutable).TypedShortcut(s)
}

// menuItems returns the main menu's items by label, with the menus' names.
func menuItems(t *testing.T, h *harness) (names []string, items map[string]*fyne.MenuItem) {
	t.Helper()
	menu := h.ui.win.MainMenu()
	if menu == nil {
		t.Fatal("the window has no main menu")
	}
	items = map[string]*fyne.MenuItem{}
	for _, m := range menu.Items {
		names = append(names, m.Label)
		for _, it := range m.Items {
			if !it.IsSeparator {
				items[it.Label] = it
			}
		}
	}
	return names, items
}

func TestTheMenusShowEveryShortcut(t *testing.T) {
	h := newHarness(t)
	names, items := menuItems(t, h)
	if got := strings.Join(names, " "); got != "File Edit View Help" {
		t.Errorf("menus %q", got)
	}
	want := map[string]*desktop.CustomShortcut{
		"New token":          shortcutNewToken,
		"Build token":        shortcutBuild,
		"Import projects…":   nil,
		"Export projects…":   nil,
		"Quit":               shortcutQuit,
		"Copy token":         shortcutCopyToken,
		"Paste and decode":   shortcutPasteDecode,
		"Clear decode":       nil,
		"Search history":     shortcutFindHistory,
		"Build screen":       shortcutShowBuild,
		"Decode screen":      shortcutShowDecode,
		"History screen":     shortcutShowHistory,
		"Settings screen":    shortcutShowSettings,
		"Serve screen":       shortcutShowServe,
		"Keyboard shortcuts": shortcutShowShortcuts,
		"About TokenDesk":    nil,
	}
	for label, shortcut := range want {
		item, ok := items[label]
		switch {
		case !ok:
			t.Errorf("no menu item %q", label)
		case item.Action == nil:
			t.Errorf("%q does nothing", label)
		case shortcut == nil && item.Shortcut != nil:
			t.Errorf("%q shows shortcut %s", label, item.Shortcut.ShortcutName())
		case shortcut != nil && (item.Shortcut == nil || item.Shortcut.ShortcutName() != shortcut.ShortcutName()):
			t.Errorf("%q does not show %s", label, shortcut.ShortcutName())
		}
		if shortcut != nil && shortcut.Modifier&fyne.KeyModifierShortcutDefault == 0 {
			t.Errorf("%q's shortcut does not use the platform's shortcut key", label)
		}
	}
	if len(items) != len(want) {
		t.Errorf("%d menu items, want %d", len(items), len(want))
	}
	if !items["Quit"].IsQuit {
		t.Error("Quit is not the menu's quit item")
	}
}

func TestCtrlNumberSwitchesScreens(t *testing.T) {
	h := newHarness(t)
	for i, s := range []fyne.Shortcut{shortcutShowDecode, shortcutShowHistory, shortcutShowSettings, shortcutShowServe, shortcutShowBuild} {
		h.press(s)
		want := []int{1, 2, 3, 4, 0}[i]
		if got := h.ui.tabs.SelectedIndex(); got != want {
			t.Errorf("%s shows tab %d, want %d", s.ShortcutName(), got, want)
		}
	}
	h.press(shortcutShowSettings)
	if h.ui.tabs.Selected().Text != "Settings" {
		t.Errorf("Ctrl+4 shows %q", h.ui.tabs.Selected().Text)
	}
	h.press(shortcutShowServe)
	if h.ui.tabs.Selected().Text != "Serve" {
		t.Errorf("Ctrl+5 shows %q", h.ui.tabs.Selected().Text)
	}
}

func TestCtrlEnterBuildsFromAnyScreen(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	fillForm(s, "demo", "42")
	h.ui.showHistory()
	h.press(shortcutBuild)
	if h.ui.tabs.Selected() != h.ui.buildTab || s.builtToken == "" {
		t.Fatalf("Ctrl+Enter did not build on the Build screen: %q", s.problem.Text)
	}
	first := s.builtToken
	typeIn(s.channel, "bad/channel")
	h.press(shortcutBuild)
	if s.builtToken != first {
		t.Error("Ctrl+Enter built from a form that is not valid")
	}
}

func TestCtrlLAndCtrlFPutTheCursorWhereTheTextGoes(t *testing.T) {
	h := newHarness(t)
	c := h.ui.win.Canvas()
	h.ui.openInDecode("007 old text")
	h.ui.showBuild()

	h.press(shortcutPasteDecode) // nothing copied yet
	if h.ui.tabs.Selected() != h.ui.decodeTab || c.Focused() != h.ui.decode.input {
		t.Fatal("Ctrl+L did not focus the Decode input")
	}
	if got := h.ui.decode.input.SelectedText(); got != "007 old text" {
		t.Errorf("Ctrl+L selected %q, not all of the old text for a paste to replace", got)
	}

	h.press(shortcutFindHistory)
	if h.ui.tabs.Selected() != h.ui.historyTab || c.Focused() != h.ui.history.search {
		t.Fatal("Ctrl+F did not focus the history search")
	}
}

func TestTheEditMenuDecodesAndClears(t *testing.T) {
	h := newHarness(t)
	built := buildOne(t, h, "demo", "42")
	_, items := menuItems(t, h)

	h.ui.showBuild()
	h.ui.app.Clipboard().SetContent(built)
	h.press(shortcutPasteDecode)
	if h.ui.tabs.Selected() != h.ui.decodeTab || h.ui.decode.text != built || h.ui.decode.parsed == nil {
		t.Fatal("Ctrl+L did not paste and decode the clipboard")
	}
	if h.ui.win.Canvas().Focused() != h.ui.decode.input {
		t.Error("after Ctrl+L the cursor is not in the Decode input")
	}
	items["Clear decode"].Action()
	if h.ui.decode.input.Text != "" || h.ui.decode.parsed != nil {
		t.Error("Clear decode left the token")
	}
}

func TestNewTokenEmptiesTheFormButKeepsTheProject(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	s := h.ui.build
	s.selectProjectByAppID(sampleAppID)
	typeIn(s.channel, "demo")
	typeIn(s.user, "42")
	s.role.SetSelected(token.RoleSubscriber.String())
	s.model.setLifetime(24 * 3600)
	s.update()
	test.Tap(s.buildButton)
	if s.builtToken == "" {
		t.Fatal(s.problem.Text)
	}

	h.press(shortcutNewToken)
	if s.channel.Text != "" || s.user.Text != "" {
		t.Errorf("channel %q and user %q stay", s.channel.Text, s.user.Text)
	}
	if v, err := s.model.lifetime(); s.role.Selected != token.RolePublisher.String() || err != nil || v != 3600 {
		t.Errorf("role %q and expiry %d s (%v) are not the project's", s.role.Selected, v, err)
	}
	if s.appID.Text != sampleAppID || s.certificate.Text != sampleCertificate {
		t.Error("the project's App ID or certificate was lost")
	}
	if s.builtToken != "" || len(s.resultBox.Objects) != 1 || s.resultBox.Objects[0] != s.placeholder {
		t.Error("the old token still shows")
	}
	if h.ui.win.Canvas().Focused() != s.channel {
		t.Error("the cursor is not in the channel field")
	}
	for _, hint := range []*widget.Label{s.hints[inChannel], s.hints[inUser]} {
		if hint.Visible() {
			t.Errorf("the empty form already complains: %q", hint.Text)
		}
	}
}

func TestTheShortcutsDialogListsEveryShortcut(t *testing.T) {
	if runtime.GOOS == "darwin" {
		t.Skip("macOS writes shortcuts with symbols")
	}
	h := newHarness(t)
	h.press(shortcutShowShortcuts)
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	var texts []string
	for _, o := range objectsIn(top) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	for _, want := range []string{"Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+Enter", "Ctrl+Shift+C", "Ctrl+L", "Ctrl+F", "Ctrl+N", "Ctrl+/"} {
		if !slices.Contains(texts, want) {
			t.Errorf("%s is not listed: %q", want, texts)
		}
	}
}

func TestAboutSaysWhatAndWhichVersion(t *testing.T) {
	h := newHarness(t, func(_ *harness, d *Deps) { d.Version = "v1.2.3" })
	_, items := menuItems(t, h)
	items["About TokenDesk"].Action()
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	var texts []string
	for _, o := range objectsIn(top) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	for _, want := range []string{"TokenDesk", "Version v1.2.3", "Builds, decodes and checks Agora access tokens."} {
		if !slices.Contains(texts, want) {
			t.Errorf("About does not say %q: %q", want, texts)
		}
	}
}

// closingBuffer is a file to export to.
type closingBuffer struct {
	bytes.Buffer
	closed bool
}

func (b *closingBuffer) Close() error { b.closed = true; return nil }

func TestProjectsExportAndImportAsJSON(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	var file closingBuffer
	h.ui.exportProjects(&file)
	if !file.closed || !strings.Contains(file.String(), sampleAppID) {
		t.Fatalf("export %q (closed %v)", file.String(), file.closed)
	}
	if strings.Contains(strings.ToLower(file.String()), strings.ToLower(sampleCertificate)) {
		t.Fatal("the export holds the certificate")
	}
	h.ui.win.Canvas().Overlays().Top().Hide()
	h.ui.win.Canvas().Overlays().Remove(h.ui.win.Canvas().Overlays().Top())

	other := newHarness(t)
	other.ui.importProjects(io.NopCloser(strings.NewReader(file.String())))
	if n := len(other.ui.build.projects); n != 1 || other.ui.build.projects[0].Label != "Demo app" {
		t.Fatalf("imported %+v", other.ui.build.projects)
	}
	if len(other.ui.build.projectSelect.Options) != 1 {
		t.Error("the project menu does not offer the imported project")
	}
}

func TestAFileThatIsNotProjectsIsRefused(t *testing.T) {
	h := newHarness(t)
	h.ui.importProjects(io.NopCloser(strings.NewReader(`[{"label": "x", "app_id": "nothex"}]`)))
	if h.ui.win.Canvas().Overlays().Top() == nil {
		t.Error("nothing says the import failed")
	}
	if list, _ := h.ui.deps.Projects.Projects(); len(list) != 0 {
		t.Errorf("saved %+v from a bad file", list)
	}
}

func TestShortcutsReadAsThePlatformWritesThem(t *testing.T) {
	if runtime.GOOS == "darwin" {
		if got := shortcutText(shortcutCopyToken); got != "⇧⌘C" {
			t.Errorf("got %q", got)
		}
		return
	}
	for s, want := range map[*desktop.CustomShortcut]string{
		shortcutCopyToken:   "Ctrl+Shift+C",
		shortcutBuild:       "Ctrl+Enter",
		shortcutShowHistory: "Ctrl+3",
	} {
		if got := shortcutText(s); got != want {
			t.Errorf("%s reads %q, want %q", s.ShortcutName(), got, want)
		}
	}
}

func TestTabLeavesTheTokenInput(t *testing.T) {
	h := newHarness(t)
	if h.ui.decode.input.AcceptsTab() {
		t.Error("Tab types into the token input, so the keyboard cannot leave it")
	}
}

// focusOrder tabs through the window from the start and returns what Tab reaches, in order.
func focusOrder(h *harness) []fyne.Focusable {
	c := h.ui.win.Canvas()
	c.Unfocus()
	var order []fyne.Focusable
	for range 500 {
		test.FocusNext(c)
		f := c.Focused()
		if f == nil || slices.Contains(order, f) {
			break
		}
		order = append(order, f)
	}
	return order
}

func TestTabReachesEveryControlOfTheBuildScreenInOrder(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	s := h.ui.build
	s.selectProjectByAppID(sampleAppID)
	buildOne(t, h, "demo", "42")
	s.advanced.Open(0)
	h.relayout()

	order := focusOrder(h)
	main := []struct {
		name string
		o    fyne.Focusable
	}{
		{"project", s.projectSelect}, {"Add project", s.addProject}, {"Edit project", s.editProject},
		{"App ID", s.appID}, {"certificate", s.certificate}, {"show certificate", s.certificate.ActionItem.(fyne.Focusable)},
		{"service", s.service}, {"channel", s.channel}, {"user", s.user},
		{"issued at", s.issuedAt}, {"salt", s.salt},
		{"Build token", s.buildButton}, {"Copy", s.copyButton}, {"QR code", s.qrButton}, {"Open in Decode", s.openInDecode},
	}
	last := -1
	for _, m := range main {
		i := slices.Index(order, m.o)
		if i < 0 {
			t.Errorf("Tab never reaches %s", m.name)
			continue
		}
		if i < last {
			t.Errorf("Tab reaches %s out of order", m.name)
		}
		last = i
	}
	// The uid/account choice comes before the field it changes, as on screen.
	if user := slices.Index(order, fyne.Focusable(s.user)); user < 0 || reachedInside(order[:user], s.identity.RadioGroup) != len(s.identity.Options) {
		t.Error("Tab reaches the uid field before its uid/account choice")
	}
	// The controls made of several focusable parts: every radio button, and the Advanced
	// header.
	for _, g := range []struct {
		name  string
		o     fyne.CanvasObject
		parts int
	}{
		{"format", s.format.RadioGroup, len(s.format.Options)}, {"user kind", s.identity.RadioGroup, len(s.identity.Options)},
		{"role", s.role.RadioGroup, len(s.role.Options)}, {"expiry", s.expiry.RadioGroup, len(s.expiry.Options)},
		{"Advanced", s.advanced, 1},
	} {
		if n := reachedInside(order, g.o); n < g.parts {
			t.Errorf("Tab reaches %d of the %d parts of %s", n, g.parts, g.name)
		}
	}
}

// reachedInside counts the focusables in order that lie inside o on screen.
func reachedInside(order []fyne.Focusable, o fyne.CanvasObject) int {
	d := fyne.CurrentApp().Driver()
	min := d.AbsolutePositionForObject(o)
	max := min.Add(o.Size())
	n := 0
	for _, f := range order {
		p := d.AbsolutePositionForObject(f.(fyne.CanvasObject))
		if p.X >= min.X && p.Y >= min.Y && p.X < max.X && p.Y < max.Y {
			n++
		}
	}
	return n
}

// objectsIn returns o and everything drawn inside it, as it is on screen. (test.LaidOutObjects
// makes new renderers, so it returns copies of what a widget draws.)
func objectsIn(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, objectsIn(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, objectsIn(c)...)
		}
	}
	return out
}

func TestTheProjectItemsOpenFileDialogs(t *testing.T) {
	for _, label := range []string{"Export projects…", "Import projects…"} {
		h := newHarness(t)
		_, items := menuItems(t, h)
		items[label].Action()
		if h.ui.win.Canvas().Overlays().Top() == nil {
			t.Errorf("%s opens no dialog", label)
		}
	}
}
