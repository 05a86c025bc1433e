package cli

import (
	"crypto/rand"
	"encoding/json"
	"hash/crc32"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

// decodeJSON runs decode --json with args and returns the object it printed.
func (w *world) decodeJSON(args ...string) map[string]any {
	w.t.Helper()
	out := w.mustRun("", append([]string{"decode", "--json"}, args...)...)
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		w.t.Fatalf("decode --json printed what is not JSON (%v):\n%s", err, out)
	}
	return m
}

func keysOf(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

func sameKeys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := keysOf(m); !slices.Equal(got, want) {
		t.Errorf("%s has the keys %v, want %v", what, got, want)
	}
}

// checkPrivileges compares privileges as decode --json prints them with a vector's map.
func checkPrivileges(t *testing.T, what string, got any, want map[string]int64, expiresAt func(int64) any) {
	t.Helper()
	list, ok := got.([]any)
	if !ok || len(list) != len(want) {
		t.Fatalf("%s privileges = %v, want %v", what, got, want)
	}
	lastID := -1.0
	for _, p := range list {
		pm := p.(map[string]any)
		sameKeys(t, what+" privilege", pm, "id", "name", "value", "expires_at")
		id := pm["id"].(float64)
		if id <= lastID {
			t.Errorf("%s privileges are not in ascending id order: %v", what, list)
		}
		lastID = id
		value := want[strconv.Itoa(int(id))]
		if pm["value"] != float64(value) || pm["expires_at"] != expiresAt(value) {
			t.Errorf("%s privilege %v: want value %d, expires_at %v", what, pm, value, expiresAt(value))
		}
		if name, _ := pm["name"].(string); name == "" {
			t.Errorf("%s privilege %v has no name", what, pm)
		}
	}
}

