package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

func TestPagesOnThisMachineMayAskAndOthersAreRefused(t *testing.T) {
	s := startServer(t, Config{CORS: []string{"https://demo.example.com"}})
	url := s.URL() + "/rtc/room/publisher/uid/1/"
	for _, origin := range []string{"http://localhost:3000", "http://127.0.0.1:5173", "http://localhost", "http://[::1]:8000", "https://demo.example.com"} {
		r := get(t, url, "Origin", origin)
		if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("a page from %s got %d with Access-Control-Allow-Origin %q, want 200 and its origin",
				origin, r.status, r.header.Get("Access-Control-Allow-Origin"))
		}
	}
	for _, origin := range []string{"http://evil.example.com", "https://demo.example.com:444", "http://localhost.evil.com", "null"} {
		r := get(t, url, "Origin", origin)
		if r.status != http.StatusForbidden || r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("a page from %s got %d with Access-Control-Allow-Origin %q, want 403 and none",
				origin, r.status, r.header.Get("Access-Control-Allow-Origin"))
		}
	}
	if r := get(t, url); r.status != 200 {
		t.Errorf("a request without an Origin (curl, a native app) got %d, want 200", r.status)
	}
}

func TestAPreflightIsAnsweredWithTheMethodsAndHeadersAllowed(t *testing.T) {
	s := startServer(t, Config{})
	r := do(t, http.MethodOptions, s.URL()+"/getToken", "", "Origin", "http://localhost:3000",
		"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	want := map[string]string{
		"Access-Control-Allow-Origin":  "http://localhost:3000",
		"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
		"Access-Control-Allow-Headers": "Origin, Content-Type",
	}
	if r.status != http.StatusNoContent {
		t.Fatalf("the preflight got %d, want 204", r.status)
	}
	for k, v := range want {
		if got := r.header.Get(k); got != v {
			t.Errorf("%s is %q, want %q", k, got, v)
		}
	}
	if r := do(t, http.MethodOptions, s.URL()+"/getToken", "", "Origin", "http://evil.example.com"); r.status != http.StatusForbidden {
		t.Errorf("a preflight from another site got %d, want 403", r.status)
	}
}

func TestCORSStarAllowsAnyOrigin(t *testing.T) {
	s := startServer(t, Config{CORS: []string{"*"}})
	r := get(t, s.URL()+"/ping", "Origin", "https://anything.example.org")
	if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != "https://anything.example.org" {
		t.Errorf("with * a page from anywhere got %d and %q", r.status, r.header.Get("Access-Control-Allow-Origin"))
	}
}

func TestInLANModeEveryRouteNeedsTheKeyAndARequestWithoutItIsLogged(t *testing.T) {
	s := startServer(t, Config{LAN: true, Listen: "127.0.0.1:0"})
	tokenURL := s.URL()
	_, key, ok := strings.Cut(strings.TrimPrefix(tokenURL, "http://"), "/k/")
	if !ok || len(key) != 22 {
		t.Fatalf("the LAN tokenUrl %s has no /k/ key of 22 characters", tokenURL)
	}
	local := "http://" + s.Addr().String()
	if r := get(t, local+"/k/"+key+"/rtc/room/publisher/uid/7/"); r.status != 200 {
		t.Fatalf("with the key, the route answered %d: %s", r.status, r.body)
	}
	if r := get(t, local+"/k/"+key+"/rtm/alice"); r.status != 200 {
		t.Fatalf("with the key and no trailing slash, the route answered %d: %s", r.status, r.body)
	}
	for _, path := range []string{"/rtc/room/publisher/uid/7/", "/ping", "/k/" + strings.Repeat("A", 22) + "/ping", "/k/" + key[:21] + "/ping", "/k/"} {
		if r := get(t, local+path); r.status != http.StatusNotFound {
			t.Errorf("%s without the right key got %d, want 404", path, r.status)
		}
	}
	refused := s.Requests()[0]
	if refused.Status != http.StatusNotFound || !strings.Contains(refused.Error, "LAN key") {
		t.Errorf("the refused request is logged as %d %q, want 404 naming the LAN key", refused.Status, refused.Error)
	}
	for _, r := range s.Requests() {
		if strings.Contains(r.Route, key) {
			t.Errorf("the log shows the key in the route %s", r.Route)
		}
	}
}

