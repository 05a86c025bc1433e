package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/explain"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// maxCandidateButtons caps the recovered uids offered as buttons; a CRC rarely has more.
const maxCandidateButtons = 6

// decodeScreen shows what is in a pasted token and what is wrong with it.
type decodeScreen struct {
	ui *UI

	input       *tokenInput
	status      *badge
	summary     *widget.Label
	loadButton  *widget.Button
	clearButton *widget.Button
	qrButton    *widget.Button
	// compareButton opens the comparison with a second token; backButton returns from a
	// token opened out of an explanation.
	compareButton *widget.Button
	backButton    *widget.Button

	body        *fyne.Container
	placeholder fyne.CanvasObject
	failure     fyne.CanvasObject
	errorText   *widget.Label
	details     fyne.CanvasObject
	explainView fyne.CanvasObject
	explainBox  *fyne.Container
	compare     *compareView

	version *widget.Label
	appID   *widget.Label
	issued  *widget.Label
	expires *widget.Label
	// expiresTitle is "Expires", or "Join allowed until" for a 006 token, whose join
	// privilege ends its use long before its 24-hour ts.
	expiresTitle *widget.Label
	countdown    *widget.Label
	lifetime     *widget.Label
	salt         *widget.Label
	timeline     *timeline
	services     *fyne.Container

	signature       *widget.Label
	signatureIcon   *widget.Icon
	certificate     *widget.Entry
	saveCertificate *widget.Check
	certificateNote *widget.Label
	certificateBox  *fyne.Container

	box006        *fyne.Container
	channel006    *widget.Entry
	uid006        *widget.Entry
	channelLabel  *widget.Label
	uidRow        *fyne.Container
	channelMatch  *widget.Label
	uidMatch      *widget.Label
	candidates    *fyne.Container
	candidateNote *widget.Label
	recovered     []uint32

	findings     *fyne.Container
	lastFindings []shownFinding

	text   string // the cleaned token on show
	parsed *token.Parsed
	// explained is what the pasted text holds, when it is more than a token.
	explained *explain.Result
	// explainSeq counts explanations, so that a late signature check of an older one is dropped.
	explainSeq int
	// textContext is what the pasted text says the client did with the token on show: its
	// App ID, channel and uid or account (a join URL's channel= and uid=).
	textContext   token.Context
	project       string
	stored        string // the App ID's certificate from the keychain; never shown
	secondary     string // the App ID's secondary certificate from the keychain; never shown
	savedFor      string // App ID whose typed certificate was saved
	lookupSeq     int
	visible       bool
	stopCountdown func()
}

func newDecodeScreen(u *UI) *decodeScreen { return &decodeScreen{ui: u} }

func (s *decodeScreen) buildUI() fyne.CanvasObject {
	// Fields, not setters: a setter draws the field, and loads the monospace fonts, before
	// the screen is opened (see unopened). A token input shows three rows by default.
	s.input = newTokenInput()
	s.input.PlaceHolder = lang.L("Paste a token here, or anything that holds tokens or Agora errors: a log, JSON, a join URL, an error message.")
	s.input.TextStyle = fyne.TextStyle{Monospace: true}
	s.input.Wrapping = fyne.TextWrapBreak
	s.input.OnChanged = s.onInputChanged

	s.status = newBadge()
	s.status.Hide()
	s.summary = widget.NewLabel("")
	s.summary.Truncation = fyne.TextTruncateEllipsis
	s.loadButton = widget.NewButtonWithIcon(lang.L("Load into Build"), theme.DocumentCreateIcon(), s.onLoadIntoBuild)
	s.loadButton.Disable()
	s.clearButton = widget.NewButtonWithIcon(lang.L("Clear"), theme.ContentClearIcon(), func() { s.input.SetText("") })
	s.qrButton = newQRButton(s.onShowQR)
	s.qrButton.Disable()
	s.compareButton = widget.NewButtonWithIcon(lang.L("Compare with…"), theme.ContentCopyIcon(), s.onCompare)
	s.compareButton.Disable()
	s.backButton = widget.NewButtonWithIcon(lang.L("Back to the explanation"), theme.NavigateBackIcon(), s.onBackToExplanation)
	s.backButton.Hide()
	bar := container.NewBorder(nil, nil, s.status,
		container.NewHBox(s.backButton, s.compareButton, s.loadButton, s.qrButton, s.clearButton), s.summary)

	placeholder := widget.NewLabelWithStyle(lang.L("Paste a token, a log or an error above: tokens are decoded as you type, checked and explained, and Agora errors with them."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	s.placeholder = container.NewCenter(container.NewVBox(
		container.NewCenter(minSize(widget.NewIcon(theme.SearchIcon()), fyne.NewSquareSize(48))), placeholder))

	s.errorText = widget.NewLabel("")
	s.errorText.Wrapping = fyne.TextWrapWord
	s.failure = container.NewVBox(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon()))), nil, s.errorText))

	s.details = s.detailsUI()
	s.explainView = s.explainUI()
	s.compare = newCompareView(s)
	s.body = container.NewStack(s.placeholder)
	return container.NewBorder(container.NewPadded(container.NewVBox(s.input, bar)), nil, nil, nil, s.body)
}

