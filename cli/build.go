package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// specOptions are the flags build and batch share: everything a token.Spec holds.
type specOptions struct {
	appID, service, format string
	channel, uid, account  string
	user, room, apaasRole  string
	role                   string
	expire                 string
	privilegeExpire        string
	joinExpire             string
	audioExpire            string
	videoExpire            string
	dataExpire             string
	issuedAt, salt         string
	certStdin              bool
}

type buildOptions struct {
	specOptions
	json      bool
	copy      bool
	save      bool
	label     string
	secondary bool
}

const serviceList = "rtc, rtm, rtc+rtm, chat-user, chat-app, fpa, apaas-room-user, apaas-user, apaas-app, streaming, fcdn, rtm2, convoai, stt"

// defineSpecFlags defines the flags of a token.Spec; batch leaves out the per-user ones it
// reads from its CSV instead.
func defineSpecFlags(f *flagSet, o *specOptions, batch bool) {
	f.str(&o.appID, "app-id", "ID", "the project's App ID, 32 hex characters (or env AGORA_APP_ID); required")
	f.str(&o.service, "service", "S", "what the token is for: "+serviceList+" (default rtc)")
	f.str(&o.format, "format", "F", "007 or 006 (006 builds rtc and rtm only) (default 007)")
	f.str(&o.channel, "channel", "NAME", "channel name (rtc, rtc+rtm, streaming, fcdn, convoai, stt)")
	if !batch {
		f.str(&o.uid, "uid", "N", "numeric uid, 0 to 4294967295 (0 = any user)")
		f.str(&o.account, "account", "NAME", "string user account, instead of --uid")
	}
	f.str(&o.user, "user", "ID", "user id for rtm, chat-user, rtm2, apaas, convoai, stt (rtc+rtm: defaults to --account)")
	f.str(&o.room, "room", "UUID", "APaaS room (apaas-room-user)")
	f.str(&o.apaasRole, "apaas-role", "N", "APaaS role number (apaas-room-user) (default 0)")
	f.str(&o.role, "role", "R", "007: publisher or subscriber; 006: attendee, publisher, subscriber, admin (default publisher)")
	f.str(&o.expire, "expire", "D", "token lifetime: seconds (3600) or a duration (90m, 1h) (default 1h; fpa 24h, as the official builder)")
	f.str(&o.privilegeExpire, "privilege-expire", "D", "every privilege's lifetime (default: --expire)")
	if !batch {
		f.str(&o.joinExpire, "join-expire", "D", "joinChannel lifetime; any of these four gives each RTC privilege its own")
		f.str(&o.audioExpire, "audio-expire", "D", "publishAudioStream lifetime (default: --privilege-expire)")
		f.str(&o.videoExpire, "video-expire", "D", "publishVideoStream lifetime (default: --privilege-expire)")
		f.str(&o.dataExpire, "data-expire", "D", "publishDataStream lifetime (default: --privilege-expire)")
	}
	f.str(&o.issuedAt, "issued-at", "TIME", "issue time instead of now (reproduces a token): unix seconds, RFC 3339 (2025-06-01T14:30:00Z) or 2025-06-01 14:30:00 in local time")
	if !batch {
		f.str(&o.salt, "salt", "N", "salt instead of a random one in 1..99999999 (reproduces a token)")
	}
	f.boolean(&o.certStdin, "cert-stdin", "read the App Certificate from the first line of standard input")
}

func newBuildFlags(o *buildOptions) *flagSet {
	f := newFlagSet("build", "tokendesk build --app-id ID [--service S] [--channel NAME] [--uid N | --account NAME] [flags]",
		`Builds an Agora access token and prints it, alone, on standard output. Warnings go to
standard error.

The App Certificate comes from AGORA_APP_CERTIFICATE, then --cert-stdin, then the OS keychain
entry for the App ID (tokendesk cert set). No flag takes it.

006 timing, as the official builders do it: the token's ts is issued-at + 24h, and each privilege
expires at issued-at + its lifetime; --expire is not written in a 006 token.

Exit status: 0 built; 2 bad input or no certificate.`,
		`  export AGORA_APP_CERTIFICATE=...            # or: tokendesk cert set --app-id ID
  tokendesk build --app-id 970CA35de60c44645bbae8a215061b33 --channel room1 --uid 42
  tokendesk build --app-id 970CA35de60c44645bbae8a215061b33 --channel room1 --account alice --role subscriber --expire 30m
  tokendesk build --app-id 970CA35de60c44645bbae8a215061b33 --service rtm --user alice --json
  tokendesk build --app-id 970CA35de60c44645bbae8a215061b33 --channel room1 --uid 42 --join-expire 2h --audio-expire 10m
  tokendesk build --app-id 970CA35de60c44645bbae8a215061b33 --format 006 --channel room1 --uid 42 --issued-at 1700000000 --salt 7
  pass show agora/qa | tokendesk build --cert-stdin --app-id 970CA35de60c44645bbae8a215061b33 --channel room1 --copy --save`)
	defineSpecFlags(f, &o.specOptions, false)
	f.boolean(&o.json, "json", `print {"token": ..., "decoded": <as decode --json>} instead of the token alone`)
	f.boolean(&o.secondary, "secondary", "sign with the project's secondary certificate from the keychain (cert set --secondary)")
	f.boolean(&o.copy, "copy", "also copy the token to the clipboard")
	f.boolean(&o.save, "save", "also record the token in the history")
	f.str(&o.label, "label", "TEXT", "a label for the history entry (with --save)")
	return f
}

