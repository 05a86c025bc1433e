package ui

import (
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
)

// serveQRSide is the side of the tokenUrl's QR code: a URL is short, so a small code reads
// from a phone held near the screen.
const serveQRSide = 168

// serveScreen serves tokens to demo apps: it starts and stops the window's token server,
// shows the tokenUrl to paste into a demo, and every request as it arrives. What the user
// chose lives in the session (ui.serving), which outlives this screen; the widgets show it.
type serveScreen struct {
	ui      *UI
	session *serveSession

	project     *widget.Select
	projects    []store.Project
	port        *widget.Entry
	portHint    *widget.Label
	startButton *widget.Button
	lan         *widget.Check
	url         *widget.Label
	copyButton  *widget.Button
	qrBox       *fyne.Container
	qrFor       string // the URL the QR code on show holds
	status      *widget.Label
	counters    *widget.Label
	clearButton *widget.Button

	requests      *widget.List
	requestsEmpty *widget.Label
	renewals      *widget.List
	renewalsEmpty *widget.Label

	rehearse   *rehearsePanel
	banner     *fyne.Container // the rehearsal banner on show, or nil
	bannerText string          // what it says

	loading    bool // while widgets are set from the session: their callbacks change nothing
	stopTicker func()
}

func newServeScreen(u *UI) *serveScreen {
	s := &serveScreen{ui: u, session: u.serving}
	s.rehearse = newRehearsePanel(s)
	return s
}

