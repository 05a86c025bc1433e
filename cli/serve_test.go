package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tokendesk/tokendesk/serve"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// serving runs tokendesk serve with args in the world, calls use with the server once it
// listens, then stops it as Ctrl+C does and returns what the command printed.
func (w *world) serving(args []string, use func(url string)) result {
	w.t.Helper()
	var stderr bytes.Buffer
	return w.servingTo(&stderr, args, use)
}

// textWriter is a standard error a test reads back.
type textWriter interface {
	io.Writer
	String() string
}

// servingTo is serving with standard error written to stderr.
func (w *world) servingTo(stderr textWriter, args []string, use func(url string)) result {
	w.t.Helper()
	var stdout bytes.Buffer
	a := w.app("", &stdout, stderr)
	ctx, interrupt := context.WithCancel(context.Background())
	defer interrupt()
	a.interrupt = func() (context.Context, context.CancelFunc) { return ctx, func() {} }
	listening := make(chan string, 1)
	a.onServe = func(s *serve.Server) { listening <- s.URL() }
	done := make(chan int, 1)
	go func() { done <- a.run(append([]string{"serve"}, args...)) }()
	var r result
	select {
	case url := <-listening:
		use(url)
		interrupt()
		r.code = <-done
	case code := <-done:
		r.code = code
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	w.printedNoSecret(r, args)
	return r
}

// fetch asks the server for a route and returns the status and the JSON body.
func fetch(t *testing.T, url string) (int, map[string]string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body := map[string]string{}
	b, _ := io.ReadAll(res.Body)
	_ = json.Unmarshal(b, &body)
	return res.StatusCode, body
}

func TestServePrintsTheTokenURLALinePerRequestAndTheRenewalsOnCtrlC(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	var served string
	r := w.serving([]string{"--app-id", testAppID, "--listen", "127.0.0.1:0", "--no-save"}, func(url string) {
		status, body := fetch(t, url+"/rtc/demo/publisher/uid/42/")
		if status != 200 {
			t.Fatalf("the server answered %d", status)
		}
		served = body["rtcToken"]
		fetch(t, url+"/rtm/0/")
	})
	if r.code != 0 {
		t.Fatalf("Ctrl+C should stop serve with exit 0: %s", r)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "http://127.0.0.1:") {
		t.Errorf("standard output is not the tokenUrl alone: %q", r.stdout)
	}
	for _, want := range []string{
		"GET /rtc/demo/publisher/uid/42/ 200", "GET /rtm/0/ 400", "cannot be 0",
		"Renewals:", "uid 42 has a token valid until 23:13:20", // testNow + 3600 s, UTC
		"Stopped: 2 requests, 1 error, 1 token served.",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("standard error does not say %q:\n%s", want, r.stderr)
		}
	}
	p, err := token.Parse(served)
	if err != nil || p.V007.Verify(testCertificate) != nil {
		t.Errorf("the token served does not verify: %v", err)
	}
}

func TestServeJSONWritesOneJSONLinePerEventWithTheRehearsal(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	r := w.serving([]string{"--app-id", testAppID, "--listen", "127.0.0.1:0", "--no-save", "--json", "--force-expiry", "60s"}, func(url string) {
		fetch(t, url+"/rtc/demo/publisher/uid/7")
	})
	var events []string
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("a line of standard error is not JSON: %q", line)
		}
		events = append(events, v["event"].(string))
		switch v["event"] {
		case "request":
			if v["rehearsal"] != "expiry 60s" || v["expiry"] != 60.0 || v["status"] != 200.0 || v["uid"] != "7" {
				t.Errorf("the request line is %s", line)
			}
		case "renewals":
			if v["verdict"] != "waiting" || v["uid"] != "7" || v["tokens"] != 1.0 {
				t.Errorf("the renewals line is %s", line)
			}
		case "stopped":
			if v["requests"] != 1.0 || v["rehearsed"] != 1.0 {
				t.Errorf("the stopped line is %s", line)
			}
		}
	}
	if strings.Join(events, " ") != "started request renewals stopped" {
		t.Errorf("the events are %v", events)
	}
}

func TestServeSavesTheTokensServedInTheHistoryUnlessToldNot(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID, "--label", "Demo")
	r := w.serving([]string{"--project", "demo", "--listen", "127.0.0.1:0", "--wrong", "uid"}, func(url string) {
		fetch(t, url+"/rtc/room/publisher/uid/42/")
	})
	if r.code != 0 {
		t.Fatalf("%s", r)
	}
	for _, want := range []string{"REHEARSAL: wrong uid", "GET /rtc/room/publisher/uid/42/ 200", "[rehearsal: wrong uid]"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("standard error does not say %q:\n%s", want, r.stderr)
		}
	}
	st, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	entries, err := st.List(store.Query{})
	if err != nil || len(entries) != 1 {
		t.Fatalf("the history holds %d entries (%v), want the one token served", len(entries), err)
	}
	if e := entries[0]; e.Label != "served /rtc/room/publisher/uid/42/ (rehearsal: wrong uid)" || e.Project != "Demo" || e.Spec.UID != 43 {
		t.Errorf("the entry is %q for project %q and uid %d", e.Label, e.Project, e.Spec.UID)
	}
	w.serving([]string{"--app-id", testAppID, "--listen", "127.0.0.1:0", "--no-save"}, func(url string) {
		fetch(t, url+"/rtc/room/publisher/uid/42/")
	})
	if n, _ := st.Count(""); n != 1 {
		t.Errorf("with --no-save the history grew to %d entries", n)
	}
}

