package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// The identity choices of the user row.
const (
	identityUID     = "uid"
	identityAccount = "account"
)

// expiryPresets are the lifetimes offered with one click, in seconds. The buttons show
// lifetimeText(seconds), in the window's language; label is the English name, so code may
// select a preset by it (update shows it in the current language).
var expiryPresets = []struct {
	label   string
	seconds uint32
}{
	{"10 min", 10 * 60},
	{"1 hour", 60 * 60},
	{"12 hours", 12 * 60 * 60},
	{"24 hours", 24 * 60 * 60},
}

// expiryCustom is the English name of the expiry choice that takes a typed lifetime; the
// button shows customLabel().
const expiryCustom = "Custom"

// Where the certificate in the form came from.
const (
	certificateTyped    = iota // typed (or pasted) by the user
	certificateKeychain        // filled in from the keychain or this session's certificates
)

// copiedFor is how long the Copy button says "Copied".
const copiedFor = 2 * time.Second

// buildScreen is the form that builds a token, and the card that shows it.
type buildScreen struct {
	ui *UI

	projects      []store.Project
	projectSelect *widget.Select
	addProject    *widget.Button
	editProject   *widget.Button

	appID             *widget.Entry
	certificate       *widget.Entry
	certificateSource int
	certificateHint   *widget.Label
	lookupSeq         int
	keychainProblem   error // why the keychain could not be read, if it could not

	service      *widget.Select
	serviceHint  *widget.Label
	format       *widget.RadioGroup
	channel      *widget.Entry
	identity     *widget.RadioGroup
	user         *widget.Entry
	userID       *widget.Entry
	room         *widget.Entry
	apaasRole    *widget.Entry
	role         *widget.RadioGroup
	expiry       *widget.RadioGroup
	customExpiry *widget.Entry
	expiryHint   *widget.Label

	advanced        *widget.Accordion
	privilegeExpire *widget.Entry
	joinExpire      *widget.Entry
	audioExpire     *widget.Entry
	videoExpire     *widget.Entry
	dataExpire      *widget.Entry
	perPrivilegeBox *fyne.Container
	issuedAt        *widget.Entry
	salt            *widget.Entry
	kept            *widget.Label
	forgetKept      *widget.Button
	kept006         []token.Privilege
	keptRTM2        []token.RTM2Resource

	buildButton *widget.Button
	problem     *widget.Label

	// hints maps each entry to the line under it; rows maps a form label to its row, so
	// rows can be shown and hidden per service.
	hints   map[*widget.Entry]*widget.Label
	touched map[*widget.Entry]bool
	rows    map[string][2]fyne.CanvasObject
	loading bool

	// The result card.
	resultBox     *fyne.Container
	placeholder   fyne.CanvasObject
	resultCard    fyne.CanvasObject
	status        *badge
	tokenOutput   *widget.Label
	copyButton    *widget.Button
	qrButton      *widget.Button
	copyNote      *widget.Label
	length        *widget.Label
	expires       *widget.Label
	countdown     *widget.Label
	issued        *widget.Label
	builtSalt     *widget.Label
	builtFor      *widget.Label
	saved         *widget.Label
	openInDecode  *widget.Button
	built         token.Spec
	builtToken    string
	stopCountdown func()
	copySeq       int
}

func newBuildScreen(u *UI) *buildScreen {
	s := &buildScreen{
		ui:      u,
		hints:   map[*widget.Entry]*widget.Label{},
		touched: map[*widget.Entry]bool{},
		rows:    map[string][2]fyne.CanvasObject{},
	}
	return s
}

// entry makes an entry whose every change re-checks the form.
func (s *buildScreen) entry(placeholder string, validator func(string) error) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.Validator = validator
	e.OnChanged = func(string) { s.onInputChanged(e) }
	e.OnSubmitted = s.onSubmitted
	s.hints[e] = newHint()
	return e
}

// withHint stacks an input over the hint line of e.
func (s *buildScreen) withHint(input fyne.CanvasObject, e *widget.Entry) fyne.CanvasObject {
	return container.NewVBox(input, s.hints[e])
}

func (s *buildScreen) row(label string, content fyne.CanvasObject) []fyne.CanvasObject {
	l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{})
	s.rows[label] = [2]fyne.CanvasObject{l, content}
	return []fyne.CanvasObject{l, content}
}

