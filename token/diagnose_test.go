package token

import (
	"strings"
	"testing"
	"time"
)

func mustParse(t *testing.T, s Spec) *Parsed {
	t.Helper()
	text, err := s.Build(sampleCertificate)
	return mustParseBuilt(t, text, err)
}

// mustParseBuilt parses a token that was just built, failing the test if either step failed.
func mustParseBuilt(t *testing.T, text string, err error) *Parsed {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func rtcSpec() Spec {
	return Spec{Kind: KindRTC, AppID: sampleAppID, Channel: "room", UID: 123, Role: RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: 9}
}

func TestDiagnoseFindsWhatStopsAJoin(t *testing.T) {
	issued := time.Unix(1700000000, 0)
	cases := []struct {
		name     string
		spec     func(*Spec)
		ctx      Context
		now      time.Time
		code     string
		severity Severity
		says     string
	}{
		{"an expired token", nil, Context{}, issued.Add(2 * time.Hour), CodeExpired, Error, "1 hour ago"},
		{"a token issued in the future", nil, Context{}, issued.Add(-10 * time.Minute), CodeNotYetValid, Error, "10 minutes in the future"},
		{"a token about to expire", nil, Context{}, issued.Add(57 * time.Minute), CodeExpiresSoon, Warning, "3 minutes"},
		{"a lifetime over 24 hours", func(s *Spec) { s.Expire, s.PrivilegeExpire = 48*3600, 48*3600 }, Context{}, issued, CodeLifetimeOverCap, Warning, "24 hours"},
		{"a privilege ending before the token", func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{3600, 600, 3600, 3600} }, Context{}, issued, CodePrivilegeEarly, Warning, "publishAudioStream"},
		{"a privilege already expired", func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{600, 3600, 3600, 3600} }, Context{}, issued.Add(20 * time.Minute), CodePrivilegeExpired, Error, "joinChannel"},
		{"a privilege outliving the token", func(s *Spec) { s.PrivilegeExpire = 7200 }, Context{}, issued, CodePrivilegeLate, Info, "after the token"},
		{"a privilege of value 0", func(s *Spec) { s.PrivilegeExpire = 0 }, Context{}, issued, CodePrivilegeZero, Info, "value 0"},
		{"uid 0", func(s *Spec) { s.UID = 0 }, Context{}, issued, CodeUIDZero, Info, "any user"},
		{"another uid", nil, Context{UID: "124"}, issued, CodeUIDMismatch, Error, "uid 124"},
		{"an account where the client joins with a uid", func(s *Spec) { s.Account = "alice" }, Context{UID: "123"}, issued, CodeUIDAccountMismatch, Error, `account "alice"`},
		{"a uid where the client joins with an account", nil, Context{Account: "alice"}, issued, CodeUIDAccountMismatch, Error, "numeric uid 123"},
		{"another account", func(s *Spec) { s.Account = "alice" }, Context{Account: "bob"}, issued, CodeUIDMismatch, Error, `"bob"`},
		{"another channel", nil, Context{Channel: "lobby"}, issued, CodeChannelMismatch, Error, `"lobby"`},
		{"another App ID", nil, Context{AppID: "0123456789abcdef0123456789abcdef"}, issued, CodeAppIDMismatch, Error, "0123456789abcdef0123456789abcdef"},
		{"a subscriber", func(s *Spec) { s.Role = RoleSubscriber }, Context{}, issued, CodeSubscriberNoPub, Info, "co-host authentication"},
		{"an RTC token used for RTM", nil, Context{Use: ServiceRTM}, issued, CodeNoRTM, Error, "RTM"},
		{"an RTM token used for RTC", func(s *Spec) { s.Kind, s.UserID = KindRTM, "u" }, Context{Use: ServiceRTC}, issued, CodeNoRTC, Error, "channel"},
		{"a wrong certificate", nil, Context{Certificate: "00000000000000000000000000000000"}, issued, CodeSignatureInvalid, Error, "not signed"},
		{"no certificate", nil, Context{}, issued, CodeSignatureUnchecked, Info, "not checked"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := rtcSpec()
			if c.spec != nil {
				c.spec(&s)
			}
			r := diagnose(t, mustParse(t, s), c.ctx, c.now)
			for _, f := range r.Findings {
				if f.Code == c.code {
					if f.Severity != c.severity || !strings.Contains(f.Message, c.says) {
						t.Errorf("got %s %q, want a %s saying %q", f.Severity, f.Message, c.severity, c.says)
					}
					return
				}
			}
			t.Errorf("no %s finding in %+v", c.code, r.Findings)
		})
	}
}

