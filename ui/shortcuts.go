package ui

import (
	"errors"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/assets"
)

// Keyboard shortcuts, shown on the menu items that run them. The shortcut modifier is Ctrl
// on Linux and Windows and Cmd on macOS.
var (
	shortcutNewToken      = shortcut(fyne.KeyN)
	shortcutBuild         = shortcut(fyne.KeyReturn)
	shortcutQuit          = shortcut(fyne.KeyQ)
	shortcutCopyToken     = shiftShortcut(fyne.KeyC)
	shortcutPasteDecode   = shortcut(fyne.KeyL)
	shortcutFindHistory   = shortcut(fyne.KeyF)
	shortcutShowBuild     = shortcut(fyne.Key1)
	shortcutShowDecode    = shortcut(fyne.Key2)
	shortcutShowHistory   = shortcut(fyne.Key3)
	shortcutShowSettings  = shortcut(fyne.Key4)
	shortcutShowServe     = shortcut(fyne.Key5)
	shortcutShowShortcuts = shortcut(fyne.KeySlash)
)

func shortcut(key fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

func shiftShortcut(key fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// command is something the menu and the keyboard can do.
type command struct {
	label    string
	shortcut *desktop.CustomShortcut // nil for none
	action   func()
}

// commands returns the window's commands by menu, in menu order; a nil entry separates
// groups.
func (u *UI) commands() [][]*command {
	return [][]*command{
		{ // File
			{lang.L("New token"), shortcutNewToken, u.onNewToken},
			{lang.L("Build token"), shortcutBuild, u.onBuildShortcut},
			nil,
			{lang.L("Import projects…"), nil, u.onImportProjects},
			{lang.L("Export projects…"), nil, u.onExportProjects},
			nil,
			{lang.L("Quit"), shortcutQuit, u.win.Close},
		},
		{ // Edit
			{lang.L("Copy token"), shortcutCopyToken, u.onCopyToken},
			{lang.L("Paste and decode"), shortcutPasteDecode, u.onPasteAndDecode},
			{lang.L("Clear decode"), nil, u.onClearDecode},
			nil,
			{lang.L("Search history"), shortcutFindHistory, u.onFindHistory},
		},
		{ // View
			{lang.L("Build screen"), shortcutShowBuild, u.showBuild},
			{lang.L("Decode screen"), shortcutShowDecode, u.showDecode},
			{lang.L("History screen"), shortcutShowHistory, u.showHistory},
			{lang.L("Settings screen"), shortcutShowSettings, u.showSettings},
			{lang.L("Serve screen"), shortcutShowServe, u.showServe},
		},
		{ // Help
			{lang.L("Keyboard shortcuts"), shortcutShowShortcuts, u.showShortcuts},
			{lang.L("About TokenDesk"), nil, u.showAbout},
		},
	}
}

// addShortcuts registers the keyboard shortcuts on the canvas and builds the main menu that
// shows them. With an entry focused, the shortcuts reach the window through the menu.
func (u *UI) addShortcuts() {
	names := []string{lang.L("File"), lang.L("Edit"), lang.L("View"), lang.L("Help")}
	menus := make([]*fyne.Menu, 0, len(names))
	for i, group := range u.commands() {
		items := make([]*fyne.MenuItem, 0, len(group))
		for _, c := range group {
			if c == nil {
				items = append(items, fyne.NewMenuItemSeparator())
				continue
			}
			item := fyne.NewMenuItem(c.label, c.action)
			if c.shortcut != nil {
				item.Shortcut = c.shortcut
				action := c.action
				u.win.Canvas().AddShortcut(c.shortcut, func(fyne.Shortcut) { action() })
			}
			if c.shortcut == shortcutQuit {
				item.IsQuit = true
			}
			items = append(items, item)
		}
		menus = append(menus, fyne.NewMenu(names[i], items...))
	}
	u.win.SetMainMenu(fyne.NewMainMenu(menus...))
}

func (u *UI) onNewToken() {
	u.showBuild()
	u.build.reset()
}

func (u *UI) onBuildShortcut() {
	u.showBuild()
	if !u.build.buildButton.Disabled() {
		u.build.onBuild()
	}
}

// onCopyToken copies the token the screen shows: the one built, or the one selected in the
// history.
func (u *UI) onCopyToken() {
	switch u.tabs.Selected() {
	case u.buildTab:
		u.build.onCopy()
	case u.historyTab:
		u.history.onCopySelected()
	}
}

// onPasteAndDecode decodes what the clipboard holds on the Decode screen, and leaves the
// cursor in its input with the text selected, so that typing or another paste replaces it.
func (u *UI) onPasteAndDecode() {
	if text := u.app.Clipboard().Content(); strings.TrimSpace(text) != "" {
		u.openInDecode(text)
	}
	u.showDecode()
	u.win.Canvas().Focus(u.decode.input)
	u.decode.input.TypedShortcut(&fyne.ShortcutSelectAll{})
}

func (u *UI) onClearDecode() {
	u.showDecode()
	u.decode.input.SetText("")
}

func (u *UI) onFindHistory() {
	u.showHistory()
	u.win.Canvas().Focus(u.history.search)
	u.history.search.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// shortcutText writes a shortcut as the platform does: Ctrl+Shift+C, or ⇧⌘C on macOS.
func shortcutText(s *desktop.CustomShortcut) string {
	mac := runtime.GOOS == "darwin"
	var parts []string
	for _, m := range []struct {
		mod       fyne.KeyModifier
		name, mac string
	}{
		{fyne.KeyModifierControl, "Ctrl", "⌃"},
		{fyne.KeyModifierAlt, "Alt", "⌥"},
		{fyne.KeyModifierShift, "Shift", "⇧"},
		{fyne.KeyModifierSuper, "Super", "⌘"},
	} {
		if s.Modifier&m.mod == 0 {
			continue
		}
		if mac {
			parts = append(parts, m.mac)
		} else {
			parts = append(parts, m.name)
		}
	}
	key := string(s.KeyName)
	switch s.KeyName {
	case fyne.KeyReturn:
		key = "Enter"
	case fyne.KeySlash:
		key = "/"
	}
	if mac {
		return strings.Join(parts, "") + key
	}
	return strings.Join(append(parts, key), "+")
}

// showShortcuts lists every keyboard shortcut.
func (u *UI) showShortcuts() {
	grid := container.New(layout.NewFormLayout())
	for _, group := range u.commands() {
		for _, c := range group {
			if c == nil || c.shortcut == nil {
				continue
			}
			grid.Add(widget.NewLabelWithStyle(shortcutText(c.shortcut), fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}))
			grid.Add(widget.NewLabel(c.label))
		}
	}
	note := noteLabel(lang.L("Tab and Shift+Tab move between the controls; Space or Enter presses the one focused."))
	u.showDialog(dialog.NewCustom(lang.L("Keyboard shortcuts"), lang.L("Close"), container.NewVBox(grid, note), u.win), nil)
}

// version is the release shown in About, or "" for a development build.
func (u *UI) version() string {
	if u.deps.Version != "" {
		return u.deps.Version
	}
	// 0.0.1 is Fyne's stand-in when the app was not built by `fyne package`.
	if v := u.app.Metadata().Version; v != "" && v != "0.0.1" {
		return v
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return ""
}

func (u *UI) showAbout() {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(96))
	name := widget.NewLabelWithStyle("TokenDesk", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	versionText := lang.L("Development build")
	if v := u.version(); v != "" {
		versionText = lang.L("Version {{.Version}}", map[string]any{"Version": v})
	}
	version := widget.NewLabelWithStyle(versionText, fyne.TextAlignCenter, fyne.TextStyle{})
	what := widget.NewLabelWithStyle(lang.L("Builds, decodes and checks Agora access tokens."), fyne.TextAlignCenter, fyne.TextStyle{})
	dialog.ShowCustom(lang.L("About TokenDesk"), lang.L("Close"),
		container.NewVBox(container.NewCenter(icon), name, version, what), u.win)
}

// Projects travel between machines as JSON, without their certificates.

var jsonFilter = storage.NewExtensionFileFilter([]string{".json"})

func (u *UI) onExportProjects() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if w != nil {
			u.exportProjects(w)
		}
	}, u.win)
	d.SetFileName("tokendesk-projects.json")
	d.SetFilter(jsonFilter)
	d.Resize(u.fileDialogSize())
	d.Show()
}

