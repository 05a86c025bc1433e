package serve

import (
	"testing"
	"time"
)

// A window says which rehearsals shaped an answer in its own language, so the log carries
// them as values as well as the English marks.
func TestTheLogCarriesTheRehearsalsThatShapedEachAnswerAsValues(t *testing.T) {
	s := startServer(t, Config{Rehearsal: Rehearsal{ForceExpiry: time.Minute, Wrong: WrongUID, Delay: time.Millisecond}})
	do(t, "GET", s.URL()+"/rtc/demo/publisher/uid/42/", "")
	do(t, "GET", s.URL()+"/ping", "")
	if err := s.SetRehearsal(Rehearsal{FailRate: 1, FailStatus: 502}); err != nil {
		t.Fatal(err)
	}
	do(t, "GET", s.URL()+"/rtm/alice/", "")

	log := s.Requests()
	if len(log) != 3 {
		t.Fatalf("the log holds %d requests, want 3", len(log))
	}
	failed, ping, served := log[0], log[1], log[2]
	if want := (Rehearsal{ForceExpiry: time.Minute, Wrong: WrongUID, Delay: time.Millisecond}); served.Rehearsed != want {
		t.Errorf("the token served was shaped by %+v, want %+v", served.Rehearsed, want)
	}
	if ping.Rehearsed != (Rehearsal{}) || ping.Rehearsal != "" {
		t.Errorf("/ping was rehearsed: %+v %q", ping.Rehearsed, ping.Rehearsal)
	}
	if want := (Rehearsal{FailRate: 1, FailStatus: 502}); failed.Rehearsed != want || failed.Status != 502 {
		t.Errorf("the failed request was shaped by %+v with status %d, want %+v", failed.Rehearsed, failed.Status, want)
	}
}
