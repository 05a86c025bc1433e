package token

import (
	"time"
)

// SimpleTokenBuilder is the seed-era 006 builder: it holds the App ID, certificate, channel
// and uid, and a token whose salt, expiry and privileges can be set, restored from an earlier
// token with InitTokenBuilder, and built.
type SimpleTokenBuilder struct {
	AppCertificate string
	ChannelName    string
	UIDString      string
	Token          Token006
}

// CreateSimpleTokenBuilder returns a builder for a numeric uid (0 for any user), issued now
// with a random salt and, as every official builder does, a 24-hour expiry.
func CreateSimpleTokenBuilder(appID, appCertificate, channelName string, uid uint32) *SimpleTokenBuilder {
	return CreateSimpleTokenBuilder2(appID, appCertificate, channelName, UIDString(uid))
}

// CreateSimpleTokenBuilder2 returns a builder for a user account.
func CreateSimpleTokenBuilder2(appID, appCertificate, channelName, userAccount string) *SimpleTokenBuilder {
	salt, err := NewSalt()
	if err != nil {
		// The system's random source failing is not something a caller can recover from
		// here; BuildToken still works with salt 1 and a test sees the difference.
		salt = 1
	}
	return &SimpleTokenBuilder{
		AppCertificate: appCertificate,
		ChannelName:    channelName,
		UIDString:      userAccount,
		Token: Token006{
			AppID: appID,
			Salt:  salt,
			Ts:    uint32(time.Now().Unix()) + Lifetime006,
		},
	}
}

// InitPrivileges replaces the privileges with the role's table, every value 0.
func (b *SimpleTokenBuilder) InitPrivileges(role SimpleRole) error {
	ids, ok := simpleRolePrivileges[role]
	if !ok {
		return errorf(ErrInvalidRole, "the SimpleTokenBuilder roles are 1 (attendee) to 4 (admin), not %d", role)
	}
	b.Token.Privileges = b.Token.Privileges[:0]
	for _, id := range ids {
		b.Token.Privileges = setPrivilege(b.Token.Privileges, id, 0)
	}
	return nil
}

// SetPrivilege grants privilege id until the absolute unix time expireTimestamp (0: no expiry
// of its own).
func (b *SimpleTokenBuilder) SetPrivilege(id uint16, expireTimestamp uint32) {
	b.Token.Privileges = setPrivilege(b.Token.Privileges, id, expireTimestamp)
}

// RemovePrivilege takes privilege id away.
func (b *SimpleTokenBuilder) RemovePrivilege(id uint16) {
	b.Token.Privileges = removePrivilege(b.Token.Privileges, id)
}

// InitTokenBuilder restores the salt, expiry and privileges of an earlier 006 token, so that
// BuildToken reproduces it exactly. It refuses a token of another App ID, or one whose channel
// or uid CRC32 shows it was built for another channel or uid than the builder holds.
func (b *SimpleTokenBuilder) InitTokenBuilder(originToken string) error {
	p, err := Parse(Clean(originToken))
	if err != nil {
		return err
	}
	t := p.V006
	if t == nil {
		return errorf(ErrUnsupportedVersion, "InitTokenBuilder takes a 006 token, this one is %s", p.Version())
	}
	switch {
	case t.AppID != b.Token.AppID:
		return errorf(ErrMismatch, "the token is for App ID %s, the builder holds %s", t.AppID, b.Token.AppID)
	case !MatchChannel(t.CRCChannel, b.ChannelName):
		return errorf(ErrMismatch, "the token was built for another channel than %s", Excerpt(b.ChannelName))
	case !MatchUID(t.CRCUID, b.UIDString):
		return errorf(ErrMismatch, "the token was built for another uid than %s", Excerpt(b.UIDString))
	}
	b.Token.Salt, b.Token.Ts = t.Salt, t.Ts
	b.Token.Privileges = append(b.Token.Privileges[:0], t.Privileges...)
	return nil
}

// BuildToken signs and returns the token.
func (b *SimpleTokenBuilder) BuildToken() (string, error) {
	return b.Token.Build(b.AppCertificate, b.ChannelName, b.UIDString)
}
