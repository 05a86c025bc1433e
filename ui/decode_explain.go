package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/explain"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// Paste anything: when what is pasted into Decode is not a token by itself, the explain
// package finds the tokens and Agora errors in it. A lone token in a URL, JSON or quotes is
// decoded as usual, with the channel and uid the text gives; anything more is shown as an
// explanation: what it means first, then each error and each token, which opens on its own.

// explainUI builds the view of an explanation, filled by showExplained.
func (s *decodeScreen) explainUI() fyne.CanvasObject {
	s.explainBox = container.NewVBox()
	return container.NewVScroll(container.NewPadded(s.explainBox))
}

// explainText runs the explain package over text that is not a token by itself. It reports
// whether it found something, and has shown it.
func (s *decodeScreen) explainText(text string) bool {
	r := explain.Explain(text, explain.Options{Now: s.ui.deps.now()})
	switch {
	case len(r.Tokens) == 1 && len(r.Errors) == 0 && len(r.Findings) == 0:
		s.openToken(r.Tokens[0])
		return true
	case r.Recognised():
		s.showExplained(&r)
		s.verifyExplained(text, &r)
		return true
	}
	return false
}

// verifyExplained checks the signatures of the tokens found with the certificates saved for
// their App IDs, primary and secondary, off the UI goroutine, and shows the explanation
// again with them when any was found and the text is still the one on show.
func (s *decodeScreen) verifyExplained(text string, r *explain.Result) {
	appIDs := map[string]bool{}
	for _, t := range r.Tokens {
		appIDs[t.Parsed.AppID()] = true
	}
	if len(appIDs) == 0 {
		return
	}
	s.explainSeq++
	seq, now := s.explainSeq, s.ui.deps.now()
	s.ui.background(func() {
		saved := map[string][2]string{}
		for appID := range appIDs {
			primary, secondary, _ := store.CertificatePair(s.ui.deps.Certificates, appID)
			if primary != "" || secondary != "" {
				saved[appID] = [2]string{primary, secondary}
			}
		}
		if len(saved) == 0 {
			return
		}
		// Explained again here, off the UI goroutine: a pasted log may be megabytes long.
		verified := explain.Explain(text, explain.Options{Now: now,
			Certificates: func(appID string) (string, string) { c := saved[appID]; return c[0], c[1] }})
		fyne.Do(func() {
			if seq != s.explainSeq || s.explained != r {
				return
			}
			if s.parsed != nil {
				s.explained = &verified // a token opened from the explanation stays on show
				return
			}
			s.showExplained(&verified)
		})
	})
}

// openToken decodes one token found in the text, diagnosed with what the text says the
// client did: its App ID, channel and uid or account.
func (s *decodeScreen) openToken(t explain.Token) {
	s.stopTicker()
	s.parsed = t.Parsed
	s.textContext = t.Context
	s.loadButton.Enable()
	s.qrButton.Enable()
	s.compareButton.Enable()
	s.backButton.Hidden = s.explained == nil
	s.backButton.Refresh()
	if t.Parsed.V006 != nil {
		s.channel006.SetText(t.Context.Channel)
		switch {
		case t.Context.Account != "":
			s.uid006.SetText(t.Context.Account)
		default:
			s.uid006.SetText(t.Context.UID)
		}
	}
	s.showToken(t.Parsed)
	s.show(s.details)
}

// onBackToExplanation leaves a token opened from an explanation.
func (s *decodeScreen) onBackToExplanation() {
	if s.explained == nil {
		return
	}
	s.showExplained(s.explained)
}

// showExplained shows what the text holds: the findings, the errors, the tokens.
func (s *decodeScreen) showExplained(r *explain.Result) {
	s.stopTicker()
	s.explained = r
	s.parsed = nil
	s.textContext = token.Context{}
	s.backButton.Hide()
	s.loadButton.Disable()
	s.qrButton.Disable()
	s.compareButton.Disable()

	worst := token.Info
	for _, f := range r.Findings {
		worst = max(worst, f.Severity)
	}
	for _, t := range r.Tokens {
		worst = max(worst, t.Report.Worst())
	}
	color := theme.ColorNamePrimary
	switch {
	case worst == token.Error || len(r.Errors) > 0:
		color = theme.ColorNameError
	case worst == token.Warning:
		color = theme.ColorNameWarning
	}
	s.status.set(lang.L("Tokens: {{.Tokens}} · errors: {{.Errors}}", map[string]any{"Tokens": len(r.Tokens), "Errors": len(r.Errors)}), color)
	s.summary.SetText("")
	if len(r.Findings) > 0 {
		s.summary.SetText(findingText(r.Findings[0]))
	}

	box := s.explainBox
	box.RemoveAll()
	if len(r.Findings) > 0 {
		box.Add(heading(lang.L("What it means")))
		for _, f := range r.Findings {
			box.Add(findingRow(severityIcon(f.Severity), findingText(f)))
		}
	}
	if len(r.Errors) > 0 {
		box.Add(heading(lang.L("Agora errors")))
		for _, e := range r.Errors {
			box.Add(errorCard(e))
		}
	}
	for i, t := range r.Tokens {
		box.Add(s.tokenCard(i+1, t))
	}
	s.show(s.explainView)
}

