package token

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The rules a program needs around the builders: how people write lifetimes and times, which
// inputs a kind of token is built from, how long a token lets a user in, and which fields a
// service holds. The command line and the window both ask here, so that they never disagree.

// DefaultLifetime is the lifetime a token gets when none is chosen: one hour.
const DefaultLifetime = 60 * 60

// LifetimeProblem names what is wrong with a lifetime or time, in a [LifetimeError].
type LifetimeProblem int

// Problems of a lifetime or time as written.
const (
	// LifetimeEmpty: nothing was given.
	LifetimeEmpty LifetimeProblem = iota + 1
	// LifetimeNotLifetime: neither whole seconds nor a duration such as 90m.
	LifetimeNotLifetime
	// LifetimeNegative: a duration below zero.
	LifetimeNegative
	// LifetimeFraction: a duration that is not a whole number of seconds.
	LifetimeFraction
	// LifetimeTooLong: more seconds than the 32 bits of a token hold.
	LifetimeTooLong
	// TimeNotTime: a time that is neither unix seconds, RFC 3339 nor "2006-01-02 15:04:05".
	TimeNotTime
	// TimeOutOfRange: a time before 1970 or after 2106, which a token cannot hold.
	TimeOutOfRange
)

// LifetimeError says what is wrong with a lifetime or time as a person wrote it, with the
// facts a program needs to say it in another language. It wraps [ErrInvalidLifetime].
type LifetimeError struct {
	Problem LifetimeProblem
	// Text is what was written; messages show it through [Excerpt].
	Text string
}

// Error is the English sentence: "token: invalid lifetime: "1x" is neither seconds (3600) nor
// a duration (90m, 2h)".
func (e *LifetimeError) Error() string { return ErrInvalidLifetime.Error() + ": " + e.Sentence() }

// Sentence is what is wrong, for a person: Error without the package's prefix.
func (e *LifetimeError) Sentence() string {
	var detail string
	switch e.Problem {
	case LifetimeEmpty:
		detail = "give a lifetime in seconds, like 3600, or as a duration, like 90m or 2h"
	case LifetimeNotLifetime:
		detail = Excerpt(e.Text) + " is neither seconds (3600) nor a duration (90m, 2h)"
	case LifetimeNegative:
		detail = "a lifetime cannot be negative"
	case LifetimeFraction:
		detail = "a lifetime is a whole number of seconds"
	case LifetimeTooLong:
		detail = "a lifetime is at most 4294967295 seconds"
	case TimeNotTime:
		detail = Excerpt(e.Text) + " is not a time: give unix seconds, RFC 3339 (2025-06-01T14:30:00Z) or a time like 2025-06-01 14:30:00"
	default:
		detail = "a token can only hold times from 1970 to 2106"
	}
	return detail
}

// Unwrap returns [ErrInvalidLifetime].
func (e *LifetimeError) Unwrap() error { return ErrInvalidLifetime }

func lifetimeError(p LifetimeProblem, text string) error {
	return &LifetimeError{Problem: p, Text: text}
}

// ParseLifetime reads a lifetime as people write one: whole seconds ("3600") or a Go duration
// ("90m", "1h30m"), surrounding spaces ignored. A mistake is a [*LifetimeError].
func ParseLifetime(s string) (uint32, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, lifetimeError(LifetimeEmpty, s)
	}
	if isDigits(s) {
		v, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return 0, lifetimeError(LifetimeTooLong, s)
		}
		return uint32(v), nil
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, lifetimeError(LifetimeNotLifetime, s)
	case d < 0:
		return 0, lifetimeError(LifetimeNegative, s)
	case d%time.Second != 0:
		return 0, lifetimeError(LifetimeFraction, s)
	case d/time.Second > 0xFFFFFFFF:
		return 0, lifetimeError(LifetimeTooLong, s)
	}
	return uint32(d / time.Second), nil
}

