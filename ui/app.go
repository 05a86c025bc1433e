// Package ui is the TokenDesk window: the Build, Decode, History, Settings and Serve screens
// over the token, store and serve packages, in English or Simplified Chinese. It never
// creates the Fyne app itself, so its tests run on Fyne's test driver without a display;
// main.go creates the app and calls [New].
package ui

import (
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/assets"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// Preference keys: what the window remembers between runs. Secrets never go here.
const (
	prefLastTab = "window.lastTab"
)

// The window's size when it opens, and the smallest the layout is designed for.
var (
	defaultWindowSize = fyne.NewSize(1100, 760)
	minimumWindowSize = fyne.NewSize(880, 600)
)

// UI is the TokenDesk window and its screens.
type UI struct {
	app  fyne.App
	win  fyne.Window
	deps Deps

	tabs        *container.AppTabs
	buildTab    *container.TabItem
	decodeTab   *container.TabItem
	historyTab  *container.TabItem
	settingsTab *container.TabItem
	serveTab    *container.TabItem
	banners     *fyne.Container
	bannerArea  *fyne.Container
	root        *fyne.Container // the banners over the tabs
	systemTheme fyne.Theme      // the theme the app had before the window chose one

	build   *buildScreen
	decode  *decodeScreen
	history *historyScreen
	// settingsScreen is the Settings screen; settings are the settings themselves.
	settingsScreen *settingsScreen
	serve          *serveScreen
	// serving is the local token server and what the Serve screen shows of it: it outlives
	// the screens, which are built again when the language or theme changes.
	serving *serveSession

	settings    store.Settings
	keychainErr error
	work        sync.WaitGroup

	tips         *tipLayer
	reminders    map[string]func() // cancels the expiry reminder of each token built, by token
	dialogs      []*keyedDialog    // the dialogs on show, the top one last
	pendingClear *clipboardClear   // the clipboard clear that is due, if one is
}

// New makes the TokenDesk window in app a. Call Window().ShowAndRun() to show it.
func New(a fyne.App, deps Deps) *UI {
	if deps.History == nil || deps.Projects == nil || deps.Settings == nil {
		mem, err := store.OpenMemory()
		if err != nil {
			// Only a broken build fails here: the database is in memory and new.
			panic(err)
		}
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
		deps.Certificates = store.NewCertificates()
	}
	u := &UI{app: a, deps: deps, settings: store.DefaultSettings()}
	// The settings choose the language and theme the window is built in, so this one small
	// read comes before the window, rather than off the UI goroutine like the rest.
	if settings, err := deps.Settings.Settings(); err != nil {
		fyne.LogError("reading settings", err)
	} else {
		u.settings = settings
	}
	useLanguage(u.settings.Language)
	u.systemTheme = a.Settings().Theme()
	u.applyTheme(u.settings.Theme)
	a.SetIcon(assets.Icon)
	u.win = a.NewWindow("TokenDesk")
	u.win.SetIcon(assets.Icon)
	u.build = newBuildScreen(u)
	u.decode = newDecodeScreen(u)
	u.history = newHistoryScreen(u)
	u.settingsScreen = newSettingsScreen(u)
	u.serving = newServeSession(u)
	u.serve = newServeScreen(u)
	u.win.SetContent(u.tipLayer().over(u.buildUI()))
	u.win.Resize(defaultWindowSize)
	u.win.SetMaster()
	u.addShortcuts()
	u.win.Canvas().SetOnTypedKey(u.onTypedKey)
	u.win.SetOnClosed(func() {
		u.stopTimers()
		u.serving.stop()
	})
	u.load()
	return u
}

// Window returns the TokenDesk window.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) buildUI() fyne.CanvasObject {
	// The banners come first: a screen may show one as it is built.
	u.banners = container.NewVBox()
	u.bannerArea = container.NewPadded(u.banners)
	// Each screen is measured and drawn only once it is first shown: see unopened.
	u.buildTab = container.NewTabItemWithIcon(lang.L("Build"), theme.DocumentCreateIcon(), newUnopened(u.build.buildUI()))
	u.decodeTab = container.NewTabItemWithIcon(lang.L("Decode"), theme.SearchIcon(), newUnopened(u.decode.buildUI()))
	u.historyTab = container.NewTabItemWithIcon(lang.L("History"), theme.HistoryIcon(), newUnopened(u.history.buildUI()))
	u.settingsTab = container.NewTabItemWithIcon(lang.L("Settings"), theme.SettingsIcon(), newUnopened(u.settingsScreen.buildUI()))
	u.serveTab = container.NewTabItemWithIcon(lang.L("Serve"), theme.UploadIcon(), newUnopened(u.serve.buildUI()))
	u.tabs = container.NewAppTabs(u.buildTab, u.decodeTab, u.historyTab, u.settingsTab, u.serveTab)
	u.tabs.OnSelected = u.onTabSelected
	if i := u.app.Preferences().IntWithFallback(prefLastTab, 0); i > 0 && i < len(u.tabs.Items) {
		u.tabs.SelectIndex(i)
	}
	u.updateBannerArea()
	if u.deps.StoreError != nil {
		fyne.LogError("opening the history database", u.deps.StoreError)
		u.showBanner(newBanner(theme.NewErrorThemedResource(theme.ErrorIcon()), theme.ColorNameError,
			lang.L("The history database could not be opened: {{.Reason}} Tokens you build now are kept in memory until you quit.",
				map[string]any{"Reason": sentence(u.deps.StoreError)})))
	}
	u.root = container.NewBorder(u.bannerArea, nil, nil, nil, u.tabs)
	return minSize(u.root, minimumWindowSize)
}

