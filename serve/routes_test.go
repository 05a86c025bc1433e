package serve

import (
	"slices"
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/token"
)

// The status codes of agora-token-service's own endpoint tests, which TokenDesk keeps, and
// the JSON keys of each answer.
func TestEveryRouteAnswersWithThePeersStatusAndKeys(t *testing.T) {
	s := startServer(t, Config{})
	base := s.URL()
	cases := []struct {
		name, method, path, body string
		status                   int
		keys                     []string
	}{
		{"ping", "GET", "/ping", "", 200, []string{"message"}},
		{"rtc uid 0 with an expiry", "GET", "/rtc/fsda/publisher/uid/0/?expiry=600", "", 200, []string{"rtcToken"}},
		{"rtc with an empty uid", "GET", "/rtc/fsda/publisher/uid//?expiry=600", "", 200, []string{"rtcToken"}},
		{"rtc with a uid that is not a number", "GET", "/rtc/fsda/publisher/uid/test/", "", 400, []string{"error", "status"}},
		{"rtc with an expiry that is not a number", "GET", "/rtc/fsda/publisher/uid/0/?expiry=failing", "", 400, []string{"error", "status"}},
		{"rtc for the user account 0", "GET", "/rtc/fsda/publisher/userAccount/0/", "", 200, []string{"rtcToken"}},
		{"rtc with an unknown token type", "GET", "/rtc/fsda/publisher/nonsense/0/", "", 400, []string{"error", "status"}},
		{"rtm for a user", "GET", "/rtm/username/", "", 200, []string{"rtmToken"}},
		{"rtm for user 0", "GET", "/rtm/0/", "", 400, []string{"error", "status"}},
		{"chat app", "GET", "/chat/app/", "", 200, []string{"chatToken"}},
		{"chat user", "GET", "/chat/account/username/", "", 200, []string{"chatToken"}},
		{"chat account without a user", "GET", "/chat/account/", "", 404, []string{"error", "status"}},
		{"chat with an unknown kind", "GET", "/chat/invalid/", "", 404, []string{"error", "status"}},
		{"chat app with a bad expiry", "GET", "/chat/app/?expiry=fail", "", 400, []string{"error", "status"}},
		{"rte uid 0 with an RTM user", "GET", "/rte/channelName/publisher/uid/0/rtmid/", "", 200, []string{"rtcToken", "rtmToken"}},
		{"rte with a uid for both", "GET", "/rte/channelName/publisher/uid/2345/", "", 200, []string{"rtcToken", "rtmToken"}},
		{"rte uid 0 without an RTM user", "GET", "/rte/channelName/publisher/uid/0/", "", 400, []string{"error", "status"}},
		{"POST rtc", "POST", "/getToken", `{"tokenType":"rtc","channel":"room","role":"publisher","uid":"42","expire":600}`, 200, []string{"token"}},
		{"POST rtm", "POST", "/getToken", `{"tokenType":"rtm","uid":"alice"}`, 200, []string{"token"}},
		{"POST chat", "POST", "/getToken", `{"tokenType":"chat"}`, 200, []string{"token"}},
		{"POST without a tokenType", "POST", "/getToken", `{"channel":"room","uid":"42"}`, 400, []string{"error", "status"}},
		{"POST with an unknown tokenType", "POST", "/getToken", `{"tokenType":"fpa"}`, 400, []string{"error", "status"}},
		{"POST rtc without a channel", "POST", "/getToken", `{"tokenType":"rtc","uid":"42"}`, 400, []string{"error", "status"}},
		{"POST rtm without a uid", "POST", "/getToken", `{"tokenType":"rtm"}`, 400, []string{"error", "status"}},
		{"POST with an empty body", "POST", "/getToken", ``, 400, []string{"error", "status"}},
		// Where TokenDesk is stricter than the peer.
		{"a uid over 32 bits", "GET", "/rtc/room/publisher/uid/4294967296/", "", 400, []string{"error", "status"}},
		{"an unknown role", "GET", "/rtc/room/admin/uid/1/", "", 400, []string{"error", "status"}},
		{"Agora's number for publisher", "GET", "/rtc/room/1/uid/1/", "", 200, []string{"rtcToken"}},
		{"Agora's number for subscriber", "GET", "/rtc/room/2/uid/1/", "", 200, []string{"rtcToken"}},
		{"an expiry over 24 hours", "GET", "/rtc/room/publisher/uid/1/?expiry=86401", "", 400, []string{"error", "status"}},
		{"an expiry of 0", "GET", "/rtc/room/publisher/uid/1/?expiry=0", "", 400, []string{"error", "status"}},
		{"a channel Agora refuses", "GET", "/rtc/room%2F1/publisher/uid/1/", "", 400, []string{"error", "status"}},
		{"an account Agora refuses", "GET", "/rtc/room/publisher/userAccount/%C3%A9/", "", 400, []string{"error", "status"}},
		{"an unknown route", "GET", "/nothing/", "", 404, []string{"error", "status"}},
		{"the wrong method", "POST", "/rtc/room/publisher/uid/1/", "", 405, []string{"error", "status"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, c.method, base+c.path, c.body)
			if r.status != c.status {
				t.Fatalf("%s %s answered %d (%s), want %d", c.method, c.path, r.status, r.body, c.status)
			}
			var keys []string
			for k := range r.json {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, c.keys) {
				t.Errorf("%s %s answered the keys %v, want %v", c.method, c.path, keys, c.keys)
			}
			if got := r.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control is %q, want no-store", got)
			}
			if msg, ok := r.json["error"].(string); ok && msg == "" {
				t.Errorf("an error answer has no sentence")
			}
			for _, k := range c.keys {
				if text, ok := r.json[k].(string); ok && k != "message" && k != "error" {
					if _, err := token.Parse(text); err != nil {
						t.Errorf("%s is not a token: %v", k, err)
					}
				}
			}
		})
	}
	if got := len(s.Requests()); got != len(cases) {
		t.Errorf("the log holds %d requests, want one per request, %d", got, len(cases))
	}
}

