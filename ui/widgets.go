package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// badge is a coloured pill with a short status word, like "Valid" or "Expired".
type badge struct {
	widget.BaseWidget
	Text  string
	Color fyne.ThemeColorName
}

func newBadge() *badge {
	b := &badge{Color: theme.ColorNamePrimary}
	b.ExtendBaseWidget(b)
	return b
}

// set changes the badge's text and colour; an empty text hides it.
func (b *badge) set(text string, colorName fyne.ThemeColorName) {
	b.Text, b.Color = text, colorName
	if text == "" {
		b.Hide()
		return
	}
	b.Show()
	b.Refresh()
}

func (b *badge) CreateRenderer() fyne.WidgetRenderer {
	r := &badgeRenderer{b: b, bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", color.White)}
	r.text.TextStyle.Bold = true
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b    *badge
	bg   *canvas.Rectangle
	text *canvas.Text
}

func (r *badgeRenderer) pad() (float32, float32) {
	p := r.b.Theme().Size(theme.SizeNamePadding)
	return 3 * p, p * 1.5
}

func (r *badgeRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	ts := r.text.MinSize()
	r.text.Move(fyne.NewPos((size.Width-ts.Width)/2, (size.Height-ts.Height)/2))
	r.text.Resize(ts)
}

func (r *badgeRenderer) MinSize() fyne.Size {
	px, py := r.pad()
	ts := r.text.MinSize()
	return fyne.NewSize(ts.Width+2*px, ts.Height+2*py)
}

func (r *badgeRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	// A shade darker than the theme's colour keeps white text readable on the bright
	// success and warning colours of the light theme.
	r.bg.FillColor = th.Color(r.b.Color, v)
	r.bg.CornerRadius = r.MinSize().Height / 2
	r.text.Color = th.Color(onColor(r.b.Color), v)
	r.text.Text = r.b.Text
	r.text.TextSize = th.Size(theme.SizeNameText)
	r.bg.Refresh()
	r.text.Refresh()
}

func (r *badgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.text} }
func (r *badgeRenderer) Destroy()                     {}

// onColor is the theme's text colour for text on a colour.
func onColor(c fyne.ThemeColorName) fyne.ThemeColorName {
	switch c {
	case theme.ColorNameSuccess:
		return theme.ColorNameForegroundOnSuccess
	case theme.ColorNameWarning:
		return theme.ColorNameForegroundOnWarning
	case theme.ColorNameError:
		return theme.ColorNameForegroundOnError
	}
	return theme.ColorNameForegroundOnPrimary
}

// timelineRow is one bar of a timeline: something that starts at the timeline's start and
// ends at end, or lasts as long as the token when noExpiry is set.
type timelineRow struct {
	label    string
	end      time.Time
	noExpiry bool
}

// timeline draws issued → now → expiry for a token and each of its privileges, on one scale,
// so a privilege that ends early or has already ended shows at a glance.
type timeline struct {
	widget.BaseWidget
	start time.Time
	rows  []timelineRow // the first is the token itself
	now   time.Time
}

func newTimeline() *timeline {
	t := &timeline{}
	t.ExtendBaseWidget(t)
	return t
}

func (t *timeline) set(start time.Time, rows []timelineRow, now time.Time) {
	t.start, t.rows, t.now = start, rows, now
	t.Refresh()
}

func (t *timeline) CreateRenderer() fyne.WidgetRenderer {
	r := &timelineRenderer{t: t}
	r.Refresh()
	return r
}

const (
	timelineLabelWidth = 170
	timelineRowHeight  = 18
	timelineBarHeight  = 8
	timelineHeader     = 18
)

type timelineRenderer struct {
	t       *timeline
	objects []fyne.CanvasObject
	labels  []*canvas.Text
	tracks  []*canvas.Rectangle
	fills   []*canvas.Rectangle
	marker  *canvas.Rectangle
	nowText *canvas.Text
	left    *canvas.Text
	right   *canvas.Text
}

func (r *timelineRenderer) MinSize() fyne.Size {
	return fyne.NewSize(timelineLabelWidth+160, timelineHeader+float32(len(r.t.rows))*timelineRowHeight)
}

// scale returns the end of the scale: the latest end among the rows.
func (r *timelineRenderer) scaleEnd() time.Time {
	end := r.t.start.Add(time.Second)
	for _, row := range r.t.rows {
		if !row.noExpiry && row.end.After(end) {
			end = row.end
		}
	}
	return end
}

