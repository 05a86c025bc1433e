package ui

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/token"
)

// The token package speaks English, to the command line as to the window. Its diagnosis
// findings carry their sentence as a template with the values beside it, and its validation
// errors the facts of what is wrong, so the window says both in its own language; the
// English translations are the token package's own sentences, word for word.

// secondsSuffix ends the name of a finding's parameter that is a span of time in seconds.
const secondsSuffix = "Seconds"

// lengthSuffix and quotedSuffix end the names of the parameters that hold the length and
// the quoted part of a typed value cut short (see token.Finding).
const (
	lengthSuffix = "Length"
	quotedSuffix = "Quoted"
)

// findingText is a finding of the diagnosis in the window's language: its template,
// translated, filled in with its values, spans of time in the window's words.
func findingText(f token.Finding) string {
	data := make(map[string]any, len(f.Params))
	for name, v := range f.Params {
		data[name] = v
	}
	for name, v := range f.Params {
		if base, ok := strings.CutSuffix(name, secondsSuffix); ok && base != "" {
			if seconds, err := strconv.ParseInt(v, 10, 64); err == nil {
				data[base] = spanWords(seconds)
			}
		}
		if base, ok := strings.CutSuffix(name, lengthSuffix); ok && base != "" && f.Params[base+quotedSuffix] != "" {
			data[base] = lang.L(excerptLengthKey, map[string]any{"Quoted": f.Params[base+quotedSuffix], "Length": v})
		}
	}
	// The key is one of token.FindingTemplates, which TestEveryStringIsTranslated checks.
	return lang.X(f.Template, f.Message, data)
}

// translatedError says what a token error means in the window's language, without the
// capital and full stop sentence adds; ok is false for an error that is not the token
// package's, or one the window's language has no sentence for (English among them: the
// token package's own English sentence is then the one to show).
func translatedError(err error) (text string, ok bool) {
	var in *token.InputError
	var le *token.LifetimeError
	switch {
	case errors.As(err, &in):
		return inputErrorText(in, fieldOf(in)), true
	case errors.As(err, &le):
		return lifetimeErrorText(le), true
	case errors.Is(err, token.ErrNoChannelAndUID):
		return lang.L("a 006 signature covers the channel and uid, which the token does not hold: give both to check it"), true
	}
	key, text := kindText(err)
	if key == "" || text == key {
		return "", false
	}
	var pe *token.ParseError
	if !errors.As(err, &pe) || pe.Reason == token.ReasonVersion {
		return text, true
	}
	data := map[string]any{"Problem": text, "Offset": pe.Offset, "Char": quotedRune(pe.Char)}
	switch {
	case pe.Reason == token.ReasonURLSafeBase64:
		return lang.L("{{.Problem}} ({{.Char}} at byte {{.Offset}}: this is URL-safe base64, and Agora tokens use the standard alphabet)", data), true
	case pe.Char != "":
		return lang.L("{{.Problem}} ({{.Char}} at byte {{.Offset}})", data), true
	case pe.Offset >= 0:
		return lang.L("{{.Problem}} (at byte {{.Offset}})", data), true
	}
	return text, true
}

// Sentences for the kinds of token error that carry no facts to translate: the rule that
// was broken, said in general. In English the token package's own sentence, more precise,
// is shown instead.
const (
	errMalformedText   = "the text is not a well-formed token: its base64 or zlib data is damaged, or a field runs past its end"
	errVersionText     = "a token starts with 006 or 007, and this one is of another version"
	errSignatureText   = "the signature does not match: the token was not signed with this App Certificate, or not for this channel and uid"
	errLifetimeText    = "the lifetime runs past the year 2106, later than a token can hold"
	errRoleText        = "the role is not one the chosen format and service have"
	errServiceText     = "no official builder makes a token with these services, or in this format"
	errMismatchText    = "the token was built for another App ID, channel or uid"
	errRTCRTMUserText  = "an rtc+rtm token needs an account or a user ID to log in to RTM"
	errAppIDText       = "the App ID is not 32 hexadecimal characters"
	errCertificateText = "the App Certificate is not 32 hexadecimal characters"
	errChannelText     = "the channel name is not one Agora accepts"
	errUIDText         = "a uid is a whole number from 0 to 4294967295"
)

