package serve

import (
	"strings"
	"testing"
	"time"
)

// A scripted client renews on time, another late and a third never, with 60-second tokens
// and a clock moved by hand: the timeline tells each apart.
func TestTheRenewalTimelineTellsOnTimeLateAndNever(t *testing.T) {
	clk := newClock()
	s := startServer(t, Config{Now: clk.now, Rehearsal: Rehearsal{ForceExpiry: time.Minute}})
	ask := func(uid string) {
		t.Helper()
		if r := get(t, s.URL()+"/rtc/room/publisher/uid/"+uid+"/"); r.status != 200 {
			t.Fatalf("uid %s got %d", uid, r.status)
		}
	}
	start := clk.now()
	ask("42")                     // on time: renews 28 s before each expiry
	ask("7")                      // never renews
	ask("9")                      // renews 12 s late
	clk.advance(32 * time.Second) // 32 s: 28 s before 42's first token expires
	ask("42")
	clk.advance(32 * time.Second) // 64 s: 28 s before 42's second token expires
	ask("42")
	clk.advance(8 * time.Second) // 72 s: 9's token expired 12 s ago
	ask("9")

	now := start.Add(100 * time.Second)
	timeline := s.Timeline(now)
	got := map[string]ClientTimeline{}
	for _, c := range timeline {
		got[c.UID] = c
	}
	if len(timeline) != 3 || timeline[0].UID != "42" || timeline[1].UID != "7" || timeline[2].UID != "9" {
		t.Fatalf("the timeline lists %v, want uid 42, 7 and 9 in the order they first asked", timeline)
	}
	on := got["42"]
	if on.Verdict != RenewedInTime || on.Margin != 28*time.Second || len(on.Served) != 3 {
		t.Errorf("uid 42: %v %s with %d tokens, want renewed in time, 28 s, 3 tokens", on.Verdict, on.Margin, len(on.Served))
	}
	if want := "uid 42 renewed 28 s before expiry"; on.Summary() != want {
		t.Errorf("uid 42 says %q, want %q", on.Summary(), want)
	}
	never := got["7"]
	if never.Verdict != NeverRenewed || !never.ExpiredAt.Equal(start.Add(time.Minute)) {
		t.Errorf("uid 7: %v expired at %s, want never renewed, expired at %s", never.Verdict, never.ExpiredAt, start.Add(time.Minute))
	}
	if want := "uid 7 never renewed; its token expired at 10:42:13"; never.Summary() != want {
		t.Errorf("uid 7 says %q, want %q", never.Summary(), want)
	}
	late := got["9"]
	if late.Verdict != RenewedLate || late.Margin != 12*time.Second {
		t.Errorf("uid 9: %v by %s, want renewed late by 12 s", late.Verdict, late.Margin)
	}
	if !strings.HasPrefix(late.Summary(), "uid 9 renewed late: 12 s after") {
		t.Errorf("uid 9 says %q", late.Summary())
	}
	for _, c := range timeline {
		for _, served := range c.Served {
			if served.Rehearsal != "expiry 60s" {
				t.Errorf("a token on the timeline is not marked as rehearsed: %q", served.Rehearsal)
			}
		}
	}
}

func TestATokenStillValidIsWaitingNotNeverRenewed(t *testing.T) {
	at := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	reqs := []Request{{Seq: 1, Time: at, Client: "10.0.0.5", Service: ServiceRTM, UID: "alice", Account: true,
		Status: 200, Token: "007x", ExpiresAt: at.Add(time.Hour)}}
	c := Timeline(reqs, at.Add(59*time.Minute))[0]
	if c.Verdict != Waiting || c.Summary() != "account alice has a token valid until 10:00:00" {
		t.Errorf("a valid token reads %v: %q", c.Verdict, c.Summary())
	}
	if c := Timeline(reqs, at.Add(time.Hour))[0]; c.Verdict != NeverRenewed {
		t.Errorf("at its expiry the token reads %v, want never renewed", c.Verdict)
	}
}

func TestFailedRequestsAndOtherClientsDoNotCountAsRenewals(t *testing.T) {
	at := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	reqs := []Request{
		{Seq: 1, Time: at, Client: "10.0.0.5", Service: ServiceRTC, UID: "1", Status: 200, Token: "007a", ExpiresAt: at.Add(time.Minute)},
		{Seq: 2, Time: at.Add(30 * time.Second), Client: "10.0.0.5", Service: ServiceRTC, UID: "1", Status: 503, Rehearsal: "fail 503"},
		{Seq: 3, Time: at.Add(40 * time.Second), Client: "10.0.0.6", Service: ServiceRTC, UID: "1", Status: 200, Token: "007b", ExpiresAt: at.Add(100 * time.Second)},
	}
	timeline := Timeline(reqs, at.Add(90*time.Second))
	if len(timeline) != 2 || timeline[0].Verdict != NeverRenewed || timeline[1].Verdict != Waiting {
		t.Errorf("the timeline is %+v, want the first client never renewed and the second waiting", timeline)
	}
}
