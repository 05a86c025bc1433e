package ui

import (
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/token"
)

// specFromToken is the spec that builds a parsed 007 token again, byte for byte.
func specFromToken(t *token.Token007) (token.Spec, error) {
	return token.SpecFrom(&token.Parsed{V007: t})
}

// specFrom006 is the spec that rebuilds a 006 token for the channel and uid it was built for,
// which the token itself holds only as CRC32s.
func specFrom006(t *token.Token006, channel, uid string) (token.Spec, error) {
	if t.Ts < token.Lifetime006 {
		return token.Spec{}, errors.New(lang.L("this 006 token expires less than 24 hours after 1970, so its issue time cannot be worked out"))
	}
	spec, err := token.SpecFrom(&token.Parsed{V006: t})
	if err != nil {
		return spec, err
	}
	return spec, spec.SetIdentity006(t, channel, uid)
}
