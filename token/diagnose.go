package token

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Severity ranks a finding of [Diagnose].
type Severity int

// Severities, from least to most serious.
const (
	Info Severity = iota
	Warning
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "info"
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one thing Diagnose noticed about a token: how serious, a stable code for scripts
// and a plain English sentence for a person.
//
// Template and Params let a program say the sentence in another language: Message is
// Template with its fields filled in from Params, by text/template. Neither is part of the
// JSON form, which stays {severity, code, message}.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	// Template is the English sentence with text/template fields, such as
	// "The token expired at {{.At}}, {{.Ago}} ago: build a new one.". It is one of
	// [FindingTemplates], and a key to translate the finding by.
	Template string `json:"-"`
	// Params are the values of Template's fields, written the same way in every language:
	// times as "2006-01-02 15:04:05 UTC"; App IDs, uids, service and privilege names as
	// the token writes them; channel names and user accounts quoted, as Message quotes them
	// (Go's %q). A span of time is there twice: in English words under the field's name
	// (Ago: "3 hours") and in seconds under the name followed by "Seconds" (AgoSeconds:
	// "10800"), for a program to write it in its own words. A value the client typed is an
	// [Excerpt]; when that is cut short, its quoted part and its length are there too, under
	// the name followed by "Quoted" and "Length".
	Params map[string]string `json:"-"`
}

// Finding codes. They are stable: scripts match on them.
const (
	CodeExpired            = "expired"
	CodeNotYetValid        = "not-yet-valid"
	CodeExpiresSoon        = "expires-soon"
	CodeLifetimeOverCap    = "lifetime-over-cap"
	CodePrivilegeExpired   = "privilege-expired"
	CodePrivilegeEarly     = "privilege-expires-before-token"
	CodePrivilegeLate      = "privilege-outlives-token"
	CodePrivilegeZero      = "privilege-zero"
	CodeUIDZero            = "uid-zero"
	CodeUIDMismatch        = "uid-mismatch"
	CodeUIDAccountMismatch = "uid-account-mismatch"
	CodeChannelMismatch    = "channel-mismatch"
	CodeChannelCharset     = "channel-characters"
	CodeAppIDMismatch      = "app-id-mismatch"
	CodeSubscriberNoPub    = "subscriber-without-publish"
	CodeNoRTC              = "no-rtc-service"
	CodeNoRTM              = "no-rtm-service"
	CodeSignatureInvalid   = "signature-invalid"
	CodeSignatureUnchecked = "signature-unchecked"
	CodeUnknownService     = "unknown-service"
	CodeSignatureEmpty     = "signature-empty"
	CodeTrailingBytes      = "trailing-bytes"
	CodeDuplicateService   = "duplicate-service"
	CodeAppIDNotHex        = "app-id-not-hex"
)

// SoonWindow is how close to its expiry a token counts as expiring soon.
const SoonWindow = 5 * time.Minute

// ErrNoChannelAndUID is the Report's SignatureError when a 006 signature could not be checked
// because the channel or uid the client uses was not given: the signature covers them, and a
// 006 token holds only their checksums.
var ErrNoChannelAndUID = errors.New("a 006 signature covers the channel and uid, which the token does not hold: give both to check it")

// sentence names one of the sentences Diagnose says; findingTemplates holds its text.
type sentence int

const (
	sayAppIDMismatch sentence = iota
	saySignatureUnchecked
	saySignatureNeeds006Inputs
	saySignatureInvalid
	saySignatureUncheckable
	sayNotYetValid
	sayExpired
	sayExpiresSoon
	sayLifetimeOverCap
	sayPrivilegeZero
	sayPrivilegeExpired
	sayPrivilegeEarly
	sayPrivilegeLate
	sayPrivilegeZero006
	sayPrivilegeExpired006
	sayPrivilegeEarly006
	sayPrivilegeLate006
	sayPrivilegesZero
	sayPrivilegesExpired
	sayPrivilegesEarly
	sayPrivilegesLate
	sayPrivilegesZero006
	sayPrivilegesExpired006
	sayPrivilegesEarly006
	sayPrivilegesLate006
	sayUnknownService
	sayNoRTM
	sayNoRTC
	sayNoRTM006
	sayNoRTC006
	sayChannelCharacters
	sayChannelMismatch
	sayChannelMismatch006
	saySubscriber
	sayUIDZero
	sayAccountNotUID
	sayUIDMismatch
	sayUIDNotAccount
	sayAccountMismatch
	sayUIDMismatch006
	saySignatureEmpty
	sayTrailingBytes
	sayDuplicateService
	sayAppIDNotHex
	numSentences
)