func (a *app) build(args []string) error {
	o := &buildOptions{}
	f := newBuildFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("build takes no arguments, but got %s: every input is a flag, e.g. --channel room1 (see tokendesk build --help)", token.Excerpt(rest[0]))
	}
	spec, warnings, err := a.specFromFlags(f, &o.specOptions, true)
	if err != nil {
		return err
	}
	if err := spec.Stamp(a.now()); err != nil {
		return usageErrorf("%s", plain(err))
	}
	if err := applyStamp(f, &o.specOptions, &spec); err != nil {
		return err
	}
	if err := spec.Validate(); err != nil {
		return specError(err)
	}
	var cert string
	if o.secondary {
		cert, err = a.secondaryCertificate(spec.AppID, o.certStdin)
	} else {
		cert, err = a.certificate(spec.AppID, o.certStdin)
	}
	if err != nil {
		return err
	}
	text, err := spec.Build(cert)
	if err != nil {
		return specError(err)
	}
	parsed, err := token.Parse(text)
	if err != nil {
		return fmt.Errorf("the token just built does not decode (%w); please report this", err)
	}
	ctx := spec.ClientContext()
	if o.secondary {
		ctx.SecondaryCertificate = cert
	} else {
		ctx.Certificate = cert
	}
	report := token.Diagnose(parsed, ctx, a.now())
	if o.label != "" && !o.save {
		warnings = append(warnings, "--label names a history entry and goes with --save; nothing was saved")
	}
	for _, w := range warnings {
		fmt.Fprintf(a.stderr, "tokendesk build: warning: %s\n", w)
	}
	for _, finding := range report.Findings {
		if worthWarning(&spec, finding) {
			fmt.Fprintf(a.stderr, "tokendesk build: warning: %s\n", finding.Message)
		}
	}
	if o.save {
		if err := a.saveEntry(&spec, text, o.label); err != nil {
			return err
		}
	}
	if o.copy {
		a.copyToClipboard("build", text)
	}
	if o.json {
		return writeJSON(a.stdout, struct {
			Token   string `json:"token"`
			Decoded any    `json:"decoded"`
		}{text, decodedJSON(parsed, report, ctx)})
	}
	_, err = fmt.Fprintln(a.stdout, text)
	return err
}

// worthWarning picks the findings about a freshly built token that a person should hear of.
func worthWarning(spec *token.Spec, f token.Finding) bool {
	switch f.Code {
	case token.CodeUIDZero:
		return true
	case token.CodeSignatureUnchecked, token.CodeSignatureInvalid:
		return false
	case token.CodePrivilegeEarly:
		// Every 006 token lives 24 hours and its privileges less: that is the format, not news.
		return !spec.Is006()
	}
	return f.Severity >= token.Warning
}

// saveEntry records a built token in the history.
func (a *app) saveEntry(spec *token.Spec, text, label string) error {
	st, err := a.openStore()
	if err != nil {
		return usageErrorf("the token was built but not saved (run again without --save to get it): %s", err.Error())
	}
	defer st.Close()
	e := store.Entry{Spec: *spec, Token: text, Label: label}
	if p, err := st.Project(spec.AppID); err == nil {
		e.Project = p.Label
	}
	if err := st.Add(&e); err != nil {
		return usageErrorf("the token was built but not saved in the history (run again without --save to get it): %s", plain(err))
	}
	return nil
}

