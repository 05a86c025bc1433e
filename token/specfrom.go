package token

import (
	"slices"
)

// SpecFrom works out the builder inputs of a parsed token, so that building the spec again
// gives the same token: the seed's initTokenBuilder, for every kind this package builds.
//
// A 007 token holds everything. A 006 token holds only the CRC32s of its channel and uid, so
// the spec has no Channel, UID or Account: the caller asks for them (see [RecoverUIDs]); its
// privileges are kept in Privileges006 so the rebuild is exact.
//
// A 007 token whose services no official builder produces gives an error wrapping
// ErrInvalidService that names them.
func SpecFrom(p *Parsed) (Spec, error) {
	if p.V006 != nil {
		return specFrom006(p.V006), nil
	}
	return specFrom007(p.V007)
}

func specFrom006(t *Token006) Spec {
	s := Spec{Format: Version006, Kind: KindRTC, AppID: t.AppID, Salt: t.Salt, Role: RoleSubscriber,
		Expire: Lifetime006, Privileges006: slices.Clone(t.Privileges)}
	if t.Ts >= Lifetime006 {
		// Every official builder issues a 006 token 24 hours before it expires.
		s.IssuedAt = t.Ts - Lifetime006
	}
	lifetime := func(id uint16) uint32 {
		if v, ok := t.Privilege(id); ok && v > s.IssuedAt {
			return v - s.IssuedAt
		}
		return 0
	}
	_, join := t.Privilege(Priv006JoinChannel)
	_, rtmLogin := t.Privilege(Priv006RtmLogin)
	if _, audio := t.Privilege(Priv006PublishAudioStream); audio {
		s.Role = RolePublisher
	}
	if rtmLogin && !join {
		s.Kind, s.Role = KindRTM, RolePublisher
		s.PrivilegeExpire = lifetime(Priv006RtmLogin)
	} else {
		s.PrivilegeExpire = lifetime(Priv006JoinChannel)
	}
	return s
}

// SetIdentity006 gives a spec read from a 006 token the channel and uid string (a decimal
// uid, "" for uid 0, or an account) that the token holds only as CRC32s, and checks them
// against those CRC32s. For an RTM token the channel is the RTM user id.
func (s *Spec) SetIdentity006(t *Token006, channel, uid string) error {
	if s.Kind == KindRTM {
		s.UserID = channel
	} else {
		s.Channel = channel
		s.UID, s.Account = 0, ""
		s.setUID(uid)
	}
	if !MatchChannel(t.CRCChannel, channel) {
		return errorf(ErrMismatch, "the token was not built for the channel %s", Excerpt(channel))
	}
	if !MatchUID(t.CRCUID, s.UIDString()) {
		return errorf(ErrMismatch, "the token was not built for the uid %s", Excerpt(uid))
	}
	return nil
}

// kindsByServices maps the service types of a token, in order, to the kind that builds them.
var kindsByServices = map[string]Kind{
	"rtc":             KindRTC,
	"rtc rtm":         KindRTCRTM,
	"rtc rtm convoai": KindConvoAI,
	"rtc rtm stt":     KindSTT,
	"rtm":             KindRTM,
	"rtm2":            KindRTM2,
	"fpa":             KindFPA,
	"streaming":       KindStreaming,
	"fcdn":            KindFCDN,
	"rtm chat apaas":  KindAPaaSRoomUser,
	"chat":            "", // user or app, by privilege
	"apaas":           "", // user or app, by privilege
}

