package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// formRow names a row of the Build form that shows or hides with the service.
type formRow int

const (
	rowFormat formRow = iota
	rowChannel
	rowUser
	rowUserID
	rowRoom
	rowClassroomRole
	rowRole
	rowPrivilegeLifetime
	rowPerPrivilege
	rowRestored
	rowCount
)

// buildScreen is the form that builds a token, and the card that shows it. What the user
// chose is in model; the widgets show it and write to it.
type buildScreen struct {
	ui    *UI
	model buildModel

	// The project and certificate picker: see build_project.go.
	projects          []store.Project
	projectSelect     *widget.Select
	addProject        *widget.Button
	editProject       *widget.Button
	certificateSource int
	lookupSeq         int
	keychainProblem   error // why the keychain could not be read, if it could not
	// The App ID's certificates in the keychain, and the choice of signing with the
	// secondary one, offered only when there is one: see build_project.go.
	primaryCert, secondaryCert string
	useSecondary               *widget.Check

	// inputs are the form's text inputs; the named fields below are the same entries.
	inputs  [inputCount]*widget.Entry
	hints   [inputCount]*widget.Label
	touched [inputCount]bool
	rows    [rowCount][2]fyne.CanvasObject

	appID, certificate, channel, user, userID, room, apaasRole, customExpiry *widget.Entry
	privilegeExpire, joinExpire, audioExpire, videoExpire, dataExpire        *widget.Entry
	issuedAt, salt                                                           *widget.Entry

	service     *widget.Select
	serviceHint *widget.Label
	format      *choice[string]
	identity    *choice[bool]
	role        *choice[token.Role]
	expiry      *choice[uint32]
	expiryHint  *widget.Label

	advanced        *widget.Accordion
	perPrivilegeBox *fyne.Container
	kept            *widget.Label
	forgetKept      *widget.Button

	// The reproduce strip: the form rebuilds a token of the past, or just stopped doing so.
	reproduceStrip *fyne.Container
	reproduceText  *widget.Label
	makeFresh      *widget.Button
	// dropped is set when an edit dropped the issue time and salt of a loaded token.
	dropped bool

	buildButton *widget.Button
	problem     *widget.Label

	buildResult
}

func newBuildScreen(u *UI) *buildScreen {
	return &buildScreen{ui: u, model: newBuildModel()}
}

// choice is a radio group whose buttons stand for typed values: the group shows their
// labels in the window's language, and the screen reads and writes the values. Layouts hold
// its RadioGroup.
type choice[T comparable] struct {
	*widget.RadioGroup
	values []T
	label  func(T) string
}

func newChoice[T comparable](values []T, label func(T) string, onChanged func(T)) *choice[T] {
	c := &choice[T]{label: label}
	c.RadioGroup = widget.NewRadioGroup(nil, func(string) {
		if v, ok := c.value(); ok {
			onChanged(v)
		}
	})
	c.Horizontal = true
	c.Required = true
	c.setValues(values)
	return c
}

// setValues offers these values.
func (c *choice[T]) setValues(values []T) {
	if slices.Equal(c.values, values) {
		return
	}
	c.values = slices.Clone(values)
	c.Options = make([]string, len(values))
	for i, v := range values {
		c.Options[i] = c.label(v)
	}
	c.Refresh()
}

// value is the value of the button selected.
func (c *choice[T]) value() (T, bool) {
	if i := slices.Index(c.Options, c.Selected); i >= 0 {
		return c.values[i], true
	}
	var zero T
	return zero, false
}

// show selects the button of v.
func (c *choice[T]) show(v T) {
	i := slices.Index(c.values, v)
	if i >= 0 && c.Selected != c.Options[i] {
		c.SetSelected(c.Options[i])
	}
}

// newInput makes the entry of an input: every edit goes to the model.
func (s *buildScreen) newInput(in formInput, placeholder string) *widget.Entry {
	e := widget.NewEntry()
	if in == inCertificate {
		e = widget.NewPasswordEntry()
		s.ui.revealButton(e)
	}
	e.SetPlaceHolder(placeholder)
	// Fyne checks the text before OnChanged writes it to the model: check it as it will be.
	e.Validator = func(text string) error {
		m := s.model
		m.Text[in] = text
		return m.check(in)
	}
	e.OnChanged = func(text string) { s.onTyped(in, text) }
	e.OnSubmitted = s.onSubmitted
	s.inputs[in] = e
	s.hints[in] = newHint()
	return e
}