// specFromFlags turns the spec flags into a token.Spec, without issue time and salt. It checks
// each flag, and that the inputs the service needs are there when required, and returns
// warnings about flags the service does not use.
func (a *app) specFromFlags(f *flagSet, o *specOptions, required bool) (token.Spec, []string, error) {
	var spec token.Spec
	var warnings []string
	appID, err := a.appIDFrom(o.appID)
	if err != nil {
		return spec, nil, err
	}
	spec.AppID = appID

	service := strings.ToLower(strings.TrimSpace(o.service))
	if service == "" {
		service = string(token.KindRTC)
	}
	kind, err := token.ParseKind(service)
	if err != nil {
		names := make([]string, len(token.Kinds))
		for i, k := range token.Kinds {
			names[i] = string(k)
		}
		if s := nearest(service, names); s != "" {
			return spec, nil, usageErrorf("--service %s is not a service; did you mean %s? Use one of %s", token.Excerpt(o.service), s, serviceList)
		}
		return spec, nil, usageErrorf("--service %s is not a service; use one of %s", token.Excerpt(o.service), serviceList)
	}
	spec.Kind = kind

	switch strings.TrimSpace(o.format) {
	case "", token.Version007, "7":
		spec.Format = token.Version007
	case token.Version006, "6":
		spec.Format = token.Version006
		if !kind.Supports006() {
			return spec, nil, usageErrorf("--format 006 builds rtc and rtm tokens only; %s tokens exist only in the 007 format", kind)
		}
	case "jsonl", "csv":
		return spec, nil, usageErrorf("--format %s is not a token format; use 007 or 006 (batch chooses csv or jsonl with --output-format)", token.Excerpt(o.format))
	default:
		return spec, nil, usageErrorf("--format %s is not a token format; use 007 or 006", token.Excerpt(o.format))
	}

	spec.Role = token.RolePublisher
	if o.role != "" {
		if spec.Role, err = token.ParseRole(o.role); err != nil {
			return spec, nil, usageErrorf("--role: %s", plain(err))
		}
	}

	if f.isSet("uid") && f.isSet("account") {
		return spec, nil, usageErrorf("--uid and --account are alternatives: a token is for a numeric uid or for a string account, so give one of them")
	}
	if f.isSet("uid") {
		if spec.UID, err = token.ParseUID(strings.TrimSpace(o.uid)); err != nil {
			return spec, nil, usageErrorf("--uid: %s", plain(err))
		}
	}
	spec.Account = o.account
	spec.Channel = o.channel
	spec.UserID = o.user
	spec.RoomUUID = o.room
	if o.apaasRole != "" {
		v, err := strconv.ParseInt(strings.TrimSpace(o.apaasRole), 10, 16)
		if err != nil {
			return spec, nil, usageErrorf("--apaas-role %s is not a role number: give a whole number from -32768 to 32767", token.Excerpt(o.apaasRole))
		}
		spec.APaaSRole = int16(v)
	}

	if err := lifetimes(f, o, &spec); err != nil {
		return spec, nil, err
	}
	if required {
		if err := requireInputs(&spec); err != nil {
			return spec, nil, err
		}
	}
	warnings = unusedFlags(f, &spec)
	return spec, warnings, nil
}

// lifetimes reads --expire, --privilege-expire and the four per-privilege lifetimes.
func lifetimes(f *flagSet, o *specOptions, spec *token.Spec) error {
	var err error
	spec.Expire = spec.Inputs().DefaultLifetime
	if o.expire != "" {
		if spec.Expire, err = parseLifetime("--expire", o.expire); err != nil {
			return err
		}
	}
	spec.PrivilegeExpire = spec.Expire
	if o.privilegeExpire != "" {
		if spec.PrivilegeExpire, err = parseLifetime("--privilege-expire", o.privilegeExpire); err != nil {
			return err
		}
	}
	per := []struct {
		name  string
		value string
		dst   *uint32
	}{{"join-expire", o.joinExpire, nil}, {"audio-expire", o.audioExpire, nil},
		{"video-expire", o.videoExpire, nil}, {"data-expire", o.dataExpire, nil}}
	var p token.PrivilegeExpires
	per[0].dst, per[1].dst, per[2].dst, per[3].dst = &p.Join, &p.Audio, &p.Video, &p.Data
	perPrivilege := false
	for _, e := range per {
		*e.dst = spec.PrivilegeExpire
		if f.isSet(e.name) {
			perPrivilege = true
			if *e.dst, err = parseLifetime("--"+e.name, e.value); err != nil {
				return err
			}
		}
	}
	if !perPrivilege {
		return nil
	}
	switch {
	case !spec.Inputs().RTCPrivileges:
		return usageErrorf("--join-expire, --audio-expire, --video-expire and --data-expire set RTC privileges; %s tokens have none", spec.Kind)
	case f.isSet("role"):
		return usageErrorf("--role and the per-privilege lifetimes (--join-expire ...) are alternatives: the per-privilege builder grants all four RTC privileges")
	}
	spec.PerPrivilege = &p
	return nil
}

