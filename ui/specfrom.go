package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/tokendesk/tokendesk/token"
)

// errNotReproducible says a decoded token has a shape none of the builders makes.
var errNotReproducible = errors.New("this token was not made by one of the builders TokenDesk knows, so the form cannot reproduce it")

// specFromToken works out the spec that builds a parsed 007 token again, byte for byte: the
// kind from its set of services, the role from its privileges, per-privilege lifetimes when
// they differ, and its issue time, salt and lifetime. It checks its answer by rebuilding the
// token's content from the spec.
func specFromToken(t *token.Token007) (token.Spec, error) {
	spec := token.Spec{Format: token.Version007, AppID: t.AppID, IssuedAt: t.IssuedAt, Expire: t.Expire, Salt: t.Salt}
	if t.Unknown != nil {
		return spec, fmt.Errorf("%w: it holds service type %d, which TokenDesk does not know", errNotReproducible, t.Unknown.Type)
	}
	types := make([]token.ServiceType, len(t.Services))
	for i, s := range t.Services {
		types[i] = s.Type
	}
	rtc := t.Service(token.ServiceRTC)
	is := func(want ...token.ServiceType) bool { return slices.Equal(types, want) }
	switch {
	case is(token.ServiceRTC):
		spec.Kind = token.KindRTC
		rtcSpec(&spec, rtc)
	case is(token.ServiceRTC, token.ServiceRTM):
		spec.Kind = token.KindRTCRTM
		rtcSpec(&spec, rtc)
		spec.UserID = t.Service(token.ServiceRTM).UserID
	case is(token.ServiceRTC, token.ServiceRTM, token.ServiceConvoAI), is(token.ServiceRTC, token.ServiceRTM, token.ServiceSTT):
		spec.Kind = token.KindConvoAI
		if types[2] == token.ServiceSTT {
			spec.Kind = token.KindSTT
		}
		rtcSpec(&spec, rtc)
		rtm := t.Service(token.ServiceRTM)
		spec.UserID = rtm.UserID
		if v, ok := rtm.Privilege(token.PrivLogin); ok {
			spec.PrivilegeExpire = v
		}
		if len(rtc.Privileges) == 1 {
			// The RTC service of a subscriber agent keeps only join; its lifetime is the RTM one.
			spec.Role = token.RoleSubscriber
		}
	case is(token.ServiceRTM):
		spec.Kind = token.KindRTM
		spec.UserID = t.Services[0].UserID
		spec.PrivilegeExpire = firstValue(&t.Services[0])
	case is(token.ServiceRTM2):
		spec.Kind = token.KindRTM2
		spec.UserID = t.Services[0].UserID
		spec.PrivilegeExpire = firstValue(&t.Services[0])
		spec.RTM2 = t.Services[0].Permissions
	case is(token.ServiceChat):
		s := &t.Services[0]
		spec.Kind = token.KindChatUser
		if _, app := s.Privilege(token.PrivChatApp); app {
			spec.Kind = token.KindChatApp
		}
		spec.UserID = s.UserID
		spec.PrivilegeExpire = firstValue(s)
	case is(token.ServiceFPA):
		spec.Kind = token.KindFPA
	case is(token.ServiceRTM, token.ServiceChat, token.ServiceAPaaS):
		a := t.Service(token.ServiceAPaaS)
		spec.Kind = token.KindAPaaSRoomUser
		spec.RoomUUID, spec.UserID, spec.APaaSRole = a.RoomUUID, a.UserUUID, a.Role
		spec.PrivilegeExpire = firstValue(a)
	case is(token.ServiceAPaaS):
		a := &t.Services[0]
		spec.Kind = token.KindAPaaSUser
		if _, app := a.Privilege(token.PrivAPaaSApp); app {
			spec.Kind = token.KindAPaaSApp
		}
		spec.UserID = a.UserUUID
		spec.PrivilegeExpire = firstValue(a)
	case is(token.ServiceStreaming):
		s := &t.Services[0]
		spec.Kind = token.KindStreaming
		spec.Channel = s.Channel
		setUID(&spec, s.Account)
		spec.PrivilegeExpire = firstValue(s)
	case is(token.ServiceFCDN):
		s := &t.Services[0]
		spec.Kind = token.KindFCDN
		spec.Channel = s.Channel
		setUID(&spec, s.Account)
		spec.Role = token.RoleSubscriber
		if _, ok := s.Privilege(token.PrivFCDNPublish); ok {
			spec.Role = token.RolePublisher
		}
		spec.PrivilegeExpire, _ = s.Privilege(token.PrivFCDNPlay)
	default:
		return spec, errNotReproducible
	}
	if spec.Role == 0 {
		spec.Role = token.RolePublisher
	}
	if !sameContent(spec.Token007(), t) {
		return spec, errNotReproducible
	}
	return spec, nil
}