func (s *decodeScreen) detailsUI() fyne.CanvasObject {
	s.version = widget.NewLabel("")
	s.appID = widget.NewLabel("")
	s.appID.Selectable = true
	s.issued = widget.NewLabel("")
	s.expires = widget.NewLabel("")
	s.expiresTitle = dimLabel(lang.L("Expires"))
	s.countdown = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.lifetime = widget.NewLabel("")
	s.salt = widget.NewLabel("")
	s.timeline = newTimeline()
	s.services = container.NewVBox()
	facts := container.New(layout.NewFormLayout(),
		dimLabel(lang.L("Version")), s.version,
		dimLabel(lang.L("App ID")), s.appID,
		dimLabel(lang.L("Issued")), s.issued,
		s.expiresTitle, container.NewHBox(s.expires, s.countdown),
		dimLabel(lang.L("Lifetime")), s.lifetime,
		dimLabel(lang.L("Salt")), s.salt,
	)
	left := spaced(heading(lang.L("Token")), facts, heading(lang.L("Timeline")), s.timeline, s.services)

	s.signature = widget.NewLabel("")
	s.signature.Wrapping = fyne.TextWrapWord
	s.signatureIcon = widget.NewIcon(nil)
	s.certificate = widget.NewPasswordEntry()
	s.ui.revealButton(s.certificate)
	s.certificate.SetPlaceHolder(lang.L("App Certificate, to check the signature"))
	s.certificate.Validator = s.validateCertificate
	s.certificate.OnChanged = func(string) { s.rediagnose() }
	s.saveCertificate = widget.NewCheck(lang.L("Save it in the keychain for this App ID"), func(bool) { s.rediagnose() })
	s.certificateNote = newHint()
	s.certificateBox = container.NewVBox(s.certificate, s.saveCertificate, s.certificateNote)

	s.channel006 = widget.NewEntry()
	s.channel006.SetPlaceHolder(lang.L("The channel the client joins"))
	s.channel006.OnChanged = func(string) { s.rediagnose() }
	s.uid006 = widget.NewEntry()
	s.uid006.SetPlaceHolder(lang.L("Its uid (0 for any) or account"))
	s.uid006.OnChanged = func(string) { s.rediagnose() }
	s.channelMatch = widget.NewLabel("")
	s.uidMatch = widget.NewLabel("")
	s.channelLabel = dimLabel(lang.L("Channel"))
	s.uidRow = container.NewBorder(nil, nil, nil, s.uidMatch, s.uid006)
	s.candidateNote = widget.NewLabel("")
	s.candidateNote.Wrapping = fyne.TextWrapWord
	// Every candidate button gets the size of the widest uid, so they line up and wrap.
	s.candidates = container.NewGridWrap(widget.NewButton(useUIDLabel("4294967295"), nil).MinSize())
	note006 := noteLabel(lang.L("A 006 token keeps only CRC32 checksums of its channel and uid: type them to check."))
	s.box006 = container.NewVBox(heading(lang.L("Channel and uid (006)")), note006,
		container.New(layout.NewFormLayout(),
			s.channelLabel, container.NewBorder(nil, nil, nil, s.channelMatch, s.channel006),
			dimLabel(lang.L("User")), s.uidRow),
		s.candidateNote, s.candidates)

	s.findings = container.NewVBox()
	signature := container.NewBorder(nil, nil, container.NewVBox(s.signatureIcon), nil, s.signature)
	right := spaced(heading(lang.L("Signature")), signature, s.certificateBox, s.box006, heading(lang.L("Diagnosis")), s.findings)

	split := container.NewHSplit(container.NewVScroll(container.NewPadded(left)), container.NewVScroll(container.NewPadded(right)))
	split.Offset = 0.52
	return split
}

func (s *decodeScreen) validateCertificate(text string) error {
	if text == "" {
		return nil
	}
	if err := token.ValidateCertificate(text); err != nil {
		return errors.New(sentence(err))
	}
	return nil
}