// requireInputs says which flag is missing, before Validate would say which field is empty.
func requireInputs(spec *token.Spec) error {
	in := spec.Inputs()
	if in.Channel && spec.Channel == "" {
		return usageErrorf("%s token needs --channel NAME", withArticle(spec.Kind))
	}
	if in.UserID && spec.UserID == "" {
		if spec.Inputs().UserIDFromAccount {
			if spec.Account == "" {
				return usageErrorf("an rtc+rtm token needs --user ID (or --account NAME, which it then uses) to log in to RTM")
			}
		} else {
			return usageErrorf("%s token needs --user ID", withArticle(spec.Kind))
		}
	}
	if in.Room && spec.RoomUUID == "" {
		return usageErrorf("an %s token needs --room UUID", spec.Kind)
	}
	return nil
}

// withArticle reads the service names as they are spoken: "an rtc", "an fpa", "a streaming".
func withArticle(k token.Kind) string {
	switch k {
	case token.KindStreaming, token.KindChatUser, token.KindChatApp, token.KindConvoAI:
		return "a " + string(k)
	}
	return "an " + string(k)
}

// unusedFlags lists, as warnings, the flags given that the service does not read.
func unusedFlags(f *flagSet, spec *token.Spec) []string {
	in := spec.Inputs()
	var unused []string
	check := func(name string, used bool) {
		if f.isSet(name) && !used {
			unused = append(unused, "--"+name)
		}
	}
	check("channel", in.Channel)
	check("uid", in.UID)
	check("account", in.UID || in.UserIDFromAccount)
	check("user", in.UserID)
	check("room", in.Room)
	check("apaas-role", in.Room)
	check("role", in.UsesRole())
	if len(unused) == 0 {
		return nil
	}
	if len(unused) == 1 {
		return []string{fmt.Sprintf("%s is not used by %s %s tokens and was ignored", unused[0], spec.Format, spec.Kind)}
	}
	return []string{fmt.Sprintf("%s are not used by %s %s tokens and were ignored", andList(unused), spec.Format, spec.Kind)}
}

// applyStamp replaces the issue time and salt that Stamp chose with the ones given by flags.
func applyStamp(f *flagSet, o *specOptions, spec *token.Spec) error {
	if f.isSet("issued-at") {
		v, err := token.ParseTime(o.issuedAt, time.Local)
		var le *token.LifetimeError
		if errors.As(err, &le) {
			return usageErrorf("--issued-at: %s", le.Sentence())
		}
		spec.IssuedAt = v
	}
	if f.isSet("salt") {
		v, err := parseUint32("--salt", "a salt", o.salt)
		if err != nil {
			return err
		}
		spec.Salt = v
	}
	return nil
}

// specProblem names the flag behind an error of token.Spec.Validate, and says the error.
func specProblem(err error) (flagName, msg string) {
	msg = plain(err)
	switch {
	case errors.Is(err, token.ErrInvalidAppID):
		flagName = "--app-id"
	case errors.Is(err, token.ErrInvalidChannel):
		flagName = "--channel"
	case errors.Is(err, token.ErrInvalidAccount):
		flagName = "--account"
		var field *token.FieldError
		if errors.As(err, &field) {
			switch field.Field {
			case token.FieldUserID:
				flagName, msg = "--user", plain(field.Err)
			case token.FieldRoomUUID:
				flagName, msg = "--room", plain(field.Err)
			}
		}
	case errors.Is(err, token.ErrInvalidUID):
		flagName = "--uid"
	case errors.Is(err, token.ErrInvalidRole):
		flagName = "--role"
	case errors.Is(err, token.ErrInvalidService):
		flagName = "--service"
	case errors.Is(err, token.ErrUnsupportedVersion):
		flagName = "--format"
	case errors.Is(err, token.ErrInvalidCertificate):
		flagName = "the App Certificate"
	}
	return flagName, msg
}

// specError is a token error as a usage error naming the flag at fault (see specProblem).
func specError(err error) error {
	flagName, msg := specProblem(err)
	if flagName == "" {
		return usageErrorf("%s", msg)
	}
	return usageErrorf("%s: %s", flagName, msg)
}

// rowError is a token error as batch says it about a row: the column at fault, named as its
// flag without the dashes, or "the App Certificate".
func rowError(err error) string {
	name, msg := specProblem(err)
	if name == "" {
		return msg
	}
	return strings.TrimPrefix(name, "--") + ": " + msg
}
