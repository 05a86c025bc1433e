package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

const (
	// historyPageSize is how many entries one database read brings in.
	historyPageSize = 200
	// historyPagesKept caps the pages held in memory; scrolling far away drops the rest.
	historyPagesKept = 16
	// searchDelay lets typing settle before the history is searched.
	searchDelay = 250 * time.Millisecond
	// noteFor is how long a success note stays.
	noteFor = 4 * time.Second
)

// historyColumns are the widths of the row columns: pin, time, project, service, channel
// (which takes the room left), user, status and the menu button.
var historyColumns = []float32{20, 125, 125, 135, 0, 120, 135, 36}

// historyScreen lists every token built, newest first, in a virtualized list that reads the
// history a page at a time.
type historyScreen struct {
	ui *UI

	search      *widget.Entry
	count       *widget.Label
	clearButton *widget.Button
	list        *widget.List
	body        *fyne.Container
	empty       fyne.CanvasObject
	note        *widget.Label

	selectedLabel *widget.Label
	copyButton    *widget.Button
	decodeButton  *widget.Button
	reinitButton  *widget.Button
	freshButton   *widget.Button
	labelButton   *widget.Button
	pinButton     *widget.Button
	deleteButton  *widget.Button
	qrButton      *widget.Button

	query      string
	searchSeq  int
	noteSeq    int
	total      int
	generation int
	pages      map[int][]store.Entry
	loading    map[int]bool
	selected   *store.Entry
	inUpdate   bool // while the list asks for a row: it must not be refreshed then
	stopTicker func()
}

func newHistoryScreen(u *UI) *historyScreen {
	return &historyScreen{ui: u, pages: map[int][]store.Entry{}, loading: map[int]bool{}}
}

func (s *historyScreen) buildUI() fyne.CanvasObject {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.L("Search channel, uid, account, label, project or App ID"))
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = s.onSearchChanged
	s.count = widget.NewLabel("")
	s.clearButton = widget.NewButtonWithIcon(lang.L("Clear all…"), theme.DeleteIcon(), s.onClear)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(s.count, s.clearButton), s.search)

	header := container.New(&columns{widths: historyColumns},
		widget.NewLabel(""), headerLabel(lang.L("Built")), headerLabel(lang.L("Project")), headerLabel(lang.L("Service")),
		headerLabel(lang.L("Channel")), headerLabel(lang.L("User")), headerLabel(lang.L("Status")), widget.NewLabel(""))

	s.list = widget.NewList(s.length, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.list.OnUnselected = func(widget.ListItemID) { s.setSelected(nil) }

	emptyText := widget.NewLabelWithStyle(lang.L("No tokens yet: every token you build is kept here,\nready to copy, decode or build again."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	s.empty = container.NewCenter(container.NewVBox(
		container.NewCenter(minSize(widget.NewIcon(theme.HistoryIcon()), fyne.NewSquareSize(48))), emptyText))
	s.body = container.NewStack(s.list)

	s.selectedLabel = widget.NewLabel(lang.L("Select a token to act on it."))
	s.selectedLabel.Truncation = fyne.TextTruncateEllipsis
	s.copyButton = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), s.onCopySelected)
	s.decodeButton = widget.NewButtonWithIcon(lang.L("Decode"), theme.SearchIcon(), s.onDecodeSelected)
	s.reinitButton = widget.NewButtonWithIcon(lang.L("Load into Build"), theme.DocumentCreateIcon(), s.onReinitSelected)
	s.freshButton = widget.NewButtonWithIcon(lang.L("Rebuild fresh"), theme.ViewRefreshIcon(), s.onFreshSelected)
	s.labelButton = widget.NewButtonWithIcon(lang.L("Label…"), theme.DocumentIcon(), s.onLabelSelected)
	s.pinButton = widget.NewButtonWithIcon(lang.L("Pin"), theme.NewThemedResource(pinIcon), s.onPinSelected)
	s.deleteButton = widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), s.onDeleteSelected)
	s.qrButton = newQRButton(s.onQRSelected)
	s.note = widget.NewLabel("")
	s.note.Importance = widget.SuccessImportance
	actions := container.NewHBox(s.copyButton, s.qrButton, s.decodeButton, s.reinitButton, s.freshButton,
		s.labelButton, s.pinButton, s.deleteButton)
	bottom := container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, s.note, s.selectedLabel), actions)
	s.setSelected(nil)

	return container.NewPadded(container.NewBorder(container.NewVBox(top, header, widget.NewSeparator()), bottom, nil, nil, s.body))
}

func headerLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// historyRow is the template of a list row; its menu button acts on the entry it shows.
type historyRow struct {
	widget.BaseWidget
	pin     *widget.Icon
	built   *widget.Label
	project *widget.Label
	service *widget.Label
	channel *widget.Label
	user    *widget.Label
	status  *widget.Label
	menu    *tipButton
}

func newHistoryRow(tips *tipLayer) *historyRow {
	r := &historyRow{pin: widget.NewIcon(nil)}
	for _, l := range []**widget.Label{&r.built, &r.project, &r.service, &r.channel, &r.user, &r.status} {
		*l = widget.NewLabel("")
		(*l).Truncation = fyne.TextTruncateEllipsis
	}
	r.menu = newRowMenuButton(tips)
	r.menu.Importance = widget.LowImportance
	r.ExtendBaseWidget(r)
	return r
}

func (r *historyRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(&columns{widths: historyColumns},
		r.pin, r.built, r.project, r.service, r.channel, r.user, r.status, r.menu))
}

func (s *historyScreen) createRow() fyne.CanvasObject { return newHistoryRow(s.ui.tipLayer()) }

func (s *historyScreen) length() int { return s.total }

func (s *historyScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*historyRow)
	s.inUpdate = true
	defer func() { s.inUpdate = false }()
	e, ok := s.entryAt(id)
	if !ok {
		r.pin.SetResource(nil)
		for _, l := range []*widget.Label{r.project, r.service, r.channel, r.user, r.status} {
			l.SetText("")
		}
		r.built.SetText("…")
		r.menu.OnTapped = nil
		return
	}
	if e.Pinned {
		r.pin.SetResource(theme.NewPrimaryThemedResource(pinIcon))
	} else {
		r.pin.SetResource(nil)
	}
	r.built.SetText(builtText(e.CreatedAt, s.ui.deps.now()))
	project := e.Project
	if project == "" {
		project = store.ShortAppID(e.Spec.AppID)
	}
	r.project.SetText(project)
	r.service.SetText(kindLabel(e.Spec.Kind) + " · " + formatName(&e.Spec))
	channel := e.Spec.Channel
	if channel == "" {
		channel = e.Spec.RoomUUID
	}
	if e.Label != "" {
		// The label follows the channel: a long one is cut short, never the channel.
		channel += "  “" + e.Label + "”"
	}
	r.channel.SetText(channel)
	r.user.SetText(specUser(&e.Spec))
	text, importance := entryStatus(&e.Spec, s.ui.deps.now())
	r.status.Importance = importance
	r.status.SetText(text)
	entry := e
	r.menu.OnTapped = func() { s.showRowMenu(entry, r.menu) }
}

// builtText writes when an entry was built: the time today, the date before.
func builtText(t, now time.Time) string {
	t, now = t.In(time.Local), now.In(time.Local)
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return lang.L("Today {{.Time}}", map[string]any{"Time": t.Format("15:04:05")})
	}
	if t.Year() == now.Year() {
		return t.Format(lang.X("layout.thisYear", "Mon 2 Jan 15:04"))
	}
	return t.Format(lang.X("layout.date", "2 Jan 2006 15:04"))
}

// entryStatus says whether an entry's token is still valid.
func entryStatus(spec *token.Spec, now time.Time) (string, widget.Importance) {
	left := joinEnds(spec).Sub(now)
	switch {
	case left <= 0:
		return lang.L("expired"), widget.MediumImportance
	case left <= token.SoonWindow:
		return lang.L("expires {{.When}}", map[string]any{"When": countdown(now, joinEnds(spec))}), widget.WarningImportance
	}
	return lang.L("valid · {{.Span}} left", map[string]any{"Span": shortSpan(left)}), widget.SuccessImportance
}