func (s *decodeScreen) show(o fyne.CanvasObject) {
	if len(s.body.Objects) == 1 && s.body.Objects[0] == o {
		return
	}
	s.body.Objects = []fyne.CanvasObject{o}
	s.body.Refresh()
}

// onInputChanged decodes what is in the paste area, as it is typed or pasted.
func (s *decodeScreen) onInputChanged(text string) {
	clean := token.Clean(text)
	if clean == s.text && (s.parsed != nil || clean == "") {
		return
	}
	s.text = clean
	s.parsed = nil
	s.explained = nil
	s.textContext = token.Context{}
	s.lastFindings = nil
	s.stopTicker()
	s.backButton.Hide()
	if clean == "" {
		s.status.set("", "")
		s.summary.SetText("")
		s.loadButton.Disable()
		s.qrButton.Disable()
		s.compareButton.Disable()
		s.show(s.placeholder)
		return
	}
	p, err := token.Parse(clean)
	if err != nil {
		if s.explainText(text) {
			return
		}
		s.status.set(lang.L("Not a token"), theme.ColorNameError)
		s.summary.SetText("")
		s.loadButton.Disable()
		s.qrButton.Disable()
		s.compareButton.Disable()
		if looksLikeAToken(text, clean) {
			s.errorText.SetText(decodeFailure(err))
		} else {
			s.errorText.SetText(lang.L("Nothing here that TokenDesk recognises: no 006 or 007 token, and none of the {{.Count}} token-related Agora errors it knows.",
				map[string]any{"Count": len(explain.Catalog())}))
		}
		s.show(s.failure)
		return
	}
	s.parsed = p
	s.loadButton.Enable()
	s.qrButton.Enable()
	s.compareButton.Enable()
	s.showToken(p)
	s.show(s.details)
}

// looksLikeAToken reports whether text was meant as a token: it starts like one, or is one
// unbroken word, so that why it does not decode is worth saying.
func looksLikeAToken(text, clean string) bool {
	return strings.HasPrefix(clean, token.Version006) || strings.HasPrefix(clean, token.Version007) ||
		!strings.ContainsAny(strings.TrimSpace(text), " \t\r\n")
}

// decodeFailure explains why text is not a token, in a sentence and a suggestion.
func decodeFailure(err error) string {
	msg := joinSentences(lang.L("This is not a token TokenDesk can read."), sentence(err)) + "\n"
	if errors.Is(err, token.ErrUnsupportedVersion) {
		msg += lang.L("Agora access tokens start with 006 or 007; a token starting with 005 or older is not supported.")
	} else {
		msg += lang.L("Check that the whole token was copied: tokens are often cut short when pasted from chat or logs.")
	}
	return msg
}

// showToken fills the fields that do not change while the token is on show, and starts the
// lookups that may take time.
func (s *decodeScreen) showToken(p *token.Parsed) {
	appID := p.AppID()
	if p.V007 != nil {
		t := p.V007
		s.version.SetText("007 (AccessToken2)") // the name of Agora's builder, in every language
		s.issued.SetText(localTime(unixTime(int64(t.IssuedAt))))
		s.lifetime.SetText(lifetimeText(t.Expire))
		s.salt.SetText(strconv.FormatUint(uint64(t.Salt), 10))
		s.box006.Hide()
	} else {
		t := p.V006
		s.version.SetText("006 (AccessToken)")
		s.issued.SetText(lang.L("{{.Time}} (24 hours before expiry)", map[string]any{"Time": localTime(unixTime(t.Life().IssuedAt))}))
		s.lifetime.SetText(lang.L("24 hours, as for every 006 token: its ts is {{.Time}}", map[string]any{"Time": localTime(unixTime(int64(t.Ts)))}))
		s.salt.SetText(strconv.FormatUint(uint64(t.Salt), 10))
		s.show006(t)
	}
	if p.V006 != nil {
		s.expiresTitle.SetText(lang.L("Join allowed until"))
	} else {
		s.expiresTitle.SetText(lang.L("Expires"))
	}
	s.expires.SetText(localTime(shownEnd(p)))
	s.summary.SetText(summarize(p))
	s.showServices(p)
	s.project = ""
	s.setAppIDText(appID)

	if appID != s.savedFor {
		s.savedFor = ""
	}
	s.stored = ""
	s.certificate.SetText("")
	s.saveCertificate.SetChecked(false)
	s.lookupSeq++
	seq := s.lookupSeq
	s.secondary = ""
	s.ui.background(func() {
		project, _ := s.ui.deps.Projects.Project(appID)
		cert, err := s.ui.deps.Certificates.Get(appID)
		secondary, _ := s.ui.deps.Certificates.Get(store.SecondaryKey(appID))
		fyne.Do(func() {
			if seq != s.lookupSeq {
				return
			}
			s.project = project.Label
			s.setAppIDText(appID)
			if err == nil {
				s.stored = cert
			} else if !isNotFound(err) && !isKeychainUnavailable(err) {
				fyne.LogError("reading the certificate", err)
			}
			if token.ValidateCertificate(secondary) == nil {
				s.secondary = secondary
			}
			s.rediagnose()
		})
	})
	s.rediagnose()
	s.startTicker()
}