// kindText is the general sentence for the kind of err, as key and translation; "" for an
// error of another package.
func kindText(err error) (key, text string) {
	switch {
	case errors.Is(err, token.ErrMalformed):
		return errMalformedText, lang.L(errMalformedText)
	case errors.Is(err, token.ErrUnsupportedVersion):
		return errVersionText, lang.L(errVersionText)
	case errors.Is(err, token.ErrSignature):
		return errSignatureText, lang.L(errSignatureText)
	case errors.Is(err, token.ErrInvalidLifetime):
		return errLifetimeText, lang.L(errLifetimeText)
	case errors.Is(err, token.ErrInvalidRole):
		return errRoleText, lang.L(errRoleText)
	case errors.Is(err, token.ErrInvalidService):
		return errServiceText, lang.L(errServiceText)
	case errors.Is(err, token.ErrMismatch):
		return errMismatchText, lang.L(errMismatchText)
	case errors.Is(err, token.ErrInvalidAccount):
		// The one account error without facts: Spec.Validate's for rtc+rtm.
		return errRTCRTMUserText, lang.L(errRTCRTMUserText)
	case errors.Is(err, token.ErrInvalidAppID):
		return errAppIDText, lang.L(errAppIDText)
	case errors.Is(err, token.ErrInvalidCertificate):
		return errCertificateText, lang.L(errCertificateText)
	case errors.Is(err, token.ErrInvalidChannel):
		return errChannelText, lang.L(errChannelText)
	case errors.Is(err, token.ErrInvalidUID):
		return errUIDText, lang.L(errUIDText)
	}
	return "", ""
}

// inputField is the input an InputError is about, as the window names it.
type inputField int

const (
	fieldAppID inputField = iota
	fieldCertificate
	fieldChannel
	fieldAccount
	fieldUserID
	fieldRoom
	fieldUID
)

// fieldOf is the input the token package says an error is about.
func fieldOf(e *token.InputError) inputField {
	switch e.Kind {
	case token.ErrInvalidAppID:
		return fieldAppID
	case token.ErrInvalidCertificate:
		return fieldCertificate
	case token.ErrInvalidChannel:
		return fieldChannel
	case token.ErrInvalidUID:
		return fieldUID
	}
	return fieldAccount
}

// renamed says an error of ValidateAccount, which speaks of "a user account", of the field it
// is really about: a user ID or a room UUID.
func renamed(err error, field inputField) error {
	var in *token.InputError
	if !errors.As(err, &in) {
		return err
	}
	return errors.New(inputErrorText(in, field))
}

// quotedRune writes a character as Go quotes a rune, 'x'; "" for none.
func quotedRune(c string) string {
	if r, size := utf8.DecodeRuneInString(c); size > 0 {
		return strconv.QuoteRune(r)
	}
	return ""
}