func (s *buildScreen) buildUI() fyne.CanvasObject {
	s.projectSelect = widget.NewSelect(nil, s.onProjectSelected)
	s.projectSelect.PlaceHolder = lang.L("No project: type an App ID below")
	s.addProject = widget.NewButtonWithIcon(lang.L("Add project…"), theme.ContentAddIcon(), s.onAddProject)
	s.editProject = widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), s.onEditProject)
	s.editProject.Disable()

	s.appID = s.entry(lang.L("32 hexadecimal characters"), token.ValidateAppID)
	s.certificate = widget.NewPasswordEntry()
	s.ui.revealButton(s.certificate)
	s.certificate.SetPlaceHolder(lang.L("App Certificate, 32 hexadecimal characters"))
	s.certificate.Validator = token.ValidateCertificate
	s.certificate.OnChanged = s.onCertificateChanged
	s.certificate.OnSubmitted = s.onSubmitted
	s.hints[s.certificate] = newHint()
	s.certificateHint = s.hints[s.certificate]

	labels := make([]string, len(token.Kinds))
	for i, k := range token.Kinds {
		labels[i] = kindLabel(k)
	}
	s.service = widget.NewSelect(labels, func(string) { s.onServiceChanged() })
	s.serviceHint = newHint()
	s.format = widget.NewRadioGroup([]string{token.Version007, token.Version006}, func(string) { s.onServiceChanged() })
	s.format.Horizontal = true
	s.format.Required = true

	s.channel = s.entry(lang.L("Channel name, e.g. demo"), s.validateChannel)
	s.identity = widget.NewRadioGroup([]string{identityLabel(identityUID), identityLabel(identityAccount)}, func(string) { s.onIdentityChanged() })
	s.identity.Horizontal = true
	s.identity.Required = true
	s.user = s.entry(lang.L("0 lets any user join"), s.validateUser)
	s.userID = s.entry(lang.L("User ID"), s.validateUserID)
	s.room = s.entry(lang.L("Room UUID"), s.validateRoom)
	s.apaasRole = s.entry(lang.L("1 teacher, 2 student, 3 assistant"), s.validateAPaaSRole)
	s.role = widget.NewRadioGroup([]string{roleLabel(token.RolePublisher), roleLabel(token.RoleSubscriber)}, func(string) { s.update() })
	s.role.Horizontal = true
	s.role.Required = true

	presets := make([]string, 0, len(expiryPresets)+1)
	for _, p := range expiryPresets {
		presets = append(presets, lifetimeText(p.seconds))
	}
	s.expiry = widget.NewRadioGroup(append(presets, customLabel()), func(string) { s.onExpiryChanged() })
	s.expiry.Horizontal = true
	s.expiry.Required = true
	s.customExpiry = s.entry(lang.L("Seconds (3600) or a duration (90m, 2h)"), s.validateCustomExpiry)
	s.expiryHint = newHint()

	s.privilegeExpire = s.entry(lang.L("Same as the token"), s.validateOptionalLifetime)
	s.joinExpire = s.entry(lang.L("join"), s.validateOptionalLifetime)
	s.audioExpire = s.entry(lang.L("audio"), s.validateOptionalLifetime)
	s.videoExpire = s.entry(lang.L("video"), s.validateOptionalLifetime)
	s.dataExpire = s.entry(lang.L("data"), s.validateOptionalLifetime)
	s.issuedAt = s.entry(lang.L("Now"), s.validateIssuedAt)
	s.salt = s.entry(lang.L("Random"), s.validateSalt)
	s.kept = widget.NewLabel("")
	s.kept.Wrapping = fyne.TextWrapWord
	s.forgetKept = widget.NewButtonWithIcon(lang.L("Forget"), theme.ContentClearIcon(), s.onForgetKept)

	s.buildButton = widget.NewButtonWithIcon(lang.L("Build token"), theme.ConfirmIcon(), s.onBuild)
	s.buildButton.Importance = widget.HighImportance
	s.problem = widget.NewLabel("")
	s.problem.Wrapping = fyne.TextWrapWord
	s.problem.Importance = widget.WarningImportance

	form := container.New(layout.NewFormLayout(), slices.Concat(
		s.row(lang.L("Project"), container.NewBorder(nil, nil, nil, container.NewHBox(s.addProject, s.editProject), s.projectSelect)),
		s.row(lang.L("App ID"), s.withHint(s.appID, s.appID)),
		s.row(lang.L("Certificate"), s.withHint(s.certificate, s.certificate)),
		s.row(lang.L("Service"), container.NewVBox(s.service, s.serviceHint)),
		s.row(lang.L("Format"), s.format),
		s.row(lang.L("Channel"), s.withHint(s.channel, s.channel)),
		s.row(lang.L("User"), s.withHint(container.NewBorder(nil, nil, s.identity, nil, s.user), s.user)),
		s.row(lang.L("User ID"), s.withHint(s.userID, s.userID)),
		s.row(lang.L("Room"), s.withHint(s.room, s.room)),
		s.row(lang.L("Classroom role"), s.withHint(s.apaasRole, s.apaasRole)),
		s.row(lang.L("Role"), s.role),
		s.row(lang.L("Expires after"), container.NewVBox(s.expiry, s.customExpiry, s.hints[s.customExpiry], s.expiryHint)),
	)...)

	s.perPrivilegeBox = container.NewVBox(
		container.NewGridWithColumns(4, s.joinExpire, s.audioExpire, s.videoExpire, s.dataExpire),
		s.hints[s.joinExpire], s.hints[s.audioExpire], s.hints[s.videoExpire], s.hints[s.dataExpire],
	)
	advancedForm := container.New(layout.NewFormLayout(), slices.Concat(
		s.row(lang.L("Privileges last"), s.withHint(s.privilegeExpire, s.privilegeExpire)),
		s.row(lang.L("Per privilege"), s.perPrivilegeBox),
		s.row(lang.L("Issued at"), s.withHint(s.issuedAt, s.issuedAt)),
		s.row(lang.L("Salt"), s.withHint(s.salt, s.salt)),
		s.row(lang.L("Restored"), container.NewBorder(nil, nil, nil, s.forgetKept, s.kept)),
	)...)
	advancedNote := noteLabel(lang.L("Leave these empty for a fresh token. Fill issued-at and salt to build " +
		"the very same token again; lifetimes are seconds or durations like 30m."))
	s.advanced = widget.NewAccordion(widget.NewAccordionItem(lang.L("Advanced: privilege lifetimes, issue time and salt"),
		container.NewVBox(advancedNote, advancedForm)))

	// The Build button stays in view however long the form grows.
	buildRow := container.NewPadded(container.NewBorder(nil, nil, s.buildButton, nil, s.problem))
	left := container.NewBorder(nil, buildRow, nil, nil, container.NewVScroll(container.NewPadded(spaced(form, s.advanced))))

	s.resultBox = container.NewStack(s.buildPlaceholder())
	split := container.NewHSplit(left, container.NewPadded(s.resultBox))
	split.Offset = 0.55

	s.service.SetSelected(kindLabel(token.KindRTC))
	s.format.SetSelected(token.Version007)
	s.identity.SetSelected(identityLabel(identityUID))
	s.role.SetSelected(roleLabel(token.RolePublisher))
	s.expiry.SetSelected(lifetimeText(expiryPresets[1].seconds))
	s.update()
	return split
}

