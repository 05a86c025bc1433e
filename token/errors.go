package token

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Errors returned by this package. Detail is wrapped around them with fmt.Errorf and %w, or
// by an [InputError] for an input that breaks a rule of the Agora API, so callers test with
// errors.Is and can still show the whole message to a person.
var (
	// ErrMalformed means the text is not a well-formed token: bad base64, bad zlib, or a field
	// that runs past the end of the data.
	ErrMalformed = errors.New("token: malformed token")
	// ErrUnsupportedVersion means the token does not start with "006" or "007".
	ErrUnsupportedVersion = errors.New("token: unsupported token version")
	// ErrSignature means the signature does not match the certificate and inputs given.
	ErrSignature = errors.New("token: signature does not match")
	// ErrInvalidAppID means an App ID is not 32 hexadecimal characters.
	ErrInvalidAppID = errors.New("token: invalid App ID")
	// ErrInvalidCertificate means an App Certificate is not 32 hexadecimal characters.
	ErrInvalidCertificate = errors.New("token: invalid App Certificate")
	// ErrInvalidChannel means a channel name is empty, too long or uses a character Agora refuses.
	ErrInvalidChannel = errors.New("token: invalid channel name")
	// ErrInvalidAccount means a user account or user id is empty, too long or uses a character
	// Agora refuses.
	ErrInvalidAccount = errors.New("token: invalid user account")
	// ErrInvalidUID means a uid is not a whole number from 0 to 4294967295.
	ErrInvalidUID = errors.New("token: invalid uid")
	// ErrInvalidLifetime means a lifetime or time is out of range, for example one that would
	// overflow the 32-bit timestamps of the format.
	ErrInvalidLifetime = errors.New("token: invalid lifetime")
	// ErrInvalidRole means a role is not one the chosen format and service know.
	ErrInvalidRole = errors.New("token: invalid role")
	// ErrInvalidService means a service name or combination the builders do not support.
	ErrInvalidService = errors.New("token: invalid service")
	// ErrMismatch means a token given to InitTokenBuilder was built for another App ID,
	// channel or uid than the builder holds.
	ErrMismatch = errors.New("token: token does not match the builder")
)

// Problem names the rule of the Agora API an input breaks, in an [InputError].
type Problem int

// Problems of an input.
const (
	// ProblemEmpty: nothing was given.
	ProblemEmpty Problem = iota + 1
	// ProblemLength: the input is not as long as it must be (Length against Limit): an App
	// ID or App Certificate is 32 characters, a channel name at most 64 bytes, a user account
	// at most 255.
	ProblemLength
	// ProblemCharacter: the input holds a character it may not, Char at Offset.
	ProblemCharacter
	// ProblemNotNumber: a uid that is not a whole number written in decimal.
	ProblemNotNumber
	// ProblemRange: a uid larger than 4294967295 (Limit).
	ProblemRange
	// ProblemCertificate: the input is the App Certificate itself, which a token would carry
	// in clear text for anyone who has it to read. Value is empty: it is a secret.
	ProblemCertificate
)

// InputError says what is wrong with an App ID, App Certificate, channel name, user account or
// uid, with the facts a program needs to say it in another language. Error is the English
// sentence, wrapped around Kind as the package's other errors are, and Unwrap returns Kind, so
// errors.Is(err, ErrInvalidChannel) holds as before.
type InputError struct {
	// Kind is the sentinel: ErrInvalidAppID, ErrInvalidCertificate, ErrInvalidChannel,
	// ErrInvalidAccount or ErrInvalidUID.
	Kind    error
	Problem Problem
	// Field names the input as the English sentence does: "an App ID", "an App Certificate",
	// "a channel name", "a user account" or "a uid".
	Field string
	// Value is the input as given; it is empty for an App Certificate, which is a secret.
	Value string
	// Char is the character refused (ProblemCharacter), as a string of one rune; it is
	// empty for an App Certificate.
	Char string
	// Offset is the byte offset of Char in the input, from 0 (ProblemCharacter).
	// The English sentences of an App ID and App Certificate count positions from 1.
	Offset int
	// Length is the length of the input (ProblemLength): in bytes for a name, in
	// characters for an App ID or App Certificate.
	Length int
	// Limit is the length required or allowed (ProblemLength), or the largest uid
	// (ProblemRange).
	Limit int
}

