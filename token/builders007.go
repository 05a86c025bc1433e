package token

import (
	"crypto/md5"
	"encoding/hex"
)

// The constructors below return the services that Agora's official 007 builders put in a
// token, so that a Token007 holding them signs to the same content. Lifetimes are seconds
// after the token's issue time.

// NewRTCService is the RTC service of buildTokenWithUid and buildTokenWithUserAccount: join
// always, and the three publish privileges for a publisher, all with privilegeExpire. uid is
// the uid string: "" for uid 0, the decimal uid, or a user account (see [UIDString]).
func NewRTCService(channel, uid string, role Role, privilegeExpire uint32) Service {
	s := Service{Type: ServiceRTC, Channel: channel, UID: uid}
	s.SetPrivilege(PrivJoinChannel, privilegeExpire)
	if role == RolePublisher {
		s.SetPrivilege(PrivPublishAudioStream, privilegeExpire)
		s.SetPrivilege(PrivPublishVideoStream, privilegeExpire)
		s.SetPrivilege(PrivPublishDataStream, privilegeExpire)
	}
	return s
}

// PrivilegeExpires holds the four lifetimes of buildTokenWithUidAndPrivilege, in seconds.
type PrivilegeExpires struct {
	Join  uint32 `json:"join"`
	Audio uint32 `json:"audio"`
	Video uint32 `json:"video"`
	Data  uint32 `json:"data"`
}

// NewRTCServiceWithPrivileges is the RTC service of buildTokenWithUidAndPrivilege: each of
// the four privileges with its own lifetime.
func NewRTCServiceWithPrivileges(channel, uid string, e PrivilegeExpires) Service {
	return Service{Type: ServiceRTC, Channel: channel, UID: uid, Privileges: []Privilege{
		{PrivJoinChannel, e.Join},
		{PrivPublishAudioStream, e.Audio},
		{PrivPublishVideoStream, e.Video},
		{PrivPublishDataStream, e.Data},
	}}
}

// NewRTMService is the service of the RTM builder: login for userID.
func NewRTMService(userID string, expire uint32) Service {
	return Service{Type: ServiceRTM, UserID: userID, Privileges: []Privilege{{PrivLogin, expire}}}
}

// NewRTM2Service is an RTM2 login for userID with the given resource permissions.
func NewRTM2Service(userID string, expire uint32, permissions []RTM2Resource) Service {
	return Service{Type: ServiceRTM2, UserID: userID, Privileges: []Privilege{{PrivLogin, expire}}, Permissions: permissions}
}

// NewChatUserService is the service of the Chat buildUserToken.
func NewChatUserService(userID string, expire uint32) Service {
	return Service{Type: ServiceChat, UserID: userID, Privileges: []Privilege{{PrivChatUser, expire}}}
}

// NewChatAppService is the service of the Chat buildAppToken.
func NewChatAppService(expire uint32) Service {
	return Service{Type: ServiceChat, Privileges: []Privilege{{PrivChatApp, expire}}}
}

// NewFPAService is the service of the FPA builder: login with value 0. The official builder
// gives the token itself a 24-hour lifetime.
func NewFPAService() Service {
	return Service{Type: ServiceFPA, Privileges: []Privilege{{PrivLogin, 0}}}
}

// NewStreamingService grants both streaming privileges on channel to account.
func NewStreamingService(channel, account string, expire uint32) Service {
	return Service{Type: ServiceStreaming, Channel: channel, Account: account,
		Privileges: []Privilege{{PrivPublishMixStream, expire}, {PrivPublishRawStream, expire}}}
}

// NewFCDNService grants play on channel to account, and publish too for a publisher.
func NewFCDNService(channel, account string, role Role, expire uint32) Service {
	s := Service{Type: ServiceFCDN, Channel: channel, Account: account}
	if role == RolePublisher {
		s.SetPrivilege(PrivFCDNPublish, expire)
	}
	s.SetPrivilege(PrivFCDNPlay, expire)
	return s
}

// NewAPaaSRoomUserServices are the services of the APaaS buildRoomUserToken: the room-user
// privilege, an RTM login for userUUID and a Chat user token for the lower-case MD5 of
// userUUID, which is how Flexible Classroom names its chat users.
func NewAPaaSRoomUserServices(roomUUID, userUUID string, role int16, expire uint32) []Service {
	sum := md5.Sum([]byte(userUUID))
	return []Service{
		{Type: ServiceAPaaS, RoomUUID: roomUUID, UserUUID: userUUID, Role: role,
			Privileges: []Privilege{{PrivAPaaSRoomUser, expire}}},
		NewRTMService(userUUID, expire),
		NewChatUserService(hex.EncodeToString(sum[:]), expire),
	}
}

// NewAPaaSUserService is the service of the APaaS buildUserToken.
func NewAPaaSUserService(userUUID string, expire uint32) Service {
	return Service{Type: ServiceAPaaS, UserUUID: userUUID, Role: -1, Privileges: []Privilege{{PrivAPaaSUser, expire}}}
}

// NewAPaaSAppService is the service of the APaaS buildAppToken.
func NewAPaaSAppService(expire uint32) Service {
	return Service{Type: ServiceAPaaS, Role: -1, Privileges: []Privilege{{PrivAPaaSApp, expire}}}
}