// inputErrorText says what is wrong with an input, in the window's language; in English,
// word for word what the token package says.
func inputErrorText(e *token.InputError, field inputField) string {
	char := ""
	if r, size := utf8.DecodeRuneInString(e.Char); size > 0 {
		char = strconv.QuoteRune(r)
	}
	quoted, _, _ := token.ExcerptOf(e.Value) // for a sentence that says the length itself
	data := map[string]any{
		"Value": excerpt(e.Value), "Quoted": quoted, "Number": excerptNumber(e.Value), "Char": char, "Offset": e.Offset, "Position": e.Offset + 1,
		"Length": e.Length, "Limit": e.Limit, "Characters": token.NameCharacters,
	}
	if e.Problem == token.ProblemCertificate {
		switch field {
		case fieldAppID:
			return lang.L("an App ID cannot be the App Certificate: a token would show it to anyone who has the token")
		case fieldChannel:
			return lang.L("a channel name cannot be the App Certificate: a token would show it to anyone who has the token")
		}
		return lang.L("a user account cannot be the App Certificate: a token would show it to anyone who has the token")
	}
	switch field {
	case fieldAppID:
		switch e.Problem {
		case token.ProblemEmpty:
			return lang.L("an App ID is required")
		case token.ProblemLength:
			return lang.L("an App ID is 32 hexadecimal characters, {{.Quoted}} has {{.Length}}", data)
		}
		return lang.L("an App ID is 32 hexadecimal characters, {{.Char}} at position {{.Position}} is not one", data)
	case fieldCertificate:
		switch e.Problem {
		case token.ProblemEmpty:
			return lang.L("no App Certificate was given")
		case token.ProblemLength:
			return lang.L("an App Certificate is 32 hexadecimal characters, this one has {{.Length}}", data)
		}
		return lang.L("an App Certificate is 32 hexadecimal characters, character {{.Position}} is not one", data)
	case fieldUID:
		switch e.Problem {
		case token.ProblemEmpty:
			return lang.L("a uid is a whole number from 0 to 4294967295, and none was given")
		case token.ProblemRange:
			return lang.L("{{.Number}} is larger than 4294967295, the largest uid", data)
		}
		return lang.L("a uid is a whole number from 0 to 4294967295, not {{.Value}}", data)
	case fieldChannel:
		switch e.Problem {
		case token.ProblemEmpty:
			return lang.L("a channel name cannot be empty")
		case token.ProblemLength:
			return lang.L("a channel name is at most {{.Limit}} bytes, this one has {{.Length}}", data)
		}
		return lang.L("a channel name may use letters a-z and A-Z, digits, space and {{.Characters}}; {{.Char}} at byte {{.Offset}} is not allowed", data)
	case fieldUserID:
		switch e.Problem {
		case token.ProblemEmpty:
			return lang.L("a user ID cannot be empty")
		case token.ProblemLength:
			return lang.L("a user ID is at most {{.Limit}} bytes, this one has {{.Length}}", data)
		}
		return lang.L("a user ID may use letters a-z and A-Z, digits, space and {{.Characters}}; {{.Char}} at byte {{.Offset}} is not allowed", data)
	case fieldRoom:
		switch e.Problem {
		case token.ProblemEmpty:
			return lang.L("a room UUID cannot be empty")
		case token.ProblemLength:
			return lang.L("a room UUID is at most {{.Limit}} bytes, this one has {{.Length}}", data)
		}
		return lang.L("a room UUID may use letters a-z and A-Z, digits, space and {{.Characters}}; {{.Char}} at byte {{.Offset}} is not allowed", data)
	}
	switch e.Problem {
	case token.ProblemEmpty:
		return lang.L("a user account cannot be empty")
	case token.ProblemLength:
		return lang.L("a user account is at most {{.Limit}} bytes, this one has {{.Length}}", data)
	}
	return lang.L("a user account may use letters a-z and A-Z, digits, space and {{.Characters}}; {{.Char}} at byte {{.Offset}} is not allowed", data)
}

// lifetimeErrorText says what is wrong with a lifetime or time, in the window's language; in
// English, word for word what the token package says.
func lifetimeErrorText(e *token.LifetimeError) string {
	data := map[string]any{"Text": excerpt(e.Text)}
	switch e.Problem {
	case token.LifetimeEmpty:
		return lang.L("give a lifetime in seconds, like 3600, or as a duration, like 90m or 2h")
	case token.LifetimeNotLifetime:
		return lang.L("{{.Text}} is neither seconds (3600) nor a duration (90m, 2h)", data)
	case token.LifetimeNegative:
		return lang.L("a lifetime cannot be negative")
	case token.LifetimeFraction:
		return lang.L("a lifetime is a whole number of seconds")
	case token.LifetimeTooLong:
		return lang.L("a lifetime is at most 4294967295 seconds")
	case token.TimeNotTime:
		return lang.L("{{.Text}} is not a time: give unix seconds, RFC 3339 (2025-06-01T14:30:00Z) or a time like 2025-06-01 14:30:00", data)
	}
	return lang.L("a token can only hold times from 1970 to 2106")
}
