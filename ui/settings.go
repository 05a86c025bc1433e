package ui

import (
	"errors"
	"image/color"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// The theme settings.
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

var themeOptions = []string{themeSystem, themeLight, themeDark}

// Upper bounds of the numeric settings: generous, and far from overflowing anything.
const (
	maxClipboardSeconds = 24 * 60 * 60
	maxRetentionCount   = 10_000_000
	maxRetentionDays    = 100 * 365
)

// The width of the settings column, and of the controls in it.
const (
	settingsWidth      = 760
	settingsFieldWidth = 300
)

// settingsScreen shows the preferences. Every change is saved at once (a typed one once the
// typing pauses), off the UI goroutine; a value that is not valid is explained beside its
// field and not saved.
type settingsScreen struct {
	ui *UI

	theme    *widget.RadioGroup
	language *widget.Select

	project  *widget.Select
	projects []store.Project
	service  *widget.Select
	format   *widget.RadioGroup
	expiry   *widget.Entry

	clipboard *widget.Entry
	reminder  *widget.Check

	retentionCount *widget.Entry
	retentionDays  *widget.Entry
	keepTokens     *widget.Check
	saveServed     *widget.Check
	applyButton    *widget.Button
	retentionNote  *widget.Label

	status *widget.Label
	hints  map[*widget.Entry]*widget.Label

	loading  bool // while the widgets are set from the settings: no saving
	typedSeq int  // numbers the changes typed, so only the last one after a pause saves
	saver    *settingsSaver
}

// typingPause is how long typing settles before a typed setting is saved, so that "2h"
// does not save 2 seconds on the way.
const typingPause = 600 * time.Millisecond

func newSettingsScreen(u *UI) *settingsScreen {
	return &settingsScreen{ui: u, hints: map[*widget.Entry]*widget.Label{}, saver: &settingsSaver{}}
}

// settingsSaver saves settings off the UI goroutine one at a time, so that the last change
// made is the one kept: a save asked for before one that is already done is skipped.
type settingsSaver struct {
	asked int // the number of the latest save asked for; UI goroutine only

	mu   sync.Mutex
	done int // the number of the latest save done; under mu
}

// next numbers a save; call it on the UI goroutine.
func (w *settingsSaver) next() int {
	w.asked++
	return w.asked
}

// save runs save number seq, unless a later one is done already; then, still holding the
// lock, it runs after, if any, with the error of the save.
func (w *settingsSaver) save(to Settings, seq int, v store.Settings, after func(error) error) (saved bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if seq < w.done {
		return false, nil
	}
	w.done = seq
	err = to.SaveSettings(v)
	if after != nil {
		err = after(err)
	}
	return true, err
}

// numberEntry makes an entry for a setting, checked as it is typed and saved when valid.
func (s *settingsScreen) numberEntry(placeholder string, validator func(string) error) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.Validator = validator
	e.OnChanged = func(string) { s.onEntryChanged(e) }
	s.hints[e] = newHint()
	return e
}

// field gives a setting's control a fixed width, with its hint, if any, beside it.
func field(control fyne.CanvasObject, hint fyne.CanvasObject) fyne.CanvasObject {
	control = minSize(control, fyne.NewSize(settingsFieldWidth, 0))
	if hint == nil {
		return container.NewBorder(nil, nil, control, nil)
	}
	return container.NewBorder(nil, nil, control, nil, container.NewVBox(layout.NewSpacer(), hint, layout.NewSpacer()))
}

func (s *settingsScreen) withHint(e *widget.Entry) fyne.CanvasObject { return field(e, s.hints[e]) }

