package token

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Version007 is the prefix of an AccessToken2 token.
const Version007 = "007"

// maxInflated caps what a 007 token may inflate to. Real tokens are a few hundred bytes; the
// cap keeps a hostile "zip bomb" from taking memory or time.
const maxInflated = 32 << 10

// Token007 is a version 007 token (Agora's AccessToken2): who issued it, when, for how long,
// and the services it grants. Expire is seconds after IssuedAt.
//
// To build one, fill AppID, IssuedAt, Expire, Salt and Services and call [Token007.Build];
// the builders in builders007.go do this the way Agora's official builders do. [Parse] fills
// the remaining fields.
type Token007 struct {
	AppID    string
	IssuedAt uint32
	Expire   uint32
	Salt     uint32
	Services []Service

	// Signature is the signature read from a parsed token.
	Signature []byte
	// Unknown is set when parsing met a service type this package does not know. Services
	// then holds what was decoded before it; nothing after it can be read, since the length
	// of an unknown service is not written anywhere.
	Unknown *UnknownService
	// Trailing is how many bytes of a parsed token follow its last service, which no
	// official builder writes and nothing reads.
	Trailing int

	signingInfo []byte
}

// UnknownService describes a service type that Parse could not decode.
type UnknownService struct {
	Type   uint16
	Offset int // byte offset of the service in the inflated content
}

// Service is one service of a 007 token. Which fields are written depends on Type:
//
//	RTC            Channel, UID
//	RTM, Chat      UserID
//	Streaming,FCDN Channel, Account
//	APaaS          RoomUUID, UserUUID, Role (-1 when unset)
//	RTM2           UserID, Permissions
//	FPA, ConvoAI, STT  nothing
type Service struct {
	Type        ServiceType
	Privileges  []Privilege // sorted by ID
	Channel     string
	UID         string // "" for uid 0, the decimal uid, or a user account
	Account     string
	UserID      string
	RoomUUID    string
	UserUUID    string
	Role        int16
	Permissions []RTM2Resource // sorted by Type
}

// RTM2Resource lists the RTM2 permissions on one resource type (0 messageChannels,
// 1 streamChannels, 2 groupChannels, 3 serverGroups, 4 users).
type RTM2Resource struct {
	Type        uint16
	Permissions []RTM2Permission // sorted by Type
}

// RTM2Permission grants one permission type (0 read, 1 write) on the named resources.
type RTM2Permission struct {
	Type      uint16
	Resources []string
}

// RTM2 resource and permission type names, indexed by their ids.
var (
	RTM2ResourceNames   = []string{"messageChannels", "streamChannels", "groupChannels", "serverGroups", "users"}
	RTM2PermissionNames = []string{"read", "write"}
)

// Privilege returns the value of privilege id and whether the service holds it.
func (s *Service) Privilege(id uint16) (uint32, bool) { return lookupPrivilege(s.Privileges, id) }

// SetPrivilege grants privilege id with a lifetime in seconds after the token's issue time.
func (s *Service) SetPrivilege(id uint16, value uint32) {
	s.Privileges = setPrivilege(s.Privileges, id, value)
}

// RemovePrivilege takes privilege id away, if the service has it.
func (s *Service) RemovePrivilege(id uint16) { s.Privileges = removePrivilege(s.Privileges, id) }

func (s *Service) appendTo(b []byte) []byte {
	b = appendUint16(b, uint16(s.Type))
	b = appendPrivileges(b, s.Privileges)
	switch s.Type {
	case ServiceRTC:
		b = appendString(b, s.Channel)
		b = appendString(b, s.UID)
	case ServiceRTM, ServiceChat:
		b = appendString(b, s.UserID)
	case ServiceStreaming, ServiceFCDN:
		b = appendString(b, s.Channel)
		b = appendString(b, s.Account)
	case ServiceAPaaS:
		b = appendString(b, s.RoomUUID)
		b = appendString(b, s.UserUUID)
		b = appendUint16(b, uint16(s.Role))
	case ServiceRTM2:
		b = appendString(b, s.UserID)
		b = appendUint16(b, uint16(len(s.Permissions)))
		for _, res := range s.Permissions {
			b = appendUint16(b, res.Type)
			b = appendUint16(b, uint16(len(res.Permissions)))
			for _, p := range res.Permissions {
				b = appendUint16(b, p.Type)
				b = appendUint16(b, uint16(len(p.Resources)))
				for _, name := range p.Resources {
					b = appendString(b, name)
				}
			}
		}
	}
	return b
}

