package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// withSettings changes the saved settings before the window opens.
func withSettings(change func(*store.Settings)) option {
	return func(h *harness, _ *Deps) {
		v, err := h.mem.Settings()
		if err != nil {
			h.t.Fatal(err)
		}
		change(&v)
		if err := h.mem.SaveSettings(v); err != nil {
			h.t.Fatal(err)
		}
	}
}

func savedSettings(t *testing.T, h *harness) store.Settings {
	t.Helper()
	v, err := h.mem.Settings()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSettingsAreSavedAsTheyChange(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	h.ui.showSettings()
	s := h.ui.settingsScreen
	if s.status.Text != "Changes are saved as you make them." {
		t.Errorf("status %q", s.status.Text)
	}

	s.service.SetSelected(kindLabel(token.KindRTM))
	s.format.SetSelected(token.Version006)
	typeIn(s.expiry, "2h")
	typeIn(s.clipboard, "30")
	test.Tap(s.reminder)
	typeIn(s.retentionCount, "500")
	typeIn(s.retentionDays, "90")
	s.project.SetSelected(projectOption(h.ui.build.projects[0]))

	v := savedSettings(t, h)
	if v.DefaultService != token.KindRTM || v.DefaultFormat != token.Version006 || v.DefaultExpire != 7200 ||
		v.ClipboardClearSeconds != 30 || !v.ExpiryReminder || v.RetentionCount != 500 || v.RetentionDays != 90 ||
		v.DefaultProject != sampleAppID {
		t.Fatalf("saved %+v", v)
	}
	if h.ui.settings != v {
		t.Errorf("the window uses %+v, not what was saved", h.ui.settings)
	}
	if s.status.Text != "Saved." {
		t.Errorf("status %q after saving", s.status.Text)
	}
	if got := s.hints[s.expiry].Text; got != "2 hours" {
		t.Errorf("the expiry hint reads %q", got)
	}
	if got := s.hints[s.clipboard].Text; got != "Cleared after 30 s." {
		t.Errorf("the clipboard hint reads %q", got)
	}
}

func TestSettingsThatAreNotValidAreExplainedAndNotSaved(t *testing.T) {
	h := newHarness(t)
	s := h.ui.settingsScreen
	for _, c := range []struct {
		field *widget.Entry
		text  string
		hint  string
	}{
		{s.clipboard, "-5", "Give a whole number, 0 or more."},
		{s.clipboard, "soon", "Give a whole number, 0 or more."},
		{s.retentionDays, "99999999", "Give a number up to 36500."},
		{s.expiry, "25h", "Agora accepts tokens of up to 24 hours."},
		{s.expiry, "0", "A token that lives 0 seconds has expired before it is used."},
		{s.expiry, "soon", `"soon" is neither seconds (3600) nor a duration (90m, 2h).`},
	} {
		c.field.SetText(c.text) // as pasted: typed, "25h" would save 25 s on the way, in a test
		if got := s.hints[c.field].Text; got != c.hint || !s.hints[c.field].Visible() {
			t.Errorf("%q: hint %q, want %q", c.text, got, c.hint)
		}
	}
	if v := savedSettings(t, h); v.ClipboardClearSeconds != 60 || v.RetentionDays != 0 || v.DefaultExpire != 3600 {
		t.Errorf("values that are not valid were saved: %+v", v)
	}
	typeIn(s.clipboard, "0")
	if v := savedSettings(t, h); v.ClipboardClearSeconds != 0 {
		t.Errorf("0 (never clear) was not saved: %d", v.ClipboardClearSeconds)
	}
	if got := s.hints[s.clipboard].Text; got != "The clipboard is never cleared." {
		t.Errorf("hint %q for 0", got)
	}
}

func TestTheThemeAppliesAtOnceKeepingTheForm(t *testing.T) {
	h := newHarness(t)
	typeIn(h.ui.build.channel, "kept")
	h.ui.showSettings()
	h.ui.settingsScreen.theme.SetSelected("Dark")
	if v := savedSettings(t, h); v.Theme != themeDark {
		t.Fatalf("theme %q saved", v.Theme)
	}
	th := fyne.CurrentApp().Settings().Theme()
	dark := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
	if got := th.Color(theme.ColorNameBackground, theme.VariantLight); got != dark {
		t.Errorf("background %v, want the dark theme's %v", got, dark)
	}
	if h.ui.build.channel.Text != "kept" || h.ui.tabs.Selected() != h.ui.settingsTab {
		t.Error("changing the theme lost the form or the screen")
	}
	h.ui.settingsScreen.theme.SetSelected("Light")
	light := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	if got := fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark); got != light {
		t.Errorf("background %v, want the light theme's %v", got, light)
	}
	h.ui.settingsScreen.theme.SetSelected("System")
	if th, ok := fyne.CurrentApp().Settings().Theme().(*appTheme); !ok || th.variant != nil {
		t.Error("the system setting does not follow the system's variant")
	}
}

