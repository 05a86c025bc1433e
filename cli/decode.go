package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tokendesk/tokendesk/explain"
	"github.com/tokendesk/tokendesk/token"
)

// maxTokenInput is the most decode reads. A token is a few hundred bytes; refusing more before
// parsing keeps decode instant whatever is piped into it.
const maxTokenInput = 64 << 10

type decodeOptions struct {
	json      bool
	verify    bool
	channel   string
	uid       string
	account   string
	appID     string
	at        string
	certStdin bool
}

func newDecodeFlags(o *decodeOptions) *flagSet {
	f := newFlagSet("decode", "tokendesk decode [TOKEN | -] [--json] [--verify] [--channel NAME] [--uid N | --account NAME] [--at UNIX]",
		`Decodes a 006 or 007 token and explains it: who it is for, when it expires, what it grants and
what would go wrong using it. TOKEN comes from the argument, or from standard input when it is
absent or "-"; surrounding white space, quotes and a "token=" prefix are ignored. Text that
holds one token - a join URL, a JSON response, a log line - works too, and the channel, uid
and App ID it gives (channel=room1&uid=0) are compared with the token unless flags give them.

--verify checks the signature with the App Certificate of the token's App ID, found in
AGORA_APP_CERTIFICATE, then --cert-stdin (the first line of standard input; the token, if read
from standard input too, follows it), then the OS keychain; and with the project's secondary
certificate when the keychain holds one, saying which of the two signed. A 006 signature also covers the
channel and uid, which the token does not hold, so verifying one needs --channel and --uid or
--account.

Exit status: 0 decoded (and, with --verify, the signature is valid); 1 decoded but the
signature is invalid; 2 not a token (the message says where and why), or bad flags.`,
		`  tokendesk decode 007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDCaiTj
  pbpaste | tokendesk decode --json | jq .diagnostics
  tokendesk decode "$TOKEN" --channel room1 --uid 42 --verify
  tokendesk decode "$TOKEN" --at 1700000000
  printf '%s\n%s\n' "$CERT" "$TOKEN" | tokendesk decode --verify --cert-stdin`)
	f.boolean(&o.json, "json", "print one JSON object (the schema is in the cli contract)")
	f.boolean(&o.verify, "verify", "check the signature with the App Certificate")
	f.str(&o.channel, "channel", "NAME", "the channel the client joins, to compare with the token")
	f.str(&o.uid, "uid", "N", "the numeric uid the client joins with")
	f.str(&o.account, "account", "NAME", "the user account the client joins with, instead of --uid")
	f.str(&o.appID, "app-id", "ID", "the App ID the client uses, to compare with the token")
	f.str(&o.at, "at", "UNIX", "judge expiry at this unix time instead of now")
	f.boolean(&o.certStdin, "cert-stdin", "with --verify: read the App Certificate from the first line of standard input")
	return f
}

