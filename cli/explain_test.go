package cli

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func TestExplainNamesTheCauseOfA110InALogExcerpt(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	tok := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--uid", "42"))
	log := "10:00:01 server: token " + tok + " for uid 42\n10:00:02 client: joinChannel channel=room1 uid=0\n10:00:03 onError: 110\n"
	out := w.mustRun(log, "explain")
	for _, want := range []string{"Found 1 token and 1 Agora error.",
		"ERR_INVALID_TOKEN (110) is explained by token 1: it is for uid 42, but the client joined with uid 0.",
		"Meaning: The server refused the token", "Token 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain does not say %q:\n%s", want, out)
		}
	}
}

func TestExplainJSONHasTokensErrorsAndFindings(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	tok := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--uid", "42"))
	text := `{"rtcToken":"` + tok + `"} AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: invalid token, authorized failed`
	var got struct {
		Tokens []struct {
			Offset int `json:"offset"`
			Token  struct {
				Version string `json:"version"`
				AppID   string `json:"app_id"`
			} `json:"token"`
		} `json:"tokens"`
		Errors []struct {
			Offset  int      `json:"offset"`
			Code    *int     `json:"code"`
			Name    string   `json:"name"`
			SDKs    []string `json:"sdks"`
			Meaning string   `json:"meaning"`
			Fix     string   `json:"fix"`
		} `json:"errors"`
		Findings []struct{ Code, Severity, Message string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(w.mustRun("", "explain", "--json", text)), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Tokens) != 1 || got.Tokens[0].Offset != 13 || got.Tokens[0].Token.AppID != testAppID {
		t.Errorf("tokens: %+v", got.Tokens)
	}
	if len(got.Errors) != 1 || got.Errors[0].Code != nil || got.Errors[0].Name != "invalid token, authorized failed" ||
		got.Errors[0].SDKs[0] != "web" || got.Errors[0].Meaning == "" || got.Errors[0].Fix == "" {
		t.Errorf("errors: %+v", got.Errors)
	}
	if len(got.Findings) == 0 || got.Findings[0].Severity == "" {
		t.Errorf("findings: %+v", got.Findings)
	}
}

func TestExplainGivesTheNumberOfANativeError(t *testing.T) {
	w := newWorld(t)
	var got struct {
		Errors []struct {
			Code *int   `json:"code"`
			Name string `json:"name"`
		} `json:"errors"`
	}
	if err := json.Unmarshal([]byte(w.mustRun("", "explain", "--json", "onError", "109")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Errors) != 1 || got.Errors[0].Code == nil || *got.Errors[0].Code != 109 || got.Errors[0].Name != "ERR_TOKEN_EXPIRED" {
		t.Errorf("errors: %+v", got.Errors)
	}
}

func TestExplainOfAJoinURLUsesItsChannelAndUID(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	tok := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--uid", "42"))
	out := w.mustRun("", "explain", "https://meet.example.com/join?channel=room1&token="+url.QueryEscape(tok)+"&uid=0")
	if !strings.Contains(out, "The token is for uid 42, but the client joins with uid 0") {
		t.Errorf("explain of a join URL:\n%s", out)
	}
}

func TestExplainOfNothingAgoraExitsTwoWithASentence(t *testing.T) {
	w := newWorld(t)
	r := w.expectFailure(exitUsage, "the build failed at 10:07; see error.log\n", []string{"explain"},
		"nothing recognised: the text holds no 006 or 007 token")
	if r.stdout != "" {
		t.Errorf("stdout: %q", r.stdout)
	}
	w.expectFailure(exitUsage, "\n", []string{"explain"}, "standard input is empty")
	w.expectFailure(exitUsage, "", []string{"diff", "007x"}, "but got 1 argument (")
}

func TestExplainVerifySaysWhichCertificateSigned(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID)
	w.mustRun(otherCertificate+"\n", "cert", "set", "--secondary", "--app-id", testAppID)
	tok := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--secondary"))
	if out := w.mustRun("", "explain", "--verify", "token="+tok); !strings.Contains(out, "valid, signed with the secondary certificate") {
		t.Errorf("explain --verify:\n%s", out)
	}
}

func TestDecodeOfAJoinURLDecodesItsTokenWithItsChannelAndUID(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	tok := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--uid", "42"))
	link := "https://meet.example.com/join?channel=room1&token=" + url.QueryEscape(tok) + "&uid=0"
	r := w.run("", "decode", link)
	if r.code != exitOK || !strings.Contains(r.stdout, "The token is for uid 42, but the client joins with uid 0") {
		t.Errorf("decode of a join URL: %s", r)
	}
	if !strings.Contains(r.stderr, `judged with its channel "room1", uid 0`) {
		t.Errorf("decode does not say where the uid came from: %q", r.stderr)
	}
	if r := w.run("", "decode", link, "--uid", "42"); strings.Contains(r.stdout, "uid-mismatch") {
		t.Errorf("--uid did not win over the URL's uid: %s", r)
	}
}
