package ui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/token"
)

func TestPastedVectorsShowTheirFields(t *testing.T) {
	h := newHarness(t)
	s := h.ui.decode
	for _, v := range loadVectors[vector007](t, "v007.json") {
		t.Run("007 "+v.Name, func(t *testing.T) {
			// Pasted with the noise a chat window adds.
			h.ui.openInDecode("  token=\"" + v.Token[:40] + "\n" + v.Token[40:] + "\"  ")
			if s.parsed == nil {
				t.Fatalf("not decoded: %s", s.errorText.Text)
			}
			if s.version.Text != "007 (AccessToken2)" || s.appID.Text != v.AppID || s.salt.Text != strconv.FormatUint(uint64(v.Salt), 10) {
				t.Errorf("version %q, App ID %q, salt %q", s.version.Text, s.appID.Text, s.salt.Text)
			}
			if want := localTime(unixTime(int64(v.IssueTs))); s.issued.Text != want {
				t.Errorf("issued %q, want %q", s.issued.Text, want)
			}
			if want := localTime(unixTime(int64(v.IssueTs) + int64(v.Expire))); s.expires.Text != want {
				t.Errorf("expires %q, want %q", s.expires.Text, want)
			}
			if s.status.Text == "" || s.status.Text == "Valid" {
				t.Errorf("status %q for a token without its certificate", s.status.Text)
			}
			if len(s.services.Objects) == 0 || len(s.findings.Objects) == 0 {
				t.Error("no services or findings shown")
			}
		})
	}
	for _, v := range loadVectors[vector006](t, "v006.json") {
		t.Run("006 "+v.Name, func(t *testing.T) {
			h.ui.openInDecode(v.Token)
			if s.parsed == nil {
				t.Fatalf("not decoded: %s", s.errorText.Text)
			}
			if s.version.Text != "006 (AccessToken)" || s.appID.Text != v.AppID || s.salt.Text != strconv.FormatUint(uint64(v.Salt), 10) {
				t.Errorf("version %q, App ID %q, salt %q", s.version.Text, s.appID.Text, s.salt.Text)
			}
			if want := localTime(unixTime(int64(v.Ts))); s.expires.Text != want {
				t.Errorf("expires %q, want %q", s.expires.Text, want)
			}
			if !s.box006.Visible() {
				t.Error("the 006 channel and uid checks are hidden")
			}
		})
	}
}

func TestGarbageGetsASentenceNotACrash(t *testing.T) {
	h := newHarness(t)
	s := h.ui.decode
	for _, text := range []string{"hello", "007", "007!!!!", "006970CA35de60c44645bbae8a215061b33", "007eJx", "\x00\xff", "005abc"} {
		h.ui.openInDecode(text)
		if s.parsed != nil {
			t.Fatalf("%q decoded", text)
		}
		if s.status.Text != "Not a token" || !strings.HasPrefix(s.errorText.Text, "This is not a token TokenDesk can read. ") {
			t.Errorf("%q: status %q, text %q", text, s.status.Text, s.errorText.Text)
		}
		if strings.Contains(s.errorText.Text, "token: ") {
			t.Errorf("%q: the message shows the package prefix: %q", text, s.errorText.Text)
		}
		if !s.loadButton.Disabled() {
			t.Errorf("%q: Load into Build is enabled", text)
		}
	}
}

func TestSignatureIsCheckedWithTheSavedCertificate(t *testing.T) {
	v := loadVectors[vector007](t, "v007.json")[0]
	h := newHarness(t)
	h.addProject("Demo app", v.AppID, v.Certificate)
	s := h.ui.decode
	h.ui.openInDecode(v.Token)
	if !strings.HasPrefix(s.signature.Text, "Valid") {
		t.Errorf("signature: %q", s.signature.Text)
	}
	if s.certificateBox.Visible() {
		t.Error("asks for a certificate it already has")
	}
	if !strings.Contains(s.appID.Text, "Demo app") {
		t.Errorf("App ID %q does not name the project", s.appID.Text)
	}
}

func TestTypedCertificateChecksAndSavesOnlyWhenAsked(t *testing.T) {
	v := loadVectors[vector007](t, "v007.json")[0]
	h := newHarness(t)
	s := h.ui.decode
	h.ui.openInDecode(v.Token)
	if !s.certificateBox.Visible() || !strings.HasPrefix(s.signature.Text, "Not checked") {
		t.Fatalf("signature %q", s.signature.Text)
	}
	typeIn(s.certificate, strings.Repeat("a", 32))
	if s.status.Text != "Signature invalid" {
		t.Errorf("status %q with a wrong certificate", s.status.Text)
	}
	typeIn(s.certificate, v.Certificate)
	if !strings.HasPrefix(s.signature.Text, "Valid") {
		t.Errorf("signature %q with the right certificate", s.signature.Text)
	}
	if _, err := h.certs.Get(v.AppID); !isNotFound(err) {
		t.Fatal("the certificate was saved without being asked")
	}
	s.saveCertificate.SetChecked(true)
	if got, err := h.certs.Get(v.AppID); err != nil || got != v.Certificate {
		t.Fatalf("ticking the box did not save it: %v", err)
	}
}

