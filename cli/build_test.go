package cli

import (
	"encoding/json"
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

func TestBuildPrintsTheSameTokenAsSpecBuildForTheSameInputs(t *testing.T) {
	base := []string{"build", "--app-id", testAppID, "--issued-at", "1700000000", "--salt", "12345678"}
	spec := func(s token.Spec) token.Spec {
		s.AppID, s.IssuedAt, s.Salt = testAppID, 1700000000, 12345678
		if s.Format == "" {
			s.Format = token.Version007
		}
		if s.Kind == "" {
			s.Kind = token.KindRTC
		}
		return s
	}
	for _, c := range []struct {
		name  string
		flags []string
		want  token.Spec
	}{
		{"an rtc publisher for a uid lasting an hour by default", []string{"--channel", "room1", "--uid", "42"},
			token.Spec{Channel: "room1", UID: 42, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
		{"an rtc subscriber for an account with a duration", []string{"--channel", "room 1", "--account", "alice", "--role", "subscriber", "--expire", "90m"},
			token.Spec{Channel: "room 1", Account: "alice", Role: token.RoleSubscriber, Expire: 5400, PrivilegeExpire: 5400}},
		{"a privilege lifetime apart from the token's", []string{"--channel", "c", "--uid", "1", "--expire", "7200", "--privilege-expire", "600"},
			token.Spec{Channel: "c", UID: 1, Role: token.RolePublisher, Expire: 7200, PrivilegeExpire: 600}},
		{"per-privilege lifetimes, the unset ones from --privilege-expire", []string{"--channel", "c", "--uid", "1", "--join-expire", "2h", "--audio-expire", "10m", "--privilege-expire", "30m"},
			token.Spec{Channel: "c", UID: 1, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 1800,
				PerPrivilege: &token.PrivilegeExpires{Join: 7200, Audio: 600, Video: 1800, Data: 1800}}},
		{"rtc+rtm whose RTM user defaults to the account", []string{"--service", "rtc+rtm", "--channel", "c", "--account", "bob"},
			token.Spec{Kind: token.KindRTCRTM, Channel: "c", Account: "bob", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
		{"rtm", []string{"--service", "rtm", "--user", "bob", "--expire", "600"},
			token.Spec{Kind: token.KindRTM, UserID: "bob", Role: token.RolePublisher, Expire: 600, PrivilegeExpire: 600}},
		{"an apaas room user", []string{"--service", "apaas-room-user", "--room", "r1", "--user", "u1", "--apaas-role", "2"},
			token.Spec{Kind: token.KindAPaaSRoomUser, RoomUUID: "r1", UserID: "u1", APaaSRole: 2, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
		{"streaming", []string{"--service", "streaming", "--channel", "c", "--uid", "9"},
			token.Spec{Kind: token.KindStreaming, Channel: "c", UID: 9, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
		{"chat-app", []string{"--service", "chat-app"},
			token.Spec{Kind: token.KindChatApp, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
		{"convoai", []string{"--service", "convoai", "--channel", "c", "--uid", "3", "--user", "agent"},
			token.Spec{Kind: token.KindConvoAI, Channel: "c", UID: 3, UserID: "agent", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
		{"a 006 admin", []string{"--format", "006", "--channel", "c", "--uid", "5", "--role", "admin"},
			token.Spec{Format: token.Version006, Channel: "c", UID: 5, Role: token.RoleAdmin, Expire: 3600, PrivilegeExpire: 3600}},
		{"a 006 rtm login", []string{"--format", "006", "--service", "rtm", "--user", "bob"},
			token.Spec{Format: token.Version006, Kind: token.KindRTM, UserID: "bob", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			w.env[envCertificate] = testCertificate
			got := w.mustRun("", append(base, c.flags...)...)
			s := spec(c.want)
			want, err := s.Build(testCertificate)
			if err != nil {
				t.Fatal(err)
			}
			if got != want+"\n" {
				t.Errorf("build printed\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestBuildThenDecodeGivesBackTheInputs(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	text := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--uid", "42", "--expire", "30m", "--role", "subscriber"))
	var d map[string]any
	if err := json.Unmarshal([]byte(w.mustRun("", "decode", text, "--json", "--verify", "--channel", "room1", "--uid", "42")), &d); err != nil {
		t.Fatal(err)
	}
	services := d["services"].([]any)
	rtc := services[0].(map[string]any)
	if d["signature"] != "valid" || d["issued_at"] != float64(testNow.Unix()) || d["expire"] != float64(1800) ||
		rtc["channel"] != "room1" || rtc["uid"] != "42" || len(rtc["privileges"].([]any)) != 1 {
		t.Errorf("decoded %v", d)
	}
}

func TestBuildUsesAGORA_APP_IDWhenThereIsNoAppIDFlag(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	w.env[envAppID] = testAppID
	text := strings.TrimSpace(w.mustRun("", "build", "--channel", "c"))
	p, err := token.Parse(text)
	if err != nil || p.AppID() != testAppID {
		t.Fatalf("%q: %v", text, err)
	}
}

func TestBuildDrawsAFreshSaltAndIssuesNow(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	first := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "c"))
	second := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "c"))
	p, _ := token.Parse(first)
	q, _ := token.Parse(second)
	if p.V007.IssuedAt != uint32(testNow.Unix()) || p.V007.Salt == q.V007.Salt || p.V007.Salt == 0 || p.V007.Salt > token.MaxSalt {
		t.Errorf("salts %d and %d, issued at %d", p.V007.Salt, q.V007.Salt, p.V007.IssuedAt)
	}
}

func TestBuildRejectsBadInputWithASentenceAndExit2(t *testing.T) {
	for _, c := range []struct {
		name   string
		args   []string
		phrase string
	}{
		{"no App ID", []string{"--channel", "c"}, "--app-id is required"},
		{"a short App ID", []string{"--app-id", "abc", "--channel", "c"}, "--app-id: an App ID is 32 hexadecimal characters"},
		{"both uid and account", []string{"--app-id", testAppID, "--channel", "c", "--uid", "1", "--account", "a"}, "--uid and --account are alternatives"},
		{"no channel for rtc", []string{"--app-id", testAppID}, "an rtc token needs --channel NAME"},
		{"no user for rtm", []string{"--app-id", testAppID, "--service", "rtm"}, "an rtm token needs --user ID"},
		{"no room for apaas", []string{"--app-id", testAppID, "--service", "apaas-room-user", "--user", "u"}, "needs --room UUID"},
		{"a misspelt service", []string{"--app-id", testAppID, "--service", "rtx", "--channel", "c"}, "did you mean rtc?"},
		{"an unknown format", []string{"--app-id", testAppID, "--format", "008", "--channel", "c"}, "use 007 or 006"},
		{"a 007-only service as 006", []string{"--app-id", testAppID, "--format", "006", "--service", "fpa"}, "exist only in the 007 format"},
		{"a uid too large", []string{"--app-id", testAppID, "--channel", "c", "--uid", "4294967296"}, "--uid: 4294967296 is larger than 4294967295"},
		{"a negative uid", []string{"--app-id", testAppID, "--channel", "c", "--uid", "-1"}, "--uid: a uid is a whole number"},
		{"a channel Agora refuses", []string{"--app-id", testAppID, "--channel", "a/b"}, "--channel: a channel name may use"},
		{"an account Agora refuses", []string{"--app-id", testAppID, "--channel", "c", "--account", "ä"}, "--account: a user account may use"},
		{"a user Agora refuses", []string{"--app-id", testAppID, "--service", "rtm", "--user", "a/b"}, "--user: a user account may use"},
		{"a room Agora refuses", []string{"--app-id", testAppID, "--service", "apaas-room-user", "--user", "u", "--room", "a/b"}, "--room: a user account may use"},
		{"a role 007 does not know", []string{"--app-id", testAppID, "--channel", "c", "--role", "admin"}, "--role: admin is a 006 role"},
		{"a role nobody knows", []string{"--app-id", testAppID, "--channel", "c", "--role", "boss"}, `--role: "boss" is not a role`},
		{"a lifetime that is not one", []string{"--app-id", testAppID, "--channel", "c", "--expire", "soon"}, `--expire: "soon" is neither seconds (3600) nor a duration (90m, 2h)`},
		{"a negative lifetime", []string{"--app-id", testAppID, "--channel", "c", "--expire", "-5m"}, "--expire: a lifetime cannot be negative"},
		{"a fractional lifetime", []string{"--app-id", testAppID, "--channel", "c", "--expire", "1.5s"}, "--expire: a lifetime is a whole number of seconds"},
		{"a lifetime past 2106", []string{"--app-id", testAppID, "--channel", "c", "--expire", "4294967295"}, "after the year 2106"},
		{"per-privilege lifetimes for rtm", []string{"--app-id", testAppID, "--service", "rtm", "--user", "u", "--join-expire", "1h"}, "rtm tokens have none"},
		{"per-privilege lifetimes with a role", []string{"--app-id", testAppID, "--channel", "c", "--role", "subscriber", "--join-expire", "1h"}, "are alternatives"},
		{"an issue time that is not one", []string{"--app-id", testAppID, "--channel", "c", "--issued-at", "yesterday"}, `--issued-at: "yesterday" is not a time: give unix seconds, RFC 3339`},
		{"a salt that is not one", []string{"--app-id", testAppID, "--channel", "c", "--salt", "-3"}, `--salt "-3" is not a salt`},
		{"an argument", []string{"--app-id", testAppID, "room1"}, `build takes no arguments, but got "room1"`},
		{"an APaaS role out of range", []string{"--app-id", testAppID, "--service", "apaas-room-user", "--room", "r", "--user", "u", "--apaas-role", "99999"}, "--apaas-role"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			w.env[envCertificate] = testCertificate
			r := w.expectFailure(exitUsage, "", append([]string{"build"}, c.args...), c.phrase)
			if r.stdout != "" {
				t.Errorf("stdout is not empty: %q", r.stdout)
			}
		})
	}
}

func TestBuildWarnsOnStandardErrorAboutLongLifetimesAndUIDZero(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	r := w.run("", "build", "--app-id", testAppID, "--channel", "c", "--expire", "48h")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.HasPrefix(r.stdout, "007") {
		t.Fatal(r)
	}
	for _, phrase := range []string{"warning: The token's lifetime is 2 days", "warning: The token is for uid 0"} {
		if !strings.Contains(r.stderr, phrase) {
			t.Errorf("stderr does not say %q:\n%s", phrase, r.stderr)
		}
	}
	r = w.run("", "build", "--app-id", testAppID, "--service", "rtm", "--user", "u", "--channel", "c")
	if r.code != 0 || !strings.Contains(r.stderr, "--channel is not used by 007 rtm tokens") {
		t.Error(r)
	}
	r = w.run("", "build", "--app-id", testAppID, "--format", "006", "--channel", "c", "--uid", "1")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("a plain 006 build warns:\n%s", r)
	}
}

func TestBuildJSONHoldsTheTokenAndItsDecoding(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	out := w.mustRun("", "build", "--app-id", testAppID, "--format", "006", "--channel", "c", "--uid", "7", "--json")
	var got struct {
		Token   string         `json:"token"`
		Decoded map[string]any `json:"decoded"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Token, "006"+testAppID) || got.Decoded["version"] != "006" || got.Decoded["signature"] != "valid" ||
		got.Decoded["channel_match"] != true || got.Decoded["uid_match"] != true {
		t.Errorf("%s", out)
	}
}

func TestBuildCopiesToTheClipboardAndAFailureIsOnlyAWarning(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	out := w.mustRun("", "build", "--app-id", testAppID, "--channel", "c", "--uid", "1", "--copy")
	if w.copied != strings.TrimSpace(out) {
		t.Errorf("copied %q, printed %q", w.copied, out)
	}
	w.copyErr = errors.New("no clipboard utility found")
	r := w.run("", "build", "--app-id", testAppID, "--channel", "c", "--uid", "1", "--copy")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "007") || !strings.Contains(r.stderr, "warning: the token could not be copied") {
		t.Error(r)
	}
	// xclip without a display exits 1: the warning says what that means.
	if _, err := exec.LookPath("false"); err != nil {
		return // no program that fails here to stand in for xclip
	}
	w.copyErr = exec.Command("false").Run()
	r = w.run("", "build", "--app-id", testAppID, "--channel", "c", "--uid", "1", "--copy")
	if r.code != 0 || !strings.Contains(r.stderr, "need a display") || strings.Contains(r.stderr, "exit status") {
		t.Error(r)
	}
}

func TestBuildSaveRecordsTheSpecTokenAndProjectLabel(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	st, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveProject(&store.Project{Label: "QA staging", AppID: testAppID}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	text := strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", "c", "--uid", "1", "--save", "--label", "smoke"))
	st, err = store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	entries, err := st.List(store.Query{})
	if err != nil || len(entries) != 1 {
		t.Fatalf("%d entries, %v", len(entries), err)
	}
	e := entries[0]
	if e.Token != text || e.Project != "QA staging" || e.Label != "smoke" || e.Spec.Channel != "c" || e.Spec.UID != 1 {
		t.Errorf("saved %+v", e)
	}
	if again, err := e.Spec.Build(testCertificate); err != nil || again != text {
		t.Errorf("the saved spec builds %q, %v", again, err)
	}
}

func TestParseLifetimeReadsSecondsAndDurations(t *testing.T) {
	for in, want := range map[string]uint32{"3600": 3600, "0": 0, "90m": 5400, "1h": 3600, "1h30m": 5400, "45s": 45, " 10 ": 10} {
		got, err := parseLifetime("--expire", in)
		if err != nil || got != want {
			t.Errorf("parseLifetime(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "-1h", "1.5s", "99999999999", "2000000h"} {
		if _, err := parseLifetime("--expire", in); err == nil {
			t.Errorf("parseLifetime(%q) accepted it", in)
		}
	}
}

func TestBuildWithIssuedAtAndSaltReproducesAVector(t *testing.T) {
	v := findVector(t, "v007.json", "rtc_subscriber")
	w := newWorld(t)
	w.env[envCertificate] = v.Cert
	got := strings.TrimSpace(w.mustRun("", "build", "--app-id", v.AppID, "--channel", *v.Services[0].Channel, "--uid", *v.Services[0].UID,
		"--role", "subscriber", "--expire", strconv.FormatInt(v.Expire, 10), "--issued-at", strconv.FormatInt(v.IssuedAt, 10),
		"--salt", strconv.FormatUint(uint64(v.Salt), 10)))
	same, err := sameToken(got, v.Token)
	if err != nil || !same {
		t.Errorf("built %s\nvector %s (%v)", got, v.Token, err)
	}
}
