package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// spec006Hour is a 006 RTC token issued at the test clock whose privileges last an hour.
func spec006Hour(h *harness) token.Spec {
	return token.Spec{Format: token.Version006, Kind: token.KindRTC, AppID: sampleAppID, Channel: "room", UID: 42,
		Role: token.RolePublisher, Expire: token.Lifetime006, PrivilegeExpire: 3600, IssuedAt: uint32(h.now.Unix()), Salt: 7}
}

func TestDecodeSaysA006TokenOfOneHourLetsUsersJoinForAnHour(t *testing.T) {
	h := newHarness(t)
	spec := spec006Hour(h)
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	h.ui.openInDecode(text)
	s := h.ui.decode
	if s.expiresTitle.Text != "Join allowed until" {
		t.Errorf("the row is titled %q", s.expiresTitle.Text)
	}
	if want := localTime(h.now.Add(time.Hour)); s.expires.Text != want {
		t.Errorf("joining allowed until %q, want %q (an hour, not the 24-hour ts)", s.expires.Text, want)
	}
	if s.countdown.Text != "in 1 h 00 min 00 s" {
		t.Errorf("the countdown says %q", s.countdown.Text)
	}
	if want := localTime(h.now.Add(24 * time.Hour)); !strings.Contains(s.lifetime.Text, want) {
		t.Errorf("the lifetime %q does not give the ts %q as a detail", s.lifetime.Text, want)
	}
}

func TestHistorySaysA006TokenOfOneHourHasAnHourLeft(t *testing.T) {
	h := newHarness(t)
	spec := spec006Hour(h)
	if err := h.mem.Add(&store.Entry{Spec: spec}); err != nil {
		t.Fatal(err)
	}
	hs := h.ui.history
	h.ui.showHistory()
	row := hs.createRow()
	hs.updateRow(0, row)
	if got := row.(*historyRow).status.Text; got != "valid · 1 h left" {
		t.Errorf("the history says %q of a token that lets users join for an hour", got)
	}
}
