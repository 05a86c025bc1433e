package token

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseLifetimeReadsSecondsAndDurations(t *testing.T) {
	for _, c := range []struct {
		text string
		want uint32
	}{
		{"3600", 3600}, {" 90m ", 5400}, {"1h30m", 5400}, {"0", 0}, {"24h", 86400}, {"4294967295", 4294967295},
	} {
		got, err := ParseLifetime(c.text)
		if err != nil || got != c.want {
			t.Errorf("ParseLifetime(%q) = %d, %v; want %d", c.text, got, err, c.want)
		}
	}
}

func TestParseLifetimeSaysWhatIsWrongWithABadLifetime(t *testing.T) {
	for _, c := range []struct {
		text string
		want LifetimeProblem
	}{
		{"", LifetimeEmpty}, {"  ", LifetimeEmpty}, {"an hour", LifetimeNotLifetime}, {"-5m", LifetimeNegative},
		{"1.5s", LifetimeFraction}, {"4294967296", LifetimeTooLong}, {"2000000h", LifetimeTooLong},
	} {
		_, err := ParseLifetime(c.text)
		var le *LifetimeError
		if !errors.As(err, &le) || le.Problem != c.want || !errors.Is(err, ErrInvalidLifetime) {
			t.Errorf("ParseLifetime(%q) error = %v; want problem %d wrapping ErrInvalidLifetime", c.text, err, c.want)
		}
	}
}

func TestALifetimeErrorRepeatsOnlyAShortExcerptOfWhatWasTyped(t *testing.T) {
	typed := strings.Repeat("x", 500)
	_, err := ParseLifetime(typed)
	if err == nil || len(err.Error()) > 200 {
		t.Fatalf("error = %q (%d bytes); want a short sentence", err, len(err.Error()))
	}
}

func TestParseTimeReadsUnixSecondsRFC3339AndALocalDateTime(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*60*60)
	for _, c := range []struct {
		text string
		want uint32
	}{
		{"1700000000", 1700000000},
		{"2023-11-14T22:13:20Z", 1700000000},
		{"2023-11-15T07:13:20+09:00", 1700000000},
		{"2023-11-15 07:13:20", 1700000000},
	} {
		got, err := ParseTime(c.text, tokyo)
		if err != nil || got != c.want {
			t.Errorf("ParseTime(%q) = %d, %v; want %d", c.text, got, err, c.want)
		}
	}
	for _, c := range []struct {
		text string
		want LifetimeProblem
	}{{"yesterday", TimeNotTime}, {"1969-12-31T00:00:00Z", TimeOutOfRange}, {"4294967296", TimeOutOfRange}} {
		_, err := ParseTime(c.text, time.UTC)
		var le *LifetimeError
		if !errors.As(err, &le) || le.Problem != c.want {
			t.Errorf("ParseTime(%q) error = %v; want problem %d", c.text, err, c.want)
		}
	}
}

func TestServiceInputsSayWhatEachKindIsBuiltFrom(t *testing.T) {
	for _, c := range []struct {
		kind   Kind
		format string
		want   Inputs
	}{
		{KindRTC, "", Inputs{Channel: true, UID: true, Roles: roles007, RTCPrivileges: true, PrivilegeLifetime: true, DefaultLifetime: 3600}},
		{KindRTC, Version006, Inputs{Channel: true, UID: true, Roles: roles006, RTCPrivileges: true, DefaultLifetime: 3600}},
		{KindRTM, Version007, Inputs{UserID: true, PrivilegeLifetime: true, DefaultLifetime: 3600}},
		{KindRTM, Version006, Inputs{UserID: true, DefaultLifetime: 3600}},
		{KindRTCRTM, "", Inputs{Channel: true, UID: true, UserID: true, UserIDFromAccount: true, Roles: roles007,
			RTCPrivileges: true, PrivilegeLifetime: true, DefaultLifetime: 3600}},
		{KindFCDN, "", Inputs{Channel: true, UID: true, Roles: roles007, PrivilegeLifetime: true, DefaultLifetime: 3600}},
		{KindStreaming, "", Inputs{Channel: true, UID: true, PrivilegeLifetime: true, DefaultLifetime: 3600}},
		{KindSTT, "", Inputs{Channel: true, UID: true, UserID: true, Roles: roles007, RTCPrivileges: true, PrivilegeLifetime: true, DefaultLifetime: 3600}},
		{KindAPaaSRoomUser, "", Inputs{UserID: true, Room: true, PrivilegeLifetime: true, DefaultLifetime: 3600}},
		{KindChatApp, "", Inputs{PrivilegeLifetime: true, DefaultLifetime: 3600}},
		{KindFPA, "", Inputs{DefaultLifetime: 24 * 60 * 60}},
	} {
		if got := ServiceInputs(c.kind, c.format); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ServiceInputs(%s, %q) = %+v; want %+v", c.kind, c.format, got, c.want)
		}
	}
}

func TestEveryKindsSpecHoldsTheInputsItsKindTakes(t *testing.T) {
	for name, spec := range everyKind() {
		in := spec.Inputs()
		if spec.Channel != "" && !in.Channel || spec.UserID != "" && !in.UserID || spec.RoomUUID != "" && !in.Room {
			t.Errorf("%s: the spec holds an input its kind does not take (%+v)", name, in)
		}
		if in.Channel && spec.Channel == "" || in.Room && spec.RoomUUID == "" {
			t.Errorf("%s: the spec misses an input its kind takes (%+v)", name, in)
		}
	}
}