func (s *settingsScreen) buildUI() fyne.CanvasObject {
	themes := make([]string, len(themeOptions))
	for i, name := range themeOptions {
		themes[i] = themeLabel(name)
	}
	s.theme = widget.NewRadioGroup(themes, func(string) { s.onThemeChanged() })
	s.theme.Horizontal = true
	s.theme.Required = true
	languages := make([]string, len(languageOptions))
	for i, l := range languageOptions {
		languages[i] = languageLabel(l)
	}
	s.language = widget.NewSelect(languages, func(string) { s.onLanguageChanged() })

	s.project = widget.NewSelect(nil, func(string) { s.onChanged() })
	s.project.PlaceHolder = lang.L("None")
	kinds := make([]string, len(token.Kinds))
	for i, k := range token.Kinds {
		kinds[i] = kindLabel(k)
	}
	s.service = widget.NewSelect(kinds, func(string) { s.onChanged() })
	s.format = widget.NewRadioGroup([]string{token.Version007, token.Version006}, func(string) { s.onChanged() })
	s.format.Horizontal = true
	s.format.Required = true
	s.expiry = s.numberEntry(lang.L("Seconds (3600) or a duration (90m, 2h)"), validateDefaultExpiry)

	s.clipboard = s.numberEntry(lang.L("Seconds; 0 never clears it"), func(text string) error {
		_, err := parseSetting(text, maxClipboardSeconds)
		return err
	})
	s.reminder = widget.NewCheck(lang.L("Notify me a few minutes before a token built in this session expires"),
		func(bool) { s.onChanged() })

	s.retentionCount = s.numberEntry(lang.L("Tokens; 0 keeps every one"), func(text string) error {
		_, err := parseSetting(text, maxRetentionCount)
		return err
	})
	s.retentionDays = s.numberEntry(lang.L("Days; 0 keeps them forever"), func(text string) error {
		_, err := parseSetting(text, maxRetentionDays)
		return err
	})
	s.keepTokens = widget.NewCheck(lang.L("Keep the token strings"), s.onKeepTokensChanged)
	s.saveServed = widget.NewCheck(lang.L("Keep the tokens the Serve screen hands out"), func(bool) { s.onChanged() })
	s.applyButton = widget.NewButtonWithIcon(lang.L("Apply to the history now…"), theme.DeleteIcon(), s.onApplyRetention)
	s.retentionNote = widget.NewLabel("")
	s.retentionNote.Wrapping = fyne.TextWrapWord
	s.retentionNote.Hide()

	s.status = widget.NewLabel(lang.L("Changes are saved as you make them."))

	// The sections' forms share one label width, so their fields line up.
	var labels []*widget.Label
	var spacers []*canvas.Rectangle
	label := func(text string) fyne.CanvasObject {
		l := dimLabel(text)
		spacer := canvas.NewRectangle(color.Transparent)
		labels, spacers = append(labels, l), append(spacers, spacer)
		return container.NewStack(spacer, l)
	}
	form := func(rows ...fyne.CanvasObject) *fyne.Container {
		return container.New(layout.NewFormLayout(), rows...)
	}
	appearance := form(
		label(lang.L("Theme")), field(s.theme, nil),
		label(lang.L("Language")), field(s.language, nil),
	)
	defaults := form(
		label(lang.L("Project")), field(s.project, nil),
		label(lang.L("Service")), field(s.service, nil),
		label(lang.L("Format")), field(s.format, nil),
		label(lang.L("Expires after")), s.withHint(s.expiry),
	)
	clipboard := form(
		label(lang.L("Clear after")), s.withHint(s.clipboard),
		label(""), s.reminder,
	)
	history := form(
		label(lang.L("Keep at most")), s.withHint(s.retentionCount),
		label(lang.L("Delete after")), s.withHint(s.retentionDays),
		label(""), s.keepTokens,
		label(""), s.saveServed,
		label(""), container.NewVBox(container.NewHBox(s.applyButton), s.retentionNote),
	)
	width := float32(0)
	for _, l := range labels {
		width = max(width, l.MinSize().Width)
	}
	for _, spacer := range spacers {
		spacer.SetMinSize(fyne.NewSize(width, 0))
	}
	content := spaced(
		heading(lang.L("Appearance")), appearance,
		widget.NewSeparator(),
		heading(lang.L("New tokens")),
		noteLabel(lang.L("The Build form starts with these, and goes back to them when you start a new token.")),
		defaults,
		widget.NewSeparator(),
		heading(lang.L("Clipboard and reminders")),
		noteLabel(lang.L("A copied token is cleared from the clipboard after this many seconds, unless something else was copied meanwhile.")),
		clipboard,
		widget.NewSeparator(),
		heading(lang.L("History")),
		noteLabel(lang.L("Pinned tokens are always kept. Without the token strings, history keeps what is needed to build each token again with its certificate.")),
		history,
		widget.NewSeparator(),
		s.status,
	)
	s.show(s.ui.settings)
	// A column of readable width, however wide the window is.
	column := minSize(content, fyne.NewSize(settingsWidth, 0))
	return container.NewVScroll(container.NewPadded(container.NewHBox(column, layout.NewSpacer())))
}

