package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tokendesk/tokendesk/serve"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

type serveOptions struct {
	project, appID string
	certStdin      bool
	listen         string
	lan            bool
	cors           string
	maxExpire      string
	noSave         bool
	json           bool

	forceExpiry string
	failRate    string
	failStatus  string
	seed        string
	delay       string
	wrong       string
}

func newServeFlags(o *serveOptions) *flagSet {
	f := newFlagSet("serve", "tokendesk serve (--project LABEL | --app-id ID) [--listen HOST:PORT] [--lan] [rehearsal flags]",
		`Serves tokens to demo apps over HTTP, with the API of AgoraIO-Community/agora-token-service:
GET /rtc/CHANNEL/ROLE/uid|userAccount/UID/, /rtm/USER/, /rte/CHANNEL/ROLE/uid/UID/[RTMUSER/],
/chat/app/, /chat/account/USER/, /ping, and POST /getToken; every route with or without its
trailing slash, and ?expiry=SECONDS (default 3600, at most --max-expire).

It prints the tokenUrl to paste into the demo on standard output, then one line per request on
standard error, and runs until Ctrl+C, which stops it cleanly and prints, for each client, whether
it renewed its token in time. Every token served is saved in the history, labelled as served,
unless --no-save.

It listens on 127.0.0.1 only: other machines cannot ask. --lan lets phones and other devices on
your network ask, with every route under a random key that the printed tokenUrl carries. Pages
in a browser may ask from http://localhost and http://127.0.0.1 on any port (with --lan also
from this machine's own addresses); --cors allows more.

The App Certificate comes from AGORA_APP_CERTIFICATE, then --cert-stdin, then the OS keychain
entry for the App ID (tokendesk cert set). It is never in an answer, the log or the history.

Rehearsals make trouble on purpose, to see how the app copes; each answer they shape is marked
in the log (and "rehearsal" in --json lines) and in the history label. /ping is never rehearsed.

Exit status: 0 stopped with Ctrl+C; 2 bad input, no certificate, or the port in use.`,
		`  tokendesk serve --app-id 970CA35de60c44645bbae8a215061b33       # tokenUrl: http://127.0.0.1:8080
  tokendesk serve --project "QA staging" --listen 127.0.0.1:9000
  tokendesk serve --project Demo --lan                              # a phone on the same Wi-Fi
  tokendesk serve --project Demo --json 2> requests.jsonl

  # Web UI kit (agora-rtc-react, Web, Android, iOS, Unity samples ask with a trailing slash):
  #   tokenUrl: 'http://127.0.0.1:8080'  ->  GET http://127.0.0.1:8080/rtc/test/publisher/uid/0/
  # React Native and Flutter UI kits (no trailing slash):
  #   tokenUrl: 'http://127.0.0.1:8080'  ->  GET http://127.0.0.1:8080/rtc/test/publisher/uid/0
  curl http://127.0.0.1:8080/rtc/test/publisher/uid/42/
  curl 'http://127.0.0.1:8080/rtm/alice/?expiry=600'
  curl -X POST http://127.0.0.1:8080/getToken -d '{"tokenType":"rtc","channel":"test","uid":"42"}'

  # Rehearse: 60-second tokens, to watch the app renew within a minute
  tokendesk serve --project Demo --force-expiry 60s
  tokendesk serve --project Demo --fail-rate 0.2 --fail-status 503 --seed 7
  tokendesk serve --project Demo --delay 5s
  tokendesk serve --project Demo --wrong uid`)
	f.str(&o.project, "project", "LABEL", "serve the project with this label (tokendesk cert list shows them)")
	f.str(&o.appID, "app-id", "ID", "serve this App ID instead (or env AGORA_APP_ID)")
	f.boolean(&o.certStdin, "cert-stdin", "read the App Certificate from the first line of standard input")
	f.str(&o.listen, "listen", "HOST:PORT", "where to listen (default 127.0.0.1:8080; port 0 picks a free one)")
	f.boolean(&o.lan, "lan", "let devices on your network ask: listens on every interface, every route under a random key")
	f.str(&o.cors, "cors", "ORIGINS", "also allow browser pages from these origins, comma-separated (http://host:port), or *")
	f.str(&o.maxExpire, "max-expire", "D", "the longest ?expiry a client may ask: seconds or a duration (default and ceiling 24h)")
	f.boolean(&o.noSave, "no-save", "do not save the tokens served in the history")
	f.boolean(&o.json, "json", "write standard error as JSON lines: the start, each request, each client's renewals, the stop")
	f.str(&o.forceExpiry, "force-expiry", "D", "rehearsal: every token and its privileges live D, whatever was asked (10s to 24h)")
	f.str(&o.failRate, "fail-rate", "F", "rehearsal: this fraction of token requests fail (0.2 or 20%)")
	f.str(&o.failStatus, "fail-status", "CODE", "the HTTP status of a rehearsed failure, 400 to 599 (default 503)")
	f.str(&o.seed, "seed", "N", "seed of --fail-rate, so the same requests fail again (default: random, printed)")
	f.str(&o.delay, "delay", "D", "rehearsal: every token answer waits D (500ms, 5s; at most 30s)")
	f.str(&o.wrong, "wrong", "KIND", "rehearsal: serve tokens wrong in one way: uid, channel, role, certificate or expired")
	return f
}

