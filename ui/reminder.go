package ui

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/token"
)

const (
	// reminderLead is how long before a token expires its reminder comes.
	reminderLead = 5 * time.Minute
	// reminderStep is how long a reminder sleeps before it looks at the clock again. A single
	// long timer would be late after the computer sleeps, since timers do not count the
	// time asleep; the wall clock does.
	reminderStep = time.Minute
)

// remindBeforeExpiry sets the reminder of a token built in this session: a desktop
// notification reminderLead before it expires, when the settings ask for expiry reminders
// at that moment. Building the same token again replaces its reminder.
func (u *UI) remindBeforeExpiry(spec token.Spec, text string) {
	if u.reminders == nil {
		u.reminders = map[string]func(){}
	}
	u.cancelReminder(text)
	expiresAt := joinEnds(&spec)
	if !u.deps.now().Before(expiresAt.Add(-reminderLead)) {
		return // it expires too soon to need a reminder: its countdown is on screen
	}
	var wait func()
	wait = func() {
		now := u.deps.now()
		remindAt := expiresAt.Add(-reminderLead)
		if now.Before(remindAt) {
			u.reminders[text] = u.after(min(remindAt.Sub(now), reminderStep), wait)
			return
		}
		delete(u.reminders, text)
		if u.settings.ExpiryReminder && now.Before(expiresAt) {
			u.app.SendNotification(expiryNotification(&spec, expiresAt, now))
		}
	}
	wait()
}

// expiryNotification tells which token expires, and when.
func expiryNotification(spec *token.Spec, expiresAt, now time.Time) *fyne.Notification {
	minutes := int(math.Ceil(expiresAt.Sub(now).Minutes()))
	return fyne.NewNotification(lang.L("Token expires soon"),
		lang.L("{{.Token}} expires at {{.Time}}, in {{.Minutes}} min.",
			map[string]any{"Token": describeSpec(spec), "Time": localTime(expiresAt), "Minutes": minutes}))
}

func (u *UI) cancelReminder(text string) {
	if cancel, ok := u.reminders[text]; ok {
		cancel()
		delete(u.reminders, text)
	}
}

// stopTimers ends the session's reminders and tooltips, and clears the clipboard if a
// clear is due, as the window closes.
func (u *UI) stopTimers() {
	for text := range u.reminders {
		u.cancelReminder(text)
	}
	if u.tips != nil {
		u.tips.hide()
	}
	u.clearClipboardNow()
}
