package token

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// Parsed is a decoded token of either version: exactly one of V006 and V007 is set.
type Parsed struct {
	V006 *Token006
	V007 *Token007
}

// Version returns "006" or "007".
func (p *Parsed) Version() string {
	if p.V006 != nil {
		return Version006
	}
	return Version007
}

// AppID returns the App ID the token was issued for.
func (p *Parsed) AppID() string {
	if p.V006 != nil {
		return p.V006.AppID
	}
	return p.V007.AppID
}

// ExpiresAt returns the unix time after which Agora rejects the token.
func (p *Parsed) ExpiresAt() int64 {
	if p.V006 != nil {
		return int64(p.V006.Ts)
	}
	return p.V007.ExpiresAt()
}

// Parse decodes a token of version 006 or 007. It never panics, whatever the input: text that
// is not a token gives an error wrapping [ErrMalformed] or [ErrUnsupportedVersion] that names
// the problem and, where it helps, the byte offset. Parse does not check the signature; see
// [Token007.Verify] and [Token006.Verify].
//
// The text is taken as given; [Clean] removes the white space, quotes and "token=" prefix that
// come along when a token is pasted.
func Parse(text string) (*Parsed, error) {
	switch {
	case text == "":
		return nil, parseError(ReasonEmpty, -1, "", "the token is empty")
	case strings.HasPrefix(text, Version007):
		t, err := parse007(text[len(Version007):])
		if err != nil {
			return nil, err
		}
		return &Parsed{V007: t}, nil
	case strings.HasPrefix(text, Version006):
		t, err := parse006(text)
		if err != nil {
			return nil, err
		}
		return &Parsed{V006: t}, nil
	}
	start := startOf(text)
	return nil, &ParseError{Kind: ErrUnsupportedVersion, Reason: ReasonVersion, Offset: -1, Char: start,
		detail: "a token starts with \"006\" or \"007\", this one starts with " + start}
}

// startOf quotes the first three characters of a text that is not a token: enough to see
// what was pasted instead, never a certificate pasted by mistake.
func startOf(text string) string {
	q, _ := quotePrefix(text, maskedLength)
	return q
}

// Clean strips what often comes along with a pasted token: surrounding white space and
// quotes, a "token=" or "token:" prefix, white space and line breaks inside it (from wrapped
// text), and URL-escaped base64 characters.
func Clean(text string) string {
	s := strings.TrimSpace(text)
	for {
		before := s
		s = strings.Trim(s, "\"'` \t\r\n,;")
		for _, p := range [...]string{"token=", "token:", "Token=", "Token:", "TOKEN="} {
			s = strings.TrimPrefix(s, p)
		}
		if s == before {
			break
		}
	}
	if strings.ContainsAny(s, " \t\r\n") {
		s = strings.Join(strings.Fields(s), "")
	}
	if strings.Contains(s, "%") {
		s = strings.NewReplacer("%2B", "+", "%2b", "+", "%2F", "/", "%2f", "/", "%3D", "=", "%3d", "=").Replace(s)
	}
	return s
}

// decodeBase64 appends the decoded standard base64 of s to dst. offset is where s starts in
// the token, so an error can name the byte a person should look at. Missing padding is
// tolerated: it is often lost when a token is copied out of a URL.
func decodeBase64(dst []byte, s string, offset int) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if c == '-' || c == '_' {
				return nil, parseError(ReasonURLSafeBase64, offset+i, string(r),
					"character %q at byte %d is not base64 (URL-safe base64; Agora tokens use the standard alphabet)", r, offset+i)
			}
			return nil, parseError(ReasonNotBase64, offset+i, string(r), "character %q at byte %d is not base64", r, offset+i)
		}
	}
	enc := base64.StdEncoding
	if len(s)%4 != 0 && !strings.Contains(s, "=") {
		enc = base64.RawStdEncoding
	}
	out, err := enc.AppendDecode(dst, []byte(s))
	if err != nil {
		if e, ok := err.(base64.CorruptInputError); ok {
			return nil, parseError(ReasonBase64Damaged, offset+int(e), "", "the base64 text is cut short or damaged at byte %d", offset+int(e))
		}
		return nil, parseError(ReasonBase64Damaged, -1, "", "%v", err)
	}
	return out, nil
}

func base64AppendEncode(dst, src []byte) []byte { return base64.StdEncoding.AppendEncode(dst, src) }