func (a *app) decode(args []string) error {
	o := &decodeOptions{}
	f := newDecodeFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	ctx, now, err := a.decodeContext(f, o)
	if err != nil {
		return err
	}
	// The certificate is the first line of standard input: read it before the token.
	var cert string
	if o.certStdin {
		if !o.verify {
			fmt.Fprintln(a.stderr, "tokendesk decode: warning: --cert-stdin is only used with --verify; standard input was not read for a certificate")
		} else if cert, err = a.certificate("", true); err != nil {
			return err
		}
	}
	text, raw, err := a.tokenText(rest)
	if err != nil {
		return err
	}
	p, err := token.Parse(text)
	if err != nil {
		// A join URL, a JSON response or a log line holding one token: decode that token,
		// with the channel and uid the text gives unless flags give them.
		found := explain.Explain(raw, explain.Options{Now: now})
		if len(found.Tokens) != 1 {
			return usageErrorf("not a token: %s", plain(err))
		}
		t := found.Tokens[0]
		p, text = t.Parsed, t.Text
		a.contextFromText(f, &ctx, t.Context)
	}
	if o.verify {
		if p.V006 != nil && (ctx.Channel == "" || ctx.UID == "" && ctx.Account == "") {
			if p.V006.ForRTM() {
				return usageErrorf("a 006 RTM token is signed for its user id in the channel's place: " +
					"give --channel USER_ID and --uid 0 with --verify")
			}
			return usageErrorf("a 006 signature covers the channel and uid, which the token does not hold: " +
				"give --channel NAME and --uid N (or --account NAME) with --verify")
		}
		if cert == "" {
			if cert, err = a.certificate(p.AppID(), false); err != nil {
				return err
			}
		}
		ctx.Certificate = cert
		ctx.SecondaryCertificate = a.verifyingSecondary(p.AppID())
	}
	report := token.Diagnose(p, ctx, now)
	if o.json {
		if err := writeJSON(a.stdout, decodedJSON(p, report, ctx)); err != nil {
			return err
		}
	} else {
		a.printReport(p, report, ctx, now, len(text))
	}
	if report.Signature == token.SignatureInvalid {
		return &exitError{code: exitInvalid, msg: "the signature is invalid: " + plain(report.SignatureError)}
	}
	return nil
}

// decodeContext reads what the client does with the token, and the moment to judge it at.
func (a *app) decodeContext(f *flagSet, o *decodeOptions) (token.Context, time.Time, error) {
	ctx := token.Context{Channel: o.channel, Account: o.account}
	now := a.now()
	if f.isSet("uid") && f.isSet("account") {
		return ctx, now, usageErrorf("--uid and --account are alternatives: the client joins with a numeric uid or with a string account, so give one of them")
	}
	if f.isSet("uid") {
		uid, err := token.ParseUID(strings.TrimSpace(o.uid))
		if err != nil {
			return ctx, now, usageErrorf("--uid: %s", plain(err))
		}
		ctx.UID = strconv.FormatUint(uint64(uid), 10)
	}
	if o.appID != "" {
		if err := token.ValidateAppID(o.appID); err != nil {
			return ctx, now, usageErrorf("--app-id: %s", plain(err))
		}
		ctx.AppID = o.appID
	}
	now, err := a.at(f, o.at)
	return ctx, now, err
}

// contextFromText takes what the text around a token says the client does - a join URL's
// channel= and uid= - for what the flags leave unsaid, and says so on standard error.
func (a *app) contextFromText(f *flagSet, ctx *token.Context, text token.Context) {
	var used []string
	if !f.isSet("channel") && text.Channel != "" {
		ctx.Channel = text.Channel
		used = append(used, "channel "+strconv.Quote(text.Channel))
	}
	if !f.isSet("uid") && !f.isSet("account") {
		switch {
		case text.UID != "":
			ctx.UID = text.UID
			used = append(used, "uid "+text.UID)
		case text.Account != "":
			ctx.Account = text.Account
			used = append(used, "account "+strconv.Quote(text.Account))
		}
	}
	if !f.isSet("app-id") && text.AppID != "" {
		ctx.AppID = text.AppID
		used = append(used, "App ID "+text.AppID)
	}
	if len(used) > 0 {
		fmt.Fprintf(a.stderr, "tokendesk decode: the token was found in the text given, and judged with its %s\n", strings.Join(used, ", "))
	}
}

// tokenText returns the cleaned token from the argument or standard input, and the text as
// given.
func (a *app) tokenText(rest []string) (text, raw string, err error) {
	if len(rest) > 1 {
		return "", "", usageErrorf("decode takes one TOKEN, but got %d %s; quote a token that holds spaces", len(rest), plural(len(rest), "argument", "arguments"))
	}
	if len(rest) == 1 && rest[0] != "-" {
		raw = rest[0]
		if len(raw) > maxTokenInput {
			return "", "", usageErrorf("not a token: the argument is %d bytes, and a token is a few hundred; TokenDesk reads at most 64 KiB", len(raw))
		}
	} else if raw, err = a.readTokenInput(); err != nil {
		return "", "", err
	}
	text = token.Clean(raw)
	if text == "" {
		return "", "", usageErrorf("no token given: pass it as an argument or on standard input (see tokendesk decode --help)")
	}
	return text, raw, nil
}

