package serve

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// maxBody is the largest request body read: a /getToken request is a few dozen bytes.
const maxBody = 64 << 10

// maxRoute is how much of a path the log keeps.
const maxRoute = 160

// answer is what a handler decided: the status, and the body or the error sentence.
type answer struct {
	status int
	body   []byte
	err    string
	tokens int // tokens in the body
}

// failure is an error answer.
func failure(status int, format string, args ...any) answer {
	return answer{status: status, err: fmt.Sprintf(format, args...)}
}

var errNotFound = failure(http.StatusNotFound, "There is no such route: see the routes of agora-token-service, e.g. /rtc/CHANNEL/publisher/uid/UID/.")

// ServeHTTP answers one request and logs it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.inflight.Add(1)
	defer s.inflight.Add(-1)
	started := time.Now()
	rec := Request{Time: s.now(), Client: clientHost(r.RemoteAddr), Method: r.Method}
	var saves []*store.Entry
	a := s.route(w, r, &rec, &saves)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if a.status == http.StatusNoContent {
		w.WriteHeader(a.status)
	} else {
		if a.body == nil {
			a.body = errorBody(a.status, a.err)
		}
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(a.body)))
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	}
	rec.Status, rec.Error = a.status, a.err
	rec.Route, rec.Channel, rec.UID = s.redact(rec.Route), s.redact(rec.Channel), s.redact(rec.UID)
	rec.Duration = time.Since(started)
	s.log.add(rec, a.tokens)
	if len(saves) > 0 {
		s.save(&rec, saves)
	}
}

// route finds the request's route and answers it.
func (s *Server) route(w http.ResponseWriter, r *http.Request, rec *Request, saves *[]*store.Entry) answer {
	path := r.URL.EscapedPath()
	if s.key != "" {
		rest, ok := s.stripKey(path)
		if !ok {
			rec.Route = routeExcerpt(maskKey(path), r.URL.RawQuery)
			a := errNotFound
			a.err = "The request did not carry the LAN key: it was refused as if the route did not exist."
			return a
		}
		path = rest
	}
	rec.Route = routeExcerpt(path, r.URL.RawQuery)

	if origin := r.Header.Get("Origin"); origin != "" {
		if !s.originAllowed(origin) {
			return failure(http.StatusForbidden, "The page at %s may not ask for tokens: only pages on this machine may, unless its origin is allowed (tokendesk serve --cors).",
				token.Excerpt(origin))
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
	}
	if r.Method == http.MethodOptions {
		h := w.Header()
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Origin, Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		return answer{status: http.StatusNoContent}
	}

	segs, ok := splitPath(path)
	if !ok {
		return failure(http.StatusBadRequest, "The path is not valid URL encoding.")
	}
	if len(segs) == 0 {
		return errNotFound
	}
	method := http.MethodGet
	var handle func(*http.Request, []string, *Request) (request, answer)
	switch segs[0] {
	case "ping":
		if len(segs) != 1 {
			return errNotFound
		}
		rec.Service = ServicePing
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return methodNotAllowed(w, method)
		}
		return answer{status: http.StatusOK, body: []byte(`{"message":"pong"}`)}
	case "rtc":
		handle = s.askRTC
	case "rtm":
		handle = s.askRTM
	case "rte":
		handle = s.askRTE
	case "chat":
		handle = s.askChat
	case "getToken":
		method, handle = http.MethodPost, s.askPOST
	default:
		return errNotFound
	}
	if !routeShapeOK(segs) {
		return errNotFound
	}
	if method == http.MethodGet {
		rec.Service = Service(segs[0]) // a POST names its service in its body
	}
	if r.Method != method {
		return methodNotAllowed(w, method)
	}
	rh := s.rehearsal.Load()
	defer func() { rec.Rehearsal = rec.Rehearsed.mark() }()
	if rh.Delay > 0 {
		rec.Rehearsed.Delay = rh.Delay
		s.wait(r, rh.Delay)
	}
	if rh.fails() {
		status := rh.failStatus()
		rec.Rehearsed.FailRate, rec.Rehearsed.FailStatus = rh.FailRate, status
		return failure(status, "Rehearsal: this request fails on purpose (failure rate %s).",
			strconv.FormatFloat(rh.FailRate, 'g', 4, 64))
	}
	q, a := handle(r, segs, rec)
	if a.status != 0 {
		return a
	}
	return s.serveTokens(q, rh, rec, saves)
}