func TestServeInLANModeWarnsAndPutsARandomKeyInTheTokenURL(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	port := freePort(t)
	r := w.serving([]string{"--app-id", testAppID, "--listen", "127.0.0.1:" + port, "--lan", "--no-save"}, func(url string) {
		_, key, ok := strings.Cut(url, "/k/")
		if !ok || len(key) != 22 {
			t.Fatalf("the LAN tokenUrl %s has no key", url)
		}
		if status, _ := fetch(t, "http://127.0.0.1:"+port+"/k/"+key+"/ping"); status != 200 {
			t.Errorf("with the key /ping answered %d", status)
		}
		if status, _ := fetch(t, "http://127.0.0.1:"+port+"/ping"); status != 404 {
			t.Errorf("without the key /ping answered %d, want 404", status)
		}
	})
	if !strings.Contains(r.stderr, "warning: --lan lets any device on your network") {
		t.Errorf("LAN mode gave no warning:\n%s", r.stderr)
	}
}

// freePort is a port of 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func TestServeRefusesBadInputWithOneSentenceAndExit2(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	app := []string{"serve", "--app-id", testAppID}
	cases := []struct {
		args    []string
		phrases []string
	}{
		{[]string{"--listen", "8080"}, []string{`--listen "8080" is not HOST:PORT`}},
		{[]string{"--listen", "0.0.0.0:8080"}, []string{"would let other machines ask", "--lan"}},
		{[]string{"--force-expiry", "5s"}, []string{"--force-expiry", "from 10s"}},
		{[]string{"--fail-rate", "1.5"}, []string{"--fail-rate", "fraction from 0 to 1"}},
		{[]string{"--fail-status", "500"}, []string{"give --fail-rate too"}},
		{[]string{"--fail-rate", "0.1", "--fail-status", "200"}, []string{"400 to 599"}},
		{[]string{"--delay", "1m"}, []string{"--delay", "30s"}},
		{[]string{"--wrong", "everything"}, []string{"uid, channel, role, certificate or expired"}},
		{[]string{"--cors", "localhost:3000"}, []string{"--cors", "not an origin"}},
		{[]string{"--max-expire", "25h"}, []string{"--max-expire", "24h"}},
	}
	for _, c := range cases {
		r := w.expectFailure(exitUsage, "", append(app, c.args...), c.phrases...)
		if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n != 0 {
			t.Errorf("%v: the error is %d lines, want one sentence:\n%s", c.args, n+1, r.stderr)
		}
	}
	inUse := w.serving([]string{"--app-id", testAppID, "--listen", taken.Addr().String()}, func(string) {
		t.Error("serve listened on a port in use")
	})
	if inUse.code != exitUsage || !strings.Contains(inUse.stderr, "is already in use by another program") ||
		strings.Count(strings.TrimSpace(inUse.stderr), "\n") != 0 {
		t.Errorf("a port in use: %s", inUse)
	}
	w.expectFailure(exitUsage, "", []string{"serve", "--project", "Nothing"}, "no project is labelled")
	w.expectFailure(exitUsage, "", []string{"serve", "--project", "Demo", "--app-id", testAppID}, "not both")
	delete(w.env, envCertificate)
	w.expectFailure(exitUsage, "", []string{"serve", "--app-id", testAppID, "--listen", "127.0.0.1:0"}, "no App Certificate")
}

func TestServeHelpShowsTheUIKitTokenURL(t *testing.T) {
	w := newWorld(t)
	out := w.mustRun("", "serve", "--help")
	for _, want := range []string{"tokenUrl: 'http://127.0.0.1:8080'", "--force-expiry", "--lan", "curl http://127.0.0.1:8080/rtc/"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --help does not show %q", want)
		}
	}
}

// stalledWriter is a terminal that has stopped taking output until it is released.
type stalledWriter struct {
	release chan struct{}
	once    sync.Once
	buf     bytes.Buffer
}

func (s *stalledWriter) Write(p []byte) (int, error) {
	<-s.release
	return s.buf.Write(p)
}

func (s *stalledWriter) String() string { return s.buf.String() }

// resume lets the terminal take output again.
func (s *stalledWriter) resume() { s.once.Do(func() { close(s.release) }) }

func TestServeAnswersWhileStandardErrorIsStalledAndLosesNoLine(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	stderr := &stalledWriter{release: make(chan struct{})}
	t.Cleanup(stderr.resume) // however the test ends, the server can write and stop
	const asked = 20
	r := w.servingTo(stderr, []string{"--app-id", testAppID, "--listen", "127.0.0.1:0", "--no-save"}, func(url string) {
		// Each answer arrives although not one line has reached the terminal.
		for i := range asked {
			if status, _ := fetch(t, url+"/rtc/demo/publisher/uid/"+strconv.Itoa(i+1)+"/"); status != 200 {
				t.Fatalf("request %d was answered %d", i+1, status)
			}
		}
		stderr.resume()
	})
	if r.code != 0 {
		t.Fatalf("serve exited %d: %s", r.code, r)
	}
	for i := range asked {
		if !strings.Contains(r.stderr, "/rtc/demo/publisher/uid/"+strconv.Itoa(i+1)+"/ 200") {
			t.Errorf("the line of request %d is missing:\n%s", i+1, r.stderr)
		}
	}
	if !strings.Contains(r.stderr, "Stopped: 20 requests") {
		t.Errorf("the summary is missing:\n%s", r.stderr)
	}
}