func TestDecodeJSONOf007VectorsFollowsTheSchema(t *testing.T) {
	rtm2Resources := map[string]string{"0": "messageChannels", "1": "streamChannels", "2": "groupChannels", "3": "serverGroups", "4": "users"}
	rtm2Permissions := map[string]string{"0": "read", "1": "write"}
	for _, v := range loadVectors(t, "v007.json") {
		t.Run(v.Name, func(t *testing.T) {
			w := newWorld(t)
			w.now = time.Unix(v.IssuedAt+1, 0).UTC()
			d := w.decodeJSON(v.Token)
			sameKeys(t, "the token", d, "version", "app_id", "issued_at", "expire", "expires_at", "join_until", "salt", "signature", "services", "diagnostics")
			if d["version"] != "007" || d["app_id"] != v.AppID || d["issued_at"] != float64(v.IssuedAt) || d["expire"] != float64(v.Expire) ||
				d["expires_at"] != float64(v.IssuedAt+v.Expire) || d["salt"] != float64(v.Salt) || d["signature"] != "unchecked" {
				t.Errorf("decoded %v", d)
			}
			services := d["services"].([]any)
			if len(services) != len(v.Services) {
				t.Fatalf("%d services, want %d", len(services), len(v.Services))
			}
			for i, vs := range v.Services {
				s := services[i].(map[string]any)
				typ := token.ServiceType(vs.Type)
				what := "service " + typ.String()
				if s["type"] != float64(vs.Type) || s["name"] != typ.String() {
					t.Errorf("%s is %v", what, s)
				}
				keys := []string{"type", "name", "privileges"}
				want := map[string]any{}
				str := func(key string, p *string) {
					keys = append(keys, key)
					if p != nil {
						want[key] = *p
					} else {
						want[key] = ""
					}
				}
				switch typ {
				case token.ServiceRTC:
					str("channel", vs.Channel)
					str("uid", vs.UID)
				case token.ServiceRTM, token.ServiceChat:
					str("user_id", vs.UserID)
				case token.ServiceRTM2:
					str("user_id", vs.UserID)
					if len(vs.Permissions) > 0 {
						keys = append(keys, "permissions")
						perms := map[string]any{}
						for res, byPerm := range vs.Permissions {
							m := map[string]any{}
							for perm, names := range byPerm {
								list := make([]any, len(names))
								for j, n := range names {
									list[j] = n
								}
								m[rtm2Permissions[perm]] = list
							}
							perms[rtm2Resources[res]] = m
						}
						if got, _ := json.Marshal(s["permissions"]); string(got) != mustJSON(t, perms) {
							t.Errorf("%s permissions = %s, want %s", what, got, mustJSON(t, perms))
						}
					}
				case token.ServiceStreaming, token.ServiceFCDN:
					str("channel", vs.Channel)
					str("account", vs.Account)
				case token.ServiceAPaaS:
					str("room_uuid", vs.RoomUUID)
					str("user_uuid", vs.UserUUID)
					keys = append(keys, "role")
					want["role"] = float64(*vs.Role)
				}
				sameKeys(t, what, s, keys...)
				for k, val := range want {
					if s[k] != val {
						t.Errorf("%s %s = %v, want %v", what, k, s[k], val)
					}
				}
				checkPrivileges(t, what, s["privileges"], vs.Privileges, func(value int64) any { return float64(v.IssuedAt + value) })
			}
			for _, f := range d["diagnostics"].([]any) {
				fm := f.(map[string]any)
				sameKeys(t, "a diagnostic", fm, "severity", "code", "message")
				if sev := fm["severity"]; sev != "error" && sev != "warning" && sev != "info" {
					t.Errorf("severity %v", sev)
				}
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDecodeJSONOf006VectorsFollowsTheSchema(t *testing.T) {
	for _, v := range loadVectors(t, "v006.json") {
		t.Run(v.Name, func(t *testing.T) {
			w := newWorld(t)
			w.now = time.Unix(v.TS-60, 0).UTC()
			d := w.decodeJSON(v.Token)
			sameKeys(t, "the token", d, "version", "app_id", "issued_at", "expire", "expires_at", "join_until", "salt", "signature",
				"privileges", "crc_channel", "crc_uid", "uid_candidates", "diagnostics")
			if d["version"] != "006" || d["app_id"] != v.AppID || d["issued_at"] != nil || d["expire"] != nil ||
				d["expires_at"] != float64(v.TS) || d["salt"] != float64(v.Salt) || d["signature"] != "unchecked" ||
				d["crc_channel"] != float64(crc32.ChecksumIEEE([]byte(v.Channel))) || d["crc_uid"] != float64(crc32.ChecksumIEEE([]byte(v.UID))) {
				t.Errorf("decoded %v", d)
			}
			checkPrivileges(t, "the token", d["privileges"], v.Privileges, func(value int64) any {
				if value == 0 {
					return nil
				}
				return float64(value)
			})
			candidates := d["uid_candidates"].([]any)
			if _, err := token.ParseUID(v.UID); err == nil || v.UID == "" {
				if !slices.Contains(candidates, any(v.UID)) {
					t.Errorf("uid_candidates %v do not hold %q", candidates, v.UID)
				}
			}
			if v.UID == "" && !slices.Equal(candidates, []any{""}) {
				t.Errorf(`the candidates of a uid 0 token are %v, want [""]`, candidates)
			}

			flag := "--uid"
			if _, err := token.ParseUID(v.UID); err != nil && v.UID != "" {
				flag = "--account"
			}
			uid := v.UID
			if uid == "" {
				uid = "0"
			}
			d = w.decodeJSON(v.Token, "--channel", v.Channel, flag, uid)
			if d["channel_match"] != true || d["uid_match"] != true {
				t.Errorf("with the right channel and uid: channel_match %v, uid_match %v", d["channel_match"], d["uid_match"])
			}
			d = w.decodeJSON(v.Token, "--channel", v.Channel+"x")
			if d["channel_match"] != false || d["uid_match"] != nil {
				t.Errorf("with another channel: channel_match %v, uid_match %v", d["channel_match"], d["uid_match"])
			}

			w.env[envCertificate] = v.Cert
			if d := w.decodeJSON(v.Token, "--verify", "--channel", v.Channel, flag, uid); d["signature"] != "valid" {
				t.Errorf("signature %v", d["signature"])
			}
		})
	}
}

func TestDecodeJSONNamesAnUnknownServiceByItsType(t *testing.T) {
	tok := &token.Token007{AppID: testAppID, IssuedAt: 1700000000, Expire: 600, Salt: 1,
		Services: []token.Service{token.NewRTMService("u", 600), {Type: 42}}}
	text, err := tok.Build(testCertificate)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t)
	d := w.decodeJSON(text)
	services := d["services"].([]any)
	if len(services) != 2 || mustJSON(t, services[1]) != `{"name":"unknown","type":42}` {
		t.Errorf("services %v", services)
	}
}

func TestDecodeVerifyExitsZeroForAValidSignatureAndOneForAnInvalidOne(t *testing.T) {
	v := findVector(t, "v007.json", "rtc_uid_join")
	w := newWorld(t)
	w.now = time.Unix(v.IssuedAt, 0).UTC()
	w.env[envCertificate] = v.Cert
	if out := w.mustRun("", "decode", "--verify", v.Token); !strings.Contains(out, "Signature   valid") {
		t.Errorf("decode --verify:\n%s", out)
	}
	w.env[envCertificate] = otherCertificate
	r := w.expectFailure(exitInvalid, "", []string{"decode", "--verify", v.Token}, "the signature is invalid")
	if !strings.Contains(r.stdout, "INVALID") || !strings.Contains(r.stdout, "signature-invalid") {
		t.Errorf("the report does not show the invalid signature:\n%s", r.stdout)
	}
	r = w.run("", "decode", "--verify", "--json", v.Token)
	if r.code != exitInvalid || !strings.Contains(r.stdout, `"signature": "invalid"`) {
		t.Error(r)
	}
}

func TestDecodeVerifyOfA006TokenNeedsTheChannelAndUID(t *testing.T) {
	v := findVector(t, "v006.json", "official_uid")
	w := newWorld(t)
	w.env[envCertificate] = v.Cert
	w.expectFailure(exitUsage, "", []string{"decode", "--verify", v.Token}, "give --channel NAME and --uid N (or --account NAME)")
	w.expectFailure(exitUsage, "", []string{"decode", "--verify", v.Token, "--channel", v.Channel}, "--channel NAME and --uid N")
	w.mustRun("", "decode", "--verify", v.Token, "--channel", v.Channel, "--uid", v.UID)
	w.expectFailure(exitInvalid, "", []string{"decode", "--verify", v.Token, "--channel", v.Channel, "--uid", "1"}, "the signature is invalid")
}

func TestDecodeReadsTheTokenFromStandardInputAndCleansIt(t *testing.T) {
	v := findVector(t, "v007.json", "rtc_uid_join")
	w := newWorld(t)
	for _, stdin := range []string{v.Token, v.Token + "\n", "  \"" + v.Token + "\"\r\n", "token=" + v.Token, v.Token[:40] + "\n" + v.Token[40:]} {
		for _, args := range [][]string{{"decode", "--json"}, {"decode", "-", "--json"}} {
			if out := w.mustRun(stdin, args...); !strings.Contains(out, `"app_id": "`+v.AppID+`"`) {
				t.Errorf("%q on stdin: %s", stdin, out)
			}
		}
	}
	if out := w.mustRun("", "decode", "--json", "'"+v.Token+"',"); !strings.Contains(out, `"version": "007"`) {
		t.Errorf("a quoted argument: %s", out)
	}
}

func TestDecodeCertStdinReadsTheCertificateBeforeTheToken(t *testing.T) {
	v := findVector(t, "v007.json", "rtc_uid_join")
	w := newWorld(t)
	if out := w.mustRun(v.Cert+"\n"+v.Token+"\n", "decode", "--verify", "--cert-stdin", "--json"); !strings.Contains(out, `"signature": "valid"`) {
		t.Errorf("%s", out)
	}
	if out := w.mustRun(v.Cert+"\n", "decode", "--verify", "--cert-stdin", "--json", v.Token); !strings.Contains(out, `"signature": "valid"`) {
		t.Errorf("%s", out)
	}
}

func TestDecodeAtJudgesExpiryAtThatTime(t *testing.T) {
	v := findVector(t, "v007.json", "rtc_uid_join") // issued 1111111, lives 600 s
	w := newWorld(t)
	has := func(d map[string]any, code string) bool {
		for _, f := range d["diagnostics"].([]any) {
			if f.(map[string]any)["code"] == code {
				return true
			}
		}
		return false
	}
	if d := w.decodeJSON(v.Token, "--at", "1111211"); has(d, token.CodeExpired) {
		t.Errorf("expired 100 s after issue: %v", d["diagnostics"])
	}
	if d := w.decodeJSON(v.Token, "--at", "1111712"); !has(d, token.CodeExpired) {
		t.Errorf("not expired 601 s after issue: %v", d["diagnostics"])
	}
	if d := w.decodeJSON(v.Token); !has(d, token.CodeExpired) {
		t.Errorf("not expired in 2023: %v", d["diagnostics"])
	}
	w.expectFailure(exitUsage, "", []string{"decode", v.Token, "--at", "tomorrow"}, `--at "tomorrow" is not a unix time`)
}

func TestDecodeRefusesWhatIsNotATokenQuicklyWithASentence(t *testing.T) {
	random := make([]byte, 4096)
	rand.Read(random)
	v := findVector(t, "v007.json", "rtc_uid_join")
	urlSafe := strings.NewReplacer("+", "-", "/", "_").Replace(v.Token)
	if urlSafe == v.Token {
		t.Fatal("the vector has no + or / to make URL-safe")
	}
	megabyte := strings.Repeat("Lorem ipsum dolor sit amet. ", 1<<20/28+1)
	for _, c := range []struct {
		name        string
		arg, stdin  string
		phrase      string
		viaArgument bool
	}{
		{"random bytes on stdin", "", string(random), "not a token", false},
		{"random bytes as the argument", string(random[:200]), "", "not a token", true},
		{"a megabyte of text on stdin", "", megabyte, "more than 64 KiB", false},
		{"a megabyte of text as the argument", megabyte, "", "TokenDesk reads at most 64 KiB", true},
		{"007 and garbage", "007garbage!", "", "not base64", true},
		{"007 and base64 that is not zlib", "007aGVsbG8gd29ybGQ=", "", "not zlib data", true},
		{"a short 006", "006abc", "", "a 006 token has a 32-character App ID", true},
		{"006 and a bad App ID", "006" + strings.Repeat("x", 40), "", "hexadecimal", true},
		{"an empty argument", "", "", "no token given", true},
		{"empty stdin", "", "", "no token given", false},
		{"white space", "  \n\t ", "", "no token given", true},
		{"a URL-safe base64 token", urlSafe, "", "URL-safe base64", true},
		{"a truncated token", v.Token[:len(v.Token)/2], "", "not a token", true},
		{"a JWT", "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo", "", `starts with "006" or "007"`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			args := []string{"decode"}
			if c.viaArgument {
				args = append(args, c.arg)
			}
			start := time.Now()
			r := w.expectFailure(exitUsage, c.stdin, args, c.phrase)
			if elapsed := time.Since(start); elapsed > time.Second {
				t.Errorf("took %s", elapsed)
			}
			if r.stdout != "" || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("want one line on stderr and nothing on stdout:\n%s", r)
			}
		})
	}
}

func TestDecodeReportShowsEveryField(t *testing.T) {
	v := findVector(t, "v007.json", "all_services")
	w := newWorld(t)
	w.now = time.Unix(v.IssuedAt+60, 0).UTC()
	out := w.mustRun("", "decode", v.Token)
	for _, phrase := range []string{
		"007 (AccessToken2)", "App ID      " + v.AppID, "Issued      " + time.Unix(v.IssuedAt, 0).UTC().Format("2006-01-02 15:04:05 UTC") + ", 1 minute ago",
		"(lifetime " + token.SpanWords(v.Expire) + ")", "Salt", "Signature   unchecked",
		"Service rtc (type 1)", "Service rtm (type 2)", "Service streaming", "Service fpa", "Service chat", "Service fcdn",
		"Service apaas", "Service rtm2", "Service convoai", "Service stt",
		"joinChannel", "Permission", "Diagnosis", "[info]",
	} {
		if !strings.Contains(out, phrase) {
			t.Errorf("the report does not say %q:\n%s", phrase, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("the report is coloured although stdout is not a terminal")
	}
}

func TestDecodeReportOf006ShowsCRCsAndUIDCandidates(t *testing.T) {
	v := findVector(t, "v006.json", "official_uid")
	w := newWorld(t)
	w.now = time.Unix(v.TS-3600, 0).UTC()
	out := w.mustRun("", "decode", v.Token, "--channel", v.Channel, "--uid", v.UID)
	for _, phrase := range []string{"006 (AccessToken)", "CRC32 " + strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(v.Channel))), 10),
		"matches --channel", "matches --uid " + v.UID, v.UID, "numeric uids have this CRC32", "until 2015-11-02 09:11:11 UTC",
		"Token ts    1970-01-13 20:38:31 UTC, in 1 hour"} {
		if !strings.Contains(out, phrase) {
			t.Errorf("the report does not say %q:\n%s", phrase, out)
		}
	}
	if out := w.mustRun("", "decode", v.Token, "--channel", "other"); !strings.Contains(out, `does NOT match --channel "other"`) {
		t.Errorf("a wrong channel:\n%s", out)
	}
}

func TestCandidateWordsShowsTenUIDsAndTheCount(t *testing.T) {
	uids := []uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	got := candidateWords(uids)
	if !strings.Contains(got, "12 numeric uids") || !strings.Contains(got, "and 2 more") || strings.Contains(got, "10, 11") ||
		!strings.Contains(got, `0 (written "", any user)`) {
		t.Errorf("%q", got)
	}
	if got := candidateWords(nil); !strings.Contains(got, "string user account") {
		t.Errorf("%q", got)
	}
}

func TestDecodeColoursOnlyATerminalAndNeverWithNO_COLOR(t *testing.T) {
	v := findVector(t, "v007.json", "rtc_uid_join")
	w := newWorld(t)
	w.stdoutTTY = true
	if out := w.mustRun("", "decode", v.Token); !strings.Contains(out, "\x1b[") {
		t.Error("no colour on a terminal")
	}
	w.env["NO_COLOR"] = "1"
	if out := w.mustRun("", "decode", v.Token); strings.Contains(out, "\x1b[") {
		t.Error("colour despite NO_COLOR")
	}
	w.stdoutTTY = true
	delete(w.env, "NO_COLOR")
	if out := w.mustRun("", "decode", v.Token, "--json"); strings.Contains(out, "\x1b[") {
		t.Error("colour in JSON")
	}
}

func TestDecodeShowsTheProjectLabel(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID, "--label", "QA staging")
	v := findVector(t, "v007.json", "rtc_uid_join")
	if out := w.mustRun("", "decode", v.Token); !strings.Contains(out, `(project "QA staging")`) {
		t.Errorf("%s", out)
	}
}

