package explain

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

// Codes of the findings that join errors and tokens. They are stable: scripts match on them.
const (
	CodeUserExplainsError      = "error-explained-by-uid"
	CodeChannelExplainsError   = "error-explained-by-channel"
	CodeAppIDExplainsError     = "error-explained-by-app-id"
	CodeSignatureExplainsError = "error-explained-by-signature"
	CodeInvalidUnexplained     = "invalid-token-unexplained"
	CodeCertificateOnNoToken   = "certificate-on-no-token"
	CodeCertificateOnTokenLost = "certificate-on-token-not-sent"
	CodeCertificateOffToken    = "certificate-off-token-sent"
	CodeExpiredButValid        = "expired-error-valid-token"
	CodeExpiredConfirmed       = "expired-error-expired-token"
	CodeExpiryTimestamp        = "expiry-is-a-timestamp"
	CodeExpirySeconds          = "expiry-is-seconds"
	CodeRTMWithRTCToken        = "rtm-login-rtc-token"
	CodeUIDIsUUID              = "uid-is-uuid"
	CodeUIDNotNumber           = "uid-not-a-number"
	CodeAppIDSpace             = "app-id-stray-space"
	CodeAppIDLength            = "app-id-length"
	CodeErrorWithoutToken      = "error-without-token"
	CodeTokenUnreadable        = "token-unreadable"
	CodeExpiryComputedOnce     = "expiry-computed-once"
)

type sentence int

const (
	sayUserExplainsError sentence = iota
	sayChannelExplainsError
	sayAppIDExplainsError
	saySignatureExplainsError
	sayInvalidUnexplained
	sayCertificateOnNoToken
	sayCertificateOnTokenLost
	sayCertificateOffToken
	sayExpiredButValid
	sayExpiredConfirmed
	sayExpiryTimestamp
	sayExpirySeconds
	sayRTMWithRTCToken
	sayUIDIsUUID
	sayUIDNotNumber
	sayAppIDSpace
	sayAppIDLength
	sayErrorWithoutToken
	sayTokenUnreadable
	sayExpiryComputedOnce
	numSentences
)

// templates are the findings' English sentences, with text/template fields. Token numbers
// count from 1 in the order of the text; Error is the entry's name.
var templates = [numSentences]string{
	sayUserExplainsError:      "{{.Error}} is explained by token {{.N}}: it is for {{.TokenUser}}, but the client joined with {{.ClientUser}}. Build the token for {{.ClientUser}}, or join with {{.TokenUser}}.",
	sayChannelExplainsError:   "{{.Error}} is explained by token {{.N}}: it is for channel {{.TokenChannel}}, but the client joined {{.Channel}}.",
	sayAppIDExplainsError:     "{{.Error}} is explained by token {{.N}}: it is for App ID {{.TokenAppID}}, but the client uses {{.AppID}}.",
	saySignatureExplainsError: "{{.Error}} is explained by token {{.N}}: its signature does not match the project's certificates, so another project's certificate signed it.",
	sayInvalidUnexplained:     "Nothing in token {{.N}} explains {{.Error}}: check its signature with the project's certificate (tokendesk decode --verify); a token signed with another project's certificate, or for another uid than the client's, is the usual cause.",
	sayCertificateOnNoToken:   "{{.Error}}: the project has an App Certificate on, so every join needs a token, and the client sent none. Build one with the certificate and pass it to join.",
	sayCertificateOnTokenLost: "{{.Error}}: the project has an App Certificate on and the client joined without a token, although the text holds one: check that the token reaches join (null or an empty string counts as no token).",
	sayCertificateOffToken:    "{{.Error}}: the project has no App Certificate on, yet the client sent a token (token {{.N}}). Join with a null token, or turn the certificate on.",
	sayExpiredButValid:        "{{.Error}} says the token expired, but token {{.N}} is valid until {{.Until}}: the client's clock is probably wrong, or it joined with an older token than this one.",
	sayExpiredConfirmed:       "{{.Error}} is explained by token {{.N}}: it expired at {{.At}}.",
	sayExpiryTimestamp:        "Token {{.N}} lasts {{.Seconds}} seconds, which is a unix timestamp ({{.At}}), not a lifetime: the 007 builders take the number of seconds the token lasts, such as 3600.",
	sayExpirySeconds:          "Token {{.N}}'s {{.Privilege}} expires at {{.Value}}, which reads as {{.At}}: the 006 builders take a unix timestamp, so pass the current time plus the lifetime.",
	sayRTMWithRTCToken:        "{{.Error}}: token {{.N}} has no RTM service, so it cannot log in to RTM. Build an RTM (or rtc+rtm) token for the user id the client logs in with.",
	sayUIDIsUUID:              "Token {{.N}} is for the user account {{.Account}}, a UUID, where a numeric uid usually belongs: a client that joins with a number is refused. Build the token for the client's numeric uid, or join with this account (joinChannelWithUserAccount).",
	sayUIDNotNumber:           "The text gives uid {{.Value}}, which is not a number: a uid is a whole number from 0 to 4294967295, and a string belongs in a user account.",
	sayAppIDSpace:             "The App ID {{.AppID}} has white space around it: Agora compares App IDs exactly, so remove it.",
	sayAppIDLength:            "The App ID {{.Value}} has {{.Length}} characters; an App ID has 32 hexadecimal characters.",
	sayErrorWithoutToken:      "The text holds no token: paste the token the client used with {{.Error}} to find out why.",
	sayTokenUnreadable:        "The text at byte {{.Offset}} starts like a {{.Version}} token but cannot be read: {{.Reason}}.",
	sayExpiryComputedOnce:     "Tokens {{.First}} and {{.Second}} were issued {{.Apart}} apart but stop letting users join at the same moment, {{.At}}: the expiry looks computed once, when the server started, instead of for each token.",
}

