package serve

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// Defaults of a [Config].
const (
	// DefaultListen is where the server listens unless told otherwise: loopback only.
	DefaultListen = "127.0.0.1:8080"
	// DefaultExpiry is the lifetime of a token when the request does not give one, as the
	// peer server does.
	DefaultExpiry = 3600 * time.Second
	// MaxExpiry is the longest lifetime the server grants, and the default ceiling: Agora
	// caps tokens at 24 hours.
	MaxExpiry = token.MaxLifetime * time.Second
)

// Config is what a [Server] serves and to whom.
type Config struct {
	// AppID is the project's App ID, 32 hexadecimal characters.
	AppID string
	// Certificate is the project's App Certificate. It signs every token and appears
	// nowhere else.
	Certificate string
	// Project is the project's label, for the history entries; it may be empty.
	Project string

	// Listen is the host:port to listen on; "" is [DefaultListen], which also listens on
	// [::1] when it can. Port 0 picks a free port ([Server.URL] tells which).
	Listen string
	// LAN lets devices on the network ask: with a loopback or empty Listen host the server
	// listens on every interface, and every route lives under /k/<key>/, a random key that
	// [Server.URL] carries.
	LAN bool
	// CORS lists the browser origins allowed besides pages from http://localhost:*,
	// http://127.0.0.1:* and http://[::1]:* (always allowed, and in LAN mode pages from this
	// machine's own addresses): "scheme://host[:port]" each, or "*" for any.
	CORS []string
	// MaxExpiry is the longest expiry a request may ask; 0 is [MaxExpiry], which is also
	// the ceiling.
	MaxExpiry time.Duration

	// Rehearsal shapes the answers on purpose; the zero value serves plain tokens.
	Rehearsal Rehearsal

	// Save, when set, records each token served in the history, off the request's path (a
	// *store.Store will do). When it fails, [Stats].SaveFailures counts it.
	Save Saver

	// Now is the clock the tokens are issued by and the log is stamped with; nil is
	// time.Now. Tests inject one.
	Now func() time.Time
}

// Saver records served tokens in the history. *store.Store is one.
type Saver interface {
	AddMany(entries []*store.Entry) error
}

// Wrong names the one way a rehearsal makes a served token wrong.
type Wrong string

// The kinds of wrong token a rehearsal can serve.
const (
	WrongNone Wrong = ""
	// WrongUID serves a token for another uid or account than the one asked.
	WrongUID Wrong = "uid"
	// WrongChannel serves a token for another channel than the one asked.
	WrongChannel Wrong = "channel"
	// WrongRole serves an RTC token with the other role: a subscriber token when a
	// publisher asked, a publisher token when a subscriber asked.
	WrongRole Wrong = "role"
	// WrongCertificate serves a token signed with a random certificate.
	WrongCertificate Wrong = "certificate"
	// WrongExpired serves a token that expired a minute before it was served.
	WrongExpired Wrong = "expired"
)

// Wrongs lists every kind of wrong token, in the order a menu shows them.
var Wrongs = []Wrong{WrongUID, WrongChannel, WrongRole, WrongCertificate, WrongExpired}

// ParseWrong reads a kind of wrong token by its name.
func ParseWrong(s string) (Wrong, error) {
	for _, w := range Wrongs {
		if string(w) == strings.ToLower(strings.TrimSpace(s)) {
			return w, nil
		}
	}
	return WrongNone, failf(ErrConfig, "%s is not a kind of wrong token; use uid, channel, role, certificate or expired", token.Excerpt(s))
}

// Limits of a [Rehearsal].
const (
	MinForcedExpiry = 10 * time.Second
	MaxDelay        = 30 * time.Second
	// DefaultFailStatus is the status of a rehearsed failure when FailStatus is 0.
	DefaultFailStatus = 503
	// MinFailStatus and MaxFailStatus bound the status of a rehearsed failure: an HTTP error.
	MinFailStatus = 400
	MaxFailStatus = 599
)

// ParseFailRate reads a share of the requests to fail as a fraction ("0.25") or a percentage
// ("25%"), from 0 to 1. A bare number over 1 is refused rather than guessed to be a percentage.
// Its error is an [ErrConfig].
func ParseFailRate(text string) (float64, error) {
	t := strings.TrimSpace(text)
	percent := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(t, "%")), 64)
	if percent {
		v /= 100
	}
	if err != nil || !(v >= 0 && v <= 1) {
		return 0, failf(ErrConfig, "%s is not a failure rate: give a fraction from 0 to 1 (0.2) or a percentage (20%%)", token.Excerpt(text))
	}
	return v, nil
}

// Rehearsal shapes the server's answers so that a tester can see how an app copes. Each
// field is one rehearsal; the zero value rehearses nothing. /ping is never rehearsed.
type Rehearsal struct {
	// ForceExpiry, when not 0, is the lifetime of every token served, and of its
	// privileges, whatever was asked: at least [MinForcedExpiry].
	ForceExpiry time.Duration
	// FailRate is the fraction of token requests, from 0 to 1, answered with FailStatus
	// instead of a token. Which ones is decided by a generator seeded with Seed, so the
	// same seed fails the same requests.
	FailRate   float64
	FailStatus int // 0 is DefaultFailStatus; 400 to 599
	Seed       uint64
	// Delay holds every token response back this long, at most [MaxDelay].
	Delay time.Duration
	// Wrong serves tokens that are wrong in one way.
	Wrong Wrong
}

