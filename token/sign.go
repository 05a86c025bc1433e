package token

import (
	"crypto/sha256"
	"encoding/binary"
)

// hmacSHA256 computes HMAC-SHA256(key, parts...) with sha256.Sum256 over a caller-owned scratch
// buffer instead of crypto/hmac, whose hash objects escape to the heap: signing is the hot path
// of every build, and this keeps it free of allocations once scratch has grown.
// It returns the MAC and scratch for reuse.
func hmacSHA256(scratch []byte, key []byte, parts ...[]byte) ([32]byte, []byte) {
	const blockSize = 64
	var block [blockSize]byte
	if len(key) > blockSize {
		sum := sha256.Sum256(key)
		copy(block[:], sum[:])
	} else {
		copy(block[:], key)
	}
	scratch = scratch[:0]
	for _, b := range block {
		scratch = append(scratch, b^0x36)
	}
	for _, p := range parts {
		scratch = append(scratch, p...)
	}
	inner := sha256.Sum256(scratch)
	scratch = scratch[:0]
	for _, b := range block {
		scratch = append(scratch, b^0x5c)
	}
	scratch = append(scratch, inner[:]...)
	return sha256.Sum256(scratch), scratch
}

// signature007 signs a 007 signing_info: the key is HMAC(salt, HMAC(issueTs, certificate)),
// both integers as 4 little-endian bytes.
func signature007(scratch []byte, certificate string, issuedAt, salt uint32, signingInfo []byte) ([32]byte, []byte) {
	var ts, sl [4]byte
	binary.LittleEndian.PutUint32(ts[:], issuedAt)
	binary.LittleEndian.PutUint32(sl[:], salt)
	var cert [64]byte
	certBytes := append(cert[:0], certificate...)
	k1, scratch := hmacSHA256(scratch, ts[:], certBytes)
	k2, scratch := hmacSHA256(scratch, sl[:], k1[:])
	return hmacSHA256(scratch, k2[:], signingInfo)
}