func (u *UI) showBanner(b *fyne.Container) {
	u.banners.Add(b)
	u.updateBannerArea()
}

func (u *UI) removeBanner(b fyne.CanvasObject) {
	u.banners.Remove(b)
	u.updateBannerArea()
}

// updateBannerArea hides the banner strip when there is nothing to say, and lays the window
// out again at once, so that the tabs take the room the strip leaves.
func (u *UI) updateBannerArea() {
	if len(u.banners.Objects) == 0 {
		u.bannerArea.Hide()
	} else {
		u.bannerArea.Show()
	}
	if u.root != nil {
		u.root.Refresh()
	}
}

func (u *UI) onTabSelected(item *container.TabItem) {
	u.app.Preferences().SetInt(prefLastTab, u.tabs.SelectedIndex())
	u.decode.setVisible(item == u.decodeTab)
	u.history.setVisible(item == u.historyTab)
	u.settingsScreen.setVisible(item == u.settingsTab)
	u.serve.setVisible(item == u.serveTab)
}

func (u *UI) showBuild()    { u.tabs.Select(u.buildTab) }
func (u *UI) showDecode()   { u.tabs.Select(u.decodeTab) }
func (u *UI) showHistory()  { u.tabs.Select(u.historyTab) }
func (u *UI) showSettings() { u.tabs.Select(u.settingsTab) }
func (u *UI) showServe()    { u.tabs.Select(u.serveTab) }

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
	ScreenSettings
	ScreenServe
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
	case ScreenSettings:
		u.showSettings()
	case ScreenServe:
		u.showServe()
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

// load reads the projects, probes the keychain and fills the history, all off the UI
// goroutine.
func (u *UI) load() {
	if u.deps.MovedAside != "" {
		data := map[string]any{"Path": u.deps.MovedAside, "Count": u.deps.Salvaged.Entries}
		text := lang.L("The history database could not be read, so TokenDesk moved it aside to\n{{.Path}}\nand started a new one. Nothing was deleted.", data)
		if u.deps.Salvaged.Entries > 0 {
			text = lang.L("The history database could not be read, so TokenDesk moved it aside to\n{{.Path}}\nand started a new one with the {{.Count}} history entries it could still read. Nothing was deleted.", data)
		}
		dialog.ShowInformation(lang.L("History database replaced"), text, u.win)
	}
	u.build.applySettings(u.settings)
	u.background(func() {
		projects, projectsErr := u.deps.Projects.Projects()
		fyne.Do(func() {
			if projectsErr != nil {
				u.showError(projectsErr)
				return
			}
			u.build.setProjects(projects)
			u.settingsScreen.setProjects(projects)
			// The default project of the settings; None means none.
			if project := u.settings.DefaultProject; project != "" {
				u.build.selectProjectByAppID(project)
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
	sessionOnly := widget.NewButton(lang.L("Use for this session only"), func() { u.removeBanner(b) })
	retry := widget.NewButtonWithIcon(lang.L("Try again"), theme.ViewRefreshIcon(), func() {
		u.removeBanner(b)
		u.probeKeychain()
	})
	b = newBanner(theme.NewWarningThemedResource(theme.WarningIcon()), theme.ColorNameWarning,
		lang.L("The system keychain is not available, so certificates cannot be saved: {{.Reason}} Certificates you type are used for this session only.",
			map[string]any{"Reason": sentence(err)}), retry, sessionOnly)
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

// after calls fn on the UI goroutine once d has passed, unless cancel is called first.
func (u *UI) after(d time.Duration, fn func()) (cancel func()) {
	if u.deps.AfterFunc != nil {
		return u.deps.AfterFunc(d, fn)
	}
	if u.deps.Synchronous {
		return func() {}
	}
	cancelled := false // read and written on the UI goroutine only
	t := time.AfterFunc(d, func() {
		fyne.Do(func() {
			if !cancelled {
				fn()
			}
		})
	})
	return func() {
		cancelled = true
		t.Stop()
	}
}

// debounce calls fn after d; tests call it at once.
func (u *UI) debounce(d time.Duration, fn func()) {
	if u.deps.Synchronous {
		fn()
		return
	}
	u.after(d, fn)
}

// showError tells the user about an unexpected error in a plain sentence.
func (u *UI) showError(err error) {
	fyne.LogError("", err)
	dialog.ShowError(errors.New(sentence(err)), u.win)
}