func TestAHealthyTokenUsedAsBuiltHasNoWarnings(t *testing.T) {
	s := rtcSpec()
	r := diagnose(t, mustParse(t, s), Context{AppID: sampleAppID, Channel: "room", UID: "123", Use: ServiceRTC, Certificate: sampleCertificate},
		time.Unix(1700000000+60, 0))
	if r.Signature != SignatureValid || r.Worst() != Info || len(r.Findings) != 0 {
		t.Errorf("signature %s, findings %+v", r.Signature, r.Findings)
	}
}

// A 006 token's privileges always end before its 24-hour ts: that is how long it lets the
// user in, not a fault of the token. It says so, as information.
func TestAHealthy006TokenUsedAsBuiltHasNoWarnings(t *testing.T) {
	s := rtcSpec()
	s.Format = Version006
	r := diagnose(t, mustParse(t, s), Context{AppID: sampleAppID, Channel: "room", UID: "123", Use: ServiceRTC, Certificate: sampleCertificate},
		time.Unix(1700000000+60, 0))
	if r.Signature != SignatureValid || r.Worst() != Info {
		t.Errorf("signature %s, findings %+v", r.Signature, r.Findings)
	}
	early := 0
	for _, f := range r.Findings {
		if f.Code == CodePrivilegeEarly {
			early++
		}
	}
	if early != 1 {
		t.Errorf("%d findings that the privileges end before the token, want 1: %+v", early, r.Findings)
	}
}

func TestDiagnoseListsTheMostSeriousFindingsFirst(t *testing.T) {
	s := rtcSpec()
	s.UID = 0
	r := diagnose(t, mustParse(t, s), Context{Channel: "other"}, time.Unix(1800000000, 0))
	for i := 1; i < len(r.Findings); i++ {
		if r.Findings[i].Severity > r.Findings[i-1].Severity {
			t.Fatalf("finding %d (%s) after a less serious one", i, r.Findings[i].Severity)
		}
	}
	if r.Findings[0].Severity != Error {
		t.Errorf("first finding %+v", r.Findings[0])
	}
}

func TestA006TokenIsVerifiedOnlyWithItsChannelAndUid(t *testing.T) {
	s := rtcSpec()
	s.Format = Version006
	p := mustParse(t, s)
	at := time.Unix(1700000000, 0)
	if r := diagnose(t, p, Context{Certificate: sampleCertificate}, at); r.Signature != SignatureUnchecked {
		t.Errorf("without channel and uid: %s", r.Signature)
	}
	if r := diagnose(t, p, Context{Certificate: sampleCertificate, Channel: "room", UID: "123"}, at); r.Signature != SignatureValid {
		t.Errorf("with them: %s %v", r.Signature, r.SignatureError)
	}
	r := diagnose(t, p, Context{Certificate: sampleCertificate, Channel: "room", UID: "124"}, at)
	if r.Signature != SignatureInvalid || !r.Has(CodeUIDMismatch) {
		t.Errorf("with another uid: %s %+v", r.Signature, r.Findings)
	}
}

func TestAnUnknownServiceIsReportedWithWhatCameBeforeIt(t *testing.T) {
	tok := Token007{AppID: sampleAppID, IssuedAt: 1700000000, Expire: 600, Salt: 1,
		Services: []Service{NewRTCService("room", "1", RolePublisher, 600), {Type: 42, Privileges: []Privilege{{1, 600}}}}}
	text, err := tok.Build(sampleCertificate)
	p := mustParseBuilt(t, text, err)
	if len(p.V007.Services) != 1 || p.V007.Unknown == nil || p.V007.Unknown.Type != 42 {
		t.Fatalf("services %+v unknown %+v", p.V007.Services, p.V007.Unknown)
	}
	if err := p.V007.Verify(sampleCertificate); err != nil {
		t.Errorf("the signature covers the unknown service too: %v", err)
	}
	if r := diagnose(t, p, Context{}, time.Unix(1700000000, 0)); !r.Has(CodeUnknownService) {
		t.Errorf("findings %+v", r.Findings)
	}
}