// Active reports whether any rehearsal is on.
func (r Rehearsal) Active() bool {
	return r.ForceExpiry != 0 || r.FailRate != 0 || r.Delay != 0 || r.Wrong != WrongNone
}

// Validate checks each rehearsal against its limits.
func (r Rehearsal) Validate() error {
	if r.ForceExpiry != 0 && (r.ForceExpiry < MinForcedExpiry || r.ForceExpiry > MaxExpiry) {
		return failf(ErrConfig, "a forced expiry is from 10 seconds to 24 hours, not %s", r.ForceExpiry)
	}
	if r.ForceExpiry%time.Second != 0 {
		return failf(ErrConfig, "a forced expiry is a whole number of seconds, not %s", r.ForceExpiry)
	}
	if !(r.FailRate >= 0 && r.FailRate <= 1) {
		return failf(ErrConfig, "a failure rate is a fraction from 0 to 1, not %s", strconv.FormatFloat(r.FailRate, 'g', -1, 64))
	}
	if r.FailStatus != 0 && (r.FailStatus < MinFailStatus || r.FailStatus > MaxFailStatus) {
		return failf(ErrConfig, "a failure status is an HTTP error status from 400 to 599, not %d", r.FailStatus)
	}
	if r.Delay < 0 || r.Delay > MaxDelay {
		return failf(ErrConfig, "a delay is from 0 to 30 seconds, not %s", r.Delay)
	}
	if r.Wrong != WrongNone {
		if _, err := ParseWrong(string(r.Wrong)); err != nil {
			return err
		}
	}
	return nil
}

// failStatus is the status of a rehearsed failure.
func (r Rehearsal) failStatus() int {
	if r.FailStatus == 0 {
		return DefaultFailStatus
	}
	return r.FailStatus
}

// String says which rehearsals are on, the way the log marks them: "expiry 60s, delay 2s,
// fail 20% with 503, wrong uid".
// It is "" when none is.
func (r Rehearsal) String() string {
	var parts []string
	if r.ForceExpiry != 0 {
		parts = append(parts, "expiry "+span(r.ForceExpiry))
	}
	if r.FailRate != 0 {
		parts = append(parts, fmt.Sprintf("fail %s%% with %d", strconv.FormatFloat(r.FailRate*100, 'g', 4, 64), r.failStatus()))
	}
	if r.Delay != 0 {
		parts = append(parts, "delay "+span(r.Delay))
	}
	if r.Wrong != WrongNone {
		parts = append(parts, "wrong "+string(r.Wrong))
	}
	return strings.Join(parts, ", ")
}

// mark is how the log marks a request the rehearsals r shaped: "delay 2s, fail 503" for a
// rehearsed failure, "expiry 60s, wrong uid" for a rehearsed token; "" when none did.
func (r Rehearsal) mark() string {
	var parts []string
	if r.Delay != 0 {
		parts = append(parts, "delay "+span(r.Delay))
	}
	if r.FailStatus != 0 {
		parts = append(parts, "fail "+strconv.Itoa(r.FailStatus))
	}
	if r.ForceExpiry != 0 {
		parts = append(parts, "expiry "+span(r.ForceExpiry))
	}
	if r.Wrong != WrongNone {
		parts = append(parts, "wrong "+string(r.Wrong))
	}
	return strings.Join(parts, ", ")
}

// span writes a duration as a log reads it best: "60s", "90s", "300ms".
func span(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return d.String()
}

// maxExpiry is the longest expiry a request may ask, in seconds.
func (c *Config) maxExpiry() uint32 {
	if c.MaxExpiry <= 0 || c.MaxExpiry > MaxExpiry {
		return token.MaxLifetime
	}
	return uint32(c.MaxExpiry / time.Second)
}

// validate checks every field of the configuration.
func (c *Config) validate() error {
	if err := token.ValidateAppID(c.AppID); err != nil {
		return wrap(ErrConfig, err)
	}
	if err := token.ValidateCertificate(c.Certificate); err != nil {
		return wrap(ErrConfig, err)
	}
	if c.MaxExpiry < 0 || c.MaxExpiry > MaxExpiry || c.MaxExpiry != 0 && c.MaxExpiry < time.Second {
		return failf(ErrConfig, "the longest expiry is from 1 second to 24 hours, not %s", c.MaxExpiry)
	}
	if _, _, err := splitListen(c.Listen); err != nil {
		return err
	}
	for _, o := range c.CORS {
		if err := CheckOrigin(o); err != nil {
			return err
		}
	}
	return c.Rehearsal.Validate()
}

// splitListen reads a listen address; "" is DefaultListen.
func splitListen(listen string) (host string, port int, err error) {
	if listen == "" {
		listen = DefaultListen
	}
	host, portText, err := net.SplitHostPort(listen)
	if err != nil {
		return "", 0, failf(ErrAddress, "%s is not host:port, e.g. 127.0.0.1:8080", token.Excerpt(listen))
	}
	p, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return "", 0, failf(ErrAddress, "the port of %s is not a number from 0 to 65535", token.Excerpt(listen))
	}
	if host != "" && host != "localhost" && net.ParseIP(host) == nil {
		return "", 0, failf(ErrAddress, "the host of %s is not an IP address or localhost", token.Excerpt(listen))
	}
	return host, int(p), nil
}

// CheckOrigin checks one CORS origin of a [Config]: "*" or scheme://host[:port].
func CheckOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.User != nil || u.Fragment != "" {
		return failf(ErrConfig, "the CORS origin %s is not scheme://host[:port], e.g. http://localhost:3000, or *", token.Excerpt(o))
	}
	return nil
}