// findingTemplates are the sentences of Diagnose, with text/template fields for their values.
// Every field that ends in "Seconds" comes with one of the same name without it, which the
// sentence shows.
var findingTemplates = [numSentences]string{
	sayAppIDMismatch:           "The token is for App ID {{.TokenAppID}}, but the client uses {{.AppID}}: Agora rejects it.",
	saySignatureUnchecked:      "The signature was not checked: give the App Certificate of {{.AppID}} to check it.",
	saySignatureNeeds006Inputs: "The signature was not checked: a 006 signature covers the channel and uid, so give both with the certificate.",
	saySignatureInvalid:        "The signature does not match: the token was not signed with this App Certificate (or for these inputs), so Agora rejects it as an invalid token.",
	saySignatureUncheckable:    "The signature was not checked: {{.Reason}}.",
	sayNotYetValid:             "The token was issued at {{.At}}, {{.Ahead}} in the future: the clock of the machine that built it is ahead, and Agora rejects it until then.",
	sayExpired:                 "The token expired at {{.At}}, {{.Ago}} ago: build a new one.",
	sayExpiresSoon:             "The token expires in {{.Left}}, at {{.At}}: renew it before then or the user is dropped.",
	sayLifetimeOverCap:         "The token's lifetime is {{.Lifetime}}, but Agora caps tokens at 24 hours: it stops working 24 hours after it was issued.",
	sayPrivilegeZero:           "The {{.Service}} privilege {{.Privilege}} has the value 0: it has no expiry of its own and lasts as long as the token.",
	sayPrivilegeExpired:        "The {{.Service}} privilege {{.Privilege}} expired at {{.At}}, {{.Ago}} ago, although the token is still valid.",
	sayPrivilegeEarly:          "The {{.Service}} privilege {{.Privilege}} expires at {{.At}}, {{.Before}} before the token: after that the user loses it (the SDK warns about 30 seconds before).",
	sayPrivilegeLate:           "The {{.Service}} privilege {{.Privilege}} is set to last until {{.At}}, {{.After}} after the token itself expires: it ends with the token.",
	sayPrivilegeZero006:        "The privilege {{.Privilege}} has the value 0: it has no expiry of its own and lasts as long as the token.",
	sayPrivilegeExpired006:     "The privilege {{.Privilege}} expired at {{.At}}, {{.Ago}} ago, although the token is still valid.",
	sayPrivilegeEarly006:       "The privilege {{.Privilege}} expires at {{.At}}, {{.Before}} before the token: after that the user loses it (the SDK warns about 30 seconds before).",
	sayPrivilegeLate006:        "The privilege {{.Privilege}} is set to last until {{.At}}, {{.After}} after the token itself expires: it ends with the token.",
	sayPrivilegesZero:          "The {{.Service}} privileges {{.Privileges}} have the value 0: they have no expiry of their own and last as long as the token.",
	sayPrivilegesExpired:       "The {{.Service}} privileges {{.Privileges}} expired at {{.At}}, {{.Ago}} ago, although the token is still valid.",
	sayPrivilegesEarly:         "The {{.Service}} privileges {{.Privileges}} expire at {{.At}}, {{.Before}} before the token: after that the user loses them (the SDK warns about 30 seconds before).",
	sayPrivilegesLate:          "The {{.Service}} privileges {{.Privileges}} are set to last until {{.At}}, {{.After}} after the token itself expires: they end with the token.",
	sayPrivilegesZero006:       "The privileges {{.Privileges}} have the value 0: they have no expiry of their own and last as long as the token.",
	sayPrivilegesExpired006:    "The privileges {{.Privileges}} expired at {{.At}}, {{.Ago}} ago, although the token is still valid.",
	sayPrivilegesEarly006:      "The privileges {{.Privileges}} expire at {{.At}}, {{.Before}} before the token: after that the user loses them (the SDK warns about 30 seconds before).",
	sayPrivilegesLate006:       "The privileges {{.Privileges}} are set to last until {{.At}}, {{.After}} after the token itself expires: they end with the token.",
	sayUnknownService:          "Service type {{.Type}} at byte {{.Offset}} is unknown to TokenDesk: the services before it are shown, and nothing after it could be read.",
	sayNoRTM:                   "The token has no RTM service, so it cannot log in to RTM: build an rtm or rtc+rtm token.",
	sayNoRTC:                   "The token has no RTC service, so it cannot join a channel: build an rtc or rtc+rtm token.",
	sayNoRTM006:                "The token has no rtmLogin privilege, so it cannot log in to RTM: build an RTM token.",
	sayNoRTC006:                "The token has no joinChannel privilege, so it cannot join a channel: build an RTC token.",
	sayChannelCharacters:       "The channel name {{.Channel}} is not one the Agora SDK accepts (at most 64 bytes of letters, digits, space and {{.Characters}}): the client cannot join it.",
	sayChannelMismatch:         "The token is for channel {{.TokenChannel}}, but the client joins {{.Channel}}: Agora rejects it.",
	sayChannelMismatch006:      "The token was not built for channel {{.Channel}} (its channel CRC32 differs): Agora rejects it.",
	saySubscriber:              "This is a subscriber token, without publish privileges. They only stop the user from publishing when co-host authentication is enabled for the project; otherwise the user can still publish.",
	sayUIDZero:                 "The token is for uid 0: any user can join with it, whatever uid or account they use.",
	sayAccountNotUID:           "The token was built for the user account {{.TokenAccount}}, but the client joins with the numeric uid {{.UID}}: a token for an account only works when joining with that account (joinChannelWithUserAccount). Join with the account, or build the token for uid {{.UID}}.",
	sayUIDMismatch:             "The token is for uid {{.TokenUID}}, but the client joins with uid {{.UID}}: Agora rejects it.",
	sayUIDNotAccount:           "The token was built for the numeric uid {{.TokenUID}}, but the client joins with the user account {{.Account}}: join with uid {{.TokenUID}}, or build the token for the account.",
	sayAccountMismatch:         "The token is for the account {{.TokenAccount}}, but the client joins with the account {{.Account}}: Agora rejects it.",
	sayUIDMismatch006:          "The token was not built for {{.User}} (its uid CRC32 differs): Agora rejects it.",
	saySignatureEmpty:          "The token's signature is empty: it was never signed, and Agora rejects it as an invalid token.",
	sayTrailingBytes:           "The token has {{.Bytes}} bytes after its last service that no builder writes: it was cut, joined to something else or altered, and Agora may reject it.",
	sayDuplicateService:        "The token holds the {{.Service}} service {{.Count}} times: Agora reads only one of them, so the others have no effect.",
	sayAppIDNotHex:             "The App ID {{.TokenAppID}} in the token is not 32 hexadecimal characters: no Agora project has it, so Agora rejects the token.",
}

