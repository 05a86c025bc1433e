package explain

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

// Agora's well-known sample App ID and App Certificate, as the token package's tests use them.
const (
	sampleAppID       = "970CA35de60c44645bbae8a215061b33"
	sampleCertificate = "5CFd2fd1755d40ecb72977518be15d3b"
	issued            = 1700000000
)

// now is ten minutes after the sample tokens were issued.
var now = time.Unix(issued+600, 0)

func build(t testing.TB, change func(*token.Spec)) string {
	t.Helper()
	s := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "room1", UID: 42, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: issued, Salt: 7}
	if change != nil {
		change(&s)
	}
	text, err := s.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// expiryAsTimestamp is a 007 token whose lifetime is a unix time, as a server makes it when it
// passes now+3600 where the builder wants 3600.
func expiryAsTimestamp(t testing.TB) string {
	t.Helper()
	tok := token.Token007{AppID: sampleAppID, IssuedAt: issued, Expire: issued + 3600, Salt: 7,
		Services: []token.Service{token.NewRTCService("room1", "42", token.RolePublisher, issued+3600)}}
	text, err := tok.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func TestExplainFindsTokensErrorsAndTheirCauseInWhatCustomersPaste(t *testing.T) {
	uid42 := build(t, nil)
	uid0 := build(t, func(s *token.Spec) { s.UID = 0; s.Salt = 8 })
	uuid := build(t, func(s *token.Spec) { s.Account = "3f2c9a1e-7b4d-4c1a-9e8f-0a1b2c3d4e5f" })
	expired := build(t, func(s *token.Spec) { s.IssuedAt = issued - 7200 })
	seconds006 := build(t, func(s *token.Spec) {
		s.Format = token.Version006
		s.Privileges006 = []token.Privilege{{ID: token.Priv006JoinChannel, Value: 3600}}
	})
	phpJSON := strings.ReplaceAll(uid42, "/", `\/`)
	cases := []struct {
		name     string
		text     string
		tokens   int
		errors   []string
		findings []string
		// tokenFinding is a diagnosis finding the first token must have, in the text's context.
		tokenFinding string
	}{
		{name: "a bare token", text: uid42, tokens: 1},
		{name: "a token in quotes with a trailing comma", text: `"` + uid42 + `",`, tokens: 1},
		{name: "a JSON response whose encoder escaped the slashes",
			text: `{"code":0,"rtcToken":"` + phpJSON + `","uid":42,"channelName":"room1"}`, tokens: 1},
		{name: "a join URL uses its channel and uid for the diagnosis",
			text:   "https://meet.example.com/join?channel=room1&token=" + url.QueryEscape(uid42) + "&uid=0",
			tokens: 1, tokenFinding: token.CodeUIDMismatch},
		{name: "a log excerpt where the server built for uid 42 and the client joined with uid 0",
			text: "2024-05-01 10:00:01.120 [server] built token " + uid42 + " for uid 42 channel room1\n" +
				"2024-05-01 10:00:01.480 [client] joinChannel channel=room1 uid=0\n" +
				"2024-05-01 10:00:02.003 [client] onError: 110\n",
			tokens: 1, errors: []string{"ERR_INVALID_TOKEN"}, findings: []string{CodeUserExplainsError}},
		{name: "a log with several tokens, one of them twice",
			text:   "10:00 token=" + uid42 + "\n10:05 token=" + uid0 + "\n10:06 retry with " + uid42 + "\n",
			tokens: 2},
		{name: "the Web console's text from a screenshot, no token",
			text:   "AgoraRTCException: AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: dynamic use static key\n    at t.joinGateway",
			errors: []string{"dynamic use static key"}, findings: []string{CodeCertificateOnNoToken}},
		{name: "dynamic use static key while a token is in the text",
			text:   "token: " + uid42 + "\nAgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: dynamic use static key",
			tokens: 1, errors: []string{"dynamic use static key"}, findings: []string{CodeCertificateOnTokenLost}},
		{name: "an App ID with a stray space",
			text:   `const config = { appId: " 970CA35de60c44645bbae8a215061b33", channel: "room1" }` + "\nAgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: invalid vendor key, can not find appid",
			errors: []string{"invalid vendor key, can not find appid"}, findings: []string{CodeAppIDSpace}},
		{name: "an App ID with a stray space, passed by position",
			text:   `client.join(" 970CA35de60c44645bbae8a215061b33", "room1", null, 0)` + "\nAgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: invalid vendor key, can not find appid",
			errors: []string{"invalid vendor key, can not find appid"}, findings: []string{CodeAppIDSpace}},
		{name: "an expired error beside a token with time left",
			text:   "[RTC] token " + uid42 + "\n[RTC] onError(109)",
			tokens: 1, errors: []string{"ERR_TOKEN_EXPIRED"}, findings: []string{CodeExpiredButValid}},
		{name: "an expired error beside an expired token",
			text:   "ERR_TOKEN_EXPIRED\ntoken=" + expired,
			tokens: 1, errors: []string{"ERR_TOKEN_EXPIRED"}, findings: []string{CodeExpiredConfirmed}},
		{name: "an expired error beside a 006 token whose join privilege ended, its 24-hour ts still ahead",
			text: "ERR_TOKEN_EXPIRED\ntoken=" + build(t, func(s *token.Spec) {
				s.Format, s.Expire, s.PrivilegeExpire, s.IssuedAt = token.Version006, token.Lifetime006, 300, issued
			}),
			tokens: 1, errors: []string{"ERR_TOKEN_EXPIRED"}, findings: []string{CodeExpiredConfirmed}},
		{name: "an RTM login error with an RTC token",
			text:   "rtm login failed: LOGIN_ERR_INVALID_TOKEN (5)\ntoken " + uid42,
			tokens: 1, errors: []string{"LOGIN_ERR_INVALID_TOKEN"}, findings: []string{CodeRTMWithRTCToken}},
		{name: "a UUID where a uid belongs",
			text:   "server: token for user 3f2c9a1e-7b4d-4c1a-9e8f-0a1b2c3d4e5f = " + uuid + "\nclient: joinChannel uid=1234\nERR_INVALID_TOKEN",
			tokens: 1, errors: []string{"ERR_INVALID_TOKEN"}, findings: []string{CodeUIDIsUUID, CodeUserExplainsError}},
		{name: "a 007 expiry passed as a timestamp", text: "token: " + expiryAsTimestamp(t) + "\nerror code 109",
			tokens: 1, errors: []string{"ERR_TOKEN_EXPIRED"}, findings: []string{CodeExpiryTimestamp}},
		{name: "a 006 expiry passed as seconds", text: seconds006, tokens: 1, findings: []string{CodeExpirySeconds}},
		{name: "a connection state change with reason 8",
			text:   "onConnectionStateChanged state: 5, reason: 8\n" + uid42,
			tokens: 1, errors: []string{"CONNECTION_CHANGED_INVALID_TOKEN"}},
		{name: "a Web 3.x error for a token sent to a project without a certificate",
			text:   `{"type":"error","msg":"ERR_STATIC_USE_DYNAMIC_KEY"} ` + uid42,
			tokens: 1, errors: []string{"ERR_STATIC_USE_DYNAMIC_KEY"}, findings: []string{CodeCertificateOffToken}},
		{name: "an RTM error name holds an RTC one, which is not counted",
			text: "LOGIN_ERR_INVALID_TOKEN", errors: []string{"LOGIN_ERR_INVALID_TOKEN"}},
		{name: "a bare error code, with no token", text: "joinChannel failed, error code is 110",
			errors: []string{"ERR_INVALID_TOKEN"}, findings: []string{CodeErrorWithoutToken}},
		{name: "a token cut short", text: "token=" + uid42[:120], findings: []string{CodeTokenUnreadable}},
		{name: "a uid that is not a number", text: `{"uid":"user-7781","token":"` + uid0 + `"}`,
			tokens: 1, findings: []string{CodeUIDNotNumber}},
		{name: "a server that computed the expiry once, at start-up",
			text:   "10:00 token " + build(t, nil) + "\n10:10 token " + build(t, func(s *token.Spec) { s.IssuedAt, s.Expire, s.PrivilegeExpire = issued+600, 3000, 3000 }),
			tokens: 2, findings: []string{CodeExpiryComputedOnce}},
		{name: "nothing Agora", text: "the build failed at 10:07 with exit code 1; see error.log"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Explain(c.text, Options{Now: now})
			if len(r.Tokens) != c.tokens {
				t.Errorf("found %d tokens, want %d", len(r.Tokens), c.tokens)
			}
			var names []string
			for _, e := range r.Errors {
				names = append(names, e.Entry.Name)
			}
			if !slices.Equal(names, c.errors) {
				t.Errorf("found errors %q, want %q", names, c.errors)
			}
			var codes []string
			for _, f := range r.Findings {
				codes = append(codes, f.Code)
			}
			for _, want := range c.findings {
				if !slices.Contains(codes, want) {
					t.Errorf("no finding %s among %q", want, codes)
				}
			}
			if c.tokenFinding != "" && (len(r.Tokens) == 0 || !r.Tokens[0].Report.Has(c.tokenFinding)) {
				t.Errorf("the token's diagnosis lacks %s", c.tokenFinding)
			}
			if r.Recognised() != (c.tokens > 0 || len(c.errors) > 0) {
				t.Errorf("recognised = %v", r.Recognised())
			}
			for _, tok := range r.Tokens {
				if tok.Context.Certificate != "" || tok.Context.SecondaryCertificate != "" {
					t.Error("a result keeps a certificate")
				}
			}
		})
	}
}

