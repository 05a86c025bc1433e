package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestACopiedTokenIsClearedFromTheClipboardAfterSixtySeconds(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	built := buildOne(t, h, "demo", "42")
	clip := h.ui.app.Clipboard()

	test.Tap(h.ui.build.copyButton)
	if got := h.ui.build.copyNote.Text; got != "Copied — clears in 60 s" {
		t.Errorf("copy note %q does not say when the clipboard clears", got)
	}
	clock.advance(59 * time.Second)
	if clip.Content() != built {
		t.Fatal("the clipboard was cleared before 60 s")
	}
	clock.advance(time.Second)
	if got := clip.Content(); got != "" {
		t.Errorf("after 60 s the clipboard still holds %q", got)
	}
}

func TestTheClipboardIsLeftAloneWhenItHoldsSomethingElse(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	buildOne(t, h, "demo", "42")
	clip := h.ui.app.Clipboard()

	test.Tap(h.ui.build.copyButton)
	clip.SetContent("the user's own text")
	clock.advance(time.Minute)
	if got := clip.Content(); got != "the user's own text" {
		t.Errorf("the clear took what the user copied since: clipboard %q", got)
	}
}

func TestZeroSecondsNeverClearsTheClipboard(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	h.ui.settings.ClipboardClearSeconds = 0
	built := buildOne(t, h, "demo", "42")

	test.Tap(h.ui.build.copyButton)
	if got := h.ui.build.copyNote.Text; got != "Token copied to the clipboard." {
		t.Errorf("copy note %q", got)
	}
	if h.ui.pendingClear != nil {
		t.Error("a clear is due although the setting is off")
	}
	clock.advance(24 * time.Hour)
	if h.ui.app.Clipboard().Content() != built {
		t.Error("the clipboard was cleared although the setting is off")
	}
}

func TestCopyingAgainStartsTheDelayAgain(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	h.ui.settings.ClipboardClearSeconds = 30
	built := buildOne(t, h, "demo", "42")
	clip := h.ui.app.Clipboard()

	test.Tap(h.ui.build.copyButton)
	clock.advance(20 * time.Second)
	test.Tap(h.ui.build.copyButton)
	if got := h.ui.build.copyNote.Text; got != "Copied — clears in 30 s" {
		t.Errorf("copy note %q", got)
	}
	clock.advance(20 * time.Second)
	if clip.Content() != built {
		t.Fatal("the first copy's clear cut the second one short")
	}
	clock.advance(10 * time.Second)
	if clip.Content() != "" {
		t.Error("the clipboard was not cleared 30 s after the second copy")
	}
}

func TestHistoryCopyAndTheShortcutClearTheClipboardToo(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	built := buildOne(t, h, "demo", "42")
	clip := h.ui.app.Clipboard()
	shortcuts := h.ui.win.Canvas().(fyne.Shortcutable)

	clip.SetContent("")
	shortcuts.TypedShortcut(shortcutCopyToken)
	if clip.Content() != built || h.ui.build.copyNote.Text != "Copied — clears in 60 s" {
		t.Fatalf("Ctrl+Shift+C on Build: clipboard %q, note %q", clip.Content(), h.ui.build.copyNote.Text)
	}
	clock.advance(time.Minute)
	if clip.Content() != "" {
		t.Fatal("the token copied with Ctrl+Shift+C stayed on the clipboard")
	}

	h.ui.showHistory()
	hs := h.ui.history
	hs.list.Select(0)
	test.Tap(hs.copyButton)
	if clip.Content() != built || hs.note.Text != "Copied — clears in 60 s" {
		t.Fatalf("History Copy: clipboard %q, note %q", clip.Content(), hs.note.Text)
	}
	clock.advance(time.Minute)
	if clip.Content() != "" {
		t.Fatal("the token copied from History stayed on the clipboard")
	}

	shortcuts.TypedShortcut(shortcutCopyToken)
	if clip.Content() != built {
		t.Fatal("Ctrl+Shift+C on History did not copy the selected token")
	}
}

func TestClosingTheWindowClearsATokenStillOnTheClipboard(t *testing.T) {
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	buildOne(t, h, "demo", "42")
	test.Tap(h.ui.build.copyButton)

	h.ui.win.Close()
	if got := h.ui.app.Clipboard().Content(); got != "" {
		t.Errorf("the token outlived the window on the clipboard: %q", got)
	}
}
