package ui

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/serve"
)

// defaultServePort is the port the Serve screen offers, as agora-token-service and the UI
// kits' examples use.
const defaultServePort = 8080

// maxShownRequests is how many requests the table keeps: the newest, in memory only.
const maxShownRequests = 1000

// serveChoices is what the user chose on the Serve screen, typed: the widgets show it and
// change it, and the server is started from it.
type serveChoices struct {
	appID string // the project's App ID; "" until one is chosen
	port  int    // 0 asks the system for any free port
	lan   bool   // devices on the network may ask, under the key
	// rehearse holds each rehearsal's value and whether it is on, so that a value typed
	// stays when its switch goes off and on again.
	rehearse rehearseChoices
}

// rehearseChoices are the rehearsals of the Rehearse panel.
type rehearseChoices struct {
	forceExpiry bool
	expiry      time.Duration
	fail        bool
	failRate    float64 // 0..1
	failStatus  int
	delay       bool
	delayBy     time.Duration
	wrong       bool
	wrongKind   serve.Wrong
	seed        uint64
}

// defaultRehearse are the values the panel starts with: each rehearsal off, with the value a
// tester most often wants when turning it on.
func defaultRehearse() rehearseChoices {
	return rehearseChoices{
		expiry:     60 * time.Second,
		failRate:   0.5,
		failStatus: 503,
		delayBy:    3 * time.Second,
		wrongKind:  serve.WrongUID,
	}
}

// any reports whether a rehearsal is on.
func (r rehearseChoices) any() bool { return r.forceExpiry || r.fail || r.delay || r.wrong }

// rehearsal is the server's rehearsal for the choices: only those switched on.
func (r rehearseChoices) rehearsal() serve.Rehearsal {
	var v serve.Rehearsal
	if r.forceExpiry {
		v.ForceExpiry = r.expiry
	}
	if r.fail {
		v.FailRate, v.FailStatus, v.Seed = r.failRate, r.failStatus, r.seed
	}
	if r.delay {
		v.Delay = r.delayBy
	}
	if r.wrong {
		v.Wrong = r.wrongKind
	}
	return v
}

// parsePort reads a port typed: a whole number from 0 to 65535, 0 for any free port.
func parsePort(text string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 0 || n > 65535 {
		return 0, errors.New(lang.L("a port is a whole number from 0 to 65535; 0 picks any free port"))
	}
	return n, nil
}

// parseForcedExpiry reads the lifetime every token is forced to: 10 s up to 24 hours.
func parseForcedExpiry(text string) (time.Duration, error) {
	seconds, err := parseLifetime(text)
	if err != nil {
		return 0, err
	}
	d := time.Duration(seconds) * time.Second
	if d < serve.MinForcedExpiry {
		return 0, errors.New(lang.L("give at least {{.Min}}: a shorter token expires before an app can join",
			map[string]any{"Min": spanWords(int64(serve.MinForcedExpiry / time.Second))}))
	}
	return d, nil
}

// parseFailRate reads the share of requests to fail as serve.ParseFailRate does ("25%" or
// "0.25"); 0 is refused, since the switch is on.
func parseFailRate(text string) (float64, error) {
	v, err := serve.ParseFailRate(text)
	if err != nil || v == 0 {
		return 0, errors.New(lang.L("give a share of the requests: 25% or 0.25, up to 100%"))
	}
	return v, nil
}

// parseFailStatus reads the HTTP status a failed request gets: 400 to 599.
func parseFailStatus(text string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < serve.MinFailStatus || n > serve.MaxFailStatus {
		return 0, errors.New(lang.L("give an HTTP error status, from 400 to 599"))
	}
	return n, nil
}

// parseDelay reads how long each token response waits: up to 30 s.
func parseDelay(text string) (time.Duration, error) {
	seconds, err := parseLifetime(text)
	if err != nil {
		return 0, err
	}
	d := time.Duration(seconds) * time.Second
	if d == 0 || d > serve.MaxDelay {
		return 0, errors.New(lang.L("give a delay from 1 s up to {{.Max}}",
			map[string]any{"Max": spanWords(int64(serve.MaxDelay / time.Second))}))
	}
	return d, nil
}

// requestLog keeps the newest requests for the table, at most maxShownRequests of them: a
// ring, so that a server that answers millions holds no more.
type requestLog struct {
	ring []serve.Request
	next int // where the next record goes once the ring is full
}

func (l *requestLog) add(r serve.Request) {
	if len(l.ring) < maxShownRequests {
		l.ring = append(l.ring, r)
		return
	}
	l.ring[l.next] = r
	l.next = (l.next + 1) % maxShownRequests
}

func (l *requestLog) len() int { return len(l.ring) }

// at returns the i-th newest record: 0 is the latest.
func (l *requestLog) at(i int) serve.Request {
	n := len(l.ring)
	if n < maxShownRequests {
		return l.ring[n-1-i]
	}
	return l.ring[(l.next-1-i+2*n)%n]
}

func (l *requestLog) clear() { l.ring, l.next = nil, 0 }
