// Package explain takes whatever a customer pasted - a token, a token in quotes, JSON or a
// URL, a log excerpt, the text of a screenshot - and finds in it every Agora token (006 and
// 007), every token-related error of Agora's SDKs that it knows (see [Catalog]), and the
// findings that join the two: an error 110 beside a token for uid 42 and a log line that
// joined with uid 0, "dynamic use static key" with no token in sight, an expired error beside
// a token that has hours left.
//
// It reads the text once, in time linear in its length, and never panics.
package explain

import (
	"errors"
	"strconv"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

// Options are what Explain needs from outside the text.
type Options struct {
	// Now is the moment to judge expiry at.
	Now time.Time
	// Certificates, when set, returns the primary and secondary App Certificates saved for
	// an App ID ("" for one not saved), to check the tokens' signatures.
	Certificates func(appID string) (primary, secondary string)
}

// Token is a token found in the text, decoded and diagnosed.
type Token struct {
	// Offset is the byte offset in the text where it starts.
	Offset int
	// Text is the token, with URL and JSON escapes undone.
	Text   string
	Parsed *token.Parsed
	// Context is what the text says the client did with it (no certificate): the diagnosis
	// was made in it.
	Context token.Context
	Report  token.Report
}

// Error is a catalogue entry found in the text.
type Error struct {
	// Offset is the byte offset of its first occurrence.
	Offset int
	Entry  Entry
	// Count is on how many lines it occurs: "onError: error code is 110 (ERR_INVALID_TOKEN)"
	// names it three ways, once.
	Count int
	// line is the last line it was counted on.
	line int
}

// Result is everything Explain found, each list in the order of the text.
type Result struct {
	// Tokens holds each distinct token once, at its first occurrence.
	Tokens []Token
	// Errors holds each distinct entry once, at its first occurrence.
	Errors []Error
	// Findings join the errors and tokens, most serious first.
	Findings []token.Finding
	// Context is what the text says the client did: App ID, channel, uid or account.
	Context token.Context
}

// Recognised reports whether anything was found.
func (r *Result) Recognised() bool { return len(r.Tokens) > 0 || len(r.Errors) > 0 }

// maxUnreadable is how many runs that look like tokens but cannot be read are reported: a
// few say enough, and a text full of them is data.
const maxUnreadable = 3

// Explain finds the tokens, errors and findings in text.
func Explain(text string, o Options) Result {
	candidates := tokenCandidates(text)
	sc := words(text, candidates)
	ctx := sc.context()
	var r Result
	r.Context = ctx
	seen := map[int]int{} // catalogue index -> index in r.Errors
	var kinds [KindGateway + 1]bool
	rtm := false
	for _, m := range sc.matches {
		if k, ok := seen[m.entry]; ok {
			if r.Errors[k].line != m.line {
				r.Errors[k].Count++
				r.Errors[k].line = m.line
			}
			continue
		}
		seen[m.entry] = len(r.Errors)
		e := catalog[m.entry]
		r.Errors = append(r.Errors, Error{Offset: m.offset, Entry: e, Count: 1, line: m.line})
		kinds[e.Kind] = true
		rtm = rtm || e.RTM
	}
	use := token.ServiceType(0)
	switch {
	case rtm:
		use = token.ServiceRTM
	case len(r.Errors) > 0:
		use = token.ServiceRTC
	}
	f := findings{errors: r.Errors, now: o.Now.Unix()}
	tokens := map[string]bool{}
	unreadable := 0
	for _, c := range candidates {
		if tokens[c.text] {
			continue
		}
		p, err := token.Parse(c.text)
		if err != nil {
			if len(c.text) >= minTokenRun && unreadable < maxUnreadable {
				unreadable++
				f.add(token.Warning, CodeTokenUnreadable, sayTokenUnreadable, params{
					"Version": c.text[:3], "Offset": strconv.Itoa(c.start), "Reason": reason(err)})
			}
			continue
		}
		tokens[c.text] = true
		tctx := ctx
		tctx.Use = use
		if o.Certificates != nil {
			tctx.Certificate, tctx.SecondaryCertificate = o.Certificates(p.AppID())
		}
		report := token.Diagnose(p, tctx, o.Now)
		tctx.Certificate, tctx.SecondaryCertificate = "", ""
		r.Tokens = append(r.Tokens, Token{Offset: c.start, Text: c.text, Parsed: p, Context: tctx, Report: report})
	}
	f.join(&r, &sc, kinds)
	r.Findings = f.sorted()
	return r
}

// reason is a parse error's sentence, as the token package says it without its name.
func reason(err error) string {
	var s interface{ Sentence() string }
	if errors.As(err, &s) {
		return s.Sentence()
	}
	return err.Error()
}

// OneToken reads a token given alone, or inside text that holds exactly one (quotes, JSON,
// a URL); the error is Parse's when there is none, or more than one.
func OneToken(text string) (*token.Parsed, error) {
	p, err := token.Parse(token.Clean(text))
	if err == nil {
		return p, nil
	}
	var found *token.Parsed
	first := ""
	for _, c := range tokenCandidates(text) {
		q, e := token.Parse(c.text)
		switch {
		case e != nil || c.text == first:
			continue
		case found != nil:
			return nil, err
		}
		found, first = q, c.text
	}
	if found == nil {
		return nil, err
	}
	return found, nil
}