// errorCard shows one error of the catalogue: its name and number, who emits it, what it
// means and how to fix it.
func errorCard(e explain.Error) fyne.CanvasObject {
	name := e.Entry.Name
	if e.Entry.HasCode {
		name += " (" + strconv.Itoa(e.Entry.Code) + ")"
	}
	title := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Selectable = true
	sdks := make([]string, len(e.Entry.SDKs))
	for i, sdk := range e.Entry.SDKs {
		sdks[i] = sdkLabel(sdk)
	}
	where := lang.L("{{.SDKs}} · at byte {{.Offset}}", map[string]any{"SDKs": strings.Join(sdks, ", "), "Offset": e.Offset})
	if e.Count > 1 {
		where += " · " + lang.L("{{.Count}} times", map[string]any{"Count": e.Count})
	}
	meaning := widget.NewLabel(lang.L("Meaning: {{.Text}}", map[string]any{"Text": catalogText(e.Entry.Meaning)}))
	meaning.Wrapping = fyne.TextWrapWord
	fix := widget.NewLabel(lang.L("Fix: {{.Text}}", map[string]any{"Text": catalogText(e.Entry.Fix)}))
	fix.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon()))), nil,
		container.NewVBox(container.NewHBox(title, dimLabel(where)), meaning, fix))
}

func sdkLabel(sdk string) string {
	switch sdk {
	case explain.SDKNative:
		return lang.L("native SDKs")
	case explain.SDKWeb:
		return lang.L("Web SDK")
	}
	return lang.L("RTM SDKs")
}

// catalogText is a sentence of the error catalogue in the window's language. The catalogue
// holds both; the translations say which one Fyne picked.
func catalogText(t explain.Text) string {
	if lang.X("catalogue.language", "en") == languageChinese {
		return t.ZH
	}
	return t.EN
}

// tokenCard shows the n-th token found: what it is for, its diagnosis, and a button that
// opens it on its own.
func (s *decodeScreen) tokenCard(n int, t explain.Token) fyne.CanvasObject {
	title := heading(lang.L("Token {{.N}}", map[string]any{"N": n}))
	until := lang.L("expires {{.Time}}", map[string]any{"Time": localTime(shownEnd(t.Parsed))})
	if t.Parsed.V006 != nil {
		until = lang.L("join allowed until {{.Time}}", map[string]any{"Time": localTime(shownEnd(t.Parsed))})
	}
	line := widget.NewLabel(summarize(t.Parsed) + " · " + until)
	line.Wrapping = fyne.TextWrapWord
	open := widget.NewButtonWithIcon(lang.L("Open"), theme.SearchIcon(), func() { s.openToken(t) })
	rows := container.NewVBox(line)
	switch {
	case t.Report.Signature == token.SignatureValid && t.Report.SignedWith == token.SignedWithSecondary:
		rows.Add(findingRow(theme.NewSuccessThemedResource(theme.ConfirmIcon()), lang.L("Valid: signed with the secondary certificate TokenDesk has for this App ID.")))
	case t.Report.Signature == token.SignatureValid:
		rows.Add(findingRow(theme.NewSuccessThemedResource(theme.ConfirmIcon()), lang.L("Valid: checked with the App Certificate TokenDesk has for this App ID.")))
	}
	for _, f := range t.Report.Findings {
		if f.Code == token.CodeSignatureUnchecked {
			continue
		}
		rows.Add(findingRow(severityIcon(f.Severity), findingText(f)))
	}
	return container.NewVBox(container.NewBorder(nil, nil, nil, open, title), rows)
}
