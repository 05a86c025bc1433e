package explain

import (
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/token"
)

func FuzzExplain(f *testing.F) {
	tok := build(f, nil)
	for _, seed := range []string{
		tok, `{"rtcToken":"` + strings.ReplaceAll(tok, "/", `\/`) + `"}`, "token=" + tok[:50] + "%2B%2f%3D",
		"onError: 110 uid=0 channel=room1 appId: \" 970CA35de60c44645bbae8a215061b33\"",
		"CAN_NOT_GET_GATEWAY_SERVER: dynamic use static key", "reason: 8", "error code is -110", "007", "006\\/",
		`uid: "`, "channel=", "LOGIN_ERR_INVALID_TOKEN " + tok,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := Explain(text, Options{Now: now})
		for _, tk := range r.Tokens {
			if tk.Offset < 0 || tk.Offset >= len(text) {
				t.Fatalf("token offset %d outside a text of %d bytes", tk.Offset, len(text))
			}
			if _, err := token.Parse(tk.Text); err != nil {
				t.Fatalf("a token found does not parse: %v", err)
			}
		}
		for _, e := range r.Errors {
			if e.Offset < 0 || e.Offset >= len(text) || e.Count < 1 {
				t.Fatalf("error %+v outside a text of %d bytes", e, len(text))
			}
		}
		for _, fd := range r.Findings {
			if fd.Message == "" || strings.Contains(fd.Message, "{{") {
				t.Fatalf("finding %+v has no sentence", fd)
			}
		}
	})
}
