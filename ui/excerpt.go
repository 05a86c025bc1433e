package ui

import (
	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/token"
)

// excerpt quotes what someone typed as token.Excerpt does, the one rule for echoing input,
// with the length of a value cut short said in the window's language.
func excerpt(s string) string {
	quoted, length, cut := token.ExcerptOf(s)
	if !cut {
		return quoted
	}
	return lang.L(excerptLengthKey, map[string]any{"Quoted": quoted, "Length": length})
}

// excerptLengthKey is an excerpt cut short, with its length.
const excerptLengthKey = "{{.Quoted}} ({{.Length}} characters)"

// excerptNumber writes a number someone typed as it was typed, or as an excerpt when it is
// too long to read, as token.ExcerptNumber does.
func excerptNumber(digits string) string {
	if len(digits) <= token.ExcerptLength {
		return digits
	}
	return excerpt(digits)
}
