package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tooltipDelay is how long the pointer rests on a button before its tooltip shows.
const tooltipDelay = 600 * time.Millisecond

// tipLayer draws the tooltips of the window's icon buttons. Fyne 2.7 has no tooltips of its
// own, and a PopUp will not do: while an overlay shows it takes every click, so the click
// on the button under the tooltip would only close the tooltip. The layer is a sheet over
// the window content holding no widget, so clicks and hovers pass through it.
type tipLayer struct {
	after func(time.Duration, func()) (cancel func())
	layer *fyne.Container
	bg    *canvas.Rectangle
	text  *canvas.Text

	owner  *tipButton // the button whose tooltip shows or is due
	cancel func()     // cancels a tooltip that is due
}

// tipLayer returns the window's tooltip layer, making it on first use.
func (u *UI) tipLayer() *tipLayer {
	if u.tips == nil {
		u.tips = newTipLayer(u.after)
	}
	return u.tips
}

func newTipLayer(after func(time.Duration, func()) func()) *tipLayer {
	t := &tipLayer{after: after, bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", color.Black)}
	t.bg.Hide()
	t.text.Hide()
	t.layer = container.NewWithoutLayout(t.bg, t.text)
	return t
}

// over puts the layer above content: the window's, which is made anew when the language
// changes, so a tooltip of the old content goes.
func (t *tipLayer) over(content fyne.CanvasObject) fyne.CanvasObject {
	t.hide()
	return container.NewStack(content, t.layer)
}

// showing returns the text of the tooltip on show, or "".
func (t *tipLayer) showing() string {
	if !t.text.Visible() {
		return ""
	}
	return t.text.Text
}

func (t *tipLayer) hoverStart(b *tipButton) {
	t.hide()
	t.owner = b
	t.cancel = t.after(tooltipDelay, func() {
		t.cancel = nil
		if t.owner == b {
			t.show(b)
		}
	})
}

func (t *tipLayer) hoverEnd(b *tipButton) {
	if t.owner == b {
		t.hide()
	}
}

func (t *tipLayer) hide() {
	if t.cancel != nil {
		t.cancel()
		t.cancel = nil
	}
	t.owner = nil
	if t.text.Visible() {
		t.bg.Hide()
		t.text.Hide()
		t.layer.Refresh()
	}
}

// show puts b's tooltip under it, or above it near the bottom of the window.
func (t *tipLayer) show(b *tipButton) {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(b)
	// A button in a dialog lies under the dialog's overlay, where the layer cannot draw.
	if c == nil || c != d.CanvasForObject(t.layer) || c.Overlays().Top() != nil || !b.Visible() || b.tip == "" {
		return
	}
	th := b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	pad := th.Size(theme.SizeNamePadding)
	t.text.Text = b.tip
	t.text.TextSize = th.Size(theme.SizeNameCaptionText)
	t.text.Color = th.Color(theme.ColorNameForeground, v)
	t.bg.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	t.bg.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	t.bg.StrokeWidth = 1
	t.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)

	textSize := t.text.MinSize()
	size := fyne.NewSize(textSize.Width+2*pad, textSize.Height+pad)
	at := d.AbsolutePositionForObject(b).Subtract(d.AbsolutePositionForObject(t.layer))
	area := t.layer.Size()
	x := at.X + (b.Size().Width-size.Width)/2
	x = max(min(x, area.Width-size.Width-pad), pad)
	y := at.Y + b.Size().Height + pad/2
	if y+size.Height > area.Height {
		y = at.Y - size.Height - pad/2
	}
	pos := fyne.NewPos(x, y)
	t.bg.Move(pos)
	t.bg.Resize(size)
	t.text.Move(pos.Add(fyne.NewPos(pad, pad/2)))
	t.text.Resize(textSize)
	t.bg.Show()
	t.text.Show()
	t.layer.Refresh()
}

// tipButton is a button, usually an icon alone, that says what it does in a tooltip once
// the pointer rests on it.
type tipButton struct {
	widget.Button
	tip  string
	tips *tipLayer
}

var _ desktop.Hoverable = (*tipButton)(nil)

func newTipButton(tips *tipLayer, icon fyne.Resource, tip string, tapped func()) *tipButton {
	b := &tipButton{tip: tip, tips: tips}
	b.Icon = icon
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// setTip changes the tooltip, also while it shows.
func (b *tipButton) setTip(tip string) {
	b.tip = tip
	if b.tips.owner == b && b.tips.showing() != "" {
		b.tips.show(b)
	}
}

// MouseIn starts the tooltip's delay.
func (b *tipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.tips.hoverStart(b)
}

// MouseOut hides the tooltip.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	b.tips.hoverEnd(b)
}

// Tapped hides the tooltip, which has done its job, and presses the button.
func (b *tipButton) Tapped(e *fyne.PointEvent) {
	b.tips.hoverEnd(b)
	b.Button.Tapped(e)
}

// revealButton replaces the eye icon of a certificate entry with a button that says what
// it does and that Tab reaches.
func (u *UI) revealButton(e *widget.Entry) *tipButton {
	b := newTipButton(u.tipLayer(), nil, "", nil)
	b.Importance = widget.LowImportance
	update := func() {
		if e.Password {
			b.SetIcon(theme.VisibilityOffIcon())
			b.setTip(lang.L("Show the certificate"))
		} else {
			b.SetIcon(theme.VisibilityIcon())
			b.setTip(lang.L("Hide the certificate"))
		}
	}
	b.OnTapped = func() {
		e.Password = !e.Password
		e.Refresh()
		update()
	}
	update()
	e.ActionItem = b
	return b
}

// newRowMenuButton is the ⋮ button at the end of a history row.
func newRowMenuButton(tips *tipLayer) *tipButton {
	return newTipButton(tips, theme.MoreVerticalIcon(), lang.L("Actions for this token"), nil)
}
