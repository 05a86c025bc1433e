package token

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

// The vectors were made by Agora's official builders (npm agora-access-token 2.0.4 and
// agora-token 2.0.6) with fixed salt and time.

type vector006 struct {
	Name        string            `json:"name"`
	AppID       string            `json:"app_id"`
	Certificate string            `json:"app_certificate"`
	Channel     string            `json:"channel"`
	UID         string            `json:"uid"`
	Salt        uint32            `json:"salt"`
	Ts          uint32            `json:"ts"`
	Privileges  map[string]uint32 `json:"privileges"`
	Token       string            `json:"token"`
}

type vectorService struct {
	Type        uint16                         `json:"type"`
	Privileges  map[string]uint32              `json:"privileges"`
	Channel     string                         `json:"channel_name"`
	UID         string                         `json:"uid"`
	UserID      string                         `json:"user_id"`
	Account     string                         `json:"account"`
	RoomUUID    string                         `json:"room_uuid"`
	UserUUID    string                         `json:"user_uuid"`
	Role        *int16                         `json:"role"`
	Permissions map[string]map[string][]string `json:"permissions"`
}

type vector007 struct {
	Name        string          `json:"name"`
	AppID       string          `json:"app_id"`
	Certificate string          `json:"app_certificate"`
	IssueTs     uint32          `json:"issue_ts"`
	Expire      uint32          `json:"expire"`
	Salt        uint32          `json:"salt"`
	Services    []vectorService `json:"services"`
	Token       string          `json:"token"`
	PayloadHex  string          `json:"payload_hex"`
}

func loadVectors[T any](t testing.TB, name string) []T {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var vs []T
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatalf("%s holds no vectors", name)
	}
	return vs
}

func privilegesFromMap(t testing.TB, m map[string]uint32) []Privilege {
	var ps []Privilege
	for k, v := range m {
		id, err := strconv.ParseUint(k, 10, 16)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, Privilege{uint16(id), v})
	}
	slices.SortFunc(ps, func(a, b Privilege) int { return int(a.ID) - int(b.ID) })
	return ps
}

func sortedKeys[V any](t testing.TB, m map[string]V) []uint16 {
	var ks []uint16
	for k := range m {
		id, err := strconv.ParseUint(k, 10, 16)
		if err != nil {
			t.Fatal(err)
		}
		ks = append(ks, uint16(id))
	}
	slices.Sort(ks)
	return ks
}

func (v vector007) token(t testing.TB) *Token007 {
	tok := &Token007{AppID: v.AppID, IssuedAt: v.IssueTs, Expire: v.Expire, Salt: v.Salt}
	for _, vs := range v.Services {
		s := Service{Type: ServiceType(vs.Type), Privileges: privilegesFromMap(t, vs.Privileges),
			Channel: vs.Channel, UID: vs.UID, UserID: vs.UserID, Account: vs.Account,
			RoomUUID: vs.RoomUUID, UserUUID: vs.UserUUID, Role: -1}
		if vs.Role != nil {
			s.Role = *vs.Role
		}
		for _, res := range sortedKeys(t, vs.Permissions) {
			perms := vs.Permissions[strconv.Itoa(int(res))]
			r := RTM2Resource{Type: res}
			for _, p := range sortedKeys(t, perms) {
				r.Permissions = append(r.Permissions, RTM2Permission{Type: p, Resources: perms[strconv.Itoa(int(p))]})
			}
			s.Permissions = append(s.Permissions, r)
		}
		tok.Services = append(tok.Services, s)
	}
	return tok
}

func TestBuildingEveryOfficial006VectorGivesTheSameTokenByteForByte(t *testing.T) {
	for _, v := range loadVectors[vector006](t, "v006.json") {
		t.Run(v.Name, func(t *testing.T) {
			tok := &Token006{AppID: v.AppID, Salt: v.Salt, Ts: v.Ts, Privileges: privilegesFromMap(t, v.Privileges)}
			got, err := tok.Build(v.Certificate, v.Channel, v.UID)
			if err != nil {
				t.Fatal(err)
			}
			if got != v.Token {
				t.Errorf("built\n%s\nofficial\n%s", got, v.Token)
			}
		})
	}
}

func TestParsingEveryOfficial006VectorRecoversItsFieldsAndVerifies(t *testing.T) {
	for _, v := range loadVectors[vector006](t, "v006.json") {
		t.Run(v.Name, func(t *testing.T) {
			p, err := Parse(v.Token)
			if err != nil {
				t.Fatal(err)
			}
			tok := p.V006
			if tok == nil || p.Version() != "006" {
				t.Fatalf("parsed as version %s", p.Version())
			}
			if tok.AppID != v.AppID || tok.Salt != v.Salt || tok.Ts != v.Ts {
				t.Errorf("app id %s salt %d ts %d", tok.AppID, tok.Salt, tok.Ts)
			}
			if want := privilegesFromMap(t, v.Privileges); !reflect.DeepEqual(tok.Privileges, want) {
				t.Errorf("privileges %v, want %v", tok.Privileges, want)
			}
			if !MatchChannel(tok.CRCChannel, v.Channel) || !MatchUID(tok.CRCUID, v.UID) {
				t.Error("the channel or uid does not match the token's CRC32s")
			}
			if err := tok.Verify(v.Certificate, v.Channel, v.UID); err != nil {
				t.Errorf("verify: %v", err)
			}
		})
	}
}

func TestBuildingEveryOfficial007VectorGivesTheSameInflatedContent(t *testing.T) {
	for _, v := range loadVectors[vector007](t, "v007.json") {
		t.Run(v.Name, func(t *testing.T) {
			got, err := v.token(t).Build(v.Certificate)
			if err != nil {
				t.Fatal(err)
			}
			content, err := Content007(got)
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(content) != v.PayloadHex {
				t.Errorf("content\n%x\nofficial\n%s", content, v.PayloadHex)
			}
			// Compression differs between zlib implementations, but not by much.
			if len(got) > len(v.Token)*115/100 {
				t.Errorf("token is %d characters, the official one %d", len(got), len(v.Token))
			}
		})
	}
}

func TestParsingEveryOfficial007VectorRecoversItsFieldsAndVerifies(t *testing.T) {
	for _, v := range loadVectors[vector007](t, "v007.json") {
		t.Run(v.Name, func(t *testing.T) {
			content, err := Content007(v.Token)
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(content) != v.PayloadHex {
				t.Errorf("inflated content differs from payload_hex")
			}
			p, err := Parse(v.Token)
			if err != nil {
				t.Fatal(err)
			}
			got := p.V007
			want := v.token(t)
			if got.Unknown != nil {
				t.Fatalf("unknown service %d", got.Unknown.Type)
			}
			if got.AppID != want.AppID || got.IssuedAt != want.IssuedAt || got.Expire != want.Expire || got.Salt != want.Salt {
				t.Errorf("header %s %d %d %d", got.AppID, got.IssuedAt, got.Expire, got.Salt)
			}
			if !reflect.DeepEqual(got.Services, want.Services) {
				t.Errorf("services\n%+v\nwant\n%+v", got.Services, want.Services)
			}
			if err := got.Verify(v.Certificate); err != nil {
				t.Errorf("verify: %v", err)
			}
		})
	}
}