func specFrom007(t *Token007) (Spec, error) {
	s := Spec{Format: Version007, AppID: t.AppID, IssuedAt: t.IssuedAt, Salt: t.Salt, Expire: t.Expire, Role: RolePublisher}
	key := ""
	for i, svc := range t.Services {
		if i > 0 {
			key += " "
		}
		key += svc.Type.String()
	}
	kind, ok := kindsByServices[key]
	if !ok || t.Unknown != nil {
		return Spec{}, errorf(ErrInvalidService, "no builder makes a token with the services %q", key)
	}
	first := &t.Services[0]
	if len(first.Privileges) > 0 {
		s.PrivilegeExpire = first.Privileges[0].Value
	}
	switch first.Type {
	case ServiceChat:
		kind, s.UserID = KindChatUser, first.UserID
		if _, app := first.Privilege(PrivChatApp); app {
			kind = KindChatApp
		}
	case ServiceAPaaS:
		kind, s.UserID = KindAPaaSUser, first.UserUUID
		if _, app := first.Privilege(PrivAPaaSApp); app {
			kind = KindAPaaSApp
		}
	case ServiceRTM, ServiceRTM2:
		s.UserID = first.UserID
		s.RTM2 = first.Permissions
	case ServiceStreaming, ServiceFCDN:
		s.Channel = first.Channel
		s.setUID(first.Account)
		if _, publish := first.Privilege(PrivFCDNPublish); first.Type == ServiceFCDN && !publish {
			s.Role = RoleSubscriber
		}
	case ServiceRTC:
		s.Channel = first.Channel
		s.setUID(first.UID)
		s.rtcPrivileges(first)
		if len(t.Services) > 1 {
			s.UserID = t.Services[1].UserID
			if kind == KindConvoAI || kind == KindSTT {
				if v, ok := t.Services[1].Privilege(PrivLogin); ok {
					s.PrivilegeExpire = v
				}
			}
		}
	}
	if kind == KindAPaaSRoomUser {
		// Services are sorted by type: RTM (2), Chat (5), APaaS (7).
		apaas := &t.Services[2]
		s.RoomUUID, s.UserID, s.APaaSRole = apaas.RoomUUID, apaas.UserUUID, apaas.Role
		if v, ok := apaas.Privilege(PrivAPaaSRoomUser); ok {
			s.PrivilegeExpire = v
		}
	}
	s.Kind = kind
	rebuilt := s.Token007()
	slices.SortStableFunc(rebuilt.Services, compareServiceType)
	if !sameServices(rebuilt.Services, t.Services) {
		return Spec{}, errorf(ErrInvalidService, "the token's %s privileges are not what any official builder writes", key)
	}
	return s, nil
}

func (s *Spec) setUID(uid string) {
	if v, ok := numericUID(uid); ok {
		s.UID = v
	} else {
		s.Account = uid
	}
}

// rtcPrivileges chooses between role-based and per-privilege RTC inputs.
func (s *Spec) rtcPrivileges(rtc *Service) {
	join, _ := rtc.Privilege(PrivJoinChannel)
	audio, hasAudio := rtc.Privilege(PrivPublishAudioStream)
	video, _ := rtc.Privilege(PrivPublishVideoStream)
	data, _ := rtc.Privilege(PrivPublishDataStream)
	s.PrivilegeExpire = join
	if !hasAudio {
		s.Role = RoleSubscriber
		return
	}
	if audio != join || video != join || data != join {
		s.PerPrivilege = &PrivilegeExpires{Join: join, Audio: audio, Video: video, Data: data}
	}
}

func sameServices(a, b []Service) bool {
	return slices.EqualFunc(a, b, func(x, y Service) bool {
		return x.Type == y.Type && slices.Equal(x.Privileges, y.Privileges) && x.Channel == y.Channel &&
			x.UID == y.UID && x.Account == y.Account && x.UserID == y.UserID && x.RoomUUID == y.RoomUUID &&
			x.UserUUID == y.UserUUID && (x.Type != ServiceAPaaS || x.Role == y.Role) &&
			slices.EqualFunc(x.Permissions, y.Permissions, func(p, q RTM2Resource) bool {
				return p.Type == q.Type && slices.EqualFunc(p.Permissions, q.Permissions, func(m, n RTM2Permission) bool {
					return m.Type == n.Type && slices.Equal(m.Resources, n.Resources)
				})
			})
	})
}
