package ui

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/token"
)

// builtToken builds a sample RTC token issued at the harness's clock, for channel room1.
func builtToken(t *testing.T, change func(*token.Spec)) string {
	t.Helper()
	s := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "room1", UID: 42, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: uint32(testNow.Unix()), Salt: 5}
	if change != nil {
		change(&s)
	}
	text, err := s.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// texts lists the text of every label under o.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

func logExcerpt(t *testing.T) string {
	return "2024-05-01 10:00:01.120 [server] built token " + builtToken(t, nil) + " for uid 42\n" +
		"2024-05-01 10:00:01.480 [client] joinChannel channel=room1 uid=0\n" +
		"2024-05-01 10:00:02.003 [client] onError: 110\n"
}

func TestALogPastedIntoDecodeIsExplainedWithItsCause(t *testing.T) {
	h := newHarness(t)
	s := h.ui.decode
	h.ui.openInDecode(logExcerpt(t))
	if s.explained == nil || s.parsed != nil {
		t.Fatalf("the log was not explained: %s", s.errorText.Text)
	}
	if s.status.Text != "Tokens: 1 · errors: 1" {
		t.Errorf("status %q", s.status.Text)
	}
	cause := "ERR_INVALID_TOKEN (110) is explained by token 1: it is for uid 42, but the client joined with uid 0."
	if !strings.HasPrefix(s.summary.Text, cause) {
		t.Errorf("the summary %q does not name the cause", s.summary.Text)
	}
	shown := texts(s.explainBox)
	for _, want := range []string{"What it means", cause, "ERR_INVALID_TOKEN (110)", "Meaning: The server refused the token", "Fix: Build the token", "Token 1"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the explanation does not show %q:\n%s", want, shown)
		}
	}
	if !s.loadButton.Disabled() || !s.compareButton.Disabled() {
		t.Error("Load into Build or Compare is enabled with no token on show")
	}
}

func TestATokenOpensFromTheExplanationAndBackLeadsToIt(t *testing.T) {
	h := newHarness(t)
	s := h.ui.decode
	h.ui.openInDecode(logExcerpt(t))
	var open *widget.Button
	var find func(fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == "Open" {
				open = w
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				find(c)
			}
		}
	}
	find(s.explainBox)
	if open == nil {
		t.Fatal("no Open button on the token")
	}
	test.Tap(open)
	if s.parsed == nil || !s.backButton.Visible() {
		t.Fatal("the token did not open, or there is no way back")
	}
	if !strings.Contains(texts(s.findings), "The token is for uid 42, but the client joins with uid 0") {
		t.Errorf("the token is not diagnosed with the log's uid:\n%s", texts(s.findings))
	}
	if s.status.Text != "Will be refused" {
		t.Errorf("a token for another uid than the client's is badged %q", s.status.Text)
	}
	test.Tap(s.backButton)
	if s.parsed != nil || s.body.Objects[0] != s.explainView {
		t.Error("Back did not return to the explanation")
	}
}

func TestAJoinURLPastedIntoDecodeIsDecodedWithItsChannelAndUID(t *testing.T) {
	h := newHarness(t)
	s := h.ui.decode
	h.ui.openInDecode("https://meet.example.com/join?channel=room1&token=" + url.QueryEscape(builtToken(t, nil)) + "&uid=0")
	if s.parsed == nil {
		t.Fatalf("the join URL says %q: %s", s.status.Text, s.errorText.Text)
	}
	if s.backButton.Visible() {
		t.Error("a lone token offers a way back to an explanation")
	}
	if !strings.Contains(texts(s.findings), "The token is for uid 42, but the client joins with uid 0") {
		t.Errorf("the URL's uid is not used:\n%s", texts(s.findings))
	}
}

func TestTextWithNothingAgoraSaysSo(t *testing.T) {
	h := newHarness(t)
	s := h.ui.decode
	h.ui.openInDecode("the build failed at 10:07, see error.log for details")
	if s.status.Text != "Not a token" || !strings.HasPrefix(s.errorText.Text, "Nothing here that TokenDesk recognises") {
		t.Errorf("status %q, text %q", s.status.Text, s.errorText.Text)
	}
}

func TestTheExplanationSpeaksChinese(t *testing.T) {
	h := newHarness(t)
	useLanguage(languageChinese)
	s := h.ui.decode
	h.ui.openInDecode("AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: dynamic use static key")
	shown := texts(s.explainBox)
	for _, want := range []string{"原因分析", "项目启用了 App 证书，每次加入都需要 Token", "含义：项目启用了 App 证书，必须使用 Token"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the Chinese explanation does not show %q:\n%s", want, shown)
		}
	}
}