// ParseTime reads a moment as people write an issue time: unix seconds ("1700000000"),
// RFC 3339 ("2025-06-01T14:30:00Z") or "2025-06-01 14:30:00" in loc. A mistake is a
// [*LifetimeError].
func ParseTime(s string, loc *time.Location) (uint32, error) {
	s = strings.TrimSpace(s)
	if isDigits(s) {
		v, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return 0, lifetimeError(TimeOutOfRange, s)
		}
		return uint32(v), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.ParseInLocation(time.DateTime, s, loc)
	}
	if err != nil {
		return 0, lifetimeError(TimeNotTime, s)
	}
	if t.Unix() < 0 || t.Unix() > 0xFFFFFFFF {
		return 0, lifetimeError(TimeOutOfRange, s)
	}
	return uint32(t.Unix()), nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Inputs says what a kind of token is built from, in one format: which fields of a [Spec]
// the builder reads, and what a form should offer.
type Inputs struct {
	// Channel: the channel name.
	Channel bool
	// UID: the numeric uid, or the user account instead.
	UID bool
	// UserID: the user id (RTM, Chat, RTM2, APaaS, and RTM inside rtc+rtm, ConvoAI, STT). A
	// 006 RTM token is signed for the user id alone, in the channel's slot.
	UserID bool
	// UserIDFromAccount: an empty user id takes the user account (rtc+rtm).
	UserIDFromAccount bool
	// Room: the APaaS room UUID and role number.
	Room bool
	// Roles are the roles that give different tokens, the first the default; nil when the
	// role changes nothing.
	Roles []Role
	// RTCPrivileges: the token holds RTC's four privileges, which may each have their own
	// lifetime ([Spec.PerPrivilege]).
	RTCPrivileges bool
	// PrivilegeLifetime: the privileges have a lifetime apart from the token's
	// ([Spec.PrivilegeExpire]). In a 006 token the one lifetime given is the privileges'; an
	// FPA token's privilege is always 0.
	PrivilegeLifetime bool
	// DefaultLifetime is the lifetime in seconds when none is chosen: an hour, but the
	// official FpaTokenBuilder always gives 24 hours.
	DefaultLifetime uint32
}

// Roles of each format, the default first.
var (
	roles007 = []Role{RolePublisher, RoleSubscriber}
	roles006 = []Role{RolePublisher, RoleSubscriber, RoleAttendee, RoleAdmin}
)

// ServiceInputs says what a kind of token is built from in a format ("006" or "007"; "" is
// 007). It is the one place that knows, for example, that a 006 RTM token takes a user id
// and no channel, or that only RTC-bearing tokens take a role.
func ServiceInputs(k Kind, format string) Inputs {
	in := Inputs{DefaultLifetime: DefaultLifetime, PrivilegeLifetime: format != Version006}
	switch k {
	case KindRTC, KindStreaming, KindFCDN:
		in.Channel, in.UID = true, true
	case KindRTCRTM:
		in.Channel, in.UID, in.UserID, in.UserIDFromAccount = true, true, true, true
	case KindConvoAI, KindSTT:
		in.Channel, in.UID, in.UserID = true, true, true
	case KindRTM, KindChatUser, KindAPaaSUser, KindRTM2:
		in.UserID = true
	case KindAPaaSRoomUser:
		in.UserID, in.Room = true, true
	case KindFPA:
		in.PrivilegeLifetime = false
		in.DefaultLifetime = MaxLifetime
	}
	switch {
	case format == Version006 && k == KindRTC:
		in.Roles, in.RTCPrivileges = roles006, true
	case format == Version006:
	case k == KindRTC || k == KindRTCRTM || k == KindConvoAI || k == KindSTT:
		in.Roles, in.RTCPrivileges = roles007, true
	case k == KindFCDN:
		in.Roles = roles007
	}
	return in
}

// Inputs says what the spec's kind of token is built from, in its format.
func (s *Spec) Inputs() Inputs { return ServiceInputs(s.Kind, s.Format) }