func (s *serveScreen) buildUI() fyne.CanvasObject {
	s.project = widget.NewSelect(nil, s.onProjectSelected)
	s.project.PlaceHolder = lang.L("Choose a project")
	s.port = widget.NewEntry()
	s.port.Validator = func(text string) error { _, err := parsePort(text); return err }
	s.port.OnChanged = s.onPortChanged
	s.portHint = newHint()
	s.startButton = widget.NewButton("", s.onStartStop)
	s.lan = widget.NewCheck(lang.L("Allow devices on my network"), s.onLANChanged)

	s.url = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	s.url.Selectable = true
	s.url.Truncation = fyne.TextTruncateEllipsis
	s.copyButton = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), s.onCopyURL)
	s.qrBox = container.NewStack()
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.counters = widget.NewLabel("")
	s.clearButton = widget.NewButtonWithIcon(lang.L("Clear"), theme.ContentClearIcon(), s.onClear)

	form := container.New(layout.NewFormLayout(),
		dimLabel(lang.L("Project")), minSize(s.project, fyne.NewSize(360, 0)),
		dimLabel(lang.L("Port")), container.NewBorder(nil, nil, minSize(s.port, fyne.NewSize(110, 0)), nil,
			container.NewHBox(s.startButton, s.lan, s.portHint)),
		dimLabel(lang.L("tokenUrl")), container.NewBorder(nil, nil, nil, s.copyButton, s.url),
		layout.NewSpacer(), s.status,
	)
	controls := container.NewBorder(nil, nil, nil, s.qrBox, form)

	s.requests = widget.NewList(s.session.log.len, s.newRequestRow, s.updateRequestRow)
	s.requests.OnSelected = s.onRequestSelected
	s.requestsEmpty = widget.NewLabelWithStyle(
		lang.L("No requests yet. Start the server and point a demo app's tokenUrl at it: each request shows here as it arrives."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	s.requestsEmpty.Wrapping = fyne.TextWrapWord
	requestsTitle := container.NewBorder(nil, nil, heading(lang.L("Requests")), container.NewHBox(s.counters, s.clearButton))
	// The table's columns are wider than a window on half a 1920-pixel screen: it scrolls
	// sideways there rather than widen the whole window.
	table := container.NewBorder(container.NewVBox(requestHeader(), widget.NewSeparator()), nil, nil, nil,
		container.NewStack(s.requests, container.NewCenter(minSize(s.requestsEmpty, fyne.NewSize(520, 0)))))
	requests := container.NewBorder(requestsTitle, nil, nil, nil, container.NewHScroll(table))

	s.renewals = widget.NewList(func() int { return len(s.session.renewals) }, s.newRenewalRow, s.updateRenewalRow)
	s.renewals.OnSelected = func(id widget.ListItemID) { s.renewals.Unselect(id) }
	s.renewalsEmpty = widget.NewLabelWithStyle(lang.L("Each app that asks for a token shows here, with whether it renewed the token before it expired."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	s.renewalsEmpty.Wrapping = fyne.TextWrapWord
	renewals := container.NewBorder(heading(lang.L("Renewals")), nil, nil, nil,
		container.NewStack(s.renewals, container.NewCenter(minSize(s.renewalsEmpty, fyne.NewSize(520, 0)))))

	split := container.NewVSplit(requests, renewals)
	split.Offset = 0.68
	top := container.NewVBox(controls, s.rehearse.buildUI(), widget.NewSeparator())
	s.rehearse.fill(s.session.choices.rehearse)
	s.show()
	s.showRequests()
	s.loadProjects()
	// With the Rehearse panel open and its banner showing, the screen is taller than a 640-pixel
	// window: it scrolls there, as the tables inside it do, rather than make the window grow.
	return container.NewVScroll(container.NewPadded(container.NewBorder(top, nil, nil, nil, split)))
}

// show sets the widgets from the session.
func (s *serveScreen) show() {
	st := s.session
	s.loading = true
	defer func() { s.loading = false }()

	s.selectProject(st.choices.appID)
	// While serving, the port the server listens on, which the system chose for port 0.
	port := st.choices.port
	if addr, ok := st.boundAddr(); ok {
		port = addr.Port
	}
	if s.port.Text == "" || s.port.Validate() == nil || st.running() {
		if shown, err := parsePort(s.port.Text); err != nil || shown != port {
			s.port.SetText(strconv.Itoa(port))
		}
	}
	s.updatePortHint()
	s.lan.SetChecked(st.choices.lan)
	running := st.running()
	for _, w := range []fyne.Disableable{s.project, s.port} {
		if running || st.starting {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	switch {
	case st.starting:
		s.startButton.SetText(lang.L("Starting…"))
		s.startButton.SetIcon(theme.MediaPlayIcon())
		s.startButton.Importance = widget.MediumImportance
		s.startButton.Disable()
	case running:
		s.startButton.SetText(lang.L("Stop serving"))
		s.startButton.SetIcon(theme.MediaStopIcon())
		s.startButton.Importance = widget.DangerImportance
		s.startButton.Enable()
	default:
		s.startButton.SetText(lang.L("Start serving"))
		s.startButton.SetIcon(theme.MediaPlayIcon())
		s.startButton.Importance = widget.HighImportance
		s.startButton.Enable()
	}
	s.startButton.Refresh()

	if running {
		s.url.SetText(st.url)
		s.copyButton.Enable()
	} else {
		s.url.SetText(lang.L("Not serving"))
		s.copyButton.Disable()
	}
	s.showQR()
	s.showStatus()
	s.rehearse.show(st.choices.rehearse)
	s.updateBanner()
}

// showStatus says what the server is doing, or why it is not.
func (s *serveScreen) showStatus() {
	st := s.session
	switch {
	case st.problem != "":
		s.status.Importance = widget.DangerImportance
		s.status.SetText(st.problem)
	case st.running() && st.choices.lan:
		s.status.Importance = widget.WarningImportance
		s.status.SetText(lang.L("Serving {{.Project}} to devices on your network that have this tokenUrl, key included. Stop serving when the demo is over.",
			map[string]any{"Project": st.project}))
	case st.running():
		s.status.Importance = widget.SuccessImportance
		s.status.SetText(lang.L("Serving {{.Project}} to apps on this computer. Paste the tokenUrl into a demo app's settings.",
			map[string]any{"Project": st.project}))
	default:
		s.status.Importance = widget.MediumImportance
		s.status.SetText(lang.L("Serves tokens to Agora's demo apps the way agora-token-service does, signed with the project's certificate from the keychain."))
	}
}

// showQR shows the tokenUrl as a QR code, for a phone: only when devices on the network may
// ask, since a phone cannot reach this computer's loopback address.
func (s *serveScreen) showQR() {
	st := s.session
	want := ""
	if st.running() && st.choices.lan {
		want = st.url
	}
	if want == s.qrFor {
		return
	}
	s.qrFor = want
	s.qrBox.RemoveAll()
	if want == "" {
		return
	}
	code, err := newQRCode(want, serveQRSide)
	if err != nil {
		fyne.LogError("drawing the tokenUrl's QR code", err)
		return
	}
	s.qrBox.Add(code)
}

// showRequests redraws the table and the counters from the session.
func (s *serveScreen) showRequests() {
	st := s.session
	if st.log.len() == 0 {
		s.requestsEmpty.Show()
		s.clearButton.Disable()
	} else {
		s.requestsEmpty.Hide()
		s.clearButton.Enable()
	}
	s.counters.SetText(countersText(st.requests, st.errors))
	s.requests.Refresh()
	s.showRenewals()
}

// countersText counts the requests and errors.
func countersText(requests, errors int) string {
	return lang.N("{{.Count}} requests", requests, map[string]any{"Count": requests}) + " · " +
		lang.N("{{.Count}} errors", errors, map[string]any{"Count": errors})
}

func (s *serveScreen) showRenewals() {
	if len(s.session.renewals) == 0 {
		s.renewalsEmpty.Show()
	} else {
		s.renewalsEmpty.Hide()
	}
	s.renewals.Refresh()
}

// loadProjects reads the projects off the UI goroutine and fills the menu.
func (s *serveScreen) loadProjects() {
	s.ui.background(func() {
		projects, err := s.ui.deps.Projects.Projects()
		fyne.Do(func() {
			if err != nil {
				fyne.LogError("reading projects", err)
				return
			}
			s.setProjects(projects)
		})
	})
}

// setProjects fills the project menu. Until the user chooses, the project is the default
// one of the settings, or the only one there is.
func (s *serveScreen) setProjects(projects []store.Project) {
	s.projects = projects
	options := make([]string, len(projects))
	for i, p := range projects {
		options[i] = projectOption(p)
	}
	s.loading = true
	s.project.SetOptions(options)
	s.loading = false
	st := s.session
	if st.choices.appID == "" {
		appID := s.ui.settings.DefaultProject
		if appID == "" && len(projects) == 1 {
			appID = projects[0].AppID
		}
		if i := slices.IndexFunc(projects, func(p store.Project) bool { return p.AppID == appID }); i >= 0 {
			st.choices.appID, st.project = appID, projects[i].Label
		}
	}
	s.loading = true
	s.selectProject(st.choices.appID)
	s.loading = false
}

func (s *serveScreen) selectProject(appID string) {
	i := slices.IndexFunc(s.projects, func(p store.Project) bool { return p.AppID == appID })
	if i >= 0 && i < len(s.project.Options) {
		s.project.SetSelectedIndex(i)
	} else {
		s.project.ClearSelected()
	}
}

func (s *serveScreen) onProjectSelected(string) {
	if s.loading {
		return
	}
	i := s.project.SelectedIndex()
	if i < 0 || i >= len(s.projects) {
		return
	}
	s.session.choices.appID, s.session.project = s.projects[i].AppID, s.projects[i].Label
	s.session.problem = ""
	s.showStatus()
}

func (s *serveScreen) onPortChanged(text string) {
	s.updatePortHint()
	if s.loading {
		return
	}
	if port, err := parsePort(text); err == nil {
		s.session.choices.port = port
		s.session.problem = ""
		s.showStatus()
	}
}

func (s *serveScreen) updatePortHint() {
	if err := s.port.Validate(); err != nil && s.port.Text != "" {
		setHint(s.portHint, sentence(err), true)
		s.startButton.Disable()
		return
	}
	setHint(s.portHint, "", false)
	if !s.session.starting {
		s.startButton.Enable()
	}
}

// onStartStop is the Start/Stop switch.
func (s *serveScreen) onStartStop() {
	st := s.session
	if st.running() {
		st.stop()
		s.show()
		return
	}
	if s.port.Validate() != nil {
		return
	}
	st.start()
	s.show()
}

// onLANChanged asks before devices on the network may get tokens, and then serves them.
func (s *serveScreen) onLANChanged(on bool) {
	if s.loading {
		return
	}
	if !on {
		s.setLAN(false)
		return
	}
	d := dialog.NewConfirm(lang.L("Allow devices on your network?"),
		lang.L("Any device on this network that has the tokenUrl can then get tokens signed with this project's certificate, and join its channels with them. The tokenUrl carries a random key, so a device without it gets nothing. Turn this off when the demo is over."),
		func(ok bool) {
			if ok {
				s.setLAN(true)
				return
			}
			s.loading = true
			s.lan.SetChecked(false)
			s.loading = false
		}, s.ui.win)
	d.SetConfirmText(lang.L("Allow devices"))
	d.SetConfirmImportance(widget.WarningImportance)
	d.Show()
}

// setLAN changes who may ask; a running server starts again to listen where it now must.
func (s *serveScreen) setLAN(on bool) {
	st := s.session
	st.choices.lan = on
	if st.running() {
		st.stop()
		st.start()
	}
	s.show()
}

func (s *serveScreen) onCopyURL() {
	if s.session.url == "" {
		return
	}
	s.ui.app.Clipboard().SetContent(s.session.url)
	s.status.Importance = widget.SuccessImportance
	s.status.SetText(lang.L("tokenUrl copied: paste it into the demo app's settings."))
}

func (s *serveScreen) onClear() {
	s.session.clear()
	s.requests.UnselectAll()
	s.showRequests()
}

// setVisible keeps the renewal timeline moving while the screen shows (a token expires
// without a request to say so), and reads the projects again, since Build may have added
// some.
func (s *serveScreen) setVisible(visible bool) {
	if !visible {
		if s.stopTicker != nil {
			s.stopTicker()
			s.stopTicker = nil
		}
		return
	}
	s.loadProjects()
	if s.stopTicker == nil {
		s.stopTicker = s.ui.every(time.Second, func() {
			s.session.renewalsNow()
			s.showRenewals()
		})
	}
}
