package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// sentence turns an error into a sentence for a person: the package prefixes and sentinel
// names ("token: invalid channel name: ") go, the detail stays, with a capital and a full stop.
func sentence(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	for _, prefix := range [...]string{"token: ", "store: "} {
		if i := strings.LastIndex(msg, prefix); i >= 0 {
			rest := msg[i+len(prefix):]
			// The sentinel's own text ends at the first ": " when detail follows it.
			if j := strings.Index(rest, ": "); j >= 0 {
				rest = rest[j+2:]
			}
			msg = rest
			break
		}
	}
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	return msg
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

func isKeychainUnavailable(err error) bool { return errors.Is(err, store.ErrKeychainUnavailable) }

// dateTimeLayout is how the window writes a moment: local time, to the second.
const dateTimeLayout = "Mon 2 Jan 2006 15:04:05"

func localTime(t time.Time) string { return t.In(time.Local).Format(dateTimeLayout) }

func unixTime(sec int64) time.Time { return time.Unix(sec, 0) }

// countdown says how long until t, or since t, from now: "in 59 min 58 s", "expired 3 min ago".
func countdown(now, t time.Time) string {
	d := t.Sub(now)
	if d <= 0 {
		return "expired " + spanText(-d) + " ago"
	}
	return "in " + spanText(d)
}

// spanText writes a duration at a precision a person reads at a glance: seconds while they
// matter, then minutes, hours and days.
func spanText(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s < 60*60:
		return fmt.Sprintf("%d min %02d s", s/60, s%60)
	case s < 48*60*60:
		return fmt.Sprintf("%d h %02d min %02d s", s/3600, s%3600/60, s%60)
	case s < 2*365*24*60*60:
		return fmt.Sprintf("%d days %d h", s/86400, s%86400/3600)
	}
	return fmt.Sprintf("%d years", s/(365*24*60*60))
}

// lifetimeText writes a lifetime in seconds the way the presets name them.
func lifetimeText(seconds uint32) string {
	d := time.Duration(seconds) * time.Second
	switch {
	case seconds == 0:
		return "0 s"
	case d%time.Hour == 0:
		if d == time.Hour {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d%time.Minute == 0 && d < time.Hour:
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return fmt.Sprintf("%d s (%s)", seconds, strings.TrimSuffix(spanText(d), " 00 s"))
}

// parseLifetime reads a lifetime as whole seconds ("3600") or a Go duration ("90m", "1h30m").
func parseLifetime(s string) (uint32, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("give a lifetime in seconds, like 3600, or as a duration, like 90m or 2h")
	}
	if v, err := strconv.ParseUint(s, 10, 32); err == nil {
		return uint32(v), nil
	} else if isDigits(s) {
		return 0, errors.New("a lifetime is at most 4294967295 seconds")
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is neither seconds (3600) nor a duration (90m, 2h)", s)
	}
	switch {
	case d < 0:
		return 0, errors.New("a lifetime cannot be negative")
	case d%time.Second != 0:
		return 0, errors.New("a lifetime is a whole number of seconds")
	case d/time.Second > 0xFFFFFFFF:
		return 0, errors.New("a lifetime is at most 4294967295 seconds")
	}
	return uint32(d / time.Second), nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// parseIssuedAt reads an issue time: unix seconds, RFC 3339, or "2006-01-02 15:04:05" in local
// time.
func parseIssuedAt(s string) (uint32, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseUint(s, 10, 32); err == nil {
		return uint32(v), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02 15:04:05", s, time.Local)
	}
	if err != nil {
		return 0, fmt.Errorf("%q is not a time: give unix seconds, or a time like 2025-06-01 14:30:00", s)
	}
	if t.Unix() < 0 || t.Unix() > 0xFFFFFFFF {
		return 0, errors.New("a token can only hold times from 1970 to 2106")
	}
	return uint32(t.Unix()), nil
}

// parseSalt reads a salt: a whole number that fits 32 bits.
func parseSalt(s string) (uint32, error) {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("a salt is a whole number from 0 to 4294967295, not %q", s)
	}
	return uint32(v), nil
}

// kindLabels name each kind in the service menu and the history, short enough for a column;
// the hint under the menu says more.
var kindLabels = map[token.Kind]string{
	token.KindRTC:           "RTC",
	token.KindRTM:           "RTM",
	token.KindRTCRTM:        "RTC + RTM",
	token.KindChatUser:      "Chat user",
	token.KindChatApp:       "Chat app",
	token.KindFPA:           "FPA",
	token.KindAPaaSRoomUser: "Classroom room user",
	token.KindAPaaSUser:     "Classroom user",
	token.KindAPaaSApp:      "Classroom app",
	token.KindStreaming:     "Streaming",
	token.KindFCDN:          "Fusion CDN",
	token.KindRTM2:          "RTM2",
	token.KindConvoAI:       "ConvoAI",
	token.KindSTT:           "Speech-to-text",
}

func kindLabel(k token.Kind) string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return string(k)
}

func kindFromLabel(label string) token.Kind {
	for k, l := range kindLabels {
		if l == label {
			return k
		}
	}
	return token.KindRTC
}

// specExpiresAt is when a token built from the spec expires.
func specExpiresAt(s *token.Spec) time.Time {
	if s.Is006() {
		return unixTime(int64(s.IssuedAt) + token.Lifetime006)
	}
	return unixTime(int64(s.IssuedAt) + int64(s.Expire))
}

// specUser is the uid, account or user id a spec is for, as a list shows it.
func specUser(s *token.Spec) string {
	_, uid, userID, _ := s.Kind.Inputs()
	switch {
	case s.Is006() && s.Kind == token.KindRTM:
		return s.UserID
	case uid && s.Account != "":
		return s.Account
	case uid:
		return "uid " + strconv.FormatUint(uint64(s.UID), 10)
	case userID:
		return s.UserID
	}
	return ""
}

// shortSpan writes a duration for a narrow column: "45 s", "58 min", "9 h 12 min", "3 days".
func shortSpan(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s < 60*60:
		return fmt.Sprintf("%d min", s/60)
	case s < 48*60*60:
		if m := s % 3600 / 60; m != 0 && s < 10*60*60 {
			return fmt.Sprintf("%d h %d min", s/3600, m)
		}
		return fmt.Sprintf("%d h", s/3600)
	}
	return fmt.Sprintf("%d days", s/86400)
}
