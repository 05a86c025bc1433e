package ui

import (
	"testing"

	"github.com/tokendesk/tokendesk/token"
)

func TestSpecFromTokenRebuildsEveryVectorABuilderMakes(t *testing.T) {
	for _, v := range loadVectors[vector007](t, "v007.json") {
		t.Run(v.Name, func(t *testing.T) {
			p, err := token.Parse(v.Token)
			if err != nil {
				t.Fatal(err)
			}
			spec, err := specFromToken(p.V007)
			if notFromABuilder[v.Name] {
				if err == nil {
					t.Fatalf("a token no builder makes gave the spec %+v", spec)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// Token007 skips the input rules, so the unicode account rebuilds too.
			got, err := spec.Token007().Build(v.Certificate)
			if err != nil {
				t.Fatal(err)
			}
			sameToken(t, got, v.Token)
		})
	}
}

func TestSpecFromTokenFindsKindRoleAndPerPrivilegeLifetimes(t *testing.T) {
	specs := []token.Spec{
		{Kind: token.KindRTC, Channel: "a", UID: 7, Role: token.RoleSubscriber, Expire: 600, PrivilegeExpire: 300},
		{Kind: token.KindRTC, Channel: "a", Account: "007", Role: token.RolePublisher, Expire: 600, PrivilegeExpire: 600,
			PerPrivilege: &token.PrivilegeExpires{Join: 600, Audio: 0, Video: 60, Data: 600}},
		{Kind: token.KindRTCRTM, Channel: "b", Account: "x", UserID: "y", Role: token.RolePublisher, Expire: 900, PrivilegeExpire: 900},
		{Kind: token.KindConvoAI, Channel: "c", UID: 1, UserID: "agent", Role: token.RoleSubscriber, Expire: 900, PrivilegeExpire: 800},
		{Kind: token.KindSTT, Channel: "c", UID: 1, UserID: "agent", Role: token.RolePublisher, Expire: 900, PrivilegeExpire: 800},
		{Kind: token.KindFPA, Role: token.RolePublisher, Expire: 86400},
		{Kind: token.KindAPaaSRoomUser, RoomUUID: "r", UserID: "u", APaaSRole: 2, Role: token.RolePublisher, Expire: 60, PrivilegeExpire: 60},
		{Kind: token.KindAPaaSUser, UserID: "u", Role: token.RolePublisher, Expire: 60, PrivilegeExpire: 60},
		{Kind: token.KindChatUser, UserID: "u", Role: token.RolePublisher, Expire: 60, PrivilegeExpire: 30},
		{Kind: token.KindFCDN, Channel: "f", UID: 5, Role: token.RoleSubscriber, Expire: 60, PrivilegeExpire: 60},
	}
	for _, want := range specs {
		t.Run(string(want.Kind), func(t *testing.T) {
			want.Format, want.AppID, want.IssuedAt, want.Salt = token.Version007, sampleAppID, 1700000000, 9
			text, err := want.Build(sampleCertificate)
			if err != nil {
				t.Fatal(err)
			}
			p, err := token.Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			got, err := specFromToken(p.V007)
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != want.Kind || got.Role != want.Role || (got.PerPrivilege == nil) != (want.PerPrivilege == nil) {
				t.Errorf("got kind %s role %s per-privilege %v, want %s %s %v", got.Kind, got.Role, got.PerPrivilege, want.Kind, want.Role, want.PerPrivilege)
			}
			again, err := got.Build(sampleCertificate)
			if err != nil {
				t.Fatal(err)
			}
			sameToken(t, again, text)
		})
	}
}
