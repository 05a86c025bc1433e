package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestASecondaryCertificateIsSavedBesideThePrimaryAndListed(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID, "--label", "Rotating")
	out := w.mustRun(otherCertificate+"\n", "cert", "set", "--secondary", "--app-id", testAppID)
	if !strings.Contains(out, "Saved the secondary App Certificate for "+testAppID) {
		t.Errorf("cert set --secondary says %q", out)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(w.mustRun("", "cert", "list", "--json")), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("%v %v", rows, err)
	}
	if rows[0]["certificate"] != "saved" || rows[0]["secondary"] != "saved" {
		t.Errorf("cert list --json: %v", rows)
	}
	w.mustRun("", "cert", "delete", "--secondary", "--app-id", testAppID)
	if out := w.mustRun("", "cert", "list"); !strings.Contains(out, "saved        not saved") {
		t.Errorf("after deleting the secondary, cert list shows:\n%s", out)
	}
}

func TestCertSetRefusesTheAppIDOrTheOtherCertificateOfThePair(t *testing.T) {
	w := newWorld(t)
	w.expectFailure(exitUsage, testAppID+"\n", []string{"cert", "set", "--app-id", testAppID}, "this is the App ID")
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID)
	w.expectFailure(exitUsage, testCertificate+"\n", []string{"cert", "set", "--secondary", "--app-id", testAppID}, "already the project's primary certificate")
	w.mustRun(otherCertificate+"\n", "cert", "set", "--secondary", "--app-id", testAppID)
	r := w.expectFailure(exitUsage, strings.ToUpper(otherCertificate)+"\n", []string{"cert", "set", "--app-id", testAppID}, "already the project's secondary certificate")
	if leaks(r.stderr, otherCertificate) {
		t.Errorf("the refusal repeats the certificate:\n%s", r)
	}
}

func TestVerifyingSaysWhichCertificateSigned(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID)
	w.mustRun(otherCertificate+"\n", "cert", "set", "--secondary", "--app-id", testAppID)
	build := []string{"build", "--app-id", testAppID, "--channel", "room1", "--uid", "42"}
	primary := strings.TrimSpace(w.mustRun("", build...))
	secondary := strings.TrimSpace(w.mustRun("", append(build, "--secondary")...))
	for _, c := range []struct{ token, signedWith string }{{primary, "primary"}, {secondary, "secondary"}} {
		var decoded map[string]any
		if err := json.Unmarshal([]byte(w.mustRun("", "decode", c.token, "--verify", "--json")), &decoded); err != nil {
			t.Fatal(err)
		}
		if decoded["signature"] != "valid" || decoded["signed_with"] != c.signedWith {
			t.Errorf("decode --json: signature %v signed with %v, want valid with the %s", decoded["signature"], decoded["signed_with"], c.signedWith)
		}
		if out := w.mustRun("", "decode", c.token, "--verify"); !strings.Contains(out, "valid, signed with the "+c.signedWith+" certificate") {
			t.Errorf("decode --verify does not say the %s signed:\n%s", c.signedWith, out)
		}
	}
	w.mustRun("", "cert", "delete", "--secondary", "--app-id", testAppID)
	w.expectFailure(1, "", []string{"decode", secondary, "--verify"}, "the signature is invalid")
}

func TestBuildWithTheSecondaryNeedsOneSaved(t *testing.T) {
	w := newWorld(t)
	w.expectFailure(2, "", []string{"build", "--app-id", testAppID, "--channel", "room1", "--secondary"},
		"no secondary App Certificate for App ID "+testAppID, "cert set --secondary")
	w.env[envCertificate] = testCertificate
	w.expectFailure(2, "", []string{"build", "--app-id", testAppID, "--channel", "room1", "--secondary"},
		"use one or the other")
}

func TestHistoryRebuildsATokenTheSecondarySignedWithTheSecondary(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID)
	w.mustRun(otherCertificate+"\n", "cert", "set", "--secondary", "--app-id", testAppID)
	built := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--secondary", "--save"))
	r := w.run("", "history", "rebuild", "1")
	if r.code != exitOK || strings.TrimSpace(r.stdout) != built || r.stderr != "" {
		t.Errorf("history rebuild of a token the secondary signed:\n%s\nwant %s", r, built)
	}
}