// withHint stacks an input over its hint line.
func (s *buildScreen) withHint(input fyne.CanvasObject, in formInput) fyne.CanvasObject {
	return container.NewVBox(input, s.hints[in])
}

func (s *buildScreen) row(r formRow, label string, content fyne.CanvasObject) []fyne.CanvasObject {
	l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{})
	s.rows[r] = [2]fyne.CanvasObject{l, content}
	return []fyne.CanvasObject{l, content}
}

// fixedRow is a row that is always shown.
func fixedRow(label string, content fyne.CanvasObject) []fyne.CanvasObject {
	return []fyne.CanvasObject{widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{}), content}
}

func (s *buildScreen) buildUI() fyne.CanvasObject {
	s.projectSelect = widget.NewSelect(nil, s.onProjectChosen)
	s.projectSelect.PlaceHolder = lang.L("No project: type an App ID below")
	s.addProject = widget.NewButtonWithIcon(lang.L("Add project…"), theme.ContentAddIcon(), s.onAddProject)
	s.editProject = widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), s.onEditProject)
	s.editProject.Disable()

	s.appID = s.newInput(inAppID, lang.L("32 hexadecimal characters"))
	s.certificate = s.newInput(inCertificate, lang.L("App Certificate, 32 hexadecimal characters"))
	s.useSecondary = widget.NewCheck(lang.L("Sign with the project's secondary certificate"), s.onUseSecondary)
	s.useSecondary.Hide()

	labels := make([]string, len(token.Kinds))
	for i, k := range token.Kinds {
		labels[i] = kindLabel(k)
	}
	s.service = widget.NewSelect(labels, func(string) { s.onServiceChosen() })
	s.serviceHint = newHint()
	s.format = newChoice([]string{token.Version007, token.Version006}, func(f string) string { return f }, s.onFormatChosen)

	s.channel = s.newInput(inChannel, lang.L("Channel name, e.g. demo"))
	s.identity = newChoice([]bool{false, true}, identityLabel, s.onIdentityChosen)
	s.user = s.newInput(inUser, lang.L("0 lets any user join"))
	s.userID = s.newInput(inUserID, lang.L("User ID"))
	s.room = s.newInput(inRoom, lang.L("Room UUID"))
	s.apaasRole = s.newInput(inClassroomRole, lang.L("1 teacher, 2 student, 3 assistant"))
	s.role = newChoice(s.model.roles(), roleLabel, s.onRoleChosen)
	s.expiry = newChoice(append(slices.Clone(expiryPresets), customLifetime), expiryLabel, s.onExpiryChosen)
	s.customExpiry = s.newInput(inCustomLifetime, lang.L("Seconds (3600) or a duration (90m, 2h)"))
	s.expiryHint = newHint()

	s.privilegeExpire = s.newInput(inPrivilegeLifetime, lang.L("Same as the token"))
	s.joinExpire = s.newInput(inJoin, lang.L("join"))
	s.audioExpire = s.newInput(inAudio, lang.L("audio"))
	s.videoExpire = s.newInput(inVideo, lang.L("video"))
	s.dataExpire = s.newInput(inData, lang.L("data"))
	s.issuedAt = s.newInput(inIssuedAt, lang.L("Now"))
	s.salt = s.newInput(inSalt, lang.L("Random"))
	s.kept = widget.NewLabel("")
	s.kept.Wrapping = fyne.TextWrapWord
	s.forgetKept = widget.NewButtonWithIcon(lang.L("Forget"), theme.ContentClearIcon(), s.onForgetKept)

	s.buildButton = widget.NewButtonWithIcon(lang.L("Build token"), theme.ConfirmIcon(), s.onBuild)
	s.buildButton.Importance = widget.HighImportance
	s.problem = widget.NewLabel("")
	s.problem.Wrapping = fyne.TextWrapWord
	s.problem.Importance = widget.WarningImportance

	// The radios come before the uid in the Tab order, as they do on screen.
	userRow := container.New(layout.NewBorderLayout(nil, nil, s.identity.RadioGroup, nil), s.identity.RadioGroup, s.user)
	form := container.New(layout.NewFormLayout(), slices.Concat(
		fixedRow(lang.L("Project"), container.NewBorder(nil, nil, nil, container.NewHBox(s.addProject, s.editProject), s.projectSelect)),
		fixedRow(lang.L("App ID"), s.withHint(s.appID, inAppID)),
		fixedRow(lang.L("Certificate"), container.NewVBox(s.certificate, s.useSecondary, s.hints[inCertificate])),
		fixedRow(lang.L("Service"), container.NewVBox(s.service, s.serviceHint)),
		s.row(rowFormat, lang.L("Format"), s.format.RadioGroup),
		s.row(rowChannel, lang.L("Channel"), s.withHint(s.channel, inChannel)),
		s.row(rowUser, lang.L("User"), s.withHint(userRow, inUser)),
		s.row(rowUserID, lang.L("User ID"), s.withHint(s.userID, inUserID)),
		s.row(rowRoom, lang.L("Room"), s.withHint(s.room, inRoom)),
		s.row(rowClassroomRole, lang.L("Classroom role"), s.withHint(s.apaasRole, inClassroomRole)),
		s.row(rowRole, lang.L("Role"), s.role.RadioGroup),
		fixedRow(lang.L("Expires after"), container.NewVBox(s.expiry.RadioGroup, s.customExpiry, s.hints[inCustomLifetime], s.expiryHint)),
	)...)

	s.perPrivilegeBox = container.NewVBox(
		container.NewGridWithColumns(4, s.joinExpire, s.audioExpire, s.videoExpire, s.dataExpire),
		s.hints[inJoin], s.hints[inAudio], s.hints[inVideo], s.hints[inData],
	)
	advancedForm := container.New(layout.NewFormLayout(), slices.Concat(
		s.row(rowPrivilegeLifetime, lang.L("Privileges last"), s.withHint(s.privilegeExpire, inPrivilegeLifetime)),
		s.row(rowPerPrivilege, lang.L("Per privilege"), s.perPrivilegeBox),
		fixedRow(lang.L("Issued at"), s.withHint(s.issuedAt, inIssuedAt)),
		fixedRow(lang.L("Salt"), s.withHint(s.salt, inSalt)),
		s.row(rowRestored, lang.L("Restored"), container.NewBorder(nil, nil, nil, s.forgetKept, s.kept)),
	)...)
	advancedNote := noteLabel(lang.L("Leave these empty for a fresh token. Fill issued-at and salt to build " +
		"the very same token again; lifetimes are seconds or durations like 30m."))
	s.advanced = widget.NewAccordion(widget.NewAccordionItem(lang.L("Advanced: privilege lifetimes, issue time and salt"),
		container.NewVBox(advancedNote, advancedForm)))

	s.reproduceText = widget.NewLabel("")
	s.reproduceText.Wrapping = fyne.TextWrapWord
	s.makeFresh = widget.NewButtonWithIcon(lang.L("Make a fresh token instead"), theme.ViewRefreshIcon(), s.onMakeFresh)
	s.reproduceStrip = container.NewBorder(nil, nil, nil, s.makeFresh, s.reproduceText)

	// The Build button stays in view however long the form grows, and so does the strip
	// that says the next build reproduces an old token.
	buildRow := container.NewPadded(container.NewVBox(s.reproduceStrip,
		container.NewBorder(nil, nil, s.buildButton, nil, s.problem)))
	left := container.NewBorder(nil, buildRow, nil, nil, container.NewVScroll(container.NewPadded(spaced(form, s.advanced))))

	s.resultBox = container.NewStack(s.buildPlaceholder())
	split := container.NewHSplit(left, container.NewPadded(s.resultBox))
	split.Offset = 0.55
	s.update()
	return split
}

