package token

import (
	"reflect"
	"testing"
	"time"
)

// FuzzParse feeds Parse anything at all: it must never panic, must return either a token or
// an error, and whatever it accepts must survive the rest of the package.
func FuzzParse(f *testing.F) {
	for _, v := range loadVectors[vector006](f, "v006.json") {
		f.Add(v.Token)
	}
	for _, v := range loadVectors[vector007](f, "v007.json") {
		f.Add(v.Token)
	}
	for _, s := range []string{"", "006", "007", "007eJw=", "006970CA35de60c44645bbae8a215061b33", "007!!", "token=007abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := Parse(text)
		if (p == nil) == (err == nil) {
			t.Fatalf("Parse returned %v and %v", p, err)
		}
		if err != nil {
			return
		}
		diagnose(t, p, Context{Channel: "c", UID: "1", Certificate: sampleCertificate, Use: ServiceRTC}, time.Unix(1700000000, 0))
		if p.V007 != nil {
			if _, err := Content007(text); err != nil {
				t.Fatalf("Parse accepted what Content007 refuses: %v", err)
			}
		}
		if s, err := SpecFrom(p); err == nil && !s.Is006() {
			// A spec read from a token must rebuild to the same content.
			if rebuilt, err := s.Build(sampleCertificate); err == nil {
				q, err := Parse(rebuilt)
				if err != nil {
					t.Fatalf("a rebuilt token does not parse: %v", err)
				}
				if !reflect.DeepEqual(q.V007.Services, p.V007.Services) {
					t.Fatalf("rebuilt services differ")
				}
			}
		}
	})
}

// FuzzParseOfBuiltToken builds tokens from arbitrary inputs and checks that parsing gives back
// exactly the fields that went in, and that the signature verifies.
func FuzzParseOfBuiltToken(f *testing.F) {
	f.Add("room", uint32(2882341273), "", uint8(0), uint32(1700000000), uint32(3600), uint32(1800), uint32(7), false)
	f.Add("a-Z 0!#$%&()+-:;<=.>?@[]^_{}|~,", uint32(0), "", uint8(1), uint32(1111111), uint32(600), uint32(600), uint32(1), true)
	f.Add("lobby", uint32(0), "alice@example.com", uint8(2), uint32(0), uint32(86400), uint32(0), uint32(99999999), false)
	f.Fuzz(func(t *testing.T, channel string, uid uint32, account string, kindIndex uint8, issuedAt, expire, privilegeExpire, salt uint32, is006 bool) {
		kinds := []Kind{KindRTC, KindRTCRTM, KindRTM, KindStreaming, KindFCDN, KindChatUser, KindConvoAI}
		s := Spec{Kind: kinds[int(kindIndex)%len(kinds)], AppID: sampleAppID, Channel: channel, UID: uid, Account: account,
			UserID: account, Role: RolePublisher, IssuedAt: issuedAt, Expire: expire, PrivilegeExpire: privilegeExpire, Salt: salt}
		if is006 {
			s.Format = Version006
		}
		text, err := s.Build(sampleCertificate)
		if err != nil {
			if s.Validate() == nil {
				t.Fatalf("a valid spec did not build: %v", err)
			}
			return
		}
		p, err := Parse(text)
		if err != nil {
			t.Fatalf("a built token does not parse: %v", err)
		}
		if p.V006 != nil {
			uidString := s.UIDString()
			if s.Kind == KindRTM {
				channel, uidString = s.UserID, ""
			}
			if err := p.V006.Verify(sampleCertificate, channel, uidString); err != nil {
				t.Fatal(err)
			}
			if p.V006.Salt != salt || p.V006.Ts != issuedAt+Lifetime006 {
				t.Fatalf("salt %d ts %d", p.V006.Salt, p.V006.Ts)
			}
			return
		}
		if err := p.V007.Verify(sampleCertificate); err != nil {
			t.Fatal(err)
		}
		want := s.Token007()
		got := p.V007
		if got.IssuedAt != issuedAt || got.Expire != expire || got.Salt != salt || got.AppID != sampleAppID {
			t.Fatalf("header %d %d %d %s", got.IssuedAt, got.Expire, got.Salt, got.AppID)
		}
		if !sameServices(sortedServices(want.Services), got.Services) {
			t.Fatalf("services\n%+v\nwant\n%+v", got.Services, want.Services)
		}
		back, err := SpecFrom(p)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := back.Build(sampleCertificate); err != nil || again != text {
			t.Fatalf("the spec read back builds another token: %v", err)
		}
	})
}

func sortedServices(ss []Service) []Service {
	t := Token007{Services: ss}
	if len(ss) > 1 {
		t.Services = append([]Service(nil), ss...)
		for i := 1; i < len(t.Services); i++ {
			for j := i; j > 0 && t.Services[j].Type < t.Services[j-1].Type; j-- {
				t.Services[j], t.Services[j-1] = t.Services[j-1], t.Services[j]
			}
		}
	}
	return t.Services
}
