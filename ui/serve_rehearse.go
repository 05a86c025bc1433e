package ui

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/serve"
)

// rehearsePanel is the Rehearse panel of the Serve screen: a switch and a value for each
// rehearsal. A switch turns on only while its value is valid; changes reach a running
// server at once.
type rehearsePanel struct {
	screen *serveScreen

	accordion   *widget.Accordion
	forceExpiry *widget.Check
	expiry      *widget.Entry
	fail        *widget.Check
	failRate    *widget.Entry
	failStatus  *widget.Entry
	delay       *widget.Check
	delayBy     *widget.Entry
	wrong       *widget.Check
	wrongKind   *widget.Select
	hints       map[*widget.Entry]*widget.Label

	loading bool
}

func newRehearsePanel(s *serveScreen) *rehearsePanel {
	return &rehearsePanel{screen: s, hints: map[*widget.Entry]*widget.Label{}}
}

func (p *rehearsePanel) entry(validator func(string) error) *widget.Entry {
	e := widget.NewEntry()
	e.Validator = validator
	e.OnChanged = func(string) { p.onChanged() }
	p.hints[e] = newHint()
	return e
}

func (p *rehearsePanel) buildUI() fyne.CanvasObject {
	p.forceExpiry = widget.NewCheck(lang.L("Every token expires after"), func(bool) { p.onChanged() })
	p.expiry = p.entry(func(text string) error { _, err := parseForcedExpiry(text); return err })
	p.fail = widget.NewCheck(lang.L("Fail this share of requests"), func(bool) { p.onChanged() })
	p.failRate = p.entry(func(text string) error { _, err := parseFailRate(text); return err })
	p.failStatus = p.entry(func(text string) error { _, err := parseFailStatus(text); return err })
	p.delay = widget.NewCheck(lang.L("Every token response waits"), func(bool) { p.onChanged() })
	p.delayBy = p.entry(func(text string) error { _, err := parseDelay(text); return err })
	p.wrong = widget.NewCheck(lang.L("Serve a wrong token"), func(bool) { p.onChanged() })
	kinds := make([]string, len(serve.Wrongs))
	for i, w := range serve.Wrongs {
		kinds[i] = wrongLabel(w)
	}
	p.wrongKind = widget.NewSelect(kinds, func(string) { p.onChanged() })

	value := func(e *widget.Entry, width float32) fyne.CanvasObject {
		return container.NewBorder(nil, nil, minSize(e, fyne.NewSize(width, 0)), nil,
			container.NewVBox(layout.NewSpacer(), p.hints[e], layout.NewSpacer()))
	}
	// Two columns of two rehearsals each, so that the request table keeps its room.
	lifetimes := container.New(layout.NewFormLayout(),
		p.forceExpiry, value(p.expiry, 110),
		p.delay, value(p.delayBy, 110),
	)
	answers := container.New(layout.NewFormLayout(),
		p.fail, container.NewBorder(nil, nil, container.NewHBox(minSize(p.failRate, fyne.NewSize(80, 0)),
			widget.NewLabel(lang.L("with status")), minSize(p.failStatus, fyne.NewSize(84, 0))), nil,
			container.NewVBox(p.hints[p.failRate], p.hints[p.failStatus])),
		p.wrong, container.NewBorder(nil, nil, minSize(p.wrongKind, fyne.NewSize(260, 0)), nil),
	)
	// Side by side, each as wide as it needs: a two-column grid would make both as wide as
	// the wider, and the window wider than 900 pixels.
	form := container.NewBorder(nil, nil, container.NewHBox(lifetimes, layout.NewSpacer()), nil, answers)
	note := noteLabel(lang.L("Serve trouble on purpose, to watch how an app copes before a customer meets it. Every answer a rehearsal shapes is marked in the table and the history."))
	p.accordion = widget.NewAccordion(widget.NewAccordionItem(lang.L("Rehearse"), container.NewVBox(note, form)))
	return p.accordion
}

// show sets the switches from the choices. The values are the user's to type: they are
// filled once, when the panel is made, and never rewritten while the user types.
func (p *rehearsePanel) show(r rehearseChoices) {
	p.loading = true
	defer func() { p.loading = false }()
	p.forceExpiry.SetChecked(r.forceExpiry)
	p.fail.SetChecked(r.fail)
	p.delay.SetChecked(r.delay)
	p.wrong.SetChecked(r.wrong)
	p.wrongKind.SetSelected(wrongLabel(r.wrongKind))
	if r.any() && !p.accordion.Items[0].Open {
		p.accordion.Open(0)
	}
}

// fill sets the values from the choices, when the panel is made.
func (p *rehearsePanel) fill(r rehearseChoices) {
	p.loading = true
	defer func() { p.loading = false }()
	p.expiry.SetText(strconv.FormatInt(int64(r.expiry/time.Second), 10) + "s")
	p.failRate.SetText(strconv.FormatFloat(r.failRate*100, 'g', 4, 64) + "%")
	p.failStatus.SetText(strconv.Itoa(r.failStatus))
	p.delayBy.SetText(strconv.FormatInt(int64(r.delayBy/time.Second), 10) + "s")
	for e := range p.hints {
		p.updateHint(e)
	}
}

