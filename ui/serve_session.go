package ui

import (
	"cmp"
	"context"
	"errors"
	"net"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/serve"
	"github.com/tokendesk/tokendesk/store"
)

// stopGrace is how long stopping waits for the requests in flight (a rehearsed delay among
// them) before it closes their connections.
const stopGrace = 2 * time.Second

// serveSession is the local token server of the window and what the Serve screen shows of
// it. It belongs to the window, not to the screen: the screen is built again when the
// language or theme changes, while the server goes on serving. Its fields are read and
// written on the UI goroutine, except those under mu, which the server's goroutines fill.
type serveSession struct {
	ui      *UI
	choices serveChoices

	server   *serve.Server // nil while stopped
	starting bool
	url      string // the tokenUrl of the running server
	problem  string // one sentence: why the server could not start, or "" when it could
	// project is the label of the project served, for the history.
	project string
	// saved is where served tokens go: the history, while the setting says so; nil when
	// the history cannot take them.
	saved *servedSaver

	log         requestLog
	requests    int // every request since the window opened
	errors      int // those answered with an error status
	renewals    []serve.ClientTimeline
	renewedAt   time.Time // when the timeline was last read, by the wall clock
	unsubscribe func()

	mu          sync.Mutex
	pending     []serve.Request // requests answered, not yet shown
	answered    int             // every request answered, shown or not
	failed      int             // those with an error status
	flushQueued bool
	// arrived tells a test that requests are pending; the app shows them through fyne.Do.
	arrived chan struct{}
}

func newServeSession(u *UI) *serveSession {
	s := &serveSession{
		ui:      u,
		choices: serveChoices{port: defaultServePort, rehearse: defaultRehearse()},
		arrived: make(chan struct{}, 1),
	}
	if to, ok := u.deps.History.(serve.Saver); ok {
		s.saved = &servedSaver{to: to}
	}
	return s
}

// running reports whether the server is serving.
func (s *serveSession) running() bool { return s.server != nil }

// boundAddr is the address the running server listens on.
func (s *serveSession) boundAddr() (*net.TCPAddr, bool) {
	if s.server == nil {
		return nil, false
	}
	addr, ok := s.server.Addr().(*net.TCPAddr)
	return addr, ok
}

// start starts the server the choices describe: the certificate comes from the keychain off
// the UI goroutine, and the Serve screen shows the outcome once it serves or has failed.
func (s *serveSession) start() {
	if s.running() || s.starting {
		return
	}
	choices := s.choices
	if choices.appID == "" {
		s.problem = lang.L("Choose the project whose tokens to serve.")
		return
	}
	s.starting, s.problem = true, ""
	certificates := s.ui.deps.Certificates
	var save serve.Saver
	if s.saved != nil {
		s.saved.on.Store(s.ui.settings.SaveServed)
		save = s.saved
	}
	project := s.project
	s.ui.background(func() {
		server, err := s.startServer(certificates, choices, project, save)
		fyne.Do(func() {
			s.starting = false
			if err != nil {
				s.problem = serveProblem(err, choices)
			} else {
				s.server, s.url = server, server.URL()
				s.unsubscribe = server.Subscribe(s.onRequest)
			}
			// The screen of now: a language change may have built it again meanwhile.
			s.ui.serve.show()
		})
	})
}

// startServer reads the certificate and starts the server; it runs off the UI goroutine.
func (s *serveSession) startServer(certificates Certificates, choices serveChoices, project string, save serve.Saver) (*serve.Server, error) {
	certificate, err := certificates.Get(choices.appID)
	if err != nil {
		return nil, err
	}
	listen := net.JoinHostPort("127.0.0.1", strconv.Itoa(choices.port))
	server, err := serve.New(serve.Config{
		AppID:       choices.appID,
		Certificate: certificate,
		Project:     project,
		Listen:      listen,
		LAN:         choices.lan,
		Rehearsal:   choices.rehearse.rehearsal(),
		Save:        save,
		Now:         s.ui.deps.Now,
	})
	if err != nil {
		return nil, err
	}
	if err := server.Start(); err != nil {
		return nil, err
	}
	return server, nil
}

// servedSaver hands the tokens served to the history while the setting says so. The
// setting may change while the server runs, and the server saves from its own goroutine.
type servedSaver struct {
	to serve.Saver
	on atomic.Bool
}

// AddMany saves the entries, or drops them while the setting is off.
func (v *servedSaver) AddMany(entries []*store.Entry) error {
	if !v.on.Load() {
		return nil
	}
	return v.to.AddMany(entries)
}

// applySettings follows a change of the settings: whether served tokens are kept applies at
// once, to the running server too.
func (s *serveSession) applySettings(v store.Settings) {
	if s.saved != nil {
		s.saved.on.Store(v.SaveServed)
	}
}

// serveProblem says in one sentence why the server could not start.
func serveProblem(err error, choices serveChoices) string {
	switch {
	case isNotFound(err):
		return lang.L("This project has no certificate in the keychain: add it on the Build screen, then start again.")
	case errors.Is(err, serve.ErrPortInUse):
		return lang.L("Port {{.Port}} is in use by another program: choose another port, or stop that program.",
			map[string]any{"Port": choices.port})
	case errors.Is(err, serve.ErrAddress):
		return lang.L("TokenDesk cannot listen on port {{.Port}}: choose another port.", map[string]any{"Port": choices.port})
	}
	fyne.LogError("starting the token server", err)
	return lang.L("The server could not start: {{.Reason}}", map[string]any{"Reason": sentence(err)})
}