func (s *Service) readFrom(r *reader) {
	s.Privileges = r.privileges("privileges")
	switch s.Type {
	case ServiceRTC:
		s.Channel = r.string("rtc channel")
		s.UID = r.string("rtc uid")
	case ServiceRTM, ServiceChat:
		s.UserID = r.string(s.Type.String() + " user id")
	case ServiceStreaming, ServiceFCDN:
		s.Channel = r.string(s.Type.String() + " channel")
		s.Account = r.string(s.Type.String() + " account")
	case ServiceAPaaS:
		s.RoomUUID = r.string("apaas room uuid")
		s.UserUUID = r.string("apaas user uuid")
		s.Role = int16(r.uint16("apaas role"))
	case ServiceRTM2:
		s.UserID = r.string("rtm2 user id")
		n := int(r.uint16("rtm2 resource type count"))
		for i := 0; i < n && r.err == nil; i++ {
			res := RTM2Resource{Type: r.uint16("rtm2 resource type")}
			m := int(r.uint16("rtm2 permission count"))
			for j := 0; j < m && r.err == nil; j++ {
				p := RTM2Permission{Type: r.uint16("rtm2 permission type")}
				k := int(r.uint16("rtm2 resource count"))
				for l := 0; l < k && r.err == nil; l++ {
					p.Resources = append(p.Resources, r.string("rtm2 resource"))
				}
				res.Permissions = append(res.Permissions, p)
			}
			s.Permissions = append(s.Permissions, res)
		}
	}
}

// ExpiresAt returns the unix time at which the token stops being accepted.
func (t *Token007) ExpiresAt() int64 { return int64(t.IssuedAt) + int64(t.Expire) }

// Service returns the first service of type typ, or nil.
func (t *Token007) Service(typ ServiceType) *Service {
	for i := range t.Services {
		if t.Services[i].Type == typ {
			return &t.Services[i]
		}
	}
	return nil
}

func (t *Token007) appendSigningInfo(b []byte) []byte {
	b = appendString(b, t.AppID)
	b = appendUint32(b, t.IssuedAt)
	b = appendUint32(b, t.Expire)
	b = appendUint32(b, t.Salt)
	b = appendUint16(b, uint16(len(t.Services)))
	if slices.IsSortedFunc(t.Services, compareServiceType) {
		for i := range t.Services {
			b = t.Services[i].appendTo(b)
		}
		return b
	}
	// Services are packed by ascending type; a stable sort keeps two of one type in the order
	// they were added, as the official builders do.
	sorted := slices.Clone(t.Services)
	slices.SortStableFunc(sorted, compareServiceType)
	for i := range sorted {
		b = sorted[i].appendTo(b)
	}
	return b
}

func compareServiceType(a, b Service) int { return int(a.Type) - int(b.Type) }

// buildState is the scratch memory of one build, pooled so that building allocates little
// more than the final string.
type buildState struct {
	content    []byte
	scratch    []byte
	compressed bytes.Buffer
	zw         *zlib.Writer
	out        []byte
}

var buildPool = sync.Pool{New: func() any { return new(buildState) }}

// Build signs the token with the App Certificate and returns its text: "007" followed by the
// base64 of the zlib-compressed content. It checks the App ID and certificate, the only inputs
// every official builder checks; [Spec.Build] applies the stricter rules of the Agora API.
func (t *Token007) Build(certificate string) (string, error) {
	if err := ValidateAppID(t.AppID); err != nil {
		return "", err
	}
	if err := ValidateCertificate(certificate); err != nil {
		return "", err
	}
	if err := t.checkLengths(); err != nil {
		return "", err
	}
	st := buildPool.Get().(*buildState)
	defer buildPool.Put(st)

	// Leave room for str(signature) in front of signing_info so the content is built in place.
	st.content = append(st.content[:0], make([]byte, 2+32)...)
	st.content = t.appendSigningInfo(st.content)
	var sig [32]byte
	sig, st.scratch = signature007(st.scratch, certificate, t.IssuedAt, t.Salt, st.content[34:])
	st.content[0], st.content[1] = 32, 0
	copy(st.content[2:34], sig[:])

	st.compressed.Reset()
	if st.zw == nil {
		st.zw, _ = zlib.NewWriterLevel(&st.compressed, compressionLevel)
	} else {
		st.zw.Reset(&st.compressed)
	}
	st.zw.Write(st.content) // writes to a bytes.Buffer cannot fail
	st.zw.Close()

	st.out = append(st.out[:0], Version007...)
	st.out = base64AppendEncode(st.out, st.compressed.Bytes())
	return string(st.out), nil
}

// compressionLevel is zlib's default, the level of the official builders: BestSpeed would
// build faster but makes some tokens 15-20 % longer than Agora's.
const compressionLevel = zlib.DefaultCompression

// checkLengths refuses strings that do not fit the format's u16 lengths and counts.
func (t *Token007) checkLengths() error {
	const max = 0xFFFF
	if len(t.Services) > max {
		return errorf(ErrInvalidService, "%d services do not fit a 007 token", len(t.Services))
	}
	for _, s := range t.Services {
		for _, f := range [...]string{s.Channel, s.UID, s.Account, s.UserID, s.RoomUUID, s.UserUUID} {
			if len(f) > max {
				return errorf(ErrInvalidService, "a %s field of %d bytes does not fit a 007 token", s.Type, len(f))
			}
		}
		if len(s.Privileges) > max || len(s.Permissions) > max {
			return errorf(ErrInvalidService, "too many entries in a %s service", s.Type)
		}
	}
	return nil
}

