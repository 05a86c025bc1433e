package token

import (
	"errors"
	"testing"
)

func TestAParseErrorSaysWhyAndWhere(t *testing.T) {
	for _, c := range []struct {
		text   string
		kind   error
		reason ParseReason
		offset int
		char   string
	}{
		{"", ErrMalformed, ReasonEmpty, -1, ""},
		{"005abc", ErrUnsupportedVersion, ReasonVersion, -1, `"005…"`},
		{"007eJw-abc", ErrMalformed, ReasonURLSafeBase64, 6, "-"},
		{"007eJw*abc", ErrMalformed, ReasonNotBase64, 6, "*"},
		{"007eJwrSS0u0c3LLEnMy8wBAB8HBJE", ErrMalformed, ReasonZlibDamaged, -1, ""},
		{"006970CA35de60c44645bbae8a215061b33AAAA", ErrMalformed, ReasonTruncated, 2, ""},
		{"006970CA35de60c44645bbae8a215061b3", ErrMalformed, ReasonAppIDShort, 34, ""},
		{"006970CA35de60c44645bbae8a215061bzz", ErrMalformed, ReasonAppIDChar, 33, "z"},
		{"007abcd", ErrMalformed, ReasonNotZlib, -1, ""},
	} {
		_, err := Parse(c.text)
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, c.kind) {
			t.Errorf("Parse(%q) = %v; want a ParseError wrapping %v", c.text, err, c.kind)
			continue
		}
		if pe.Reason != c.reason || pe.Offset != c.offset || pe.Char != c.char {
			t.Errorf("Parse(%q): reason %d at %d, char %q; want reason %d at %d, char %q (%v)",
				c.text, pe.Reason, pe.Offset, pe.Char, c.reason, c.offset, c.char, err)
		}
		if pe.Error() != pe.Kind.Error()+": "+pe.Sentence() {
			t.Errorf("Parse(%q): %q does not read as its kind then its detail %q", c.text, pe.Error(), pe.Sentence())
		}
	}
}
