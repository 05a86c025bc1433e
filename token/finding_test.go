package token

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"
)

// findingScenario is one use of a token, chosen to make Diagnose say one sentence.
type findingScenario struct {
	name string
	p    *Parsed
	ctx  Context
	now  time.Time
}

// findingScenarios together make Diagnose say every sentence it has.
func findingScenarios(t *testing.T) []findingScenario {
	t.Helper()
	issued := time.Unix(1700000000, 0)
	spec := func(edit func(*Spec)) *Parsed {
		s := rtcSpec()
		if edit != nil {
			edit(&s)
		}
		return mustParse(t, s)
	}
	spec006 := func(edit func(*Spec)) *Parsed {
		return spec(func(s *Spec) {
			s.Format = Version006
			if edit != nil {
				edit(s)
			}
		})
	}
	raw := func(tok Token007) *Parsed {
		text, err := tok.Build(sampleCertificate)
		return mustParseBuilt(t, text, err)
	}
	return []findingScenario{
		{"another App ID", spec(nil), Context{AppID: "0123456789abcdef0123456789abcdef"}, issued},
		{"no certificate", spec(nil), Context{}, issued},
		{"a 006 certificate without channel and uid", spec006(nil), Context{Certificate: sampleCertificate}, issued},
		{"a wrong certificate", spec(nil), Context{Certificate: "00000000000000000000000000000000"}, issued},
		{"a certificate that is not one", spec(nil), Context{Certificate: "short"}, issued},
		{"issued in the future", spec(nil), Context{}, issued.Add(-90 * time.Minute)},
		{"expired", spec(nil), Context{}, issued.Add(4 * time.Hour)},
		{"expires soon", spec(nil), Context{}, issued.Add(3590 * time.Second)},
		{"over the cap", spec(func(s *Spec) { s.Expire, s.PrivilegeExpire = 48*3600, 48*3600 }), Context{}, issued},
		{"a privilege of value 0", spec(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{0, 3600, 3600, 3600} }), Context{}, issued},
		{"a privilege expired", spec(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{600, 3600, 3600, 3600} }), Context{}, issued.Add(20 * time.Minute)},
		{"a privilege ending early", spec(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{3600, 600, 3600, 3600} }), Context{}, issued},
		{"a privilege outliving the token", spec(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{5400, 3600, 3600, 3600} }), Context{}, issued},
		{"privileges of value 0", spec(func(s *Spec) { s.PrivilegeExpire = 0 }), Context{}, issued},
		{"privileges expired", spec(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{600, 600, 3600, 3600} }), Context{}, issued.Add(20 * time.Minute)},
		{"privileges ending early", spec(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{3600, 600, 600, 3600} }), Context{}, issued},
		{"privileges outliving the token", spec(func(s *Spec) { s.PrivilegeExpire = 5400 }), Context{}, issued},
		{"a 006 privilege of value 0", spec006(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{0, 86400, 86400, 86400} }), Context{}, issued},
		{"a 006 privilege expired", spec006(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{600, 86400, 86400, 86400} }), Context{}, issued.Add(2 * time.Hour)},
		{"a 006 privilege ending early", spec006(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{86400, 600, 86400, 86400} }), Context{}, issued},
		{"a 006 privilege outliving the token", spec006(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{2 * 86400, 86400, 86400, 86400} }), Context{}, issued},
		{"006 privileges of value 0", spec006(func(s *Spec) { s.PrivilegeExpire = 0 }), Context{}, issued},
		{"006 privileges expired", spec006(func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{600, 600, 86400, 86400} }), Context{}, issued.Add(2 * time.Hour)},
		{"006 privileges ending early", spec006(func(s *Spec) { s.PrivilegeExpire = 3600 }), Context{}, issued},
		{"006 privileges outliving the token", spec006(func(s *Spec) { s.PrivilegeExpire = 2 * 86400 }), Context{}, issued},
		{"an unknown service", raw(Token007{AppID: sampleAppID, IssuedAt: 1700000000, Expire: 600, Salt: 1,
			Services: []Service{NewRTCService("room", "1", RolePublisher, 600), {Type: 42, Privileges: []Privilege{{1, 600}}}}}), Context{}, issued},
		{"an RTC token used for RTM", spec(nil), Context{Use: ServiceRTM}, issued},
		{"an RTM token used for RTC", spec(func(s *Spec) { s.Kind, s.UserID = KindRTM, "u" }), Context{Use: ServiceRTC}, issued},
		{"a 006 RTC token used for RTM", spec006(nil), Context{Use: ServiceRTM}, issued},
		{"a 006 RTM token used for RTC", spec006(func(s *Spec) { s.Kind, s.UserID = KindRTM, "u" }), Context{Use: ServiceRTC}, issued},
		{"a channel the SDK refuses", raw(Token007{AppID: sampleAppID, IssuedAt: 1700000000, Expire: 600, Salt: 1,
			Services: []Service{NewRTCService("room/1", "7", RolePublisher, 600)}}), Context{}, issued},
		{"another channel", spec(nil), Context{Channel: "lobby"}, issued},
		{"another 006 channel", spec006(nil), Context{Channel: "lobby"}, issued},
		{"a subscriber", spec(func(s *Spec) { s.Role = RoleSubscriber }), Context{}, issued},
		{"a 006 subscriber", spec006(func(s *Spec) { s.Role = RoleSubscriber }), Context{}, issued},
		{"uid 0", spec(func(s *Spec) { s.UID = 0 }), Context{}, issued},
		{"006 uid 0", spec006(func(s *Spec) { s.UID = 0 }), Context{}, issued},
		{"an account joined with a uid", spec(func(s *Spec) { s.Account = "alice" }), Context{UID: "123"}, issued},
		{"another uid", spec(nil), Context{UID: "124"}, issued},
		{"a uid joined with an account", spec(nil), Context{Account: "alice"}, issued},
		{"another account", spec(func(s *Spec) { s.Account = "alice" }), Context{Account: "bob"}, issued},
		{"another 006 uid", spec006(nil), Context{Account: "bob"}, issued},
		{"an empty signature", tamper(t, nil, rtcToken(sampleAppID), nil), Context{}, issued},
		{"bytes after the services", tamper(t, make([]byte, 32), rtcToken(sampleAppID), []byte("junk")), Context{}, issued},
		{"a service written twice", raw(Token007{AppID: sampleAppID, IssuedAt: 1700000000, Expire: 600, Salt: 1,
			Services: []Service{NewRTCService("room", "1", RolePublisher, 600), NewRTCService("room", "2", RolePublisher, 600)}}), Context{}, issued},
		{"an App ID that is not hexadecimal", tamper(t, make([]byte, 32), rtcToken("not-an-app-id-but-32-characters!"), nil), Context{}, issued},
	}
}