func (s *buildScreen) buildPlaceholder() fyne.CanvasObject {
	icon := widget.NewIcon(theme.DocumentCreateIcon())
	text := widget.NewLabelWithStyle(lang.L("Fill in the form and press Build token:\nthe token appears here, ready to copy."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	s.placeholder = container.NewCenter(container.NewVBox(container.NewCenter(minSize(icon, fyne.NewSquareSize(48))), text))
	return s.placeholder
}

// kind is the service chosen in the menu.
func (s *buildScreen) kind() token.Kind { return kindFromLabel(s.service.Selected) }

func (s *buildScreen) is006() bool { return s.format.Selected == token.Version006 }

// inputs says which inputs the chosen service and format use.
func (s *buildScreen) inputs() (channel, uid, userID, room bool) {
	in := token.ServiceInputs(s.kind(), s.format.Selected)
	return in.Channel, in.UID, in.UserID, in.Room
}

// usesRole reports whether the role changes the token the chosen service builds.
func (s *buildScreen) usesRole() bool {
	switch s.kind() {
	case token.KindRTC:
		return true
	case token.KindRTCRTM, token.KindFCDN, token.KindConvoAI, token.KindSTT:
		return !s.is006()
	}
	return false
}

// usesRTCPrivileges reports whether the token has RTC's four privileges, which may each have
// their own lifetime.
func (s *buildScreen) usesRTCPrivileges() bool {
	switch s.kind() {
	case token.KindRTC:
		return true
	case token.KindRTCRTM, token.KindConvoAI, token.KindSTT:
		return !s.is006()
	}
	return false
}

func (s *buildScreen) onInputChanged(e *widget.Entry) {
	if s.loading {
		return
	}
	s.touched[e] = true
	if e == s.appID {
		s.onAppIDChanged()
	}
	s.update()
}

// onSubmitted builds when Enter is pressed in a field of a valid form.
func (s *buildScreen) onSubmitted(string) {
	if !s.buildButton.Disabled() {
		s.onBuild()
	}
}

func (s *buildScreen) onCertificateChanged(string) {
	if s.loading {
		return
	}
	s.touched[s.certificate] = true
	s.certificateSource = certificateTyped
	s.update()
}

func (s *buildScreen) onServiceChanged() {
	if s.loading {
		return
	}
	s.update()
}

func (s *buildScreen) onIdentityChanged() {
	if s.loading {
		return
	}
	if s.isAccount() {
		s.user.SetPlaceHolder(lang.L("User account, e.g. alice"))
	} else {
		s.user.SetPlaceHolder(lang.L("0 lets any user join"))
	}
	s.update()
}

func (s *buildScreen) onExpiryChanged() {
	if s.loading {
		return
	}
	s.update()
}

// update shows the rows the chosen service uses, checks every visible field and enables
// Build only when the whole form is valid.
func (s *buildScreen) update() {
	if s.buildButton == nil {
		return
	}
	s.normalizeChoices()
	kind := s.kind()
	if !kind.Supports006() && s.is006() {
		s.format.SetSelected(token.Version007)
	}
	// Only RTC and RTM tokens exist in the 006 format; other services do not offer it.
	if kind.Supports006() {
		s.format.Enable()
	} else {
		s.format.Disable()
	}
	s.showRow(lang.L("Format"), kind.Supports006())
	setHint(s.serviceHint, serviceHelp(kind, s.is006()), false)

	roles := []string{roleLabel(token.RolePublisher), roleLabel(token.RoleSubscriber)}
	if s.is006() {
		roles = append(roles, roleLabel(token.RoleAttendee), roleLabel(token.RoleAdmin))
	}
	if !slices.Equal(s.role.Options, roles) {
		s.role.Options = roles
		if !slices.Contains(roles, s.role.Selected) {
			s.role.Selected = roleLabel(token.RolePublisher)
		}
		s.role.Refresh()
	}

	channel, uid, userID, room := s.inputs()
	s.showRow(lang.L("Channel"), channel)
	s.showRow(lang.L("User"), uid)
	s.showRow(lang.L("User ID"), userID)
	s.showRow(lang.L("Room"), room)
	s.showRow(lang.L("Classroom role"), room)
	s.showRow(lang.L("Role"), s.usesRole())
	s.showRow(lang.L("Privileges last"), !s.is006() && kind != token.KindFPA)
	s.showRow(lang.L("Per privilege"), s.usesRTCPrivileges())
	s.showRow(lang.L("Restored"), s.kept006 != nil || s.keptRTM2 != nil)
	s.updateKept()
	switch {
	case kind == token.KindRTCRTM:
		s.userID.SetPlaceHolder(lang.L("RTM user ID; empty uses the account"))
	case s.is006() && kind == token.KindRTM:
		s.userID.SetPlaceHolder(lang.L("RTM user ID"))
	default:
		s.userID.SetPlaceHolder(lang.L("User ID"))
	}
	if s.isCustomExpiry() {
		s.customExpiry.Show()
	} else {
		s.customExpiry.Hide()
	}
	switch {
	case s.is006():
		setHint(s.expiryHint, lang.L("A 006 token itself always lives 24 hours; this is how long its privileges last."), false)
	case kind == token.KindFPA:
		setHint(s.expiryHint, "", false)
	default:
		if v, err := s.lifetime(); err == nil && v > token.MaxLifetime {
			setHint(s.expiryHint, lang.L("Agora caps tokens at 24 hours: the token stops working 24 hours after it was issued."), true)
		} else {
			setHint(s.expiryHint, "", false)
		}
	}

	firstProblem := ""
	for _, e := range s.checkedEntries() {
		err := e.Validate()
		hint := s.hints[e]
		if err != nil && firstProblem == "" {
			firstProblem = s.problemText(e, err)
		}
		if err != nil && (s.touched[e] || e.Text != "") {
			setHint(hint, sentence(err), true)
		} else if e != s.certificate {
			setHint(hint, "", false)
		}
	}
	s.updateCertificateHint()
	if v, err := parseIssuedAt(s.issuedAt.Text); err == nil {
		setHint(s.hints[s.issuedAt], lang.L("Issued {{.Time}}.", map[string]any{"Time": localTime(unixTime(int64(v)))}), false)
	}
	if firstProblem == "" {
		if _, err := s.formSpec(); err != nil {
			firstProblem = sentence(err)
		}
	}
	if firstProblem != "" {
		s.buildButton.Disable()
		s.problem.SetText(firstProblem)
		return
	}
	s.buildButton.Enable()
	s.problem.SetText("")
}

func (s *buildScreen) showRow(label string, visible bool) {
	r := s.rows[label]
	for _, o := range r {
		if visible {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// checkedEntries lists the entries that are shown, in the order of the form.
func (s *buildScreen) checkedEntries() []*widget.Entry {
	out := []*widget.Entry{s.appID, s.certificate}
	channel, uid, userID, room := s.inputs()
	if channel {
		out = append(out, s.channel)
	}
	if uid {
		out = append(out, s.user)
	}
	if userID {
		out = append(out, s.userID)
	}
	if room {
		out = append(out, s.room, s.apaasRole)
	}
	if s.isCustomExpiry() {
		out = append(out, s.customExpiry)
	}
	if !s.is006() && s.kind() != token.KindFPA {
		out = append(out, s.privilegeExpire)
	}
	if s.usesRTCPrivileges() {
		out = append(out, s.joinExpire, s.audioExpire, s.videoExpire, s.dataExpire)
	}
	return append(out, s.issuedAt, s.salt)
}

// problemText says what stops the build, naming the field.
func (s *buildScreen) problemText(e *widget.Entry, err error) string {
	if e.Text == "" {
		switch e {
		case s.appID:
			return lang.L("Choose a project or type an App ID to build.")
		case s.certificate:
			return lang.L("Type the App Certificate to build.")
		case s.channel:
			return lang.L("Type a channel name to build.")
		case s.user:
			return lang.L("Type a uid (0 for any user) or an account to build.")
		case s.userID:
			return lang.L("Type a user ID to build.")
		case s.room:
			return lang.L("Type a room UUID to build.")
		}
	}
	for label, r := range s.rows {
		if slices.Contains(fieldEntries(r[1]), e) {
			return lang.L("{{.Field}}: {{.Problem}}", map[string]any{"Field": label, "Problem": sentence(err)})
		}
	}
	return sentence(err)
}

// fieldEntries finds the entries inside a form row.
func fieldEntries(o fyne.CanvasObject) []*widget.Entry {
	switch v := o.(type) {
	case *widget.Entry:
		return []*widget.Entry{v}
	case *fyne.Container:
		var out []*widget.Entry
		for _, c := range v.Objects {
			out = append(out, fieldEntries(c)...)
		}
		return out
	}
	return nil
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

// Validators. Each uses the token package's rules and names the field in its message.

func (s *buildScreen) validateChannel(text string) error { return token.ValidateChannel(text) }

func (s *buildScreen) validateUser(text string) error {
	if s.isAccount() {
		return token.ValidateAccount(text)
	}
	_, err := token.ParseUID(text)
	return err
}

func (s *buildScreen) validateUserID(text string) error {
	if text == "" && s.kind() == token.KindRTCRTM {
		if s.isAccount() && s.user.Text != "" {
			return nil
		}
		return errors.New(lang.L("an rtc+rtm token needs a user ID to log in to RTM, or an account to use as one"))
	}
	return renamed(token.ValidateAccount(text), fieldUserID)
}

func (s *buildScreen) validateRoom(text string) error {
	return renamed(token.ValidateAccount(text), fieldRoom)
}

func (s *buildScreen) validateAPaaSRole(text string) error {
	if _, err := strconv.ParseInt(text, 10, 16); err != nil {
		return errors.New(lang.L("the classroom role is a whole number, such as 1 for a teacher or 2 for a student"))
	}
	return nil
}

func (s *buildScreen) validateCustomExpiry(text string) error {
	v, err := parseLifetime(text)
	if err == nil && v == 0 && !s.is006() {
		return errors.New(lang.L("a token that lives 0 seconds has expired before it is used"))
	}
	return err
}

func (s *buildScreen) validateOptionalLifetime(text string) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	_, err := parseLifetime(text)
	return err
}

func (s *buildScreen) validateIssuedAt(text string) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	_, err := parseIssuedAt(text)
	return err
}

func (s *buildScreen) validateSalt(text string) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	_, err := parseSalt(text)
	return err
}

// lifetime is the lifetime chosen under "Expires after", in seconds.
func (s *buildScreen) lifetime() (uint32, error) {
	for _, p := range expiryPresets {
		if lifetimeText(p.seconds) == s.expiry.Selected || p.label == s.expiry.Selected {
			return p.seconds, nil
		}
	}
	return parseLifetime(s.customExpiry.Text)
}

// optionalLifetime reads an advanced lifetime, which falls back to def when empty.
func optionalLifetime(e *widget.Entry, def uint32) (uint32, error) {
	if strings.TrimSpace(e.Text) == "" {
		return def, nil
	}
	return parseLifetime(e.Text)
}

// formSpec reads the form into a spec. Issue time and salt stay zero when their fields are
// empty: a build stamps them.
func (s *buildScreen) formSpec() (token.Spec, error) {
	spec := token.Spec{Format: s.format.Selected, Kind: s.kind(), AppID: strings.TrimSpace(s.appID.Text)}
	channel, uid, userID, room := s.inputs()
	if channel {
		spec.Channel = s.channel.Text
	}
	if uid {
		if s.isAccount() {
			spec.Account = s.user.Text
		} else {
			v, err := token.ParseUID(s.user.Text)
			if err != nil {
				return spec, err
			}
			spec.UID = v
		}
	}
	if userID {
		spec.UserID = s.userID.Text
	}
	if room {
		spec.RoomUUID = s.room.Text
		v, err := strconv.ParseInt(s.apaasRole.Text, 10, 16)
		if err != nil {
			return spec, s.validateAPaaSRole(s.apaasRole.Text)
		}
		spec.APaaSRole = int16(v)
	}
	spec.Role = token.RolePublisher
	if s.usesRole() {
		r, err := roleFromLabel(s.role.Selected)
		if err != nil {
			return spec, err
		}
		spec.Role = r
	}
	lifetime, err := s.lifetime()
	if err != nil {
		return spec, err
	}
	if s.is006() {
		spec.Expire, spec.PrivilegeExpire = token.Lifetime006, lifetime
		spec.Privileges006 = slices.Clone(s.kept006)
	} else {
		spec.Expire = lifetime
		if spec.PrivilegeExpire, err = optionalLifetime(s.privilegeExpire, lifetime); err != nil {
			return spec, err
		}
	}
	if s.usesRTCPrivileges() && s.perPrivilegeSet() {
		var p token.PrivilegeExpires
		for _, f := range []struct {
			e *widget.Entry
			v *uint32
		}{{s.joinExpire, &p.Join}, {s.audioExpire, &p.Audio}, {s.videoExpire, &p.Video}, {s.dataExpire, &p.Data}} {
			if *f.v, err = optionalLifetime(f.e, spec.PrivilegeExpire); err != nil {
				return spec, err
			}
		}
		spec.PerPrivilege = &p
	}
	if spec.Kind == token.KindRTM2 {
		spec.RTM2 = s.keptRTM2
	}
	if strings.TrimSpace(s.issuedAt.Text) != "" {
		if spec.IssuedAt, err = parseIssuedAt(s.issuedAt.Text); err != nil {
			return spec, err
		}
	}
	if strings.TrimSpace(s.salt.Text) != "" {
		if spec.Salt, err = parseSalt(s.salt.Text); err != nil {
			return spec, err
		}
	}
	return spec, spec.Validate()
}

func (s *buildScreen) perPrivilegeSet() bool {
	for _, e := range []*widget.Entry{s.joinExpire, s.audioExpire, s.videoExpire, s.dataExpire} {
		if strings.TrimSpace(e.Text) != "" {
			return true
		}
	}
	return false
}

// onBuild builds the token the form describes, shows it and saves it to history.
func (s *buildScreen) onBuild() {
	spec, err := s.formSpec()
	if err != nil {
		s.problem.SetText(sentence(err))
		return
	}
	now := s.ui.deps.now()
	if strings.TrimSpace(s.issuedAt.Text) == "" {
		unix := now.Unix()
		if unix < 0 || unix > 0xFFFFFFFF {
			s.problem.SetText(lang.L("The clock of this computer is outside the years a token can hold (1970 to 2106)."))
			return
		}
		spec.IssuedAt = uint32(unix)
	}
	if strings.TrimSpace(s.salt.Text) == "" {
		if spec.Salt, err = s.ui.deps.salt(); err != nil {
			s.ui.showError(err)
			return
		}
	}
	certificate := strings.TrimSpace(s.certificate.Text)
	text, err := spec.Build(certificate)
	if err != nil {
		s.problem.SetText(sentence(err))
		return
	}
	s.showResult(spec, text)
	s.ui.remindBeforeExpiry(spec, text)
	s.remember(spec, text, certificate)
}

// remember keeps a typed certificate for this session and adds the build to history, off
// the UI goroutine.
func (s *buildScreen) remember(spec token.Spec, text, certificate string) {
	typed := s.certificateSource == certificateTyped
	project := s.projectLabel(spec.AppID)
	entry := store.Entry{Spec: spec, Project: project, Token: text, CreatedAt: s.ui.deps.now()}
	s.saved.SetText(lang.L("Saving to history…"))
	s.ui.background(func() {
		if typed {
			if err := s.ui.deps.Certificates.SetSession(spec.AppID, certificate); err != nil {
				fyne.LogError("keeping the certificate for this session", err)
			}
		}
		err := s.ui.deps.History.Add(&entry)
		fyne.Do(func() {
			if s.builtToken != text {
				return
			}
			if err != nil {
				fyne.LogError("saving to history", err)
				s.saved.SetText(lang.L("Not saved to history: {{.Reason}}", map[string]any{"Reason": sentence(err)}))
				return
			}
			s.saved.SetText(lang.L("Saved to history."))
			s.ui.history.reload()
		})
	})
}

func (s *buildScreen) projectLabel(appID string) string {
	for _, p := range s.projects {
		if p.AppID == appID {
			return p.Label
		}
	}
	return ""
}

// resultUI makes the card that shows a built token.
func (s *buildScreen) resultUI() fyne.CanvasObject {
	s.status = newBadge()
	s.tokenOutput = widget.NewLabel("")
	s.tokenOutput.TextStyle = fyne.TextStyle{Monospace: true}
	s.tokenOutput.Wrapping = fyne.TextWrapBreak
	s.tokenOutput.Selectable = true
	s.copyButton = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), s.onCopy)
	s.copyButton.Importance = widget.HighImportance
	s.copyNote = widget.NewLabel("")
	s.copyNote.Importance = widget.SuccessImportance
	s.openInDecode = widget.NewButtonWithIcon(lang.L("Open in Decode"), theme.SearchIcon(), s.onOpenInDecode)
	s.length = widget.NewLabel("")
	s.expires = widget.NewLabel("")
	s.countdown = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.issued = widget.NewLabel("")
	s.builtFor = widget.NewLabel("")
	s.builtFor.Wrapping = fyne.TextWrapWord
	s.saved = widget.NewLabel("")

	v := fyne.CurrentApp().Settings().ThemeVariant()
	tokenBg := canvas.NewRectangle(theme.Current().Color(theme.ColorNameInputBackground, v))
	tokenBg.CornerRadius = theme.InputRadiusSize()
	tokenBox := container.NewStack(tokenBg, container.NewPadded(s.tokenOutput))

	s.builtSalt = widget.NewLabel("")
	details := container.New(layout.NewFormLayout(),
		dimLabel(lang.L("Expires")), container.NewVBox(s.expires, s.countdown),
		dimLabel(lang.L("Issued")), s.issued,
		dimLabel(lang.L("Salt")), s.builtSalt,
		dimLabel(lang.L("Length")), s.length,
		dimLabel(lang.L("For")), s.builtFor,
	)
	s.copyNote.Wrapping = fyne.TextWrapWord
	s.copyNote.Hide()
	title := container.NewBorder(nil, nil, heading(lang.L("Token")), s.status)
	s.qrButton = newQRButton(s.onShowQR)
	actions := container.NewHBox(s.copyButton, s.qrButton, s.openInDecode)
	return container.NewVScroll(spaced(title, tokenBox, actions, s.copyNote, widget.NewSeparator(), details, s.saved))
}

// dimLabel names a value in a form layout.
func dimLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{})
}

