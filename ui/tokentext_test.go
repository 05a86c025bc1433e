package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// englishSentence is what sentence made of an error before the window translated the token
// package's errors: the English UI must still show exactly that.
func englishSentence(err error) string {
	msg := err.Error()
	for _, prefix := range [...]string{"token: ", "store: "} {
		if i := strings.LastIndex(msg, prefix); i >= 0 {
			rest := msg[i+len(prefix):]
			if j := strings.Index(rest, ": "); j >= 0 {
				rest = rest[j+2:]
			}
			msg = rest
			break
		}
	}
	msg = strings.TrimSpace(msg)
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if last, _ := utf8.DecodeLastRuneInString(msg); !strings.ContainsRune(".?!", last) {
		msg += "."
	}
	return msg
}

func lifetimeErr(s string) error {
	_, err := token.ParseLifetime(s)
	return err
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// tokenErrors are errors of the token package of every kind the window may show.
func tokenErrors(t *testing.T) []error {
	t.Helper()
	uid := func(s string) error { _, err := token.ParseUID(s); return err }
	lifetime := func(s string) error { _, err := token.ParseLifetime(s); return err }
	issuedAt := func(s string) error { _, err := token.ParseTime(s, time.UTC); return err }
	parse := func(s string) error {
		if _, err := token.Parse(s); err != nil {
			return err
		}
		t.Fatalf("%q parsed", s)
		return nil
	}
	spec := func(edit func(*token.Spec)) error {
		s := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "c", UID: 1, Expire: 60, PrivilegeExpire: 60, IssuedAt: 1700000000}
		edit(&s)
		if err := s.Validate(); err != nil {
			return err
		}
		t.Fatalf("%+v is valid", s)
		return nil
	}
	// The certificate pasted where an input goes is refused when the token is signed.
	signed := func(edit func(*token.Spec)) error {
		s := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "c", UID: 1, Expire: 60, PrivilegeExpire: 60, IssuedAt: 1700000000}
		edit(&s)
		if _, err := s.Build(sampleCertificate); err != nil {
			return err
		}
		t.Fatalf("%+v was signed", s)
		return nil
	}
	p, err := token.Parse(loadVectors[vector007](t, "v007.json")[0].Token)
	if err != nil {
		t.Fatal(err)
	}
	return []error{
		token.ValidateAppID(""), token.ValidateAppID("abc"), token.ValidateAppID("970CA35de60c44645bbae8a215061b3g"),
		token.ValidateAppID("970CA35de60c44645bbae8a21506"),
		token.ValidateCertificate(""), token.ValidateCertificate("abc"), token.ValidateCertificate("97 CA35de60c44645bbae8a215061b33"),
		token.ValidateChannel(""), token.ValidateChannel(strings.Repeat("a", 65)), token.ValidateChannel("demo/room"), token.ValidateChannel("频道"),
		token.ValidateAccount(""), token.ValidateAccount(strings.Repeat("a", 256)), token.ValidateAccount(`a"b`),
		uid(""), uid("-1"), uid("99999999999"),
		lifetime(""), lifetime("an hour"), lifetime("-5m"), lifetime("1.5s"), lifetime("99999999999"),
		issuedAt("yesterday"), issuedAt("1969-12-31T23:00:00Z"),
		spec(func(s *token.Spec) { s.Kind, s.UserID = token.KindRTM, "a/b" }),
		spec(func(s *token.Spec) { s.Kind, s.UserID, s.RoomUUID = token.KindAPaaSRoomUser, "u", "" }),
		spec(func(s *token.Spec) { s.Kind = token.KindRTCRTM }),
		spec(func(s *token.Spec) { s.Expire = 0xFFFFFFFF }),
		spec(func(s *token.Spec) { s.Role = token.RoleAdmin }),
		spec(func(s *token.Spec) { s.Format, s.Kind = token.Version006, token.KindChatApp }),
		spec(func(s *token.Spec) { s.Format = "005" }),
		signed(func(s *token.Spec) { s.AppID = sampleCertificate }),
		signed(func(s *token.Spec) { s.Channel = strings.ToLower(sampleCertificate) }),
		signed(func(s *token.Spec) { s.Account = sampleCertificate }),
		parse(""), parse("005abc"), parse("007eJw-abc"), parse("007eJwrSS0u0c3LLEnMy8wBAB8HBJE"), parse("006970CA35de60c44645bbae8a215061b3"),
		parse("006970CA35de60c44645bbae8a215061bzz"),
		p.V007.Verify("00000000000000000000000000000000"),
		token.ErrNoChannelAndUID,
		fmt.Errorf("store: saving the project: %w", token.ValidateAppID("abc")),
	}
}