func (r *timelineRenderer) Layout(size fyne.Size) {
	if len(r.t.rows) == 0 {
		return
	}
	trackX := float32(timelineLabelWidth)
	trackW := max(size.Width-trackX, 1)
	start, end := r.t.start, r.scaleEnd()
	span := float32(end.Sub(start).Seconds())
	x := func(t time.Time) float32 {
		f := float32(t.Sub(start).Seconds()) / span
		return trackX + min(max(f, 0), 1)*trackW
	}
	tokenEnd := r.t.rows[0].end
	for i, row := range r.t.rows {
		y := timelineHeader + float32(i)*timelineRowHeight
		ls := r.labels[i].MinSize()
		r.labels[i].Move(fyne.NewPos(0, y+(timelineRowHeight-ls.Height)/2))
		r.labels[i].Resize(ls)
		barY := y + (timelineRowHeight-timelineBarHeight)/2
		r.tracks[i].Move(fyne.NewPos(trackX, barY))
		r.tracks[i].Resize(fyne.NewSize(trackW, timelineBarHeight))
		rowEnd := row.end
		if row.noExpiry {
			rowEnd = tokenEnd
		}
		r.fills[i].Move(fyne.NewPos(trackX, barY))
		r.fills[i].Resize(fyne.NewSize(max(x(rowEnd)-trackX, 2), timelineBarHeight))
	}
	nowX := x(r.t.now)
	r.marker.Move(fyne.NewPos(nowX-1, timelineHeader-2))
	r.marker.Resize(fyne.NewSize(2, float32(len(r.t.rows))*timelineRowHeight+2))
	ns := r.nowText.MinSize()
	r.nowText.Move(fyne.NewPos(min(max(nowX-ns.Width/2, trackX), trackX+trackW-ns.Width), 0))
	r.nowText.Resize(ns)
	r.left.Move(fyne.NewPos(trackX, 0))
	r.left.Resize(r.left.MinSize())
	rs := r.right.MinSize()
	r.right.Move(fyne.NewPos(trackX+trackW-rs.Width, 0))
	r.right.Resize(rs)
	// The end labels give way to "now" when it sits on top of them.
	r.left.Hidden = nowX-ns.Width/2 < trackX+r.left.MinSize().Width+4
	r.right.Hidden = nowX+ns.Width/2 > trackX+trackW-rs.Width-4
}

func (r *timelineRenderer) Refresh() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	small := th.Size(theme.SizeNameCaptionText)
	fg := th.Color(theme.ColorNameForeground, v)
	dim := th.Color(theme.ColorNamePlaceHolder, v)
	r.labels, r.tracks, r.fills = r.labels[:0], r.tracks[:0], r.fills[:0]
	r.objects = r.objects[:0]
	tokenEnd := time.Time{}
	if len(r.t.rows) > 0 {
		tokenEnd = r.t.rows[0].end
	}
	for _, row := range r.t.rows {
		label := canvas.NewText(row.label, fg)
		label.TextSize = small
		track := canvas.NewRectangle(th.Color(theme.ColorNameInputBackground, v))
		track.CornerRadius = timelineBarHeight / 2
		end := row.end
		if row.noExpiry {
			end = tokenEnd
		}
		fillColor := theme.ColorNameSuccess
		switch left := end.Sub(r.t.now); {
		case left <= 0:
			fillColor = theme.ColorNameError
		case left <= 5*time.Minute || end.Before(tokenEnd):
			fillColor = theme.ColorNameWarning
		}
		fill := canvas.NewRectangle(th.Color(fillColor, v))
		if row.noExpiry {
			fill.FillColor = withAlpha(fill.FillColor, 0x70)
		}
		fill.CornerRadius = timelineBarHeight / 2
		r.labels, r.tracks, r.fills = append(r.labels, label), append(r.tracks, track), append(r.fills, fill)
		r.objects = append(r.objects, label, track, fill)
	}
	r.marker = canvas.NewRectangle(fg)
	r.nowText = canvas.NewText(lang.L("now"), fg)
	r.nowText.TextSize = small
	r.nowText.TextStyle.Bold = true
	r.left = canvas.NewText(lang.L("issued {{.Time}}", map[string]any{"Time": r.t.start.In(time.Local).Format("15:04")}), dim)
	r.left.TextSize = small
	r.right = canvas.NewText(r.scaleEnd().In(time.Local).Format("15:04"), dim)
	r.right.TextSize = small
	if len(r.t.rows) > 0 {
		r.objects = append(r.objects, r.marker, r.nowText, r.left, r.right)
	}
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

