package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/explain"
	"github.com/tokendesk/tokendesk/token"
)

// compareView puts a second token beside the one on show: every field of both side by side,
// the differing ones highlighted, and one sentence on top naming what matters for joining.
type compareView struct {
	s *decodeScreen

	other   *tokenInput
	verdict *widget.Label
	fields  *fyne.Container
	close   *widget.Button
	root    fyne.CanvasObject

	// comparison is the last one shown, for tests and for the verdict.
	comparison *token.Comparison
}

func newCompareView(s *decodeScreen) *compareView {
	v := &compareView{s: s}
	v.other = newTokenInput()
	v.other.TextStyle = fyne.TextStyle{Monospace: true}
	v.other.Wrapping = fyne.TextWrapBreak
	v.other.PlaceHolder = lang.L("Paste the token to compare with: the one from the console, or the one that works.")
	v.other.OnChanged = func(string) { v.update() }
	v.verdict = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.verdict.Wrapping = fyne.TextWrapWord
	v.fields = container.New(layout.NewGridLayoutWithColumns(3))
	v.close = widget.NewButtonWithIcon(lang.L("Close the comparison"), theme.CancelIcon(), v.onClose)
	top := container.NewBorder(nil, nil, heading(lang.L("Compare with another token")), v.close)
	v.root = container.NewBorder(container.NewVBox(top, v.other, v.verdict), nil, nil, nil,
		container.NewVScroll(container.NewPadded(v.fields)))
	return v
}

// onCompare opens the comparison with the token on show as A.
func (s *decodeScreen) onCompare() {
	if s.parsed == nil {
		return
	}
	s.compare.update()
	s.show(s.compare.root)
	s.ui.win.Canvas().Focus(s.compare.other)
}

func (v *compareView) onClose() {
	if v.s.parsed != nil {
		v.s.show(v.s.details)
	}
}

// update compares the token on show with the one pasted, and redraws.
func (v *compareView) update() {
	a := v.s.parsed
	v.fields.RemoveAll()
	v.comparison = nil
	if a == nil {
		return
	}
	if strings.TrimSpace(v.other.Text) == "" {
		v.verdict.Importance = widget.MediumImportance
		v.verdict.SetText(lang.L("Paste a second token above to see how it differs from this one."))
		return
	}
	b, err := explain.OneToken(v.other.Text)
	if err != nil {
		v.verdict.Importance = widget.DangerImportance
		v.verdict.SetText(joinSentences(lang.L("The second one is not a token TokenDesk can read."), sentence(err)))
		return
	}
	c := token.Compare(a, b)
	v.comparison = &c
	v.verdict.Importance = widget.SuccessImportance
	if !c.Same {
		v.verdict.Importance = widget.DangerImportance
	}
	ctxA := v.s.context()
	ctxB := token.Context{}
	if b.AppID() == a.AppID() {
		ctxB.Certificate, ctxB.SecondaryCertificate = ctxA.Certificate, ctxA.SecondaryCertificate
		if b.V006 != nil {
			ctxB.Channel, ctxB.UID, ctxB.Account = ctxA.Channel, ctxA.UID, ctxA.Account
		}
	}
	now := v.s.ui.deps.now()
	text := verdictText(c)
	if sig := signaturesText(token.Diagnose(a, ctxA, now), token.Diagnose(b, ctxB, now)); sig != "" {
		text = joinSentences(text, sig)
	}
	v.verdict.SetText(text)

	v.fields.Add(dimLabel(""))
	v.fields.Add(heading(lang.L("This token (A)")))
	v.fields.Add(heading(lang.L("The other (B)")))
	for _, d := range c.Fields {
		name := dimLabel(differenceLabel(d.Field))
		va, vb := widget.NewLabel(differenceValue(d, d.A, d.ASeconds)), widget.NewLabel(differenceValue(d, d.B, d.BSeconds))
		for _, l := range []*widget.Label{va, vb} {
			l.Wrapping = fyne.TextWrapBreak
			l.Selectable = true
		}
		if d.Differs {
			importance := widget.WarningImportance
			if d.Access {
				importance = widget.DangerImportance
			}
			for _, l := range []*widget.Label{name, va, vb} {
				l.Importance = importance
				l.TextStyle.Bold = true
			}
		}
		v.fields.Add(name)
		v.fields.Add(va)
		v.fields.Add(vb)
	}
	v.fields.Refresh()
}

// joinSentences writes two sentences one after the other: with a space in English, without
// one after a Chinese full stop.
func joinSentences(a, b string) string {
	if strings.HasSuffix(a, "。") {
		return a + b
	}
	return a + " " + b
}