// entryAt returns the entry at a list position when its page is in memory, and otherwise
// starts reading the page.
func (s *historyScreen) entryAt(id int) (store.Entry, bool) {
	page := id / historyPageSize
	if entries, ok := s.pages[page]; ok {
		i := id % historyPageSize
		if i < len(entries) {
			return entries[i], true
		}
		return store.Entry{}, false
	}
	s.loadPage(page)
	// Loading may have finished already, when background work runs inline.
	if entries, ok := s.pages[page]; ok && id%historyPageSize < len(entries) {
		return entries[id%historyPageSize], true
	}
	return store.Entry{}, false
}

func (s *historyScreen) loadPage(page int) {
	if s.loading[page] {
		return
	}
	s.loading[page] = true
	gen, query := s.generation, s.query
	s.ui.background(func() {
		entries, err := s.ui.deps.History.List(store.Query{Search: query, Limit: historyPageSize, Offset: page * historyPageSize})
		fyne.Do(func() {
			if gen != s.generation {
				return
			}
			delete(s.loading, page)
			if err != nil {
				fyne.LogError("reading history", err)
				s.note.Importance = widget.DangerImportance
				s.note.SetText(lang.L("The history could not be read: {{.Reason}}", map[string]any{"Reason": sentence(err)}))
				return
			}
			s.pages[page] = entries
			s.dropFarPages(page)
			if !s.inUpdate {
				s.list.Refresh()
			}
		})
	})
}

// dropFarPages keeps memory bounded however far the list is scrolled.
func (s *historyScreen) dropFarPages(current int) {
	for len(s.pages) > historyPagesKept {
		far, dist := -1, -1
		for p := range s.pages {
			if d := max(p-current, current-p); d > dist {
				far, dist = p, d
			}
		}
		delete(s.pages, far)
	}
}

// reload counts the entries that match the search and starts the list again from the top.
func (s *historyScreen) reload() {
	if s.list == nil {
		return
	}
	s.generation++
	gen, query := s.generation, s.query
	s.pages = map[int][]store.Entry{}
	s.loading = map[int]bool{}
	s.ui.background(func() {
		n, err := s.ui.deps.History.Count(query)
		fyne.Do(func() {
			if gen != s.generation {
				return
			}
			if err != nil {
				fyne.LogError("counting history", err)
				s.note.Importance = widget.DangerImportance
				s.note.SetText(lang.L("The history could not be read: {{.Reason}}", map[string]any{"Reason": sentence(err)}))
				return
			}
			s.total = n
			if n > 0 {
				s.loadPage(0)
			}
			s.showCount()
			if s.selected != nil {
				s.list.UnselectAll()
				s.setSelected(nil)
			}
			s.list.Refresh()
		})
	})
}

// reloadIfChanged reloads the list when the number of matching entries changed while it was
// not shown: another TokenDesk window, or tokendesk build --save, shares the history.
func (s *historyScreen) reloadIfChanged() {
	gen, query := s.generation, s.query
	s.ui.background(func() {
		n, err := s.ui.deps.History.Count(query)
		fyne.Do(func() {
			if err == nil && gen == s.generation && n != s.total {
				s.reload()
			}
		})
	})
}

func (s *historyScreen) showCount() {
	switch {
	case s.total == 0 && s.query == "":
		s.count.SetText("")
		s.body.Objects = []fyne.CanvasObject{s.empty}
	default:
		s.count.SetText(lang.N("{{.Count}} tokens", s.total, map[string]any{"Count": s.total}))
		s.body.Objects = []fyne.CanvasObject{s.list}
	}
	if s.total == 0 && s.query != "" {
		s.count.SetText(lang.L("No match"))
	}
	s.clearButton.Disable()
	if s.total > 0 || s.query != "" {
		s.clearButton.Enable()
	}
	s.body.Refresh()
}

