package ui

import (
	"strconv"
	"strings"
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

// copiedFor is how long the Copy button says "Copied".
const copiedFor = 2 * time.Second

// buildResult is the card that shows the token built last, and whether it is still the
// token the form describes.
type buildResult struct {
	resultBox    *fyne.Container
	placeholder  fyne.CanvasObject
	resultCard   fyne.CanvasObject
	status       *badge
	staleNote    *widget.Label
	tokenOutput  *widget.Label
	copyButton   *widget.Button
	qrButton     *widget.Button
	copyNote     *widget.Label
	length       *widget.Label
	expiresName  *widget.Label
	expires      *widget.Label
	countdown    *widget.Label
	tokenExpiry  *widget.Label // a 006 token's own 24-hour expiry, a detail
	issued       *widget.Label
	builtSalt    *widget.Label
	builtFor     *widget.Label
	saved        *widget.Label
	openInDecode *widget.Button

	built            token.Spec
	builtToken       string
	builtCertificate string
	// stale is set when the form no longer describes the token on show.
	stale         bool
	stopCountdown func()
	copySeq       int
}

func (s *buildScreen) buildPlaceholder() fyne.CanvasObject {
	icon := widget.NewIcon(theme.DocumentCreateIcon())
	text := widget.NewLabelWithStyle(lang.L("Fill in the form and press Build token:\nthe token appears here, ready to copy."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	s.placeholder = container.NewCenter(container.NewVBox(container.NewCenter(minSize(icon, fyne.NewSquareSize(48))), text))
	return s.placeholder
}

// onBuild builds the token the form describes, shows it and saves it to history. A token
// that would let nobody join, or only for a moment, is built only once the user says so.
func (s *buildScreen) onBuild() {
	spec, err := s.model.spec()
	if err != nil {
		s.problem.SetText(sentence(err))
		return
	}
	now := s.ui.deps.now()
	if err := s.model.stamp(&spec, now, s.ui.deps.salt); err != nil {
		s.ui.showError(err)
		return
	}
	if !bornExpired(&spec, now) {
		s.build(spec)
		return
	}
	msg := lang.L("This token would stop letting users join {{.Time}} ({{.Countdown}}).", map[string]any{
		"Time": localTime(joinEnds(&spec)), "Countdown": countdown(now, joinEnds(&spec))})
	if s.model.reproducing() {
		msg += "\n" + lang.L("It reuses the issue time of the token being rebuilt; Make a fresh token instead gives one that starts now.")
	}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("Build a token that is already expired?"), lang.L("Build anyway"), lang.L("Cancel"),
		text, func(ok bool) {
			if ok {
				s.build(spec)
			}
		}, s.ui.win)
	d.Resize(fyne.NewSize(480, 0))
	s.ui.showDialog(d, nil)
}

// build signs a stamped spec, shows the token and saves it to history.
func (s *buildScreen) build(spec token.Spec) {
	certificate := strings.TrimSpace(s.model.Text[inCertificate])
	text, err := spec.Build(certificate)
	if err != nil {
		s.problem.SetText(sentence(err))
		return
	}
	s.dropped = false
	s.showResult(spec, text, certificate)
	s.renderReproduce()
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

// resultUI makes the card that shows a built token.
func (s *buildScreen) resultUI() fyne.CanvasObject {
	s.status = newBadge()
	s.staleNote = widget.NewLabel(lang.L("The form has changed since this token was built: press Build token for one that matches it."))
	s.staleNote.Wrapping = fyne.TextWrapWord
	s.staleNote.Importance = widget.WarningImportance
	s.staleNote.Hide()
	s.tokenOutput = widget.NewLabel("")
	s.tokenOutput.TextStyle = fyne.TextStyle{Monospace: true}
	s.tokenOutput.Wrapping = fyne.TextWrapBreak
	s.tokenOutput.Selectable = true
	s.copyButton = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), s.onCopy)
	s.copyButton.Importance = widget.HighImportance
	s.copyNote = widget.NewLabel("")
	s.openInDecode = widget.NewButtonWithIcon(lang.L("Open in Decode"), theme.SearchIcon(), s.onOpenInDecode)
	s.length = widget.NewLabel("")
	s.expiresName = dimLabel(lang.L("Expires"))
	s.expires = widget.NewLabel("")
	s.countdown = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.tokenExpiry = widget.NewLabel("")
	s.tokenExpiry.Wrapping = fyne.TextWrapWord
	s.tokenExpiry.SizeName = theme.SizeNameCaptionText
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
		s.expiresName, container.NewVBox(s.expires, s.countdown, s.tokenExpiry),
		dimLabel(lang.L("Issued")), s.issued,
		dimLabel(lang.L("Salt")), s.builtSalt,
		dimLabel(lang.L("Length")), s.length,
		dimLabel(lang.L("For")), s.builtFor,
	)
	s.copyNote.Wrapping = fyne.TextWrapWord
	s.copyNote.Hide()
	title := container.NewBorder(nil, nil, heading(lang.L("Token")), s.status)
	s.qrButton = newQRButton(s.onShowQR)
	// Open in Decode sits by the history note rather than beside Copy, so that the card
	// fits the narrow side of a window half a 1920-pixel screen wide.
	actions := container.NewHBox(s.copyButton, s.qrButton)
	s.saved.Wrapping = fyne.TextWrapWord
	footer := container.NewBorder(nil, nil, nil, s.openInDecode, s.saved)
	return container.NewVScroll(spaced(title, s.staleNote, tokenBox, actions, s.copyNote, widget.NewSeparator(), details, footer))
}