// Error is the English sentence, as the package has always written it:
// "token: invalid channel name: a channel name cannot be empty".
func (e *InputError) Error() string {
	if e.Kind == nil {
		return "token: " + e.Sentence()
	}
	return e.Kind.Error() + ": " + e.Sentence()
}

// Sentence is what is wrong, for a person: Error without the package's prefix.
func (e *InputError) Sentence() string {
	var detail string
	hex := e.Kind == ErrInvalidAppID || e.Kind == ErrInvalidCertificate
	switch {
	case e.Problem == ProblemCertificate:
		detail = e.Field + " cannot be the App Certificate: a token would show it to anyone who has the token"
	case e.Kind == ErrInvalidCertificate && e.Problem == ProblemEmpty:
		detail = "no App Certificate was given"
	case e.Kind == ErrInvalidCertificate && e.Problem == ProblemLength:
		detail = fmt.Sprintf("an App Certificate is %d hexadecimal characters, this one has %d", e.Limit, e.Length)
	case e.Kind == ErrInvalidCertificate && e.Problem == ProblemCharacter:
		detail = fmt.Sprintf("an App Certificate is 32 hexadecimal characters, character %d is not one", e.Offset+1)
	case e.Kind == ErrInvalidUID && e.Problem == ProblemEmpty:
		detail = "a uid is a whole number from 0 to 4294967295, and none was given"
	case e.Kind == ErrInvalidUID && e.Problem == ProblemRange:
		detail = fmt.Sprintf("%s is larger than %d, the largest uid", ExcerptNumber(e.Value), e.Limit)
	case e.Kind == ErrInvalidUID:
		detail = fmt.Sprintf("a uid is a whole number from 0 to 4294967295, not %s", Excerpt(e.Value))
	case hex && e.Problem == ProblemEmpty:
		detail = e.Field + " is required"
	case hex && e.Problem == ProblemLength:
		quoted, _, _ := ExcerptOf(e.Value) // the sentence says the length itself
		detail = fmt.Sprintf("%s is %d hexadecimal characters, %s has %d", e.Field, e.Limit, quoted, e.Length)
	case hex:
		detail = fmt.Sprintf("%s is 32 hexadecimal characters, %s at position %d is not one", e.Field, quoteChar(e.Char), e.Offset+1)
	case e.Problem == ProblemEmpty:
		detail = e.Field + " cannot be empty"
	case e.Problem == ProblemLength:
		detail = fmt.Sprintf("%s is at most %d bytes, this one has %d", e.Field, e.Limit, e.Length)
	default:
		detail = fmt.Sprintf("%s may use letters a-z and A-Z, digits, space and %s; %s at byte %d is not allowed",
			e.Field, NameCharacters, quoteChar(e.Char), e.Offset)
	}
	return detail
}

// Unwrap returns Kind.
func (e *InputError) Unwrap() error { return e.Kind }

// quoteChar writes a character as Go quotes a rune: 'x'.
func quoteChar(c string) string {
	r, _ := utf8.DecodeRuneInString(c)
	return strconv.QuoteRune(r)
}

// ParseReason names why a text is not a token [Parse] can read, in a [ParseError].
type ParseReason int

// Reasons a text is not a token.
const (
	// ReasonEmpty: nothing was given.
	ReasonEmpty ParseReason = iota + 1
	// ReasonVersion: the text does not start with "006" or "007" (the error wraps
	// ErrUnsupportedVersion; Char holds its first characters, masked as [Excerpt] does).
	ReasonVersion
	// ReasonNotBase64: Char, at Offset, is not a character of base64.
	ReasonNotBase64
	// ReasonURLSafeBase64: Char, at Offset, is '-' or '_': the text is URL-safe base64, and
	// tokens use the standard alphabet.
	ReasonURLSafeBase64
	// ReasonBase64Damaged: the base64 text is cut short or damaged at Offset.
	ReasonBase64Damaged
	// ReasonAppIDShort: a 006 token ends, at Offset, before its 32-character App ID does.
	ReasonAppIDShort
	// ReasonAppIDChar: Char, at Offset, in a 006 token's App ID is not hexadecimal.
	ReasonAppIDChar
	// ReasonNotZlib: the content of a 007 token is not zlib data.
	ReasonNotZlib
	// ReasonTooLarge: the content inflates past any token's size.
	ReasonTooLarge
	// ReasonZlibDamaged: the zlib data is damaged.
	ReasonZlibDamaged
	// ReasonTruncated: a field of the decoded content runs past its end, at Offset of the
	// decoded bytes.
	ReasonTruncated
)