// Every URL shape of the UI kits gets a token that verifies with the certificate and holds
// exactly the channel, uid and role asked for.
func TestEveryUIKitURLShapeGetsATokenForWhatWasAsked(t *testing.T) {
	s := startServer(t, Config{})
	tokenURL := s.URL()
	rtc := []struct{ kits, url string }{
		{"Web, Android, iOS, Unity", tokenURL + "/rtc/demo/publisher/uid/42/"},
		{"React Native, Flutter", tokenURL + "/rtc/demo/publisher/uid/42"},
	}
	for _, c := range rtc {
		r := get(t, c.url)
		if r.status != 200 {
			t.Fatalf("%s: %s answered %d: %s", c.kits, c.url, r.status, r.body)
		}
		svc := verified(t, r.json["rtcToken"]).Service(token.ServiceRTC)
		if svc == nil || svc.Channel != "demo" || svc.UID != "42" {
			t.Fatalf("%s: the token is not for channel demo and uid 42: %+v", c.kits, svc)
		}
		if _, publishes := svc.Privilege(token.PrivPublishAudioStream); !publishes {
			t.Errorf("%s: a publisher token has no publish privilege", c.kits)
		}
	}
	for _, url := range []string{tokenURL + "/rtm/alice", tokenURL + "/rtm/alice/"} {
		r := get(t, url)
		if r.status != 200 {
			t.Fatalf("%s answered %d: %s", url, r.status, r.body)
		}
		svc := verified(t, r.json["rtmToken"]).Service(token.ServiceRTM)
		if svc == nil || svc.UserID != "alice" {
			t.Fatalf("%s: the token is not for RTM user alice: %+v", url, svc)
		}
	}
}

// verified parses a served token and checks its signature with the project's certificate.
func verified(t *testing.T, v any) *token.Token007 {
	t.Helper()
	text, _ := v.(string)
	p, err := token.Parse(text)
	if err != nil {
		t.Fatalf("the answer holds no token: %v", err)
	}
	if p.V007 == nil {
		t.Fatalf("the server served a %s token, want 007", p.Version())
	}
	if err := p.V007.Verify(testCertificate); err != nil {
		t.Fatalf("the token does not verify with the project's certificate: %v", err)
	}
	if p.V007.AppID != testAppID {
		t.Fatalf("the token is for App ID %s", p.V007.AppID)
	}
	return p.V007
}

func TestTheLoggedRouteIsPrintableASCIIAndShort(t *testing.T) {
	s := startServer(t, Config{})
	get(t, s.URL()+"/rtc/room/publisher/uid/1/?note=\u202etxt.exe&x="+strings.Repeat("a", 300))
	route := s.Requests()[0].Route
	for _, c := range []byte(strings.TrimSuffix(route, "…")) {
		if c <= ' ' || c >= 0x7f {
			t.Fatalf("the logged route holds the byte %#x: %q", c, route)
		}
	}
	if !strings.Contains(route, "note=%E2%80%AEtxt.exe") || len(route) > maxRoute+len("…") {
		t.Errorf("the logged route is %q", route)
	}
}

// want is what a served token must hold: the service, its channel, uid (or user id), whether
// it may publish, and every lifetime.
type want struct {
	service   token.ServiceType
	channel   string
	uid       string // the uid string of an RTC service, the user id of the others
	publisher bool
	lifetime  uint32
}