func TestRelativeTimesReadNaturally(t *testing.T) {
	for _, c := range []struct {
		delta int64
		want  string
	}{{0, "now"}, {42 * 60, "in 42 minutes"}, {-3 * 3600, "3 hours ago"}, {90 * 60, "in 1 hour 30 minutes"}, {-1, "1 second ago"}, {5 * 86400, "in 5 days"}} {
		if got := relative(1000000+c.delta, 1000000); got != c.want {
			t.Errorf("relative(%+d) = %q, want %q", c.delta, got, c.want)
		}
	}
}

func FuzzDecodeCommand(f *testing.F) {
	for _, file := range []string{"v007.json", "v006.json"} {
		vs, err := readVectors(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, v := range vs {
			f.Add(v.Token)
			f.Add(v.Token[:len(v.Token)/2])
		}
	}
	f.Add("")
	f.Add("007")
	f.Add("006")
	f.Fuzz(func(t *testing.T, text string) {
		w := &world{t: t, env: map[string]string{}, dir: "/nonexistent/tokendesk-fuzz", now: testNow}
		r := w.run("", "decode", "--json", "--", text)
		switch {
		case r.code == exitOK && json.Valid([]byte(r.stdout)):
		case r.code == exitUsage && r.stdout == "" && strings.HasPrefix(r.stderr, "tokendesk decode: "):
		default:
			t.Fatalf("decode %q: %s", text, r)
		}
	})
}

func TestDecodeJSONSaysUntilWhenAUserCanJoin(t *testing.T) {
	const issued = 1_700_000_000
	cases := []struct {
		name                 string
		spec                 token.Spec
		joinUntil, expiresAt int64
	}{
		{"007, joinChannel for 10 minutes in a token of an hour",
			token.Spec{Format: token.Version007, Kind: token.KindRTC, Channel: "demo", UID: 42, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 600},
			issued + 600, issued + 3600},
		{"006, built for an hour: the token itself lives 24 hours",
			token.Spec{Format: token.Version006, Kind: token.KindRTC, Channel: "demo", UID: 42, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600},
			issued + 3600, issued + 24*3600},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.spec.AppID, c.spec.IssuedAt, c.spec.Salt = testAppID, issued, 7
			text, err := c.spec.Build(testCertificate)
			if err != nil {
				t.Fatal(err)
			}
			w := newWorld(t)
			w.now = time.Unix(issued+1, 0).UTC()
			d := w.decodeJSON(text)
			if d["join_until"] != float64(c.joinUntil) || d["expires_at"] != float64(c.expiresAt) {
				t.Errorf("join_until %v, expires_at %v; want %d and %d", d["join_until"], d["expires_at"], c.joinUntil, c.expiresAt)
			}
		})
	}
}
