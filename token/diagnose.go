package token

import (
	"errors"
	"fmt"
	"strconv"
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
type Finding struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
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
)

// SoonWindow is how close to its expiry a token counts as expiring soon.
const SoonWindow = 5 * time.Minute

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
}

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
	if ctx.AppID != "" && ctx.AppID != p.AppID() {
		d.add(Error, CodeAppIDMismatch, "The token is for App ID %s, but the client uses %s: Agora rejects it.", p.AppID(), ctx.AppID)
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

func (d *diagnosis) add(s Severity, code, format string, args ...any) {
	d.report.Findings = append(d.report.Findings, Finding{s, code, fmt.Sprintf(format, args...)})
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
	if d.ctx.Certificate == "" {
		d.add(Info, CodeSignatureUnchecked, "The signature was not checked: give the App Certificate of %s to check it.", p.AppID())
		return
	}
	var err error
	if p.V007 != nil {
		err = p.V007.Verify(d.ctx.Certificate)
	} else {
		uid := d.clientUID()
		if d.ctx.Channel == "" || uid == nil {
			d.report.SignatureError = errors.New("a 006 signature covers the channel and uid, which the token does not hold: give both to check it")
			d.add(Info, CodeSignatureUnchecked, "The signature was not checked: a 006 signature covers the channel and uid, so give both with the certificate.")
			return
		}
		err = p.V006.Verify(d.ctx.Certificate, d.ctx.Channel, *uid)
	}
	switch {
	case err == nil:
		d.report.Signature = SignatureValid
	case errors.Is(err, ErrSignature):
		d.report.Signature = SignatureInvalid
		d.report.SignatureError = err
		d.add(Error, CodeSignatureInvalid, "The signature does not match: the token was not signed with this App Certificate (or for these inputs), so Agora rejects it as an invalid token.")
	default:
		d.report.SignatureError = err
		d.add(Info, CodeSignatureUnchecked, "The signature was not checked: %v.", err)
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
		d.add(Error, CodeNotYetValid, "The token was issued at %s, %s in the future: the clock of the machine that built it is ahead, and Agora rejects it until then.",
			when(issuedAt), SpanWords(issuedAt-d.now))
	case expiresAt <= d.now:
		d.add(Error, CodeExpired, "The token expired at %s, %s ago: build a new one.", when(expiresAt), SpanWords(d.now-expiresAt))
	case expiresAt-d.now <= int64(SoonWindow/time.Second):
		d.add(Warning, CodeExpiresSoon, "The token expires in %s, at %s: renew it before then or the user is dropped.", SpanWords(expiresAt-d.now), when(expiresAt))
	}
	if issuedAt >= 0 && expiresAt-issuedAt > MaxLifetime {
		d.add(Warning, CodeLifetimeOverCap, "The token's lifetime is %s, but Agora caps tokens at 24 hours: it stops working 24 hours after it was issued.", SpanWords(expiresAt-issuedAt))
	}
}

// privilege judges one privilege that ends at the absolute time end (ignored when zero is set).
func (d *diagnosis) privilege(service, name string, value uint32, end, tokenEnd int64, zero bool) {
	switch {
	case zero:
		d.add(Info, CodePrivilegeZero, "%s%s has the value 0: it has no expiry of its own and lasts as long as the token.", service, name)
	case end <= d.now && tokenEnd > d.now:
		d.add(Error, CodePrivilegeExpired, "%s%s expired at %s, %s ago, although the token is still valid.", service, name, when(end), SpanWords(d.now-end))
	case end < tokenEnd:
		d.add(Warning, CodePrivilegeEarly, "%s%s expires at %s, %s before the token: after that the user loses it (the SDK warns about 30 seconds before).",
			service, name, when(end), SpanWords(tokenEnd-end))
	case end > tokenEnd:
		d.add(Info, CodePrivilegeLate, "%s%s is set to last until %s, %s after the token itself expires: it ends with the token.",
			service, name, when(end), SpanWords(end-tokenEnd))
	}
}

func (d *diagnosis) token007(t *Token007) {
	issued, end := int64(t.IssuedAt), t.ExpiresAt()
	d.expiry(issued, end)
	for _, s := range t.Services {
		prefix := "The " + serviceLabel(s.Type) + " privilege "
		for _, p := range s.Privileges {
			// FPA, ConvoAI and STT write 0 by design; RTM and the rest of the token is what counts.
			zero := p.Value == 0
			if zero && s.Type == ServiceFPA {
				continue
			}
			d.privilege(prefix, s.Type.PrivilegeName(p.ID), p.Value, issued+int64(p.Value), end, zero)
		}
	}
	if t.Unknown != nil {
		d.add(Warning, CodeUnknownService, "Service type %d at byte %d is unknown to TokenDesk: the services before it are shown, and nothing after it could be read.",
			t.Unknown.Type, t.Unknown.Offset)
	}
	rtc, rtm := t.Service(ServiceRTC), t.Service(ServiceRTM)
	if rtm == nil {
		rtm = t.Service(ServiceRTM2)
	}
	switch {
	case d.ctx.Use == ServiceRTM && rtm == nil:
		d.add(Error, CodeNoRTM, "The token has no RTM service, so it cannot log in to RTM: build an rtm or rtc+rtm token.")
	case d.ctx.Use == ServiceRTC && rtc == nil:
		d.add(Error, CodeNoRTC, "The token has no RTC service, so it cannot join a channel: build an rtc or rtc+rtm token.")
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
		d.add(Warning, CodeChannelCharset, "The channel name %q is not one the Agora SDK accepts (at most 64 bytes of letters, digits, space and %s): the client cannot join it.", rtc.Channel, NameCharacters)
	}
	if d.ctx.Channel != "" && d.ctx.Channel != rtc.Channel {
		d.add(Error, CodeChannelMismatch, "The token is for channel %q, but the client joins %q: Agora rejects it.", rtc.Channel, d.ctx.Channel)
	}
	d.uid(rtc.UID)
	_, audio := rtc.Privilege(PrivPublishAudioStream)
	_, video := rtc.Privilege(PrivPublishVideoStream)
	_, data := rtc.Privilege(PrivPublishDataStream)
	if !audio && !video && !data {
		d.add(Info, CodeSubscriberNoPub, "This is a subscriber token, without publish privileges. They only stop the user from publishing when co-host authentication is enabled for the project; otherwise the user can still publish.")
	}
}

// uid compares the token's uid string with what the client joins with.
func (d *diagnosis) uid(tokenUID string) {
	if tokenUID == "" {
		d.add(Info, CodeUIDZero, "The token is for uid 0: any user can join with it, whatever uid or account they use.")
		return
	}
	_, numeric := numericUID(tokenUID)
	switch {
	case d.ctx.UID != "" && d.ctx.UID != tokenUID:
		if !numeric {
			d.add(Error, CodeUIDAccountMismatch, "The token was built for the user account %q, but the client joins with the numeric uid %s: a token for an account only works when joining with that account (joinChannelWithUserAccount). Join with the account, or build the token for uid %s.",
				tokenUID, d.ctx.UID, d.ctx.UID)
			return
		}
		d.add(Error, CodeUIDMismatch, "The token is for uid %s, but the client joins with uid %s: Agora rejects it.", tokenUID, d.ctx.UID)
	case d.ctx.Account != "" && d.ctx.Account != tokenUID:
		if numeric {
			d.add(Error, CodeUIDAccountMismatch, "The token was built for the numeric uid %s, but the client joins with the user account %q: join with uid %s, or build the token for the account.",
				tokenUID, d.ctx.Account, tokenUID)
			return
		}
		d.add(Error, CodeUIDMismatch, "The token is for the account %q, but the client joins with the account %q: Agora rejects it.", tokenUID, d.ctx.Account)
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
	for _, p := range t.Privileges {
		d.privilege("The privilege ", PrivilegeName006(p.ID), p.Value, int64(p.Value), end, p.Value == 0)
	}
	switch {
	case d.ctx.Use == ServiceRTM && !rtmLogin:
		d.add(Error, CodeNoRTM, "The token has no rtmLogin privilege, so it cannot log in to RTM: build an RTM token.")
	case d.ctx.Use == ServiceRTC && !join:
		d.add(Error, CodeNoRTC, "The token has no joinChannel privilege, so it cannot join a channel: build an RTC token.")
	}
	if d.ctx.Channel != "" && !MatchChannel(t.CRCChannel, d.ctx.Channel) {
		d.add(Error, CodeChannelMismatch, "The token was not built for channel %q (its channel CRC32 differs): Agora rejects it.", d.ctx.Channel)
	}
	if rtmLogin && !join {
		return
	}
	if t.CRCUID == 0 {
		d.add(Info, CodeUIDZero, "The token is for uid 0: any user can join with it, whatever uid or account they use.")
	} else if uid := d.clientUID(); uid != nil && !MatchUID(t.CRCUID, *uid) {
		d.add(Error, CodeUIDMismatch, "The token was not built for %q (its uid CRC32 differs): Agora rejects it.", *uid)
	}
	_, audio := t.Privilege(Priv006PublishAudioStream)
	_, video := t.Privilege(Priv006PublishVideoStream)
	if join && !audio && !video {
		d.add(Info, CodeSubscriberNoPub, "This is a subscriber token, without publish privileges. They only stop the user from publishing when co-host authentication is enabled for the project; otherwise the user can still publish.")
	}
}
