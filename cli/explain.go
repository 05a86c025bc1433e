package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tokendesk/tokendesk/explain"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// maxExplainInput is the most explain reads: a long log excerpt, far more than anyone pastes.
const maxExplainInput = 16 << 20

type explainOptions struct {
	json   bool
	verify bool
	at     string
}

func newExplainFlags(o *explainOptions) *flagSet {
	f := newFlagSet("explain", "tokendesk explain [TEXT | -] [--json] [--verify] [--at UNIX]",
		`Explains whatever a customer pasted: a token, a token in quotes, JSON or a URL, a log excerpt
with several tokens, or the text of an error. It finds every 006 and 007 token and every
token-related Agora error it knows (native error codes, connection-change reasons, the Web SDK's
messages and codes, RTM login errors, the token callbacks), decodes and diagnoses the tokens
with the channel and uid the text mentions, says what each error means and how to fix it, and
joins the two: an error 110 beside a token for uid 42 and a log line that joined with uid 0.

TEXT is the arguments, joined by spaces, or standard input when there are none or "-".
--verify checks each token's signature with the certificates saved for its App ID (the primary
and the secondary) or AGORA_APP_CERTIFICATE.

Exit status: 0 it recognised at least one token or error; 2 it recognised nothing, or bad flags.`,
		`  pbpaste | tokendesk explain
  tokendesk explain < client.log
  tokendesk explain "AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: dynamic use static key"
  tokendesk explain 'https://example.com/join?channel=room1&token=007eJx...&uid=0'
  tokendesk explain --json < client.log | jq '.findings[].message'`)
	f.boolean(&o.json, "json", "print one JSON object: tokens, errors and findings (the schema is in the cli contract)")
	f.boolean(&o.verify, "verify", "check the tokens' signatures with the saved certificates")
	f.str(&o.at, "at", "UNIX", "judge expiry at this unix time instead of now")
	return f
}

func (a *app) explain(args []string) error {
	o := &explainOptions{}
	f := newExplainFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	now, err := a.at(f, o.at)
	if err != nil {
		return err
	}
	text, err := a.explainText(rest)
	if err != nil {
		return err
	}
	opts := explain.Options{Now: now}
	if o.verify {
		opts.Certificates = a.savedCertificates
	}
	r := explain.Explain(text, opts)
	if o.json {
		if err := writeJSON(a.stdout, explainedJSON(&r)); err != nil {
			return err
		}
	} else if r.Recognised() {
		a.printExplained(&r, now)
	}
	if !r.Recognised() {
		return usageErrorf("nothing recognised: the text holds no 006 or 007 token and none of the %d token-related Agora errors TokenDesk knows", len(explain.Catalog()))
	}
	return nil
}

// at is the moment to judge expiry at: --at, or now.
func (a *app) at(f *flagSet, value string) (time.Time, error) {
	now := a.now()
	if !f.isSet("at") {
		return now, nil
	}
	at, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	if err != nil || at < 0 || at > 0xFFFFFFFF {
		return now, usageErrorf("--at %s is not a unix time: give whole seconds since 1970, e.g. 1700000000", token.Excerpt(value))
	}
	return time.Unix(at, 0).In(now.Location()), nil
}

func (a *app) explainText(rest []string) (string, error) {
	if len(rest) > 0 && !(len(rest) == 1 && rest[0] == "-") {
		return strings.Join(rest, " "), nil
	}
	if a.stdinTTY {
		fmt.Fprintln(a.stderr, "Paste the text, then press Ctrl+D (Ctrl+Z then Enter on Windows):")
	}
	b, err := io.ReadAll(io.LimitReader(a.input(), maxExplainInput+1))
	if err != nil {
		return "", usageErrorf("reading standard input: %v", err)
	}
	if len(b) > maxExplainInput {
		return "", usageErrorf("standard input holds more than 16 MiB; give explain the part of the log around the error")
	}
	if strings.TrimSpace(string(b)) == "" {
		return "", usageErrorf("nothing to explain: standard input is empty; give the text as arguments, or pipe it in (pbpaste | tokendesk explain)")
	}
	return string(b), nil
}

// savedCertificates returns the primary and secondary certificates for an App ID: the
// primary from AGORA_APP_CERTIFICATE or the keychain, the secondary from the keychain. A
// keychain that cannot be read leaves the signature unchecked.
func (a *app) savedCertificates(appID string) (primary, secondary string) {
	primary, secondary, _ = store.CertificatePair(a.secrets, appID)
	if env := strings.TrimSpace(a.env(envCertificate)); env != "" {
		primary = env
	}
	if token.ValidateCertificate(primary) != nil {
		primary = ""
	}
	if token.ValidateCertificate(secondary) != nil {
		secondary = ""
	}
	return primary, secondary
}

// The JSON of explain --json, as the contract gives it.

type explainJSON struct {
	Tokens   []explainedTokenJSON `json:"tokens"`
	Errors   []explainedErrorJSON `json:"errors"`
	Findings []token.Finding      `json:"findings"`
}

