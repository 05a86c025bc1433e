package serve

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/tokendesk/tokendesk/token"
)

// wrongSuffix is added to a channel or account to make another one.
const wrongSuffix = "-wrong"

// wrongExpiredAgo is how long before it was served a rehearsed expired token expired.
const wrongExpiredAgo = 60

// makeWrong makes spec wrong in one way, or certificate for WrongCertificate. It reports
// whether the kind of wrong applies to the token: a chat app token has no uid to get wrong,
// and only an RTC token has a channel and a role.
func makeWrong(spec *token.Spec, w Wrong, certificate *string) (bool, error) {
	rtc := spec.Kind == token.KindRTC
	switch w {
	case WrongUID:
		switch {
		case rtc && spec.Account != "":
			spec.Account = otherName(spec.Account, token.MaxAccountLength)
		case rtc:
			spec.UID = otherUID(spec.UID)
		case spec.UserID != "":
			spec.UserID = otherName(spec.UserID, token.MaxAccountLength)
		default:
			return false, nil
		}
	case WrongChannel:
		if !rtc {
			return false, nil
		}
		spec.Channel = otherName(spec.Channel, token.MaxChannelLength)
	case WrongRole:
		if !rtc {
			return false, nil
		}
		if spec.Role == token.RoleSubscriber {
			spec.Role = token.RolePublisher
		} else {
			spec.Role = token.RoleSubscriber
		}
	case WrongCertificate:
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return false, err
		}
		*certificate = hex.EncodeToString(b)
	case WrongExpired:
		back := int64(spec.Expire) + wrongExpiredAgo
		if int64(spec.IssuedAt) < back {
			return false, nil
		}
		spec.IssuedAt -= uint32(back)
	default:
		return false, nil
	}
	return true, nil
}

// otherUID is a uid that is not u, and not 0 (which any user may join with).
func otherUID(u uint32) uint32 {
	if u == 0xFFFFFFFF {
		return u - 1
	}
	return u + 1
}

// otherName is a channel or account that is not name and still follows Agora's rules.
func otherName(name string, limit int) string {
	if len(name)+len(wrongSuffix) <= limit {
		return name + wrongSuffix
	}
	last := byte('x')
	if name[len(name)-1] == 'x' {
		last = 'y'
	}
	return name[:len(name)-1] + string(last)
}