// startTicker runs the countdown while a token is on show and the screen is visible.
func (s *decodeScreen) startTicker() {
	if s.stopCountdown == nil && s.parsed != nil && s.visible {
		s.stopCountdown = s.ui.every(time.Second, s.onTick)
	}
}

// setVisible starts the countdown when the screen shows and stops it when it hides.
func (s *decodeScreen) setVisible(visible bool) {
	s.visible = visible
	if visible {
		s.rediagnose()
		s.startTicker()
	} else {
		s.stopTicker()
	}
}

func (s *decodeScreen) setAppIDText(appID string) {
	if s.project != "" {
		s.appID.SetText(appID + "  ·  " + s.project)
		return
	}
	s.appID.SetText(appID)
}

// summarize says in a line what a token is for.
func summarize(p *token.Parsed) string {
	if p.V006 != nil {
		if p.V006.ForRTM() {
			return lang.L("006 · RTM login")
		}
		return "006 · RTC"
	}
	t := p.V007
	names := make([]string, 0, len(t.Services))
	for _, sv := range t.Services {
		names = append(names, serviceTitle(sv.Type))
	}
	line := "007 · " + strings.Join(names, " + ")
	if rtc := t.Service(token.ServiceRTC); rtc != nil {
		line += " · " + lang.L("channel {{.Channel}}", map[string]any{"Channel": strconv.Quote(rtc.Channel)}) + " · " + uidText(rtc.UID)
	}
	return line
}

func serviceTitle(t token.ServiceType) string {
	switch t {
	case token.ServiceRTC, token.ServiceRTM, token.ServiceFPA, token.ServiceFCDN, token.ServiceSTT, token.ServiceRTM2:
		return strings.ToUpper(t.String())
	case token.ServiceAPaaS:
		return "APaaS"
	case token.ServiceConvoAI:
		return "ConvoAI"
	case token.ServiceStreaming:
		return lang.L("Streaming")
	case token.ServiceChat:
		return "Chat"
	}
	return t.String()
}

// uidText writes a token's uid string for a person: uid 0 means any user.
func uidText(uid string) string {
	switch {
	case uid == "":
		return lang.L("uid 0 (any user)")
	case token.IsNumericUID(uid):
		return lang.L("uid {{.UID}}", map[string]any{"UID": uid})
	}
	return lang.L("account {{.Account}}", map[string]any{"Account": strconv.Quote(uid)})
}

// showServices lists each service with its fields and each privilege with its expiry.
func (s *decodeScreen) showServices(p *token.Parsed) {
	s.services.RemoveAll()
	if p.V006 != nil {
		t := p.V006
		rows := []fyne.CanvasObject{}
		for _, pr := range t.Privileges {
			rows = append(rows, dimLabel(token.PrivilegeName006(pr.ID)), widget.NewLabel(privilege006Text(pr.Value)))
		}
		s.services.Add(heading(lang.L("Privileges")))
		s.services.Add(container.New(layout.NewFormLayout(), rows...))
		s.services.Add(container.New(layout.NewFormLayout(),
			dimLabel(lang.L("Channel CRC32")), monoLabel(fmt.Sprintf("%08x", t.CRCChannel)),
			dimLabel(lang.L("uid CRC32")), monoLabel(fmt.Sprintf("%08x", t.CRCUID))))
		return
	}
	t := p.V007
	for i := range t.Services {
		sv := &t.Services[i]
		rows := serviceFields(sv)
		for _, pr := range sv.Privileges {
			rows = append(rows, dimLabel(sv.Type.PrivilegeName(pr.ID)), widget.NewLabel(privilege007Text(t, pr.Value)))
		}
		s.services.Add(heading(lang.L("{{.Service}} service", map[string]any{"Service": serviceTitle(sv.Type)})))
		if len(rows) > 0 {
			s.services.Add(container.New(layout.NewFormLayout(), rows...))
		}
	}
	if t.Unknown != nil {
		l := widget.NewLabel(lang.L("Service type {{.Type}}, at byte {{.Offset}}, is unknown: nothing after it could be read.",
			map[string]any{"Type": t.Unknown.Type, "Offset": t.Unknown.Offset}))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		s.services.Add(l)
	}
}

