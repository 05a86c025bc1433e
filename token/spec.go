package token

import (
	"slices"
	"strings"
	"time"
)

// Kind names what a token is for, with the names of the CLI's --service flag. Each kind is
// one of Agora's official builders.
type Kind string

// The kinds of token TokenDesk builds.
const (
	KindRTC           Kind = "rtc"
	KindRTM           Kind = "rtm"
	KindRTCRTM        Kind = "rtc+rtm"
	KindChatUser      Kind = "chat-user"
	KindChatApp       Kind = "chat-app"
	KindFPA           Kind = "fpa"
	KindAPaaSRoomUser Kind = "apaas-room-user"
	KindAPaaSUser     Kind = "apaas-user"
	KindAPaaSApp      Kind = "apaas-app"
	KindStreaming     Kind = "streaming"
	KindFCDN          Kind = "fcdn"
	KindRTM2          Kind = "rtm2"
	KindConvoAI       Kind = "convoai"
	KindSTT           Kind = "stt"
)

// Kinds lists every kind, in the order a menu shows them.
var Kinds = []Kind{KindRTC, KindRTM, KindRTCRTM, KindChatUser, KindChatApp, KindFPA,
	KindAPaaSRoomUser, KindAPaaSUser, KindAPaaSApp, KindStreaming, KindFCDN, KindRTM2, KindConvoAI, KindSTT}

// ParseKind reads a kind by its name.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", errorf(ErrInvalidService, "%s is not a service; use one of rtc, rtm, rtc+rtm, chat-user, chat-app, fpa, "+
		"apaas-room-user, apaas-user, apaas-app, streaming, fcdn, rtm2, convoai, stt", Excerpt(s))
}

// Supports006 reports whether a kind can be built in the 006 format: only RTC and RTM can.
func (k Kind) Supports006() bool { return k == KindRTC || k == KindRTM }

// Spec is everything needed to build a token, and to build the very same token again: the
// inputs of one of Agora's builders plus the issue time and salt. It is what the history keeps.
// It never holds the certificate.
type Spec struct {
	Format string `json:"format"` // "007" or "006"; "" means 007
	Kind   Kind   `json:"service"`
	AppID  string `json:"app_id"`

	Channel string `json:"channel,omitempty"`
	// UID is the numeric uid; Account, when not empty, is used instead.
	UID     uint32 `json:"uid,omitempty"`
	Account string `json:"account,omitempty"`
	// UserID is the RTM, Chat, RTM2 or APaaS user; for rtc+rtm it defaults to the account.
	UserID    string         `json:"user_id,omitempty"`
	RoomUUID  string         `json:"room_uuid,omitempty"`
	APaaSRole int16          `json:"apaas_role,omitempty"`
	RTM2      []RTM2Resource `json:"rtm2_permissions,omitempty"`
	Role      Role           `json:"role"`

	// Expire is the token's lifetime in seconds (007; a 006 token always lives 24 hours).
	Expire uint32 `json:"expire"`
	// PrivilegeExpire is every privilege's lifetime in seconds. For 006, 0 writes the value
	// 0 (no expiry of its own), as the official builders do.
	PrivilegeExpire uint32 `json:"privilege_expire"`
	// PerPrivilege, when set, gives RTC's four privileges their own lifetimes, as the
	// official buildTokenWithUidAndPrivilege does.
	PerPrivilege *PrivilegeExpires `json:"per_privilege,omitempty"`
	// Privileges006, when set, is written into a 006 token as given (absolute times) instead
	// of the role's privileges: it is how a 006 token is reproduced exactly.
	Privileges006 []Privilege `json:"privileges_006,omitempty"`

	IssuedAt uint32 `json:"issued_at"`
	Salt     uint32 `json:"salt"`
}

// Lifetime006 is the lifetime every official builder gives a 006 token.
const Lifetime006 = 24 * 60 * 60

// Stamp sets the issue time to now and draws a new random salt, as a fresh build does.
func (s *Spec) Stamp(now time.Time) error {
	unix := now.Unix()
	if unix < 0 || unix > 0xFFFFFFFF {
		return errorf(ErrInvalidLifetime, "the time %s does not fit a token", now.UTC().Format(time.RFC3339))
	}
	salt, err := NewSalt()
	if err != nil {
		return err
	}
	s.IssuedAt, s.Salt = uint32(unix), salt
	return nil
}

