// Package ui is the TokenDesk window: the Build, Decode and History screens over the token
// and store packages. It never creates the Fyne app itself, so its tests run on Fyne's test
// driver without a display; main.go creates the app and calls [New].
package ui

import (
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/assets"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// Preference keys: what the window remembers between runs. Secrets never go here.
const (
	prefLastProject = "build.lastProject"
	prefLastTab     = "window.lastTab"
)

// The window's size when it opens, and the smallest the layout is designed for.
var (
	defaultWindowSize = fyne.NewSize(1100, 760)
	minimumWindowSize = fyne.NewSize(960, 640)
)

// Keyboard shortcuts, shown on the menu items that run them.
var (
	shortcutBuild           = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutCopyToken       = &desktop.CustomShortcut{KeyName: fyne.KeyC, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutDecodeClipboard = &desktop.CustomShortcut{KeyName: fyne.KeyV, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutShowBuild       = &desktop.CustomShortcut{KeyName: fyne.Key1, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutShowDecode      = &desktop.CustomShortcut{KeyName: fyne.Key2, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutShowHistory     = &desktop.CustomShortcut{KeyName: fyne.Key3, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutFindHistory     = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
)

// UI is the TokenDesk window and its screens.
type UI struct {
	app  fyne.App
	win  fyne.Window
	deps Deps

	tabs       *container.AppTabs
	buildTab   *container.TabItem
	decodeTab  *container.TabItem
	historyTab *container.TabItem
	banners    *fyne.Container
	bannerArea *fyne.Container

	build   *buildScreen
	decode  *decodeScreen
	history *historyScreen

	settings    store.Settings
	keychainErr error
	work        sync.WaitGroup
}

// New makes the TokenDesk window in app a. Call Window().ShowAndRun() to show it.
func New(a fyne.App, deps Deps) *UI {
	if deps.History == nil || deps.Projects == nil || deps.Settings == nil {
		mem := NewMemoryStore()
		if deps.History == nil {
			deps.History = mem
		}
		if deps.Projects == nil {
			deps.Projects = mem
		}
		if deps.Settings == nil {
			deps.Settings = mem
		}
	}
	if deps.Certificates == nil {
		deps.Certificates = NewMemoryCertificates()
	}
	u := &UI{app: a, deps: deps, settings: store.DefaultSettings()}
	a.SetIcon(assets.Icon)
	u.win = a.NewWindow("TokenDesk")
	u.win.SetIcon(assets.Icon)
	u.build = newBuildScreen(u)
	u.decode = newDecodeScreen(u)
	u.history = newHistoryScreen(u)
	u.win.SetContent(u.buildUI())
	u.win.Resize(defaultWindowSize)
	u.win.SetMaster()
	u.addShortcuts()
	u.load()
	return u
}

// Window returns the TokenDesk window.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) buildUI() fyne.CanvasObject {
	u.buildTab = container.NewTabItemWithIcon("Build", theme.DocumentCreateIcon(), u.build.buildUI())
	u.decodeTab = container.NewTabItemWithIcon("Decode", theme.SearchIcon(), u.decode.buildUI())
	u.historyTab = container.NewTabItemWithIcon("History", theme.HistoryIcon(), u.history.buildUI())
	u.tabs = container.NewAppTabs(u.buildTab, u.decodeTab, u.historyTab)
	u.tabs.OnSelected = u.onTabSelected
	if i := u.app.Preferences().IntWithFallback(prefLastTab, 0); i > 0 && i < len(u.tabs.Items) {
		u.tabs.SelectIndex(i)
	}
	u.banners = container.NewVBox()
	u.bannerArea = container.NewPadded(u.banners)
	u.updateBannerArea()
	if u.deps.StoreError != nil {
		fyne.LogError("opening the history database", u.deps.StoreError)
		u.showBanner(newBanner(theme.NewErrorThemedResource(theme.ErrorIcon()), theme.ColorNameError,
			"The history database could not be opened: "+sentence(u.deps.StoreError)+
				" Tokens you build now are kept in memory until you quit."))
	}
	return minSize(container.NewBorder(u.bannerArea, nil, nil, nil, u.tabs), minimumWindowSize)
}

func (u *UI) showBanner(b *fyne.Container) {
	u.banners.Add(b)
	u.updateBannerArea()
}

func (u *UI) removeBanner(b fyne.CanvasObject) {
	u.banners.Remove(b)
	u.updateBannerArea()
}

// updateBannerArea hides the banner strip when there is nothing to say.
func (u *UI) updateBannerArea() {
	if len(u.banners.Objects) == 0 {
		u.bannerArea.Hide()
	} else {
		u.bannerArea.Show()
	}
}

func (u *UI) onTabSelected(item *container.TabItem) {
	u.app.Preferences().SetInt(prefLastTab, u.tabs.SelectedIndex())
	u.decode.setVisible(item == u.decodeTab)
	u.history.setVisible(item == u.historyTab)
}

func (u *UI) showBuild()   { u.tabs.Select(u.buildTab) }
func (u *UI) showDecode()  { u.tabs.Select(u.decodeTab) }
func (u *UI) showHistory() { u.tabs.Select(u.historyTab) }

// openInDecode shows a token on the Decode screen.
func (u *UI) openInDecode(text string) {
	u.decode.input.SetText(text)
	u.showDecode()
}

// Screen names a screen of the window.
type Screen int

// The screens, in the order of the tabs.
const (
	ScreenBuild Screen = iota
	ScreenDecode
	ScreenHistory
)

// Show brings a screen to the front.
func (u *UI) Show(s Screen) {
	switch s {
	case ScreenBuild:
		u.showBuild()
	case ScreenDecode:
		u.showDecode()
	case ScreenHistory:
		u.showHistory()
	}
}

// LoadIntoBuild fills the Build form from a spec and shows it. With exact, Build gives the
// spec's very token; without, the same inputs with a new issue time and salt.
func (u *UI) LoadIntoBuild(spec token.Spec, exact bool) {
	u.build.loadSpec(spec, exact)
	u.showBuild()
}

// Build presses Build token and returns the token shown, or "" when the form is not valid.
func (u *UI) Build() string {
	if u.build.buildButton.Disabled() {
		return ""
	}
	u.build.onBuild()
	return u.build.builtToken
}

// OpenInDecode shows a token on the Decode screen.
func (u *UI) OpenInDecode(text string) { u.openInDecode(text) }

func (u *UI) addShortcuts() {
	build := func() {
		u.showBuild()
		if !u.build.buildButton.Disabled() {
			u.build.onBuild()
		}
	}
	copyToken := func() {
		if u.tabs.Selected() == u.buildTab {
			u.build.onCopy()
		}
	}
	decodeClipboard := func() {
		u.openInDecode(u.app.Clipboard().Content())
	}
	findHistory := func() {
		u.showHistory()
		u.win.Canvas().Focus(u.history.search)
	}
	items := []struct {
		shortcut *desktop.CustomShortcut
		label    string
		action   func()
	}{
		{shortcutBuild, "Build token", build},
		{shortcutCopyToken, "Copy token", copyToken},
		{shortcutDecodeClipboard, "Decode the clipboard", decodeClipboard},
		{shortcutShowBuild, "Build", u.showBuild},
		{shortcutShowDecode, "Decode", u.showDecode},
		{shortcutShowHistory, "History", u.showHistory},
		{shortcutFindHistory, "Search history", findHistory},
	}
	menuItems := make([]*fyne.MenuItem, len(items))
	for i, it := range items {
		action := it.action
		u.win.Canvas().AddShortcut(it.shortcut, func(fyne.Shortcut) { action() })
		menuItems[i] = &fyne.MenuItem{Label: it.label, Shortcut: it.shortcut, Action: action}
	}
	u.win.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu("Token", menuItems[0], menuItems[1], menuItems[2]),
		fyne.NewMenu("View", menuItems[3], menuItems[4], menuItems[5], fyne.NewMenuItemSeparator(), menuItems[6]),
	))
}

// load reads settings and projects, probes the keychain and fills the history, all off the
// UI goroutine.
func (u *UI) load() {
	if u.deps.MovedAside != "" {
		dialog.ShowInformation("History database replaced",
			"The history database could not be read, so TokenDesk moved it aside to\n"+u.deps.MovedAside+
				"\nand started a new one. Nothing was deleted.", u.win)
	}
	u.background(func() {
		settings, settingsErr := u.deps.Settings.Settings()
		projects, projectsErr := u.deps.Projects.Projects()
		fyne.Do(func() {
			if settingsErr != nil {
				fyne.LogError("reading settings", settingsErr)
			} else {
				u.settings = settings
				u.build.applySettings(settings)
			}
			if projectsErr != nil {
				u.showError(projectsErr)
				return
			}
			u.build.setProjects(projects)
			last := u.app.Preferences().String(prefLastProject)
			if last == "" {
				last = u.settings.DefaultProject
			}
			if last != "" {
				u.build.selectProjectByAppID(last)
			}
		})
	})
	u.probeKeychain()
	u.history.reload()
}

// probeKeychain checks the keychain answers and, when it does not, says so in a banner.
func (u *UI) probeKeychain() {
	u.background(func() {
		err := u.deps.Certificates.Available()
		fyne.Do(func() { u.onKeychainProbed(err) })
	})
}

func (u *UI) onKeychainProbed(err error) {
	u.keychainErr = err
	if err == nil {
		return
	}
	fyne.LogError("probing the keychain", err)
	var b *fyne.Container
	sessionOnly := widget.NewButton("Use for this session only", func() { u.removeBanner(b) })
	retry := widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), func() {
		u.removeBanner(b)
		u.probeKeychain()
	})
	b = newBanner(theme.NewWarningThemedResource(theme.WarningIcon()), theme.ColorNameWarning,
		"The system keychain is not available, so certificates cannot be saved: "+sentence(err)+
			" Certificates you type are used for this session only.", retry, sessionOnly)
	u.showBanner(b)
}

// background runs work off the UI goroutine; results come back through fyne.Do. Tests run
// it inline, so that they see its effects as soon as the call returns.
func (u *UI) background(work func()) {
	if u.deps.Synchronous {
		work()
		return
	}
	u.work.Add(1)
	go func() {
		defer u.work.Done()
		work()
	}()
}

// every calls fn on the UI goroutine every d until the returned stop is called.
func (u *UI) every(d time.Duration, fn func()) (stop func()) {
	if u.deps.Synchronous {
		return func() {}
	}
	t := time.NewTicker(d)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				fyne.Do(fn)
			case <-done:
				t.Stop()
				return
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done) }) }
}

// after calls fn on the UI goroutine once d has passed.
func (u *UI) after(d time.Duration, fn func()) {
	if u.deps.Synchronous {
		return
	}
	time.AfterFunc(d, func() { fyne.Do(fn) })
}

// debounce calls fn after d; tests call it at once.
func (u *UI) debounce(d time.Duration, fn func()) {
	if u.deps.Synchronous {
		fn()
		return
	}
	u.after(d, fn)
}

// copyToClipboard puts text on the clipboard and, when the settings ask for it, clears it
// again later unless something else was copied meanwhile.
func (u *UI) copyToClipboard(text string) {
	clip := u.app.Clipboard()
	clip.SetContent(text)
	if secs := u.clipboardClearSeconds(); secs > 0 {
		u.after(time.Duration(secs)*time.Second, func() {
			if clip.Content() == text {
				clip.SetContent("")
			}
		})
	}
}

func (u *UI) clipboardClearSeconds() int { return u.settings.ClipboardClearSeconds }

// showError tells the user about an unexpected error in a plain sentence.
func (u *UI) showError(err error) {
	fyne.LogError("", err)
	dialog.ShowError(errors.New(sentence(err)), u.win)
}
