package serve

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// clock is a clock a test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 29, 10, 41, 13, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestAForcedExpiryGivesTheTokenAndItsPrivilegesThatLifetime(t *testing.T) {
	s := startServer(t, Config{Rehearsal: Rehearsal{ForceExpiry: 60 * time.Second}})
	r := get(t, s.URL()+"/rtc/room/publisher/uid/42/?expiry=3600")
	tok := verified(t, r.json["rtcToken"])
	if tok.Expire != 60 {
		t.Errorf("the token lives %d s, want 60", tok.Expire)
	}
	for _, p := range tok.Service(token.ServiceRTC).Privileges {
		if p.Value != 60 {
			t.Errorf("privilege %d lives %d s, want 60", p.ID, p.Value)
		}
	}
	logged := s.Requests()[0]
	if logged.Rehearsal != "expiry 60s" || logged.Expiry != 60 {
		t.Errorf("the log says rehearsal %q and expiry %d, want \"expiry 60s\" and 60", logged.Rehearsal, logged.Expiry)
	}
	rte := get(t, s.URL()+"/rte/room/publisher/uid/42/")
	for _, key := range []string{"rtcToken", "rtmToken"} {
		if got := verified(t, rte.json[key]).Expire; got != 60 {
			t.Errorf("the /rte %s lives %d s, want 60", key, got)
		}
	}
}

// failures sends n token requests, with a ping between each, and writes which failed.
func failures(t *testing.T, s *Server, n int) string {
	var pattern strings.Builder
	for i := range n {
		r := get(t, fmt.Sprintf("%s/rtc/room/publisher/uid/%d", s.URL(), i+1))
		switch r.status {
		case 200:
			pattern.WriteByte('.')
		case 503:
			pattern.WriteByte('x')
		default:
			t.Fatalf("a token request got %d, want 200 or the failure status 503", r.status)
		}
		if p := get(t, s.URL()+"/ping"); p.status != 200 {
			t.Fatalf("a rehearsed failure hit /ping: %d", p.status)
		}
	}
	return pattern.String()
}

func TestTheSameSeedFailsTheSameRequestsAndNeverPing(t *testing.T) {
	rehearsal := Rehearsal{FailRate: 0.3, Seed: 42}
	first := failures(t, startServer(t, Config{Rehearsal: rehearsal}), 40)
	second := failures(t, startServer(t, Config{Rehearsal: rehearsal}), 40)
	if first != second {
		t.Fatalf("seed 42 failed\n%s\nthen\n%s", first, second)
	}
	if n := strings.Count(first, "x"); n == 0 || n == 40 {
		t.Fatalf("a failure rate of 0.3 failed %d of 40 requests: %s", n, first)
	}
	other := failures(t, startServer(t, Config{Rehearsal: Rehearsal{FailRate: 0.3, Seed: 43}}), 40)
	if other == first {
		t.Errorf("seeds 42 and 43 fail the same requests: %s", first)
	}
}

func TestChangingTheRehearsalStartsTheFailuresAgainFromTheSeed(t *testing.T) {
	s := startServer(t, Config{})
	rehearsal := Rehearsal{FailRate: 0.5, Seed: 7, FailStatus: 500}
	if err := s.SetRehearsal(rehearsal); err != nil {
		t.Fatal(err)
	}
	var first, second []int
	for i := range 20 {
		first = append(first, get(t, fmt.Sprintf("%s/rtm/u%d", s.URL(), i)).status)
	}
	if err := s.SetRehearsal(rehearsal); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		second = append(second, get(t, fmt.Sprintf("%s/rtm/u%d", s.URL(), i)).status)
	}
	if fmt.Sprint(first) != fmt.Sprint(second) {
		t.Errorf("after setting the same rehearsal again the failures differ:\n%v\n%v", first, second)
	}
	failed := 0
	for _, r := range s.Requests() {
		if r.Status == 500 {
			failed++
			if r.Rehearsal != "fail 500" {
				t.Errorf("a rehearsed failure is marked %q, want \"fail 500\"", r.Rehearsal)
			}
		}
	}
	if failed == 0 {
		t.Error("a failure rate of 0.5 with status 500 failed no request")
	}
	if st := s.Stats(); st.Rehearsed != uint64(failed) || st.Errors != uint64(failed) {
		t.Errorf("the counters say %+v, want %d rehearsed errors", st, failed)
	}
}

func TestADelayHoldsTheTokenBackButNotPing(t *testing.T) {
	const delay = 300 * time.Millisecond
	s := startServer(t, Config{Rehearsal: Rehearsal{Delay: delay}})
	began := time.Now()
	r := get(t, s.URL()+"/rtc/room/publisher/uid/9")
	if waited := time.Since(began); waited < delay || r.status != 200 {
		t.Errorf("the token came after %s with %d, want at least %s and 200", waited, r.status, delay)
	}
	get(t, s.URL()+"/ping")
	logged := s.Requests()
	if logged[1].Rehearsal != "delay 300ms" || logged[1].Duration < delay {
		t.Errorf("the delayed request is logged as %q taking %s", logged[1].Rehearsal, logged[1].Duration)
	}
	if logged[0].Rehearsal != "" {
		t.Errorf("/ping is marked as rehearsed: %q", logged[0].Rehearsal)
	}
}