func (a *app) serve(args []string) error {
	o := &serveOptions{}
	f := newServeFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArguments("serve", rest); err != nil {
		return err
	}
	cfg, seedDrawn, err := a.serveConfig(f, o)
	if err != nil {
		return err
	}
	st := a.historyFor(o)
	if st != nil {
		defer st.Close()
		cfg.Save = st
		if cfg.Project == "" {
			if p, err := st.Project(cfg.AppID); err == nil {
				cfg.Project = p.Label
			}
		}
	}
	// Ctrl+C is caught from here on, so that one pressed while the server starts stops it too.
	ctx, stop := a.interrupted()
	defer stop()
	srv, err := serve.New(cfg)
	if err != nil {
		return serveError(err, o.listen)
	}
	if ctx.Err() != nil {
		return nil // Ctrl+C before the server listened: nothing to stop
	}
	if err := srv.Start(); err != nil {
		return serveError(err, o.listen)
	}
	if a.env("GOGC") == "" { // a GOGC of the user's own stands
		defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
	}
	out := newServeOutput(a.stderr, o.json)
	defer out.close()
	cancel := srv.Subscribe(out.request)
	defer cancel()
	fmt.Fprintln(a.stdout, srv.URL())
	out.started(srv, &cfg, seedDrawn)
	if a.onServe != nil {
		a.onServe(srv)
	}

	<-ctx.Done()
	stop()
	shutdown, cancelShutdown := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelShutdown()
	err = srv.Shutdown(shutdown)
	out.stopped(srv, a.now(), err)
	return nil
}