// UIDString is the uid as the token writes it: the account, or the numeric uid ("" for 0).
func (s *Spec) UIDString() string {
	if s.Account != "" {
		return s.Account
	}
	return UIDString(s.UID)
}

// Is006 reports whether the spec is for the 006 format.
func (s *Spec) Is006() bool { return s.Format == Version006 }

// Validate checks every input the kind uses, with the rules of the Agora API, and that every
// lifetime fits the format. It does not need the certificate.
func (s *Spec) Validate() error {
	if s.Format != "" && s.Format != Version007 && s.Format != Version006 {
		return errorf(ErrUnsupportedVersion, "format %s is not 006 or 007", Excerpt(s.Format))
	}
	if _, err := ParseKind(string(s.Kind)); err != nil {
		return err
	}
	if s.Is006() && !s.Kind.Supports006() {
		return errorf(ErrInvalidService, "%s tokens exist only in the 007 format; 006 builds rtc and rtm", s.Kind)
	}
	if err := ValidateAppID(s.AppID); err != nil {
		return err
	}
	in := s.Inputs()
	if in.Channel {
		if err := ValidateChannel(s.Channel); err != nil {
			return err
		}
	}
	if in.UID && s.Account != "" {
		if err := ValidateAccount(s.Account); err != nil {
			return err
		}
	}
	if in.UserID {
		if in.UserIDFromAccount && s.RTMUser() == "" {
			return errorf(ErrInvalidAccount, "an rtc+rtm token needs an account or a user id to log in to RTM")
		}
		if err := ValidateAccount(s.RTMUser()); err != nil {
			return withField(FieldUserID, err)
		}
	}
	if in.Room {
		if err := ValidateAccount(s.RoomUUID); err != nil {
			return withField(FieldRoomUUID, err)
		}
	}
	if err := s.checkRole(); err != nil {
		return err
	}
	return s.checkLifetimes()
}

func (s *Spec) checkRole() error {
	switch s.Role {
	case RolePublisher, RoleSubscriber, RoleAttendee, RoleAdmin:
	default:
		return errorf(ErrInvalidRole, "%s is not a role", s.Role)
	}
	if in := s.Inputs(); in.UsesRole() && !slices.Contains(in.Roles, s.Role) {
		return errorf(ErrInvalidRole, "%s is a 006 role; a 007 token is for a publisher or a subscriber", s.Role)
	}
	return nil
}

