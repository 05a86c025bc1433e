package serve

import (
	"sync"
	"time"
)

// LogSize is how many requests the log keeps: the newest, the older ones are dropped.
const LogSize = 1000

// Service is what a route serves.
type Service string

// The services of the routes.
const (
	ServicePing Service = "ping"
	ServiceRTC  Service = "rtc"
	ServiceRTM  Service = "rtm"
	// ServiceRTE is an RTC and an RTM token in one answer.
	ServiceRTE  Service = "rte"
	ServiceChat Service = "chat"
	// ServiceNone is a request that matched no route, a preflight, or one refused before
	// its route was read.
	ServiceNone Service = ""
)

// Request is one request the server answered, as the log keeps it. It never holds the
// certificate.
type Request struct {
	// Seq numbers the requests from 1, in the order they were answered.
	Seq  uint64    `json:"seq"`
	Time time.Time `json:"time"`
	// Client is the address the request came from, without its port.
	Client string `json:"client"`
	Method string `json:"method"`
	// Route is the path asked for, without the LAN key, cut to a short excerpt.
	Route   string  `json:"route"`
	Service Service `json:"service,omitempty"`
	Channel string  `json:"channel,omitempty"`
	// UID is the uid or, when Account is set, the user account, as asked; for chat the
	// chat user id.
	UID     string `json:"uid,omitempty"`
	Account bool   `json:"account,omitempty"`
	Role    string `json:"role,omitempty"`
	// Expiry is the lifetime of the token served, in seconds, or the one asked when none was.
	Expiry uint32 `json:"expiry,omitempty"`
	Status int    `json:"status"`
	// Duration is how long the answer took, delays included.
	Duration time.Duration `json:"-"`
	// Token is the token served: the RTC token of /rte, "" when none was.
	Token string `json:"token,omitempty"`
	// RTMToken is the RTM token of /rte.
	RTMToken string `json:"rtm_token,omitempty"`
	// ExpiresAt is when the token served expires; zero when none was served.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// Rehearsal names the rehearsals that shaped this answer, in English ("expiry 60s, wrong
	// uid", "delay 2s, fail 503"), "" for a real one. It is Rehearsed, written out.
	Rehearsal string `json:"rehearsal,omitempty"`
	// Rehearsed holds the same rehearsals as values, for a window that says them in its own
	// language: Delay, FailRate and FailStatus of a failure, ForceExpiry and Wrong of a
	// token. It is the zero Rehearsal for a real answer.
	Rehearsed Rehearsal `json:"-"`
	// Error is the sentence sent with an error status.
	Error string `json:"error,omitempty"`
}

// OK reports whether the request was answered with a success status.
func (r *Request) OK() bool { return r.Status < 400 }

// Stats counts what the server answered since it was made.
type Stats struct {
	Requests uint64 `json:"requests"` // every request
	Errors   uint64 `json:"errors"`   // answered with a status of 400 or more, rehearsed failures included
	Tokens   uint64 `json:"tokens"`   // tokens served (an /rte answer serves two)
	// Rehearsed counts the answers a rehearsal shaped.
	Rehearsed uint64 `json:"rehearsed"`
	// SaveFailures counts the tokens that could not be saved in the history.
	SaveFailures uint64 `json:"save_failures"`
}

// requestLog is a ring of the last LogSize requests, with counters and subscribers.
type requestLog struct {
	mu      sync.Mutex
	ring    []Request
	next    int // where the next request goes
	full    bool
	seq     uint64
	stats   Stats
	subs    map[int]func(Request)
	nextSub int
}

func newRequestLog() *requestLog {
	return &requestLog{ring: make([]Request, LogSize), subs: map[int]func(Request){}}
}

// add numbers r, keeps it and tells the subscribers.
func (l *requestLog) add(r Request, tokens int) {
	l.mu.Lock()
	l.seq++
	r.Seq = l.seq
	l.ring[l.next] = r
	l.next = (l.next + 1) % len(l.ring)
	l.full = l.full || l.next == 0
	l.stats.Requests++
	if !r.OK() {
		l.stats.Errors++
	}
	if r.Rehearsal != "" {
		l.stats.Rehearsed++
	}
	l.stats.Tokens += uint64(tokens)
	var subs []func(Request)
	if len(l.subs) > 0 {
		subs = make([]func(Request), 0, len(l.subs))
		for _, fn := range l.subs {
			subs = append(subs, fn)
		}
	}
	l.mu.Unlock()
	for _, fn := range subs {
		fn(r)
	}
}

func (l *requestLog) saveFailed(n int) {
	l.mu.Lock()
	l.stats.SaveFailures += uint64(n)
	l.mu.Unlock()
}

// requests returns the kept requests, newest first.
func (l *requestLog) requests() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.next
	if l.full {
		n = len(l.ring)
	}
	out := make([]Request, 0, n)
	for i := 1; i <= n; i++ {
		out = append(out, l.ring[(l.next-i+len(l.ring))%len(l.ring)])
	}
	return out
}

func (l *requestLog) subscribe(fn func(Request)) (cancel func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	id := l.nextSub
	l.nextSub++
	l.subs[id] = fn
	return func() {
		l.mu.Lock()
		delete(l.subs, id)
		l.mu.Unlock()
	}
}

func (l *requestLog) snapshot() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stats
}