// interrupted returns a context that ends at Ctrl+C (or SIGTERM), unless a test set its own.
func (a *app) interrupted() (context.Context, context.CancelFunc) {
	if a.interrupt != nil {
		return a.interrupt()
	}
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// serveConfig reads the flags into a server configuration, with the certificate. seedDrawn
// is set when --fail-rate was given without --seed and a seed was drawn.
func (a *app) serveConfig(f *flagSet, o *serveOptions) (cfg serve.Config, seedDrawn bool, err error) {
	// Without --listen the server picks its default, which also listens on [::1].
	cfg = serve.Config{Listen: strings.TrimSpace(o.listen), LAN: o.lan, Now: a.now}
	listen := cfg.Listen
	if listen == "" {
		listen = serve.DefaultListen
	}
	if err := checkListen(listen, o.lan); err != nil {
		return cfg, false, err
	}
	if cfg.AppID, cfg.Project, err = a.servedProject(o); err != nil {
		return cfg, false, err
	}
	for _, origin := range strings.Split(o.cors, ",") {
		if origin = strings.TrimSpace(origin); origin != "" {
			if serve.CheckOrigin(origin) != nil {
				return cfg, false, usageErrorf("--cors %s is not an origin like http://localhost:3000 or https://demo.example.com, or *", token.Excerpt(origin))
			}
			cfg.CORS = append(cfg.CORS, origin)
		}
	}
	if f.isSet("max-expire") {
		seconds, err := parseLifetime("--max-expire", o.maxExpire)
		if err != nil {
			return cfg, false, err
		}
		if seconds < 1 || seconds > token.MaxLifetime {
			return cfg, false, usageErrorf("--max-expire %s is out of range: from 1 second to 24h", token.Excerpt(o.maxExpire))
		}
		cfg.MaxExpiry = time.Duration(seconds) * time.Second
	}
	if cfg.Rehearsal, seedDrawn, err = rehearsalFromFlags(f, o); err != nil {
		return cfg, false, err
	}
	// The certificate comes last: a mistake in a flag should not cost a keychain prompt.
	if cfg.Certificate, err = a.certificate(cfg.AppID, o.certStdin); err != nil {
		return cfg, false, err
	}
	return cfg, seedDrawn, nil
}

// checkListen checks --listen before anything else is asked, in the words of the flag.
func checkListen(listen string, lan bool) error {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return usageErrorf("--listen %s is not HOST:PORT, e.g. 127.0.0.1:8080", token.Excerpt(listen))
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || port == "" {
		return usageErrorf("--listen %s: the port is not a number from 0 to 65535", token.Excerpt(listen))
	} else if n == 0 && lan {
		return usageErrorf("--listen %s: with --lan give a fixed port, so the address on your phone stays the same", token.Excerpt(listen))
	}
	if host != "" && host != "localhost" && net.ParseIP(host) == nil {
		return usageErrorf("--listen %s: the host is not an IP address or localhost", token.Excerpt(listen))
	}
	if ip := net.ParseIP(host); !lan && (host == "" || ip != nil && !ip.IsLoopback()) {
		return usageErrorf("--listen %s would let other machines ask for tokens: add --lan to allow that (every route then needs a random key)", token.Excerpt(listen))
	}
	return nil
}

// servedProject is the App ID to serve, from --project or --app-id, and the project's label.
func (a *app) servedProject(o *serveOptions) (appID, label string, err error) {
	label = strings.TrimSpace(o.project)
	if label == "" {
		appID, err := a.appIDFrom(o.appID)
		return appID, "", err
	}
	if strings.TrimSpace(o.appID) != "" {
		return "", "", usageErrorf("give --project or --app-id, not both")
	}
	st, ok := a.openExistingStore()
	if !ok {
		return "", "", usageErrorf("no project is labelled %s: there are no projects yet; name one with tokendesk cert set --app-id ID --label NAME", token.Excerpt(label))
	}
	defer st.Close()
	projects, err := st.Projects()
	if err != nil {
		return "", "", usageErrorf("the projects could not be read: %s", plain(err))
	}
	var found []store.Project
	for _, p := range projects {
		if p.Label == label {
			return p.AppID, p.Label, nil
		}
		if strings.EqualFold(p.Label, label) {
			found = append(found, p)
		}
	}
	if len(found) == 1 {
		return found[0].AppID, found[0].Label, nil
	}
	return "", "", usageErrorf("no project is labelled %s: tokendesk cert list shows the projects", token.Excerpt(label))
}

// rehearsalFromFlags reads the rehearsal flags.
func rehearsalFromFlags(f *flagSet, o *serveOptions) (r serve.Rehearsal, seedDrawn bool, err error) {
	if f.isSet("force-expiry") {
		seconds, err := parseLifetime("--force-expiry", o.forceExpiry)
		if err != nil {
			return r, false, err
		}
		r.ForceExpiry = time.Duration(seconds) * time.Second
		if r.ForceExpiry < serve.MinForcedExpiry || r.ForceExpiry > serve.MaxExpiry {
			return r, false, usageErrorf("--force-expiry %s is out of range: from 10s (the SDKs warn 30 s before expiry; 60s shows it) to 24h", token.Excerpt(o.forceExpiry))
		}
	}
	if f.isSet("fail-rate") {
		if r.FailRate, err = parseFraction(o.failRate); err != nil {
			return r, false, err
		}
	}
	if f.isSet("fail-status") {
		if !f.isSet("fail-rate") {
			return r, false, usageErrorf("--fail-status is the status of the failures --fail-rate makes; give --fail-rate too")
		}
		code, err := strconv.Atoi(strings.TrimSpace(o.failStatus))
		if err != nil || code < serve.MinFailStatus || code > serve.MaxFailStatus {
			return r, false, usageErrorf("--fail-status %s is not an HTTP error status from 400 to 599", token.Excerpt(o.failStatus))
		}
		r.FailStatus = code
	}
	switch {
	case f.isSet("seed") && !f.isSet("fail-rate"):
		return r, false, usageErrorf("--seed picks which requests --fail-rate fails; give --fail-rate too")
	case f.isSet("seed"):
		if r.Seed, err = strconv.ParseUint(strings.TrimSpace(o.seed), 10, 64); err != nil {
			return r, false, usageErrorf("--seed %s is not a whole number from 0 to 18446744073709551615", token.Excerpt(o.seed))
		}
	case r.FailRate > 0:
		r.Seed, seedDrawn = rand.Uint64N(1_000_000), true
	}
	if f.isSet("delay") {
		if r.Delay, err = parseDelay(o.delay); err != nil {
			return r, false, err
		}
	}
	if f.isSet("wrong") {
		if r.Wrong, err = serve.ParseWrong(o.wrong); err != nil {
			return r, false, usageErrorf("--wrong %s is not a kind of wrong token: use uid, channel, role, certificate or expired", token.Excerpt(o.wrong))
		}
	}
	return r, seedDrawn, nil
}

// parseFraction reads --fail-rate: 0.2 or 20%.
func parseFraction(s string) (float64, error) {
	v, err := serve.ParseFailRate(s)
	if err != nil {
		return 0, usageErrorf("--fail-rate %s is not a fraction from 0 to 1 (0.2) or a percentage (20%%)", token.Excerpt(s))
	}
	return v, nil
}

// parseDelay reads --delay: seconds ("5") or a duration ("500ms", "5s"), at most 30 s.
func parseDelay(s string) (time.Duration, error) {
	text := strings.TrimSpace(s)
	d, err := time.ParseDuration(text)
	if n, nerr := strconv.ParseUint(text, 10, 32); nerr == nil {
		d, err = time.Duration(n)*time.Second, nil
	}
	if err != nil || d < 0 || d > serve.MaxDelay {
		return 0, usageErrorf("--delay %s is not a delay from 0 to 30s, e.g. 500ms or 5s", token.Excerpt(s))
	}
	return d, nil
}

// historyFor opens the history the tokens served are saved in, or returns nil with --no-save
// or when it cannot be opened (then it says so and serves anyway).
func (a *app) historyFor(o *serveOptions) *store.Store {
	if o.noSave {
		return nil
	}
	st, err := a.openStore()
	if err != nil {
		fmt.Fprintf(a.stderr, "tokendesk serve: warning: %s; the tokens served are not saved\n", plain(err))
		return nil
	}
	return st
}

// serveError turns an error of the server into one sentence.
func serveError(err error, listen string) error {
	if listen == "" {
		listen = serve.DefaultListen
	}
	switch {
	case errors.Is(err, serve.ErrPortInUse):
		return usageErrorf("%s is already in use by another program: stop it, or choose another port with --listen, e.g. --listen %s",
			token.Excerpt(listen), nextPort(listen))
	case errors.Is(err, serve.ErrAddress):
		return usageErrorf("--listen %s: %s", token.Excerpt(listen), plain(err))
	}
	return usageErrorf("the server could not start: %s", plain(err))
}

// nextPort suggests the port after the one in listen.
func nextPort(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n >= 65535 {
		return "127.0.0.1:8081"
	}
	return net.JoinHostPort(host, strconv.Itoa(n+1))
}

// serveGCPercent is the garbage collector's target while serving, unless GOGC is set. The
// server's heap is small: about 1 MB idle, 3 MB after each collection at 10,000 requests a
// second. With the default target of 100 the collector then ran 13 times a second, each run
// taking its share of two cores from the answers; at 400 it runs a quarter as often.
const serveGCPercent = 400

// outputQueue is how many lines may wait for standard error before a request waits for them.
const outputQueue = 4096

// serveOutput writes what the server does on standard error: sentences, or JSON lines with
// --json. Requests arrive from many goroutines at once; each queues its line whole, and one
// goroutine writes what is queued in one go. A terminal that scrolls slowly therefore does
// not hold up the tokens; only when outputQueue lines are waiting does a request wait for
// its line to be taken. No line is dropped before close.
type serveOutput struct {
	json   bool
	mu     sync.RWMutex // held to queue a line, and to close the queue
	closed bool
	lines  chan string
	done   chan struct{} // closed when every queued line is written
}

func newServeOutput(w io.Writer, json bool) *serveOutput {
	o := &serveOutput{json: json, lines: make(chan string, outputQueue), done: make(chan struct{})}
	go o.write(bufio.NewWriter(w))
	return o
}

// write writes the queued lines, flushing whenever the queue is empty.
func (o *serveOutput) write(w *bufio.Writer) {
	defer close(o.done)
	for text := range o.lines {
		w.WriteString(text)
		w.WriteByte('\n')
		if len(o.lines) == 0 {
			w.Flush()
		}
	}
	w.Flush()
}

func (o *serveOutput) line(text string) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	if !o.closed {
		o.lines <- text
	}
}

