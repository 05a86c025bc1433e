package cli

import (
	"fmt"
	"strings"

	"github.com/tokendesk/tokendesk/explain"
	"github.com/tokendesk/tokendesk/token"
)

type diffOptions struct {
	json bool
}

func newDiffFlags(o *diffOptions) *flagSet {
	f := newFlagSet("diff", "tokendesk diff A B [--json]",
		`Compares two tokens and says what differs that matters for joining - App ID, service,
channel, uid or account, role, expiry - before what does not (version, issue time, salt), in one
sentence first: "They differ in uid (42 vs 0) and expiry (1 hour vs 24 hours)." It also says
whether each signature verifies with the certificates saved for its App ID (the primary or the
secondary, or AGORA_APP_CERTIFICATE). A 006 token holds only checksums of its channel and uid,
which are compared as such.

A and B are tokens, or text that holds one (quotes, JSON, a URL); "-" reads one from standard
input.

Exit status: 0 the tokens grant the same access (issue time and salt aside); 1 they differ;
2 one of them is not a token, or bad flags.`,
		`  tokendesk diff "$CONSOLE_TOKEN" "$SERVER_TOKEN"
  tokendesk diff "$A" "$B" --json | jq .differences
  pbpaste | tokendesk diff - "$SERVER_TOKEN"`)
	f.boolean(&o.json, "json", `print {"same", "verdict", "differences": [{"field", "a", "b"}], "signatures"}`)
	return f
}

type diffJSON struct {
	Same        bool               `json:"same"`
	Verdict     string             `json:"verdict"`
	Differences []token.Difference `json:"differences"`
	Signatures  struct {
		A signatureJSON `json:"a"`
		B signatureJSON `json:"b"`
	} `json:"signatures"`
}

type signatureJSON struct {
	Signature  string `json:"signature"`
	SignedWith string `json:"signed_with,omitempty"`
}

func (a *app) diff(args []string) error {
	o := &diffOptions{}
	f := newDiffFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usageErrorf("diff compares two tokens, A and B, but got %d %s (see tokendesk diff --help)", len(rest), plural(len(rest), "argument", "arguments"))
	}
	if rest[0] == "-" && rest[1] == "-" {
		return usageErrorf("only one of A and B can come from standard input")
	}
	var parsed [2]*token.Parsed
	var reports [2]token.Report
	for i, arg := range rest {
		text := arg
		if arg == "-" {
			if text, err = a.readTokenInput(); err != nil {
				return err
			}
		}
		if parsed[i], err = explain.OneToken(text); err != nil {
			return usageErrorf("%s is not a token: %s", "AB"[i:i+1], plain(err))
		}
		var ctx token.Context
		ctx.Certificate, ctx.SecondaryCertificate = a.savedCertificates(parsed[i].AppID())
		reports[i] = token.Diagnose(parsed[i], ctx, a.now())
	}
	c := token.Compare(parsed[0], parsed[1])
	verdict := c.Verdict
	if s := token.SignaturesSentence(reports[0], reports[1]); s != "" {
		verdict += " " + s
	}
	if o.json {
		out := diffJSON{Same: c.Same, Verdict: verdict, Differences: c.Differences}
		if out.Differences == nil {
			out.Differences = []token.Difference{}
		}
		out.Signatures.A = signatureJSON{string(reports[0].Signature), reports[0].SignedWith}
		out.Signatures.B = signatureJSON{string(reports[1].Signature), reports[1].SignedWith}
		if err := writeJSON(a.stdout, out); err != nil {
			return err
		}
	} else {
		a.printDiff(c, verdict)
	}
	if !c.Same {
		return &exitError{code: exitInvalid}
	}
	return nil
}

func (a *app) printDiff(c token.Comparison, verdict string) {
	p := a.painter()
	fmt.Fprintln(a.stdout, verdict)
	if len(c.Differences) == 0 {
		return
	}
	fmt.Fprintln(a.stdout)
	width := 0
	for _, d := range c.Differences {
		width = max(width, len(d.Field))
	}
	for _, d := range c.Differences {
		line := fmt.Sprintf("  %-*s  %s  vs  %s", width, d.Field, d.A, d.B)
		if d.Access {
			line = p.bold(line)
		} else {
			line = p.dim(strings.TrimRight(line, " "))
		}
		fmt.Fprintln(a.stdout, line)
	}
}
