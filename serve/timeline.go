package serve

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Verdict says what a client did before its token expired.
type Verdict int

// What a client did with a token.
const (
	// Waiting: the token is still valid and no other has been asked for yet.
	Waiting Verdict = iota
	// RenewedInTime: the next token was asked for Margin before this one expired.
	RenewedInTime
	// RenewedLate: the next token was asked for Margin after this one expired.
	RenewedLate
	// NeverRenewed: the token expired at ExpiresAt and no other was asked for.
	NeverRenewed
)

// ClientTimeline is one client's tokens on the renewal timeline: the tokens served to one
// address for one service and one uid or account, oldest first, and the verdict that tells
// most about the client.
type ClientTimeline struct {
	// Client is the client's address, without its port.
	Client  string
	Service Service
	// UID is the uid or, when Account is set, the user account asked for; "" for uid 0 and
	// for a chat app token.
	UID     string
	Account bool
	Served  []Served

	// Verdict is the client's: a token that expired without renewal, else its latest late
	// renewal, else its latest renewal in time, else Waiting.
	Verdict Verdict
	// Margin is how long before (RenewedInTime) or after (RenewedLate) the expiry the
	// renewal of the verdict came.
	Margin time.Duration
	// ExpiredAt is when the token of the verdict expires or expired.
	ExpiredAt time.Time
}

// Served is one token on a client's timeline, and what came of it.
type Served struct {
	ServedAt  time.Time
	ExpiresAt time.Time
	// Rehearsal marks a token a rehearsal shaped ("expiry 1m0s"), "" for a real one.
	Rehearsal string
	Verdict   Verdict
	Margin    time.Duration
}

// Who names the client the way the timeline does: "uid 42", "account alice", "chat app".
func (c *ClientTimeline) Who() string {
	switch {
	case c.UID == "" && c.Service == ServiceChat:
		return "chat app"
	case c.Account:
		return "account " + c.UID
	case c.UID == "":
		return "uid 0"
	}
	return "uid " + c.UID
}

// Summary says the client's verdict in a sentence: "uid 42 renewed 28 s before expiry",
// "uid 7 never renewed; its token expired at 10:42:13". Times are written in the location
// of the server's clock.
func (c *ClientTimeline) Summary() string {
	who, at := c.Who(), c.ExpiredAt.Format("15:04:05")
	switch c.Verdict {
	case RenewedInTime:
		return fmt.Sprintf("%s renewed %s before expiry", who, seconds(c.Margin))
	case RenewedLate:
		return fmt.Sprintf("%s renewed late: %s after its token expired at %s", who, seconds(c.Margin), at)
	case NeverRenewed:
		return fmt.Sprintf("%s never renewed; its token expired at %s", who, at)
	}
	return fmt.Sprintf("%s has a token valid until %s", who, at)
}

// seconds writes a span as whole seconds: "28 s".
func seconds(d time.Duration) string {
	return fmt.Sprintf("%d s", int64(d.Round(time.Second)/time.Second))
}

// Timeline groups the tokens served in requests by client and says, for each token, whether
// the client asked for the next one before it expired, late, or never, as of now. Clients
// come in the order they first asked.
func Timeline(requests []Request, now time.Time) []ClientTimeline {
	ordered := slices.Clone(requests)
	slices.SortFunc(ordered, func(a, b Request) int { return cmp.Compare(a.Seq, b.Seq) })
	type key struct {
		address, uid string
		service      Service
		account      bool
	}
	index := map[key]int{}
	var clients []ClientTimeline
	for i := range ordered {
		r := &ordered[i]
		if !r.OK() || r.Token == "" {
			continue
		}
		uid := r.UID
		if !r.Account && uid == "0" {
			uid = ""
		}
		k := key{r.Client, uid, r.Service, r.Account}
		at, seen := index[k]
		if !seen {
			at = len(clients)
			index[k] = at
			clients = append(clients, ClientTimeline{Client: r.Client, Service: r.Service, UID: uid, Account: r.Account})
		}
		c := &clients[at]
		if n := len(c.Served); n > 0 {
			prev := &c.Served[n-1]
			if left := prev.ExpiresAt.Sub(r.Time); left >= 0 {
				prev.Verdict, prev.Margin = RenewedInTime, left
			} else {
				prev.Verdict, prev.Margin = RenewedLate, -left
			}
		}
		c.Served = append(c.Served, Served{ServedAt: r.Time, ExpiresAt: r.ExpiresAt, Rehearsal: r.Rehearsal})
	}
	for i := range clients {
		c := &clients[i]
		last := &c.Served[len(c.Served)-1]
		if !now.Before(last.ExpiresAt) {
			last.Verdict = NeverRenewed
		}
		c.judge()
	}
	return clients
}

// judge sets the client's verdict from its tokens'.
func (c *ClientTimeline) judge() {
	pick := len(c.Served) - 1
	verdict := func(i int) {
		s := c.Served[i]
		c.Verdict, c.Margin, c.ExpiredAt = s.Verdict, s.Margin, s.ExpiresAt
	}
	if c.Served[pick].Verdict == NeverRenewed {
		verdict(pick)
		return
	}
	for i := pick; i >= 0; i-- {
		if c.Served[i].Verdict == RenewedLate {
			verdict(i)
			return
		}
	}
	if pick > 0 {
		pick--
	}
	verdict(pick)
}

// Timeline is the renewal timeline of the requests the log keeps, as of now (see [Timeline]).
func (s *Server) Timeline(now time.Time) []ClientTimeline { return Timeline(s.Requests(), now) }