// show sets the widgets from settings, without saving anything.
func (s *settingsScreen) show(v store.Settings) {
	s.loading = true
	defer func() { s.loading = false }()
	s.theme.SetSelected(themeLabel(v.Theme))
	s.language.SetSelected(languageLabel(v.Language))
	s.selectProject(v.DefaultProject)
	service := v.DefaultService
	if service == "" {
		service = token.KindRTC
	}
	s.service.SetSelected(kindLabel(service))
	s.format.SetSelected(v.DefaultFormat)
	if s.format.Selected == "" {
		s.format.SetSelected(token.Version007)
	}
	s.expiry.SetText(strconv.FormatUint(uint64(v.DefaultExpire), 10))
	s.clipboard.SetText(strconv.Itoa(v.ClipboardClearSeconds))
	s.reminder.SetChecked(v.ExpiryReminder)
	s.retentionCount.SetText(strconv.Itoa(v.RetentionCount))
	s.retentionDays.SetText(strconv.Itoa(v.RetentionDays))
	s.keepTokens.SetChecked(v.KeepTokens)
	s.saveServed.SetChecked(v.SaveServed)
	for e := range s.hints {
		s.updateHint(e)
	}
}

// setProjects fills the default project menu.
func (s *settingsScreen) setProjects(projects []store.Project) {
	s.projects = projects
	options := []string{lang.L("None")}
	for _, p := range projects {
		options = append(options, projectOption(p))
	}
	s.loading = true
	s.project.SetOptions(options)
	s.selectProject(s.ui.settings.DefaultProject)
	s.loading = false
}

func (s *settingsScreen) selectProject(appID string) {
	i := slices.IndexFunc(s.projects, func(p store.Project) bool { return p.AppID == appID })
	s.project.PlaceHolder = lang.L("None")
	switch {
	case appID == "" && len(s.project.Options) > 0:
		s.project.SetSelectedIndex(0)
	case i >= 0 && i+1 < len(s.project.Options):
		s.project.SetSelectedIndex(i + 1)
	default:
		// The project is gone, or the list is not read yet: the menu shows the App ID.
		if appID != "" {
			s.project.PlaceHolder = appID
		}
		s.project.ClearSelected()
	}
}

// setVisible reads the projects again each time the screen shows, since Build may have
// added or removed some.
func (s *settingsScreen) setVisible(visible bool) {
	if !visible {
		return
	}
	s.ui.background(func() {
		projects, err := s.ui.deps.Projects.Projects()
		fyne.Do(func() {
			if err != nil {
				fyne.LogError("reading projects", err)
				return
			}
			s.setProjects(projects)
		})
	})
}

func (s *settingsScreen) onEntryChanged(e *widget.Entry) {
	s.updateHint(e)
	if s.loading {
		return
	}
	s.typedSeq++
	seq := s.typedSeq
	s.ui.debounce(typingPause, func() {
		if seq == s.typedSeq {
			s.onChanged()
		}
	})
}