// expiryLabel names a lifetime preset, or Custom.
func expiryLabel(seconds uint32) string {
	if seconds == customLifetime {
		return customLabel()
	}
	return lifetimeText(seconds)
}

// The widgets' callbacks. Each writes to the model only what changed: showing the model
// calls them back with the values it already holds, which then do nothing.

func (s *buildScreen) onTyped(in formInput, text string) {
	if s.model.Text[in] == text {
		return
	}
	s.model.Text[in] = text
	s.touched[in] = true
	switch in {
	case inAppID:
		s.onAppIDChanged()
	case inCertificate:
		s.certificateSource = certificateTyped
	}
	s.edited(in)
}

// onSubmitted builds when Enter is pressed in a field of a valid form.
func (s *buildScreen) onSubmitted(string) {
	if !s.buildButton.Disabled() {
		s.onBuild()
	}
}

func (s *buildScreen) onServiceChosen() {
	i := s.service.SelectedIndex()
	if i < 0 || token.Kinds[i] == s.model.Kind {
		return
	}
	s.model.setKind(token.Kinds[i])
	s.edited(inputCount)
}

func (s *buildScreen) onFormatChosen(format string) {
	if format == s.model.Format {
		return
	}
	s.model.setFormat(format)
	s.edited(inputCount)
}

