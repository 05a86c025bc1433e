package token

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	sampleAppID       = "970CA35de60c44645bbae8a215061b33"
	sampleCertificate = "5CFd2fd1755d40ecb72977518be15d3b"
)

// everyKind returns one valid spec of each kind and format TokenDesk builds.
func everyKind() map[string]Spec {
	base := Spec{AppID: sampleAppID, Role: RolePublisher, Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: 42}
	with := func(f func(*Spec)) Spec { s := base; f(&s); return s }
	return map[string]Spec{
		"rtc uid publisher": with(func(s *Spec) { s.Kind, s.Channel, s.UID = KindRTC, "room 1", 2882341273 }),
		"rtc uid 0":         with(func(s *Spec) { s.Kind, s.Channel = KindRTC, "lobby" }),
		"rtc account":       with(func(s *Spec) { s.Kind, s.Channel, s.Account = KindRTC, "room", "alice@example.com" }),
		"rtc subscriber":    with(func(s *Spec) { s.Kind, s.Channel, s.UID, s.Role = KindRTC, "room", 7, RoleSubscriber }),
		"rtc per privilege": with(func(s *Spec) {
			s.Kind, s.Channel, s.UID, s.PerPrivilege = KindRTC, "room", 7, &PrivilegeExpires{3600, 1800, 900, 60}
		}),
		"rtc+rtm": with(func(s *Spec) { s.Kind, s.Channel, s.Account, s.UserID = KindRTCRTM, "room", "bob", "bob" }),
		"rtm":     with(func(s *Spec) { s.Kind, s.UserID = KindRTM, "carol" }),
		"rtm2": with(func(s *Spec) {
			s.Kind, s.UserID, s.RTM2 = KindRTM2, "dave", []RTM2Resource{{0, []RTM2Permission{{1, []string{"a", "b"}}}}}
		}),
		"chat user": with(func(s *Spec) { s.Kind, s.UserID = KindChatUser, "erin" }),
		"chat app":  with(func(s *Spec) { s.Kind = KindChatApp }),
		"fpa":       with(func(s *Spec) { s.Kind, s.PrivilegeExpire = KindFPA, 0 }),
		"apaas room user": with(func(s *Spec) {
			s.Kind, s.RoomUUID, s.UserID, s.APaaSRole = KindAPaaSRoomUser, "room-uuid", "user-uuid", 2
		}),
		"apaas user":      with(func(s *Spec) { s.Kind, s.UserID = KindAPaaSUser, "user-uuid" }),
		"apaas app":       with(func(s *Spec) { s.Kind = KindAPaaSApp }),
		"streaming":       with(func(s *Spec) { s.Kind, s.Channel, s.Account = KindStreaming, "live", "host" }),
		"fcdn subscriber": with(func(s *Spec) { s.Kind, s.Channel, s.Account, s.Role = KindFCDN, "live", "viewer", RoleSubscriber }),
		"convoai":         with(func(s *Spec) { s.Kind, s.Channel, s.UID, s.UserID = KindConvoAI, "agent", 1000, "agent-1000" }),
		"stt subscriber": with(func(s *Spec) {
			s.Kind, s.Channel, s.UID, s.UserID, s.Role = KindSTT, "agent", 1001, "stt-1001", RoleSubscriber
		}),
		"006 rtc publisher": with(func(s *Spec) { s.Format, s.Kind, s.Channel, s.UID = Version006, KindRTC, "room", 42 }),
		"006 rtc subscriber": with(func(s *Spec) {
			s.Format, s.Kind, s.Channel, s.Account, s.Role = Version006, KindRTC, "room", "zoe", RoleSubscriber
		}),
		"006 rtm": with(func(s *Spec) { s.Format, s.Kind, s.UserID = Version006, KindRTM, "rtm-user-42" }),
	}
}