// stop stops the server, if it runs; the requests in flight have stopGrace to finish.
func (s *serveSession) stop() {
	server := s.server
	if server == nil {
		return
	}
	if s.unsubscribe != nil {
		s.unsubscribe()
		s.unsubscribe = nil
	}
	s.renewals = newestFirst(server.Timeline(s.ui.deps.now()))
	s.server, s.url = nil, ""
	ctx, cancel := context.WithTimeout(context.Background(), stopGrace)
	defer cancel()
	if err := server.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		fyne.LogError("stopping the token server", err)
	}
}

// setRehearse changes the rehearsals, of the running server too.
func (s *serveSession) setRehearse(r rehearseChoices) {
	s.choices.rehearse = r
	if s.server != nil {
		if err := s.server.SetRehearsal(r.rehearsal()); err != nil {
			fyne.LogError("changing the rehearsals", err)
		}
	}
}

// onRequest is called by the server's goroutines for each request answered. The requests
// wait under mu until the UI goroutine takes them, all those pending at once, so that a
// burst of requests costs the window one redraw rather than one each.
func (s *serveSession) onRequest(r serve.Request) {
	s.mu.Lock()
	s.pending = append(s.pending, r)
	s.answered++
	if !r.OK() {
		s.failed++
	}
	if len(s.pending) > maxShownRequests {
		// Only the newest are shown: the counters still count the ones dropped here.
		s.pending = s.pending[len(s.pending)-maxShownRequests:]
	}
	queue := !s.flushQueued
	s.flushQueued = true
	s.mu.Unlock()
	if !queue {
		return
	}
	if s.ui.deps.Synchronous {
		select {
		case s.arrived <- struct{}{}:
		default:
		}
		return
	}
	fyne.Do(s.flush)
}

// flush shows the requests answered since the last flush; on the UI goroutine.
func (s *serveSession) flush() {
	s.mu.Lock()
	pending := s.pending
	s.pending, s.flushQueued = nil, false
	s.requests, s.errors = s.answered, s.failed
	s.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	for _, r := range pending {
		s.log.add(r)
	}
	// The timeline reads the server's whole log: under a flood of requests, once a second
	// is enough (the screen's ticker keeps it moving too).
	if s.ui.deps.Synchronous || time.Since(s.renewedAt) >= time.Second {
		s.renewalsNow()
		s.renewedAt = time.Now()
	}
	s.ui.serve.showRequests()
}

// renewalsNow refreshes the timeline of the running server, for the clock moving on.
func (s *serveSession) renewalsNow() {
	if s.server != nil {
		s.renewals = newestFirst(s.server.Timeline(s.ui.deps.now()))
	}
}

// newestFirst orders the timeline for a tester: the clients that never renewed first, then
// those that renewed late, then the rest; within each, the newest first, as the request
// table does.
func newestFirst(clients []serve.ClientTimeline) []serve.ClientTimeline {
	slices.Reverse(clients)
	rank := func(v serve.Verdict) int {
		switch v {
		case serve.NeverRenewed:
			return 0
		case serve.RenewedLate:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(clients, func(a, b serve.ClientTimeline) int { return rank(a.Verdict) - rank(b.Verdict) })
	return clients
}

// clear forgets the requests shown and what they counted.
func (s *serveSession) clear() {
	s.mu.Lock()
	s.pending, s.answered, s.failed = nil, 0, 0
	s.mu.Unlock()
	s.log.clear()
	s.requests, s.errors = 0, 0
}

// StartServing starts the window's token server for the project with appID on port (0 for
// any free one), as the Serve screen's switch does, and returns its tokenUrl; with
// Synchronous deps it serves when this returns. The screenshot tool uses it.
func (u *UI) StartServing(appID string, port int) (string, error) {
	s := u.serving
	s.choices.appID, s.choices.port = appID, port
	for _, p := range u.serve.projects {
		if p.AppID == appID {
			s.project = p.Label
		}
	}
	s.start()
	u.serve.show()
	if s.problem != "" {
		return "", errors.New(s.problem)
	}
	return s.url, nil
}

// StopServing stops the window's token server, as closing the window does.
func (u *UI) StopServing() {
	u.serving.stop()
	u.serve.show()
}

// Rehearse switches the Rehearse panel's rehearsals to r, as the panel does.
func (u *UI) Rehearse(r serve.Rehearsal) {
	c := u.serving.choices.rehearse
	c.forceExpiry, c.fail, c.delay, c.wrong = r.ForceExpiry != 0, r.FailRate != 0, r.Delay != 0, r.Wrong != serve.WrongNone
	if c.forceExpiry {
		c.expiry = r.ForceExpiry
	}
	if c.fail {
		c.failRate, c.failStatus, c.seed = r.FailRate, cmp.Or(r.FailStatus, serve.DefaultFailStatus), r.Seed
	}
	if c.delay {
		c.delayBy = r.Delay
	}
	if c.wrong {
		c.wrongKind = r.Wrong
	}
	u.serving.setRehearse(c)
	u.serve.rehearse.fill(c)
	u.serve.show()
}

// AwaitRequests shows the requests the server answered until the table holds n, or
// timeout passes; it reports whether it holds them. With Synchronous deps the requests
// show only through it.
func (u *UI) AwaitRequests(n int, timeout time.Duration) bool {
	giveUp := time.After(timeout)
	for {
		u.serving.flush()
		if u.serving.requests >= n {
			return true
		}
		select {
		case <-u.serving.arrived:
		case <-giveUp:
			return false
		}
	}
}