// showResult puts a built token in the result card and starts its countdown.
func (s *buildScreen) showResult(spec token.Spec, text string) {
	if s.resultCard == nil {
		s.resultCard = s.resultUI()
	}
	s.resultBox.Objects = []fyne.CanvasObject{s.resultCard}
	s.resultBox.Refresh()
	s.built, s.builtToken = spec, text
	s.tokenOutput.SetText(text)
	s.length.SetText(lang.N("{{.Count}} characters", len(text), map[string]any{"Count": len(text)}))
	expiresAt := specExpiresAt(&spec)
	s.expires.SetText(localTime(expiresAt))
	s.issued.SetText(localTime(unixTime(int64(spec.IssuedAt))))
	s.builtSalt.SetText(strconv.FormatUint(uint64(spec.Salt), 10))
	s.builtFor.SetText(describeSpec(&spec))
	s.copyNote.Hide()
	s.resetCopyButton()
	s.tick()
	s.resultBox.Refresh()
	if s.stopCountdown != nil {
		s.stopCountdown()
	}
	s.stopCountdown = s.ui.every(time.Second, s.tick)
}

// tick updates the countdown; it stops the ticker once the token has expired.
func (s *buildScreen) tick() {
	if s.builtToken == "" {
		return
	}
	now := s.ui.deps.now()
	expiresAt := specExpiresAt(&s.built)
	s.countdown.SetText(countdown(now, expiresAt))
	left := expiresAt.Sub(now)
	switch {
	case left <= 0:
		s.status.set(lang.L("Expired"), theme.ColorNameError)
		s.countdown.Importance = widget.DangerImportance
		if s.stopCountdown != nil {
			s.stopCountdown()
			s.stopCountdown = nil
		}
	case left <= token.SoonWindow:
		s.status.set(lang.L("Expires soon"), theme.ColorNameWarning)
		s.countdown.Importance = widget.WarningImportance
	default:
		s.status.set(lang.L("Valid"), theme.ColorNameSuccess)
		s.countdown.Importance = widget.MediumImportance
	}
	s.countdown.Refresh()
}

