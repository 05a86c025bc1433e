package serve

import (
	"context"
	crand "crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// Timeouts of the HTTP server: a client that dawdles over its headers or body is cut off,
// and a rehearsed delay of up to MaxDelay still gets its answer out.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = MaxDelay + 15*time.Second
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 16 << 10
)

// keyLength is the length of the LAN key: 16 random bytes, 22 URL-safe characters.
const keyLength = 16

// Server serves tokens over HTTP. Make one with [New]; its methods are safe to call from any
// goroutine.
type Server struct {
	cfg       Config
	now       func() time.Time
	maxExpiry uint32
	key       string // the LAN key, "" when only loopback may ask
	allowAny  bool   // "*" is among the CORS origins
	origins   map[string]bool
	ownHosts  map[string]bool // in LAN mode, this machine's own addresses

	log       *requestLog
	rehearsal atomic.Pointer[rehearsalState]
	saves     chan []*store.Entry
	saverDone chan struct{}
	saveMu    sync.RWMutex // held to send on saves, and to close it
	saveShut  bool

	mu       sync.Mutex
	started  bool
	stopped  bool
	servers  []*http.Server
	addrs    []net.Addr
	stopping chan struct{} // closed when Shutdown begins: rehearsed delays end early
	inflight atomic.Int64  // requests being answered
	// building holds a place for each token being built. Building is all CPU, so more at once
	// than there are processors only adds zlib writers (hundreds of KB each) to memory.
	building chan struct{}
}

// rehearsalState is a rehearsal with the generator that picks the failures.
type rehearsalState struct {
	Rehearsal
	mu  sync.Mutex
	rng *rand.Rand
}

func newRehearsalState(r Rehearsal) *rehearsalState {
	return &rehearsalState{Rehearsal: r, rng: rand.New(rand.NewPCG(r.Seed, r.Seed^0x9e3779b97f4a7c15))}
}

// fails draws whether the next token request fails.
func (r *rehearsalState) fails() bool {
	if r.FailRate == 0 {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rng.Float64() < r.FailRate
}

// New checks cfg and makes a server that is not yet listening. Its LAN key, when cfg.LAN is
// set, is drawn now, so [Server.URL] holds it from the start.
func New(cfg Config) (*Server, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	host, _, _ := splitListen(cfg.Listen)
	if !cfg.LAN && !isLoopbackHost(host) {
		return nil, failf(ErrAddress, "listening on %s lets devices on the network ask for tokens: allow it explicitly (LAN mode), which puts every route under a random key", token.Excerpt(cfg.Listen))
	}
	s := &Server{
		cfg:       cfg,
		now:       cfg.Now,
		maxExpiry: cfg.maxExpiry(),
		origins:   map[string]bool{},
		log:       newRequestLog(),
		stopping:  make(chan struct{}),
		building:  make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
	if s.now == nil {
		s.now = time.Now
	}
	for _, o := range cfg.CORS {
		if o == "*" {
			s.allowAny = true
		}
		s.origins[o] = true
	}
	if cfg.LAN {
		b := make([]byte, keyLength)
		if _, err := crand.Read(b); err != nil {
			return nil, err
		}
		s.key = base64.RawURLEncoding.EncodeToString(b)
		s.ownHosts = ownAddresses()
	}
	s.rehearsal.Store(newRehearsalState(cfg.Rehearsal))
	if cfg.Save != nil {
		s.saves = make(chan []*store.Entry, saveQueue)
		s.saverDone = make(chan struct{})
		go s.saver()
	}
	return s, nil
}

// Start listens and serves in the background. It returns an error wrapping [ErrPortInUse]
// when the port is taken, [ErrAddress] when the address cannot be listened on, and
// [ErrStarted] when called twice or after Shutdown.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.stopped {
		return ErrStarted
	}
	host, port, _ := splitListen(s.cfg.Listen)
	var primary, extra string // extra is listened on when it can be, as a courtesy
	switch {
	case s.cfg.LAN && isLoopbackHost(host):
		primary = net.JoinHostPort("", strconv.Itoa(port))
	case s.cfg.Listen == "" || host == "localhost":
		primary = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		extra = "::1"
	default:
		primary = net.JoinHostPort(host, strconv.Itoa(port))
	}
	ln, err := net.Listen("tcp", primary)
	if err != nil {
		return listenError(primary, err)
	}
	listeners := []net.Listener{ln}
	if extra != "" {
		bound := ln.Addr().(*net.TCPAddr).Port
		if ln6, err := net.Listen("tcp", net.JoinHostPort(extra, strconv.Itoa(bound))); err == nil {
			listeners = append(listeners, ln6)
		}
	}
	s.started = true
	for _, l := range listeners {
		srv := &http.Server{
			Handler:           s,
			ReadHeaderTimeout: readHeaderTimeout,
			ReadTimeout:       readTimeout,
			WriteTimeout:      writeTimeout,
			IdleTimeout:       idleTimeout,
			MaxHeaderBytes:    maxHeaderBytes,
			// The request log says what went wrong with each request; net/http's own
			// messages about broken connections would only be noise on a terminal.
			ErrorLog: log.New(io.Discard, "", 0),
		}
		s.servers = append(s.servers, srv)
		s.addrs = append(s.addrs, l.Addr())
		go func() { _ = srv.Serve(l) }()
	}
	return nil
}