func monoLabel(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	l.Selectable = true
	return l
}

// serviceFields are the label and value pairs a service writes besides its privileges.
func serviceFields(sv *token.Service) []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	add := func(label, value string) {
		v := widget.NewLabel(value)
		v.Selectable = true
		v.Wrapping = fyne.TextWrapBreak
		rows = append(rows, dimLabel(label), v)
	}
	for _, f := range sv.Type.Fields() {
		text := sv.FieldText(f)
		switch f {
		case token.FieldChannel:
			add(lang.L("Channel"), strconv.Quote(text))
		case token.FieldUID, token.FieldAccount:
			add(lang.L("User"), uidText(text))
		case token.FieldUserID:
			if text != "" {
				add(lang.L("User ID"), text)
			}
		case token.FieldRoomUUID:
			if text != "" {
				add(lang.L("Room"), text)
			}
		case token.FieldUserUUID:
			if text != "" {
				add(lang.L("User"), text)
			}
		case token.FieldRole:
			if text != "" {
				add(lang.L("Role"), text)
			}
		case token.FieldPermissions:
			addPermissions(sv.Permissions, add)
		}
	}
	return rows
}

// addPermissions adds a row for each RTM2 resource type and its permissions.
func addPermissions(resources []token.RTM2Resource, add func(label, value string)) {
	for _, res := range resources {
		name := lang.L("resource {{.Type}}", map[string]any{"Type": res.Type})
		if int(res.Type) < len(token.RTM2ResourceNames) {
			name = token.RTM2ResourceNames[res.Type]
		}
		var perms []string
		for _, p := range res.Permissions {
			pname := lang.L("permission {{.Type}}", map[string]any{"Type": p.Type})
			if int(p.Type) < len(token.RTM2PermissionNames) {
				pname = token.RTM2PermissionNames[p.Type]
			}
			perms = append(perms, pname+": "+strings.Join(p.Resources, ", "))
		}
		add(name, strings.Join(perms, "; "))
	}
}

func privilege007Text(t *token.Token007, value uint32) string {
	if value == 0 {
		return lang.L("0: lasts as long as the token")
	}
	return lifetimeText(value) + " · " + lang.L("until {{.Time}}", map[string]any{"Time": localTime(unixTime(int64(t.IssuedAt) + int64(value)))})
}

func privilege006Text(value uint32) string {
	if value == 0 {
		return lang.L("0: lasts as long as the token")
	}
	return lang.L("until {{.Time}}", map[string]any{"Time": localTime(unixTime(int64(value)))})
}

// timelineRows lists the token and every privilege for the timeline.
func timelineRows(p *token.Parsed) (time.Time, []timelineRow) {
	end := unixTime(p.ExpiresAt())
	rows := []timelineRow{{label: lang.L("Token"), end: end}}
	if p.V006 != nil {
		start := unixTime(p.V006.Life().IssuedAt)
		for _, pr := range p.V006.Privileges {
			rows = append(rows, timelineRow{label: token.PrivilegeName006(pr.ID), end: unixTime(int64(pr.Value)), noExpiry: pr.Value == 0})
		}
		return start, rows
	}
	t := p.V007
	start := unixTime(int64(t.IssuedAt))
	for _, sv := range t.Services {
		for _, pr := range sv.Privileges {
			rows = append(rows, timelineRow{
				label:    serviceTitle(sv.Type) + " " + sv.Type.PrivilegeName(pr.ID),
				end:      start.Add(time.Duration(pr.Value) * time.Second),
				noExpiry: pr.Value == 0,
			})
		}
	}
	return start, rows
}

// show006 prepares the channel and uid checks of a 006 token and recovers its uid
// candidates off the UI goroutine: the first recovery builds tables that take a moment.
func (s *decodeScreen) show006(t *token.Token006) {
	s.box006.Show()
	rtmOnly := t.ForRTM()
	if rtmOnly {
		s.channelLabel.SetText(lang.L("RTM user ID"))
		s.channel006.SetPlaceHolder(lang.L("The user ID that logs in"))
		s.uidRow.Hide()
	} else {
		s.channelLabel.SetText(lang.L("Channel"))
		s.channel006.SetPlaceHolder(lang.L("The channel the client joins"))
		s.uidRow.Show()
	}
	s.recovered = nil
	s.candidates.RemoveAll()
	s.candidateNote.SetText("")
	if rtmOnly {
		return
	}
	if t.CRCUID == 0 {
		s.candidateNote.SetText(lang.L("The uid is 0: any user can join with this token."))
		return
	}
	s.candidateNote.SetText(lang.L("Looking for the uid…"))
	crc, text := t.CRCUID, s.text
	s.ui.background(func() {
		uids := token.RecoverUIDs(crc)
		fyne.Do(func() {
			if s.text == text {
				s.showCandidates(uids)
			}
		})
	})
}