// describeSpec says in one line who and what a token is for.
func describeSpec(s *token.Spec) string {
	parts := []string{kindLabel(s.Kind) + " · " + formatName(s)}
	if s.Channel != "" {
		parts = append(parts, lang.L("channel {{.Channel}}", map[string]any{"Channel": strconv.Quote(s.Channel)}))
	}
	if u := specUser(s); u != "" {
		parts = append(parts, u)
	}
	if s.RoomUUID != "" {
		parts = append(parts, lang.L("room {{.Room}}", map[string]any{"Room": strconv.Quote(s.RoomUUID)}))
	}
	switch s.Kind {
	case token.KindRTC, token.KindRTCRTM, token.KindFCDN, token.KindConvoAI, token.KindSTT:
		if s.PerPrivilege == nil && s.Privileges006 == nil {
			parts = append(parts, roleLabel(s.Role))
		}
	}
	return strings.Join(parts, " · ")
}

func formatName(s *token.Spec) string {
	if s.Is006() {
		return token.Version006
	}
	return token.Version007
}

func (s *buildScreen) onCopy() {
	if s.builtToken == "" {
		return
	}
	note := s.ui.copyToClipboard(s.builtToken)
	s.copyButton.SetText(lang.L("Copied"))
	s.copyButton.SetIcon(theme.ConfirmIcon())
	s.copyButton.Importance = widget.SuccessImportance
	s.copyButton.Refresh()
	s.copyNote.SetText(note)
	s.copyNote.Show()
	s.copySeq++
	seq := s.copySeq
	s.ui.after(copiedFor, func() {
		if seq == s.copySeq {
			s.resetCopyButton()
		}
	})
}