// UsesRole reports whether the role changes the token.
func (in Inputs) UsesRole() bool { return in.Roles != nil }

// RTMUser is the user id an RTM login is signed for: the user id, or for rtc+rtm without
// one, the account.
func (s *Spec) RTMUser() string {
	if s.UserID == "" && s.Inputs().UserIDFromAccount {
		return s.Account
	}
	return s.UserID
}

// User is who the token is for, as a list shows it: the user id for a token without a uid
// (a 006 RTM token among them), else the account, else the numeric uid ("" when the kind
// has neither, as chat-app).
func (s *Spec) User() (user string, numeric bool) {
	in := s.Inputs()
	switch {
	case in.UID && s.Account != "":
		return s.Account, false
	case in.UID:
		return strconv.FormatUint(uint64(s.UID), 10), true
	case in.UserID:
		return s.UserID, false
	}
	return "", false
}

// IsNumericUID reports whether a token's uid string is a numeric uid (decimal, without a
// leading zero, at most 4294967295) rather than a user account.
func IsNumericUID(s string) bool {
	_, ok := numericUID(s)
	return ok
}

// ClientContext is how a client uses a token built from the spec: the App ID, channel and
// uid or account it joins with (a 006 RTM token is signed for the user id as its channel and
// an empty uid). Diagnosing a fresh token with it finds no mismatch, and checks a 006
// signature.
func (s *Spec) ClientContext() Context {
	ctx := Context{AppID: s.AppID, Channel: s.Channel, Account: s.Account}
	if s.Account == "" {
		ctx.UID = strconv.FormatUint(uint64(s.UID), 10)
	}
	if s.Is006() && s.Kind == KindRTM {
		ctx.Channel, ctx.UID, ctx.Account = s.UserID, "0", ""
	}
	return ctx
}

// ForRTM reports whether a 006 token is an RTM token, as RtmTokenBuilder makes one: it grants
// rtmLogin and not joinChannel. It is signed, as [Spec.ClientContext] says, for its user id
// in the channel's slot and an empty uid, so checking its signature takes the user id as the
// channel and uid 0.
func (t *Token006) ForRTM() bool {
	_, login := t.Privilege(Priv006RtmLogin)
	_, join := t.Privilege(Priv006JoinChannel)
	return login && !join
}

// Life is how long a token lets a user in, in unix seconds.
type Life struct {
	// IssuedAt is when the token was issued. A 006 token does not hold it: it is ts - 24 h,
	// as every official builder makes it.
	IssuedAt int64
	// ExpiresAt is when the token itself stops working: a 007 token's issue time plus its
	// lifetime, a 006 token's ts (always 24 hours after it was issued).
	ExpiresAt int64
	// JoinUntil is the last moment a user can join a channel or log in with the token: the
	// earlier of ExpiresAt and the expiry of the privilege that lets the user in (joinChannel
	// for RTC, login for RTM, ...). It is what a person means by "the token lasts until". A
	// privilege of 0 has no expiry of its own; a token without such a privilege has
	// JoinUntil equal to ExpiresAt.
	JoinUntil int64
}

// Life says how long the token lets a user in.
func (p *Parsed) Life() Life {
	if p.V006 != nil {
		return p.V006.Life()
	}
	return p.V007.Life()
}

// Life says how long a 006 token lets a user in: until its joinChannel or rtmLogin
// privilege expires, at the latest its ts.
func (t *Token006) Life() Life {
	l := Life{IssuedAt: int64(t.Ts) - Lifetime006, ExpiresAt: int64(t.Ts), JoinUntil: int64(t.Ts)}
	for _, p := range t.Privileges {
		if (p.ID == Priv006JoinChannel || p.ID == Priv006RtmLogin) && p.Value != 0 {
			l.JoinUntil = min(l.JoinUntil, int64(p.Value))
		}
	}
	return l
}