func (s *historyScreen) onSearchChanged(text string) {
	s.searchSeq++
	seq := s.searchSeq
	s.ui.debounce(searchDelay, func() {
		if seq != s.searchSeq {
			return
		}
		s.query = strings.TrimSpace(text)
		s.reload()
	})
}

// setVisible refreshes the live status once a second while the screen shows.
func (s *historyScreen) setVisible(visible bool) {
	if visible && s.stopTicker == nil {
		s.list.Refresh()
		s.reloadIfChanged()
		s.stopTicker = s.ui.every(time.Second, s.list.Refresh)
	}
	if !visible && s.stopTicker != nil {
		s.stopTicker()
		s.stopTicker = nil
	}
}

func (s *historyScreen) onSelected(id widget.ListItemID) {
	e, ok := s.entryAt(id)
	if !ok {
		s.list.Unselect(id)
		return
	}
	s.setSelected(&e)
}

// setSelected enables the actions for the chosen entry.
func (s *historyScreen) setSelected(e *store.Entry) {
	s.selected = e
	buttons := []*widget.Button{s.copyButton, s.qrButton, s.decodeButton, s.reinitButton, s.freshButton, s.labelButton, s.pinButton, s.deleteButton}
	if e == nil {
		for _, b := range buttons {
			b.Disable()
		}
		s.selectedLabel.SetText(lang.L("Select a token to act on it."))
		return
	}
	for _, b := range buttons {
		b.Enable()
	}
	if e.Pinned {
		s.pinButton.SetText(lang.L("Unpin"))
	} else {
		s.pinButton.SetText(lang.L("Pin"))
	}
	s.selectedLabel.SetText(describeSpec(&e.Spec) + " · " + lang.L("built {{.Time}}", map[string]any{"Time": localTime(e.CreatedAt)}))
}