func (s *buildScreen) resetCopyButton() {
	s.copyButton.SetText(lang.L("Copy"))
	s.copyButton.SetIcon(theme.ContentCopyIcon())
	s.copyButton.Importance = widget.HighImportance
	s.copyButton.Refresh()
}

func (s *buildScreen) onOpenInDecode() {
	if s.builtToken != "" {
		s.ui.openInDecode(s.builtToken)
	}
}

// Projects and certificates.

// setProjects fills the project menu, keeping the selection when it is still there.
func (s *buildScreen) setProjects(projects []store.Project) {
	s.projects = projects
	labels := make([]string, len(projects))
	for i, p := range projects {
		labels[i] = projectOption(p)
	}
	selected := s.projectSelect.Selected
	s.loading = true
	s.projectSelect.SetOptions(labels)
	if !slices.Contains(labels, selected) {
		s.projectSelect.ClearSelected()
	}
	s.loading = false
	s.updateProjectButtons()
}

func projectOption(p store.Project) string {
	return p.Label + "  ·  " + p.AppID[:min(len(p.AppID), 8)] + "…"
}

func (s *buildScreen) selectedProject() (store.Project, bool) {
	i := s.projectSelect.SelectedIndex()
	if i < 0 || i >= len(s.projects) {
		return store.Project{}, false
	}
	return s.projects[i], true
}