// ParseError says where and why a text is not a token [Parse] can read, with the facts a
// program needs to say it in another language. Error is the English sentence, wrapped around
// Kind as the package's other errors are, and Unwrap returns Kind, so errors.Is(err,
// ErrMalformed) holds.
type ParseError struct {
	// Kind is ErrMalformed or ErrUnsupportedVersion.
	Kind   error
	Reason ParseReason
	// Offset is the byte the reason is about (see each reason), or -1 when none is.
	Offset int
	// Char is the character refused, as a string of one rune (ReasonNotBase64,
	// ReasonURLSafeBase64, ReasonAppIDChar), or the quoted start of the text (ReasonVersion).
	Char string
	// detail is the English sentence after Kind's.
	detail string
}

// Error is the English sentence: "token: malformed token: character '-' at byte 12 is not
// base64 (URL-safe base64; Agora tokens use the standard alphabet)".
func (e *ParseError) Error() string { return e.Kind.Error() + ": " + e.detail }

// Sentence is what is wrong, for a person: Error without the package's prefix.
func (e *ParseError) Sentence() string { return e.detail }

// Unwrap returns Kind.
func (e *ParseError) Unwrap() error { return e.Kind }

// parseError makes a ParseError wrapping ErrMalformed, its English detail from format.
func parseError(reason ParseReason, offset int, char, format string, args ...any) *ParseError {
	return &ParseError{Kind: ErrMalformed, Reason: reason, Offset: offset, Char: char, detail: fmt.Sprintf(format, args...)}
}

// within says where in the token a ParseError of its decoded content happened: "message:
// salt needs 4 bytes at byte 0 but only 2 remain".
func within(where string, err error) error {
	if pe, ok := err.(*ParseError); ok {
		c := *pe
		c.detail = where + ": " + pe.detail
		return &c
	}
	return err
}

// sentenceError is one of the package's sentinels with the sentence of one case: Error reads
// "token: invalid role: "boss" is not a role; ...", Sentence the part after the sentinel.
type sentenceError struct {
	kind     error
	sentence string
}

// errorf makes an error wrapping kind, its sentence from format.
func errorf(kind error, format string, args ...any) error {
	return &sentenceError{kind: kind, sentence: fmt.Sprintf(format, args...)}
}

func (e *sentenceError) Error() string    { return e.kind.Error() + ": " + e.sentence }
func (e *sentenceError) Sentence() string { return e.sentence }
func (e *sentenceError) Unwrap() error    { return e.kind }

// FieldError says which input of a Spec an error is about, where the error's kind alone does
// not: a user id or an APaaS room refused by the account rules wraps ErrInvalidAccount like the
// account does. Its Sentence reads "user id: a user account cannot be empty".
type FieldError struct {
	Field Field // FieldUserID or FieldRoomUUID
	Err   error
}

// withField says which input err is about.
func withField(f Field, err error) error { return &FieldError{Field: f, Err: err} }

// inputName is how a sentence names the field.
func (e *FieldError) inputName() string {
	switch e.Field {
	case FieldUserID:
		return "user id"
	case FieldRoomUUID:
		return "room"
	}
	return e.Field.String()
}

func (e *FieldError) Error() string { return e.inputName() + ": " + e.Err.Error() }

// Sentence is the error for a person, naming the input.
func (e *FieldError) Sentence() string {
	if s, ok := e.Err.(interface{ Sentence() string }); ok {
		return e.inputName() + ": " + s.Sentence()
	}
	return e.Error()
}

func (e *FieldError) Unwrap() error { return e.Err }