func (a *app) readTokenInput() (string, error) {
	if a.stdinTTY {
		fmt.Fprint(a.stderr, "Paste the token and press Enter: ")
		line, err := a.readLine(maxTokenInput)
		if err != nil && err != io.EOF {
			return "", usageErrorf("reading the token: %v", err)
		}
		return line, nil
	}
	b, err := io.ReadAll(io.LimitReader(a.input(), maxTokenInput+1))
	if err != nil {
		return "", usageErrorf("reading the token from standard input: %v", err)
	}
	if len(b) > maxTokenInput {
		return "", usageErrorf("not a token: standard input holds more than 64 KiB, and a token is a few hundred bytes")
	}
	return string(b), nil
}

// The JSON of decode --json and build --json, field for field as the contract gives it.

type tokenJSON struct {
	Version   string `json:"version"`
	AppID     string `json:"app_id"`
	IssuedAt  *int64 `json:"issued_at"`
	Expire    *int64 `json:"expire"`
	ExpiresAt int64  `json:"expires_at"`
	// JoinUntil is the last moment the token lets a user join or log in (token.Life).
	JoinUntil int64  `json:"join_until"`
	Salt      uint32 `json:"salt"`
	Signature string `json:"signature"`
	// SignedWith is "primary" or "secondary" when the signature is valid.
	SignedWith string         `json:"signed_with,omitempty"`
	Services   *[]serviceJSON `json:"services,omitempty"`

	// 006 only.
	Privileges    *[]privilegeJSON `json:"privileges,omitempty"`
	CRCChannel    *uint32          `json:"crc_channel,omitempty"`
	CRCUID        *uint32          `json:"crc_uid,omitempty"`
	UIDCandidates *[]string        `json:"uid_candidates,omitempty"`
	ChannelMatch  *bool            `json:"channel_match,omitempty"`
	UIDMatch      *bool            `json:"uid_match,omitempty"`

	Diagnostics []token.Finding `json:"diagnostics"`
}

type serviceJSON struct {
	Type        uint16                         `json:"type"`
	Name        string                         `json:"name"`
	Channel     *string                        `json:"channel,omitempty"`
	UID         *string                        `json:"uid,omitempty"`
	UserID      *string                        `json:"user_id,omitempty"`
	Account     *string                        `json:"account,omitempty"`
	RoomUUID    *string                        `json:"room_uuid,omitempty"`
	UserUUID    *string                        `json:"user_uuid,omitempty"`
	Role        *int16                         `json:"role,omitempty"`
	Permissions map[string]map[string][]string `json:"permissions,omitempty"`
	Privileges  *[]privilegeJSON               `json:"privileges,omitempty"`
}

type privilegeJSON struct {
	ID        uint16 `json:"id"`
	Name      string `json:"name"`
	Value     uint32 `json:"value"`
	ExpiresAt *int64 `json:"expires_at"`
}

