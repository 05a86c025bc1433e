package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDiffSaysWhatMattersForJoiningAndExitsOneWhenTheyDiffer(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID)
	a := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--uid", "42", "--expire", "1h"))
	b := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--uid", "0", "--expire", "24h"))
	r := w.run("", "diff", a, b)
	if r.code != exitInvalid {
		t.Fatalf("want exit 1: %s", r)
	}
	want := "They differ in uid (42 vs 0) and expiry (1 hour vs 24 hours). Both signatures verify with the primary certificate."
	if !strings.HasPrefix(r.stdout, want) {
		t.Errorf("diff says:\n%s\nwant it to start %q", r.stdout, want)
	}
	var got struct {
		Same        bool   `json:"same"`
		Verdict     string `json:"verdict"`
		Differences []struct{ Field, A, B string }
		Signatures  struct {
			A struct {
				Signature  string `json:"signature"`
				SignedWith string `json:"signed_with"`
			} `json:"a"`
		} `json:"signatures"`
	}
	r = w.run("", "diff", a, b, "--json")
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != exitInvalid {
		t.Fatalf("%v %s", err, r)
	}
	if got.Same || got.Verdict != want || got.Differences[0].Field != "rtc.uid" || got.Differences[0].A != "42" ||
		got.Differences[0].B != "0" || got.Signatures.A.SignedWith != "primary" {
		t.Errorf("diff --json: %+v", got)
	}
}

func TestDiffOfTokensBuiltAgainForTheSameAccessExitsZero(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	build := []string{"build", "--app-id", testAppID, "--channel", "room1", "--uid", "42"}
	a := strings.TrimSpace(w.mustRun("", build...))
	w.now = w.now.Add(10 * 60e9)
	b := strings.TrimSpace(w.mustRun("", build...))
	out := w.mustRun("", "diff", `{"token":"`+a+`"}`, "token="+b)
	if !strings.HasPrefix(out, "They grant the same access; only the issue time and salt differ.") {
		t.Errorf("diff says:\n%s", out)
	}
}

func TestDiffOfSomethingThatIsNotATokenExitsTwo(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	a := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1"))
	w.expectFailure(exitUsage, "", []string{"diff", a, "hello"}, "B is not a token")
	w.expectFailure(exitUsage, "", []string{"diff", a}, "diff compares two tokens")
}