type explainedTokenJSON struct {
	Offset int       `json:"offset"`
	Token  tokenJSON `json:"token"`
}

type explainedErrorJSON struct {
	Offset  int      `json:"offset"`
	Code    *int     `json:"code"`
	Name    string   `json:"name"`
	SDKs    []string `json:"sdks"`
	Meaning string   `json:"meaning"`
	Fix     string   `json:"fix"`
}

func explainedJSON(r *explain.Result) explainJSON {
	out := explainJSON{Tokens: []explainedTokenJSON{}, Errors: []explainedErrorJSON{}, Findings: r.Findings}
	if out.Findings == nil {
		out.Findings = []token.Finding{}
	}
	for _, t := range r.Tokens {
		out.Tokens = append(out.Tokens, explainedTokenJSON{t.Offset, decodedJSON(t.Parsed, t.Report, t.Context)})
	}
	for _, e := range r.Errors {
		j := explainedErrorJSON{Offset: e.Offset, Name: e.Entry.Name, SDKs: e.Entry.SDKs, Meaning: e.Entry.Meaning.EN, Fix: e.Entry.Fix.EN}
		if e.Entry.HasCode {
			code := e.Entry.Code
			j.Code = &code
		}
		out.Errors = append(out.Errors, j)
	}
	return out
}

// printExplained writes what explain found: the findings first, since they name the cause,
// then each error and each token.
func (a *app) printExplained(r *explain.Result, now time.Time) {
	p := a.painter()
	w := a.stdout
	fmt.Fprintf(w, "Found %s and %s.\n", count(len(r.Tokens), "token"), count(len(r.Errors), "Agora error"))
	if len(r.Findings) > 0 {
		fmt.Fprintf(w, "\n%s\n", p.bold("What it means"))
		for _, f := range r.Findings {
			fmt.Fprintf(w, "  %s %s %s\n", p.severity(f.Severity), p.dim(f.Code+":"), f.Message)
		}
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(w, "\n%s\n", p.bold("Errors"))
		for _, e := range r.Errors {
			name := e.Entry.Name
			if e.Entry.HasCode {
				name += " (" + strconv.Itoa(e.Entry.Code) + ")"
			}
			times := ""
			if e.Count > 1 {
				times = fmt.Sprintf(", %d times", e.Count)
			}
			fmt.Fprintf(w, "  %s  %s, at byte %d%s\n", p.bold(name), strings.Join(e.Entry.SDKs, ", "), e.Offset, times)
			fmt.Fprintf(w, "    Meaning: %s\n    Fix:     %s\n", e.Entry.Meaning.EN, e.Entry.Fix.EN)
		}
	}
	for i, t := range r.Tokens {
		fmt.Fprintf(w, "\n%s %s\n", p.bold(fmt.Sprintf("Token %d", i+1)), p.dim(fmt.Sprintf("at byte %d", t.Offset)))
		fmt.Fprintf(w, "  %s\n", tokenSummary(t.Parsed, now))
		switch t.Report.Signature {
		case token.SignatureValid:
			fmt.Fprintf(w, "  Signature: %s, signed with the %s certificate\n", p.signature(t.Report.Signature), t.Report.SignedWith)
		case token.SignatureInvalid:
			fmt.Fprintf(w, "  Signature: %s: it matches neither of the project's certificates\n", p.signature(t.Report.Signature))
		}
		for _, f := range t.Report.Findings {
			if f.Code == token.CodeSignatureUnchecked {
				continue
			}
			fmt.Fprintf(w, "  %s %s %s\n", p.severity(f.Severity), p.dim(f.Code+":"), f.Message)
		}
	}
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// tokenSummary says in one line who a token is for and until when.
func tokenSummary(p *token.Parsed, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s for App ID %s", p.Version(), p.AppID())
	if t := p.V007; t != nil {
		for _, s := range t.Services {
			b.WriteString("; " + s.Type.String())
			switch s.Type {
			case token.ServiceRTC:
				fmt.Fprintf(&b, " channel %s %s", strconv.Quote(s.Channel), rtcUserWords(s.UID))
			case token.ServiceRTM, token.ServiceRTM2, token.ServiceChat:
				fmt.Fprintf(&b, " user %s", strconv.Quote(s.UserID))
			}
		}
	}
	end, verb := p.ExpiresAt(), "expires"
	if p.V006 != nil {
		// A 006 token's 24-hour ts says little: joining stops when its join privilege ends.
		end, verb = p.Life().JoinUntil, "join until"
	}
	fmt.Fprintf(&b, "; %s %s (%s)", verb, time.Unix(end, 0).UTC().Format("2006-01-02 15:04:05 UTC"), relative(end, now.Unix()))
	return b.String()
}

// rtcUserWords says a 007 RTC uid: "uid 42", "uid 0", or "account \"alice\"".
func rtcUserWords(uid string) string {
	if uid == "" {
		return "uid 0"
	}
	if n, err := token.ParseUID(uid); err == nil && token.UIDString(n) == uid {
		return "uid " + uid
	}
	return "account " + strconv.Quote(uid)
}