// rtcToken is an RTC token for the App ID, not yet signed.
func rtcToken(appID string) Token007 {
	return Token007{AppID: appID, IssuedAt: 1700000000, Expire: 600, Salt: 1, Services: []Service{NewRTCService("room", "1", RolePublisher, 600)}}
}

// tamper writes a 007 token no builder would: with this signature, and with trailing bytes
// after its services.
func tamper(t *testing.T, signature []byte, tok Token007, trailing []byte) *Parsed {
	t.Helper()
	content := append(appendBytes(nil, signature), tok.appendSigningInfo(nil)...)
	content = append(content, trailing...)
	var compressed bytes.Buffer
	zw := zlib.NewWriter(&compressed)
	zw.Write(content)
	zw.Close()
	p, err := Parse(Version007 + base64.StdEncoding.EncodeToString(compressed.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// diagnose is Diagnose for the tests: every finding it returns is checked by checkFinding.
func diagnose(t testing.TB, p *Parsed, ctx Context, now time.Time) Report {
	t.Helper()
	r := Diagnose(p, ctx, now)
	for _, f := range r.Findings {
		checkFinding(t, f)
	}
	return r
}

// templateField matches a field of a finding's template.
var templateField = regexp.MustCompile(`{{\.(\w+)}}`)

// checkFinding checks that a finding's Message is its Template filled in from its Params,
// that the Template is one FindingTemplates lists, and that every span is there in seconds.
func checkFinding(t testing.TB, f Finding) {
	t.Helper()
	if !slices.Contains(FindingTemplates(), f.Template) {
		t.Errorf("the template %q of %s is not in FindingTemplates", f.Template, f.Code)
	}
	tmpl, err := template.New("").Option("missingkey=error").Parse(f.Template)
	if err != nil {
		t.Fatalf("the template %q: %v", f.Template, err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, f.Params); err != nil {
		t.Errorf("the template %q with %v: %v", f.Template, f.Params, err)
	} else if b.String() != f.Message {
		t.Errorf("the template fills in to\n%q\nbut the message is\n%q", b.String(), f.Message)
	}
	used := map[string]bool{}
	for _, m := range templateField.FindAllStringSubmatch(f.Template, -1) {
		used[m[1]] = true
	}
	for name, v := range f.Params {
		base, isSpan := strings.CutSuffix(name, "Seconds")
		if excerpted, ok := strings.CutSuffix(name, "Length"); ok && used[excerpted] {
			if f.Params[excerpted] != f.Params[excerpted+"Quoted"]+" ("+v+" characters)" {
				t.Errorf("%s: %s = %q does not go with %s = %q", f.Code, name, v, excerpted, f.Params[excerpted])
			}
			continue
		}
		if excerpted, ok := strings.CutSuffix(name, "Quoted"); ok && used[excerpted] && f.Params[excerpted+"Length"] != "" {
			continue
		}
		switch {
		case isSpan:
			seconds, err := strconv.ParseInt(v, 10, 64)
			if err != nil || seconds < 0 || !used[base] || f.Params[base] != SpanWords(seconds) {
				t.Errorf("%s: %s = %q does not go with %s = %q", f.Code, name, v, base, f.Params[base])
			}
		case !used[name]:
			t.Errorf("%s: the parameter %s is not in the template %q", f.Code, name, f.Template)
		}
	}
}

func TestFindingTemplatesAreDistinctSentences(t *testing.T) {
	all := FindingTemplates()
	if len(all) != int(numSentences) {
		t.Fatalf("%d templates for %d sentences", len(all), numSentences)
	}
	seen := map[string]bool{}
	for i, text := range all {
		if text == "" || seen[text] {
			t.Errorf("template %d is empty or repeated: %q", i, text)
		}
		seen[text] = true
		if _, err := template.New("").Parse(text); err != nil {
			t.Errorf("%q: %v", text, err)
		}
	}
	all[0] = "changed"
	if FindingTemplates()[0] == "changed" {
		t.Error("FindingTemplates hands out the package's own table")
	}
}

// TestDiagnoseSaysEveryTemplate runs the scenarios, which between them say every sentence:
// each message reads word for word as it always has, is its template filled in, and every
// template is said at least once.
func TestDiagnoseSaysEveryTemplate(t *testing.T) {
	want := []struct {
		scenario, code, message string
	}{
		{"another App ID", CodeAppIDMismatch, "The token is for App ID 970CA35de60c44645bbae8a215061b33, but the client uses 0123456789abcdef0123456789abcdef: Agora rejects it."},
		{"no certificate", CodeSignatureUnchecked, "The signature was not checked: give the App Certificate of 970CA35de60c44645bbae8a215061b33 to check it."},
		{"a 006 certificate without channel and uid", CodeSignatureUnchecked, "The signature was not checked: a 006 signature covers the channel and uid, so give both with the certificate."},
		{"a wrong certificate", CodeSignatureInvalid, "The signature does not match: the token was not signed with this App Certificate (or for these inputs), so Agora rejects it as an invalid token."},
		{"a certificate that is not one", CodeSignatureUnchecked, "The signature was not checked: token: invalid App Certificate: an App Certificate is 32 hexadecimal characters, this one has 5."},
		{"issued in the future", CodeNotYetValid, "The token was issued at 2023-11-14 22:13:20 UTC, 1 hour 30 minutes in the future: the clock of the machine that built it is ahead, and Agora rejects it until then."},
		{"expired", CodeExpired, "The token expired at 2023-11-14 23:13:20 UTC, 3 hours ago: build a new one."},
		{"expires soon", CodeExpiresSoon, "The token expires in 10 seconds, at 2023-11-14 23:13:20 UTC: renew it before then or the user is dropped."},
		{"over the cap", CodeLifetimeOverCap, "The token's lifetime is 2 days, but Agora caps tokens at 24 hours: it stops working 24 hours after it was issued."},
		{"a privilege of value 0", CodePrivilegeZero, "The RTC privilege joinChannel has the value 0: it has no expiry of its own and lasts as long as the token."},
		{"a privilege expired", CodePrivilegeExpired, "The RTC privilege joinChannel expired at 2023-11-14 22:23:20 UTC, 10 minutes ago, although the token is still valid."},
		{"a privilege ending early", CodePrivilegeEarly, "The RTC privilege publishAudioStream expires at 2023-11-14 22:23:20 UTC, 50 minutes before the token: after that the user loses it (the SDK warns about 30 seconds before)."},
		{"a privilege outliving the token", CodePrivilegeLate, "The RTC privilege joinChannel is set to last until 2023-11-14 23:43:20 UTC, 30 minutes after the token itself expires: it ends with the token."},
		{"privileges of value 0", CodePrivilegeZero, "The RTC privileges joinChannel, publishAudioStream, publishVideoStream, publishDataStream have the value 0: they have no expiry of their own and last as long as the token."},
		{"privileges expired", CodePrivilegeExpired, "The RTC privileges joinChannel, publishAudioStream expired at 2023-11-14 22:23:20 UTC, 10 minutes ago, although the token is still valid."},
		{"privileges ending early", CodePrivilegeEarly, "The RTC privileges publishAudioStream, publishVideoStream expire at 2023-11-14 22:23:20 UTC, 50 minutes before the token: after that the user loses them (the SDK warns about 30 seconds before)."},
		{"privileges outliving the token", CodePrivilegeLate, "The RTC privileges joinChannel, publishAudioStream, publishVideoStream, publishDataStream are set to last until 2023-11-14 23:43:20 UTC, 30 minutes after the token itself expires: they end with the token."},
		{"a 006 privilege of value 0", CodePrivilegeZero, "The privilege joinChannel has the value 0: it has no expiry of its own and lasts as long as the token."},
		{"a 006 privilege expired", CodePrivilegeExpired, "The privilege joinChannel expired at 2023-11-14 22:23:20 UTC, 1 hour 50 minutes ago, although the token is still valid."},
		{"a 006 privilege ending early", CodePrivilegeEarly, "The privilege publishAudioStream expires at 2023-11-14 22:23:20 UTC, 23 hours 50 minutes before the token: after that the user loses it (the SDK warns about 30 seconds before)."},
		{"a 006 privilege outliving the token", CodePrivilegeLate, "The privilege joinChannel is set to last until 2023-11-16 22:13:20 UTC, 24 hours after the token itself expires: it ends with the token."},
		{"006 privileges of value 0", CodePrivilegeZero, "The privileges joinChannel, publishAudioStream, publishVideoStream, publishDataStream have the value 0: they have no expiry of their own and last as long as the token."},
		{"006 privileges expired", CodePrivilegeExpired, "The privileges joinChannel, publishAudioStream expired at 2023-11-14 22:23:20 UTC, 1 hour 50 minutes ago, although the token is still valid."},
		{"006 privileges ending early", CodePrivilegeEarly, "The privileges joinChannel, publishAudioStream, publishVideoStream, publishDataStream expire at 2023-11-14 23:13:20 UTC, 23 hours before the token: after that the user loses them (the SDK warns about 30 seconds before)."},
		{"006 privileges outliving the token", CodePrivilegeLate, "The privileges joinChannel, publishAudioStream, publishVideoStream, publishDataStream are set to last until 2023-11-16 22:13:20 UTC, 24 hours after the token itself expires: they end with the token."},
		{"an unknown service", CodeUnknownService, "Service type 42 at byte 119 is unknown to TokenDesk: the services before it are shown, and nothing after it could be read."},
		{"an RTC token used for RTM", CodeNoRTM, "The token has no RTM service, so it cannot log in to RTM: build an rtm or rtc+rtm token."},
		{"an RTM token used for RTC", CodeNoRTC, "The token has no RTC service, so it cannot join a channel: build an rtc or rtc+rtm token."},
		{"a 006 RTC token used for RTM", CodeNoRTM, "The token has no rtmLogin privilege, so it cannot log in to RTM: build an RTM token."},
		{"a 006 RTM token used for RTC", CodeNoRTC, "The token has no joinChannel privilege, so it cannot join a channel: build an RTC token."},
		{"a channel the SDK refuses", CodeChannelCharset, "The channel name \"room/1\" is not one the Agora SDK accepts (at most 64 bytes of letters, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,): the client cannot join it."},
		{"another channel", CodeChannelMismatch, "The token is for channel \"room\", but the client joins \"lobby\": Agora rejects it."},
		{"another 006 channel", CodeChannelMismatch, "The token was not built for channel \"lobby\" (its channel CRC32 differs): Agora rejects it."},
		{"a subscriber", CodeSubscriberNoPub, "This is a subscriber token, without publish privileges. They only stop the user from publishing when co-host authentication is enabled for the project; otherwise the user can still publish."},
		{"a 006 subscriber", CodeSubscriberNoPub, "This is a subscriber token, without publish privileges. They only stop the user from publishing when co-host authentication is enabled for the project; otherwise the user can still publish."},
		{"uid 0", CodeUIDZero, "The token is for uid 0: any user can join with it, whatever uid or account they use."},
		{"006 uid 0", CodeUIDZero, "The token is for uid 0: any user can join with it, whatever uid or account they use."},
		{"an account joined with a uid", CodeUIDAccountMismatch, "The token was built for the user account \"alice\", but the client joins with the numeric uid 123: a token for an account only works when joining with that account (joinChannelWithUserAccount). Join with the account, or build the token for uid 123."},
		{"another uid", CodeUIDMismatch, "The token is for uid 123, but the client joins with uid 124: Agora rejects it."},
		{"a uid joined with an account", CodeUIDAccountMismatch, "The token was built for the numeric uid 123, but the client joins with the user account \"alice\": join with uid 123, or build the token for the account."},
		{"another account", CodeUIDMismatch, "The token is for the account \"alice\", but the client joins with the account \"bob\": Agora rejects it."},
		{"another 006 uid", CodeUIDMismatch, "The token was not built for \"bob\" (its uid CRC32 differs): Agora rejects it."},
		{"an empty signature", CodeSignatureEmpty, "The token's signature is empty: it was never signed, and Agora rejects it as an invalid token."},
		{"bytes after the services", CodeTrailingBytes, "The token has 4 bytes after its last service that no builder writes: it was cut, joined to something else or altered, and Agora may reject it."},
		{"a service written twice", CodeDuplicateService, "The token holds the RTC service 2 times: Agora reads only one of them, so the others have no effect."},
		{"an App ID that is not hexadecimal", CodeAppIDNotHex, "The App ID \"not-an-app-id-but-32-cha…\" (32 characters) in the token is not 32 hexadecimal characters: no Agora project has it, so Agora rejects the token."},
	}
	said := map[string]bool{}
	scenarios := findingScenarios(t)
	if len(scenarios) != len(want) {
		t.Fatalf("%d scenarios, %d messages", len(scenarios), len(want))
	}
	for i, sc := range scenarios {
		w := want[i]
		if w.scenario != sc.name {
			t.Fatalf("scenario %q, message for %q", sc.name, w.scenario)
		}
		r := diagnose(t, sc.p, sc.ctx, sc.now)
		found := false
		for _, f := range r.Findings {
			said[f.Template] = true
			if f.Code == w.code && !found {
				found = true
				if f.Message != w.message {
					t.Errorf("%s: the message\n%q\nwas\n%q", sc.name, f.Message, w.message)
				}
			}
		}
		if !found {
			t.Errorf("%s: no %s finding in %+v", sc.name, w.code, r.Findings)
		}
	}
	for _, text := range FindingTemplates() {
		if !said[text] {
			t.Errorf("no scenario says %q", text)
		}
	}
}

func TestSpansComeInWordsAndSeconds(t *testing.T) {
	p := mustParse(t, rtcSpec())
	r := diagnose(t, p, Context{}, time.Unix(1700000000+3600+10800, 0))
	for _, f := range r.Findings {
		if f.Code == CodeExpired {
			want := map[string]string{"At": "2023-11-14 23:13:20 UTC", "Ago": "3 hours", "AgoSeconds": "10800"}
			if !maps.Equal(f.Params, want) || f.Template != "The token expired at {{.At}}, {{.Ago}} ago: build a new one." {
				t.Errorf("template %q, params %v", f.Template, f.Params)
			}
			return
		}
	}
	t.Fatalf("not expired: %+v", r.Findings)
}

func TestAFindingInJSONIsSeverityCodeAndMessage(t *testing.T) {
	r := diagnose(t, mustParse(t, rtcSpec()), Context{}, time.Unix(1800000000, 0))
	b, err := json.Marshal(r.Findings[0])
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, []string{"code", "message", "severity"}) {
		t.Errorf("JSON %s", b)
	}
}

func TestA006SignatureWithoutChannelAndUIDSaysWhy(t *testing.T) {
	s := rtcSpec()
	s.Format = Version006
	r := diagnose(t, mustParse(t, s), Context{Certificate: sampleCertificate}, time.Unix(1700000000, 0))
	if !errors.Is(r.SignatureError, ErrNoChannelAndUID) ||
		r.SignatureError.Error() != "a 006 signature covers the channel and uid, which the token does not hold: give both to check it" {
		t.Errorf("signature error %v", r.SignatureError)
	}
}

func TestA006TokenWithBytesAfterItsMessageIsFlagged(t *testing.T) {
	s := rtcSpec()
	s.Format = Version006
	text, err := s.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(text[3+32:])
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(text[:3+32] + base64.StdEncoding.EncodeToString(append(raw, 0, 0, 0)))
	if err != nil {
		t.Fatal(err)
	}
	r := diagnose(t, p, Context{}, time.Unix(1700000000, 0))
	if !r.Has(CodeTrailingBytes) || !strings.Contains(findingMessages(r), "3 bytes after") {
		t.Errorf("findings %+v", r.Findings)
	}
	if clean := diagnose(t, mustParse(t, s), Context{}, time.Unix(1700000000, 0)); clean.Has(CodeTrailingBytes) || clean.Has(CodeSignatureEmpty) || clean.Has(CodeAppIDNotHex) {
		t.Errorf("a token as built has findings of damage: %+v", clean.Findings)
	}
}

func findingMessages(r Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.Message + "\n")
	}
	return b.String()
}