func decodedJSON(p *token.Parsed, report token.Report, ctx token.Context) tokenJSON {
	life := p.Life()
	out := tokenJSON{
		Version:     p.Version(),
		AppID:       p.AppID(),
		ExpiresAt:   life.ExpiresAt,
		JoinUntil:   life.JoinUntil,
		Signature:   string(report.Signature),
		SignedWith:  report.SignedWith,
		Diagnostics: report.Findings,
	}
	if out.Diagnostics == nil {
		out.Diagnostics = []token.Finding{}
	}
	if t := p.V007; t != nil {
		issued, expire := int64(t.IssuedAt), int64(t.Expire)
		out.IssuedAt, out.Expire, out.Salt = &issued, &expire, t.Salt
		services := make([]serviceJSON, 0, len(t.Services)+1)
		for i := range t.Services {
			services = append(services, serviceToJSON(&t.Services[i], issued))
		}
		if t.Unknown != nil {
			services = append(services, serviceJSON{Type: t.Unknown.Type, Name: "unknown"})
		}
		out.Services = &services
		return out
	}
	t := p.V006
	out.Salt = t.Salt
	privileges := make([]privilegeJSON, 0, len(t.Privileges))
	for _, pr := range t.Privileges {
		j := privilegeJSON{ID: pr.ID, Name: token.PrivilegeName006(pr.ID), Value: pr.Value}
		if pr.Value != 0 {
			at := int64(pr.Value)
			j.ExpiresAt = &at
		}
		privileges = append(privileges, j)
	}
	candidates := []string{""}
	if t.CRCUID != 0 {
		// The contract writes a uid 0 token's candidates as [""]: the numeric uids whose CRC32
		// happens to be 0 too are not what anyone built it for.
		candidates = uidCandidateStrings(token.RecoverUIDs(t.CRCUID))
	}
	out.Privileges, out.CRCChannel, out.CRCUID, out.UIDCandidates = &privileges, &t.CRCChannel, &t.CRCUID, &candidates
	if ctx.Channel != "" {
		m := token.MatchChannel(t.CRCChannel, ctx.Channel)
		out.ChannelMatch = &m
	}
	if uid, ok := clientUID(ctx); ok {
		m := token.MatchUID(t.CRCUID, uid)
		out.UIDMatch = &m
	}
	return out
}

// clientUID is the uid string a client joins with, as a token writes it ("" for uid 0).
func clientUID(ctx token.Context) (string, bool) {
	switch {
	case ctx.Account != "":
		return ctx.Account, true
	case ctx.UID == "0":
		return "", true
	case ctx.UID != "":
		return ctx.UID, true
	}
	return "", false
}

// uidCandidateStrings writes uids as a 006 token signs them: "" for uid 0.
func uidCandidateStrings(uids []uint32) []string {
	out := make([]string, len(uids))
	for i, u := range uids {
		out[i] = token.UIDString(u)
	}
	return out
}

func serviceToJSON(s *token.Service, issued int64) serviceJSON {
	j := serviceJSON{Type: uint16(s.Type), Name: s.Type.String()}
	for _, f := range s.Type.Fields() {
		switch f {
		case token.FieldChannel:
			j.Channel = &s.Channel
		case token.FieldUID:
			j.UID = &s.UID
		case token.FieldUserID:
			j.UserID = &s.UserID
		case token.FieldAccount:
			j.Account = &s.Account
		case token.FieldRoomUUID:
			j.RoomUUID = &s.RoomUUID
		case token.FieldUserUUID:
			j.UserUUID = &s.UserUUID
		case token.FieldRole:
			j.Role = &s.Role
		case token.FieldPermissions:
			j.Permissions = permissionsJSON(s.Permissions)
		}
	}
	privileges := make([]privilegeJSON, 0, len(s.Privileges))
	for _, p := range s.Privileges {
		at := issued + int64(p.Value)
		privileges = append(privileges, privilegeJSON{ID: p.ID, Name: s.Type.PrivilegeName(p.ID), Value: p.Value, ExpiresAt: &at})
	}
	j.Privileges = &privileges
	return j
}

// permissionsJSON writes RTM2 permissions as {"messageChannels": {"read": ["a"]}}; a
// permission for no resources is [], as the official parsers write it.
func permissionsJSON(resources []token.RTM2Resource) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for _, res := range resources {
		perms := map[string][]string{}
		for _, p := range res.Permissions {
			name := nameAt(token.RTM2PermissionNames, p.Type)
			perms[name] = append(append([]string{}, perms[name]...), p.Resources...)
		}
		out[nameAt(token.RTM2ResourceNames, res.Type)] = perms
	}
	return out
}

// nameAt returns names[i], or the number for an index the format does not name.
func nameAt(names []string, i uint16) string {
	if int(i) < len(names) {
		return names[i]
	}
	return strconv.Itoa(int(i))
}
