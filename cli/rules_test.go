package cli

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/token"
)

// build006Hour builds and saves a 006 RTC token whose privileges last an hour.
func (w *world) build006Hour() string {
	w.t.Helper()
	w.env[envCertificate] = testCertificate
	return strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--format", "006", "--channel", "room1",
		"--uid", "42", "--expire", "1h", "--save"))
}

func TestA006TokenOfOneHourIsShownAsJoinableForAnHourInDecodeAndHistory(t *testing.T) {
	w := newWorld(t)
	text := w.build006Hour()
	decoded := w.mustRun("", "decode", text)
	if !strings.Contains(decoded, "Join until  2023-11-14 23:13:20 UTC, in 1 hour") {
		t.Errorf("decode does not say joining stops in an hour:\n%s", decoded)
	}
	if !strings.Contains(decoded, "Token ts    2023-11-15 22:13:20 UTC, in 24 hours") {
		t.Errorf("decode does not keep the 24-hour ts as a detail:\n%s", decoded)
	}
	list := w.mustRun("", "history", "list")
	if !strings.Contains(list, "in 1 hour") || strings.Contains(list, "in 24 hours") {
		t.Errorf("history list does not say the token is joinable for an hour:\n%s", list)
	}
	id := strconv.FormatInt(w.listJSON()[0].ID, 10)
	if show := w.mustRun("", "history", "show", id); !strings.Contains(show, "Join until  2023-11-14 23:13:20 UTC, in 1 hour") {
		t.Errorf("history show does not say joining stops in an hour:\n%s", show)
	}
}

func TestA006TokenOfOneHourHasOneWarningForItsFourPrivileges(t *testing.T) {
	w := newWorld(t)
	decoded := w.mustRun("", "decode", w.build006Hour())
	if n := strings.Count(decoded, "privilege-expires-before-token"); n != 1 {
		t.Errorf("decode shows %d privilege warnings; want one for all four:\n%s", n, decoded)
	}
	if !strings.Contains(decoded, "joinChannel, publishAudioStream, publishVideoStream, publishDataStream") {
		t.Errorf("the one warning does not name the four privileges:\n%s", decoded)
	}
}

func TestIssuedAtTakesRFC3339AsWellAsUnixSeconds(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	args := []string{"build", "--app-id", testAppID, "--channel", "room1", "--uid", "42", "--salt", "7", "--issued-at"}
	unix := w.mustRun("", append(args, "1700000000")...)
	rfc := w.mustRun("", append(args, "2023-11-14T22:13:20Z")...)
	zoned := w.mustRun("", append(args, "2023-11-15T06:13:20+08:00")...)
	if unix != rfc || unix != zoned {
		t.Errorf("the same moment gave different tokens:\n%s%s%s", unix, rfc, zoned)
	}
}

func TestAnFPATokenLastsTwentyFourHoursByDefaultAsTheOfficialBuilder(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	p, err := token.Parse(strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--service", "fpa")))
	if err != nil {
		t.Fatal(err)
	}
	if p.V007.Expire != 24*60*60 {
		t.Errorf("an fpa token lasts %d s; want 86400", p.V007.Expire)
	}
	p, _ = token.Parse(strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--service", "fpa", "--expire", "2h")))
	if p.V007.Expire != 7200 {
		t.Errorf("--expire 2h gave an fpa token of %d s", p.V007.Expire)
	}
}

func TestDecodeJSONWritesAnEmptyListForAnRTM2PermissionWithoutResources(t *testing.T) {
	spec := token.Spec{Kind: token.KindRTM2, AppID: testAppID, UserID: "dave", Role: token.RolePublisher, Expire: 600,
		PrivilegeExpire: 600, IssuedAt: 1700000000, Salt: 1,
		RTM2: []token.RTM2Resource{{Type: 0, Permissions: []token.RTM2Permission{{Type: 0}}}}}
	text, err := spec.Build(testCertificate)
	if err != nil {
		t.Fatal(err)
	}
	out := newWorld(t).mustRun("", "decode", "--json", text)
	if !strings.Contains(out, `"read": []`) || strings.Contains(out, "null") {
		t.Errorf("decode --json does not write [] for the permission:\n%s", out)
	}
}

func TestCertSetWithoutALabelRecordsTheAppIDSoCertListShowsIt(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID)
	if out := w.mustRun("", "cert", "list"); !strings.Contains(out, testAppID+"  970CA35d…  saved") {
		t.Errorf("cert list does not show the App ID whose certificate was just saved:\n%s", out)
	}
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID, "--label", "QA")
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID)
	if out := w.mustRun("", "cert", "list"); !strings.Contains(out, testAppID+"  QA     saved") {
		t.Errorf("saving the certificate again without a label renamed the project:\n%s", out)
	}
}

func TestDecodeSaysHowToCheckA006RTMTokensSignatureAndItIsValidThen(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	text := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--format", "006", "--service", "rtm", "--user", "alice"))
	if decoded := w.mustRun("", "decode", text); !strings.Contains(decoded, "--channel USER_ID --uid 0") {
		t.Errorf("decode of a 006 RTM token does not say how to check its signature:\n%s", decoded)
	}
	w.expectFailure(exitUsage, "", []string{"decode", text, "--verify"}, "give --channel USER_ID and --uid 0 with --verify")
	if verified := w.mustRun("", "decode", text, "--verify", "--channel", "alice", "--uid", "0"); !strings.Contains(verified, "Signature   valid") {
		t.Errorf("following the advice does not check the signature:\n%s", verified)
	}
}

func TestExplainSaysA006TokenOfOneHourLetsUsersJoinForAnHour(t *testing.T) {
	w := newWorld(t)
	text := w.build006Hour()
	out := w.mustRun("", "explain", "joining with "+text+" failed: code 109")
	if !strings.Contains(out, "join until 2023-11-14 23:13:20 UTC (in 1 hour)") || strings.Contains(out, "in 24 hours") {
		t.Errorf("explain does not say joining stops in an hour:\n%s", out)
	}
}