func (s *buildScreen) updateProjectButtons() {
	if _, ok := s.selectedProject(); ok {
		s.editProject.Enable()
	} else {
		s.editProject.Disable()
	}
}

// onProjectSelected fills the App ID, the project's defaults and its certificate.
func (s *buildScreen) onProjectSelected(string) {
	s.updateProjectButtons()
	p, ok := s.selectedProject()
	if !ok || s.loading {
		return
	}
	fyne.CurrentApp().Preferences().SetString(prefLastProject, p.AppID)
	s.loading = true
	s.appID.SetText(p.AppID)
	if p.Service != "" {
		s.service.SetSelected(kindLabel(p.Service))
	}
	if p.Format != "" {
		s.format.SetSelected(p.Format)
	}
	if p.Role != 0 || p.Service != "" {
		s.role.SetSelected(roleLabel(p.Role))
	}
	if p.Expire != 0 {
		s.setLifetime(p.Expire)
	}
	s.loading = false
	s.onAppIDChanged()
	s.update()
}

// onAppIDChanged keeps the project menu in step with the App ID and fetches its
// certificate from the keychain.
func (s *buildScreen) onAppIDChanged() {
	appID := strings.TrimSpace(s.appID.Text)
	if p, ok := s.selectedProject(); ok && p.AppID != appID {
		s.loading = true
		s.projectSelect.ClearSelected()
		s.loading = false
		s.updateProjectButtons()
	}
	if _, ok := s.selectedProject(); !ok {
		if i := slices.IndexFunc(s.projects, func(p store.Project) bool { return p.AppID == appID }); i >= 0 {
			s.loading = true
			s.projectSelect.SetSelectedIndex(i)
			s.loading = false
			s.updateProjectButtons()
		}
	}
	if s.certificateSource == certificateKeychain {
		s.setCertificate("", certificateKeychain)
	}
	s.lookupSeq++
	if token.ValidateAppID(appID) != nil {
		return
	}
	seq := s.lookupSeq
	s.ui.background(func() {
		cert, err := s.ui.deps.Certificates.Get(appID)
		fyne.Do(func() {
			if seq != s.lookupSeq {
				return
			}
			s.onCertificateFound(cert, err)
		})
	})
}

func (s *buildScreen) onCertificateFound(cert string, err error) {
	s.keychainProblem = nil
	switch {
	case err == nil:
		if s.certificate.Text == "" || s.certificateSource == certificateKeychain {
			s.setCertificate(cert, certificateKeychain)
		}
	case isNotFound(err):
	default:
		s.keychainProblem = err
		if !isKeychainUnavailable(err) {
			fyne.LogError("reading the certificate", err)
		}
	}
	s.update()
}

func (s *buildScreen) setCertificate(cert string, source int) {
	s.loading = true
	s.certificate.SetText(cert)
	s.loading = false
	s.certificateSource = source
	if cert != "" {
		s.touched[s.certificate] = true
	}
}

// updateCertificateHint says where the certificate comes from, or what is wrong with it.
func (s *buildScreen) updateCertificateHint() {
	err := token.ValidateCertificate(s.certificate.Text)
	switch {
	case s.certificate.Text != "" && err != nil:
		setHint(s.certificateHint, sentence(err), true)
	case s.certificateSource == certificateKeychain && s.certificate.Text != "":
		setHint(s.certificateHint, lang.L("From the keychain for this App ID."), false)
	case s.keychainProblem != nil:
		setHint(s.certificateHint, lang.L("The keychain could not be read: {{.Reason}} A certificate typed here is used for this session only.",
			map[string]any{"Reason": sentence(s.keychainProblem)}), true)
	case s.certificate.Text != "":
		setHint(s.certificateHint, lang.L("Used for this session only; add a project to keep it in the keychain."), false)
	case token.ValidateAppID(strings.TrimSpace(s.appID.Text)) == nil:
		setHint(s.certificateHint, lang.L("No certificate is saved for this App ID: type it here, or save it with a project."), false)
	default:
		setHint(s.certificateHint, "", false)
	}
}

