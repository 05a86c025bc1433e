package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestAScreenIsNeitherMeasuredNorDrawnUntilItsTabIsFirstShown(t *testing.T) {
	test.NewTempApp(t)
	label := widget.NewLabel("a screen of its own")
	screen := newUnopened(label)
	tabs := container.NewAppTabs(
		container.NewTabItem("First", widget.NewLabel("the first screen")),
		container.NewTabItem("Second", screen))
	w := test.NewTempWindow(t, tabs)
	w.Resize(fyne.NewSize(400, 300))

	if got := screen.MinSize(); !got.IsZero() {
		t.Errorf("an unopened screen measures %v, want nothing", got)
	}
	if !label.Size().IsZero() {
		t.Errorf("the unopened screen's content was laid out at %v", label.Size())
	}

	tabs.SelectIndex(1)
	if got, want := screen.MinSize(), label.MinSize(); got != want {
		t.Errorf("an opened screen measures %v, want its content's %v", got, want)
	}
	if label.Size().IsZero() {
		t.Error("the opened screen's content was not laid out")
	}

	// Hidden again, it stays open: it keeps its size for the next time.
	tabs.SelectIndex(0)
	if got, want := screen.MinSize(), label.MinSize(); got != want {
		t.Errorf("a screen opened once measures %v when hidden, want %v", got, want)
	}
}
