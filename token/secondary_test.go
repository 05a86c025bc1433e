package token

import (
	"testing"
	"time"
)

// secondaryCertificate is a second well-known sample value, standing for a project's
// secondary App Certificate.
const secondaryCertificate = "0123456789abcdef0123456789abcdef"

func TestVerifyingSaysWhichCertificateSigned(t *testing.T) {
	at := time.Unix(1700000000, 0)
	signedByPrimary := mustParse(t, rtcSpec())
	spec := rtcSpec()
	text, err := spec.Build(secondaryCertificate)
	signedBySecondary := mustParseBuilt(t, text, err)
	cases := []struct {
		name       string
		p          *Parsed
		ctx        Context
		status     SignatureStatus
		signedWith string
	}{
		{"a token the primary signed", signedByPrimary,
			Context{Certificate: sampleCertificate, SecondaryCertificate: secondaryCertificate}, SignatureValid, SignedWithPrimary},
		{"a token the secondary signed", signedBySecondary,
			Context{Certificate: sampleCertificate, SecondaryCertificate: secondaryCertificate}, SignatureValid, SignedWithSecondary},
		{"a token the secondary signed, checked with the primary alone", signedBySecondary,
			Context{Certificate: sampleCertificate}, SignatureInvalid, ""},
		{"a token checked with only a secondary", signedBySecondary,
			Context{SecondaryCertificate: secondaryCertificate}, SignatureValid, SignedWithSecondary},
		{"a token neither signed", signedByPrimary,
			Context{Certificate: secondaryCertificate, SecondaryCertificate: secondaryCertificate}, SignatureInvalid, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Diagnose(c.p, c.ctx, at)
			if r.Signature != c.status || r.SignedWith != c.signedWith {
				t.Errorf("signature %s signed with %q, want %s signed with %q", r.Signature, r.SignedWith, c.status, c.signedWith)
			}
		})
	}
}

func TestA006SignatureFromTheSecondaryIsValid(t *testing.T) {
	s := rtcSpec()
	s.Format = Version006
	text, err := s.Build(secondaryCertificate)
	p := mustParseBuilt(t, text, err)
	r := Diagnose(p, Context{Certificate: sampleCertificate, SecondaryCertificate: secondaryCertificate,
		Channel: "room", UID: "123"}, time.Unix(1700000000, 0))
	if r.Signature != SignatureValid || r.SignedWith != SignedWithSecondary {
		t.Errorf("signature %s signed with %q, want valid with the secondary", r.Signature, r.SignedWith)
	}
}
