package token

import "strconv"

// ServiceType identifies a service inside a 007 token.
type ServiceType uint16

// The service types of the 007 format.
const (
	ServiceRTC       ServiceType = 1
	ServiceRTM       ServiceType = 2
	ServiceStreaming ServiceType = 3
	ServiceFPA       ServiceType = 4
	ServiceChat      ServiceType = 5
	ServiceFCDN      ServiceType = 6
	ServiceAPaaS     ServiceType = 7
	ServiceRTM2      ServiceType = 8
	ServiceConvoAI   ServiceType = 9
	ServiceSTT       ServiceType = 10
)

var serviceNames = [...]string{
	ServiceRTC:       "rtc",
	ServiceRTM:       "rtm",
	ServiceStreaming: "streaming",
	ServiceFPA:       "fpa",
	ServiceChat:      "chat",
	ServiceFCDN:      "fcdn",
	ServiceAPaaS:     "apaas",
	ServiceRTM2:      "rtm2",
	ServiceConvoAI:   "convoai",
	ServiceSTT:       "stt",
}

// Known reports whether t is one of the ten service types this package can decode.
func (t ServiceType) Known() bool { return t >= ServiceRTC && t <= ServiceSTT }

// String returns the short lower-case name of the service ("rtc", "rtm2", ...), or "unknown".
func (t ServiceType) String() string {
	if t.Known() {
		return serviceNames[t]
	}
	return "unknown"
}

// Privilege ids of the 007 services, per service.
const (
	PrivJoinChannel        uint16 = 1 // RTC
	PrivPublishAudioStream uint16 = 2 // RTC
	PrivPublishVideoStream uint16 = 3 // RTC
	PrivPublishDataStream  uint16 = 4 // RTC
	PrivLogin              uint16 = 1 // RTM, FPA, RTM2
	PrivPublishMixStream   uint16 = 1 // Streaming
	PrivPublishRawStream   uint16 = 2 // Streaming
	PrivChatUser           uint16 = 1 // Chat
	PrivChatApp            uint16 = 2 // Chat
	PrivFCDNPublish        uint16 = 1 // FCDN
	PrivFCDNPlay           uint16 = 2 // FCDN
	PrivAPaaSRoomUser      uint16 = 1 // APaaS
	PrivAPaaSUser          uint16 = 2 // APaaS
	PrivAPaaSApp           uint16 = 3 // APaaS
)

var privilegeNames007 = map[ServiceType][]string{
	ServiceRTC:       {1: "joinChannel", 2: "publishAudioStream", 3: "publishVideoStream", 4: "publishDataStream"},
	ServiceRTM:       {1: "login"},
	ServiceStreaming: {1: "publishMixStream", 2: "publishRawStream"},
	ServiceFPA:       {1: "login"},
	ServiceChat:      {1: "user", 2: "app"},
	ServiceFCDN:      {1: "publish", 2: "play"},
	ServiceAPaaS:     {1: "roomUser", 2: "user", 3: "app"},
	ServiceRTM2:      {1: "login"},
}

// PrivilegeName returns the name Agora gives privilege id within service t, or "privilege N"
// for an id the service does not define.
func (t ServiceType) PrivilegeName(id uint16) string {
	names := privilegeNames007[t]
	if int(id) < len(names) && names[id] != "" {
		return names[id]
	}
	return "privilege " + strconv.Itoa(int(id))
}

// Privilege ids of the 006 format.
const (
	Priv006JoinChannel         uint16 = 1
	Priv006PublishAudioStream  uint16 = 2
	Priv006PublishVideoStream  uint16 = 3
	Priv006PublishDataStream   uint16 = 4
	Priv006PublishAudioCdn     uint16 = 5
	Priv006PublishVideoCdn     uint16 = 6
	Priv006RequestPublishAudio uint16 = 7
	Priv006RequestPublishVideo uint16 = 8
	Priv006RequestPublishData  uint16 = 9
	Priv006InvitePublishAudio  uint16 = 10
	Priv006InvitePublishVideo  uint16 = 11
	Priv006InvitePublishData   uint16 = 12
	Priv006AdministrateChannel uint16 = 101
	Priv006RtmLogin            uint16 = 1000
)

var privilegeNames006 = map[uint16]string{
	1: "joinChannel", 2: "publishAudioStream", 3: "publishVideoStream", 4: "publishDataStream",
	5: "publishAudioCdn", 6: "publishVideoCdn", 7: "requestPublishAudioStream",
	8: "requestPublishVideoStream", 9: "requestPublishDataStream", 10: "invitePublishAudioStream",
	11: "invitePublishVideoStream", 12: "invitePublishDataStream", 101: "administrateChannel",
	1000: "rtmLogin",
}

// PrivilegeName006 returns the name of a 006 privilege id, or "privilege N" for an unknown one.
func PrivilegeName006(id uint16) string {
	if n, ok := privilegeNames006[id]; ok {
		return n
	}
	return "privilege " + strconv.Itoa(int(id))
}

// Privilege is one entry of a token's privilege map. In a 007 token Value is seconds after the
// issue time; in a 006 token it is an absolute unix time (0 meaning no expiry of its own).
type Privilege struct {
	ID    uint16
	Value uint32
}

// setPrivilege inserts or replaces id in ps, keeping ps sorted by id as both formats require.
func setPrivilege(ps []Privilege, id uint16, value uint32) []Privilege {
	i := 0
	for i < len(ps) && ps[i].ID < id {
		i++
	}
	if i < len(ps) && ps[i].ID == id {
		ps[i].Value = value
		return ps
	}
	ps = append(ps, Privilege{})
	copy(ps[i+1:], ps[i:])
	ps[i] = Privilege{ID: id, Value: value}
	return ps
}

func removePrivilege(ps []Privilege, id uint16) []Privilege {
	for i, p := range ps {
		if p.ID == id {
			return append(ps[:i], ps[i+1:]...)
		}
	}
	return ps
}

// lookupPrivilege returns the value of id in ps and whether it is there.
func lookupPrivilege(ps []Privilege, id uint16) (uint32, bool) {
	for _, p := range ps {
		if p.ID == id {
			return p.Value, true
		}
	}
	return 0, false
}
