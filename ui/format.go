package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// sentence turns an error into a sentence for a person: an error of the token package or the
// store in the window's language (see translatedError and storeText); otherwise the error's
// own sentence (plainSentence). Either way with a full stop, and a capital in English.
func sentence(err error) string {
	if err == nil {
		return ""
	}
	msg, translated := translatedError(err)
	if !translated {
		msg, translated = storeText(err)
	}
	if !translated {
		msg = plainSentence(err)
	}
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return ""
	}
	// A sentence of the Chinese translation (of a typed error, or a text a check already said
	// in the window's language) takes no capital ("uid 应为…") and ends with a Chinese full
	// stop. In the English window every sentence is English, whatever values it quotes.
	chinese := lang.X("catalogue.language", "en") == languageChinese &&
		(translated || strings.ContainsFunc(msg, func(r rune) bool { return unicode.Is(unicode.Han, r) }))
	if !chinese {
		r, n := utf8.DecodeRuneInString(msg)
		msg = string(unicode.ToUpper(r)) + msg[n:]
	}
	last, _ := utf8.DecodeLastRuneInString(msg)
	switch {
	case strings.ContainsRune(".?!。？！", last):
	case chinese:
		msg += "。"
	default:
		msg += "."
	}
	return msg
}

// plainSentence is an error's English sentence: the token and store packages' errors say it
// without their package's name (their Sentence method); any other error as it is.
func plainSentence(err error) string {
	var s interface{ Sentence() string }
	if errors.As(err, &s) {
		return s.Sentence()
	}
	return err.Error()
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

func isKeychainUnavailable(err error) bool { return errors.Is(err, store.ErrKeychainUnavailable) }

// localTime writes a moment as the window does: local time, to the second, in the form of
// the window's language (Go's layouts name days and months in English only, so the Chinese
// forms use numbers).
func localTime(t time.Time) string {
	return t.In(time.Local).Format(lang.X("layout.dateTime", "Mon 2 Jan 2006 15:04:05"))
}

func unixTime(sec int64) time.Time { return time.Unix(sec, 0) }

// countdown says how long until t, or since t, from now: "in 59 min 58 s", "expired 3 min ago".
func countdown(now, t time.Time) string {
	d := t.Sub(now)
	if d <= 0 {
		return lang.L("expired {{.Span}} ago", map[string]any{"Span": spanText(-d)})
	}
	return lang.L("in {{.Span}}", map[string]any{"Span": spanText(d)})
}

// spanText writes a duration at a precision a person reads at a glance: seconds while they
// matter, then minutes, hours and days.
func spanText(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return lang.L("{{.S}} s", map[string]any{"S": s})
	case s < 60*60:
		return lang.L("{{.M}} min {{.S}} s", map[string]any{"M": s / 60, "S": twoDigits(s % 60)})
	case s < 48*60*60:
		return lang.L("{{.H}} h {{.M}} min {{.S}} s", map[string]any{"H": s / 3600, "M": twoDigits(s % 3600 / 60), "S": twoDigits(s % 60)})
	case s < 2*365*24*60*60:
		return lang.L("{{.D}} days {{.H}} h", map[string]any{"D": s / 86400, "H": s % 86400 / 3600})
	}
	return lang.L("{{.Y}} years", map[string]any{"Y": s / (365 * 24 * 60 * 60)})
}

// spanWords says how long a number of seconds is in the window's language, in the units
// token.SpanWords chooses: the diagnosis's English sentences use that, and the window says
// them in its own words ("3 hours", "3 小时"); in English the two read the same.
func spanWords(seconds int64) string {
	if seconds < 0 {
		seconds = -seconds
	}
	count := func(n int64) map[string]any { return map[string]any{"Count": n} }
	minutes := func(n int64) string { return lang.N("{{.Count}} minutes", int(n), count(n)) }
	hours := func(n int64) string { return lang.N("{{.Count}} hours", int(n), count(n)) }
	switch {
	case seconds < 60:
		return lang.N("{{.Count}} seconds", int(seconds), count(seconds))
	case seconds < 60*60:
		return minutes(seconds / 60)
	case seconds < 48*60*60:
		if m := seconds % 3600 / 60; m != 0 {
			return hours(seconds/3600) + " " + minutes(m)
		}
		return hours(seconds / 3600)
	}
	return lang.N("{{.Count}} days", int(seconds/86400), count(seconds/86400))
}

// twoDigits writes n with a leading zero below 10, as a clock does.
func twoDigits(n int64) string { return fmt.Sprintf("%02d", n) }