func TestTheUIDMismatchFindingSaysBothUIDs(t *testing.T) {
	text := "built " + build(t, nil) + "\njoinChannel(room1) with uid 0\nonError 110"
	r := Explain(text, Options{Now: now})
	for _, f := range r.Findings {
		if f.Code == CodeUserExplainsError {
			want := "ERR_INVALID_TOKEN (110) is explained by token 1: it is for uid 42, but the client joined with uid 0."
			if !strings.HasPrefix(f.Message, want) {
				t.Errorf("message %q, want it to start %q", f.Message, want)
			}
			return
		}
	}
	t.Errorf("no uid finding among %+v", r.Findings)
}

func TestOffsetsPointAtWhatWasFound(t *testing.T) {
	tok := build(t, nil)
	text := "line one\nERR_INVALID_TOKEN then " + tok
	r := Explain(text, Options{Now: now})
	if len(r.Tokens) != 1 || text[r.Tokens[0].Offset:r.Tokens[0].Offset+len(tok)] != tok {
		t.Errorf("token offset %+v does not point at the token", r.Tokens)
	}
	if len(r.Errors) != 1 || !strings.HasPrefix(text[r.Errors[0].Offset:], "ERR_INVALID_TOKEN") {
		t.Errorf("error offset %+v does not point at the error", r.Errors)
	}
}