func (s *buildScreen) onIdentityChosen(account bool) {
	if account == s.model.Account {
		return
	}
	s.model.Account = account
	s.edited(inUser)
}

func (s *buildScreen) onRoleChosen(r token.Role) {
	if r == s.model.Role {
		return
	}
	s.model.Role = r
	s.edited(inputCount)
}

func (s *buildScreen) onExpiryChosen(seconds uint32) {
	if seconds == s.model.Lifetime {
		return
	}
	s.model.Lifetime = seconds
	s.edited(inCustomLifetime)
}

func (s *buildScreen) onForgetKept() {
	s.model.Kept006, s.model.KeptRTM2 = nil, nil
	s.edited(inputCount)
}

// edited follows a change the user made to the form (in is the input, or inputCount for a
// choice): a change to what the token holds drops the issue time and salt of a token being
// rebuilt, since reusing them would make a new token born old.
func (s *buildScreen) edited(in formInput) {
	if changesToken(in) && s.model.reproducing() {
		s.model.dropReproduce()
		s.dropped = true
	}
	if in == inIssuedAt || in == inSalt {
		s.dropped = false
	}
	s.update()
}

// onMakeFresh leaves the issue time and salt to the next build.
func (s *buildScreen) onMakeFresh() {
	s.model.dropReproduce()
	s.dropped = false
	s.update()
}

// update shows the model: every widget, the rows the service uses, the hints, the Build
// button, the reproduce strip and whether the token on show is still the form's.
func (s *buildScreen) update() {
	if s.buildButton == nil {
		return
	}
	m := &s.model
	if i := slices.Index(token.Kinds, m.Kind); i >= 0 && s.service.SelectedIndex() != i {
		s.service.SetSelectedIndex(i)
	}
	s.format.show(m.Format)
	s.identity.show(m.Account)
	s.role.setValues(m.roles())
	s.role.show(m.Role)
	s.expiry.show(m.Lifetime)
	for in, e := range s.inputs {
		if e.Text != m.Text[in] {
			e.SetText(m.Text[in])
		}
	}
	s.selectProjectOfAppID()

	kind := m.Kind
	if kind.Supports006() {
		s.format.Enable()
	} else {
		s.format.Disable()
	}
	s.showRow(rowFormat, kind.Supports006())
	setHint(s.serviceHint, serviceHelp(kind, m.is006()), false)
	in := m.inputs()
	s.showRow(rowChannel, in.Channel)
	s.showRow(rowUser, in.UID)
	s.showRow(rowUserID, in.UserID)
	s.showRow(rowRoom, in.Room)
	s.showRow(rowClassroomRole, in.Room)
	s.showRow(rowRole, in.UsesRole())
	s.showRow(rowPrivilegeLifetime, in.PrivilegeLifetime)
	s.showRow(rowPerPrivilege, in.RTCPrivileges)
	s.renderKept()
	if m.Account {
		s.user.SetPlaceHolder(lang.L("User account, e.g. alice"))
	} else {
		s.user.SetPlaceHolder(lang.L("0 lets any user join"))
	}
	switch {
	case in.UserIDFromAccount:
		s.userID.SetPlaceHolder(lang.L("RTM user ID; empty uses the account"))
	case kind == token.KindRTM:
		s.userID.SetPlaceHolder(lang.L("RTM user ID"))
	default:
		s.userID.SetPlaceHolder(lang.L("User ID"))
	}
	if m.Lifetime == customLifetime {
		s.customExpiry.Show()
	} else {
		s.customExpiry.Hide()
	}
	switch {
	case m.is006():
		setHint(s.expiryHint, lang.L("A 006 token itself always lives 24 hours; this is how long its privileges last."), false)
	case kind == token.KindFPA:
		setHint(s.expiryHint, "", false)
	default:
		if v, err := m.lifetime(); err == nil && v > token.MaxLifetime {
			setHint(s.expiryHint, lang.L("Agora caps tokens at 24 hours: the token stops working 24 hours after it was issued."), true)
		} else {
			setHint(s.expiryHint, "", false)
		}
	}
	s.renderProblems()
	s.renderReproduce()
	s.renderStale()
}