func TestInLANModeAPageServedFromThisMachinesOwnAddressMayAsk(t *testing.T) {
	own := lanAddress()
	lan := startServer(t, Config{LAN: true, Listen: "127.0.0.1:0"})
	_, key, _ := strings.Cut(lan.URL(), "/k/")
	url := "http://" + lan.Addr().String() + "/k/" + key + "/ping"
	if r := get(t, url, "Origin", "http://"+own+":3000"); r.status != 200 {
		t.Errorf("in LAN mode a page from this machine's address %s got %d, want 200", own, r.status)
	}
	if r := get(t, url, "Origin", "http://203.0.113.9:3000"); r.status != http.StatusForbidden {
		t.Errorf("in LAN mode a page from another machine got %d, want 403", r.status)
	}
	if own == "127.0.0.1" {
		return // no network address: nothing more to tell apart
	}
	local := startServer(t, Config{})
	if r := get(t, local.URL()+"/ping", "Origin", "http://"+own+":3000"); r.status != http.StatusForbidden {
		t.Errorf("without LAN mode a page from %s got %d, want 403", own, r.status)
	}
}

func TestAListenAddressBeyondLoopbackNeedsLANMode(t *testing.T) {
	_, err := New(Config{AppID: testAppID, Certificate: testCertificate, Listen: "0.0.0.0:8080"})
	if !errors.Is(err, ErrAddress) {
		t.Fatalf("listening on every interface without LAN mode gave %v, want ErrAddress", err)
	}
}

func TestABodyOver64KiBIsRefusedWith413(t *testing.T) {
	s := startServer(t, Config{})
	big := `{"tokenType":"rtc","channel":"room","uid":"1","pad":"` + strings.Repeat("x", 70<<10) + `"}`
	if r := do(t, http.MethodPost, s.URL()+"/getToken", big); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body of 70 KiB got %d, want 413", r.status)
	}
	// Without a length up front, the limit holds as the body is read.
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/getToken", struct{ *strings.Reader }{strings.NewReader(big)})
	req.ContentLength = -1
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a chunked body of 70 KiB got %d, want 413", res.StatusCode)
	}
}