// setLifetime selects the preset for seconds, or Custom with the value.
func (s *buildScreen) setLifetime(seconds uint32) {
	for _, p := range expiryPresets {
		if p.seconds == seconds {
			s.expiry.SetSelected(lifetimeText(p.seconds))
			s.customExpiry.SetText("")
			return
		}
	}
	s.expiry.SetSelected(customLabel())
	s.customExpiry.SetText(strconv.FormatUint(uint64(seconds), 10))
}

// applySettings sets the form's defaults from the settings.
func (s *buildScreen) applySettings(v store.Settings) {
	s.loading = true
	if v.DefaultService != "" {
		s.service.SetSelected(kindLabel(v.DefaultService))
	}
	if v.DefaultFormat != "" {
		s.format.SetSelected(v.DefaultFormat)
	}
	if v.DefaultExpire != 0 {
		s.setLifetime(v.DefaultExpire)
	}
	s.loading = false
	s.update()
}

// selectProjectByAppID selects the project of an App ID, as the user would.
func (s *buildScreen) selectProjectByAppID(appID string) {
	if i := slices.IndexFunc(s.projects, func(p store.Project) bool { return p.AppID == appID }); i >= 0 {
		s.projectSelect.SetSelectedIndex(i)
	}
}

// loadSpec fills the form from a spec, so that Build gives the very token the spec
// describes when exact is set, or the same inputs with a new issue time and salt when not.
func (s *buildScreen) loadSpec(spec token.Spec, exact bool) {
	s.loading = true
	if i := slices.IndexFunc(s.projects, func(p store.Project) bool { return p.AppID == spec.AppID }); i >= 0 {
		s.projectSelect.SetSelectedIndex(i)
	} else {
		s.projectSelect.ClearSelected()
	}
	s.appID.SetText(spec.AppID)
	s.service.SetSelected(kindLabel(spec.Kind))
	s.format.SetSelected(formatName(&spec))
	s.channel.SetText(spec.Channel)
	if spec.Account != "" {
		s.identity.SetSelected(identityLabel(identityAccount))
		s.user.SetText(spec.Account)
	} else {
		s.identity.SetSelected(identityLabel(identityUID))
		s.user.SetText(strconv.FormatUint(uint64(spec.UID), 10))
	}
	s.userID.SetText(spec.UserID)
	s.room.SetText(spec.RoomUUID)
	s.apaasRole.SetText(strconv.Itoa(int(spec.APaaSRole)))
	s.role.SetSelected(roleLabel(spec.Role))
	if spec.Is006() {
		s.setLifetime(spec.PrivilegeExpire)
		s.privilegeExpire.SetText("")
	} else {
		s.setLifetime(spec.Expire)
		if spec.PrivilegeExpire != spec.Expire {
			s.privilegeExpire.SetText(strconv.FormatUint(uint64(spec.PrivilegeExpire), 10))
		} else {
			s.privilegeExpire.SetText("")
		}
	}
	perPrivilege := []*widget.Entry{s.joinExpire, s.audioExpire, s.videoExpire, s.dataExpire}
	for _, e := range perPrivilege {
		e.SetText("")
	}
	if p := spec.PerPrivilege; p != nil {
		for i, v := range []uint32{p.Join, p.Audio, p.Video, p.Data} {
			perPrivilege[i].SetText(strconv.FormatUint(uint64(v), 10))
		}
	}
	s.issuedAt.SetText("")
	s.salt.SetText("")
	if exact {
		s.issuedAt.SetText(strconv.FormatUint(uint64(spec.IssuedAt), 10))
		s.salt.SetText(strconv.FormatUint(uint64(spec.Salt), 10))
	}
	s.kept006 = slices.Clone(spec.Privileges006)
	s.keptRTM2 = slices.Clone(spec.RTM2)
	s.loading = false
	for e := range s.hints {
		s.touched[e] = e.Text != ""
	}
	if exact || spec.PerPrivilege != nil || s.privilegeExpire.Text != "" || s.kept006 != nil || s.keptRTM2 != nil {
		s.advanced.Open(0)
	}
	s.onIdentityChanged()
	s.onAppIDChanged()
	s.update()
}

// updateKept describes what a loaded token brought that the form has no field for.
func (s *buildScreen) updateKept() {
	var parts []string
	if s.kept006 != nil && s.is006() {
		names := make([]string, len(s.kept006))
		for i, p := range s.kept006 {
			when := lang.L("no expiry of its own")
			if p.Value != 0 {
				when = lang.L("until {{.Time}}", map[string]any{"Time": localTime(unixTime(int64(p.Value)))})
			}
			names[i] = token.PrivilegeName006(p.ID) + " " + when
		}
		parts = append(parts, lang.L("The 006 privileges, as written in the token (they replace role and expiry): {{.List}}.",
			map[string]any{"List": strings.Join(names, "; ")}))
	}
	if s.keptRTM2 != nil && s.kind() == token.KindRTM2 {
		parts = append(parts, lang.N("The token's RTM2 permissions on {{.Count}} resource types.", len(s.keptRTM2),
			map[string]any{"Count": len(s.keptRTM2)}))
	}
	s.kept.SetText(strings.Join(parts, "\n"))
	if len(parts) == 0 {
		s.showRow(lang.L("Restored"), false)
	}
}

func (s *buildScreen) onForgetKept() {
	s.kept006, s.keptRTM2 = nil, nil
	s.update()
}