// rtcSpec reads channel, uid, role and privilege lifetimes from an RTC service.
func rtcSpec(spec *token.Spec, rtc *token.Service) {
	spec.Channel = rtc.Channel
	setUID(spec, rtc.UID)
	join, _ := rtc.Privilege(token.PrivJoinChannel)
	spec.PrivilegeExpire = join
	audio, hasAudio := rtc.Privilege(token.PrivPublishAudioStream)
	video, _ := rtc.Privilege(token.PrivPublishVideoStream)
	data, _ := rtc.Privilege(token.PrivPublishDataStream)
	switch {
	case !hasAudio:
		spec.Role = token.RoleSubscriber
	case audio == join && video == join && data == join:
		spec.Role = token.RolePublisher
	default:
		spec.Role = token.RolePublisher
		spec.PerPrivilege = &token.PrivilegeExpires{Join: join, Audio: audio, Video: video, Data: data}
	}
}

// setUID reads a uid string as the token writes it: "" for uid 0, a decimal uid, or an
// account.
func setUID(spec *token.Spec, uid string) {
	if uid == "" {
		return
	}
	if v, err := strconv.ParseUint(uid, 10, 32); err == nil && uid[0] != '0' {
		spec.UID = uint32(v)
		return
	}
	spec.Account = uid
}

func firstValue(s *token.Service) uint32 {
	if len(s.Privileges) == 0 {
		return 0
	}
	return s.Privileges[0].Value
}

// sameContent reports whether two tokens sign the same content: same header and services,
// field by field, in the order the format packs them.
func sameContent(a, b *token.Token007) bool {
	if a.AppID != b.AppID || a.IssuedAt != b.IssuedAt || a.Expire != b.Expire || a.Salt != b.Salt ||
		len(a.Services) != len(b.Services) {
		return false
	}
	sa, sb := sortedServices(a), sortedServices(b)
	for i := range sa {
		x, y := &sa[i], &sb[i]
		if x.Type != y.Type || !slices.Equal(x.Privileges, y.Privileges) || x.Channel != y.Channel || x.UID != y.UID ||
			x.Account != y.Account || x.UserID != y.UserID || x.RoomUUID != y.RoomUUID || x.UserUUID != y.UserUUID {
			return false
		}
		// Only APaaS writes a role, and only RTM2 writes permissions.
		if x.Type == token.ServiceAPaaS && x.Role != y.Role {
			return false
		}
		if x.Type == token.ServiceRTM2 && !slices.EqualFunc(x.Permissions, y.Permissions, sameResource) {
			return false
		}
	}
	return true
}

func sortedServices(t *token.Token007) []token.Service {
	s := slices.Clone(t.Services)
	slices.SortStableFunc(s, func(a, b token.Service) int { return int(a.Type) - int(b.Type) })
	return s
}

func sameResource(a, b token.RTM2Resource) bool {
	return a.Type == b.Type && slices.EqualFunc(a.Permissions, b.Permissions, func(x, y token.RTM2Permission) bool {
		return x.Type == y.Type && slices.Equal(x.Resources, y.Resources)
	})
}

// specFrom006 is the spec that rebuilds a 006 token for the channel and uid it was built for,
// which the token itself does not hold: its salt, issue time (every builder issues a 006
// token 24 hours before it expires) and privileges as written.
func specFrom006(t *token.Token006, channel, uid string) (token.Spec, error) {
	if t.Ts < token.Lifetime006 {
		return token.Spec{}, errors.New("this 006 token expires less than 24 hours after 1970, so its issue time cannot be worked out")
	}
	spec := token.Spec{
		Format:        token.Version006,
		AppID:         t.AppID,
		Salt:          t.Salt,
		IssuedAt:      t.Ts - token.Lifetime006,
		Expire:        token.Lifetime006,
		Privileges006: slices.Clone(t.Privileges),
		Role:          token.RoleSubscriber,
	}
	_, join := t.Privilege(token.Priv006JoinChannel)
	_, rtmLogin := t.Privilege(token.Priv006RtmLogin)
	if _, audio := t.Privilege(token.Priv006PublishAudioStream); audio {
		spec.Role = token.RolePublisher
	}
	lifetime := func(id uint16) uint32 {
		if v, ok := t.Privilege(id); ok && v > spec.IssuedAt {
			return v - spec.IssuedAt
		}
		return 0
	}
	if rtmLogin && !join {
		spec.Kind = token.KindRTM
		spec.UserID = channel
		spec.Role = token.RolePublisher
		spec.PrivilegeExpire = lifetime(token.Priv006RtmLogin)
	} else {
		spec.Kind = token.KindRTC
		spec.Channel = channel
		setUID(&spec, uid)
		spec.PrivilegeExpire = lifetime(token.Priv006JoinChannel)
	}
	if !token.MatchChannel(t.CRCChannel, channel) {
		return spec, fmt.Errorf("the token was not built for the channel %q", channel)
	}
	if !token.MatchUID(t.CRCUID, spec.UIDString()) {
		return spec, fmt.Errorf("the token was not built for the uid %q", uid)
	}
	return spec, nil
}