// redact hides the certificate where a client sent it, so that the log never holds it.
func (s *Server) redact(v string) string {
	cert := s.cfg.Certificate
	for i := 0; i+len(cert) <= len(v); i++ {
		if strings.EqualFold(v[i:i+len(cert)], cert) {
			v = v[:i] + "(the App Certificate)" + v[i+len(cert):]
		}
	}
	return v
}

// routeShapeOK checks the number of segments of each token route, before a rehearsal may
// delay or fail it: a path that is no route is a 404 whatever is rehearsed.
func routeShapeOK(segs []string) bool {
	n := len(segs)
	switch segs[0] {
	case "rtc":
		return n == 4 || n == 5
	case "rtm":
		return n == 1 || n == 2
	case "rte":
		return n >= 4 && n <= 6
	case "chat":
		return n == 2 && segs[1] == "app" || n == 3 && segs[1] == "account"
	case "getToken":
		return n == 1
	}
	return false
}

func methodNotAllowed(w http.ResponseWriter, allowed string) answer {
	w.Header().Set("Allow", allowed+", OPTIONS")
	return failure(http.StatusMethodNotAllowed, "This route answers %s only.", allowed)
}

// wait holds a rehearsed answer back, unless the client goes away or the server stops.
func (s *Server) wait(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.stopping:
	}
}

// stripKey removes the LAN key prefix from path; ok is false when the path does not carry
// the key.
func (s *Server) stripKey(path string) (rest string, ok bool) {
	const prefix = "/k/"
	if !strings.HasPrefix(path, prefix) {
		return "", false
	}
	key, rest, _ := strings.Cut(path[len(prefix):], "/")
	if subtle.ConstantTimeCompare([]byte(key), []byte(s.key)) != 1 {
		return "", false
	}
	return "/" + rest, true
}

// maskKey hides whatever a path holds in the key's place, so that the log shows a key
// someone guessed no more than the real one.
func maskKey(path string) string {
	rest, ok := strings.CutPrefix(path, "/k/")
	if !ok {
		return path
	}
	if _, after, found := strings.Cut(rest, "/"); found {
		return "/k/…/" + after
	}
	return "/k/…"
}

// splitPath cuts an escaped path into unescaped segments. One trailing slash is dropped, so
// /rtm/alice/ and /rtm/alice are the same route; /rtc/c/publisher/uid// keeps its empty uid.
func splitPath(escaped string) ([]string, bool) {
	p := strings.TrimPrefix(escaped, "/")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil, true
	}
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if strings.IndexByte(seg, '%') < 0 {
			continue
		}
		v, err := url.PathUnescape(seg)
		if err != nil {
			return nil, false
		}
		segs[i] = v
	}
	return segs, true
}

