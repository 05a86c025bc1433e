package token

import (
	"errors"
	"strings"
	"testing"
)

func TestParseExplainsWhyTextIsNotAToken(t *testing.T) {
	good007, _ := (&Spec{Kind: KindRTC, AppID: sampleAppID, Channel: "c", UID: 1, Role: RolePublisher, Expire: 60, PrivilegeExpire: 60, IssuedAt: 1, Salt: 1}).Build(sampleCertificate)
	cases := []struct {
		name, text string
		want       error
		says       string
	}{
		{"empty text", "", ErrMalformed, "empty"},
		{"a version 005 token", "005abc", ErrUnsupportedVersion, "005"},
		{"a JWT", "eyJhbGciOiJIUzI1NiJ9.e30.x", ErrUnsupportedVersion, "006"},
		{"a 006 token cut inside the App ID", "006970CA35de60c", ErrMalformed, "App ID"},
		{"a 006 App ID that is not hex", "006970CA35de60c44645bbae8a215061bZZ", ErrMalformed, "byte 33"},
		{"a 006 token with no content", "006970CA35de60c44645bbae8a215061b33", ErrMalformed, "signature"},
		{"007 and garbage", "007!!!!", ErrMalformed, "byte 3"},
		{"007 and base64 that is not zlib", "007aGVsbG8gd29ybGQ=", ErrMalformed, "zlib"},
		{"a 007 token cut short", good007[:len(good007)-12], ErrMalformed, ""},
		{"URL-safe base64", "007eJx-_w==", ErrMalformed, "URL-safe"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse(c.text)
			if p != nil || !errors.Is(err, c.want) {
				t.Fatalf("got %v, %v; want %v", p, err, c.want)
			}
			if !strings.Contains(err.Error(), c.says) {
				t.Errorf("%q does not say %q", err, c.says)
			}
		})
	}
}

func TestParseRefusesAZlibBomb(t *testing.T) {
	var tok Token007
	tok.AppID = sampleAppID
	tok.Services = []Service{{Type: ServiceRTC, Channel: strings.Repeat("a", 60000)}}
	text, err := tok.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(text); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "inflates past") {
		t.Errorf("got %v", err)
	}
}

func TestCleanStripsWhatComesAlongWithAPastedToken(t *testing.T) {
	const tok = "007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDCaiTj"
	for _, pasted := range []string{
		tok, "  " + tok + "\n", `"` + tok + `"`, "'" + tok + "',", "token=" + tok, `token: "` + tok + `"`,
		tok[:40] + "\n" + tok[40:], strings.ReplaceAll(tok, "+", "%2B"),
	} {
		if got := Clean(pasted); got != tok {
			t.Errorf("Clean(%q) = %q", pasted, got)
		}
	}
}

func TestAMissingBase64PaddingIsTolerated(t *testing.T) {
	const tok = "007eJxTYLhzZP08Lxa1Pg57+TcXb/3cZ3wi4V6kbpbOog0G2dOYk20UGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiQwMADacImo="
	if _, err := Parse(strings.TrimRight(tok, "=")); err != nil {
		t.Error(err)
	}
}