func TestAnAppIDWithAStraySpaceIsQuotedWhole(t *testing.T) {
	text := `client.join(" 970CA35de60c44645bbae8a215061b33", "room1", null, 0)` + "\ninvalid vendor key, can not find appid"
	r := Explain(text, Options{Now: now})
	if len(r.Findings) == 0 || !strings.Contains(r.Findings[0].Message, `" 970CA35de60c44645bbae8a215061b33"`) {
		t.Errorf("findings %+v do not show the App ID with its space", r.Findings)
	}
}

func TestAnErrorNamedThreeWaysOnOneLineIsCountedOnce(t *testing.T) {
	text := "10:00:02 onError: error code is 110 (ERR_INVALID_TOKEN)\n" +
		"10:00:09 onError: error code is 110 (ERR_INVALID_TOKEN)\n"
	r := Explain(text, Options{Now: now})
	if len(r.Errors) != 1 || r.Errors[0].Count != 2 {
		t.Errorf("two lines with error 110 gave %+v, want ERR_INVALID_TOKEN counted twice", r.Errors)
	}
}

func TestSignaturesAreCheckedWithTheSecondaryCertificateToo(t *testing.T) {
	const secondary = "0123456789abcdef0123456789abcdef"
	s := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "room1", UID: 42, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: issued, Salt: 7}
	text, err := s.Build(secondary)
	if err != nil {
		t.Fatal(err)
	}
	r := Explain(text, Options{Now: now, Certificates: func(appID string) (string, string) {
		return sampleCertificate, secondary
	}})
	if len(r.Tokens) != 1 || r.Tokens[0].Report.SignedWith != token.SignedWithSecondary {
		t.Fatalf("want the secondary certificate named as the signer: %+v", r.Tokens)
	}
}