// close writes what is queued and returns when it is written. A request that a server cut
// off on stopping may still report itself afterwards; its line is not written.
func (o *serveOutput) close() {
	o.mu.Lock()
	if !o.closed {
		o.closed = true
		close(o.lines)
	}
	o.mu.Unlock()
	<-o.done
}

func (o *serveOutput) jsonLine(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	o.line(string(b))
}

// started says where the server listens, warns about LAN mode and names the rehearsals.
func (o *serveOutput) started(srv *serve.Server, cfg *serve.Config, seedDrawn bool) {
	r := cfg.Rehearsal
	if o.json {
		o.jsonLine(struct {
			Event     string `json:"event"`
			TokenURL  string `json:"token_url"`
			AppID     string `json:"app_id"`
			Project   string `json:"project,omitempty"`
			LAN       bool   `json:"lan"`
			Saving    bool   `json:"saving"`
			Rehearsal string `json:"rehearsal,omitempty"`
			Seed      uint64 `json:"seed,omitempty"`
		}{"started", srv.URL(), cfg.AppID, cfg.Project, cfg.LAN, cfg.Save != nil, r.String(), r.Seed})
		return
	}
	project := cfg.AppID
	if cfg.Project != "" {
		project = token.Excerpt(cfg.Project) + " (" + cfg.AppID + ")"
	}
	o.line(fmt.Sprintf("tokendesk serve: serving tokens of %s at %s - paste it as the demo's tokenUrl; Ctrl+C stops.", project, srv.URL()))
	if cfg.LAN {
		o.line("tokendesk serve: warning: --lan lets any device on your network that has this tokenUrl get tokens " +
			"signed with the project's certificate; share it only with your own devices, and stop the server when the demo ends.")
	}
	if cfg.Save == nil {
		o.line("tokendesk serve: the tokens served are not saved in the history.")
	}
	if r.Active() {
		seed := ""
		if r.FailRate > 0 {
			seed = fmt.Sprintf(" (seed %d", r.Seed)
			if seedDrawn {
				seed += ": give --seed " + strconv.FormatUint(r.Seed, 10) + " to fail the same requests again"
			}
			seed += ")"
		}
		o.line("tokendesk serve: REHEARSAL: " + r.String() + seed + ". Answers it shapes are marked \"rehearsal\".")
	}
}

