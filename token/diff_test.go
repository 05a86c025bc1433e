package token

import (
	"strings"
	"testing"
)

func TestCompareNamesEveryFieldThatDiffers(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Spec)
		field  string
		a, b   string
		same   bool
	}{
		{"another App ID", func(s *Spec) { s.AppID = "0123456789abcdef0123456789abcdef" }, "app_id", sampleAppID, "0123456789abcdef0123456789abcdef", false},
		{"another service", func(s *Spec) { s.Kind, s.UserID = KindRTCRTM, "alice" }, "services", "rtc", "rtc+rtm", false},
		{"another channel", func(s *Spec) { s.Channel = "lobby" }, "rtc.channel", "room", "lobby", false},
		{"another uid", func(s *Spec) { s.UID = 0 }, "rtc.uid", "123", "0", false},
		{"an account instead of a uid", func(s *Spec) { s.Account = "alice" }, "rtc.uid", "123", "alice", false},
		{"another role", func(s *Spec) { s.Role = RoleSubscriber }, "rtc.role", "publisher", "subscriber", false},
		{"another lifetime", func(s *Spec) { s.Expire, s.PrivilegeExpire = 86400, 86400 }, "expire", "1 hour", "24 hours", false},
		{"a privilege ending sooner", func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{3600, 600, 3600, 3600} }, "rtc.publishAudioStream", "1 hour", "10 minutes", false},
		{"another issue time", func(s *Spec) { s.IssuedAt += 60 }, "issued_at", "2023-11-14 22:13:20 UTC", "2023-11-14 22:14:20 UTC", true},
		{"another salt", func(s *Spec) { s.Salt = 10 }, "salt", "9", "10", true},
		{"the 006 format, which lets the user join as long (its 24-hour ts is not how long)", func(s *Spec) { s.Format = Version006 }, "version", "007", "006", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := rtcSpec()
			c.change(&b)
			got := Compare(mustParse(t, rtcSpec()), mustParse(t, b))
			if got.Same != c.same {
				t.Errorf("same access = %v, want %v (%s)", got.Same, c.same, got.Verdict)
			}
			for _, d := range got.Differences {
				if d.Field == c.field {
					if d.A != c.a || d.B != c.b {
						t.Errorf("%s: %q vs %q, want %q vs %q", d.Field, d.A, d.B, c.a, c.b)
					}
					return
				}
			}
			t.Errorf("no difference in %s among %+v", c.field, got.Differences)
		})
	}
}

func TestCompareNamesTheFieldsOfOtherServices(t *testing.T) {
	cases := []struct {
		name  string
		a, b  Spec
		field string
	}{
		{"an RTM user", Spec{Kind: KindRTM, UserID: "alice"}, Spec{Kind: KindRTM, UserID: "bob"}, "rtm.user_id"},
		{"a Chat user", Spec{Kind: KindChatUser, UserID: "alice"}, Spec{Kind: KindChatUser, UserID: "bob"}, "chat.user_id"},
		{"a Streaming account", Spec{Kind: KindStreaming, Channel: "live", Account: "cam1"}, Spec{Kind: KindStreaming, Channel: "live", Account: "cam2"}, "streaming.account"},
		{"an APaaS room", Spec{Kind: KindAPaaSRoomUser, RoomUUID: "r1", UserID: "u1"}, Spec{Kind: KindAPaaSRoomUser, RoomUUID: "r2", UserID: "u1"}, "apaas.room_uuid"},
		{"RTM2 permissions", Spec{Kind: KindRTM2, UserID: "alice", RTM2: []RTM2Resource{{Type: 1, Permissions: []RTM2Permission{{Type: 0, Resources: []string{"lobby"}}}}}},
			Spec{Kind: KindRTM2, UserID: "alice", RTM2: []RTM2Resource{{Type: 1, Permissions: []RTM2Permission{{Type: 0, Resources: []string{"backstage"}}}}}}, "rtm2.permissions"},
		{"an APaaS role", Spec{Kind: KindAPaaSRoomUser, RoomUUID: "r1", UserID: "u1", APaaSRole: 1}, Spec{Kind: KindAPaaSRoomUser, RoomUUID: "r1", UserID: "u1", APaaSRole: 2}, "apaas.role"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, s := range []*Spec{&c.a, &c.b} {
				s.AppID, s.Role, s.Expire, s.PrivilegeExpire, s.IssuedAt, s.Salt = sampleAppID, RolePublisher, 3600, 3600, 1700000000, 9
			}
			got := Compare(mustParse(t, c.a), mustParse(t, c.b))
			if got.Same || len(got.Differences) == 0 || got.Differences[0].Field != c.field {
				t.Errorf("differences %+v, want %s first", got.Differences, c.field)
			}
		})
	}
}

func TestTheVerdictNamesWhatMattersForJoiningFirst(t *testing.T) {
	b := rtcSpec()
	b.UID, b.Expire, b.PrivilegeExpire, b.IssuedAt, b.Salt = 0, 86400, 86400, b.IssuedAt+5, 77
	got := Compare(mustParse(t, rtcSpec()), mustParse(t, b))
	want := "They differ in uid (123 vs 0) and expiry (1 hour vs 24 hours)."
	if got.Verdict != want {
		t.Errorf("verdict %q, want %q", got.Verdict, want)
	}
	if last := got.Differences[len(got.Differences)-1]; last.Access {
		t.Errorf("the issue time and salt should come last, after the access: %+v", got.Differences)
	}
}

