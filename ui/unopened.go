package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// unopened holds a screen until the first time its tab is shown. Until then it has no
// minimum size and passes no refresh on, so the window neither measures nor draws a screen
// the user has not opened: its widgets get no renderers, and the fonts of the text styles
// only it uses are not loaded. Each style Fyne draws costs 3 to 4 MB of parsed theme and
// system fonts, the monospace of Decode's token fields among them (docs/performance.md).
// A light/dark switch of the desktop that Fyne follows walks every widget, unopened ones
// too, and loads their fonts after all: the screens still work, only the saving is gone.
//
// The tabs show a screen by resizing it, which opens it for good. A screen's own code must
// not draw its widgets before then either: it sets their fields rather than calling their
// setters, each of which draws the widget.
type unopened struct {
	widget.BaseWidget
	content fyne.CanvasObject
	opened  bool
}

func newUnopened(content fyne.CanvasObject) *unopened {
	u := &unopened{content: content}
	u.ExtendBaseWidget(u)
	return u
}

func (u *unopened) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(u.content) }

func (u *unopened) Resize(size fyne.Size) {
	if !size.IsZero() {
		u.opened = true
	}
	u.BaseWidget.Resize(size)
}

func (u *unopened) Show() {
	u.opened = true
	u.BaseWidget.Show()
}

func (u *unopened) MinSize() fyne.Size {
	if !u.opened {
		return fyne.Size{}
	}
	return u.BaseWidget.MinSize()
}

func (u *unopened) Refresh() {
	if u.opened {
		u.BaseWidget.Refresh()
	}
}