// messages are real-looking lines for every catalogue entry, as SDKs and their wrappers log them.
var messages = map[string]string{
	"ERR_INVALID_APP_ID":                      "E/agora: onError err=101",
	"ERR_INVALID_CHANNEL_NAME":                "joinChannel returned error: -102",
	"ERR_TOKEN_EXPIRED":                       "rtcEngine didOccurError: AgoraErrorCodeTokenExpired",
	"ERR_INVALID_TOKEN":                       "flutter: [onError] err: ErrorCodeType.errInvalidToken, msg: ",
	"ERR_INVALID_USER_ACCOUNT":                "registerLocalUserAccount failed: ERR_INVALID_USER_ACCOUNT",
	"CONNECTION_CHANGED_INVALID_APP_ID":       "onConnectionStateChanged: state=5 reason=6",
	"CONNECTION_CHANGED_INVALID_CHANNEL_NAME": "connectionStateChanged CONNECTION_STATE_FAILED CONNECTION_CHANGED_INVALID_CHANNEL_NAME",
	"CONNECTION_CHANGED_INVALID_TOKEN":        "onConnectionStateChanged(state: 5, reason: 8)",
	"CONNECTION_CHANGED_TOKEN_EXPIRED":        "ConnectionChangedReasonType.connectionChangedTokenExpired",
	"CONNECTION_CHANGED_REJECTED_BY_SERVER":   "connection state: failed, reason: 10",
	"CONNECTION_CHANGED_RENEW_TOKEN":          "AgoraConnectionChangedRenewToken",
	"RENEW_TOKEN_TOKEN_EXPIRED":               "onRenewTokenResult: RENEW_TOKEN_TOKEN_EXPIRED",
	"RENEW_TOKEN_INVALID_TOKEN":               "onRenewTokenResult code=RenewTokenInvalidToken",
	"RENEW_TOKEN_INVALID_CHANNEL_NAME":        "renewToken result RENEW_TOKEN_INVALID_CHANNEL_NAME",
	"RENEW_TOKEN_INCONSISTENT_APPID":          "renewToken result RENEW_TOKEN_INCONSISTENT_APPID",
	"onTokenPrivilegeWillExpire":              "I/App: onTokenPrivilegeWillExpire called, fetching a new token",
	"onRequestToken":                          "I/App: onRequestToken",
	"token-privilege-will-expire":             `client.on("token-privilege-will-expire", renew)`,
	"token-privilege-did-expire":              "AgoraRTC [INFO] emit token-privilege-did-expire",
	"CAN_NOT_GET_GATEWAY_SERVER":              "AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: flag: 4096, message: no active status",
	"invalid token, authorized failed":        "AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: invalid token, authorized failed",
	"dynamic use static key":                  "CAN_NOT_GET_GATEWAY_SERVER: Dynamic use static key",
	"invalid vendor key, can not find appid":  "Uncaught (in promise) AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: invalid vendor key, can not find appid",
	"dynamic key or token timeout":            "AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: dynamic key or token timeout",
	"INVALID_PARAMS: Invalid token":           "AgoraRTCError INVALID_PARAMS: Invalid token: [object Object]",
	"ERR_INVALID_VENDOR_KEY":                  "Join channel failed ERR_INVALID_VENDOR_KEY",
	"ERR_NO_AUTHORIZED":                       "client join failed ERR_NO_AUTHORIZED",
	"ERR_DYNAMIC_KEY_TIMEOUT":                 "join failed: ERR_DYNAMIC_KEY_TIMEOUT",
	"ERR_DYNAMIC_KEY_EXPIRED":                 "Error: ERR_DYNAMIC_KEY_EXPIRED",
	"ERR_STATIC_USE_DYNAMIC_KEY":              "Join channel failed ERR_STATIC_USE_DYANMIC_KEY",
	"ERR_DYNAMIC_USE_STATIC_KEY":              "Join channel failed ERR_DYNAMIC_USE_STATIC_KEY",
	"LOGIN_ERR_INVALID_APP_ID":                "RTM login failure: LOGIN_ERR_INVALID_APP_ID",
	"LOGIN_ERR_INVALID_TOKEN":                 "[RTM] loginByToken failed AgoraRtmLoginErrorInvalidToken",
	"LOGIN_ERR_TOKEN_EXPIRED":                 "RtmStatusCode.LoginError.LOGIN_ERR_TOKEN_EXPIRED",
	"LOGIN_ERR_NOT_AUTHORIZED":                "login failed LOGIN_ERR_NOT_AUTHORIZED",
	"RENEW_TOKEN_ERR_INVALID_TOKEN":           "renewToken failed: RENEW_TOKEN_ERR_INVALID_TOKEN",
	"RENEW_TOKEN_ERR_TOKEN_EXPIRED":           "renewToken failed: RENEW_TOKEN_ERR_TOKEN_EXPIRED",
	"onTokenExpired":                          "RtmClientListener.onTokenExpired",
}

