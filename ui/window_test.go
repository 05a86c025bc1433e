package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/tokendesk/tokendesk/store"
)

func TestTheWindowFitsHalfA1920PixelScreen(t *testing.T) {
	for _, language := range []string{languageEnglish, languageChinese} {
		h := newHarness(t, withSettings(func(v *store.Settings) { v.Language = language }))
		buildOne(t, h, "a-channel-with-a-long-name", "4242")
		h.ui.history.reload()
		if minimumWindowSize.Width > 900 || minimumWindowSize.Height > 640 {
			t.Errorf("the minimum window is %v", minimumWindowSize)
		}
		// The window is as small as its widest screen allows. A screen is measured once its
		// tab has been shown (see unopened), so each is shown first.
		for _, tab := range []*container.TabItem{h.ui.buildTab, h.ui.decodeTab, h.ui.historyTab, h.ui.settingsTab, h.ui.serveTab} {
			h.ui.tabs.Select(tab)
			h.relayout()
			if got := tab.Content.MinSize(); got.IsZero() || got.Width > 880 || got.Height > 600 {
				t.Errorf("%s: the %s screen cannot be made smaller than %v, too much for a 900×640 window", language, tab.Text, got)
			}
		}
	}
}

func TestDismissingTheKeychainBannerLeavesNoBlankStrip(t *testing.T) {
	h := newHarness(t, withKeychainUnavailable())
	h.relayout()
	if h.ui.tabs.Position().Y == 0 {
		t.Fatal("the banner takes no room")
	}
	sessionOnly := findButton(h.ui.banners, "Use for this session only")
	if sessionOnly == nil {
		t.Fatal("the keychain banner offers no session-only use")
	}
	test.Tap(sessionOnly)
	if y := h.ui.tabs.Position().Y; y != 0 {
		t.Errorf("the banner is gone but the tabs start %v pixels down", y)
	}
}

func TestALabelNeverHidesTheChannelInTheHistory(t *testing.T) {
	h := newHarness(t)
	buildOne(t, h, "release-check", "1")
	hs := h.ui.history
	hs.reload()
	e, _ := hs.entryAt(0)
	hs.change(func() error { return h.mem.SetLabel(e.ID, "A label long enough to fill the whole column") })
	row := hs.createRow().(*historyRow)
	hs.updateRow(0, row)
	if !strings.HasPrefix(row.channel.Text, "release-check") {
		t.Errorf("the channel column reads %q: a truncated label would hide the channel", row.channel.Text)
	}
}