func TestA006RTMTokenIsForItsUserIDAlone(t *testing.T) {
	spec := everyKind()["006 rtm"]
	if user, numeric := spec.User(); user != "rtm-user-42" || numeric {
		t.Errorf("User() = %q, %v; want the user id", user, numeric)
	}
	ctx := spec.ClientContext()
	if ctx.Channel != "rtm-user-42" || ctx.UID != "0" || ctx.Account != "" {
		t.Errorf("ClientContext() = %+v; want the user id as channel and uid 0, as the 006 RTM builder signs it", ctx)
	}
	p := mustParse(t, spec)
	ctx.Certificate = sampleCertificate
	if r := Diagnose(p, ctx, time.Unix(int64(spec.IssuedAt), 0)); r.Signature != SignatureValid {
		t.Errorf("a fresh 006 RTM token diagnosed with its ClientContext has signature %s; want valid", r.Signature)
	}
}

func TestAFreshTokenOfEveryKindDiagnosedWithItsClientContextHasNoMismatch(t *testing.T) {
	for name, spec := range everyKind() {
		p := mustParse(t, spec)
		ctx := spec.ClientContext()
		ctx.Certificate = sampleCertificate
		r := Diagnose(p, ctx, time.Unix(int64(spec.IssuedAt), 0))
		for _, f := range r.Findings {
			if f.Severity == Error {
				t.Errorf("%s: %s", name, f.Message)
			}
		}
	}
}

func TestA006TokenLetsAUserJoinUntilItsJoinPrivilegeExpiresNotUntilItsTs(t *testing.T) {
	spec := everyKind()["006 rtc publisher"] // privileges last an hour
	p := mustParse(t, spec)
	want := Life{IssuedAt: 1700000000, ExpiresAt: 1700000000 + 24*3600, JoinUntil: 1700000000 + 3600}
	if got := p.Life(); got != want {
		t.Errorf("parsed Life() = %+v; want %+v", got, want)
	}
	if got := spec.Life(); got != want {
		t.Errorf("spec Life() = %+v; want %+v", got, want)
	}
}

func TestTokenLifeTakesTheEarliestPrivilegeThatLetsAUserIn(t *testing.T) {
	zero := everyKind()["006 rtc publisher"]
	zero.PrivilegeExpire = 0
	rtm006 := everyKind()["006 rtm"]
	rtm006.PrivilegeExpire = 600
	short := everyKind()["rtc per privilege"] // join 3600, publishing less
	short.PerPrivilege = &PrivilegeExpires{Join: 1200, Audio: 60, Video: 60, Data: 60}
	rtm := everyKind()["rtm"]
	rtm.PrivilegeExpire = 7200
	for name, c := range map[string]struct {
		spec Spec
		join int64
	}{
		"a 006 privilege of 0 lasts until ts":                 {zero, 24 * 3600},
		"a 006 RTM token lasts as long as its rtmLogin":       {rtm006, 600},
		"publishing privileges do not end the join":           {short, 1200},
		"a privilege longer than the token ends with it":      {rtm, 3600},
		"a privilege of 0 in FPA leaves the token's lifetime": {everyKind()["fpa"], 3600},
	} {
		if got := c.spec.Life().JoinUntil - int64(c.spec.IssuedAt); got != c.join {
			t.Errorf("%s: JoinUntil is issue + %d s; want + %d s", name, got, c.join)
		}
	}
}

func TestServiceFieldsAreTheFieldsTheTokenWrites(t *testing.T) {
	for name, spec := range everyKind() {
		if spec.Is006() {
			continue
		}
		for _, s := range spec.Token007().Services {
			for _, f := range s.Type.Fields() {
				if f.String() == "" || strings.HasPrefix(f.String(), "field ") {
					t.Errorf("%s: field %d has no name", name, f)
				}
			}
			// A service has a value in every field its builder fills.
			if s.Type == ServiceRTC && s.FieldText(FieldChannel) != spec.Channel {
				t.Errorf("%s: channel = %q", name, s.FieldText(FieldChannel))
			}
		}
	}
	rtm2Spec := everyKind()["rtm2"]
	rtm2 := rtm2Spec.Token007().Services[0]
	if got := rtm2.FieldText(FieldPermissions); got != "messageChannels write: a, b" {
		t.Errorf("RTM2 permissions read %q", got)
	}
	apaas := NewAPaaSUserService("u", 60)
	if got := apaas.FieldText(FieldRole); got != "" {
		t.Errorf("the APaaS user builder's role -1 reads %q; want none", got)
	}
	if got := ServiceFPA.Fields(); got != nil {
		t.Errorf("FPA fields = %v; want none", got)
	}
}

func TestOnlyA006TokenAsRtmTokenBuilderMakesItIsForRTM(t *testing.T) {
	rtm := mustParse(t, Spec{Format: Version006, Kind: KindRTM, AppID: sampleAppID, UserID: "alice", Expire: 3600, IssuedAt: 1700000000})
	rtc := mustParse(t, Spec{Format: Version006, Kind: KindRTC, AppID: sampleAppID, Channel: "room", UID: 1, Expire: 3600, IssuedAt: 1700000000})
	if !rtm.V006.ForRTM() || rtc.V006.ForRTM() {
		t.Errorf("ForRTM: an RTM token %v, an RTC token %v; want true, false", rtm.V006.ForRTM(), rtc.V006.ForRTM())
	}
}
