package serve

import (
	"errors"
	"fmt"
)

// Errors of [New], [Server.Start] and [Server.SetRehearsal]. Each but ErrStarted comes as an
// [*Error]; the certificate is never part of one.
var (
	// ErrConfig means a [Config] field is wrong; the message names which.
	ErrConfig = errors.New("serve: invalid configuration")
	// ErrAddress means Listen is not a host:port that can be listened on.
	ErrAddress = errors.New("serve: invalid listen address")
	// ErrPortInUse means another program already listens on the port.
	ErrPortInUse = errors.New("serve: port in use")
	// ErrStarted means Start was called twice, or after Shutdown.
	ErrStarted = errors.New("serve: already started")
)

// Error is an error of [New], [Server.Start] or [Server.SetRehearsal]: Kind is one of the
// sentinels above, for errors.Is, and Sentence says what is wrong for a person.
type Error struct {
	Kind error
	// Err is the error of another package behind it, such as a token.InputError, or nil.
	Err      error
	sentence string
}

// failf makes an Error of kind with a sentence.
func failf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, sentence: fmt.Sprintf(format, args...)}
}

// wrap makes an Error of kind around another package's error, saying its sentence.
func wrap(kind, err error) error {
	return &Error{Kind: kind, Err: err, sentence: sentenceOf(err)}
}

// sentenceOf is what err says without its package's name, when it has a Sentence (token's,
// store's and serve's errors do), else its text.
func sentenceOf(err error) string {
	var s interface{ Sentence() string }
	if errors.As(err, &s) {
		return s.Sentence()
	}
	return err.Error()
}

// Error is the sentence after the kind: "serve: port in use: 127.0.0.1:8080 is already ...".
func (e *Error) Error() string { return e.Kind.Error() + ": " + e.sentence }

// Sentence says what is wrong without the package's name.
func (e *Error) Sentence() string { return e.sentence }

// Unwrap returns Kind, and the error behind it when there is one.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}