func TestEveryKindBuildsAndReadsBackAsTheSameSpec(t *testing.T) {
	for name, spec := range everyKind() {
		t.Run(name, func(t *testing.T) {
			text, err := spec.Build(sampleCertificate)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			got, err := SpecFrom(p)
			if err != nil {
				t.Fatal(err)
			}
			if spec.Is006() {
				// A 006 token keeps only CRC32s of the channel and uid: the caller supplies them.
				channel, uid := spec.Channel, spec.UIDString()
				if spec.Kind == KindRTM {
					channel, uid = spec.UserID, ""
				}
				if err := got.SetIdentity006(p.V006, "not the channel", uid); !errors.Is(err, ErrMismatch) {
					t.Errorf("another channel: %v", err)
				}
				if err := got.SetIdentity006(p.V006, channel, uid); err != nil {
					t.Fatal(err)
				}
			}
			again, err := got.Build(sampleCertificate)
			if err != nil {
				t.Fatal(err)
			}
			if again != text {
				t.Errorf("rebuilt from %+v\n%s\nwant\n%s", got, again, text)
			}
			if !spec.Is006() && !reflect.DeepEqual(normalized(got), normalized(spec)) {
				t.Errorf("spec read back as\n%+v\nwant\n%+v", got, spec)
			}
		})
	}
}

// normalized drops what two specs of the same token may legitimately differ in.
func normalized(s Spec) Spec {
	s.Format = Version007
	if s.Kind == KindRTCRTM && s.UserID == "" {
		s.UserID = s.Account
	}
	if s.Kind == KindFPA || s.Kind == KindChatApp || s.Kind == KindAPaaSApp || s.Kind == KindRTM || s.Kind == KindRTM2 ||
		s.Kind == KindChatUser || s.Kind == KindAPaaSUser || s.Kind == KindAPaaSRoomUser || s.Kind == KindStreaming {
		s.Role = RolePublisher
	}
	return s
}

func TestTheSeedSimpleTokenBuilderReproducesAnOfficialToken(t *testing.T) {
	const official = "006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW"
	b := CreateSimpleTokenBuilder(sampleAppID, sampleCertificate, "7d72365eb983485397e3e3f9d460bdda", 2882341273)
	if err := b.InitTokenBuilder(official); err != nil {
		t.Fatal(err)
	}
	got, err := b.BuildToken()
	if err != nil {
		t.Fatal(err)
	}
	if got != official {
		t.Errorf("got %s", got)
	}
}

func TestInitTokenBuilderRefusesATokenOfAnotherAppChannelOrUid(t *testing.T) {
	const official = "006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW"
	cases := []struct {
		name, appID, channel string
		uid                  uint32
		says                 string
	}{
		{"another App ID", "0123456789abcdef0123456789abcdef", "7d72365eb983485397e3e3f9d460bdda", 2882341273, "App ID"},
		{"another channel", sampleAppID, "other", 2882341273, "channel"},
		{"another uid", sampleAppID, "7d72365eb983485397e3e3f9d460bdda", 1, "uid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := CreateSimpleTokenBuilder(c.appID, sampleCertificate, c.channel, c.uid)
			err := b.InitTokenBuilder(official)
			if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), c.says) {
				t.Errorf("got %v, want a mismatch naming the %s", err, c.says)
			}
		})
	}
}

func TestSeedRolesGrantTheirPrivilegeTables(t *testing.T) {
	want := map[SimpleRole][]uint16{
		SimpleAttendee: {1, 2, 3, 4}, SimplePublisher: {1, 2, 3, 4, 5, 6, 10, 11, 12},
		SimpleSubscriber: {1, 7, 8, 9}, SimpleAdmin: {1, 2, 3, 4, 101},
	}
	for role, ids := range want {
		b := CreateSimpleTokenBuilder(sampleAppID, sampleCertificate, "c", 1)
		if err := b.InitPrivileges(role); err != nil {
			t.Fatal(err)
		}
		var got []uint16
		for _, p := range b.Token.Privileges {
			got = append(got, p.ID)
			if p.Value != 0 {
				t.Errorf("role %d: privilege %d has value %d, want 0", role, p.ID, p.Value)
			}
		}
		if !reflect.DeepEqual(got, ids) {
			t.Errorf("role %d grants %v, want %v", role, got, ids)
		}
	}
	if err := CreateSimpleTokenBuilder(sampleAppID, sampleCertificate, "c", 1).InitPrivileges(9); !errors.Is(err, ErrInvalidRole) {
		t.Errorf("role 9: %v", err)
	}
}