func TestTheBuildFormStartsWithTheDefaults(t *testing.T) {
	h := newHarness(t, withSettings(func(v *store.Settings) {
		v.DefaultService = token.KindRTCRTM
		v.DefaultFormat = token.Version007
		v.DefaultExpire = 600
	}))
	b := h.ui.build
	if b.model.Kind != token.KindRTCRTM || b.expiry.Selected != "10 min" {
		t.Errorf("the form starts with %s for %q", b.model.Kind, b.expiry.Selected)
	}
	s := h.ui.settingsScreen
	if s.service.Selected != kindLabel(token.KindRTCRTM) || s.expiry.Text != "600" {
		t.Errorf("settings show %q, %q", s.service.Selected, s.expiry.Text)
	}

	// A default project fills the form with its App ID, certificate and its own defaults.
	h = newHarness(t, withSettings(func(v *store.Settings) { v.DefaultProject = sampleAppID }))
	h.addProject("Other", "00000000000000000000000000000001", "")
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	h.ui.load() // the projects are read again, and the default one chosen
	b = h.ui.build
	if b.appID.Text != sampleAppID || b.certificate.Text != sampleCertificate {
		t.Errorf("the default project is not chosen: App ID %q", b.appID.Text)
	}
	demo, _ := h.mem.Project(sampleAppID)
	if s := h.ui.settingsScreen; s.project.Selected != projectOption(demo) {
		t.Errorf("settings show the default project as %q", s.project.Selected)
	}
}

func TestApplyingRetentionSaysHowManyTokensWent(t *testing.T) {
	h := newHarness(t)
	for i := range 5 {
		h.now = testNow.Add(time.Duration(i) * time.Hour)
		buildOne(t, h, "room", "1")
	}
	h.ui.showSettings()
	s := h.ui.settingsScreen
	test.Tap(s.applyButton)
	if !strings.Contains(s.retentionNote.Text, "with both at 0") {
		t.Errorf("with no limits, Apply says %q", s.retentionNote.Text)
	}
	typeIn(s.retentionCount, "2")
	test.Tap(s.applyButton)
	confirm := findButton(h.ui.win.Canvas().Overlays().Top(), "Delete")
	if confirm == nil {
		t.Fatal("Apply did not ask first")
	}
	test.Tap(confirm)
	if s.retentionNote.Text != "Removed 3 tokens from the history." {
		t.Errorf("note %q", s.retentionNote.Text)
	}
	if n, _ := h.mem.Count(""); n != 2 || h.ui.history.total != 2 {
		t.Errorf("%d tokens left, the list shows %d", n, h.ui.history.total)
	}
	test.Tap(s.applyButton)
	test.Tap(findButton(h.ui.win.Canvas().Overlays().Top(), "Delete"))
	if s.retentionNote.Text != "Nothing to remove: every token is within the limits." {
		t.Errorf("note %q", s.retentionNote.Text)
	}
}

func TestTurningOffKeepTokensAsksFirst(t *testing.T) {
	h := newHarness(t)
	buildOne(t, h, "room", "1")
	s := h.ui.settingsScreen
	test.Tap(s.keepTokens)
	cancel := findButton(h.ui.win.Canvas().Overlays().Top(), "No")
	if cancel == nil {
		t.Fatal("turning Keep off did not ask first")
	}
	test.Tap(cancel)
	if !s.keepTokens.Checked || !savedSettings(t, h).KeepTokens {
		t.Fatal("cancelling still turned it off")
	}
	test.Tap(s.keepTokens)
	test.Tap(findButton(h.ui.win.Canvas().Overlays().Top(), "Remove token strings"))
	if savedSettings(t, h).KeepTokens {
		t.Fatal("not saved")
	}
	if e, _ := h.mem.List(store.Query{}); len(e) != 1 || e[0].Token != "" {
		t.Error("the token strings already kept were not removed")
	}
}

// recordingSettings remembers what was saved, in order.
type recordingSettings struct{ saved []store.Settings }

func (r *recordingSettings) Settings() (store.Settings, error) { return store.DefaultSettings(), nil }

func (r *recordingSettings) SaveSettings(v store.Settings) error {
	r.saved = append(r.saved, v)
	return nil
}

func TestSavesThatFinishOutOfOrderKeepTheLastChange(t *testing.T) {
	var w settingsSaver
	to := &recordingSettings{}
	first, second := w.next(), w.next()
	v1, v2 := store.DefaultSettings(), store.DefaultSettings()
	v1.ClipboardClearSeconds, v2.ClipboardClearSeconds = 12, 120
	// The second save's goroutine gets the lock first.
	if saved, err := w.save(to, second, v2, nil); !saved || err != nil {
		t.Fatalf("the latest save did not run: %v", err)
	}
	if saved, _ := w.save(to, first, v1, nil); saved {
		t.Fatal("an older save ran after a newer one")
	}
	if len(to.saved) != 1 || to.saved[0].ClipboardClearSeconds != 120 {
		t.Errorf("saved %+v", to.saved)
	}
}

// TestSettingsRendersAsBefore guards the layout of the Settings screen, in English and in
// Chinese, with markup snapshots in testdata/.
func TestSettingsRendersAsBefore(t *testing.T) {
	h := newHarness(t)
	h.ui.showSettings()
	h.relayout()
	test.AssertRendersToMarkup(t, "settings.xml", h.ui.win.Canvas())

	h.ui.settingsScreen.language.SetSelected(chineseName)
	h.ui.showBuild()
	h.relayout()
	test.AssertRendersToMarkup(t, "build_zh.xml", h.ui.win.Canvas())
}