// listenError turns a failure to listen into one sentence.
func listenError(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) || isAddrInUse(err) {
		return failf(ErrPortInUse, "%s is already in use by another program: stop it, or listen on another port", addr)
	}
	reason := err.Error()
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		reason = op.Err.Error()
	}
	return failf(ErrAddress, "cannot listen on %s: %s", addr, reason)
}

// Shutdown stops listening, lets the requests under way finish (rehearsed delays are cut
// short) until ctx ends, and saves the tokens still waiting for the history. A server that
// was never started only saves.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil
	}
	s.stopped = true
	close(s.stopping)
	servers := s.servers
	s.mu.Unlock()
	err := s.drain(ctx, servers)
	errs := []error{err}
	if s.saves != nil {
		s.saveMu.Lock()
		s.saveShut = true
		close(s.saves)
		s.saveMu.Unlock()
		select {
		case <-s.saverDone:
		case <-ctx.Done():
			errs = append(errs, ctx.Err())
		}
	}
	return errors.Join(errs...)
}

// drain stops the servers from taking connections and waits until no request is being
// answered, then closes every connection left. net/http's own Shutdown would also wait five
// seconds for a connection that never sent a request, which browsers open ahead of time.
func (s *Server) drain(ctx context.Context, servers []*http.Server) error {
	if len(servers) == 0 {
		return nil
	}
	done := make(chan error, len(servers))
	for _, srv := range servers {
		go func() { done <- srv.Shutdown(ctx) }()
	}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var err error
wait:
	for s.inflight.Load() > 0 {
		select {
		case <-tick.C:
		case <-ctx.Done():
			err = ctx.Err()
			break wait
		}
	}
	for _, srv := range servers {
		_ = srv.Close()
	}
	for range servers {
		<-done
	}
	return err
}

// Addr is the address the server listens on (the IPv4 one when there are two), or nil before
// Start.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.addrs) == 0 {
		return nil
	}
	return s.addrs[0]
}

// URL is the tokenUrl to paste into a demo: http://127.0.0.1:8080, or in LAN mode
// http://<this machine's LAN address>:8080/k/<key>. It has no trailing slash, since the UI
// kits append "/rtc/...". Before Start it shows the configured port.
func (s *Server) URL() string {
	host, port, _ := splitListen(s.cfg.Listen)
	if a, ok := s.Addr().(*net.TCPAddr); ok {
		port = a.Port
	}
	switch {
	case s.cfg.LAN && (isLoopbackHost(host) || net.ParseIP(host).IsUnspecified()):
		host = lanAddress()
	case host == "localhost" || host == "":
		host = "127.0.0.1"
	}
	u := "http://" + net.JoinHostPort(host, strconv.Itoa(port))
	if s.key != "" {
		u += "/k/" + s.key
	}
	return u
}

// LAN reports whether devices on the network may ask (under the key).
func (s *Server) LAN() bool { return s.cfg.LAN }

// Handler is the server's HTTP handler, for a caller that listens itself (tests use
// httptest). It logs every request as a started server does.
func (s *Server) Handler() http.Handler { return s }

// Requests returns the requests the log keeps (the last [LogSize]), newest first.
func (s *Server) Requests() []Request { return s.log.requests() }

// Subscribe calls fn with every request as soon as it is answered, from the goroutine that
// answered it, until cancel is called. fn must not block: a window hands the request to its
// own goroutine (fyne.Do).
func (s *Server) Subscribe(fn func(Request)) (cancel func()) { return s.log.subscribe(fn) }

// Stats counts the requests answered so far.
func (s *Server) Stats() Stats { return s.log.snapshot() }

// Rehearsal returns the rehearsal in force.
func (s *Server) Rehearsal() Rehearsal { return s.rehearsal.Load().Rehearsal }

// SetRehearsal changes the rehearsal, from the next request on; the failure generator starts
// again from r.Seed. It refuses a rehearsal out of its limits and keeps the one in force.
func (s *Server) SetRehearsal(r Rehearsal) error {
	if err := r.Validate(); err != nil {
		return err
	}
	s.rehearsal.Store(newRehearsalState(r))
	return nil
}

// isLoopbackHost reports whether a listen host keeps the server to this machine.
func isLoopbackHost(host string) bool {
	if host == "" {
		return true // the default, 127.0.0.1
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ownAddresses are the IP addresses of this machine's interfaces, as a URL's host names them.
func ownAddresses() map[string]bool {
	own := map[string]bool{}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return own
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			own[n.IP.String()] = true
		}
	}
	return own
}

// lanAddress is the address devices on the network most likely reach this machine at: the
// first private IPv4 address of an interface that is up, else any non-loopback one, else
// 127.0.0.1.
func lanAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return "127.0.0.1"
	}
	fallback := ""
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.To4() == nil || n.IP.IsLinkLocalUnicast() {
			continue
		}
		if n.IP.IsPrivate() {
			return n.IP.String()
		}
		if fallback == "" {
			fallback = n.IP.String()
		}
	}
	if fallback != "" {
		return fallback
	}
	return "127.0.0.1"
}