func TestSetAndRemovePrivilegeKeepTheMapSorted(t *testing.T) {
	b := CreateSimpleTokenBuilder(sampleAppID, sampleCertificate, "c", 1)
	b.SetPrivilege(101, 5)
	b.SetPrivilege(1, 3)
	b.SetPrivilege(4, 4)
	b.SetPrivilege(1, 9)
	b.RemovePrivilege(4)
	want := []Privilege{{1, 9}, {101, 5}}
	if !reflect.DeepEqual(b.Token.Privileges, want) {
		t.Errorf("got %v, want %v", b.Token.Privileges, want)
	}
}

func TestSpecValidationNamesTheWrongInput(t *testing.T) {
	ok := Spec{Kind: KindRTC, AppID: sampleAppID, Channel: "room", UID: 1, Role: RolePublisher, Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: 1}
	cases := []struct {
		name   string
		change func(*Spec)
		want   error
	}{
		{"an App ID of 31 characters", func(s *Spec) { s.AppID = sampleAppID[:31] }, ErrInvalidAppID},
		{"an App ID with a non-hex character", func(s *Spec) { s.AppID = "z" + sampleAppID[1:] }, ErrInvalidAppID},
		{"an empty channel", func(s *Spec) { s.Channel = "" }, ErrInvalidChannel},
		{"a channel of 65 bytes", func(s *Spec) { s.Channel = strings.Repeat("a", 65) }, ErrInvalidChannel},
		{"a channel with a slash", func(s *Spec) { s.Channel = "a/b" }, ErrInvalidChannel},
		{"a channel in Chinese", func(s *Spec) { s.Channel = "频道" }, ErrInvalidChannel},
		{"an account of 256 bytes", func(s *Spec) { s.Account = strings.Repeat("a", 256) }, ErrInvalidAccount},
		{"an account with a quote", func(s *Spec) { s.Account = `a"b` }, ErrInvalidAccount},
		{"a lifetime past 2106", func(s *Spec) { s.Expire = 0xFFFFFFFF }, ErrInvalidLifetime},
		{"a privilege lifetime past 2106", func(s *Spec) { s.PrivilegeExpire = 0xFFFFFFFF }, ErrInvalidLifetime},
		{"a per-privilege lifetime past 2106", func(s *Spec) { s.PerPrivilege = &PrivilegeExpires{Data: 0xFFFFFFF0} }, ErrInvalidLifetime},
		{"a 006 admin for 007", func(s *Spec) { s.Role = RoleAdmin }, ErrInvalidRole},
		{"an unknown service", func(s *Spec) { s.Kind = "video" }, ErrInvalidService},
		{"a chat token in 006", func(s *Spec) { s.Format, s.Kind, s.UserID = Version006, KindChatUser, "u" }, ErrInvalidService},
		{"format 008", func(s *Spec) { s.Format = "008" }, ErrUnsupportedVersion},
		{"an RTM token without a user", func(s *Spec) { s.Kind = KindRTM }, ErrInvalidAccount},
		{"rtc+rtm with a uid and no user", func(s *Spec) { s.Kind = KindRTCRTM }, ErrInvalidAccount},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("the valid spec fails: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := ok
			c.change(&s)
			if _, err := s.Build(sampleCertificate); !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
}

func TestACertificateErrorNeverRepeatsTheCertificate(t *testing.T) {
	for _, cert := range []string{"5CFd2fd1755d40ecb72977518be15d3", "5CFd2fd1755d40ecb72977518be15d3bX", "5CFd2fd1755d40ecb72977518be15d3Z", ""} {
		err := ValidateCertificate(cert)
		if !errors.Is(err, ErrInvalidCertificate) {
			t.Fatalf("%d characters: %v", len(cert), err)
		}
		if cert != "" && strings.Contains(err.Error(), cert[:10]) {
			t.Errorf("the error %q repeats the certificate", err)
		}
	}
}

func TestTheCertificatePastedAsAnInputIsNeverWrittenIntoAToken(t *testing.T) {
	base := Spec{Kind: KindRTC, AppID: sampleAppID, Channel: "room", UID: 1, Role: RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: 1}
	for name, c := range map[string]struct {
		edit func(*Spec)
		kind error
	}{
		"App ID":      {func(s *Spec) { s.AppID = sampleCertificate }, ErrInvalidAppID},
		"channel":     {func(s *Spec) { s.Channel = strings.ToLower(sampleCertificate) }, ErrInvalidChannel},
		"account":     {func(s *Spec) { s.Account = " " + sampleCertificate }, ErrInvalidAccount},
		"RTM user":    {func(s *Spec) { s.Kind, s.UserID = KindRTM, sampleCertificate }, ErrInvalidAccount},
		"APaaS room":  {func(s *Spec) { s.Kind, s.UserID, s.RoomUUID = KindAPaaSRoomUser, "u", sampleCertificate }, ErrInvalidAccount},
		"006 channel": {func(s *Spec) { s.Format, s.Channel = Version006, sampleCertificate }, ErrInvalidChannel},
	} {
		s := base
		c.edit(&s)
		text, err := s.Build(sampleCertificate)
		var in *InputError
		if !errors.As(err, &in) || !errors.Is(err, c.kind) || in.Problem != ProblemCertificate {
			t.Errorf("the certificate as the %s: got %q, %v; want a ProblemCertificate error", name, text, err)
			continue
		}
		if strings.Contains(strings.ToLower(err.Error()), strings.ToLower(sampleCertificate[:8])) {
			t.Errorf("the certificate as the %s: the error %q repeats it", name, err)
		}
	}
	if _, err := base.Build(sampleCertificate); err != nil {
		t.Errorf("a spec without the certificate: %v", err)
	}
}

func TestParseUIDAcceptsTheWholeRangeAndNothingElse(t *testing.T) {
	for s, want := range map[string]uint32{"0": 0, "1": 1, "4294967295": 4294967295} {
		if got, err := ParseUID(s); err != nil || got != want {
			t.Errorf("ParseUID(%q) = %d, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "-1", "4294967296", "1e3", "12a", " 5"} {
		if _, err := ParseUID(s); !errors.Is(err, ErrInvalidUID) {
			t.Errorf("ParseUID(%q) = %v, want ErrInvalidUID", s, err)
		}
	}
}

func TestStampIssuesNowWithASaltInTheOfficialRange(t *testing.T) {
	var s Spec
	now := time.Unix(1800000000, 0)
	for range 100 {
		if err := s.Stamp(now); err != nil {
			t.Fatal(err)
		}
		if s.IssuedAt != 1800000000 || s.Salt < 1 || s.Salt > MaxSalt {
			t.Fatalf("issued %d salt %d", s.IssuedAt, s.Salt)
		}
	}
}

func TestA006TokenLivesTwentyFourHoursWithAbsolutePrivileges(t *testing.T) {
	s := everyKind()["006 rtc publisher"]
	text, err := s.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Parse(text)
	if p.V006.Ts != s.IssuedAt+24*3600 {
		t.Errorf("ts %d", p.V006.Ts)
	}
	want := []Privilege{{1, s.IssuedAt + 3600}, {2, s.IssuedAt + 3600}, {3, s.IssuedAt + 3600}, {4, s.IssuedAt + 3600}}
	if !reflect.DeepEqual(p.V006.Privileges, want) {
		t.Errorf("privileges %v", p.V006.Privileges)
	}
}

func TestServicesAddedOutOfOrderArePackedByType(t *testing.T) {
	a := Token007{AppID: sampleAppID, IssuedAt: 1, Expire: 60, Salt: 1,
		Services: []Service{NewRTMService("u", 60), NewRTCService("c", "1", RolePublisher, 60)}}
	b := a
	b.Services = []Service{a.Services[1], a.Services[0]}
	ta, _ := a.Build(sampleCertificate)
	tb, _ := b.Build(sampleCertificate)
	ca, _ := Content007(ta)
	cb, _ := Content007(tb)
	if string(ca) != string(cb) {
		t.Error("the order services were added in changed the token")
	}
	if a.Services[0].Type != ServiceRTM {
		t.Error("Build reordered the caller's services")
	}
}
