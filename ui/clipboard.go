package ui

import (
	"time"

	"fyne.io/fyne/v2/lang"
)

// clipboardClear is a clipboard clear that is due: it clears the clipboard if it still
// holds token.
type clipboardClear struct {
	token  string
	cancel func()
}

// copyToClipboard puts a token on the clipboard and returns the sentence that confirms it.
// When the settings ask for it, the clipboard is cleared again after ClipboardClearSeconds,
// but only if it still holds the token: whatever the user copied since is left alone.
func (u *UI) copyToClipboard(text string) string { return u.copyToClipboardThen(text, nil) }

// copyToClipboardThen copies as copyToClipboard does and calls cleared, when not nil, once
// the clipboard is cleared, so that what said "clears in 60 s" can say it did.
func (u *UI) copyToClipboardThen(text string, cleared func()) string {
	u.cancelClipboardClear()
	u.app.Clipboard().SetContent(text)
	secs := u.clipboardClearSeconds()
	if secs <= 0 {
		return lang.L("Token copied to the clipboard.")
	}
	pending := &clipboardClear{token: text}
	pending.cancel = u.after(time.Duration(secs)*time.Second, func() {
		if u.pendingClear == pending {
			u.pendingClear = nil
			u.clearClipboardIfHolds(text)
			if cleared != nil {
				cleared()
			}
		}
	})
	u.pendingClear = pending
	return lang.L("Copied — clears in {{.Seconds}} s", map[string]any{"Seconds": secs})
}

func (u *UI) clipboardClearSeconds() int { return u.settings.ClipboardClearSeconds }

// cancelClipboardClear forgets the clear that is due: a new copy starts its own.
func (u *UI) cancelClipboardClear() {
	if u.pendingClear != nil {
		u.pendingClear.cancel()
		u.pendingClear = nil
	}
}

// clearClipboardNow does at once the clear that is due, as the window closes: the timer
// would not outlive the app, and the token must not either.
func (u *UI) clearClipboardNow() {
	if p := u.pendingClear; p != nil {
		u.cancelClipboardClear()
		u.clearClipboardIfHolds(p.token)
	}
}

func (u *UI) clearClipboardIfHolds(text string) {
	if clip := u.app.Clipboard(); clip.Content() == text {
		clip.SetContent("")
	}
}