func TestEachWrongTokenIsDiagnosedAsThatKindOfWrong(t *testing.T) {
	cases := []struct {
		wrong Wrong
		path  string
		ctx   token.Context
		code  string
	}{
		{WrongUID, "/rtc/room/publisher/uid/42/", token.Context{Channel: "room", UID: "42"}, token.CodeUIDMismatch},
		{WrongUID, "/rtc/room/publisher/userAccount/alice/", token.Context{Channel: "room", Account: "alice"}, token.CodeUIDMismatch},
		{WrongChannel, "/rtc/room/publisher/uid/42/", token.Context{Channel: "room", UID: "42"}, token.CodeChannelMismatch},
		{WrongRole, "/rtc/room/publisher/uid/42/", token.Context{Channel: "room", UID: "42"}, token.CodeSubscriberNoPub},
		{WrongCertificate, "/rtc/room/publisher/uid/42/", token.Context{Channel: "room", UID: "42"}, token.CodeSignatureInvalid},
		{WrongExpired, "/rtc/room/publisher/uid/42/", token.Context{Channel: "room", UID: "42"}, token.CodeExpired},
		{WrongExpired, "/rtm/alice/", token.Context{Account: "alice", Use: token.ServiceRTM}, token.CodeExpired},
	}
	for _, c := range cases {
		t.Run(string(c.wrong)+" "+c.path, func(t *testing.T) {
			clk := newClock()
			s := startServer(t, Config{Rehearsal: Rehearsal{Wrong: c.wrong}, Now: clk.now})
			r := get(t, s.URL()+c.path)
			text := r.json["rtcToken"]
			if text == nil {
				text = r.json["rtmToken"]
			}
			p, err := token.Parse(fmt.Sprint(text))
			if err != nil {
				t.Fatalf("%d %s: %v", r.status, r.body, err)
			}
			c.ctx.AppID, c.ctx.Certificate = testAppID, testCertificate
			report := token.Diagnose(p, c.ctx, clk.now())
			if !report.Has(c.code) {
				t.Errorf("the wrong %s token is diagnosed %v, want %s", c.wrong, report.Findings, c.code)
			}
			if c.wrong != WrongCertificate && report.Signature != token.SignatureValid {
				t.Errorf("the wrong %s token should still be signed with the project's certificate: %s", c.wrong, report.Signature)
			}
			if got := s.Requests()[0].Rehearsal; got != "wrong "+string(c.wrong) {
				t.Errorf("the log marks it %q", got)
			}
		})
	}
}

func TestARehearsalOutOfItsLimitsIsRefusedAndTheOldOneKept(t *testing.T) {
	s := startServer(t, Config{Rehearsal: Rehearsal{Delay: time.Second}})
	for _, r := range []Rehearsal{
		{ForceExpiry: 9 * time.Second}, {ForceExpiry: 25 * time.Hour}, {FailRate: 1.5}, {FailRate: -0.1},
		{FailStatus: 200, FailRate: 0.1}, {Delay: 31 * time.Second}, {Wrong: "everything"},
	} {
		if err := s.SetRehearsal(r); !errors.Is(err, ErrConfig) {
			t.Errorf("the rehearsal %+v gave %v, want ErrConfig", r, err)
		}
	}
	if got := s.Rehearsal(); got.Delay != time.Second {
		t.Errorf("after refusals the rehearsal is %+v, want the old one", got)
	}
}

func TestServedTokensGoToTheHistoryLabelledWithRouteAndRehearsal(t *testing.T) {
	st, err := store.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := New(Config{AppID: testAppID, Certificate: testCertificate, Project: "Demo", Listen: "127.0.0.1:0", Save: st})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	get(t, s.URL()+"/rtc/room/publisher/uid/42/")
	if err := s.SetRehearsal(Rehearsal{Wrong: WrongUID}); err != nil {
		t.Fatal(err)
	}
	get(t, s.URL()+"/rte/room/publisher/uid/7/")
	get(t, s.URL()+"/rtm/0/") // refused: nothing to save
	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	entries, err := st.List(store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]int{}
	for _, e := range entries {
		labels[e.Label]++
		if e.Project != "Demo" {
			t.Errorf("an entry is for project %q, want Demo", e.Project)
		}
		rebuilt, err := store.Rebuild(e, testCertificate)
		if err != nil || rebuilt != e.Token {
			t.Errorf("the entry %q does not rebuild its token: %v", e.Label, err)
		}
	}
	want := map[string]int{
		"served /rtc/room/publisher/uid/42/":                       1,
		"served /rte/room/publisher/uid/7/ (rehearsal: wrong uid)": 2,
	}
	if fmt.Sprint(labels) != fmt.Sprint(want) {
		t.Errorf("the history holds %v, want %v", labels, want)
	}
	if s.Stats().SaveFailures != 0 {
		t.Errorf("%d tokens were not saved", s.Stats().SaveFailures)
	}
}
