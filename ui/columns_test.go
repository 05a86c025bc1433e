package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestInANarrowWindowTheRequestTablesRouteKeepsRoomAndNoColumnsOverlap(t *testing.T) {
	test.NewTempApp(t)
	header := requestHeader().(*fyne.Container)
	for _, width := range []float32{868, 1200} {
		header.Resize(fyne.NewSize(width, header.MinSize().Height))
		route := header.Objects[2]
		if route.Size().Width < minFlexColumn {
			t.Errorf("at %v wide the Route column is %v wide, too narrow to read a route", width, route.Size().Width)
		}
		for i := 1; i < len(header.Objects); i++ {
			prev, o := header.Objects[i-1], header.Objects[i]
			if end := prev.Position().X + prev.Size().Width; end > o.Position().X {
				t.Errorf("at %v wide column %d ends at %v, over column %d starting at %v", width, i-1, end, i, o.Position().X)
			}
		}
		last := header.Objects[len(header.Objects)-1]
		if end := last.Position().X + last.Size().Width; end > width+0.5 {
			t.Errorf("at %v wide the last column ends at %v, outside the table", width, end)
		}
	}
}

func TestTheOpenRehearsePanelFitsAWindow900PixelsWide(t *testing.T) {
	test.NewTempApp(t)
	p := newRehearsePanel(nil)
	panel := p.buildUI()
	p.fill(defaultRehearse())
	p.accordion.Open(0)
	// 900 pixels less the window's padding on either side.
	if w := panel.MinSize().Width; w > 900-2*theme.Padding()-16 {
		t.Errorf("the open Rehearse panel needs %v pixels, more than a 900-pixel window has", w)
	}
}

func TestTheRequestTableLetsTheWindowBe900PixelsWideAndKeepsTheTimeWhole(t *testing.T) {
	test.NewTempApp(t)
	header := requestHeader().(*fyne.Container)
	if w := header.MinSize().Width; w > 900-2*theme.Padding()-16 {
		t.Errorf("the request table needs %v pixels, more than a 900-pixel window has", w)
	}
	header.Resize(fyne.NewSize(868, header.MinSize().Height))
	if w := header.Objects[0].Size().Width; w < requestColumns[0] {
		t.Errorf("at 868 wide the Time column is %v wide, less than the %v a time needs", w, requestColumns[0])
	}
}
