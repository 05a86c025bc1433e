// Package official compares TokenDesk's token builder with Agora's official Go 006 builder
// (github.com/AgoraIO-Community/go-tokenbuilder v1.0.0) on the same RTC publisher token.
package official

import (
	"testing"
	"time"

	"github.com/AgoraIO-Community/go-tokenbuilder/accesstoken"
	"github.com/AgoraIO-Community/go-tokenbuilder/rtctokenbuilder"
	"github.com/tokendesk/tokendesk/token"
)

// The inputs of token/bench_test.go: an RTC publisher token for uid 2882341273, valid an hour.
const (
	appID       = "970CA35de60c44645bbae8a215061b33"
	certificate = "5CFd2fd1755d40ecb72977518be15d3b"
	channel     = "7d72365eb983485397e3e3f9d460bdda"
	uid         = 2882341273
	uidString   = "2882341273"
	lifetime    = 3600

	fixedIssuedAt = 1700000000
	fixedSalt     = 12345678
)

func tokenDeskSpec(issuedAt, salt uint32) *token.Spec {
	return &token.Spec{Format: token.Version006, Kind: token.KindRTC, AppID: appID, Channel: channel, UID: uid,
		Role: token.RolePublisher, Expire: lifetime, PrivilegeExpire: lifetime, IssuedAt: issuedAt, Salt: salt}
}

// officialFixed builds the token exactly as rtctokenbuilder.BuildTokenWithUID does (same
// constructor, same privileges in the same order, same Build), except that the salt and the
// expiry Ts, which BuildTokenWithUID draws from math/rand and time.Now, are set to fixed values
// through the exported fields of accesstoken.AccessToken.
func officialFixed(t *testing.T, issuedAt, salt uint32) string {
	t.Helper()
	privilegeExpiredTs := issuedAt + lifetime
	at := accesstoken.CreateAccessToken2(appID, certificate, channel, uidString)
	at.Salt = salt
	at.Ts = issuedAt + 24*3600 // CreateAccessToken2 sets Ts = now + 24h
	at.AddPrivilege(accesstoken.KJoinChannel, privilegeExpiredTs)
	at.AddPrivilege(accesstoken.KPublishVideoStream, privilegeExpiredTs)
	at.AddPrivilege(accesstoken.KPublishAudioStream, privilegeExpiredTs)
	at.AddPrivilege(accesstoken.KPublishDataStream, privilegeExpiredTs)
	text, err := at.Build()
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// TestIdentical006 checks that with the salt and time fixed both builders write the very same
// 006 token, byte for byte.
func TestIdentical006(t *testing.T) {
	for _, c := range []struct{ issuedAt, salt uint32 }{
		{fixedIssuedAt, fixedSalt}, {fixedIssuedAt, 1}, {1234567890, 99999999}, {uint32(time.Now().Unix()), 42},
	} {
		want := officialFixed(t, c.issuedAt, c.salt)
		got, err := tokenDeskSpec(c.issuedAt, c.salt).Build(certificate)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("issuedAt %d salt %d:\nofficial  %s\ntokendesk %s", c.issuedAt, c.salt, want, got)
		}
	}
}

// TestOfficialBuildTokenWithUIDVerifies takes a token from the official public entry point
// itself (random salt, Ts = now + 24h) and checks that TokenDesk parses it, verifies its
// signature and reads the same privileges, and rebuilds it exactly from its salt and Ts.
func TestOfficialBuildTokenWithUIDVerifies(t *testing.T) {
	privilegeExpiredTs := uint32(time.Now().Unix()) + lifetime
	text, err := rtctokenbuilder.BuildTokenWithUID(appID, certificate, channel, uid, rtctokenbuilder.RolePublisher, privilegeExpiredTs)
	if err != nil {
		t.Fatal(err)
	}
	p, err := token.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if p.V006 == nil {
		t.Fatalf("official token parsed as version %s", p.Version())
	}
	tok := p.V006
	if err := tok.Verify(certificate, channel, uidString); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if len(tok.Privileges) != 4 {
		t.Fatalf("privileges %v, want 4", tok.Privileges)
	}
	for _, id := range []uint16{token.Priv006JoinChannel, token.Priv006PublishAudioStream, token.Priv006PublishVideoStream, token.Priv006PublishDataStream} {
		if v, ok := tok.Privilege(id); !ok || v != privilegeExpiredTs {
			t.Errorf("privilege %d = %d, %v; want %d", id, v, ok, privilegeExpiredTs)
		}
	}
	// The official Ts is now + 24h, TokenDesk's IssuedAt + 24h: rebuild from the parsed values.
	rebuilt := tokenDeskSpec(tok.Ts-token.Lifetime006, tok.Salt)
	rebuilt.PrivilegeExpire = privilegeExpiredTs - rebuilt.IssuedAt
	again, err := rebuilt.Build(certificate)
	if err != nil {
		t.Fatal(err)
	}
	if again != text {
		t.Errorf("rebuilt from salt %d Ts %d:\nofficial  %s\ntokendesk %s", tok.Salt, tok.Ts, text, again)
	}
}

// BenchmarkOfficialGoBuild006 is Agora's official Go builder through its public entry point.
// Each call draws a salt (math/rand, after a rand.Seed that is a no-op since Go 1.24 unless
// GODEBUG=randseednop=0) and reads the clock, as every real use does.
func BenchmarkOfficialGoBuild006(b *testing.B) {
	privilegeExpiredTs := uint32(fixedIssuedAt + lifetime)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rtctokenbuilder.BuildTokenWithUID(appID, certificate, channel, uid, rtctokenbuilder.RolePublisher, privilegeExpiredTs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenDeskBuild006 is the same token from token.Spec with a fixed salt and issue time,
// as BenchmarkBuild006 in token/bench_test.go.
func BenchmarkTokenDeskBuild006(b *testing.B) {
	s := tokenDeskSpec(fixedIssuedAt, fixedSalt)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Build(certificate); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenDeskBuild006Stamped adds what the official entry point does on every call:
// reading the clock and drawing a new salt (Spec.Stamp, crypto/rand), so the work per call
// matches BenchmarkOfficialGoBuild006.
func BenchmarkTokenDeskBuild006Stamped(b *testing.B) {
	s := tokenDeskSpec(fixedIssuedAt, fixedSalt)
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Stamp(time.Now()); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Build(certificate); err != nil {
			b.Fatal(err)
		}
	}
}
