package token

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ExcerptLength is about how many characters of a typed value [Excerpt] shows.
const ExcerptLength = 24

// maskedLength is how many characters of a value that could be an App Certificate [Excerpt]
// keeps: enough to recognise what was pasted, far too few to be of use to anyone else.
const maskedLength = 3

// Excerpt quotes what a person typed, for a message that names it. It is the one rule for
// echoing input, in the command line and the window alike:
//
//   - a value of at most [ExcerptLength] characters is quoted whole, "room1";
//   - a longer one is cut, with an ellipsis and its length: "xxxxxxxxxxxxxxxxxxxxxxxx…" (131000 characters);
//   - control, bidirectional and other invisible characters are escaped as Go does ("\x1b",
//     "\u202e"), so nothing typed can move the cursor, recolour a terminal or reverse text;
//   - a value holding 32 hexadecimal characters in a row could be an App Certificate put in
//     the wrong place, so only its first three characters are kept: "5CF…" (32 characters).
//
// Where a certificate is expected, messages name no value at all (see [ValidateCertificate]).
func Excerpt(s string) string {
	quoted, length, cut := ExcerptOf(s)
	if cut {
		return quoted + " (" + strconv.Itoa(length) + " characters)"
	}
	return quoted
}

// ExcerptOf is [Excerpt] in parts, for a program that says the length in another language:
// the quoted text, the length of s in characters, and whether the quoted text is cut short
// (or masked), when the length is worth saying.
func ExcerptOf(s string) (quoted string, length int, cut bool) {
	limit := ExcerptLength
	if CouldBeCertificate(s) {
		limit = maskedLength
	}
	quoted, cut = quotePrefix(s, limit)
	return quoted, utf8.RuneCountInString(s), cut || limit == maskedLength
}

// ExcerptNumber writes a number someone typed as it was typed, or as an [Excerpt] when it is
// too long to read.
func ExcerptNumber(digits string) string {
	if len(digits) <= ExcerptLength {
		return digits
	}
	return Excerpt(digits)
}

// CouldBeCertificate reports whether s holds 32 hexadecimal characters in a row, as an App
// Certificate (or an App ID) is written.
func CouldBeCertificate(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			run = 0
			continue
		}
		if run++; run == 32 {
			return true
		}
	}
	return false
}

// quotePrefix quotes s as strconv.Quote does, but stops before the quoted text would pass
// limit characters, ends it with an ellipsis then and says so. It reads no further than it
// shows, so a value of any size costs the same.
func quotePrefix(s string, limit int) (quoted string, cut bool) {
	var b strings.Builder
	b.WriteByte('"')
	shown := 0
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		piece := escapeRune(s[i : i+size])
		if shown += utf8.RuneCountInString(piece); shown > limit {
			b.WriteString("…\"")
			return b.String(), true
		}
		b.WriteString(piece)
		i += size
	}
	b.WriteByte('"')
	return b.String(), false
}

// escapeRune is one character (or one invalid byte) as it reads inside Go's double quotes.
func escapeRune(r string) string {
	q := strconv.Quote(r)
	return q[1 : len(q)-1]
}

// Printable returns a name as it can be shown whole on a terminal or in a table: printable
// characters as they are, control, bidirectional and other invisible characters and invalid
// bytes escaped as Go writes them ("\x1b", "\u202e", "\xff"). A label such as
// "evil\x1b]0;pwned\a" then reads as typed instead of retitling the terminal.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError && unicode.IsPrint(r) {
			b.WriteString(s[i : i+size])
		} else {
			b.WriteString(escapeRune(s[i : i+size]))
		}
		i += size
	}
	return b.String()
}
