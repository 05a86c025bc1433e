package ui

import (
	"testing"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

// filledModel is a valid model: an RTC publisher token with uid 4242 for an hour.
func filledModel() buildModel {
	m := newBuildModel()
	m.Text[inAppID], m.Text[inCertificate] = sampleAppID, sampleCertificate
	m.Text[inChannel], m.Text[inUser] = "demo", "4242"
	return m
}

func TestTheModelGivesTheSpecOfWhatWasChosen(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *buildModel)
		want   token.Spec
	}{
		{"the defaults", func(*buildModel) {},
			token.Spec{Kind: token.KindRTC, Channel: "demo", UID: 4242, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
		{"an account subscriber for ten minutes", func(m *buildModel) {
			m.Account, m.Text[inUser], m.Role, m.Lifetime = true, "alice", token.RoleSubscriber, 600
		}, token.Spec{Kind: token.KindRTC, Channel: "demo", Account: "alice", Role: token.RoleSubscriber, Expire: 600, PrivilegeExpire: 600}},
		{"an empty uid, which lets any user join", func(m *buildModel) { m.Text[inUser] = "" },
			token.Spec{Kind: token.KindRTC, Channel: "demo", UID: 0, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
		{"a uid with spaces around it, as Decode takes it", func(m *buildModel) { m.Text[inUser] = " 042 " },
			token.Spec{Kind: token.KindRTC, Channel: "demo", UID: 42, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
		{"a typed lifetime", func(m *buildModel) { m.Lifetime, m.Text[inCustomLifetime] = customLifetime, "90m" },
			token.Spec{Kind: token.KindRTC, Channel: "demo", UID: 4242, Role: token.RolePublisher, Expire: 5400, PrivilegeExpire: 5400}},
		{"a 006 RTM token, for the user id alone", func(m *buildModel) {
			m.setKind(token.KindRTM)
			m.setFormat(token.Version006)
			m.Text[inUserID] = "bot-7"
		}, token.Spec{Format: token.Version006, Kind: token.KindRTM, UserID: "bot-7", Role: token.RolePublisher, Expire: token.Lifetime006, PrivilegeExpire: 3600}},
		{"a role the service does not take is publisher", func(m *buildModel) {
			m.Role = token.RoleSubscriber
			m.setKind(token.KindChatApp)
		}, token.Spec{Kind: token.KindChatApp, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := filledModel()
			tt.change(&m)
			got, err := m.spec()
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			want.AppID = sampleAppID
			if want.Format == "" {
				want.Format = token.Version007
			}
			if got.Kind != want.Kind || got.Format != want.Format || got.Channel != want.Channel || got.UID != want.UID ||
				got.Account != want.Account || got.UserID != want.UserID || got.Role != want.Role ||
				got.Expire != want.Expire || got.PrivilegeExpire != want.PrivilegeExpire || got.IssuedAt != 0 || got.Salt != 0 {
				t.Errorf("spec\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestFPATakesItsDayLongDefaultUnlessALifetimeWasChosen(t *testing.T) {
	m := filledModel()
	m.setKind(token.KindFPA)
	if v, _ := m.lifetime(); v != 24*60*60 {
		t.Errorf("FPA starts with a lifetime of %d s, not the official builder's day", v)
	}
	m.setKind(token.KindRTC)
	if v, _ := m.lifetime(); v != 60*60 {
		t.Errorf("back to RTC the lifetime is %d s, not its hour", v)
	}
	m.Lifetime = 600
	m.setKind(token.KindFPA)
	if v, _ := m.lifetime(); v != 600 {
		t.Errorf("FPA replaced the chosen 10 minutes with %d s", v)
	}
}

func TestAServiceWithout006TokensStaysAt007(t *testing.T) {
	m := filledModel()
	m.setKind(token.KindFCDN)
	m.setFormat(token.Version006)
	if m.Format != token.Version007 {
		t.Errorf("fcdn took the format %q", m.Format)
	}
	m.setKind(token.KindRTC)
	m.setFormat(token.Version006)
	m.Role = token.RoleAdmin
	m.setFormat(token.Version007)
	if m.Role != token.RolePublisher {
		t.Errorf("007 kept the 006-only role %s", m.Role)
	}
}

func TestTheModelKnowsWhetherItStillGivesTheTokenOnShow(t *testing.T) {
	m := filledModel()
	built, err := m.spec()
	if err != nil {
		t.Fatal(err)
	}
	built.IssuedAt, built.Salt = uint32(testNow.Unix()), 7
	if !m.builds(built, sampleCertificate) {
		t.Fatal("the form that built the token does not give it")
	}
	for name, change := range map[string]func(m *buildModel){
		"another uid":         func(m *buildModel) { m.Text[inUser] = "4243" },
		"an account":          func(m *buildModel) { m.Account, m.Text[inUser] = true, "alice" },
		"subscriber":          func(m *buildModel) { m.Role = token.RoleSubscriber },
		"a bad App ID":        func(m *buildModel) { m.Text[inAppID] = "nope" },
		"another certificate": func(m *buildModel) { m.Text[inCertificate] = "00000000000000000000000000000000" },
		"another lifetime":    func(m *buildModel) { m.Lifetime = 600 },
		"another issue time":  func(m *buildModel) { m.Text[inIssuedAt] = "1700000000" },
	} {
		changed := m
		change(&changed)
		if changed.builds(built, sampleCertificate) {
			t.Errorf("with %s the form still claims the token on show", name)
		}
	}
}

func TestOnlyTheTokensInputsDropTheValuesOfAnExactRebuild(t *testing.T) {
	for in := range inputCount {
		want := in != inIssuedAt && in != inSalt && in != inCertificate
		if changesToken(in) != want {
			t.Errorf("input %d: changesToken = %v", in, !want)
		}
	}
	m := filledModel()
	m.Text[inIssuedAt], m.Text[inSalt] = "1700000000", "5"
	if !m.reproducing() || !m.dropReproduce() || m.reproducing() || m.Text[inSalt] != "" {
		t.Error("dropping the reproduce values left them")
	}
}

func TestA006TokenLetsUsersJoinUntilItsPrivilegesEndNotForADay(t *testing.T) {
	m := filledModel()
	m.setFormat(token.Version006)
	spec, err := m.spec()
	if err != nil {
		t.Fatal(err)
	}
	spec.IssuedAt = uint32(testNow.Unix())
	if got, want := joinEnds(&spec), testNow.Add(time.Hour); !got.Equal(want) {
		t.Errorf("a 006 token of an hour lets users join until %s, want %s", got, want)
	}
	if got := unixTime(spec.Life().ExpiresAt); !got.Equal(testNow.Add(24 * time.Hour)) {
		t.Errorf("its own expiry is %s, want a day after issue", got)
	}
}

func TestATokenBornExpiredOrExpiringWithinAMinuteIsToldApart(t *testing.T) {
	spec := token.Spec{Kind: token.KindRTC, Expire: 3600, IssuedAt: uint32(testNow.Unix())}
	for _, c := range []struct {
		now  time.Time
		want bool
	}{
		{testNow, false},
		{testNow.Add(58 * time.Minute), false},
		{testNow.Add(59*time.Minute + 30*time.Second), true},
		{testNow.Add(2 * time.Hour), true},
	} {
		if got := bornExpired(&spec, c.now); got != c.want {
			t.Errorf("built at %s: bornExpired = %v", c.now, got)
		}
	}
}