// entryPrivilege reports whether privilege id of a service is one that lets a user in:
// RTC's joinChannel, a login, a Chat or APaaS privilege, or any of a service whose every
// privilege stands alone (Streaming, FCDN).
func entryPrivilege(t ServiceType, id uint16) bool {
	switch t {
	case ServiceRTC, ServiceRTM, ServiceRTM2, ServiceFPA:
		return id == 1
	}
	return true
}

// Life says how long a 007 token lets a user in: until the earliest privilege that lets the
// user in expires, at the latest the token's own expiry.
func (t *Token007) Life() Life {
	l := Life{IssuedAt: int64(t.IssuedAt), ExpiresAt: t.ExpiresAt(), JoinUntil: t.ExpiresAt()}
	for _, s := range t.Services {
		for _, p := range s.Privileges {
			if p.Value != 0 && entryPrivilege(s.Type, p.ID) {
				l.JoinUntil = min(l.JoinUntil, l.IssuedAt+int64(p.Value))
			}
		}
	}
	return l
}

// Life says how long a token built from the spec lets a user in.
func (s *Spec) Life() Life {
	if s.Is006() {
		t, _, _ := s.token006()
		return t.Life()
	}
	return s.Token007().Life()
}

// Field is one field a 007 service holds besides its privileges.
type Field int

// The fields of the 007 services.
const (
	FieldChannel Field = iota + 1
	FieldUID
	FieldUserID
	FieldAccount
	FieldRoomUUID
	FieldUserUUID
	FieldRole
	FieldPermissions
)

var fieldNames = [...]string{FieldChannel: "channel", FieldUID: "uid", FieldUserID: "user_id", FieldAccount: "account",
	FieldRoomUUID: "room_uuid", FieldUserUUID: "user_uuid", FieldRole: "role", FieldPermissions: "permissions"}

// String is the field's name in the JSON of decode --json: "channel", "user_id", ...
func (f Field) String() string {
	if f >= FieldChannel && f <= FieldPermissions {
		return fieldNames[f]
	}
	return "field " + strconv.Itoa(int(f))
}

// Fields lists the fields a service of type t holds besides its privileges, in the order the
// token writes them; none for FPA, ConvoAI, STT or an unknown type.
func (t ServiceType) Fields() []Field {
	switch t {
	case ServiceRTC:
		return []Field{FieldChannel, FieldUID}
	case ServiceRTM, ServiceChat:
		return []Field{FieldUserID}
	case ServiceRTM2:
		return []Field{FieldUserID, FieldPermissions}
	case ServiceStreaming, ServiceFCDN:
		return []Field{FieldChannel, FieldAccount}
	case ServiceAPaaS:
		return []Field{FieldRoomUUID, FieldUserUUID, FieldRole}
	}
	return nil
}

// FieldText is the value of one of the service's fields as text: a string field as the
// token writes it, the APaaS role as a number ("" for -1, which the user and app builders
// write), the RTM2 permissions as "messageChannels read: a, b; ...".
func (s *Service) FieldText(f Field) string {
	switch f {
	case FieldChannel:
		return s.Channel
	case FieldUID:
		return s.UID
	case FieldUserID:
		return s.UserID
	case FieldAccount:
		return s.Account
	case FieldRoomUUID:
		return s.RoomUUID
	case FieldUserUUID:
		return s.UserUUID
	case FieldRole:
		if s.Role == -1 {
			return ""
		}
		return strconv.Itoa(int(s.Role))
	case FieldPermissions:
		var parts []string
		for _, res := range s.Permissions {
			for _, p := range res.Permissions {
				parts = append(parts, fmt.Sprintf("%s %s: %s", nameOr(RTM2ResourceNames, res.Type),
					nameOr(RTM2PermissionNames, p.Type), strings.Join(p.Resources, ", ")))
			}
		}
		return strings.Join(parts, "; ")
	}
	return ""
}

// nameOr returns names[i], or the number for an index the format does not name.
func nameOr(names []string, i uint16) string {
	if int(i) < len(names) && names[i] != "" {
		return names[i]
	}
	return strconv.Itoa(int(i))
}
