package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

func TestTheWindowEchoesTypedValuesAsTheCommandLineDoes(t *testing.T) {
	huge := strings.Repeat("x", 131000)
	messages := map[string]func(string) error{
		"salt":      func(s string) error { _, err := parseSalt(s); return err },
		"lifetime":  func(s string) error { _, err := parseLifetime(s); return err },
		"issued at": func(s string) error { _, err := parseIssuedAt(s); return err },
		"uid": func(s string) error {
			_, err := token.ParseUID(s)
			if err != nil {
				return renamed(err, fieldUID)
			}
			return nil
		},
	}
	for name, check := range messages {
		for _, typed := range []string{sampleCertificate, "x" + sampleCertificate, huge, "evil\x1b]0;pwned\a"} {
			err := check(typed)
			if err == nil {
				t.Errorf("the %s %.30q is accepted", name, typed)
				continue
			}
			msg := err.Error()
			if strings.Contains(strings.ToLower(msg), strings.ToLower(sampleCertificate[:8])) || len(msg) > 300 || strings.ContainsAny(msg, "\x1b\a") {
				t.Errorf("the %s message repeats what was typed: %.400q", name, msg)
			}
		}
	}
}

func TestAnExcerptSaysItsLengthInTheWindowsLanguage(t *testing.T) {
	long := strings.Repeat("x", 30)
	useLanguage(languageChinese)
	defer useLanguage(languageEnglish)
	if got, want := excerpt(long), `"`+strings.Repeat("x", 24)+`…"（共 30 个字符）`; got != want {
		t.Errorf("in Chinese: %s, want %s", got, want)
	}
	useLanguage(languageEnglish)
	if got := excerpt(long); got != token.Excerpt(long) {
		t.Errorf("in English the window says %s, the command line %s", got, token.Excerpt(long))
	}
	if got := excerpt("room1"); got != `"room1"` {
		t.Errorf("a short value: %s", got)
	}
}

func TestAFindingAboutALongTypedChannelSaysItsLengthInChinese(t *testing.T) {
	spec := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "room", UID: 1,
		Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: 1}
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	p, err := token.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	typed := "a-channel-name-longer-than-twenty-four"
	r := token.Diagnose(p, token.Context{Channel: typed}, time.Unix(1700000000, 0))
	var mismatch *token.Finding
	for i := range r.Findings {
		if r.Findings[i].Code == token.CodeChannelMismatch {
			mismatch = &r.Findings[i]
		}
	}
	if mismatch == nil {
		t.Fatalf("no channel mismatch in %+v", r.Findings)
	}
	useLanguage(languageChinese)
	defer useLanguage(languageEnglish)
	said := findingText(*mismatch)
	if !strings.Contains(said, "（共 38 个字符）") || strings.Contains(said, "characters") {
		t.Errorf("the Chinese finding says %q", said)
	}
}