// Verify checks the signature of a parsed token against an App Certificate. It returns nil,
// an error wrapping ErrInvalidCertificate for a certificate that is not 32 hex characters, or
// an error wrapping ErrSignature. The comparison takes constant time.
func (t *Token007) Verify(certificate string) error {
	if err := ValidateCertificate(certificate); err != nil {
		return err
	}
	info := t.signingInfo
	if info == nil {
		info = t.appendSigningInfo(nil)
	}
	sig, _ := signature007(nil, certificate, t.IssuedAt, t.Salt, info)
	if !hmac.Equal(sig[:], t.Signature) {
		return errorf(ErrSignature, "the 007 token was not signed with this App Certificate")
	}
	return nil
}

type inflateState struct {
	in  bytes.Reader
	zr  io.ReadCloser
	out []byte
	raw []byte
}

var inflatePool = sync.Pool{New: func() any { return new(inflateState) }}

// parse007 decodes the text after "007".
func parse007(body string) (*Token007, error) {
	st := inflatePool.Get().(*inflateState)
	defer inflatePool.Put(st)

	var err error
	st.raw, err = decodeBase64(st.raw[:0], body, len(Version007))
	if err != nil {
		return nil, err
	}
	st.in.Reset(st.raw)
	if st.zr == nil {
		st.zr, err = zlib.NewReader(&st.in)
	} else {
		err = st.zr.(zlib.Resetter).Reset(&st.in, nil)
	}
	if err != nil {
		return nil, parseError(ReasonNotZlib, -1, "", "the content after \"007\" is not zlib data (%v)", cleanZlibError(err))
	}
	st.out = st.out[:0]
	for {
		if len(st.out) == cap(st.out) {
			st.out = slices.Grow(st.out, 512)
		}
		n, rerr := st.zr.Read(st.out[len(st.out):cap(st.out)])
		st.out = st.out[:len(st.out)+n]
		if len(st.out) > maxInflated {
			return nil, parseError(ReasonTooLarge, -1, "", "the content inflates past %d bytes, far more than any token", maxInflated)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, parseError(ReasonZlibDamaged, -1, "", "the zlib data is damaged (%v)", cleanZlibError(rerr))
		}
	}
	return parseContent007(st.out)
}

func cleanZlibError(err error) string {
	return strings.TrimPrefix(strings.TrimPrefix(err.Error(), "zlib: "), "flate: ")
}

// parseContent007 decodes inflated 007 content. It copies what it keeps, so content may be
// reused by the caller.
func parseContent007(content []byte) (*Token007, error) {
	r := &reader{buf: content}
	t := &Token007{}
	t.Signature = bytes.Clone(r.bytes("signature"))
	start := r.off
	t.AppID = r.string("app id")
	t.IssuedAt = r.uint32("issue time")
	t.Expire = r.uint32("expire")
	t.Salt = r.uint32("salt")
	n := int(r.uint16("service count"))
	if r.err != nil {
		return nil, r.err
	}
	t.Services = make([]Service, 0, min(n, 16))
	for i := 0; i < n; i++ {
		offset := r.off
		typ := r.uint16("service type")
		if r.err != nil {
			break
		}
		if !ServiceType(typ).Known() {
			t.Unknown = &UnknownService{Type: typ, Offset: offset}
			// The signature covers everything after the signature, decoded or not.
			r.off = len(r.buf)
			break
		}
		s := Service{Type: ServiceType(typ), Role: -1}
		s.readFrom(r)
		if r.err != nil {
			return nil, within(fmt.Sprintf("service %d (%s)", i+1, s.Type), r.err)
		}
		t.Services = append(t.Services, s)
	}
	if r.err != nil {
		return nil, r.err
	}
	t.signingInfo = bytes.Clone(content[start:r.off])
	t.Trailing = len(r.buf) - r.off
	return t, nil
}

// Content007 returns the inflated content of a built or parsed token: str(signature) followed by
// the signing info. Two 007 tokens are the same token when their contents are equal, whatever
// zlib produced.
func Content007(text string) ([]byte, error) {
	body, ok := strings.CutPrefix(text, Version007)
	if !ok {
		return nil, &ParseError{Kind: ErrUnsupportedVersion, Reason: ReasonVersion, Offset: -1, Char: startOf(text),
			detail: "a 007 token starts with \"007\""}
	}
	t, err := parse007(body)
	if err != nil {
		return nil, err
	}
	b := appendBytes(nil, t.Signature)
	return append(b, t.signingInfo...), nil
}
