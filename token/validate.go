package token

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of the Agora API on names.
const (
	MaxChannelLength = 64  // bytes
	MaxAccountLength = 255 // bytes
	// MaxLifetime is the longest token lifetime Agora's service accepts: 24 hours.
	MaxLifetime = 24 * 60 * 60
)

// NameCharacters lists the punctuation Agora allows in channel names and user accounts,
// besides ASCII letters, digits and the space.
const NameCharacters = "!#$%&()+-:;<=.>?@[]^_{}|~,"

// ValidateAppID checks that id is 32 hexadecimal characters.
func ValidateAppID(id string) error {
	return checkHex32(ErrInvalidAppID, "an App ID", id, false)
}

// ValidateCertificate checks that cert is 32 hexadecimal characters. The message never
// repeats the certificate, which is a secret.
func ValidateCertificate(cert string) error {
	return checkHex32(ErrInvalidCertificate, "an App Certificate", cert, true)
}

// checkHex32 checks that s is 32 hexadecimal characters. For a secret, the error keeps
// neither the value nor the offending character, only where it is.
func checkHex32(kind error, what, s string, secret bool) error {
	e := InputError{Kind: kind, Field: what}
	if !secret {
		e.Value = s
	}
	switch {
	case s == "":
		e.Problem = ProblemEmpty
	case len(s) != 32:
		e.Problem, e.Length, e.Limit = ProblemLength, utf8.RuneCountInString(s), 32
	default:
		i := indexNotHex(s)
		if i < 0 {
			return nil
		}
		e.Problem, e.Offset = ProblemCharacter, i
		if !secret {
			e.Char = runeAt(s, i)
		}
	}
	return inputError(e)
}

// inputError returns a copy of e on the heap. Making the copy here, on the way out of a
// failed check, keeps a check that passes from allocating: Build validates several inputs
// per token (BenchmarkBuild007, TestBuildingA007TokenAllocatesAtMost8Times).
func inputError(e InputError) error { return &e }

// runeAt is the character at byte i of s, as a string; an invalid byte reads as U+FFFD.
func runeAt(s string, i int) string {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return string(r)
}

// ValidateChannel checks a channel name against the Agora API: 1 to 64 bytes from the
// 89-character set of ASCII letters, digits, space and [NameCharacters].
func ValidateChannel(channel string) error {
	return checkName(ErrInvalidChannel, "a channel name", channel, MaxChannelLength)
}

// ValidateAccount checks a user account (or user id) against the Agora API: 1 to 255 bytes
// from the same character set as channel names.
func ValidateAccount(account string) error {
	return checkName(ErrInvalidAccount, "a user account", account, MaxAccountLength)
}

func checkName(kind error, what, s string, maxLen int) error {
	e := InputError{Kind: kind, Field: what, Value: s}
	switch {
	case s == "":
		e.Problem = ProblemEmpty
	case len(s) > maxLen:
		e.Problem, e.Length, e.Limit = ProblemLength, len(s), maxLen
	default:
		i := IndexInvalidNameChar(s)
		if i < 0 {
			return nil
		}
		e.Problem, e.Offset, e.Char = ProblemCharacter, i, runeAt(s, i)
	}
	return inputError(e)
}

// IndexInvalidNameChar returns the byte index of the first character of s that Agora does not
// allow in a channel name or account, or -1.
func IndexInvalidNameChar(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' {
			continue
		}
		if c < utf8.RuneSelf && strings.IndexByte(NameCharacters, c) >= 0 {
			continue
		}
		return i
	}
	return -1
}

// ParseUID reads a numeric uid: a whole number from 0 to 4294967295, written without sign.
func ParseUID(s string) (uint32, error) {
	e := &InputError{Kind: ErrInvalidUID, Field: "a uid", Value: s}
	if s == "" {
		e.Problem = ProblemEmpty
		return 0, e
	}
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		e.Problem = ProblemNotNumber
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			e.Problem, e.Limit = ProblemRange, 0xFFFFFFFF
		}
		return 0, e
	}
	return uint32(v), nil
}

// UIDString is how a numeric uid is written into a token: "" for uid 0 (any user), otherwise
// its decimal form.
func UIDString(uid uint32) string {
	if uid == 0 {
		return ""
	}
	return strconv.FormatUint(uint64(uid), 10)
}

// checkEnd refuses a lifetime whose end does not fit the format's 32-bit unix time.
func checkEnd(what string, issuedAt, lifetime uint32) error {
	if uint64(issuedAt)+uint64(lifetime) > 0xFFFFFFFF {
		return errorf(ErrInvalidLifetime, "%s of %d seconds after %d ends after the year 2106, past what a token can hold", what, lifetime, issuedAt)
	}
	return nil
}