// dimLabel names a value in a form layout.
func dimLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{})
}

// showResult puts a built token in the result card and starts its countdown.
func (s *buildScreen) showResult(spec token.Spec, text, certificate string) {
	if s.resultCard == nil {
		s.resultCard = s.resultUI()
	}
	s.resultBox.Objects = []fyne.CanvasObject{s.resultCard}
	s.built, s.builtToken, s.builtCertificate = spec, text, certificate
	s.stale = false
	s.tokenOutput.SetText(text)
	s.length.SetText(lang.N("{{.Count}} characters", len(text), map[string]any{"Count": len(text)}))
	s.expires.SetText(localTime(joinEnds(&spec)))
	if spec.Is006() {
		// A 006 token's own expiry is always a day after issue; what ends the user's
		// access is its join privilege.
		s.expiresName.SetText(lang.L("Join allowed until"))
		s.tokenExpiry.SetText(lang.L("The token itself expires {{.Time}}, 24 hours after issue, as every 006 token does.",
			map[string]any{"Time": localTime(unixTime(spec.Life().ExpiresAt))}))
		s.tokenExpiry.Show()
	} else {
		s.expiresName.SetText(lang.L("Expires"))
		s.tokenExpiry.Hide()
	}
	s.issued.SetText(localTime(unixTime(int64(spec.IssuedAt))))
	s.builtSalt.SetText(strconv.FormatUint(uint64(spec.Salt), 10))
	s.builtFor.SetText(describeSpec(&spec))
	s.copyNote.Hide()
	s.resetCopyButton()
	s.renderStale()
	s.tick()
	s.resultBox.Refresh()
	s.stop()
	s.stopCountdown = s.ui.every(time.Second, s.tick)
}

// renderStale marks the token on show out of date when the form no longer describes it:
// Copy and the QR code are then off until the next Build.
func (s *buildScreen) renderStale() {
	if s.builtToken == "" {
		return
	}
	s.stale = !s.model.builds(s.built, s.builtCertificate)
	if s.stale {
		s.staleNote.Show()
		s.copyButton.Disable()
		s.qrButton.Disable()
	} else {
		s.staleNote.Hide()
		s.copyButton.Enable()
		s.qrButton.Enable()
	}
	s.tick()
}

// tick updates the countdown; it stops the ticker once the token has expired.
func (s *buildScreen) tick() {
	if s.builtToken == "" {
		return
	}
	now := s.ui.deps.now()
	ends := joinEnds(&s.built)
	s.countdown.SetText(countdown(now, ends))
	left := ends.Sub(now)
	switch {
	case left <= 0:
		s.status.set(lang.L("Expired"), theme.ColorNameError)
		s.countdown.Importance = widget.DangerImportance
		s.stop()
	case left <= token.SoonWindow:
		s.status.set(lang.L("Expires soon"), theme.ColorNameWarning)
		s.countdown.Importance = widget.WarningImportance
	default:
		s.status.set(lang.L("Valid"), theme.ColorNameSuccess)
		s.countdown.Importance = widget.MediumImportance
	}
	if s.stale {
		s.status.set(lang.L("Out of date"), theme.ColorNameWarning)
	}
	s.countdown.Refresh()
}

// stop ends the countdown of the token on show.
func (s *buildScreen) stop() {
	if s.stopCountdown != nil {
		s.stopCountdown()
		s.stopCountdown = nil
	}
}

// clearResult empties the result card.
func (s *buildScreen) clearResult() {
	s.stop()
	s.built, s.builtToken, s.builtCertificate, s.stale = token.Spec{}, "", "", false
	s.resultBox.Objects = []fyne.CanvasObject{s.placeholder}
	s.resultBox.Refresh()
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
	if s.Inputs().UsesRole() && s.PerPrivilege == nil && s.Privileges006 == nil {
		parts = append(parts, roleLabel(s.Role))
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
	if s.builtToken == "" || s.stale {
		return
	}
	text := s.builtToken
	note := s.ui.copyToClipboardThen(text, func() {
		if s.builtToken == text {
			s.copyNote.SetText(lang.L("The token is no longer on the clipboard."))
		}
	})
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

func (s *buildScreen) onShowQR() {
	if !s.stale {
		s.ui.showQR(s.builtToken)
	}
}