// verdictText is the comparison's verdict in the window's language.
func verdictText(c token.Comparison) string {
	var access, aside []string
	for _, d := range c.Differences {
		if d.Access {
			access = append(access, lang.L("{{.Field}} ({{.A}} vs {{.B}})", map[string]any{
				"Field": differenceName(d.Field), "A": differenceValue(d, d.A, d.ASeconds), "B": differenceValue(d, d.B, d.BSeconds)}))
		} else {
			aside = append(aside, differenceName(d.Field))
		}
	}
	switch {
	case len(access) > 0:
		return lang.L("They differ in {{.List}}.", map[string]any{"List": listText(access)})
	case len(aside) > 0:
		return lang.L("They grant the same access; only these differ: {{.List}}.", map[string]any{"List": listText(aside)})
	}
	return lang.L("They are the same token.")
}

// listText joins the items of a list as a sentence does: "a", "a and b", "a, b and c".
func listText(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	last := len(items) - 1
	return lang.L("{{.List}} and {{.Last}}", map[string]any{"List": strings.Join(items[:last], lang.X("list.separator", ", ")), "Last": items[last]})
}

// differenceName names a compared field inside a sentence, where the grid's "Expiry" is
// "expiry".
func differenceName(field string) string {
	switch field {
	case "services":
		return lang.L("services")
	case "expire":
		return lang.L("expiry")
	case "version":
		return lang.L("version")
	case "issued_at":
		return lang.L("issue time")
	case "salt":
		return lang.L("salt")
	case "rtc.channel":
		return lang.L("channel")
	case "rtc.role":
		return lang.L("role")
	}
	return differenceLabel(field)
}

// signaturesText says whether the two signatures verify with the project's certificates.
func signaturesText(a, b token.Report) string {
	if a.Signature == token.SignatureUnchecked && b.Signature == token.SignatureUnchecked {
		return ""
	}
	valid := func(r token.Report, secondary bool) bool {
		return r.Signature == token.SignatureValid && (r.SignedWith == token.SignedWithSecondary) == secondary
	}
	switch {
	case valid(a, false) && valid(b, false):
		return lang.L("Both signatures verify with the primary certificate.")
	case valid(a, true) && valid(b, true):
		return lang.L("Both signatures verify with the secondary certificate.")
	case a.Signature == token.SignatureInvalid && b.Signature == token.SignatureInvalid:
		return lang.L("Neither signature verifies with the project's certificates.")
	}
	say := func(r token.Report) string {
		switch {
		case r.Signature == token.SignatureValid && r.SignedWith == token.SignedWithSecondary:
			return lang.L("verifies with the secondary certificate")
		case r.Signature == token.SignatureValid:
			return lang.L("verifies with the primary certificate")
		case r.Signature == token.SignatureInvalid:
			return lang.L("does not verify with the project's certificates")
		}
		return lang.L("was not checked")
	}
	return lang.L("A's signature {{.A}}; B's {{.B}}.", map[string]any{"A": say(a), "B": say(b)})
}

// differenceLabel names a compared field in the window's language.
func differenceLabel(field string) string {
	switch field {
	case "app_id":
		return lang.L("App ID")
	case "services":
		return lang.L("Services")
	case "expire":
		return lang.L("Expiry")
	case "version":
		return lang.L("Version")
	case "issued_at":
		return lang.L("Issued")
	case "salt":
		return lang.L("Salt")
	}
	service, name, _ := strings.Cut(field, ".")
	switch field {
	// RTC's fields are the ones people compare most: they need no service name.
	case "rtc.channel":
		return lang.L("Channel")
	case "rtc.uid":
		return lang.L("uid")
	case "rtc.role":
		return lang.L("Role")
	}
	service = strings.ToUpper(service)
	switch name {
	case "channel":
		return service + " " + lang.L("channel")
	case "uid":
		return service + " " + lang.L("uid")
	case "user_id":
		return service + " " + lang.L("user ID")
	case "account":
		return service + " " + lang.L("account")
	case "role":
		return service + " " + lang.L("role")
	case "room_uuid":
		return service + " " + lang.L("room")
	case "user_uuid":
		return service + " " + lang.L("user")
	}
	return service + " " + name
}

// differenceValue writes a compared value in the window's language: spans of time in its
// words, roles as the role buttons name them.
func differenceValue(d token.Difference, text string, seconds int64) string {
	switch {
	case d.Lifetime && seconds < 0:
		return lang.L("absent")
	case d.Lifetime:
		return spanWords(seconds)
	case d.Field == "rtc.role":
		if r, err := token.ParseRole(text); err == nil {
			return roleLabel(r)
		}
	}
	return text
}