func (r *timelineRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *timelineRenderer) Destroy()                     {}

func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// newBanner is a strip across the window with an icon, a sentence and optional buttons.
func newBanner(icon fyne.Resource, colorName fyne.ThemeColorName, text string, actions ...fyne.CanvasObject) *fyne.Container {
	v := fyne.CurrentApp().Settings().ThemeVariant()
	bg := canvas.NewRectangle(withAlpha(theme.Current().Color(colorName, v), 0x38))
	bg.CornerRadius = theme.InputRadiusSize()
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	right := container.NewHBox(actions...)
	row := container.NewBorder(nil, nil, widget.NewIcon(icon), right, msg)
	return container.NewStack(bg, row)
}

// hint is the small line under a field: what it wants, or what is wrong with it.
func newHint() *widget.Label {
	l := widget.NewLabel("")
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// setHint shows text under a field, in the error colour when isError.
func setHint(l *widget.Label, text string, isError bool) {
	if text == "" {
		l.Hide()
		return
	}
	l.Importance = widget.MediumImportance
	if isError {
		l.Importance = widget.DangerImportance
	}
	l.SetText(text)
	l.Show()
}

// heading is a bold section title.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// columns lays out a row in columns of fixed widths, except one that takes the room left.
// minFlexColumn is the least width the flexible column of a [columns] layout is given, and
// narrowColumn the least a fixed column wider than it is given, in a narrow window.
const (
	minFlexColumn = 120
	narrowColumn  = 72
)

type columns struct {
	widths []float32 // 0 marks the flexible column
}

// floors is what the fixed columns need at the least: each its width, up to narrowColumn.
func (c *columns) floors() (fixed, floors float32, flexible bool) {
	for _, w := range c.widths {
		fixed += w
		floors += min(w, narrowColumn)
		flexible = flexible || w == 0
	}
	return fixed, floors, flexible
}

func (c *columns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed, floors, flexible := c.floors()
	room := size.Width - pad*float32(len(c.widths)-1)
	flex := max(room-fixed, 0)
	// In a narrow window the flexible column keeps minFlexColumn, and the wide fixed
	// columns give it up in proportion to how far they are over narrowColumn, rather than
	// the flexible one shrinking to nothing.
	share := float32(1)
	if flexible && flex < minFlexColumn && fixed > floors {
		flex = min(minFlexColumn, max(room, 0))
		share = min(max((room-flex-floors)/(fixed-floors), 0), 1)
	}
	x := float32(0)
	for i, o := range objects {
		if i >= len(c.widths) {
			o.Hide()
			continue
		}
		floor := min(c.widths[i], narrowColumn)
		w := floor + (c.widths[i]-floor)*share
		if c.widths[i] == 0 {
			w = flex
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
		x += w + pad
	}
}

// MinSize is the width the columns need at the least: the fixed ones at their floors and the
// flexible one at minFlexColumn.
func (c *columns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	fixed, floors, flexible := c.floors()
	w := fixed
	if flexible {
		w = floors + minFlexColumn
	}
	return fyne.NewSize(w+theme.Padding()*float32(max(len(c.widths)-1, 0)), h)
}

var _ fyne.Layout = (*columns)(nil)

// minSize wraps o so that it is never laid out smaller than size.
func minSize(o fyne.CanvasObject, size fyne.Size) fyne.CanvasObject {
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(size)
	return container.NewStack(spacer, o)
}

// spaced is a vertical box with a little more room between sections than VBox gives.
func spaced(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewCustomPaddedVBoxLayout(theme.Padding()*2), objects...)
}

// pinIcon is a push pin, for pinned history entries (Material Icons "push_pin", Apache 2.0).
var pinIcon = &fyne.StaticResource{StaticName: "pin.svg", StaticContent: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">` +
	`<path fill="#000000" d="M16 9V4h1c.55 0 1-.45 1-1s-.45-1-1-1H7c-.55 0-1 .45-1 1s.45 1 1 1h1v5c0 1.66-1.34 3-3 3v2h5.97v7l1 1 1-1v-7H19v-2c-1.66 0-3-1.34-3-3z"/></svg>`)}

// noteLabel is a sentence that explains a section. The window has no italic text: each text
// style Fyne draws costs the parsed theme and system fonts of that style, some 4 MB of the
// window's memory (docs/performance.md).
func noteLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