func TestTokenErrorsReadAsBeforeInEnglishAndInChineseInChinese(t *testing.T) {
	errs := tokenErrors(t)
	useLanguage(languageEnglish)
	for _, err := range errs {
		if got, want := sentence(err), englishSentence(err); got != want {
			t.Errorf("in English %q\nreads %q", want, got)
		}
	}
	useLanguage(languageChinese)
	t.Cleanup(func() { useLanguage(languageEnglish) })
	for _, err := range errs {
		got := sentence(err)
		if !hasHan(got) || !strings.HasSuffix(got, "。") {
			t.Errorf("in Chinese %q\nreads %q", err, got)
		}
	}
	// The facts stay: the character and where it is.
	for err, want := range map[error]string{
		token.ValidateChannel("demo/room"):                            "频道名只能包含字母 a-z 和 A-Z、数字、空格以及 " + token.NameCharacters + "；字节偏移 4 处的 '/' 不允许使用。",
		token.ValidateAppID("abc"):                                    `App ID 应为 32 位十六进制字符，"abc" 有 3 位。`,
		token.ValidateAppID("970CA35de60c44645bbae8a21506"):           `App ID 应为 32 位十六进制字符，"970CA35de60c44645bbae8a2…" 有 28 位。`,
		token.ValidateCertificate("97 CA35de60c44645bbae8a215061b33"): "App 证书应为 32 位十六进制字符，第 3 位不是十六进制字符。",
		errs[len(errs)-1]:                                             `App ID 应为 32 位十六进制字符，"abc" 有 3 位。`,
		lifetimeErr("1x"):                                             `"1x" 既不是秒数（3600）也不是时长（90m、2h）。`,
	} {
		if got := sentence(err); got != want {
			t.Errorf("%q reads\n%q, want\n%q", err, got, want)
		}
	}
	_, err := token.Parse("007eJw-abc")
	if got := sentence(err); !strings.Contains(got, "（字节偏移 6 处的 '-'：这是 URL 安全的 Base64") {
		t.Errorf("%q reads %q", err, got)
	}
}

func TestSpanWordsReadAsTheTokenPackagesInEnglish(t *testing.T) {
	useLanguage(languageEnglish)
	for _, s := range []int64{0, 1, 2, 59, 60, 61, 119, 120, 3599, 3600, 3660, 5400, 7200, 86399, 86400, 90000, 172799, 172800, 259200, 1e9, -5400} {
		if got, want := spanWords(s), token.SpanWords(s); got != want {
			t.Errorf("%d s: %q, want %q", s, got, want)
		}
	}
	useLanguage(languageChinese)
	t.Cleanup(func() { useLanguage(languageEnglish) })
	for s, want := range map[int64]string{1: "1 秒", 5400: "1 小时 30 分钟", 7200: "2 小时", 259200: "3 天"} {
		if got := spanWords(s); got != want {
			t.Errorf("%d s: %q, want %q", s, got, want)
		}
	}
}

// findingsOf are the findings of many kinds of token, used in many ways.
func findingsOf(t *testing.T) []token.Finding {
	t.Helper()
	base := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "room", UID: 123, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: 9}
	issued := time.Unix(1700000000, 0)
	var out []token.Finding
	for _, c := range []struct {
		edit func(*token.Spec)
		ctx  token.Context
		now  time.Time
	}{
		{nil, token.Context{AppID: "0123456789abcdef0123456789abcdef", UID: "124", Channel: "lobby"}, issued.Add(90 * time.Minute)},
		{nil, token.Context{Use: token.ServiceRTM, Certificate: "00000000000000000000000000000000"}, issued.Add(-45 * time.Second)},
		{nil, token.Context{}, issued.Add(3599 * time.Second)},
		{func(s *token.Spec) { s.Expire, s.PrivilegeExpire = 72*3600, 0 }, token.Context{Account: "bob"}, issued},
		{func(s *token.Spec) {
			s.PerPrivilege = &token.PrivilegeExpires{Join: 600, Audio: 5400, Video: 3600, Data: 7200}
		}, token.Context{}, issued.Add(20 * time.Minute)},
		{func(s *token.Spec) { s.Account, s.Role = "alice", token.RoleSubscriber }, token.Context{UID: "7"}, issued},
		{func(s *token.Spec) { s.Account = "alice" }, token.Context{Account: "bob"}, issued},
		{func(s *token.Spec) { s.UID = 0 }, token.Context{}, issued},
		{func(s *token.Spec) { s.Kind, s.UserID = token.KindRTM, "u" }, token.Context{Use: token.ServiceRTC}, issued},
		{func(s *token.Spec) { s.Format = token.Version006 }, token.Context{Channel: "lobby", Account: "bob", Use: token.ServiceRTM}, issued},
		{func(s *token.Spec) { s.Format, s.PrivilegeExpire = token.Version006, 0 }, token.Context{Certificate: sampleCertificate}, issued},
	} {
		s := base
		if c.edit != nil {
			c.edit(&s)
		}
		text, err := s.Build(sampleCertificate)
		if err != nil {
			t.Fatal(err)
		}
		p, err := token.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, token.Diagnose(p, c.ctx, c.now).Findings...)
	}
	return out
}