// renderProblems puts each input's problem under it, once it was touched or holds text, and
// enables Build only when the whole form is valid.
func (s *buildScreen) renderProblems() {
	m := &s.model
	firstProblem := ""
	for _, in := range m.checked() {
		err := m.check(in)
		if err != nil && firstProblem == "" {
			firstProblem = m.missing(in)
			if firstProblem == "" {
				firstProblem = lang.L("{{.Field}}: {{.Problem}}", map[string]any{"Field": inputLabel(in), "Problem": sentence(err)})
			}
		}
		if in == inCertificate {
			continue
		}
		if err != nil && (s.touched[in] || m.Text[in] != "") {
			setHint(s.hints[in], sentence(err), true)
		} else {
			setHint(s.hints[in], "", false)
		}
	}
	s.renderCertificateHint()
	if v, err := parseIssuedAt(m.Text[inIssuedAt]); err == nil {
		setHint(s.hints[inIssuedAt], lang.L("Issued {{.Time}}.", map[string]any{"Time": localTime(unixTime(int64(v)))}), false)
	}
	if firstProblem == "" {
		if _, err := m.spec(); err != nil {
			firstProblem = sentence(err)
		}
	}
	s.problem.SetText(firstProblem)
	if firstProblem != "" {
		s.buildButton.Disable()
	} else {
		s.buildButton.Enable()
	}
}

// renderReproduce shows the strip that says the next build reproduces a token of the past,
// or that an edit just stopped it doing so.
func (s *buildScreen) renderReproduce() {
	switch {
	case s.model.reproducing():
		when := s.model.Text[inIssuedAt]
		if v, err := parseIssuedAt(when); err == nil {
			when = localTime(unixTime(int64(v)))
		}
		s.reproduceText.SetText(lang.L("Rebuilding the token of {{.Time}} exactly.", map[string]any{"Time": when}))
		s.makeFresh.Show()
		s.reproduceStrip.Show()
	case s.dropped:
		s.reproduceText.SetText(lang.L("The form changed, so the loaded token's issue time and salt were dropped: Build makes a fresh token."))
		s.makeFresh.Hide()
		s.reproduceStrip.Show()
	default:
		s.reproduceStrip.Hide()
	}
}

// inputLabel names an input as its row does.
func inputLabel(in formInput) string {
	switch in {
	case inAppID:
		return lang.L("App ID")
	case inCertificate:
		return lang.L("Certificate")
	case inChannel:
		return lang.L("Channel")
	case inUser:
		return lang.L("User")
	case inUserID:
		return lang.L("User ID")
	case inRoom:
		return lang.L("Room")
	case inClassroomRole:
		return lang.L("Classroom role")
	case inCustomLifetime:
		return lang.L("Expires after")
	case inPrivilegeLifetime:
		return lang.L("Privileges last")
	case inJoin, inAudio, inVideo, inData:
		return lang.L("Per privilege")
	case inIssuedAt:
		return lang.L("Issued at")
	}
	return lang.L("Salt")
}