// FindingTemplates lists every Template a [Finding] can have, for a program that translates
// them to check it has them all.
func FindingTemplates() []string { return slices.Clone(findingTemplates[:]) }

// sentences are findingTemplates, from which every finding is made.
var sentences = NewSentences(findingTemplates[:]...)

// params are the values of a finding's template fields.
type params = Params

// Context is what the client does with the token. Every field is optional: an empty one
// skips the checks that need it.
type Context struct {
	AppID   string // the App ID the client uses
	Channel string // the channel it joins
	UID     string // the numeric uid it joins with, in decimal ("0" for uid 0)
	Account string // the user account it joins with, instead of a uid
	// Use is what the client uses the token for: ServiceRTC to join a channel, ServiceRTM to
	// log in to RTM; 0 when not known.
	Use ServiceType
	// Certificate, when set, is used to check the signature. A 006 token also needs Channel
	// and UID or Account, since its signature covers them.
	Certificate string
	// SecondaryCertificate, when set, is the project's secondary App Certificate: Agora
	// accepts tokens signed with either during a rotation, and a token does not say which
	// one signed it, so a signature the primary does not match is checked with it too.
	SecondaryCertificate string
}

// Which certificate signed a token, in [Report.SignedWith].
const (
	SignedWithPrimary   = "primary"
	SignedWithSecondary = "secondary"
)