func TestFindingsReadAsTheTokenPackageSaysThemInEnglish(t *testing.T) {
	useLanguage(languageEnglish)
	findings := findingsOf(t)
	templates := map[string]bool{}
	for _, f := range findings {
		templates[f.Template] = true
		if got := findingText(f); got != f.Message {
			t.Errorf("in English the window says\n%q\nwhere the token package says\n%q", got, f.Message)
		}
	}
	if len(templates) < 20 {
		t.Errorf("only %d kinds of finding: the sample lost its variety", len(templates))
	}
	useLanguage(languageChinese)
	t.Cleanup(func() { useLanguage(languageEnglish) })
	for _, f := range findings {
		got := findingText(f)
		if !hasHan(got) || strings.Contains(got, "{{") || strings.Contains(got, "<no value>") || strings.Contains(got, " ago") {
			t.Errorf("in Chinese %q\nreads %q", f.Message, got)
		}
	}
}

func TestTheChineseWindowSaysTokenErrorsAndFindingsInChinese(t *testing.T) {
	h := newHarness(t, withSettings(func(v *store.Settings) { v.Language = languageChinese }))
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	b := h.ui.build
	b.selectProjectByAppID(sampleAppID)

	typeIn(b.channel, "demo/room")
	want := "频道名只能包含字母 a-z 和 A-Z、数字、空格以及 " + token.NameCharacters + "；字节偏移 4 处的 '/' 不允许使用。"
	if got := b.hints[inChannel].Text; got != want {
		t.Errorf("next to the channel: %q, want %q", got, want)
	}
	if got := b.problem.Text; got != "频道："+want || !b.buildButton.Disabled() {
		t.Errorf("the problem line says %q", got)
	}
	typeIn(b.channel, "demo-room")
	typeIn(b.user, "abc")
	if got := b.hints[inUser].Text; got != `uid 应为 0 到 4294967295 之间的整数，不能是 "abc"。` {
		t.Errorf("next to the uid: %q", got)
	}
	b.service.SetSelected(kindLabel(token.KindRTM))
	typeIn(b.userID, "a/b")
	if got := b.hints[inUserID].Text; !strings.HasPrefix(got, "用户 ID 只能包含") || !strings.Contains(got, "字节偏移 1 处的 '/'") {
		t.Errorf("next to the user ID: %q", got)
	}

	// A token that expired two hours ago.
	spec := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "demo", UID: 42, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: uint32(testNow.Add(-3 * time.Hour).Unix()), Salt: 1}
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	h.ui.openInDecode(text)
	h.relayout()
	shown := shownTexts(h.ui.decode.findings)
	if !slices.Contains(shown, "该 Token 已于 2025-06-03 12:30:00 UTC 过期（2 小时前）：请重新生成。") {
		t.Errorf("the diagnosis shows %q", shown)
	}
	for _, s := range shown {
		if !hasHan(s) {
			t.Errorf("the diagnosis shows English: %q", s)
		}
	}

	// Something that is not a token.
	h.ui.openInDecode("007eJw-abc")
	if got := h.ui.decode.errorText.Text; !strings.Contains(got, "Token 格式不正确") || !strings.Contains(got, "字节偏移 6 处的 '-'") {
		t.Errorf("a broken token: %q", got)
	}
}

func TestTheEnglishWindowShowsTheTokenPackagesSentences(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	b := h.ui.build
	b.selectProjectByAppID(sampleAppID)
	b.service.SetSelected(kindLabel(token.KindRTM))
	typeIn(b.userID, "a/b")
	if got, want := b.hints[inUserID].Text, "A user ID may use letters a-z and A-Z, digits, space and "+token.NameCharacters+"; '/' at byte 1 is not allowed."; got != want {
		t.Errorf("next to the user ID: %q, want %q", got, want)
	}
	spec := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "demo", UID: 42, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: uint32(testNow.Add(-3 * time.Hour).Unix()), Salt: 1}
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	h.ui.openInDecode(text)
	if shown := shownTexts(h.ui.decode.findings); !slices.Contains(shown, "The token expired at 2025-06-03 12:30:00 UTC, 2 hours ago: build a new one.") {
		t.Errorf("the diagnosis shows %q", shown)
	}
}

func TestEveryReasonAParseErrorGivesReadsInChineseWithWhereItHappened(t *testing.T) {
	useLanguage(languageChinese)
	t.Cleanup(func() { useLanguage(languageEnglish) })
	const malformed = "Token 格式不正确：其 Base64 或 zlib 数据已损坏，或某个字段超出了数据末尾"
	for text, want := range map[string]string{
		"":           malformed + "。",
		"005abc":     "Token 应以 006 或 007 开头，不支持此版本。",
		"007eJw-abc": malformed + "（字节偏移 6 处的 '-'：这是 URL 安全的 Base64，而声网 Token 使用标准 Base64 字母表）。",
		"007eJw*abc": malformed + "（字节偏移 6 处的 '*'）。",
		"006970CA35de60c44645bbae8a215061b33AAAA": malformed + "（字节偏移 2）。",
		"006970CA35de60c44645bbae8a215061b3":      malformed + "（字节偏移 34）。",
		"006970CA35de60c44645bbae8a215061bzz":     malformed + "（字节偏移 33 处的 'z'）。",
		"007abcd":                                 malformed + "。",
	} {
		_, err := token.Parse(text)
		if got := sentence(err); got != want {
			t.Errorf("Parse(%q) reads\n%q, want\n%q", text, got, want)
		}
	}
}