// requestLine is a request as a --json line.
type requestLine struct {
	Event string `json:"event"`
	serve.Request
	MS float64 `json:"ms"`
}

// request writes one request: a line of text, or a JSON line.
func (o *serveOutput) request(r serve.Request) {
	if o.json {
		o.jsonLine(requestLine{"request", r, float64(r.Duration.Microseconds()) / 1000})
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s %s %d %.1f ms", r.Time.Format("15:04:05"), r.Client, r.Method, r.Route, r.Status,
		float64(r.Duration.Microseconds())/1000)
	if !r.ExpiresAt.IsZero() {
		fmt.Fprintf(&b, ", %s token until %s", r.Service, r.ExpiresAt.Format("15:04:05"))
	}
	if r.Rehearsal != "" {
		b.WriteString(" [rehearsal: " + r.Rehearsal + "]")
	}
	if r.Error != "" {
		b.WriteString(" - " + r.Error)
	}
	o.line(b.String())
}

// renewalLine is one client's renewals as a --json line.
type renewalLine struct {
	Event         string        `json:"event"`
	Client        string        `json:"client"`
	Service       serve.Service `json:"service"`
	UID           string        `json:"uid"`
	Account       bool          `json:"account,omitempty"`
	Tokens        int           `json:"tokens"`
	Verdict       string        `json:"verdict"`
	MarginSeconds int64         `json:"margin_seconds"`
	ExpiredAt     time.Time     `json:"expired_at"`
	Summary       string        `json:"summary"`
}

