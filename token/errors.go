package token

import "errors"

// Errors returned by this package. Detail is wrapped around them with fmt.Errorf and %w, so
// callers test with errors.Is and can still show the whole message to a person.
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