func (s *historyScreen) showRowMenu(e store.Entry, at fyne.CanvasObject) {
	pin := lang.L("Pin")
	if e.Pinned {
		pin = lang.L("Unpin")
	}
	menu := fyne.NewMenu("",
		fyne.NewMenuItem(lang.L("Copy token"), func() { s.onCopy(e) }),
		s.qrMenuItem(e),
		fyne.NewMenuItem(lang.L("Open in Decode"), func() { s.onDecode(e) }),
		fyne.NewMenuItem(lang.L("Load into Build"), func() { s.onReinit(e) }),
		fyne.NewMenuItem(lang.L("Rebuild fresh"), func() { s.onFresh(e) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Label…"), func() { s.onLabel(e) }),
		fyne.NewMenuItem(pin, func() { s.onPin(e) }),
		fyne.NewMenuItem(lang.L("Delete"), func() { s.onDelete(e) }),
	)
	c := s.ui.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(at)
	widget.ShowPopUpMenuAtPosition(menu, c, pos.Add(fyne.NewPos(0, at.Size().Height)))
}

func (s *historyScreen) withSelected(action func(store.Entry)) func() {
	return func() {
		if s.selected != nil {
			action(*s.selected)
		}
	}
}

func (s *historyScreen) onCopySelected()   { s.withSelected(s.onCopy)() }
func (s *historyScreen) onDecodeSelected() { s.withSelected(s.onDecode)() }
func (s *historyScreen) onReinitSelected() { s.withSelected(s.onReinit)() }
func (s *historyScreen) onFreshSelected()  { s.withSelected(s.onFresh)() }
func (s *historyScreen) onLabelSelected()  { s.withSelected(s.onLabel)() }
func (s *historyScreen) onPinSelected()    { s.withSelected(s.onPin)() }
func (s *historyScreen) onDeleteSelected() { s.withSelected(s.onDelete)() }

// withToken calls use with the entry's token: the one kept, or the same token rebuilt
// with the App ID's certificate when history does not keep tokens.
func (s *historyScreen) withToken(e store.Entry, use func(string)) {
	if e.Token != "" {
		use(e.Token)
		return
	}
	s.ui.background(func() {
		cert, err := s.ui.deps.Certificates.Get(e.Spec.AppID)
		var text string
		if err == nil {
			text, err = store.Rebuild(e, cert)
		}
		fyne.Do(func() {
			switch {
			case err == nil:
				use(text)
			case isNotFound(err):
				s.setNote(lang.L("History does not keep this token and no certificate is saved for its App ID: use Load into Build and type the certificate."), true)
			default:
				s.setNote(lang.L("The token could not be rebuilt: {{.Reason}}", map[string]any{"Reason": sentence(err)}), true)
			}
		})
	})
}

// setNote says how an action went; a success fades after a few seconds.
func (s *historyScreen) setNote(text string, isError bool) {
	s.note.Importance = widget.SuccessImportance
	if isError {
		s.note.Importance = widget.DangerImportance
	}
	s.note.SetText(text)
	s.noteSeq++
	if seq := s.noteSeq; !isError {
		s.ui.after(noteFor, func() {
			if seq == s.noteSeq {
				s.note.SetText("")
			}
		})
	}
}

func (s *historyScreen) onCopy(e store.Entry) {
	s.withToken(e, func(text string) {
		s.setNote(s.ui.copyToClipboard(text), false)
	})
}

func (s *historyScreen) onDecode(e store.Entry) {
	s.withToken(e, s.ui.openInDecode)
}

// onReinit fills the Build form with the entry's inputs, issue time and salt, so that Build
// gives the same token again.
func (s *historyScreen) onReinit(e store.Entry) {
	s.ui.build.loadSpec(e.Spec, true)
	s.ui.showBuild()
}

// onFresh builds the entry's inputs again with a new salt and issue time.
func (s *historyScreen) onFresh(e store.Entry) {
	b := s.ui.build
	b.loadSpec(e.Spec, false)
	s.ui.showBuild()
	s.ui.background(func() {
		cert, err := s.ui.deps.Certificates.Get(e.Spec.AppID)
		fyne.Do(func() {
			if err == nil && b.certificate.Text == "" {
				b.setCertificate(cert, certificateKeychain)
				b.update()
			}
			if !b.buildButton.Disabled() {
				b.onBuild()
			}
		})
	})
}

func (s *historyScreen) onLabel(e store.Entry) {
	entry := s.ui.newDialogEntry(false)
	entry.SetText(e.Label)
	entry.SetPlaceHolder(lang.L("e.g. QA run, customer ticket 1234"))
	d := dialog.NewForm(lang.L("Label"), lang.L("Save"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("Label"), entry)}, func(ok bool) {
		if ok {
			label := strings.TrimSpace(entry.Text)
			s.change(func() error { return s.ui.deps.History.SetLabel(e.ID, label) })
		}
	}, s.ui.win)
	d.Resize(fyne.NewSize(440, 0))
	s.ui.showDialog(d, entry)
}

func (s *historyScreen) onPin(e store.Entry) {
	s.change(func() error { return s.ui.deps.History.SetPinned(e.ID, !e.Pinned) })
}

func (s *historyScreen) onDelete(e store.Entry) {
	s.change(func() error { return s.ui.deps.History.Delete(e.ID) })
}

func (s *historyScreen) onClear() {
	s.ui.background(func() {
		n, err := s.ui.deps.History.Count("")
		fyne.Do(func() {
			if err != nil {
				s.ui.showError(err)
				return
			}
			s.confirmClear(n)
		})
	})
}

func (s *historyScreen) confirmClear(n int) {
	d := dialog.NewConfirm(lang.L("Clear history"),
		lang.N("Delete all {{.Count}} tokens from the history, pinned ones too? This cannot be undone.", n, map[string]any{"Count": n}),
		func(ok bool) {
			if ok {
				s.change(s.ui.deps.History.Clear)
			}
		}, s.ui.win)
	d.SetConfirmText(lang.L("Delete all"))
	d.SetConfirmImportance(widget.DangerImportance)
	s.ui.showDialog(d, nil)
}

// change runs a history change off the UI goroutine and reloads the list.
func (s *historyScreen) change(do func() error) {
	s.ui.background(func() {
		err := do()
		fyne.Do(func() {
			if err != nil {
				s.ui.showError(err)
			}
			s.reload()
		})
	})
}