func (s *decodeScreen) showCandidates(uids []uint32) {
	s.recovered = uids
	s.candidates.RemoveAll()
	switch len(uids) {
	case 0:
		s.candidateNote.SetText(lang.L("No numeric uid has this checksum: the token was built for a user account, which cannot be read back."))
		return
	case 1:
		s.candidateNote.SetText(lang.L("The uid is {{.UID}}, unless the token was built for a user account.", map[string]any{"UID": uids[0]}))
	default:
		s.candidateNote.SetText(lang.L("{{.Count}} numeric uids have this checksum; the token was built for one of them, or for a user account.",
			map[string]any{"Count": len(uids)}))
	}
	for _, uid := range uids[:min(len(uids), maxCandidateButtons)] {
		text := strconv.FormatUint(uint64(uid), 10)
		s.candidates.Add(widget.NewButton(useUIDLabel(text), func() { s.uid006.SetText(text) }))
	}
}

// useUIDLabel is the button that puts a recovered uid in the uid field.
func useUIDLabel(uid string) string { return lang.L("Use {{.UID}}", map[string]any{"UID": uid}) }

// context is what the screen knows about how the token is used, for the diagnosis.
func (s *decodeScreen) context() token.Context {
	ctx := token.Context{Certificate: s.certificateInUse(), SecondaryCertificate: s.secondary,
		AppID: s.textContext.AppID, Use: s.textContext.Use}
	if s.parsed != nil && s.parsed.V007 != nil {
		ctx.Channel, ctx.UID, ctx.Account = s.textContext.Channel, s.textContext.UID, s.textContext.Account
	}
	if s.parsed != nil && s.parsed.V006 != nil {
		ctx.Channel = s.channel006.Text
		uid := strings.TrimSpace(s.uid006.Text)
		switch {
		case uid == "":
		case isUID(uid):
			ctx.UID = uid
		default:
			ctx.Account = uid
		}
		if !s.uidRow.Visible() {
			// An RTM 006 token is signed for the user ID and an empty uid.
			ctx.UID = "0"
		}
	}
	return ctx
}

func (s *decodeScreen) certificateInUse() string {
	if s.stored != "" {
		return s.stored
	}
	if token.ValidateCertificate(s.certificate.Text) == nil {
		return s.certificate.Text
	}
	return ""
}

// rediagnose re-runs the diagnosis with what is known now: the certificate, and for 006 the
// channel and uid typed.
func (s *decodeScreen) rediagnose() {
	p := s.parsed
	if p == nil {
		return
	}
	report := token.Diagnose(p, s.context(), s.ui.deps.now())
	s.showSignature(p, report)
	s.showStatus(report)
	if p.V006 != nil {
		s.showMatches(p.V006)
	}
	s.showFindings(report.Findings)
	s.tick()
}

func (s *decodeScreen) showSignature(p *token.Parsed, report token.Report) {
	if s.stored != "" {
		s.certificateBox.Hide()
	} else {
		s.certificateBox.Show()
	}
	typed := s.stored == ""
	checked := func(valid bool) string {
		switch {
		case valid && report.SignedWith == token.SignedWithSecondary:
			return lang.L("Valid: signed with the secondary certificate TokenDesk has for this App ID.")
		case valid && typed:
			return lang.L("Valid: checked with the certificate you typed.")
		case valid:
			return lang.L("Valid: checked with the App Certificate TokenDesk has for this App ID.")
		case typed:
			return lang.L("Invalid: checked with the certificate you typed.")
		}
		return lang.L("Invalid: checked with the App Certificate TokenDesk has for this App ID.")
	}
	switch report.Signature {
	case token.SignatureValid:
		s.signature.SetText(checked(true))
		s.signatureIcon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		s.maybeSaveCertificate(p.AppID())
	case token.SignatureInvalid:
		s.signature.SetText(checked(false) + " " + sentence(report.SignatureError))
		s.signatureIcon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
	default:
		s.signatureIcon.SetResource(theme.NewPrimaryThemedResource(theme.InfoIcon()))
		switch {
		case report.SignatureError != nil:
			s.signature.SetText(lang.L("Not checked: {{.Reason}}", map[string]any{"Reason": sentence(report.SignatureError)}))
		case s.certificate.Text != "" && s.stored == "":
			s.signature.SetText(lang.L("Not checked: {{.Reason}}", map[string]any{"Reason": sentence(token.ValidateCertificate(s.certificate.Text))}))
		default:
			s.signature.SetText(lang.L("Not checked: no certificate is saved for {{.AppID}}. Paste it below to check; it is not saved unless you ask.",
				map[string]any{"AppID": p.AppID()}))
		}
	}
}