// verdictNames are the verdicts as --json lines write them.
var verdictNames = map[serve.Verdict]string{
	serve.Waiting:       "waiting",
	serve.RenewedInTime: "renewed-in-time",
	serve.RenewedLate:   "renewed-late",
	serve.NeverRenewed:  "never-renewed",
}

// stopped prints each client's renewals and the counts.
func (o *serveOutput) stopped(srv *serve.Server, now time.Time, shutdownErr error) {
	timeline := srv.Timeline(now)
	st := srv.Stats()
	if o.json {
		for _, c := range timeline {
			o.jsonLine(renewalLine{"renewals", c.Client, c.Service, c.UID, c.Account, len(c.Served), verdictNames[c.Verdict],
				int64(c.Margin.Round(time.Second) / time.Second), c.ExpiredAt, c.Summary()})
		}
		o.jsonLine(struct {
			Event string `json:"event"`
			serve.Stats
		}{"stopped", st})
		return
	}
	if shutdownErr != nil {
		o.line("tokendesk serve: warning: some requests were cut off on stopping")
	}
	if len(timeline) > 0 {
		o.line("Renewals:")
		for _, c := range timeline {
			o.line(fmt.Sprintf("  %s %s %s (%d %s)", c.Client, c.Service, c.Summary(), len(c.Served), plural(len(c.Served), "token", "tokens")))
		}
	}
	summary := fmt.Sprintf("Stopped: %d %s, %d %s, %d %s served",
		st.Requests, plural(int(st.Requests), "request", "requests"), st.Errors, plural(int(st.Errors), "error", "errors"),
		st.Tokens, plural(int(st.Tokens), "token", "tokens"))
	if st.Rehearsed > 0 {
		summary += fmt.Sprintf(", %d rehearsed", st.Rehearsed)
	}
	if st.SaveFailures > 0 {
		summary += fmt.Sprintf("; %d not saved in the history", st.SaveFailures)
	}
	o.line(summary + ".")
}
