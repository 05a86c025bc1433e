package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// rowMenuButton returns the ⋮ button of the first history row.
func rowMenuButton(t *testing.T, h *harness) *tipButton {
	t.Helper()
	list := h.ui.history.list
	top := onCanvas(h, list)
	for _, o := range objectsIn(list) {
		// The list also holds a row it only measures, outside the window.
		if r, ok := o.(*historyRow); ok && r.Visible() && onCanvas(h, r).Y >= top.Y && r.Size().Width > 0 {
			return r.menu
		}
	}
	t.Fatal("the history shows no row")
	return nil
}

// onCanvas is where o is in the canvas's own coordinates, the ones of the mouse and of a
// capture: the test driver gives positions within the canvas padding.
func onCanvas(h *harness, o fyne.CanvasObject) fyne.Position {
	inset, _ := h.ui.win.Canvas().InteractiveArea()
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Add(inset)
}

// center is the middle of o, in canvas coordinates.
func center(h *harness, o fyne.CanvasObject) fyne.Position {
	return onCanvas(h, o).Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
}

func TestAnIconButtonSaysWhatItDoesWhenThePointerRestsOnIt(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	buildOne(t, h, "demo", "42")
	h.ui.showHistory()
	h.relayout()
	c := h.ui.win.Canvas()
	menu := rowMenuButton(t, h)
	tips := h.ui.tipLayer()

	test.MoveMouse(c, center(h, menu))
	clock.advance(tooltipDelay - time.Millisecond)
	if tips.showing() != "" {
		t.Fatal("the tooltip shows before the pointer has rested")
	}
	clock.advance(time.Millisecond)
	if got := tips.showing(); got != "Actions for this token" {
		t.Fatalf("tooltip %q", got)
	}
	tipPos := fyne.CurrentApp().Driver().AbsolutePositionForObject(tips.bg)
	menuPos := fyne.CurrentApp().Driver().AbsolutePositionForObject(menu)
	if tipPos.Y < menuPos.Y+menu.Size().Height && tipPos.Y+tips.bg.Size().Height > menuPos.Y {
		t.Error("the tooltip covers its button")
	}
	if right := tipPos.X + tips.bg.Size().Width; tipPos.X < 0 || right > c.Size().Width {
		t.Errorf("the tooltip runs off the window: %v to %v", tipPos.X, right)
	}

	// The tooltip lets the click through to the button under the pointer.
	test.TapCanvas(c, center(h, menu))
	if tips.showing() != "" {
		t.Error("the tooltip stays after the click")
	}
	if c.Overlays().Top() == nil {
		t.Error("the click did not reach the button: no row menu")
	}
}

func TestATooltipGoesWhenThePointerLeavesEarly(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	buildOne(t, h, "demo", "42")
	h.ui.showHistory()
	h.relayout()
	c := h.ui.win.Canvas()
	menu := rowMenuButton(t, h)

	test.MoveMouse(c, center(h, menu))
	clock.advance(tooltipDelay / 2)
	test.MoveMouse(c, fyne.NewPos(5, 5))
	clock.advance(time.Second)
	if got := h.ui.tipLayer().showing(); got != "" {
		t.Errorf("tooltip %q after the pointer left", got)
	}

	test.MoveMouse(c, center(h, menu))
	clock.advance(time.Second)
	test.MoveMouse(c, fyne.NewPos(5, 5))
	if got := h.ui.tipLayer().showing(); got != "" {
		t.Errorf("tooltip %q stays after the pointer left", got)
	}
}

func TestTheCertificateEyeSaysWhatItWillDo(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	h.relayout()
	s := h.ui.build
	eye, ok := s.certificate.ActionItem.(*tipButton)
	if !ok {
		t.Fatalf("the certificate entry's button is a %T", s.certificate.ActionItem)
	}
	test.MoveMouse(h.ui.win.Canvas(), center(h, eye))
	clock.advance(tooltipDelay)
	if got := h.ui.tipLayer().showing(); got != "Show the certificate" {
		t.Errorf("tooltip %q", got)
	}
	test.Tap(eye)
	if s.certificate.Password || eye.tip != "Hide the certificate" {
		t.Errorf("after a tap: concealed %v, tooltip %q", s.certificate.Password, eye.tip)
	}
	test.Tap(eye)
	if !s.certificate.Password || eye.tip != "Show the certificate" {
		t.Errorf("after a second tap: concealed %v, tooltip %q", s.certificate.Password, eye.tip)
	}
	d, ok := h.ui.decode.certificate.ActionItem.(*tipButton)
	if !ok || d.tip != "Show the certificate" {
		t.Error("the Decode screen's certificate has no eye that says what it does")
	}
}
