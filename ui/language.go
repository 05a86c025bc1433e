package ui

import (
	"slices"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

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
	u.app.Settings().SetTheme(themeFor(name))
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

	u.build = newBuildScreen(u)
	u.decode = newDecodeScreen(u)
	u.history = newHistoryScreen(u)
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

// buildState is what the Build form holds: its fields, choices and the token on show.
type buildState struct {
	project           int
	texts             []string
	touched           []bool
	kind              token.Kind
	format            string
	account           bool
	role              token.Role
	lifetimeCustom    bool
	lifetime          uint32
	certificateSource int
	keychainProblem   error
	kept006           []token.Privilege
	keptRTM2          []token.RTM2Resource
	advancedOpen      bool
	built             token.Spec
	builtToken        string
	saved             bool
}

// entries lists the form's entries in a fixed order, for saveState and restoreState.
func (s *buildScreen) entries() []*widget.Entry {
	return []*widget.Entry{s.appID, s.certificate, s.channel, s.user, s.userID, s.room, s.apaasRole,
		s.customExpiry, s.privilegeExpire, s.joinExpire, s.audioExpire, s.videoExpire, s.dataExpire,
		s.issuedAt, s.salt}
}

func (s *buildScreen) saveState() buildState {
	st := buildState{
		project:           s.projectSelect.SelectedIndex(),
		kind:              s.kind(),
		format:            s.format.Selected,
		account:           s.isAccount(),
		lifetimeCustom:    s.expiry.Selected == customLabel(),
		certificateSource: s.certificateSource,
		keychainProblem:   s.keychainProblem,
		kept006:           s.kept006,
		keptRTM2:          s.keptRTM2,
		advancedOpen:      s.advanced.Items[0].Open,
		built:             s.built,
		builtToken:        s.builtToken,
	}
	st.role, _ = roleFromLabel(s.role.Selected)
	if !st.lifetimeCustom {
		st.lifetime, _ = s.lifetime()
	}
	for _, e := range s.entries() {
		st.texts = append(st.texts, e.Text)
		st.touched = append(st.touched, s.touched[e])
	}
	if s.saved != nil {
		st.saved = s.saved.Text == lang.L("Saved to history.")
	}
	return st
}

func (s *buildScreen) restoreState(st buildState) {
	s.loading = true
	if st.project >= 0 && st.project < len(s.projects) {
		s.projectSelect.SetSelectedIndex(st.project)
	}
	s.service.SetSelected(kindLabel(st.kind))
	s.format.SetSelected(st.format)
	if st.account {
		s.identity.SetSelected(identityLabel(identityAccount))
	} else {
		s.identity.SetSelected(identityLabel(identityUID))
	}
	s.role.SetSelected(roleLabel(st.role))
	for i, e := range s.entries() {
		e.SetText(st.texts[i])
		s.touched[e] = st.touched[i]
	}
	if st.lifetimeCustom {
		s.expiry.SetSelected(customLabel())
	} else {
		s.setLifetime(st.lifetime)
	}
	s.certificateSource = st.certificateSource
	s.keychainProblem = st.keychainProblem
	s.kept006, s.keptRTM2 = slices.Clone(st.kept006), slices.Clone(st.keptRTM2)
	s.loading = false
	if st.advancedOpen {
		s.advanced.Open(0)
	}
	s.onIdentityChanged()
	s.update()
	if st.builtToken != "" {
		s.showResult(st.built, st.builtToken)
		if st.saved {
			s.saved.SetText(lang.L("Saved to history."))
		}
	}
}

// stop ends the countdown of the token on show.
func (s *buildScreen) stop() {
	if s.stopCountdown != nil {
		s.stopCountdown()
		s.stopCountdown = nil
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

// isAccount reports whether the user row is set to an account rather than a uid.
func (s *buildScreen) isAccount() bool {
	return s.identity.Selected == identityLabel(identityAccount) || s.identity.Selected == identityAccount
}

// isCustomExpiry reports whether the expiry is typed in rather than a preset.
func (s *buildScreen) isCustomExpiry() bool {
	return s.expiry.Selected == customLabel() || s.expiry.Selected == expiryCustom
}

// normalizeChoices shows a choice that code set by its English name (a role's String(), a
// preset's label, identityAccount) as the button of the window's language names it.
func (s *buildScreen) normalizeChoices() {
	set := func(r *widget.RadioGroup, label string) {
		if r.Selected != label {
			r.Selected = label
			r.Refresh()
		}
	}
	if s.isAccount() {
		set(s.identity, identityLabel(identityAccount))
	} else if s.identity.Selected != "" {
		set(s.identity, identityLabel(identityUID))
	}
	if s.role.Selected != "" && !slices.Contains(s.role.Options, s.role.Selected) {
		if r, err := roleFromLabel(s.role.Selected); err == nil {
			set(s.role, roleLabel(r))
		}
	}
	if s.isCustomExpiry() {
		set(s.expiry, customLabel())
	} else if v, err := s.lifetime(); err == nil && s.expiry.Selected != "" {
		set(s.expiry, lifetimeText(v))
	}
}