// lifetimeText writes a lifetime in seconds the way the presets name them.
func lifetimeText(seconds uint32) string {
	d := time.Duration(seconds) * time.Second
	switch {
	case seconds == 0:
		return lang.L("{{.S}} s", map[string]any{"S": 0})
	case d%time.Hour == 0:
		h := int(d / time.Hour)
		return lang.N("{{.Count}} hours", h, map[string]any{"Count": h})
	case d%time.Minute == 0 && d < time.Hour:
		return lang.L("{{.M}} min", map[string]any{"M": int(d / time.Minute)})
	}
	// "1 h 30 min", rather than "1 h 30 min 00 s".
	span := strings.TrimSuffix(spanText(d), " "+lang.L("{{.S}} s", map[string]any{"S": "00"}))
	return lang.L("{{.S}} s ({{.Span}})", map[string]any{"S": seconds, "Span": span})
}

// parseLifetime reads a lifetime as token.ParseLifetime does, its mistakes said in the
// window's language.
func parseLifetime(s string) (uint32, error) {
	v, err := token.ParseLifetime(s)
	if err != nil {
		return 0, lifetimeMistake(err)
	}
	return v, nil
}

// lifetimeMistake says a mistake in a lifetime or time in the window's language, as a
// field's validator shows it.
func lifetimeMistake(err error) error {
	var le *token.LifetimeError
	if errors.As(err, &le) {
		return errors.New(lifetimeErrorText(le))
	}
	return err
}

// parseIssuedAt reads an issue time as token.ParseTime does, "2006-01-02 15:04:05" in local
// time, its mistakes said in the window's language.
func parseIssuedAt(s string) (uint32, error) {
	v, err := token.ParseTime(s, time.Local)
	if err != nil {
		return 0, lifetimeMistake(err)
	}
	return v, nil
}

// isUID reports whether text typed for a uid is a numeric one rather than an account.
func isUID(text string) bool {
	_, err := token.ParseUID(text)
	return err == nil
}

// parseSalt reads a salt: a whole number that fits 32 bits.
func parseSalt(s string) (uint32, error) {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, errors.New(lang.L("a salt is a whole number from 0 to 4294967295, not {{.Text}}", map[string]any{"Text": excerpt(s)}))
	}
	return uint32(v), nil
}

// kindLabel names a kind in the service menu and the history, short enough for a column;
// the hint under the menu says more.
func kindLabel(k token.Kind) string {
	switch k {
	case token.KindRTC:
		return lang.L("RTC")
	case token.KindRTM:
		return lang.L("RTM")
	case token.KindRTCRTM:
		return lang.L("RTC + RTM")
	case token.KindChatUser:
		return lang.L("Chat user")
	case token.KindChatApp:
		return lang.L("Chat app")
	case token.KindFPA:
		return lang.L("FPA")
	case token.KindAPaaSRoomUser:
		return lang.L("Classroom room user")
	case token.KindAPaaSUser:
		return lang.L("Classroom user")
	case token.KindAPaaSApp:
		return lang.L("Classroom app")
	case token.KindStreaming:
		return lang.L("Streaming")
	case token.KindFCDN:
		return lang.L("Fusion CDN")
	case token.KindRTM2:
		return lang.L("RTM2")
	case token.KindConvoAI:
		return lang.L("ConvoAI")
	case token.KindSTT:
		return lang.L("Speech-to-text")
	}
	return string(k)
}

func kindFromLabel(label string) token.Kind {
	for _, k := range token.Kinds {
		if kindLabel(k) == label {
			return k
		}
	}
	return token.KindRTC
}

// specUser is the uid, account or user id a spec is for, as a list shows it.
func specUser(s *token.Spec) string {
	user, numeric := s.User()
	if numeric {
		return lang.L("uid {{.UID}}", map[string]any{"UID": user})
	}
	return user
}

// shortSpan writes a duration for a narrow column: "45 s", "58 min", "9 h 12 min", "3 days".
func shortSpan(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return lang.L("{{.S}} s", map[string]any{"S": s})
	case s < 60*60:
		return lang.L("{{.M}} min", map[string]any{"M": s / 60})
	case s < 48*60*60:
		if m := s % 3600 / 60; m != 0 && s < 10*60*60 {
			return lang.L("{{.H}} h {{.M}} min", map[string]any{"H": s / 3600, "M": m})
		}
		return lang.L("{{.H}} h", map[string]any{"H": s / 3600})
	}
	return lang.L("{{.D}} days", map[string]any{"D": s / 86400})
}
