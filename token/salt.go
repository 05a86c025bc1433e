package token

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
)

// MaxSalt is the largest salt the official builders choose; they pick one in 1..MaxSalt.
const MaxSalt = 99999999

// randRead is the one source of randomness in the package; tests replace it.
var randRead = rand.Read

// NewSalt returns a random salt in 1..MaxSalt, as the official builders choose it.
func NewSalt() (uint32, error) {
	var b [8]byte
	if _, err := randRead(b[:]); err != nil {
		return 0, fmt.Errorf("token: reading random salt: %w", err)
	}
	return uint32(binary.LittleEndian.Uint64(b[:])%MaxSalt) + 1, nil
}
