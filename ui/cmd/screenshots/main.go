// Command screenshots renders the Build, Decode, History, Settings and Serve screens with sample
// data on Fyne's software renderer, and the Build screen in Simplified Chinese, and writes
// them as PNG files. It needs no display:
//
//	go run ./ui/cmd/screenshots            # writes docs/screenshots/{build,decode,history,settings,serve,serve-rehearse,build-zh}.png
//	go run ./ui/cmd/screenshots -o /tmp/s
//
// The Chinese text is drawn with a CJK font of the system, as in the app (Fyne falls back to
// the system's fonts for characters its own lack): on Debian, fonts-wqy-microhei, which the
// Makefile installs. Without one, the tool says so and the Chinese shows as boxes.
//
// The sample App ID and certificate are the public ones of Agora's token test vectors.
package main

import (
	"flag"
	"fmt"
	"image/png"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/go-text/typesetting/fontscan"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
	"github.com/tokendesk/tokendesk/ui"
)

const (
	sampleAppID       = "970CA35de60c44645bbae8a215061b33"
	sampleCertificate = "5CFd2fd1755d40ecb72977518be15d3b"
	classroomAppID    = "2ab5e3c1f0d94b0e8a6c1d7f3e9b4a50"
	supportAppID      = "c4f1a9d27e3b4c8f9a0d5e6b7c8d9e0f"
)

// windowSize is the size of the screenshots, in pixels.
var windowSize = fyne.NewSize(1100, 760)

// now is the moment the screenshots show, so that they come out the same every run.
var now = time.Date(2025, 6, 3, 14, 30, 0, 0, time.UTC)

func main() {
	out := flag.String("o", filepath.Join("docs", "screenshots"), "directory to write the PNG files to")
	flag.Parse()
	time.Local = time.UTC
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}

	// The real store on a database in memory, and certificates kept for this run only.
	mem, err := store.OpenMemory()
	if err != nil {
		log.Fatal(err)
	}
	defer mem.Close()
	mem.SetClock(func() time.Time { return now })
	certs := &store.Certificates{Keychain: store.NewSessionSecrets()}
	sampleData(mem, certs)
	setLanguage(mem, "en")

	a := test.NewApp()
	salt := uint32(48213)
	deps := ui.Deps{
		Certificates: certs, History: mem, Projects: mem, Settings: mem,
		Now:         windowNow,
		NewSalt:     func() (uint32, error) { salt += 7919; return salt, nil },
		Synchronous: true,
	}
	u := ui.New(a, deps)
	w := u.Window()
	w.Resize(windowSize)

	buildSample(u)
	capture(w, filepath.Join(*out, "build.png"))

	u.OpenInDecode(decodeSample())
	capture(w, filepath.Join(*out, "decode.png"))

	u.OpenInDecode(explainSample())
	capture(w, filepath.Join(*out, "decode-explain.png"))

	u.Show(ui.ScreenHistory)
	capture(w, filepath.Join(*out, "history.png"))

	u.Show(ui.ScreenSettings)
	capture(w, filepath.Join(*out, "settings.png"))

	serveSamples(u, w, *out)
	w.Close()

	// The window opens in the language of the settings.
	setLanguage(mem, "zh-Hans")
	zh := ui.New(a, deps)
	zh.Window().Resize(windowSize)
	buildSample(zh)
	if !haveCJKFont() {
		log.Print("no CJK font found: the Chinese text shows as boxes (on Debian: apt-get install fonts-wqy-microhei)")
	}
	capture(zh.Window(), filepath.Join(*out, "build-zh.png"))
	setLanguage(mem, "system")
}

// buildSample builds the token the Build screenshots show.
func buildSample(u *ui.UI) {
	u.LoadIntoBuild(token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "demo-room", UID: 4242,
		Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}, false)
	if u.Build() == "" {
		log.Fatal("the sample build form is not valid")
	}
}

// setLanguage saves the language setting the next window opens in.
func setLanguage(mem *store.Store, language string) {
	v, err := mem.Settings()
	if err != nil {
		log.Fatal(err)
	}
	v.Language = language
	v.Theme = "light" // the window's own light theme, whatever the test app reports
	if err := mem.SaveSettings(v); err != nil {
		log.Fatal(err)
	}
}

// haveCJKFont reports whether the system has a font the Chinese text can be drawn with.
func haveCJKFont() bool {
	fm := fontscan.NewFontMap(log.New(io.Discard, "", 0))
	if err := fm.UseSystemFonts(""); err != nil {
		return false
	}
	fm.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}})
	face := fm.ResolveFace('生')
	if face == nil {
		return false
	}
	_, ok := face.NominalGlyph('生')
	return ok
}

// decodeSample is an rtc+rtm token issued 20 minutes ago whose publish privileges end before
// the token does, so the diagnosis and the timeline have something to show.
func decodeSample() string {
	spec := token.Spec{Kind: token.KindRTCRTM, AppID: sampleAppID, Channel: "support-call-1187", Account: "agent.mia",
		Role: token.RolePublisher, Expire: 2 * 3600, PrivilegeExpire: 2 * 3600,
		PerPrivilege: &token.PrivilegeExpires{Join: 2 * 3600, Audio: 3600, Video: 1800, Data: 2 * 3600},
		IssuedAt:     uint32(now.Add(-20 * time.Minute).Unix()), Salt: 7714}
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		log.Fatal(err)
	}
	return text
}