// updateHint explains a value that cannot be saved, or says what a valid one means.
func (s *settingsScreen) updateHint(e *widget.Entry) {
	hint := s.hints[e]
	if err := e.Validate(); err != nil {
		setHint(hint, sentence(err), true)
		return
	}
	n, _ := strconv.Atoi(strings.TrimSpace(e.Text))
	switch e {
	case s.expiry:
		v, _ := parseLifetime(e.Text)
		setHint(hint, lifetimeText(v), false)
	case s.clipboard:
		if n == 0 {
			setHint(hint, lang.L("The clipboard is never cleared."), false)
		} else {
			setHint(hint, lang.L("Cleared after {{.Span}}.", map[string]any{"Span": spanText(time.Duration(n) * time.Second)}), false)
		}
	case s.retentionCount:
		if n == 0 {
			setHint(hint, lang.L("No limit."), false)
		} else {
			setHint(hint, lang.N("The newest {{.Count}} tokens.", n, map[string]any{"Count": n}), false)
		}
	case s.retentionDays:
		if n == 0 {
			setHint(hint, lang.L("Tokens are kept until you delete them."), false)
		} else {
			setHint(hint, lang.N("Tokens built in the last {{.Count}} days.", n, map[string]any{"Count": n}), false)
		}
	}
}

// form reads the widgets into settings: a field that is not valid keeps its saved value.
func (s *settingsScreen) form() store.Settings {
	v := s.ui.settings
	if i := s.project.SelectedIndex(); i == 0 {
		v.DefaultProject = ""
	} else if i > 0 && i-1 < len(s.projects) {
		v.DefaultProject = s.projects[i-1].AppID
	}
	if s.service.Selected != "" {
		v.DefaultService = kindFromLabel(s.service.Selected)
	}
	if s.format.Selected != "" {
		v.DefaultFormat = s.format.Selected
	}
	if d, err := parseLifetime(s.expiry.Text); err == nil && validateDefaultExpiry(s.expiry.Text) == nil {
		v.DefaultExpire = d
	}
	if n, err := parseSetting(s.clipboard.Text, maxClipboardSeconds); err == nil {
		v.ClipboardClearSeconds = n
	}
	v.ExpiryReminder = s.reminder.Checked
	if n, err := parseSetting(s.retentionCount.Text, maxRetentionCount); err == nil {
		v.RetentionCount = n
	}
	if n, err := parseSetting(s.retentionDays.Text, maxRetentionDays); err == nil {
		v.RetentionDays = n
	}
	v.KeepTokens = s.keepTokens.Checked
	v.SaveServed = s.saveServed.Checked
	return v
}

// onChanged saves the settings when a widget changed one.
func (s *settingsScreen) onChanged() {
	if s.loading {
		return
	}
	v := s.form()
	if v == s.ui.settings {
		return
	}
	s.ui.settings = v
	s.ui.serving.applySettings(v)
	s.save(v)
}

// save writes v off the UI goroutine and says how it went.
func (s *settingsScreen) save(v store.Settings) {
	saver, to := s.saver, s.ui.deps.Settings
	seq := saver.next()
	s.ui.background(func() {
		_, err := saver.save(to, seq, v, nil)
		fyne.Do(func() {
			switch {
			case err != nil:
				fyne.LogError("saving the settings", err)
				s.status.Importance = widget.DangerImportance
				s.status.SetText(lang.L("The settings could not be saved: {{.Reason}}", map[string]any{"Reason": sentence(err)}))
			case seq == saver.asked:
				s.status.Importance = widget.SuccessImportance
				s.status.SetText(lang.L("Saved."))
			}
		})
	})
}

// optionShown is the option whose label a menu shows as selected, or fallback.
func optionShown(options []string, label func(string) string, selected, fallback string) string {
	for _, o := range options {
		if label(o) == selected {
			return o
		}
	}
	return fallback
}

func (s *settingsScreen) onThemeChanged() {
	if s.loading {
		return
	}
	chosen := optionShown(themeOptions, themeLabel, s.theme.Selected, themeSystem)
	if chosen == s.ui.settings.Theme {
		return
	}
	s.ui.settings.Theme = chosen
	s.save(s.ui.settings)
	// As for the language, the screens are built again, in the new colours.
	s.ui.setTheme(chosen)
}

func (s *settingsScreen) onLanguageChanged() {
	if s.loading {
		return
	}
	chosen := optionShown(languageOptions, languageLabel, s.language.Selected, languageSystem)
	if chosen == s.ui.settings.Language {
		return
	}
	s.ui.settings.Language = chosen
	s.save(s.ui.settings)
	// The screens are built again in the new language; this one goes with them, so nothing
	// of it may be touched after this.
	s.ui.setLanguage(chosen)
}