func (p *rehearsePanel) updateHint(e *widget.Entry) {
	if err := e.Validate(); err != nil {
		setHint(p.hints[e], sentence(err), true)
		return
	}
	setHint(p.hints[e], "", false)
}

// onChanged reads the panel into the choices. A value that is not valid is explained
// beside its field and not taken: its rehearsal keeps the last valid one, and a switch
// turned on beside it stays off.
func (p *rehearsePanel) onChanged() {
	for e := range p.hints {
		p.updateHint(e)
	}
	if p.loading {
		return
	}
	old := p.screen.session.choices.rehearse
	r := old
	if v, err := parseForcedExpiry(p.expiry.Text); err == nil {
		r.expiry = v
	}
	r.forceExpiry = switchedOn(p.forceExpiry, old.forceExpiry, p.expiry)
	rate, rateErr := parseFailRate(p.failRate.Text)
	if rateErr == nil {
		r.failRate = rate
	}
	if status, err := parseFailStatus(p.failStatus.Text); err == nil {
		r.failStatus = status
	}
	r.fail = switchedOn(p.fail, old.fail, p.failRate, p.failStatus)
	if v, err := parseDelay(p.delayBy.Text); err == nil {
		r.delayBy = v
	}
	r.delay = switchedOn(p.delay, old.delay, p.delayBy)
	r.wrong = p.wrong.Checked
	for _, w := range serve.Wrongs {
		if wrongLabel(w) == p.wrongKind.Selected {
			r.wrongKind = w
		}
	}
	if r.fail && !old.fail {
		// A new seed each time failures are switched on: the window has no --seed.
		r.seed = uint64(time.Now().UnixNano())
	}
	p.screen.session.setRehearse(r)
	p.screen.show()
}

// switchedOn is whether a rehearsal is on: as its switch says, except that it does not turn
// on while a value it needs is not valid.
func switchedOn(check *widget.Check, was bool, values ...*widget.Entry) bool {
	if !check.Checked || was {
		return check.Checked
	}
	for _, e := range values {
		if e.Validate() != nil {
			return false
		}
	}
	return true
}

// wrongLabel names a kind of wrong token in the menu.
func wrongLabel(w serve.Wrong) string {
	switch w {
	case serve.WrongUID:
		return lang.L("for another uid or account")
	case serve.WrongChannel:
		return lang.L("for another channel")
	case serve.WrongRole:
		return lang.L("with the other role")
	case serve.WrongCertificate:
		return lang.L("signed with another certificate")
	case serve.WrongExpired:
		return lang.L("already expired")
	}
	return string(w)
}

// rehearsalText says which rehearsals are on, for the banner.
func rehearsalText(r rehearseChoices) string {
	var parts []string
	if r.forceExpiry {
		parts = append(parts, lang.L("tokens expire after {{.Span}}", map[string]any{"Span": spanWords(int64(r.expiry / time.Second))}))
	}
	if r.fail {
		parts = append(parts, lang.L("{{.Percent}}% of token requests fail with {{.Status}}",
			map[string]any{"Percent": strconv.FormatFloat(r.failRate*100, 'g', 4, 64), "Status": r.failStatus}))
	}
	if r.delay {
		parts = append(parts, lang.L("every answer waits {{.Span}}", map[string]any{"Span": spanWords(int64(r.delayBy / time.Second))}))
	}
	if r.wrong {
		parts = append(parts, lang.L("tokens are {{.Wrong}}", map[string]any{"Wrong": wrongLabel(r.wrongKind)}))
	}
	return strings.Join(parts, " · ")
}

// updateBanner shows the rehearsal banner across the window while any rehearsal is on, on
// every screen, so that nobody mistakes a rehearsed failure for a real one.
func (s *serveScreen) updateBanner() {
	r := s.session.choices.rehearse
	text := ""
	if r.any() {
		text = lang.L("Rehearsing: {{.What}}. Apps get these answers on purpose.", map[string]any{"What": rehearsalText(r)})
	}
	if text == s.bannerText {
		return
	}
	s.bannerText = text
	if s.banner != nil {
		s.ui.removeBanner(s.banner)
		s.banner = nil
	}
	if text == "" {
		return
	}
	stop := widget.NewButtonWithIcon(lang.L("Stop rehearsing"), theme.MediaStopIcon(), s.onStopRehearsing)
	s.banner = newBanner(theme.NewWarningThemedResource(theme.WarningIcon()), theme.ColorNameWarning, text, stop)
	s.ui.showBanner(s.banner)
}

func (s *serveScreen) onStopRehearsing() {
	r := s.session.choices.rehearse
	r.forceExpiry, r.fail, r.delay, r.wrong = false, false, false, false
	s.session.setRehearse(r)
	s.show()
}