// Every token the server serves verifies with the project's certificate and holds exactly
// the channel, uid or account, role and lifetime asked for, as the official builders write them.
func TestEveryTokenServedVerifiesForExactlyWhatWasAsked(t *testing.T) {
	s := startServer(t, Config{})
	cases := []struct {
		method, path, body string
		tokens             map[string]want
	}{
		{"GET", "/rtc/fsda/publisher/uid/0/?expiry=600", "", map[string]want{"rtcToken": {token.ServiceRTC, "fsda", "", true, 600}}},
		{"GET", "/rtc/fsda/subscriber/uid/42", "", map[string]want{"rtcToken": {token.ServiceRTC, "fsda", "42", false, 3600}}},
		{"GET", "/rtc/fsda/2/uid/4294967295/", "", map[string]want{"rtcToken": {token.ServiceRTC, "fsda", "4294967295", false, 3600}}},
		{"GET", "/rtc/fsda/publisher/userAccount/0/", "", map[string]want{"rtcToken": {token.ServiceRTC, "fsda", "0", true, 3600}}},
		{"GET", "/rtc/my%20room/1/userAccount/alice%40example.com/?expiry=86400", "", map[string]want{"rtcToken": {token.ServiceRTC, "my room", "alice@example.com", true, 86400}}},
		{"GET", "/rtm/username/?expiry=60", "", map[string]want{"rtmToken": {token.ServiceRTM, "", "username", false, 60}}},
		{"GET", "/rte/channelName/publisher/uid/0/rtmid/", "", map[string]want{
			"rtcToken": {token.ServiceRTC, "channelName", "", true, 3600}, "rtmToken": {token.ServiceRTM, "", "rtmid", false, 3600}}},
		{"GET", "/rte/channelName/subscriber/uid/2345", "", map[string]want{
			"rtcToken": {token.ServiceRTC, "channelName", "2345", false, 3600}, "rtmToken": {token.ServiceRTM, "", "2345", false, 3600}}},
		{"GET", "/chat/app/?expiry=120", "", map[string]want{"chatToken": {token.ServiceChat, "", "", false, 120}}},
		{"GET", "/chat/account/username/", "", map[string]want{"chatToken": {token.ServiceChat, "", "username", false, 3600}}},
		{"POST", "/getToken", `{"tokenType":"rtc","channel":"room","role":"subscriber","uid":"42","expire":900}`, map[string]want{"token": {token.ServiceRTC, "room", "42", false, 900}}},
		{"POST", "/getToken", `{"tokenType":"rtc","channel":"room","uid":42}`, map[string]want{"token": {token.ServiceRTC, "room", "42", true, 3600}}},
		{"POST", "/getToken", `{"tokenType":"rtc","channel":"room","role":"publisher","uid":"bob"}`, map[string]want{"token": {token.ServiceRTC, "room", "bob", true, 3600}}},
		{"POST", "/getToken", `{"tokenType":"rtm","uid":"alice","expire":0}`, map[string]want{"token": {token.ServiceRTM, "", "alice", false, 3600}}},
		{"POST", "/getToken", `{"tokenType":"chat","uid":"alice"}`, map[string]want{"token": {token.ServiceChat, "", "alice", false, 3600}}},
	}
	for _, c := range cases {
		r := do(t, c.method, s.URL()+c.path, c.body)
		if r.status != 200 {
			t.Errorf("%s %s answered %d: %s", c.method, c.path, r.status, r.body)
			continue
		}
		for key, w := range c.tokens {
			tok := verified(t, r.json[key])
			if tok.Expire != w.lifetime || len(tok.Services) != 1 {
				t.Errorf("%s %s: %s lives %d s with %d services, want %d s and one", c.method, c.path, key, tok.Expire, len(tok.Services), w.lifetime)
			}
			svc := tok.Service(w.service)
			if svc == nil {
				t.Errorf("%s %s: %s has no %s service", c.method, c.path, key, w.service)
				continue
			}
			uid := svc.UserID
			if w.service == token.ServiceRTC {
				uid = svc.UID
			}
			_, publishes := svc.Privilege(token.PrivPublishAudioStream)
			if w.service != token.ServiceRTC {
				publishes = false
			}
			if svc.Channel != w.channel || uid != w.uid || publishes != w.publisher {
				t.Errorf("%s %s: %s is for channel %q, uid %q, publisher %v; want %q, %q, %v",
					c.method, c.path, key, svc.Channel, uid, publishes, w.channel, w.uid, w.publisher)
			}
			for _, p := range svc.Privileges {
				if p.Value != w.lifetime {
					t.Errorf("%s %s: %s privilege %d lives %d s, want %d", c.method, c.path, key, p.ID, p.Value, w.lifetime)
				}
			}
		}
	}
}