// maybeSaveCertificate saves a typed certificate that proved right, when the user asked.
func (s *decodeScreen) maybeSaveCertificate(appID string) {
	if !s.saveCertificate.Checked || s.stored != "" || s.savedFor == appID {
		return
	}
	cert := s.certificate.Text
	s.savedFor = appID
	setHint(s.certificateNote, lang.L("Saving…"), false)
	s.ui.background(func() {
		err := s.ui.deps.Certificates.Set(appID, cert)
		sessionOnly := false
		if isKeychainUnavailable(err) {
			sessionOnly = s.ui.deps.Certificates.SetSession(appID, cert) == nil
		}
		fyne.Do(func() {
			switch {
			case err == nil:
				setHint(s.certificateNote, lang.L("Saved in the keychain."), false)
			case sessionOnly:
				setHint(s.certificateNote, lang.L("The keychain is not available, so the certificate is kept for this session only: {{.Reason}}",
					map[string]any{"Reason": sentence(err)}), true)
			default:
				s.savedFor = ""
				setHint(s.certificateNote, lang.L("Not saved: {{.Reason}}", map[string]any{"Reason": sentence(err)}), true)
			}
		})
	})
}

// showStatus sets the badge from the diagnosis: the most serious state wins.
func (s *decodeScreen) showStatus(report token.Report) {
	switch {
	case report.Signature == token.SignatureInvalid:
		s.status.set(lang.L("Signature invalid"), theme.ColorNameError)
	case report.Has(token.CodeExpired):
		s.status.set(lang.L("Expired"), theme.ColorNameError)
	case report.Has(token.CodeNotYetValid):
		s.status.set(lang.L("Not yet valid"), theme.ColorNameError)
	case report.Worst() == token.Error:
		// For another uid or channel than the client's, or damaged: valid signature or not,
		// Agora turns it away.
		s.status.set(lang.L("Will be refused"), theme.ColorNameError)
	case report.Has(token.CodeExpiresSoon):
		s.status.set(lang.L("Expires soon"), theme.ColorNameWarning)
	case report.Signature == token.SignatureValid:
		s.status.set(lang.L("Valid"), theme.ColorNameSuccess)
	default:
		s.status.set(lang.L("Signature unchecked"), theme.ColorNamePrimary)
	}
}

func (s *decodeScreen) showMatches(t *token.Token006) {
	mark := func(l *widget.Label, typed string, ok bool) {
		switch {
		case typed == "":
			l.SetText("")
		case ok:
			l.Importance = widget.SuccessImportance
			l.SetText(lang.L("✓ matches"))
		default:
			l.Importance = widget.DangerImportance
			l.SetText(lang.L("✗ no match"))
		}
	}
	mark(s.channelMatch, s.channel006.Text, token.MatchChannel(t.CRCChannel, s.channel006.Text))
	uid := strings.TrimSpace(s.uid006.Text)
	if uid == "0" {
		uid = ""
	}
	mark(s.uidMatch, s.uid006.Text, token.MatchUID(t.CRCUID, uid))
}

// shownFinding is a finding as the list shows it.
type shownFinding struct {
	severity token.Severity
	text     string
}

// showFindings lists the diagnosis, rebuilding the list only when what it says changed.
func (s *decodeScreen) showFindings(findings []token.Finding) {
	shown := make([]shownFinding, len(findings))
	for i, f := range findings {
		shown[i] = shownFinding{f.Severity, findingText(f)}
	}
	if s.lastFindings != nil && slices.Equal(shown, s.lastFindings) {
		return
	}
	s.lastFindings = shown
	s.findings.RemoveAll()
	if len(shown) == 0 {
		s.findings.Add(findingRow(theme.NewSuccessThemedResource(theme.ConfirmIcon()), lang.L("Nothing to report: the token looks right.")))
		return
	}
	for _, f := range shown {
		s.findings.Add(findingRow(severityIcon(f.severity), f.text))
	}
}

func severityIcon(sev token.Severity) fyne.Resource {
	switch sev {
	case token.Error:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case token.Warning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	}
	return theme.NewPrimaryThemedResource(theme.InfoIcon())
}

func findingRow(icon fyne.Resource, text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, l)
}