func TestEveryCatalogueEntryIsRecognisedFromARealLookingMessage(t *testing.T) {
	if n := len(Catalog()); n < 25 {
		t.Errorf("the catalogue has %d entries, fewer than 25", n)
	}
	for _, e := range Catalog() {
		msg, ok := messages[e.Name]
		if !ok {
			t.Errorf("no message for %s", e.Name)
			continue
		}
		r := Explain(msg, Options{Now: now})
		if len(r.Errors) != 1 || r.Errors[0].Entry.Name != e.Name {
			var got []string
			for _, x := range r.Errors {
				got = append(got, x.Entry.Name)
			}
			t.Errorf("%q: found %q, want only %s", msg, got, e.Name)
		}
	}
}

func TestEveryEntrySaysItsMeaningAndFixInBothLanguages(t *testing.T) {
	for _, e := range Catalog() {
		if e.Meaning.EN == "" || e.Meaning.ZH == "" || e.Fix.EN == "" || e.Fix.ZH == "" || len(e.SDKs) == 0 || e.Kind == 0 {
			t.Errorf("%s is missing a sentence, an SDK or a kind", e.Name)
		}
	}
}

func TestEveryFindingTemplateCanBeFilledIn(t *testing.T) {
	// Every template's fields are ones the findings fill in; a typo would show raw braces.
	for i, text := range templates {
		p := token.Params{}
		for _, field := range []string{"Error", "N", "TokenUser", "ClientUser", "TokenChannel", "Channel", "TokenAppID",
			"AppID", "Until", "At", "Seconds", "Privilege", "Value", "Account", "Length", "Offset", "Version", "Reason",
			"First", "Second", "Apart"} {
			p[field] = "x"
		}
		if _, err := sentences.Fill(i, p); err != nil {
			t.Errorf("template %q: %v", text, err)
		}
	}
}

func TestOneTokenReadsATokenAloneOrInsideText(t *testing.T) {
	tok := build(t, nil)
	for _, text := range []string{tok, `"` + tok + `"`, `{"token":"` + strings.ReplaceAll(tok, "/", `\/`) + `"}`,
		"https://x.example/join?token=" + url.QueryEscape(tok) + "&uid=1", tok + " and again " + tok} {
		if p, err := OneToken(text); err != nil || p.AppID() != sampleAppID {
			t.Errorf("%.40q: %v", text, err)
		}
	}
	other := build(t, func(s *token.Spec) { s.Salt = 99 })
	for _, text := range []string{"hello", "", "A: " + tok + ", B: " + other} {
		if _, err := OneToken(text); err == nil {
			t.Errorf("%.40q gave a token", text)
		}
	}
}