// onKeepTokensChanged asks before token strings are dropped from the history: turning the
// setting off removes those already kept.
func (s *settingsScreen) onKeepTokensChanged(keep bool) {
	if s.loading {
		return
	}
	if keep {
		s.onChanged()
		return
	}
	d := dialog.NewConfirm(lang.L("Stop keeping token strings?"),
		lang.L("The token strings already in the history are removed too. Each token can still be built again from its entry with the App Certificate."),
		func(ok bool) {
			if ok {
				s.onChanged()
				return
			}
			s.loading = true
			s.keepTokens.SetChecked(true)
			s.loading = false
		}, s.ui.win)
	d.SetConfirmText(lang.L("Remove token strings"))
	d.SetConfirmImportance(widget.DangerImportance)
	s.ui.showDialog(d, nil)
}

// onApplyRetention asks, then removes the history entries the retention settings no longer
// keep, and says how many went.
func (s *settingsScreen) onApplyRetention() {
	v := s.form()
	if v.RetentionCount == 0 && v.RetentionDays == 0 {
		s.setRetentionNote(lang.L("Set a number of tokens or days first: with both at 0, every token is kept."), false)
		return
	}
	d := dialog.NewConfirm(lang.L("Apply the limits now?"),
		lang.L("Tokens beyond these limits are deleted from the history now. Pinned tokens are kept. This cannot be undone."),
		func(ok bool) {
			if ok {
				s.applyRetention()
			}
		}, s.ui.win)
	d.SetConfirmText(lang.L("Delete"))
	d.SetConfirmImportance(widget.DangerImportance)
	s.ui.showDialog(d, nil)
}

func (s *settingsScreen) applyRetention() {
	s.ui.settings = s.form()
	v, history, now := s.ui.settings, s.ui.deps.History, s.ui.deps.now()
	s.applyButton.Disable()
	s.setRetentionNote(lang.L("Applying…"), false)
	// The store reads the limits from the saved settings, so they are saved first, in the
	// same turn of the saver's lock.
	saver, to := s.saver, s.ui.deps.Settings
	seq := saver.next()
	s.ui.background(func() {
		removed := 0
		_, err := saver.save(to, seq, v, func(err error) error {
			if err == nil {
				removed, err = history.ApplyRetention(now)
			}
			return err
		})
		fyne.Do(func() {
			s.applyButton.Enable()
			if err != nil {
				fyne.LogError("applying the history limits", err)
				s.setRetentionNote(lang.L("The history could not be trimmed: {{.Reason}}", map[string]any{"Reason": sentence(err)}), true)
				return
			}
			if removed == 0 {
				s.setRetentionNote(lang.L("Nothing to remove: every token is within the limits."), false)
			} else {
				s.setRetentionNote(lang.N("Removed {{.Count}} tokens from the history.", removed, map[string]any{"Count": removed}), false)
			}
			s.ui.history.reload()
		})
	})
}

func (s *settingsScreen) setRetentionNote(text string, isError bool) {
	s.retentionNote.Importance = widget.SuccessImportance
	if isError {
		s.retentionNote.Importance = widget.DangerImportance
	}
	s.retentionNote.SetText(text)
	s.retentionNote.Show()
}

// parseSetting reads a whole number from 0 to limit.
func parseSetting(text string, limit int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 0 {
		return 0, errors.New(lang.L("give a whole number, 0 or more"))
	}
	if n > limit {
		return 0, errors.New(lang.L("give a number up to {{.Max}}", map[string]any{"Max": limit}))
	}
	return n, nil
}

// validateDefaultExpiry accepts the lifetimes Agora accepts: up to 24 hours, and not 0.
func validateDefaultExpiry(text string) error {
	v, err := parseLifetime(text)
	switch {
	case err != nil:
		return err
	case v == 0:
		return errors.New(lang.L("a token that lives 0 seconds has expired before it is used"))
	case v > token.MaxLifetime:
		return errors.New(lang.L("Agora accepts tokens of up to 24 hours"))
	}
	return nil
}
