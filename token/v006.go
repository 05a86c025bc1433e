package token

import (
	"bytes"
	"crypto/hmac"
	"hash/crc32"
	"slices"
	"sync"
)

// Version006 is the prefix of an AccessToken (006) token.
const Version006 = "006"

// Token006 is a version 006 token (Agora's AccessToken, the seed's SimpleTokenBuilder). It
// holds only the CRC32s of the channel and uid: the names themselves are not in the token.
// Ts is the token's own expiry, and privilege values are absolute unix times.
type Token006 struct {
	AppID      string
	Salt       uint32
	Ts         uint32
	Privileges []Privilege // sorted by ID

	// Set by Parse and Build.
	Signature  []byte
	CRCChannel uint32
	CRCUID     uint32
	// Trailing is how many bytes of a parsed token follow its message or its privileges,
	// which no official builder writes and nothing reads.
	Trailing int

	message []byte
}

// Privilege returns the absolute expiry of privilege id and whether the token holds it.
func (t *Token006) Privilege(id uint16) (uint32, bool) { return lookupPrivilege(t.Privileges, id) }

func (t *Token006) appendMessage(b []byte) []byte {
	b = appendUint32(b, t.Salt)
	b = appendUint32(b, t.Ts)
	return appendPrivileges(b, t.Privileges)
}

// signature006 is HMAC(certificate, appID + channel + uid + message).
func signature006(scratch []byte, certificate, appID, channel, uid string, message []byte) ([32]byte, []byte) {
	var cert [64]byte
	head := append(append(append(make([]byte, 0, 64+len(channel)+len(uid)), appID...), channel...), uid...)
	return hmacSHA256(scratch, append(cert[:0], certificate...), head, message)
}

var build006Pool = sync.Pool{New: func() any { return new(buildState) }}

// Build signs the token for channel and uid (the decimal uid, "" for uid 0, or a user account)
// and returns its text. It checks the App ID and certificate as the official builders do.
func (t *Token006) Build(certificate, channel, uid string) (string, error) {
	if err := ValidateAppID(t.AppID); err != nil {
		return "", err
	}
	if err := ValidateCertificate(certificate); err != nil {
		return "", err
	}
	if len(t.Privileges) > 0xFFFF {
		return "", errorf(ErrInvalidService, "too many privileges for a 006 token")
	}
	st := build006Pool.Get().(*buildState)
	defer build006Pool.Put(st)

	t.CRCChannel = crc32.ChecksumIEEE([]byte(channel))
	t.CRCUID = crc32.ChecksumIEEE([]byte(uid))
	st.content = t.appendMessage(st.content[:0])
	msgLen := len(st.content)
	var sig [32]byte
	sig, st.scratch = signature006(st.scratch, certificate, t.AppID, channel, uid, st.content)
	t.Signature = sig[:]

	// content = str(signature) | crc channel | crc uid | str(message), built after the message.
	st.content = appendBytes(st.content, sig[:])
	st.content = appendUint32(st.content, t.CRCChannel)
	st.content = appendUint32(st.content, t.CRCUID)
	st.content = appendUint16(st.content, uint16(msgLen))
	st.content = append(st.content, st.content[:msgLen]...)

	st.out = append(append(st.out[:0], Version006...), t.AppID...)
	st.out = base64AppendEncode(st.out, st.content[msgLen:])
	return string(st.out), nil
}

// Verify checks the signature of a parsed 006 token. Unlike 007, the signature covers the
// channel and uid, which the token does not hold, so they must be given; an error says when
// their CRC32s show they are not the token's.
func (t *Token006) Verify(certificate, channel, uid string) error {
	if err := ValidateCertificate(certificate); err != nil {
		return err
	}
	message := t.message
	if message == nil {
		message = t.appendMessage(nil)
	}
	sig, _ := signature006(nil, certificate, t.AppID, channel, uid, message)
	if hmac.Equal(sig[:], t.Signature) {
		return nil
	}
	switch {
	case !MatchChannel(t.CRCChannel, channel):
		return errorf(ErrSignature, "the channel %s is not the one this 006 token was built for", Excerpt(channel))
	case !MatchUID(t.CRCUID, uid):
		return errorf(ErrSignature, "the uid %s is not the one this 006 token was built for", Excerpt(uid))
	}
	return errorf(ErrSignature, "the 006 token was not signed with this App Certificate")
}

// parse006 decodes a whole 006 token text.
func parse006(text string) (*Token006, error) {
	const appIDEnd = len(Version006) + 32
	if len(text) < appIDEnd {
		return nil, parseError(ReasonAppIDShort, len(text), "",
			"a 006 token has a 32-character App ID after \"006\", this one ends at byte %d", len(text))
	}
	appID := text[len(Version006):appIDEnd]
	if i := indexNotHex(appID); i >= 0 {
		char := runeAt(appID, i)
		return nil, parseError(ReasonAppIDChar, len(Version006)+i, char,
			"the App ID in a 006 token is 32 hexadecimal characters, byte %d is %s", len(Version006)+i, quoteChar(char))
	}
	raw, err := decodeBase64(nil, text[appIDEnd:], appIDEnd)
	if err != nil {
		return nil, err
	}
	r := &reader{buf: raw}
	t := &Token006{AppID: appID}
	t.Signature = slices.Clone(r.bytes("signature"))
	t.CRCChannel = r.uint32("channel crc")
	t.CRCUID = r.uint32("uid crc")
	msg := r.bytes("message")
	if r.err != nil {
		return nil, r.err
	}
	m := &reader{buf: msg}
	t.Salt = m.uint32("salt")
	t.Ts = m.uint32("ts")
	t.Privileges = m.privileges("privileges")
	if m.err != nil {
		return nil, within("message", m.err)
	}
	t.Trailing = len(r.buf) - r.off + len(m.buf) - m.off
	t.message = bytes.Clone(msg)
	return t, nil
}

func indexNotHex(s string) int {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return i
		}
	}
	return -1
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
