package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestScreensRenderAsBefore guards the layout of each screen with a markup snapshot in
// testdata/. After a deliberate change, copy the new markup from testdata/failed/.
func TestScreensRenderAsBefore(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	b := h.ui.build

	h.relayout()
	test.AssertRendersToMarkup(t, "build_empty.xml", h.ui.win.Canvas())

	b.selectProjectByAppID(sampleAppID)
	typeIn(b.channel, "demo/room")
	typeIn(b.user, "42")
	h.relayout()
	test.AssertRendersToMarkup(t, "build_invalid.xml", h.ui.win.Canvas())

	typeIn(b.channel, "demo-room")
	test.Tap(b.buildButton)
	h.relayout()
	test.AssertRendersToMarkup(t, "build.xml", h.ui.win.Canvas())

	v := loadVectors[vector007](t, "v007.json")[5] // rtc_plus_rtm
	h.ui.openInDecode(v.Token)
	h.relayout()
	test.AssertRendersToMarkup(t, "decode.xml", h.ui.win.Canvas())

	h.ui.openInDecode("007 not a token")
	h.relayout()
	test.AssertRendersToMarkup(t, "decode_garbage.xml", h.ui.win.Canvas())

	h.ui.openInDecode(logExcerpt(t))
	h.relayout()
	test.AssertRendersToMarkup(t, "decode_explained.xml", h.ui.win.Canvas())

	h.ui.showHistory()
	h.relayout()
	test.AssertRendersToMarkup(t, "history.xml", h.ui.win.Canvas())
}