func (s *buildScreen) showRow(r formRow, visible bool) {
	for _, o := range s.rows[r] {
		if visible {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// renderKept describes what a loaded token brought that the form has no input for.
func (s *buildScreen) renderKept() {
	m := &s.model
	var parts []string
	if m.Kept006 != nil && m.is006() {
		names := make([]string, len(m.Kept006))
		for i, p := range m.Kept006 {
			when := lang.L("no expiry of its own")
			if p.Value != 0 {
				when = lang.L("until {{.Time}}", map[string]any{"Time": localTime(unixTime(int64(p.Value)))})
			}
			names[i] = token.PrivilegeName006(p.ID) + " " + when
		}
		parts = append(parts, lang.L("The 006 privileges, as written in the token (they replace role and expiry): {{.List}}.",
			map[string]any{"List": strings.Join(names, "; ")}))
	}
	if m.KeptRTM2 != nil && m.Kind == token.KindRTM2 {
		parts = append(parts, lang.N("The token's RTM2 permissions on {{.Count}} resource types.", len(m.KeptRTM2),
			map[string]any{"Count": len(m.KeptRTM2)}))
	}
	s.kept.SetText(strings.Join(parts, "\n"))
	s.showRow(rowRestored, len(parts) > 0)
}

func serviceHelp(k token.Kind, is006 bool) string {
	switch k {
	case token.KindRTC:
		if is006 {
			return lang.L("Joins an RTC channel, as the 006 RtcTokenBuilder builds it (rtc).")
		}
		return lang.L("Joins an RTC channel: buildTokenWithUid or buildTokenWithUserAccount (rtc).")
	case token.KindRTM:
		return lang.L("Logs in to RTM (Signaling) as the user ID (rtm).")
	case token.KindRTCRTM:
		return lang.L("Joins an RTC channel and logs in to RTM with one token (rtc+rtm).")
	case token.KindChatUser:
		return lang.L("A Chat token for one user (chat-user).")
	case token.KindChatApp:
		return lang.L("A Chat app token, for your server (chat-app).")
	case token.KindFPA:
		return lang.L("A Full-path Acceleration token (fpa).")
	case token.KindAPaaSRoomUser:
		return lang.L("Flexible Classroom: a user in a room, with RTM and Chat (apaas-room-user).")
	case token.KindAPaaSUser:
		return lang.L("Flexible Classroom: a user (apaas-user).")
	case token.KindAPaaSApp:
		return lang.L("Flexible Classroom: the app, for your server (apaas-app).")
	case token.KindStreaming:
		return lang.L("Publishes mixed and raw streams on a channel (streaming).")
	case token.KindFCDN:
		return lang.L("Fusion CDN: play, and publish for a publisher (fcdn).")
	case token.KindRTM2:
		return lang.L("Logs in to RTM 2 as the user ID (rtm2).")
	case token.KindConvoAI:
		return lang.L("A Conversational AI agent: RTC, RTM and ConvoAI (convoai).")
	case token.KindSTT:
		return lang.L("Real-time speech-to-text: RTC, RTM and STT (stt).")
	}
	return ""
}

// setModel replaces what the form holds and shows it; nothing typed so far counts as a
// mistake to point at, except what the new model holds.
func (s *buildScreen) setModel(m buildModel) {
	s.model = m
	for in := range s.touched {
		s.touched[in] = m.Text[in] != ""
	}
	s.dropped = false
	if m.advancedInUse() {
		s.advanced.Open(0)
	}
	s.update()
}

// applySettings sets the form's defaults from the settings.
func (s *buildScreen) applySettings(v store.Settings) {
	m := s.model
	if v.DefaultService != "" {
		m.setKind(v.DefaultService)
	}
	if v.DefaultFormat != "" && m.Kind.Supports006() {
		m.setFormat(v.DefaultFormat)
	}
	if v.DefaultExpire != 0 {
		m.setLifetime(v.DefaultExpire)
	}
	s.model = m
	s.update()
}

// loadSpec fills the form from a spec, so that Build gives the very token the spec
// describes when exact is set, or the same inputs with a new issue time and salt when not.
func (s *buildScreen) loadSpec(spec token.Spec, exact bool) {
	m := s.model
	m.load(&spec, exact)
	if s.model.Text[inAppID] != m.Text[inAppID] && s.certificateSource == certificateKeychain {
		m.Text[inCertificate] = ""
	}
	s.setModel(m)
	s.onAppIDChanged()
	s.update()
}

// reset starts a new token: the form goes back to its defaults and the result card empties,
// while the project, App ID and certificate stay.
func (s *buildScreen) reset() {
	m := newBuildModel()
	m.Text[inAppID], m.Text[inCertificate] = s.model.Text[inAppID], s.model.Text[inCertificate]
	s.setModel(m)
	s.touched[inAppID] = false
	s.touched[inCertificate] = false
	s.advanced.CloseAll()
	s.applySettings(s.ui.settings)
	if p, ok := s.selectedProject(); ok {
		s.applyProject(p)
	}
	s.clearResult()
	s.update()
	// The cursor goes to the first field the chosen service asks for.
	in := s.model.inputs()
	for _, f := range []struct {
		used  bool
		entry *widget.Entry
	}{{in.Channel, s.channel}, {in.UID, s.user}, {in.UserID, s.userID}, {in.Room, s.room}} {
		if f.used {
			s.ui.win.Canvas().Focus(f.entry)
			break
		}
	}
}