func (s *Spec) checkLifetimes() error {
	if s.Is006() {
		if err := checkEnd("the 006 token's 24-hour lifetime", s.IssuedAt, Lifetime006); err != nil {
			return err
		}
	} else if err := checkEnd("the token lifetime", s.IssuedAt, s.Expire); err != nil {
		return err
	}
	if err := checkEnd("the privilege lifetime", s.IssuedAt, s.PrivilegeExpire); err != nil {
		return err
	}
	if p := s.PerPrivilege; p != nil {
		for _, v := range [...]uint32{p.Join, p.Audio, p.Video, p.Data} {
			if err := checkEnd("a privilege lifetime", s.IssuedAt, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// Build validates the spec and builds its token with the App Certificate.
func (s *Spec) Build(certificate string) (string, error) {
	if err := s.Validate(); err != nil {
		return "", err
	}
	if err := ValidateCertificate(certificate); err != nil {
		return "", err
	}
	if err := s.checkNotCertificate(certificate); err != nil {
		return "", err
	}
	if s.Is006() {
		t, channel, uid := s.token006()
		return t.Build(certificate, channel, uid)
	}
	t := s.Token007()
	return t.Build(certificate)
}

// checkNotCertificate refuses a spec that holds the App Certificate as its App ID, channel,
// account, user or room: pasted in the wrong place, it would be written into the token, which
// anyone can decode.
func (s *Spec) checkNotCertificate(certificate string) error {
	is := func(value string) bool { return strings.EqualFold(strings.TrimSpace(value), certificate) }
	refuse := func(kind error, field string) error {
		return &InputError{Kind: kind, Problem: ProblemCertificate, Field: field}
	}
	switch {
	case is(s.AppID):
		return refuse(ErrInvalidAppID, "an App ID")
	case is(s.Channel):
		return refuse(ErrInvalidChannel, "a channel name")
	case is(s.Account):
		return refuse(ErrInvalidAccount, "a user account")
	case is(s.UserID):
		// Validate names the user id and the room this way too.
		return withField(FieldUserID, refuse(ErrInvalidAccount, "a user account"))
	case is(s.RoomUUID):
		return withField(FieldRoomUUID, refuse(ErrInvalidAccount, "a user account"))
	}
	return nil
}

// Token007 returns the unsigned 007 token the spec describes. It does not validate.
func (s *Spec) Token007() *Token007 {
	t := &Token007{AppID: s.AppID, IssuedAt: s.IssuedAt, Expire: s.Expire, Salt: s.Salt}
	uid := s.UIDString()
	rtc := func() Service {
		if s.PerPrivilege != nil {
			return NewRTCServiceWithPrivileges(s.Channel, uid, *s.PerPrivilege)
		}
		return NewRTCService(s.Channel, uid, s.Role, s.PrivilegeExpire)
	}
	switch s.Kind {
	case KindRTC:
		t.Services = []Service{rtc()}
	case KindRTCRTM:
		t.Services = []Service{rtc(), NewRTMService(s.RTMUser(), s.Expire)}
	case KindConvoAI, KindSTT:
		r := rtc()
		if s.Role != RolePublisher {
			r.Privileges = r.Privileges[:1]
		}
		last := Service{Type: ServiceConvoAI}
		if s.Kind == KindSTT {
			last.Type = ServiceSTT
		}
		t.Services = []Service{r, NewRTMService(s.UserID, s.PrivilegeExpire), last}
	case KindRTM:
		t.Services = []Service{NewRTMService(s.UserID, s.PrivilegeExpire)}
	case KindRTM2:
		t.Services = []Service{NewRTM2Service(s.UserID, s.PrivilegeExpire, s.RTM2)}
	case KindChatUser:
		t.Services = []Service{NewChatUserService(s.UserID, s.PrivilegeExpire)}
	case KindChatApp:
		t.Services = []Service{NewChatAppService(s.PrivilegeExpire)}
	case KindFPA:
		t.Services = []Service{NewFPAService()}
	case KindAPaaSRoomUser:
		t.Services = NewAPaaSRoomUserServices(s.RoomUUID, s.UserID, s.APaaSRole, s.PrivilegeExpire)
	case KindAPaaSUser:
		t.Services = []Service{NewAPaaSUserService(s.UserID, s.PrivilegeExpire)}
	case KindAPaaSApp:
		t.Services = []Service{NewAPaaSAppService(s.PrivilegeExpire)}
	case KindStreaming:
		t.Services = []Service{NewStreamingService(s.Channel, uid, s.PrivilegeExpire)}
	case KindFCDN:
		t.Services = []Service{NewFCDNService(s.Channel, uid, s.Role, s.PrivilegeExpire)}
	}
	return t
}

// token006 returns the unsigned 006 token and the channel and uid strings it is signed for.
func (s *Spec) token006() (*Token006, string, string) {
	t := &Token006{AppID: s.AppID, Salt: s.Salt, Ts: s.IssuedAt + Lifetime006}
	if s.Privileges006 != nil {
		t.Privileges = append([]Privilege(nil), s.Privileges006...)
	}
	if s.Kind == KindRTM {
		// The 006 RTM builder writes the user id in the channel slot and leaves the uid empty.
		if t.Privileges == nil {
			t.Privileges = []Privilege{{Priv006RtmLogin, s.absolute(s.PrivilegeExpire)}}
		}
		return t, s.UserID, ""
	}
	if t.Privileges == nil {
		if p := s.PerPrivilege; p != nil {
			t.Privileges = []Privilege{{1, s.absolute(p.Join)}, {2, s.absolute(p.Audio)}, {3, s.absolute(p.Video)}, {4, s.absolute(p.Data)}}
		} else {
			at := s.absolute(s.PrivilegeExpire)
			t.Privileges = []Privilege{{Priv006JoinChannel, at}}
			if s.Role != RoleSubscriber {
				t.Privileges = append(t.Privileges, Privilege{2, at}, Privilege{3, at}, Privilege{4, at})
			}
		}
	}
	return t, s.Channel, s.UIDString()
}

// absolute turns a 006 privilege lifetime into the absolute time the token writes; 0 stays 0.
func (s *Spec) absolute(lifetime uint32) uint32 {
	if lifetime == 0 {
		return 0
	}
	return s.IssuedAt + lifetime
}