func TestTokensBuiltAgainForTheSameAccessAreTheSame(t *testing.T) {
	b := rtcSpec()
	b.IssuedAt, b.Salt = b.IssuedAt+600, 12345
	got := Compare(mustParse(t, rtcSpec()), mustParse(t, b))
	if !got.Same || got.Verdict != "They grant the same access; only the issue time and salt differ." {
		t.Errorf("same %v, verdict %q", got.Same, got.Verdict)
	}
	if got := Compare(mustParse(t, rtcSpec()), mustParse(t, rtcSpec())); got.Verdict != "They are the same token." || len(got.Differences) != 0 {
		t.Errorf("one token compared with itself: %+v", got)
	}
}

func TestA006TokenIsComparedByItsChecksums(t *testing.T) {
	s006 := rtcSpec()
	s006.Format, s006.Expire, s006.PrivilegeExpire = Version006, 86400, 86400
	same007 := rtcSpec()
	same007.Expire, same007.PrivilegeExpire = 86400, 86400
	if got := Compare(mustParse(t, s006), mustParse(t, same007)); !got.Same {
		t.Errorf("a 006 and a 007 token for the same channel and uid differ: %s", got.Verdict)
	}
	other := same007
	other.Channel = "lobby"
	got := Compare(mustParse(t, s006), mustParse(t, other))
	if got.Same || !strings.Contains(got.Verdict, "channel (CRC32 ") || !strings.Contains(got.Verdict, "vs lobby)") {
		t.Errorf("verdict %q should name the channel by its checksum", got.Verdict)
	}
}

func TestTheSignatureSentenceSaysWhichCertificateSigned(t *testing.T) {
	valid := func(with string) Report { return Report{Signature: SignatureValid, SignedWith: with} }
	cases := []struct {
		a, b Report
		want string
	}{
		{valid(SignedWithPrimary), valid(SignedWithPrimary), "Both signatures verify with the primary certificate."},
		{valid(SignedWithPrimary), valid(SignedWithSecondary), "Token A's signature verifies with the primary certificate; token B's verifies with the secondary certificate."},
		{valid(SignedWithPrimary), Report{Signature: SignatureInvalid}, "Token A's signature verifies with the primary certificate; token B's does not verify with the project's certificates."},
		{Report{Signature: SignatureInvalid}, Report{Signature: SignatureInvalid}, "Neither signature verifies with the project's certificates."},
		{Report{Signature: SignatureUnchecked}, Report{Signature: SignatureUnchecked}, ""},
	}
	for _, c := range cases {
		if got := SignaturesSentence(c.a, c.b); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestFieldsListTheSameFieldsTooForASideBySideView(t *testing.T) {
	b := rtcSpec()
	b.UID = 7
	got := Compare(mustParse(t, rtcSpec()), mustParse(t, b))
	differs := map[string]bool{}
	for _, f := range got.Fields {
		differs[f.Field] = f.Differs
	}
	if !differs["rtc.uid"] || differs["rtc.channel"] || differs["app_id"] {
		t.Errorf("fields %+v", got.Fields)
	}
	if _, ok := differs["expire"]; !ok {
		t.Error("the expiry is not among the fields")
	}
}

func TestTwo006RTMTokensForDifferentUsersDiffer(t *testing.T) {
	rtm := func(user string) *Parsed {
		return mustParse(t, Spec{Format: Version006, Kind: KindRTM, AppID: sampleAppID, UserID: user,
			Expire: 3600, IssuedAt: 1700000000, Salt: 1})
	}
	if got := Compare(rtm("alice"), rtm("alice")); !got.Same {
		t.Errorf("one user's token differs from itself: %s", got.Verdict)
	}
	got := Compare(rtm("alice"), rtm("bob"))
	if got.Same || !strings.Contains(got.Verdict, "RTM user id (CRC32 278ebc47 vs CRC32 f5cbb140)") {
		t.Errorf("alice's and bob's 006 RTM tokens: %q, want a user_id that differs", got.Verdict)
	}
}

func TestA006TokenOfOneHourLastsAsLongAsA007TokenOfOneHour(t *testing.T) {
	s006 := rtcSpec()
	s006.Format, s006.Expire, s006.PrivilegeExpire = Version006, 3600, 3600
	s007 := rtcSpec()
	s007.Expire, s007.PrivilegeExpire = 3600, 3600
	if got := Compare(mustParse(t, s006), mustParse(t, s007)); !got.Same {
		t.Errorf("a 006 and a 007 token that both let uid 123 join for an hour: %s", got.Verdict)
	}
	s007.Expire, s007.PrivilegeExpire = 86400, 86400
	if got := Compare(mustParse(t, s006), mustParse(t, s007)); got.Same || !strings.Contains(got.Verdict, "expiry (1 hour vs 24 hours)") {
		t.Errorf("a 006 token of an hour and a 007 token of a day: %s", got.Verdict)
	}
}
