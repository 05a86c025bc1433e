package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// key presses a key as the window does: into the focused field, or else to the canvas.
func (h *harness) key(name fyne.KeyName) {
	c := h.ui.win.Canvas()
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	c.OnTypedKey()(ev)
}

// dialogOnShow reports whether a dialog is on show over the window.
func (h *harness) dialogOnShow() bool { return h.ui.win.Canvas().Overlays().Top() != nil }

// historyCount is how many tokens the history holds.
func (h *harness) historyCount() int {
	h.t.Helper()
	n, err := h.mem.Count("")
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

// reloadFirstBuild builds uid 42 in channel demo, moves the clock a day on and loads that
// token back into Build from the history, exactly.
func reloadFirstBuild(t *testing.T, h *harness) string {
	t.Helper()
	first := buildOne(t, h, "demo", "42")
	h.now = h.now.Add(25 * time.Hour)
	hs := h.ui.history
	hs.reload()
	e, ok := hs.entryAt(0)
	if !ok {
		t.Fatal("the history is empty")
	}
	hs.onReinit(e)
	return first
}

func TestChangingTheFormMarksTheTokenOnShowOutOfDate(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	built := buildOne(t, h, "demo", "4242")
	if s.status.Text != "Valid" || s.copyButton.Disabled() || s.staleNote.Visible() {
		t.Fatalf("a fresh token shows %q, Copy disabled %v", s.status.Text, s.copyButton.Disabled())
	}

	s.identity.SetSelected(identityLabel(true))
	typeIn(s.user, "alice")
	s.role.SetSelected(roleLabel(token.RoleSubscriber))
	if s.status.Text != "Out of date" || !s.copyButton.Disabled() || !s.qrButton.Disabled() || !s.staleNote.Visible() {
		t.Fatalf("after switching to account alice, subscriber, the old token shows %q, Copy disabled %v, QR disabled %v",
			s.status.Text, s.copyButton.Disabled(), s.qrButton.Disabled())
	}
	h.ui.onCopyToken()
	if got := h.ui.app.Clipboard().Content(); got == built {
		t.Error("Ctrl+Shift+C copied the token the form no longer describes")
	}

	test.Tap(s.buildButton)
	if s.status.Text != "Valid" || s.copyButton.Disabled() || s.staleNote.Visible() {
		t.Errorf("the new build still shows %q", s.status.Text)
	}
	if !strings.Contains(s.builtFor.Text, "alice") || !strings.Contains(s.builtFor.Text, "subscriber") {
		t.Errorf("the new token is for %q", s.builtFor.Text)
	}

	typeIn(s.appID, "not an App ID")
	if s.status.Text != "Out of date" || !s.copyButton.Disabled() {
		t.Errorf("with a bad App ID the token shows %q, Copy disabled %v", s.status.Text, s.copyButton.Disabled())
	}
	typeIn(s.appID, sampleAppID)
	if s.status.Text != "Valid" || s.copyButton.Disabled() {
		t.Errorf("with the App ID back, the token shows %q", s.status.Text)
	}
}

func TestAnExactRebuildSaysSoAndAFreshTokenIsOneClickAway(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	reloadFirstBuild(t, h)
	if !s.reproduceStrip.Visible() || !s.makeFresh.Visible() {
		t.Fatal("loading a token exactly shows no reproduce strip")
	}
	if want := "Rebuilding the token of Tue 3 Jun 2025 14:30:00 exactly."; s.reproduceText.Text != want {
		t.Errorf("the strip reads %q, want %q", s.reproduceText.Text, want)
	}

	test.Tap(s.makeFresh)
	if s.issuedAt.Text != "" || s.salt.Text != "" || s.reproduceStrip.Visible() {
		t.Fatalf("Make a fresh token left issued-at %q, salt %q", s.issuedAt.Text, s.salt.Text)
	}
	test.Tap(s.buildButton)
	if h.dialogOnShow() {
		t.Fatal("building a fresh token asked first")
	}
	if s.built.IssuedAt != uint32(h.now.Unix()) || s.status.Text != "Valid" {
		t.Errorf("the fresh token was issued at %d and shows %q", s.built.IssuedAt, s.status.Text)
	}
}

func TestChangingTheUIDOfALoadedTokenDropsItsIssueTimeAndSaysSo(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	reloadFirstBuild(t, h)
	typeIn(s.user, "7")
	if s.issuedAt.Text != "" || s.salt.Text != "" {
		t.Fatalf("the new uid kept issued-at %q and salt %q", s.issuedAt.Text, s.salt.Text)
	}
	if !s.reproduceStrip.Visible() || !strings.Contains(s.reproduceText.Text, "dropped") || s.makeFresh.Visible() {
		t.Errorf("the strip does not say the issue time was dropped: %q", s.reproduceText.Text)
	}

	h.press(shortcutBuild)
	if h.dialogOnShow() {
		t.Fatal("Ctrl+Enter asked about an expired token")
	}
	if s.built.UID != 7 || s.built.IssuedAt != uint32(h.now.Unix()) || s.status.Text != "Valid" {
		t.Errorf("built uid %d issued at %d, showing %q", s.built.UID, s.built.IssuedAt, s.status.Text)
	}
	if s.reproduceStrip.Visible() {
		t.Error("the strip stays after the fresh build")
	}
	entries, _ := h.mem.List(store.Query{})
	if len(entries) != 2 || !joinEnds(&entries[0].Spec).After(h.now) {
		t.Errorf("the history got %d entries; the newest expired at birth", len(entries))
	}
}

func TestBuildingATokenThatIsAlreadyExpiredAsksFirst(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	first := reloadFirstBuild(t, h)
	test.Tap(s.buildButton)
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil || findButton(top, "Build anyway") == nil {
		t.Fatal("rebuilding yesterday's token did not ask first")
	}
	if !strings.Contains(strings.Join(shownTexts(top), " "), "expired 24 h 00 min 00 s ago") {
		t.Errorf("the question does not say since when: %q", shownTexts(top))
	}
	h.key(fyne.KeyEscape)
	if h.dialogOnShow() || h.historyCount() != 1 {
		t.Fatal("Esc still built the expired token")
	}

	test.Tap(s.buildButton)
	h.key(fyne.KeyReturn)
	if s.builtToken != first || h.historyCount() != 2 {
		t.Error("Enter did not build the token asked about")
	}

	// A token that expires within the minute asks too.
	test.Tap(s.makeFresh)
	s.expiry.SetSelected(customLabel())
	typeIn(s.customExpiry, "30")
	test.Tap(s.buildButton)
	if top := h.ui.win.Canvas().Overlays().Top(); top == nil || findButton(top, "Build anyway") == nil {
		t.Error("a token of 30 seconds was built without asking")
	}
}

func TestA006TokenSaysHowLongUsersMayJoinNotItsDayLongTs(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	fillForm(s, "legacy", "7")
	s.format.SetSelected(token.Version006)
	test.Tap(s.buildButton)
	if s.expiresName.Text != "Join allowed until" || s.expires.Text != localTime(testNow.Add(time.Hour)) {
		t.Errorf("a 006 token of an hour shows %q %q", s.expiresName.Text, s.expires.Text)
	}
	if s.countdown.Text != "in 1 h 00 min 00 s" {
		t.Errorf("the countdown reads %q", s.countdown.Text)
	}
	if !s.tokenExpiry.Visible() || !strings.Contains(s.tokenExpiry.Text, localTime(testNow.Add(24*time.Hour))) {
		t.Errorf("the 24-hour ts is not a detail: %q", s.tokenExpiry.Text)
	}
	h.now = h.now.Add(2 * time.Hour)
	s.tick()
	if s.status.Text != "Expired" {
		t.Errorf("two hours on, the 006 token shows %q", s.status.Text)
	}
}

func TestAProjectSavedInChineseKeepsTheSubscriberRole(t *testing.T) {
	h := newHarness(t, withSettings(func(v *store.Settings) { v.Language = languageChinese }))
	s := h.ui.build
	s.role.SetSelected("观众")
	if s.model.Role != token.RoleSubscriber {
		t.Fatalf("choosing 观众 chose %s", s.model.Role)
	}
	typeIn(s.appID, sampleAppID)
	test.Tap(s.addProject)
	label, ok := h.ui.win.Canvas().Focused().(*dialogEntry)
	if !ok {
		t.Fatal("the project dialog has no field focused")
	}
	typeIn(&label.Entry, "演示")
	h.key(fyne.KeyReturn)
	p, err := h.mem.Project(sampleAppID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != token.RoleSubscriber {
		t.Errorf("the project was saved as %s", p.Role)
	}
}

func TestEveryDialogFocusesItsFieldAndAnswersEnterAndEsc(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	c := h.ui.win.Canvas()

	// Add project: the name has the cursor; Esc cancels, Enter saves.
	typeIn(s.appID, sampleAppID)
	test.Tap(s.addProject)
	name, ok := c.Focused().(*dialogEntry)
	if !ok || name.PlaceHolder != "e.g. Demo app (staging)" {
		t.Fatalf("Add project focuses %T, not the name", c.Focused())
	}
	typeIn(&name.Entry, "Demo")
	h.key(fyne.KeyEscape)
	if h.dialogOnShow() {
		t.Fatal("Esc did not close Add project")
	}
	if _, err := h.mem.Project(sampleAppID); err == nil {
		t.Fatal("Esc saved the project")
	}
	test.Tap(s.addProject)
	typeIn(&c.Focused().(*dialogEntry).Entry, "Demo")
	h.key(fyne.KeyReturn)
	if _, err := h.mem.Project(sampleAppID); err != nil || h.dialogOnShow() {
		t.Fatalf("Enter did not save the project: %v", err)
	}

	// Label…: the label has the cursor; Enter saves it, Esc leaves it.
	typeIn(s.certificate, sampleCertificate)
	fillForm(s, "demo", "42")
	test.Tap(s.buildButton)
	hs := h.ui.history
	hs.reload()
	e, _ := hs.entryAt(0)
	hs.onLabel(e)
	label, ok := c.Focused().(*dialogEntry)
	if !ok {
		t.Fatal("Label… has no field focused")
	}
	test.Type(&label.Entry, "QA run")
	h.key(fyne.KeyReturn)
	if got, _ := h.mem.Entry(e.ID); got.Label != "QA run" {
		t.Errorf("Enter saved the label %q", got.Label)
	}
	hs.onLabel(e)
	typeIn(&c.Focused().(*dialogEntry).Entry, "never saved")
	h.key(fyne.KeyEscape)
	if got, _ := h.mem.Entry(e.ID); got.Label != "QA run" || h.dialogOnShow() {
		t.Errorf("Esc saved the label %q", got.Label)
	}

	// Clear all and the shortcut sheet have no field: the keys answer them all the same.
	hs.onClear()
	h.key(fyne.KeyEscape)
	if h.dialogOnShow() || h.historyCount() != 1 {
		t.Fatal("Esc did not cancel Clear all")
	}
	hs.onClear()
	h.key(fyne.KeyReturn)
	if h.historyCount() != 0 {
		t.Error("Enter did not clear the history")
	}
	h.press(shortcutShowShortcuts)
	if !h.dialogOnShow() {
		t.Fatal("Ctrl+/ showed no sheet")
	}
	h.key(fyne.KeyEscape)
	if h.dialogOnShow() {
		t.Error("Esc did not close the shortcut sheet")
	}
}

func TestNewTokenLeavesTheEmptyUIDCalm(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	buildOne(t, h, "demo", "42")
	h.press(shortcutNewToken)
	if s.hints[inUser].Visible() || s.user.Validate() != nil {
		t.Errorf("after Ctrl+N the untouched uid says %q", s.hints[inUser].Text)
	}
	if strings.Contains(s.problem.Text, "uid") {
		t.Errorf("Build says %q about a uid nobody typed", s.problem.Text)
	}
}

func TestTheCopyNoteSaysWhenTheTokenLeftTheClipboard(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	buildOne(t, h, "demo", "42")
	test.Tap(h.ui.build.copyButton)
	clock.advance(time.Minute)
	if got := h.ui.build.copyNote.Text; got != "The token is no longer on the clipboard." {
		t.Errorf("after the clear the note still reads %q", got)
	}
}

func TestTheFormStartsWithNoProjectWhenSettingsSayNone(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	b := h.ui.build
	b.projectSelect.SetSelectedIndex(0) // used last
	typeIn(b.appID, "")
	h.ui.load() // as the window does when it opens
	if b.appID.Text != "" || b.projectSelect.SelectedIndex() >= 0 {
		t.Errorf("with no default project the form starts with App ID %q", b.appID.Text)
	}
}

func TestWithoutAKeychainTheCertificateHintIsQuietUnderATypedCertificate(t *testing.T) {
	h := newHarness(t, withKeychainUnavailable())
	s := h.ui.build
	typeIn(s.appID, sampleAppID)
	hint := s.hints[inCertificate]
	if hint.Importance == widget.DangerImportance || strings.Contains(hint.Text, "not set up") {
		t.Errorf("the hint repeats the banner in red: %q", hint.Text)
	}
	typeIn(s.certificate, sampleCertificate)
	if hint.Importance == widget.DangerImportance || hint.Text != "Used for this session only; add a project to keep it in the keychain." {
		t.Errorf("under a valid certificate the hint reads %q (danger %v)", hint.Text, hint.Importance == widget.DangerImportance)
	}
}

func TestAValidFieldIsNotMarkedInvalidOnceTyped(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	for _, c := range []struct {
		name  string
		entry *widget.Entry
		text  string
		valid bool
	}{
		{"App ID", s.appID, sampleAppID, true},
		{"certificate", s.certificate, sampleCertificate, true},
		{"uid", s.user, "42", true},
		{"uid", s.user, "42x", false},
	} {
		// What the field shows is what Fyne's check said as the last key was typed.
		var shown error
		c.entry.SetOnValidationChanged(func(err error) { shown = err })
		typeIn(c.entry, c.text)
		if (shown == nil) != c.valid {
			t.Errorf("the %s field, holding %q, shows the error %v", c.name, c.text, shown)
		}
	}
}