// routeExcerpt is the route as the log shows it: the path and query, in printable ASCII
// (anything else percent-encoded, so a route cannot drive a terminal), cut short.
func routeExcerpt(path, query string) string {
	if query != "" {
		path += "?" + query
	}
	var b strings.Builder
	for i := 0; i < len(path) && b.Len() < maxRoute; i++ {
		if c := path[i]; c > ' ' && c < 0x7f {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	if b.Len() >= maxRoute {
		return b.String() + "…"
	}
	return b.String()
}

// clientHost is the client's address without its port.
func clientHost(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}

// originAllowed reports whether a browser page from origin may ask: any page served from
// this machine's loopback, in LAN mode any page served from one of this machine's own
// addresses (a demo's dev server opened on a phone), and the origins of the configuration.
func (s *Server) originAllowed(origin string) bool {
	if s.allowAny || s.origins[origin] {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Path != "" {
		return false
	}
	switch u.Hostname() {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return s.ownHosts[u.Hostname()]
}

// errorBody is the JSON of an error answer: {"status":400,"error":"..."}.
func errorBody(status int, msg string) []byte {
	b, _ := json.Marshal(struct {
		Status int    `json:"status"`
		Error  string `json:"error"`
	}{status, msg})
	return b
}

// request is what a client asked for, once read and checked: the token or tokens to build.
type request struct {
	specs []token.Spec // one, or two for /rte: RTC then RTM
	keys  []string     // the JSON key of each token
}

// identity is a uid or an account, as a route gives them.
type identity struct {
	uid     uint32
	account string
}

func (id identity) String() string {
	if id.account != "" {
		return id.account
	}
	return strconv.FormatUint(uint64(id.uid), 10)
}

// readIdentity reads the :tokentype/:uid pair of the RTC routes.
func readIdentity(tokenType, uid string) (identity, error) {
	switch strings.ToLower(tokenType) {
	case "uid":
		if uid == "" {
			return identity{}, nil
		}
		n, err := strconv.ParseUint(uid, 10, 64)
		if err != nil {
			return identity{}, fmt.Errorf("the uid %s is not a whole number; use tokentype userAccount for a string account", token.Excerpt(uid))
		}
		if n > 0xFFFFFFFF {
			return identity{}, fmt.Errorf("the uid %s is larger than 4294967295, the largest uid (agora-token-service would cut it to 32 bits)", token.Excerpt(uid))
		}
		return identity{uid: uint32(n)}, nil
	case "useraccount":
		if err := token.ValidateAccount(uid); err != nil {
			return identity{}, nameError("user account", uid, err)
		}
		return identity{account: uid}, nil
	}
	return identity{}, fmt.Errorf("the token type %s is neither uid nor userAccount", token.Excerpt(tokenType))
}

// readRole reads a role: publisher or subscriber, or Agora's numbers 1 and 2.
func readRole(s string) (token.Role, error) {
	switch strings.ToLower(s) {
	case "publisher", "1":
		return token.RolePublisher, nil
	case "subscriber", "2":
		return token.RoleSubscriber, nil
	}
	return 0, fmt.Errorf("the role %s is neither publisher nor subscriber (agora-token-service would serve a subscriber token)", token.Excerpt(s))
}

// readExpiry reads a lifetime in seconds; "" is the default.
func (s *Server) readExpiry(v string) (uint32, error) {
	if v == "" {
		return min(uint32(DefaultExpiry/time.Second), s.maxExpiry), nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("the expiry %s is not a whole number of seconds", token.Excerpt(v))
	}
	return s.checkExpiry(n)
}

func (s *Server) checkExpiry(n uint64) (uint32, error) {
	if n < 1 || n > uint64(s.maxExpiry) {
		return 0, fmt.Errorf("the expiry %d is out of range: from 1 to %d seconds", n, s.maxExpiry)
	}
	return uint32(n), nil
}

// nameError says why a channel or account breaks Agora's rules, with an excerpt of it.
func nameError(what, value string, err error) error {
	var ie *token.InputError
	if !errors.As(err, &ie) {
		return fmt.Errorf("the %s %s is not valid", what, token.Excerpt(value))
	}
	switch ie.Problem {
	case token.ProblemEmpty:
		return fmt.Errorf("the %s is empty", what)
	case token.ProblemLength:
		return fmt.Errorf("the %s %s is %d bytes; Agora allows at most %d", what, token.Excerpt(value), ie.Length, ie.Limit)
	}
	return fmt.Errorf("the %s %s holds %s at byte %d, which Agora does not allow (letters, digits, space and %s are)",
		what, token.Excerpt(value), strconv.Quote(ie.Char), ie.Offset, token.NameCharacters)
}

func badRequest(err error) answer {
	msg := err.Error()
	return failure(http.StatusBadRequest, "%s.", strings.ToUpper(msg[:1])+msg[1:])
}

// rtcSpec is the spec of an RTC token, as RtcTokenBuilder2 builds it.
func (s *Server) rtcSpec(channel string, id identity, role token.Role, expiry uint32) token.Spec {
	return token.Spec{Kind: token.KindRTC, AppID: s.cfg.AppID, Channel: channel, UID: id.uid, Account: id.account,
		Role: role, Expire: expiry, PrivilegeExpire: expiry}
}

// rtmSpec is the spec of an RTM token, as RtmTokenBuilder2 builds it.
func (s *Server) rtmSpec(user string, expiry uint32) token.Spec {
	return token.Spec{Kind: token.KindRTM, AppID: s.cfg.AppID, UserID: user, Role: token.RolePublisher,
		Expire: expiry, PrivilegeExpire: expiry}
}

// readRTC reads the channel, role, token type and uid the RTC and RTE routes share.
func (s *Server) readRTC(r *http.Request, segs []string, rec *Request) (string, identity, token.Role, uint32, error) {
	channel, roleText, tokenType := segs[1], segs[2], segs[3]
	uid := ""
	if len(segs) > 4 {
		uid = segs[4]
	}
	rec.Channel, rec.UID, rec.Role = channel, uid, roleText
	rec.Account = strings.EqualFold(tokenType, "userAccount")
	if err := token.ValidateChannel(channel); err != nil {
		return "", identity{}, 0, 0, nameError("channel name", channel, err)
	}
	role, err := readRole(roleText)
	if err != nil {
		return "", identity{}, 0, 0, err
	}
	rec.Role = role.String()
	id, err := readIdentity(tokenType, uid)
	if err != nil {
		return "", identity{}, 0, 0, err
	}
	expiry, err := s.readExpiry(r.URL.Query().Get("expiry"))
	if err != nil {
		return "", identity{}, 0, 0, err
	}
	rec.Expiry = expiry
	return channel, id, role, expiry, nil
}

// askRTC reads GET /rtc/:channel/:role/:tokentype/:uid/.
func (s *Server) askRTC(r *http.Request, segs []string, rec *Request) (request, answer) {
	channel, id, role, expiry, err := s.readRTC(r, segs, rec)
	if err != nil {
		return request{}, badRequest(err)
	}
	return request{specs: []token.Spec{s.rtcSpec(channel, id, role, expiry)}, keys: []string{"rtcToken"}}, answer{}
}

// askRTE reads GET /rte/:channel/:role/:tokentype/:rtcuid/[:rtmuid/].
func (s *Server) askRTE(r *http.Request, segs []string, rec *Request) (request, answer) {
	channel, id, role, expiry, err := s.readRTC(r, segs, rec)
	if err != nil {
		return request{}, badRequest(err)
	}
	rtmUser := id.String()
	if len(segs) > 5 && segs[5] != "" {
		rtmUser = segs[5]
	} else if id.account == "" && id.uid == 0 {
		return request{}, badRequest(errors.New("an RTM user cannot be uid 0: give the RTM user id after the uid (/rte/CHANNEL/ROLE/uid/0/RTMUSER/)"))
	}
	if err := token.ValidateAccount(rtmUser); err != nil {
		return request{}, badRequest(nameError("RTM user id", rtmUser, err))
	}
	return request{specs: []token.Spec{s.rtcSpec(channel, id, role, expiry), s.rtmSpec(rtmUser, expiry)},
		keys: []string{"rtcToken", "rtmToken"}}, answer{}
}

// askRTM reads GET /rtm/:uid/.
func (s *Server) askRTM(r *http.Request, segs []string, rec *Request) (request, answer) {
	user := ""
	if len(segs) > 1 {
		user = segs[1]
	}
	rec.UID, rec.Account = user, true
	if user == "" || user == "0" {
		return request{}, badRequest(errors.New("an RTM user id is needed, and it cannot be 0 (the route is /rtm/USER/)"))
	}
	if err := token.ValidateAccount(user); err != nil {
		return request{}, badRequest(nameError("RTM user id", user, err))
	}
	expiry, err := s.readExpiry(r.URL.Query().Get("expiry"))
	if err != nil {
		return request{}, badRequest(err)
	}
	rec.Expiry = expiry
	return request{specs: []token.Spec{s.rtmSpec(user, expiry)}, keys: []string{"rtmToken"}}, answer{}
}

// askChat reads GET /chat/app/ and GET /chat/account/:chatid/.
func (s *Server) askChat(r *http.Request, segs []string, rec *Request) (request, answer) {
	expiry, err := s.readExpiry(r.URL.Query().Get("expiry"))
	if err != nil {
		return request{}, badRequest(err)
	}
	rec.Expiry = expiry
	if segs[1] == "app" {
		return request{specs: []token.Spec{s.chatSpec("", expiry)}, keys: []string{"chatToken"}}, answer{}
	}
	user := segs[2]
	rec.UID, rec.Account = user, true
	if err := token.ValidateAccount(user); err != nil {
		return request{}, badRequest(nameError("chat user id", user, err))
	}
	return request{specs: []token.Spec{s.chatSpec(user, expiry)}, keys: []string{"chatToken"}}, answer{}
}

// chatSpec is a chat app token (user "") or a chat user token, as ChatTokenBuilder2 builds them.
func (s *Server) chatSpec(user string, expiry uint32) token.Spec {
	kind := token.KindChatUser
	if user == "" {
		kind = token.KindChatApp
	}
	return token.Spec{Kind: kind, AppID: s.cfg.AppID, UserID: user, Role: token.RolePublisher,
		Expire: expiry, PrivilegeExpire: expiry}
}

// postRequest is the body of POST /getToken, as agora-token-service reads it.
type postRequest struct {
	TokenType string          `json:"tokenType"`
	Channel   string          `json:"channel"`
	Role      string          `json:"role"`
	UID       json.RawMessage `json:"uid"`
	Expire    *int64          `json:"expire"`
}

// askPOST reads POST /getToken.
func (s *Server) askPOST(r *http.Request, _ []string, rec *Request) (request, answer) {
	if r.ContentLength > maxBody {
		return request{}, failure(http.StatusRequestEntityTooLarge, "The request body is over %d KiB.", maxBody>>10)
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return request{}, failure(http.StatusRequestEntityTooLarge, "The request body is over %d KiB.", maxBody>>10)
		}
		return request{}, failure(http.StatusBadRequest, "The request body could not be read.")
	}
	var p postRequest
	if err := json.Unmarshal(body, &p); err != nil {
		return request{}, failure(http.StatusBadRequest,
			`The body is not JSON like {"tokenType":"rtc","channel":"room","role":"publisher","uid":"42","expire":3600}.`)
	}
	uid, err := postUID(p.UID)
	if err != nil {
		return request{}, badRequest(err)
	}
	rec.Service, rec.Channel, rec.UID, rec.Role = Service(p.TokenType), p.Channel, uid, p.Role
	expiry := min(uint32(DefaultExpiry/time.Second), s.maxExpiry)
	if p.Expire != nil && *p.Expire != 0 {
		if *p.Expire < 0 {
			return request{}, badRequest(fmt.Errorf("the expiry %d is out of range: from 1 to %d seconds", *p.Expire, s.maxExpiry))
		}
		if expiry, err = s.checkExpiry(uint64(*p.Expire)); err != nil {
			return request{}, badRequest(err)
		}
	}
	rec.Expiry = expiry
	switch p.TokenType {
	case "rtc":
		if p.Channel == "" {
			return request{}, badRequest(errors.New("an rtc token needs a channel"))
		}
		if err := token.ValidateChannel(p.Channel); err != nil {
			return request{}, badRequest(nameError("channel name", p.Channel, err))
		}
		if uid == "" {
			return request{}, badRequest(errors.New(`an rtc token needs a uid: "0" for any user, a number, or a user account`))
		}
		role := token.RolePublisher
		if p.Role != "" {
			if role, err = readRole(p.Role); err != nil {
				return request{}, badRequest(err)
			}
		}
		rec.Role = role.String()
		id := identity{account: uid}
		if n, err := strconv.ParseUint(uid, 10, 32); err == nil {
			id = identity{uid: uint32(n)}
		} else if err := token.ValidateAccount(uid); err != nil {
			return request{}, badRequest(nameError("user account", uid, err))
		}
		rec.Account = id.account != ""
		return request{specs: []token.Spec{s.rtcSpec(p.Channel, id, role, expiry)}, keys: []string{"token"}}, answer{}
	case "rtm":
		rec.Account = true
		if uid == "" {
			return request{}, badRequest(errors.New("an rtm token needs a uid, the RTM user id"))
		}
		if err := token.ValidateAccount(uid); err != nil {
			return request{}, badRequest(nameError("RTM user id", uid, err))
		}
		return request{specs: []token.Spec{s.rtmSpec(uid, expiry)}, keys: []string{"token"}}, answer{}
	case "chat":
		rec.Account = uid != ""
		if uid != "" {
			if err := token.ValidateAccount(uid); err != nil {
				return request{}, badRequest(nameError("chat user id", uid, err))
			}
		}
		return request{specs: []token.Spec{s.chatSpec(uid, expiry)}, keys: []string{"token"}}, answer{}
	case "":
		rec.Service = ServiceNone
		return request{}, badRequest(errors.New(`the body has no tokenType: use "rtc", "rtm" or "chat"`))
	}
	rec.Service = ServiceNone
	return request{}, badRequest(fmt.Errorf(`the tokenType %s is not "rtc", "rtm" or "chat"`, token.Excerpt(p.TokenType)))
}

// postUID reads the uid of a POST body: a string, as agora-token-service expects, or a
// number, which clients send too.
func postUID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", errors.New(`the uid is neither a string nor a number`)
}

// serveTokens builds the tokens asked for, shaped by the rehearsal, and answers with them.
func (s *Server) serveTokens(q request, rh *rehearsalState, rec *Request, saves *[]*store.Entry) answer {
	now := s.now()
	var body strings.Builder
	body.WriteByte('{')
	var wrongApplied bool
	for i := range q.specs {
		spec := &q.specs[i]
		if err := spec.Stamp(now); err != nil {
			return failure(http.StatusInternalServerError, "The token could not be stamped: %s.", sentenceOf(err))
		}
		if rh.ForceExpiry > 0 {
			spec.Expire = uint32(rh.ForceExpiry / time.Second)
			spec.PrivilegeExpire = spec.Expire
		}
		certificate := s.cfg.Certificate
		if rh.Wrong != WrongNone {
			applied, err := makeWrong(spec, rh.Wrong, &certificate)
			if err != nil {
				return failure(http.StatusInternalServerError, "The wrong token could not be made: %s.", sentenceOf(err))
			}
			wrongApplied = wrongApplied || applied
		}
		s.building <- struct{}{}
		text, err := spec.Build(certificate)
		<-s.building
		var refused *token.InputError
		if errors.As(err, &refused) {
			// The client's own input, refused when signing: the certificate as a channel or user.
			return badRequest(errors.New(refused.Sentence()))
		}
		if err != nil {
			// Every input was checked before: a failure here is the server's own.
			return failure(http.StatusInternalServerError, "The token could not be built: %s.", sentenceOf(err))
		}
		if i == 0 {
			rec.Token = text
			rec.Expiry = spec.Expire
			rec.ExpiresAt = time.Unix(int64(spec.IssuedAt)+int64(spec.Expire), 0)
		} else {
			rec.RTMToken = text
		}
		if i > 0 {
			body.WriteByte(',')
		}
		body.WriteString(`"` + q.keys[i] + `":"` + text + `"`)
		if s.saves != nil {
			*saves = append(*saves, &store.Entry{Spec: *spec, Token: text})
		}
	}
	body.WriteByte('}')
	if rh.ForceExpiry > 0 {
		rec.Rehearsed.ForceExpiry = rh.ForceExpiry
	}
	if wrongApplied {
		rec.Rehearsed.Wrong = rh.Wrong
	}
	return answer{status: http.StatusOK, body: []byte(body.String()), tokens: len(q.specs)}
}