// exportProjects writes the projects to w, off the UI goroutine, and closes it.
func (u *UI) exportProjects(w io.WriteCloser) {
	u.background(func() {
		err := u.deps.Projects.ExportProjects(w)
		if closeErr := w.Close(); err == nil {
			err = closeErr
		}
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			dialog.ShowInformation(lang.L("Projects exported"),
				lang.L("The projects were saved without their certificates, so the file can be shared."), u.win)
		})
	})
}

func (u *UI) onImportProjects() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r != nil {
			u.importProjects(r)
		}
	}, u.win)
	d.SetFilter(jsonFilter)
	d.Resize(u.fileDialogSize())
	d.Show()
}

// fileDialogSize gives a file dialog most of the window: Fyne's own size shows a few files.
func (u *UI) fileDialogSize() fyne.Size {
	size := u.win.Canvas().Size()
	return fyne.NewSize(size.Width*0.8, size.Height*0.85)
}

// importProjects reads projects from r, off the UI goroutine, closes it and fills the
// project menu again.
func (u *UI) importProjects(r io.ReadCloser) {
	u.background(func() {
		n, err := u.deps.Projects.ImportProjects(r)
		r.Close()
		projects, listErr := u.deps.Projects.Projects()
		fyne.Do(func() {
			if err != nil {
				fyne.LogError("importing projects", err)
				dialog.ShowError(errors.New(lang.L("The projects could not be imported:")+" "+sentence(err)), u.win)
				return
			}
			if listErr != nil {
				u.showError(listErr)
				return
			}
			u.build.setProjects(projects)
			dialog.ShowInformation(lang.L("Projects imported"),
				lang.N("{{.Count}} projects imported. Their certificates are not in the file: add them on the Build screen.",
					n, map[string]any{"Count": n}), u.win)
		})
	})
}

// tokenInput is the multi-line entry a token is pasted into. Tab moves the focus on, as
// from every other field, instead of typing a tab, which a token never holds.
type tokenInput struct{ widget.Entry }

func newTokenInput() *tokenInput {
	e := &tokenInput{}
	e.MultiLine = true
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab lets Tab leave the input.
func (e *tokenInput) AcceptsTab() bool { return false }
