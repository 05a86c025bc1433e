package ui

import (
	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// A language or theme chosen in Settings applies at once: the screens are built again, in
// the new language and colours, and take over what the old ones held, so nothing typed is
// lost. Widgets read their texts and colours when they are made, which is why they are made
// again rather than each told of the change.

// setLanguage switches the running window to a language setting.
func (u *UI) setLanguage(language string) {
	st := u.saveScreens()
	useLanguage(language)
	u.rebuild(st)
}

// applyTheme makes the app use a theme setting.
func (u *UI) applyTheme(name string) {
	u.app.Settings().SetTheme(themeFor(name, u.systemTheme))
}

// setTheme switches the running window to a theme setting.
func (u *UI) setTheme(name string) {
	st := u.saveScreens()
	u.applyTheme(name)
	u.rebuild(st)
}

// screensState is what the screens hold that is not in the store.
type screensState struct {
	tab      int
	build    buildState
	decode   decodeState
	search   string
	projects []store.Project
}

func (u *UI) saveScreens() screensState {
	return screensState{
		tab:      u.tabs.SelectedIndex(),
		build:    u.build.saveState(),
		decode:   u.decode.saveState(),
		search:   u.history.search.Text,
		projects: u.build.projects,
	}
}

// rebuild makes the screens again and gives them the state of the old ones.
func (u *UI) rebuild(st screensState) {
	u.build.stop()
	u.decode.stopTicker()
	u.history.setVisible(false)
	u.serve.setVisible(false)

	u.build = newBuildScreen(u)
	u.decode = newDecodeScreen(u)
	u.history = newHistoryScreen(u)
	// The server and what it showed stay, in u.serving.
	u.serve = newServeScreen(u)
	saver := u.settingsScreen.saver // saves in flight must stay in order
	u.settingsScreen = newSettingsScreen(u)
	u.settingsScreen.saver = saver
	u.win.SetContent(u.tipLayer().over(u.buildUI()))
	u.addShortcuts()
	if u.keychainErr != nil {
		u.onKeychainProbed(u.keychainErr)
	}

	u.build.setProjects(st.projects)
	u.settingsScreen.setProjects(st.projects)
	u.build.restoreState(st.build)
	u.decode.restoreState(st.decode)
	u.history.search.SetText(st.search)
	u.history.query = st.search
	u.history.reload()
	if st.tab >= 0 && st.tab < len(u.tabs.Items) {
		u.tabs.SelectIndex(st.tab)
	}
	u.onTabSelected(u.tabs.Selected())
}

// buildState is what the Build screen holds: the model, what was touched and the token on
// show.
type buildState struct {
	model             buildModel
	touched           [inputCount]bool
	dropped           bool
	certificateSource int
	keychainProblem   error
	advancedOpen      bool
	built             token.Spec
	builtToken        string
	builtCertificate  string
	saved             bool
}

func (s *buildScreen) saveState() buildState {
	st := buildState{
		model:             s.model,
		touched:           s.touched,
		dropped:           s.dropped,
		certificateSource: s.certificateSource,
		keychainProblem:   s.keychainProblem,
		advancedOpen:      s.advanced.Items[0].Open,
		built:             s.built,
		builtToken:        s.builtToken,
		builtCertificate:  s.builtCertificate,
	}
	if s.saved != nil {
		st.saved = s.saved.Text == lang.L("Saved to history.")
	}
	return st
}

func (s *buildScreen) restoreState(st buildState) {
	s.model, s.touched, s.dropped = st.model, st.touched, st.dropped
	s.certificateSource, s.keychainProblem = st.certificateSource, st.keychainProblem
	if st.advancedOpen {
		s.advanced.Open(0)
	}
	s.update()
	if st.builtToken != "" {
		s.showResult(st.built, st.builtToken, st.builtCertificate)
		if st.saved {
			s.saved.SetText(lang.L("Saved to history."))
		}
	}
}

// decodeState is what the Decode screen holds: the token and what was typed to check it.
type decodeState struct {
	input, certificate, channel, uid string
	save                             bool
}

func (s *decodeScreen) saveState() decodeState {
	return decodeState{input: s.input.Text, certificate: s.certificate.Text, channel: s.channel006.Text,
		uid: s.uid006.Text, save: s.saveCertificate.Checked}
}

func (s *decodeScreen) restoreState(st decodeState) {
	s.input.SetText(st.input)
	if s.parsed == nil {
		return
	}
	s.channel006.SetText(st.channel)
	s.uid006.SetText(st.uid)
	s.certificate.SetText(st.certificate)
	s.saveCertificate.SetChecked(st.save)
	s.rediagnose()
}