func TestAPortInUseIsOneSentenceNamingIt(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s, err := New(Config{AppID: testAppID, Certificate: testCertificate, Listen: ln.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Start()
	if !errors.Is(err, ErrPortInUse) {
		t.Fatalf("Start on a port in use gave %v, want ErrPortInUse", err)
	}
	var e *Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Sentence(), ln.Addr().String()+" is already in use") || strings.Contains(err.Error(), "\n") {
		t.Errorf("the error %q is not one sentence naming %s", err, ln.Addr())
	}
}

func TestABadListenAddressIsRefusedBeforeListening(t *testing.T) {
	for _, listen := range []string{"8080", "127.0.0.1:http", "127.0.0.1:70000", "example.com:8080"} {
		if _, err := New(Config{AppID: testAppID, Certificate: testCertificate, Listen: listen}); !errors.Is(err, ErrAddress) {
			t.Errorf("listen %q gave %v, want ErrAddress", listen, err)
		}
	}
}

func TestConcurrentClientsEachGetTheirOwnToken(t *testing.T) {
	s := startServer(t, Config{})
	const clients, each = 16, 20
	var wg sync.WaitGroup
	errs := make(chan error, clients*each)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				uid := c*100 + i + 1
				res, err := http.Get(fmt.Sprintf("%s/rtc/room%d/publisher/uid/%d", s.URL(), c, uid))
				if err != nil {
					errs <- err
					return
				}
				var body struct{ RTCToken string }
				err = json.NewDecoder(res.Body).Decode(&body)
				res.Body.Close()
				p, perr := token.Parse(body.RTCToken)
				switch {
				case err != nil || perr != nil:
					errs <- fmt.Errorf("client %d: no token: %v %v", c, err, perr)
				case p.V007.Service(token.ServiceRTC).UID != fmt.Sprint(uid) || p.V007.Service(token.ServiceRTC).Channel != fmt.Sprintf("room%d", c):
					errs <- fmt.Errorf("client %d got a token for another uid or channel", c)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := s.Stats(); st.Requests != clients*each || st.Tokens != clients*each || st.Errors != 0 {
		t.Errorf("the counters are %+v, want %d requests and tokens, no errors", st, clients*each)
	}
}

func TestTheLogKeepsTheLast1000RequestsNewestFirst(t *testing.T) {
	s, err := New(Config{AppID: testAppID, Certificate: testCertificate})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	for i := range LogSize + 250 {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("/rtc/room/publisher/uid/%d/", i+1), nil)
		h.ServeHTTP(discard{}, req)
	}
	got := s.Requests()
	if len(got) != LogSize {
		t.Fatalf("the log holds %d requests, want %d", len(got), LogSize)
	}
	if got[0].UID != fmt.Sprint(LogSize+250) || got[LogSize-1].UID != "251" {
		t.Errorf("the log runs from uid %s to %s, want the newest (1250) first and 251 last", got[0].UID, got[LogSize-1].UID)
	}
	if st := s.Stats(); st.Requests != LogSize+250 {
		t.Errorf("the counter says %d requests, want all %d", st.Requests, LogSize+250)
	}
}

// discard is a ResponseWriter that throws the answer away.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

func TestSubscribersHearOfEveryRequestUntilTheyCancel(t *testing.T) {
	s := startServer(t, Config{})
	heard := make(chan Request, 4)
	cancel := s.Subscribe(func(r Request) { heard <- r })
	get(t, s.URL()+"/rtc/room/publisher/uid/5")
	r := <-heard
	if r.Service != ServiceRTC || r.Channel != "room" || r.UID != "5" || r.Role != "publisher" || r.Status != 200 || r.Token == "" {
		t.Errorf("the subscriber heard %+v", r)
	}
	cancel()
	get(t, s.URL()+"/ping")
	select {
	case r := <-heard:
		t.Errorf("after cancel the subscriber still heard %s", r.Route)
	default:
	}
}

// The certificate is in no answer, header, log record or error, whatever is asked, rehearsed or refused.
func TestTheCertificateAppearsInNoAnswerAndNoLogLine(t *testing.T) {
	var lines bytes.Buffer
	s := startServer(t, Config{CORS: []string{"http://localhost:1"}})
	s.Subscribe(func(r Request) {
		b, _ := json.Marshal(r)
		lines.Write(b)
		fmt.Fprintf(&lines, "%+v\n", r)
	})
	var answers bytes.Buffer
	paths := []string{"/ping", "/rtc/room/publisher/uid/1/", "/rtc/room/publisher/uid/x/", "/rtm/alice", "/rte/c/publisher/uid/0/", "/chat/app", "/nothing"}
	for _, wrong := range append(Wrongs, WrongNone) {
		if err := s.SetRehearsal(Rehearsal{Wrong: wrong, ForceExpiry: 10 * time.Second, FailRate: 0.3}); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			r := get(t, s.URL()+p, "Origin", "http://evil.example.com")
			fmt.Fprintf(&answers, "%s %v %s\n", p, r.header, r.body)
			r = get(t, s.URL()+p)
			fmt.Fprintf(&answers, "%s %v %s\n", p, r.header, r.body)
		}
	}
	if err := s.SetRehearsal(Rehearsal{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/rtc/" + testCertificate + "/publisher/uid/1/", "/rtm/" + strings.ToLower(testCertificate), "/chat/account/" + testCertificate + "/"} {
		r := get(t, s.URL()+p)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s... answered %d", p[:8], r.status)
		}
		fmt.Fprintf(&answers, "%v %s\n", r.header, r.body)
	}
	r := do(t, http.MethodPost, s.URL()+"/getToken", `{"tokenType":"rtc","channel":"a","uid":"x"}`)
	fmt.Fprintf(&answers, "%v %s\n", r.header, r.body)
	_, err := New(Config{AppID: testAppID, Certificate: testCertificate[:31] + "z"})
	fmt.Fprintln(&answers, err)
	for what, text := range map[string]string{"an answer": answers.String(), "a log line": lines.String()} {
		for _, c := range []string{testCertificate, strings.ToLower(testCertificate), testCertificate[:16]} {
			if strings.Contains(text, c) {
				t.Errorf("the certificate appears in %s", what)
			}
		}
	}
	if !strings.Contains(lines.String(), "rtcToken") && !strings.Contains(lines.String(), "007") {
		t.Fatal("the log lines hold no token: the test looked at nothing")
	}
}

// A browser opens connections ahead of time; stopping must not wait for them, and a request
// held back by a rehearsed delay still gets its answer, at once.
func TestShutdownAnswersTheRequestsUnderWayAndDoesNotWaitForIdleConnections(t *testing.T) {
	s, err := New(Config{AppID: testAppID, Certificate: testCertificate, Listen: "127.0.0.1:0",
		Rehearsal: Rehearsal{Delay: MaxDelay}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	preconnected, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer preconnected.Close()
	answered := make(chan int, 1)
	go func() {
		res, err := http.Get(s.URL() + "/rtc/room/publisher/uid/1/")
		if err != nil {
			answered <- 0
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	for s.inflight.Load() == 0 { // the request is held back by the delay
		select {
		case status := <-answered:
			t.Fatalf("the request was answered (%d) before the server stopped, despite a 30 s delay", status)
		case <-time.After(time.Millisecond):
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown with a connection that sent nothing: %v", err)
	}
	if status := <-answered; status != 200 {
		t.Errorf("the delayed request got %d on shutdown, want its token", status)
	}
}