// FindingTemplates lists every Template a finding of Explain can have, for a program that
// translates them to check it has them all.
func FindingTemplates() []string { return slices.Clone(templates[:]) }

// sentences are templates, from which every finding of Explain is made.
var sentences = token.NewSentences(templates[:]...)

// params are the values of a finding's template fields, as the token package's findings
// write them.
type params = token.Params

type findings struct {
	errors []Error
	list   []token.Finding
	now    int64 // the moment tokens are judged at, in unix time
}

func (f *findings) add(s token.Severity, code string, say sentence, p params) {
	f.list = append(f.list, sentences.Finding(s, code, int(say), p))
}

func (f *findings) sorted() []token.Finding {
	slices.SortStableFunc(f.list, func(a, b token.Finding) int { return int(b.Severity) - int(a.Severity) })
	return f.list
}

// first returns the name of the first error of the kind, and whether there is one.
func (f *findings) first(kinds ...Kind) (string, bool) {
	for _, e := range f.errors {
		if slices.Contains(kinds, e.Entry.Kind) {
			return errorName(e.Entry), true
		}
	}
	return "", false
}

// errorName is how a finding names an error: "Error 110 (ERR_INVALID_TOKEN)", or the message.
func errorName(e Entry) string {
	if e.message {
		return strconv.Quote(e.Name)
	}
	if e.HasCode && !e.Reason {
		return e.Name + " (" + strconv.Itoa(e.Code) + ")"
	}
	return e.Name
}