// sampleData fills the store with three projects and a few days of history.
func sampleData(mem *store.Store, certs *store.Certificates) {
	for _, p := range []store.Project{
		{Label: "Demo app", AppID: sampleAppID, Service: token.KindRTC, Format: token.Version007, Role: token.RolePublisher, Expire: 3600},
		{Label: "Classroom (staging)", AppID: classroomAppID, Service: token.KindAPaaSRoomUser, Format: token.Version007, Role: token.RolePublisher, Expire: 12 * 3600},
		{Label: "Acme support", AppID: supportAppID, Service: token.KindRTCRTM, Format: token.Version007, Role: token.RolePublisher, Expire: 3600},
	} {
		if err := mem.SaveProject(&p); err != nil {
			log.Fatal(err)
		}
	}
	if err := certs.Set(sampleAppID, sampleCertificate); err != nil {
		log.Fatal(err)
	}
	type sample struct {
		ago     time.Duration
		project string
		spec    token.Spec
		label   string
		pinned  bool
	}
	rtc := func(channel string, uid uint32, role token.Role, expire uint32) token.Spec {
		return token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: channel, UID: uid, Role: role, Expire: expire, PrivilegeExpire: expire}
	}
	samples := []sample{
		{3 * 24 * time.Hour, "Demo app", rtc("release-check", 1, token.RolePublisher, 86400), "Release smoke test", true},
		{50 * time.Hour, "Acme support", token.Spec{Kind: token.KindRTCRTM, AppID: supportAppID, Channel: "ticket-4471",
			Account: "agent.lee", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}, "", false},
		{26 * time.Hour, "Classroom (staging)", token.Spec{Kind: token.KindAPaaSRoomUser, AppID: classroomAppID, RoomUUID: "math-101",
			UserID: "teacher-ana", APaaSRole: 1, Role: token.RolePublisher, Expire: 43200, PrivilegeExpire: 43200}, "", false},
		{25 * time.Hour, "Demo app", token.Spec{Format: token.Version006, Kind: token.KindRTC, AppID: sampleAppID, Channel: "legacy-sdk",
			UID: 2882341273, Role: token.RoleAttendee, Expire: token.Lifetime006, PrivilegeExpire: 3600}, "Old SDK 3.x", false},
		{5 * time.Hour, "Demo app", token.Spec{Kind: token.KindRTM, AppID: sampleAppID, UserID: "bot-7", Role: token.RolePublisher,
			Expire: 3600, PrivilegeExpire: 3600}, "", false},
		{3 * time.Hour, "Demo app", rtc("demo-room", 0, token.RoleSubscriber, 43200), "Any-user viewer", true},
		{90 * time.Minute, "Acme support", token.Spec{Kind: token.KindConvoAI, AppID: supportAppID, Channel: "voice-agent",
			UID: 1001, UserID: "agent-1001", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600}, "", false},
		{50 * time.Minute, "Demo app", rtc("qa-lab", 7, token.RolePublisher, 3600), "", false},
		{40 * time.Minute, "Demo app", rtc("qa-lab", 8, token.RoleSubscriber, 3600), "", false},
		{30 * time.Minute, "Demo app", rtc("qa-lab", 9, token.RoleSubscriber, 600), "", false},
		{12 * time.Minute, "Demo app", token.Spec{Kind: token.KindChatUser, AppID: sampleAppID, UserID: "mia", Role: token.RolePublisher,
			Expire: 86400, PrivilegeExpire: 86400}, "", false},
		{2 * time.Minute, "Demo app", rtc("demo-room", 4242, token.RolePublisher, 3600), "", false},
	}
	for i, s := range samples {
		built := now.Add(-s.ago)
		spec := s.spec
		spec.IssuedAt, spec.Salt = uint32(built.Unix()), uint32(1000+i)
		text := ""
		if spec.AppID == sampleAppID {
			var err error
			if text, err = spec.Build(sampleCertificate); err != nil {
				log.Fatal(fmt.Errorf("sample %d: %w", i, err))
			}
		}
		e := store.Entry{Spec: spec, Project: s.project, Token: text, CreatedAt: built, Label: s.label, Pinned: s.pinned}
		if err := mem.Add(&e); err != nil {
			log.Fatal(err)
		}
	}
}

func capture(w fyne.Window, path string) {
	// The test canvas does not re-layout when text changes size, as a real window does
	// before each frame: a refresh of the content lays it all out again.
	w.Content().Refresh()
	img := w.Canvas().Capture()
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", path)
}

// explainSample is a log excerpt a customer might paste: their server built a token for uid
// 4242, the client joined with uid 0, and the SDK reported error 110.
func explainSample() string {
	spec := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "support-call-1187", UID: 4242,
		Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600,
		IssuedAt: uint32(now.Add(-2 * time.Minute).Unix()), Salt: 5521}
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		log.Fatal(err)
	}
	return "2025-06-03 14:27:58.412 [token-server] POST /rtc/support-call-1187/publisher/uid/4242 -> 200\n" +
		"2025-06-03 14:27:58.413 [token-server] {\"rtcToken\":\"" + text + "\"}\n" +
		"2025-06-03 14:27:59.020 I/agora: joinChannel channel=support-call-1187 uid=0\n" +
		"2025-06-03 14:28:00.377 W/agora: onConnectionStateChanged state: 5, reason: 8\n" +
		"2025-06-03 14:28:00.378 E/agora: onError: 110\n"
}
