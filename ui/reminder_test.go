package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// reminderHarness is a window with expiry reminders on and a fake clock.
func reminderHarness(t *testing.T) (*harness, *fakeClock) {
	t.Helper()
	clock := &fakeClock{}
	h := newHarness(t, withFakeClock(clock))
	h.ui.settings.ExpiryReminder = true
	return h, clock
}

func TestAReminderComesFiveMinutesBeforeABuiltTokenExpires(t *testing.T) {
	h, clock := reminderHarness(t)
	buildOne(t, h, "demo", "42") // the form's default: valid for 1 hour

	test.AssertNotificationSent(t, nil, func() { clock.advance(55*time.Minute - time.Second) })
	want := fyne.NewNotification("Token expires soon", describeSpec(&h.ui.build.built)+" expires at "+
		localTime(testNow.Add(time.Hour))+", in 5 min.")
	test.AssertNotificationSent(t, want, func() { clock.advance(time.Second) })
	test.AssertNotificationSent(t, nil, func() { clock.advance(time.Hour) })
}

func TestEachBuiltTokenHasItsOwnReminder(t *testing.T) {
	h, clock := reminderHarness(t)
	buildOne(t, h, "first", "1")
	first := describeSpec(&h.ui.build.built)
	clock.advance(10 * time.Minute)
	buildOne(t, h, "second", "2")
	second := describeSpec(&h.ui.build.built)
	if n := len(h.ui.reminders); n != 2 {
		t.Fatalf("%d reminders for 2 tokens", n)
	}
	test.AssertNotificationSent(t, fyne.NewNotification("Token expires soon",
		first+" expires at "+localTime(testNow.Add(time.Hour))+", in 5 min."), func() {
		clock.advance(45 * time.Minute)
	})
	test.AssertNotificationSent(t, fyne.NewNotification("Token expires soon",
		second+" expires at "+localTime(testNow.Add(70*time.Minute))+", in 5 min."), func() {
		clock.advance(10 * time.Minute)
	})
	if n := len(h.ui.reminders); n != 0 {
		t.Errorf("%d reminders left after both were sent", n)
	}
}

func TestNoReminderWhenTheSettingIsOff(t *testing.T) {
	h, clock := reminderHarness(t)
	h.ui.settings.ExpiryReminder = false
	buildOne(t, h, "demo", "42")
	test.AssertNotificationSent(t, nil, func() { clock.advance(2 * time.Hour) })
}

func TestTheSettingIsReadWhenTheReminderIsDue(t *testing.T) {
	h, clock := reminderHarness(t)
	h.ui.settings.ExpiryReminder = false
	buildOne(t, h, "demo", "42")
	clock.advance(30 * time.Minute)
	h.ui.settings.ExpiryReminder = true // turned on in Settings after the build
	test.AssertNotificationSent(t, fyne.NewNotification("Token expires soon", describeSpec(&h.ui.build.built)+
		" expires at "+localTime(testNow.Add(time.Hour))+", in 5 min."), func() {
		clock.advance(25 * time.Minute)
	})
}

func TestATokenShorterThanTheLeadGetsNoReminder(t *testing.T) {
	h, clock := reminderHarness(t)
	s := h.ui.build
	s.model.setLifetime(4 * 60)
	s.update()
	buildOne(t, h, "demo", "42")
	if len(h.ui.reminders) != 0 {
		t.Error("a reminder was set for a token that expires within the lead")
	}
	test.AssertNotificationSent(t, nil, func() { clock.advance(time.Hour) })
}

func TestClosingTheWindowCancelsTheReminders(t *testing.T) {
	h, clock := reminderHarness(t)
	buildOne(t, h, "demo", "42")
	h.ui.win.Close()
	if clock.pending() != 0 {
		t.Errorf("%d timers still run after the window closed", clock.pending())
	}
	test.AssertNotificationSent(t, nil, func() { clock.advance(2 * time.Hour) })
}

func TestAReminderIsOnTimeAfterTheComputerSlept(t *testing.T) {
	h, clock := reminderHarness(t)
	buildOne(t, h, "demo", "42")
	// Asleep for 57 minutes: the wall clock moves on, the timers do not.
	h.now = h.now.Add(57 * time.Minute)
	test.AssertNotificationSent(t, fyne.NewNotification("Token expires soon", describeSpec(&h.ui.build.built)+
		" expires at "+localTime(testNow.Add(time.Hour))+", in 3 min."), func() {
		clock.advance(time.Minute)
	})
}