// user says who a token or client is: "uid 42", "uid 0", "account \"alice\"".
func user(uid, account string) string {
	if account != "" {
		return "account " + strconv.Quote(account)
	}
	if uid == "" {
		uid = "0"
	}
	return "uid " + uid
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// tenYears is a lifetime no token has: a larger one is a timestamp passed as a lifetime.
const tenYears = 10 * 365 * 24 * 60 * 60

// year2000 is a unix time no expiry is before: a smaller one is a lifetime passed as a timestamp.
const year2000 = 946684800

func when(unix int64) string { return time.Unix(unix, 0).UTC().Format("2006-01-02 15:04:05 UTC") }

// join adds the findings that join errors, tokens and what the text says.
func (f *findings) join(r *Result, sc *scan, kinds [KindGateway + 1]bool) {
	f.mentions(sc, kinds[KindInvalidAppID])
	for i := range r.Tokens {
		f.tokenFacts(i+1, &r.Tokens[i], kinds[KindInvalidToken])
	}
	f.sameEnd(r.Tokens)
	if len(r.Tokens) == 0 {
		if name, ok := f.first(KindCertificateOn); ok {
			f.add(token.Error, CodeCertificateOnNoToken, sayCertificateOnNoToken, params{"Error": name})
		}
		if name, ok := f.first(KindInvalidToken, KindExpired); ok {
			f.add(token.Info, CodeErrorWithoutToken, sayErrorWithoutToken, params{"Error": name})
		}
		return
	}
	if name, ok := f.first(KindCertificateOn); ok {
		f.add(token.Error, CodeCertificateOnTokenLost, sayCertificateOnTokenLost, params{"Error": name})
	}
	if name, ok := f.first(KindCertificateOff); ok {
		f.add(token.Error, CodeCertificateOffToken, sayCertificateOffToken, params{"Error": name, "N": "1"})
	}
	if name, ok := f.firstRTM(); ok {
		for i, t := range r.Tokens {
			if !hasRTM(t.Parsed) {
				f.add(token.Error, CodeRTMWithRTCToken, sayRTMWithRTCToken, params{"Error": name, "N": strconv.Itoa(i + 1)})
			}
		}
	}
	if name, ok := f.first(KindExpired); ok {
		for i, t := range r.Tokens {
			n := strconv.Itoa(i + 1)
			// Joining stops at JoinUntil: a 006 token's join privilege, not its 24-hour ts.
			joinUntil := t.Parsed.Life().JoinUntil
			switch {
			case joinUntil <= f.now:
				f.add(token.Error, CodeExpiredConfirmed, sayExpiredConfirmed, params{"Error": name, "N": n, "At": when(joinUntil)})
			case !t.Report.Has(token.CodeNotYetValid):
				f.add(token.Warning, CodeExpiredButValid, sayExpiredButValid, params{"Error": name, "N": n, "Until": when(joinUntil)})
			}
		}
	}
	if name, ok := f.first(KindInvalidToken); ok {
		f.invalid(name, r)
	}
}

// sameEnd notes two tokens issued at different times that stop letting users join at the
// same moment: an expiry computed once, not for each token.
func (f *findings) sameEnd(tokens []Token) {
	type issue struct {
		n  int
		at int64
	}
	byEnd := map[int64]issue{}
	for i, t := range tokens {
		issued, end := joinWindow(t.Parsed)
		first, ok := byEnd[end]
		if !ok {
			byEnd[end] = issue{i + 1, issued}
			continue
		}
		if apart := issued - first.at; apart >= 60 || apart <= -60 {
			f.add(token.Warning, CodeExpiryComputedOnce, sayExpiryComputedOnce, params{"First": strconv.Itoa(first.n),
				"Second": strconv.Itoa(i + 1), "At": when(end)}.Span("Apart", apart))
			return
		}
	}
}

// joinWindow is when a token was issued and when it stops letting users join (token.Life's
// JoinUntil: the earliest privilege that lets a user in, or the token's expiry), in unix time.
func joinWindow(p *token.Parsed) (issued, end int64) {
	l := p.Life()
	return l.IssuedAt, l.JoinUntil
}

// firstRTM returns the name of the first RTM login error, and whether there is one.
func (f *findings) firstRTM() (string, bool) {
	for _, e := range f.errors {
		if e.Entry.RTM && (e.Entry.Kind == KindInvalidToken || e.Entry.Kind == KindExpired) {
			return errorName(e.Entry), true
		}
	}
	return "", false
}

func hasRTM(p *token.Parsed) bool {
	if p.V006 != nil {
		_, ok := p.V006.Privilege(token.Priv006RtmLogin)
		return ok
	}
	return p.V007.Service(token.ServiceRTM) != nil || p.V007.Service(token.ServiceRTM2) != nil
}

// invalid explains an invalid-token error with what the tokens' diagnoses found.
func (f *findings) invalid(name string, r *Result) {
	explained := false
	for i, t := range r.Tokens {
		n := strconv.Itoa(i + 1)
		var rtc *token.Service
		if t.Parsed.V007 != nil {
			rtc = t.Parsed.V007.Service(token.ServiceRTC)
		}
		switch {
		case t.Report.Has(token.CodeAppIDMismatch):
			f.add(token.Error, CodeAppIDExplainsError, sayAppIDExplainsError, params{"Error": name, "N": n,
				"TokenAppID": t.Parsed.AppID(), "AppID": t.Context.AppID})
		case t.Report.Has(token.CodeChannelMismatch) && rtc != nil:
			f.add(token.Error, CodeChannelExplainsError, sayChannelExplainsError, params{"Error": name, "N": n,
				"TokenChannel": strconv.Quote(rtc.Channel), "Channel": strconv.Quote(t.Context.Channel)})
		case t.Report.Has(token.CodeUIDMismatch) || t.Report.Has(token.CodeUIDAccountMismatch):
			tokenUser := "another uid"
			if rtc != nil {
				tokenUser = tokenUserOf(rtc.UID)
			}
			f.add(token.Error, CodeUserExplainsError, sayUserExplainsError, params{"Error": name, "N": n,
				"TokenUser": tokenUser, "ClientUser": user(t.Context.UID, t.Context.Account)})
		case t.Report.Signature == token.SignatureInvalid:
			f.add(token.Error, CodeSignatureExplainsError, saySignatureExplainsError, params{"Error": name, "N": n})
		case t.Report.Worst() == token.Error || rtc != nil && isUUID(rtc.UID):
		default:
			continue
		}
		explained = true
	}
	if !explained {
		f.add(token.Info, CodeInvalidUnexplained, sayInvalidUnexplained, params{"Error": name, "N": "1"})
	}
}

func tokenUserOf(uid string) string {
	if uid == "" {
		return "uid 0"
	}
	if _, err := token.ParseUID(uid); err == nil && uid[0] != '0' {
		return "uid " + uid
	}
	return "account " + strconv.Quote(uid)
}

// tokenFacts notes what is wrong with the n-th token whatever the errors: a UUID for a uid,
// an expiry given as the wrong kind of number.
func (f *findings) tokenFacts(n int, t *Token, invalidError bool) {
	num := strconv.Itoa(n)
	if t.Parsed.V007 != nil {
		v := t.Parsed.V007
		if rtc := v.Service(token.ServiceRTC); rtc != nil && isUUID(rtc.UID) {
			severity := token.Warning
			if invalidError {
				severity = token.Error
			}
			f.add(severity, CodeUIDIsUUID, sayUIDIsUUID, params{"N": num, "Account": strconv.Quote(rtc.UID)})
		}
		if v.Expire > tenYears {
			f.add(token.Error, CodeExpiryTimestamp, sayExpiryTimestamp, params{"N": num,
				"Seconds": strconv.FormatUint(uint64(v.Expire), 10), "At": when(int64(v.Expire))})
		}
		return
	}
	for _, p := range t.Parsed.V006.Privileges {
		if p.Value != 0 && p.Value < year2000 {
			f.add(token.Error, CodeExpirySeconds, sayExpirySeconds, params{"N": num, "Privilege": token.PrivilegeName006(p.ID),
				"Value": strconv.FormatUint(uint64(p.Value), 10), "At": when(int64(p.Value))})
			return
		}
	}
}

// mentions notes what is wrong with the uids and App IDs the text gives.
func (f *findings) mentions(sc *scan, appIDError bool) {
	severity := token.Warning
	if appIDError {
		severity = token.Error
	}
	for _, m := range sc.appIDs.first {
		trimmed := strings.TrimSpace(strings.ReplaceAll(m.value, "%20", " "))
		switch {
		case trimmed != m.value && token.ValidateAppID(trimmed) == nil:
			// An App ID is expected here, and not a secret: it is quoted whole, spaces shown.
			f.add(severity, CodeAppIDSpace, sayAppIDSpace, params{"AppID": strconv.Quote(m.value)})
			return
		case isHex(trimmed) && len(trimmed) != 32 && len(trimmed) >= 24 && len(trimmed) <= 40:
			f.add(severity, CodeAppIDLength, sayAppIDLength, params{"Length": strconv.Itoa(len(trimmed))}.Excerpt("Value", trimmed))
			return
		}
	}
	for _, m := range sc.uids.first {
		if _, err := token.ParseUID(m.value); err != nil && m.value != "" {
			f.add(token.Warning, CodeUIDNotNumber, sayUIDNotNumber, params{}.Excerpt("Value", m.value))
			return
		}
	}
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return s != ""
}