// shownEnd is the end of a token's life the screen counts down to: a 006 token's join
// privilege, whose 24-hour ts says little; a 007 token's own expiry, each privilege's end
// being on the timeline.
func shownEnd(p *token.Parsed) time.Time {
	if p.V006 != nil {
		return unixTime(p.Life().JoinUntil)
	}
	return unixTime(p.ExpiresAt())
}

// tick moves the countdown and the timeline on; the diagnosis follows when the state of the
// token changes (it expires, or is about to).
func (s *decodeScreen) tick() {
	p := s.parsed
	if p == nil {
		return
	}
	now := s.ui.deps.now()
	expiresAt := shownEnd(p)
	s.countdown.SetText(countdown(now, expiresAt))
	switch left := expiresAt.Sub(now); {
	case left <= 0:
		s.countdown.Importance = widget.DangerImportance
	case left <= token.SoonWindow:
		s.countdown.Importance = widget.WarningImportance
	default:
		s.countdown.Importance = widget.MediumImportance
	}
	s.countdown.Refresh()
	start, rows := timelineRows(p)
	s.timeline.set(start, rows, now)
}

// onTick is the ticker's call: the diagnosis (which names times to the minute) is re-run so
// the badge and findings follow the clock.
func (s *decodeScreen) onTick() {
	if s.parsed == nil {
		return
	}
	s.rediagnose()
}

func (s *decodeScreen) stopTicker() {
	if s.stopCountdown != nil {
		s.stopCountdown()
		s.stopCountdown = nil
	}
}

// onLoadIntoBuild fills the Build form from the token on show.
func (s *decodeScreen) onLoadIntoBuild() {
	p := s.parsed
	if p == nil {
		return
	}
	if p.V007 != nil {
		spec, err := specFromToken(p.V007)
		if err != nil {
			dialog.ShowInformation(lang.L("Cannot load into Build"), sentence(err), s.ui.win)
			return
		}
		s.loadIntoBuild(spec)
		return
	}
	s.ask006Inputs(p.V006)
}

func (s *decodeScreen) loadIntoBuild(spec token.Spec) {
	b := s.ui.build
	b.loadSpec(spec, true)
	if s.stored == "" && token.ValidateCertificate(s.certificate.Text) == nil {
		b.setCertificate(s.certificate.Text, certificateTyped)
		b.update()
	}
	s.ui.showBuild()
}

// ask006Inputs asks for the channel and uid a 006 token was built for, which it does not
// hold, offering what was typed here or the recovered uid; only matching ones are accepted.
func (s *decodeScreen) ask006Inputs(t *token.Token006) {
	channel := widget.NewEntry()
	channel.SetText(s.channel006.Text)
	uid := widget.NewEntry()
	uid.SetPlaceHolder(lang.L("uid (0 for any user) or account"))
	uid.SetText(s.uid006.Text)
	if uid.Text == "" && len(s.recovered) > 0 {
		uid.SetText(strconv.FormatUint(uint64(s.recovered[0]), 10))
	}
	if t.CRCUID == 0 && uid.Text == "" {
		uid.SetText("0")
	}
	rtmOnly := !s.uidRow.Visible()
	channel.Validator = func(text string) error {
		if !token.MatchChannel(t.CRCChannel, text) {
			if rtmOnly {
				return errors.New(lang.L("the token was not built for this user ID"))
			}
			return errors.New(lang.L("the token was not built for this channel"))
		}
		return nil
	}
	uid.Validator = func(text string) error {
		if text == "0" {
			text = ""
		}
		if !token.MatchUID(t.CRCUID, text) {
			return errors.New(lang.L("the token was not built for this uid or account"))
		}
		return nil
	}
	channelLabel := lang.L("Channel")
	if rtmOnly {
		channelLabel = lang.L("RTM user ID")
	}
	items := []*widget.FormItem{widget.NewFormItem(channelLabel, channel)}
	if !rtmOnly {
		items = append(items, widget.NewFormItem(lang.L("uid or account"), uid))
	}
	intro := widget.NewLabel(lang.L("A 006 token holds only checksums of its channel and uid. Give the ones it was built for; " +
		"salt, issue time and privileges come from the token."))
	intro.Wrapping = fyne.TextWrapWord
	items = append([]*widget.FormItem{widget.NewFormItem("", intro)}, items...)
	d := dialog.NewForm(lang.L("Load into Build"), lang.L("Load"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		u := uid.Text
		if u == "0" || rtmOnly {
			u = ""
		}
		spec, err := specFrom006(t, channel.Text, u)
		if err != nil {
			dialog.ShowInformation(lang.L("Cannot load into Build"), sentence(err), s.ui.win)
			return
		}
		s.loadIntoBuild(spec)
	}, s.ui.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}