func TestCompareWithHighlightsTheDifferingFieldsUnderOneVerdict(t *testing.T) {
	h := newHarness(t)
	s := h.ui.decode
	h.ui.openInDecode(builtToken(t, nil))
	test.Tap(s.compareButton)
	v := s.compare
	if s.body.Objects[0] != v.root {
		t.Fatal("Compare with… did not open the comparison")
	}
	typeIn(&v.other.Entry, builtToken(t, func(sp *token.Spec) { sp.UID, sp.Expire, sp.PrivilegeExpire, sp.Salt = 0, 86400, 86400, 6 }))
	if want := "They differ in uid (42 vs 0) and expiry (1 hour vs 24 hours)."; v.verdict.Text != want {
		t.Errorf("verdict %q, want %q", v.verdict.Text, want)
	}
	highlighted := map[string]bool{}
	for i := 0; i+2 < len(v.fields.Objects); i += 3 {
		name := v.fields.Objects[i].(*widget.Label)
		highlighted[name.Text] = name.Importance == widget.DangerImportance
	}
	if !highlighted["uid"] || !highlighted["Expiry"] || highlighted["Channel"] || highlighted["App ID"] {
		t.Errorf("highlighted fields: %v", highlighted)
	}
	typeIn(&v.other.Entry, "hello")
	if !strings.HasPrefix(v.verdict.Text, "The second one is not a token TokenDesk can read.") {
		t.Errorf("verdict for garbage: %q", v.verdict.Text)
	}
	test.Tap(v.close)
	if s.body.Objects[0] != s.details {
		t.Error("closing the comparison did not return to the token")
	}
}

func TestTheComparisonVerdictReadsAsOneSentenceInEitherLanguage(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo", sampleAppID, sampleCertificate)
	s := h.ui.decode
	h.ui.openInDecode(builtToken(t, nil))
	test.Tap(s.compareButton)
	typeIn(&s.compare.other.Entry, builtToken(t, func(sp *token.Spec) {
		sp.UID, sp.Role, sp.Expire, sp.PrivilegeExpire = 0, token.RoleSubscriber, 86400, 86400
	}))
	want := "They differ in uid (42 vs 0), role (publisher vs subscriber) and expiry (1 hour vs 24 hours). " +
		"Both signatures verify with the primary certificate."
	if got := s.compare.verdict.Text; got != want {
		t.Errorf("verdict\n%q, want\n%q", got, want)
	}
	useLanguage(languageChinese)
	t.Cleanup(func() { useLanguage(languageEnglish) })
	if got := verdictText(*s.compare.comparison); !strings.Contains(got, "、角色") || !strings.Contains(got, "和有效期") || strings.Contains(got, ";") {
		t.Errorf("the Chinese verdict %q does not join its list in Chinese", got)
	}
	typeIn(&s.compare.other.Entry, "")
	typeIn(&s.compare.other.Entry, builtToken(t, func(sp *token.Spec) { sp.UID = 0 }))
	if got := s.compare.verdict.Text; !strings.Contains(got, "。两个签名") {
		t.Errorf("the Chinese verdict %q puts a space between its sentences", got)
	}
}

func TestCompareSaysWhichCertificateSignedEach(t *testing.T) {
	h := newHarness(t)
	h.addRotatingProject()
	s := h.ui.decode
	h.ui.openInDecode(builtToken(t, nil))
	spec := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "room1", UID: 42, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: uint32(testNow.Unix()), Salt: 9}
	other, err := spec.Build(secondaryCertificate)
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(s.compareButton)
	typeIn(&s.compare.other.Entry, other)
	want := "They grant the same access; only these differ: salt. A's signature verifies with the primary certificate; B's verifies with the secondary certificate."
	if s.compare.verdict.Text != want {
		t.Errorf("verdict %q, want %q", s.compare.verdict.Text, want)
	}
}

func TestTheExplanationChecksSignaturesWithTheSavedCertificates(t *testing.T) {
	h := newHarness(t)
	h.addRotatingProject()
	spec := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "room1", UID: 42, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: uint32(testNow.Unix()), Salt: 9}
	bySecondary, err := spec.Build(secondaryCertificate)
	if err != nil {
		t.Fatal(err)
	}
	s := h.ui.decode
	h.ui.openInDecode("A: " + builtToken(t, nil) + "\nB: " + bySecondary + "\nonError: 110")
	shown := texts(s.explainBox)
	for _, want := range []string{"Valid: checked with the App Certificate TokenDesk has for this App ID.",
		"Valid: signed with the secondary certificate TokenDesk has for this App ID."} {
		if !strings.Contains(shown, want) {
			t.Errorf("the explanation does not say %q:\n%s", want, shown)
		}
	}
}

func TestAnExplained006TokenOfOneHourSaysJoiningIsAllowedForThatHour(t *testing.T) {
	h := newHarness(t)
	s := h.ui.decode
	text := builtToken(t, func(s *token.Spec) { s.Format, s.Expire = token.Version006, token.Lifetime006 })
	h.ui.openInDecode("server: built " + text + "\nclient: onError: 109\n")
	want := "join allowed until " + localTime(testNow.Add(time.Hour))
	if shown := texts(s.explainBox); !strings.Contains(shown, want) || strings.Contains(shown, localTime(testNow.Add(24*time.Hour))) {
		t.Errorf("the token card does not say %q:\n%s", want, shown)
	}
}