func Test006ChannelAndUIDAreMatchedAndTheUIDRecovered(t *testing.T) {
	v := loadVectors[vector006](t, "v006.json")[0] // official_uid
	h := newHarness(t)
	s := h.ui.decode
	h.ui.openInDecode(v.Token)
	if len(s.recovered) == 0 || !containsUID(s.recovered, v.UID) {
		t.Fatalf("recovered %v, want %s among them", s.recovered, v.UID)
	}
	typeIn(s.channel006, "wrong")
	if s.channelMatch.Text != "✗ no match" {
		t.Errorf("channel mark %q", s.channelMatch.Text)
	}
	typeIn(s.channel006, v.Channel)
	typeIn(s.uid006, v.UID)
	if s.channelMatch.Text != "✓ matches" || s.uidMatch.Text != "✓ matches" {
		t.Errorf("marks %q, %q", s.channelMatch.Text, s.uidMatch.Text)
	}
	typeIn(s.certificate, v.Certificate)
	if !strings.HasPrefix(s.signature.Text, "Valid") {
		t.Errorf("signature %q", s.signature.Text)
	}
}

func containsUID(uids []uint32, s string) bool {
	for _, u := range uids {
		if strconv.FormatUint(uint64(u), 10) == s {
			return true
		}
	}
	return false
}

func TestDiagnosisListsFindingsWithSeverityIcons(t *testing.T) {
	h := newHarness(t)
	spec := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "c", UID: 1, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, PerPrivilege: &token.PrivilegeExpires{Join: 3600, Audio: 60, Video: 3600, Data: 3600},
		IssuedAt: uint32(testNow.Unix()) - 120, Salt: 1}
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	h.ui.openInDecode(text)
	s := h.ui.decode
	report := token.Diagnose(s.parsed, token.Context{}, testNow)
	if len(s.findings.Objects) != len(report.Findings) {
		t.Fatalf("%d rows for %d findings", len(s.findings.Objects), len(report.Findings))
	}
	if !report.Has(token.CodePrivilegeExpired) {
		t.Fatal("the sample lost its expired privilege")
	}
}

// notFromABuilder are the 007 vectors that test one service on its own, or values no
// builder writes: no form can make them, and Load into Build says so.
var notFromABuilder = map[string]bool{"fpa": true, "apaas_room_user": true, "convoai": true, "stt": true, "all_services": true}

func TestLoadIntoBuildReproducesEvery007VectorThatABuilderMakes(t *testing.T) {
	h := newHarness(t)
	b := h.ui.build
	for _, v := range loadVectors[vector007](t, "v007.json") {
		t.Run(v.Name, func(t *testing.T) {
			b.loadSpec(token.Spec{Kind: token.KindRTC}, false)
			h.ui.openInDecode(v.Token)
			h.ui.decode.onLoadIntoBuild()
			if notFromABuilder[v.Name] {
				if b.appID.Text != "" {
					t.Error("a token no builder makes was loaded")
				}
				return
			}
			if b.appID.Text != v.AppID {
				t.Fatalf("not loaded: App ID %q", b.appID.Text)
			}
			typeIn(b.certificate, v.Certificate)
			if v.Name == "unicode_account" {
				// Agora's SDKs refuse such an account; the form says so rather than build it.
				if !b.buildButton.Disabled() {
					t.Error("Build is enabled for an account the SDKs refuse")
				}
				return
			}
			if b.buildButton.Disabled() {
				t.Fatalf("Build is disabled: %s", b.problem.Text)
			}
			h.buildAnyway()
			sameToken(t, b.tokenOutput.Text, v.Token)
		})
	}
}

func TestLoadIntoBuildAsksFor006ChannelAndUID(t *testing.T) {
	h := newHarness(t)
	d := h.ui.decode
	for _, v := range loadVectors[vector006](t, "v006.json") {
		t.Run(v.Name, func(t *testing.T) {
			h.ui.openInDecode(v.Token)
			typeIn(d.channel006, v.Channel)
			p := d.parsed.V006
			uid := v.UID
			spec, err := specFrom006(p, v.Channel, uid)
			if err != nil {
				t.Fatal(err)
			}
			d.loadIntoBuild(spec)
			b := h.ui.build
			typeIn(b.certificate, v.Certificate)
			if b.buildButton.Disabled() {
				t.Fatalf("Build is disabled: %s", b.problem.Text)
			}
			h.buildAnyway()
			if b.tokenOutput.Text != v.Token {
				t.Fatalf("got\n%s\nwant\n%s", b.tokenOutput.Text, v.Token)
			}
		})
	}
}

func TestSpecFrom006RefusesTheWrongChannel(t *testing.T) {
	v := loadVectors[vector006](t, "v006.json")[0]
	p, err := token.Parse(v.Token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := specFrom006(p.V006, "not-the-channel", v.UID); err == nil {
		t.Fatal("a channel the token was not built for was accepted")
	}
}