// SignatureStatus says whether a token's signature was checked and what came of it.
type SignatureStatus string

// Signature states, as the CLI's JSON writes them.
const (
	SignatureUnchecked SignatureStatus = "unchecked"
	SignatureValid     SignatureStatus = "valid"
	SignatureInvalid   SignatureStatus = "invalid"
)

// Report is the outcome of Diagnose.
type Report struct {
	Signature SignatureStatus
	// SignedWith says which certificate a valid signature matched: SignedWithPrimary or
	// SignedWithSecondary; "" when the signature is not valid or was not checked.
	SignedWith string
	// SignatureError explains an invalid signature, or why it could not be checked.
	SignatureError error
	Findings       []Finding
}

// Worst returns the highest severity among the findings, or Info when there are none.
func (r *Report) Worst() Severity {
	worst := Info
	for _, f := range r.Findings {
		worst = max(worst, f.Severity)
	}
	return worst
}

// Has reports whether a finding with the code is in the report.
func (r *Report) Has(code string) bool {
	for _, f := range r.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

// Diagnose explains what is wrong, or worth knowing, about a token used as ctx says at the
// moment now: why a join would fail, and what will go wrong later. Findings come most serious
// first.
func Diagnose(p *Parsed, ctx Context, now time.Time) Report {
	d := diagnosis{now: now.Unix(), ctx: ctx}
	d.signature(p)
	d.damage(p)
	if ctx.AppID != "" && ctx.AppID != p.AppID() {
		d.add(Error, CodeAppIDMismatch, sayAppIDMismatch, params{"TokenAppID": p.AppID(), "AppID": ctx.AppID})
	}
	if p.V007 != nil {
		d.token007(p.V007)
	} else {
		d.token006(p.V006)
	}
	// A stable sort keeps findings of one severity in the order they were found.
	sortFindings(d.report.Findings)
	return d.report
}

type diagnosis struct {
	now    int64
	ctx    Context
	report Report
}

// add notes a finding: its sentence, with the values of its fields (nil for none).
func (d *diagnosis) add(s Severity, code string, say sentence, p params) {
	d.report.Findings = append(d.report.Findings, sentences.Finding(s, code, int(say), p))
}

// damage notes what no official builder writes: an empty signature, bytes after the last
// service, a service written twice, an App ID that is not hexadecimal.
func (d *diagnosis) damage(p *Parsed) {
	var signature []byte
	var trailing int
	if t := p.V007; t != nil {
		signature, trailing = t.Signature, t.Trailing
	} else {
		signature, trailing = p.V006.Signature, p.V006.Trailing
	}
	if len(signature) == 0 {
		d.add(Error, CodeSignatureEmpty, saySignatureEmpty, nil)
	}
	if trailing > 0 {
		d.add(Warning, CodeTrailingBytes, sayTrailingBytes, params{"Bytes": strconv.Itoa(trailing)})
	}
	if ValidateAppID(p.AppID()) != nil {
		d.add(Error, CodeAppIDNotHex, sayAppIDNotHex, params{}.Excerpt("TokenAppID", p.AppID()))
	}
	if p.V007 == nil {
		return
	}
	counts := map[ServiceType]int{}
	var twice []ServiceType
	for _, s := range p.V007.Services {
		if counts[s.Type]++; counts[s.Type] == 2 {
			twice = append(twice, s.Type)
		}
	}
	for _, t := range twice {
		d.add(Warning, CodeDuplicateService, sayDuplicateService, params{"Service": serviceLabel(t), "Count": strconv.Itoa(counts[t])})
	}
}

func sortFindings(fs []Finding) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Severity > fs[j-1].Severity; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

func (d *diagnosis) signature(p *Parsed) {
	d.report.Signature = SignatureUnchecked
	certificates := make([][2]string, 0, 2)
	if d.ctx.Certificate != "" {
		certificates = append(certificates, [2]string{d.ctx.Certificate, SignedWithPrimary})
	}
	if d.ctx.SecondaryCertificate != "" {
		certificates = append(certificates, [2]string{d.ctx.SecondaryCertificate, SignedWithSecondary})
	}
	if len(certificates) == 0 {
		d.add(Info, CodeSignatureUnchecked, saySignatureUnchecked, params{"AppID": p.AppID()})
		return
	}
	var uid *string
	if p.V006 != nil {
		uid = d.clientUID()
		if d.ctx.Channel == "" || uid == nil {
			d.report.SignatureError = ErrNoChannelAndUID
			d.add(Info, CodeSignatureUnchecked, saySignatureNeeds006Inputs, nil)
			return
		}
	}
	var err error
	for _, c := range certificates {
		if p.V007 != nil {
			err = p.V007.Verify(c[0])
		} else {
			err = p.V006.Verify(c[0], d.ctx.Channel, *uid)
		}
		if err == nil {
			d.report.SignedWith = c[1]
			break
		}
		if !errors.Is(err, ErrSignature) {
			break
		}
	}
	switch {
	case err == nil:
		d.report.Signature = SignatureValid
	case errors.Is(err, ErrSignature):
		d.report.Signature = SignatureInvalid
		d.report.SignatureError = err
		d.add(Error, CodeSignatureInvalid, saySignatureInvalid, nil)
	default:
		d.report.SignatureError = err
		d.add(Info, CodeSignatureUnchecked, saySignatureUncheckable, params{"Reason": err.Error()})
	}
}

// clientUID is the uid string the client joins with, or nil when the context does not say.
func (d *diagnosis) clientUID() *string {
	switch {
	case d.ctx.Account != "":
		return &d.ctx.Account
	case d.ctx.UID != "":
		s := d.ctx.UID
		if s == "0" {
			s = ""
		}
		return &s
	}
	return nil
}

func when(unix int64) string {
	return time.Unix(unix, 0).UTC().Format("2006-01-02 15:04:05 UTC")
}

// SpanWords says how long a number of seconds is, in words a person reads at a glance and in
// the largest units that read naturally: "45 seconds", "1 hour 30 minutes", "3 days".
// A negative span reads as its absolute value.
func SpanWords(seconds int64) string {
	if seconds < 0 {
		seconds = -seconds
	}
	d := time.Duration(seconds) * time.Second
	switch {
	case d < time.Minute:
		return plural(int64(d/time.Second), "second")
	case d < time.Hour:
		return plural(int64(d/time.Minute), "minute")
	case d < 48*time.Hour:
		h, m := int64(d/time.Hour), int64(d%time.Hour/time.Minute)
		if m == 0 {
			return plural(h, "hour")
		}
		return plural(h, "hour") + " " + plural(m, "minute")
	}
	return plural(int64(d/(24*time.Hour)), "day")
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.FormatInt(n, 10) + " " + unit + "s"
}

// expiry judges the token's own life, issued at issuedAt (or -1 when unknown) until expiresAt.
func (d *diagnosis) expiry(issuedAt, expiresAt int64) {
	switch {
	case issuedAt > d.now:
		d.add(Error, CodeNotYetValid, sayNotYetValid, params{"At": when(issuedAt)}.Span("Ahead", issuedAt-d.now))
	case expiresAt <= d.now:
		d.add(Error, CodeExpired, sayExpired, params{"At": when(expiresAt)}.Span("Ago", d.now-expiresAt))
	case expiresAt-d.now <= int64(SoonWindow/time.Second):
		d.add(Warning, CodeExpiresSoon, sayExpiresSoon, params{"At": when(expiresAt)}.Span("Left", expiresAt-d.now))
	}
	if issuedAt >= 0 && expiresAt-issuedAt > MaxLifetime {
		d.add(Warning, CodeLifetimeOverCap, sayLifetimeOverCap, params{}.Span("Lifetime", expiresAt-issuedAt))
	}
}

// privileges judges the privileges of a service (named as serviceLabel does; "" for a 006
// token) that end at the same absolute time end (ignored when zero is set): one finding for
// them all, so that the four privileges of an RTC token are one sentence, not four alike.
func (d *diagnosis) privileges(service string, names []string, end, tokenEnd int64, zero bool) {
	p := params{}
	var says [4]sentence // zero, expired, early, late
	switch {
	case len(names) == 1 && service == "":
		says = [4]sentence{sayPrivilegeZero006, sayPrivilegeExpired006, sayPrivilegeEarly006, sayPrivilegeLate006}
	case len(names) == 1:
		says = [4]sentence{sayPrivilegeZero, sayPrivilegeExpired, sayPrivilegeEarly, sayPrivilegeLate}
	case service == "":
		says = [4]sentence{sayPrivilegesZero006, sayPrivilegesExpired006, sayPrivilegesEarly006, sayPrivilegesLate006}
	default:
		says = [4]sentence{sayPrivilegesZero, sayPrivilegesExpired, sayPrivilegesEarly, sayPrivilegesLate}
	}
	if len(names) == 1 {
		p["Privilege"] = names[0]
	} else {
		// A list every language reads alike: the names are the token's, not words.
		p["Privileges"] = strings.Join(names, ", ")
	}
	if service != "" {
		p["Service"] = service
	}
	switch {
	case zero:
		d.add(Info, CodePrivilegeZero, says[0], p)
	case end <= d.now && tokenEnd > d.now:
		p["At"] = when(end)
		d.add(Error, CodePrivilegeExpired, says[1], p.Span("Ago", d.now-end))
	case end < tokenEnd:
		// A 006 token's privileges end before its ts whenever it was built for less than
		// 24 hours, as every official builder makes it: information, not a fault.
		severity := Warning
		if service == "" {
			severity = Info
		}
		p["At"] = when(end)
		d.add(severity, CodePrivilegeEarly, says[2], p.Span("Before", tokenEnd-end))
	case end > tokenEnd:
		p["At"] = when(end)
		d.add(Info, CodePrivilegeLate, says[3], p.Span("After", end-tokenEnd))
	}
}

// sameEnd groups privileges by the value they hold, in the order each value first appears,
// with the names of the privileges of each.
func sameEnd(ps []Privilege, name func(uint16) string, skip func(Privilege) bool) (values []uint32, names [][]string) {
	for _, p := range ps {
		if skip(p) {
			continue
		}
		i := slices.Index(values, p.Value)
		if i < 0 {
			values, names = append(values, p.Value), append(names, nil)
			i = len(values) - 1
		}
		names[i] = append(names[i], name(p.ID))
	}
	return values, names
}

func (d *diagnosis) token007(t *Token007) {
	issued, end := int64(t.IssuedAt), t.ExpiresAt()
	d.expiry(issued, end)
	for _, s := range t.Services {
		// FPA writes 0 by design: the rest of the token is what counts.
		values, names := sameEnd(s.Privileges, s.Type.PrivilegeName, func(p Privilege) bool { return p.Value == 0 && s.Type == ServiceFPA })
		for i, v := range values {
			d.privileges(serviceLabel(s.Type), names[i], issued+int64(v), end, v == 0)
		}
	}
	if t.Unknown != nil {
		d.add(Warning, CodeUnknownService, sayUnknownService, params{
			"Type": strconv.FormatUint(uint64(t.Unknown.Type), 10), "Offset": strconv.Itoa(t.Unknown.Offset)})
	}
	rtc, rtm := t.Service(ServiceRTC), t.Service(ServiceRTM)
	if rtm == nil {
		rtm = t.Service(ServiceRTM2)
	}
	switch {
	case d.ctx.Use == ServiceRTM && rtm == nil:
		d.add(Error, CodeNoRTM, sayNoRTM, nil)
	case d.ctx.Use == ServiceRTC && rtc == nil:
		d.add(Error, CodeNoRTC, sayNoRTC, nil)
	}
	if rtc != nil {
		d.rtc007(rtc)
	}
}

func serviceLabel(t ServiceType) string {
	switch t {
	case ServiceRTC, ServiceRTM, ServiceFPA, ServiceFCDN, ServiceSTT:
		return upper(t.String())
	case ServiceRTM2:
		return "RTM2"
	case ServiceAPaaS:
		return "APaaS"
	case ServiceConvoAI:
		return "ConvoAI"
	}
	return upper(t.String()[:1]) + t.String()[1:]
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func (d *diagnosis) rtc007(rtc *Service) {
	if i := IndexInvalidNameChar(rtc.Channel); i >= 0 || len(rtc.Channel) > MaxChannelLength {
		d.add(Warning, CodeChannelCharset, sayChannelCharacters, params{"Channel": strconv.Quote(rtc.Channel), "Characters": NameCharacters})
	}
	if d.ctx.Channel != "" && d.ctx.Channel != rtc.Channel {
		d.add(Error, CodeChannelMismatch, sayChannelMismatch, params{"TokenChannel": strconv.Quote(rtc.Channel)}.Excerpt("Channel", d.ctx.Channel))
	}
	d.uid(rtc.UID)
	_, audio := rtc.Privilege(PrivPublishAudioStream)
	_, video := rtc.Privilege(PrivPublishVideoStream)
	_, data := rtc.Privilege(PrivPublishDataStream)
	if !audio && !video && !data {
		d.add(Info, CodeSubscriberNoPub, saySubscriber, nil)
	}
}

// uid compares the token's uid string with what the client joins with.
func (d *diagnosis) uid(tokenUID string) {
	if tokenUID == "" {
		d.add(Info, CodeUIDZero, sayUIDZero, nil)
		return
	}
	_, numeric := numericUID(tokenUID)
	switch {
	case d.ctx.UID != "" && d.ctx.UID != tokenUID:
		if !numeric {
			d.add(Error, CodeUIDAccountMismatch, sayAccountNotUID, params{"TokenAccount": strconv.Quote(tokenUID), "UID": d.ctx.UID})
			return
		}
		d.add(Error, CodeUIDMismatch, sayUIDMismatch, params{"TokenUID": tokenUID, "UID": d.ctx.UID})
	case d.ctx.Account != "" && d.ctx.Account != tokenUID:
		if numeric {
			d.add(Error, CodeUIDAccountMismatch, sayUIDNotAccount, params{"TokenUID": tokenUID}.Excerpt("Account", d.ctx.Account))
			return
		}
		d.add(Error, CodeUIDMismatch, sayAccountMismatch, params{"TokenAccount": strconv.Quote(tokenUID)}.Excerpt("Account", d.ctx.Account))
	}
}

// numericUID reports whether s is how a numeric uid is written: decimal, no leading zero.
func numericUID(s string) (uint32, bool) {
	if s == "" || s[0] == '0' {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 32)
	return uint32(v), err == nil
}

func (d *diagnosis) token006(t *Token006) {
	end := int64(t.Ts)
	// Every official builder issues a 006 token 24 hours before its expiry.
	d.expiry(end-Lifetime006, end)
	_, rtmLogin := t.Privilege(Priv006RtmLogin)
	_, join := t.Privilege(Priv006JoinChannel)
	values, names := sameEnd(t.Privileges, PrivilegeName006, func(Privilege) bool { return false })
	for i, v := range values {
		d.privileges("", names[i], int64(v), end, v == 0)
	}
	switch {
	case d.ctx.Use == ServiceRTM && !rtmLogin:
		d.add(Error, CodeNoRTM, sayNoRTM006, nil)
	case d.ctx.Use == ServiceRTC && !join:
		d.add(Error, CodeNoRTC, sayNoRTC006, nil)
	}
	if d.ctx.Channel != "" && !MatchChannel(t.CRCChannel, d.ctx.Channel) {
		d.add(Error, CodeChannelMismatch, sayChannelMismatch006, params{}.Excerpt("Channel", d.ctx.Channel))
	}
	if rtmLogin && !join {
		return
	}
	if t.CRCUID == 0 {
		d.add(Info, CodeUIDZero, sayUIDZero, nil)
	} else if uid := d.clientUID(); uid != nil && !MatchUID(t.CRCUID, *uid) {
		d.add(Error, CodeUIDMismatch, sayUIDMismatch006, params{}.Excerpt("User", *uid))
	}
	_, audio := t.Privilege(Priv006PublishAudioStream)
	_, video := t.Privilege(Priv006PublishVideoStream)
	if join && !audio && !video {
		d.add(Info, CodeSubscriberNoPub, saySubscriber, nil)
	}
}
