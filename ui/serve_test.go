package ui

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/serve"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// serveClock is the harness clock for tests with a running server: the server's goroutines
// read it while the test moves it on, so it is atomic.
type serveClock struct{ unix atomic.Int64 }

func (c *serveClock) now() time.Time { return time.Unix(c.unix.Load(), 0) }

func (c *serveClock) advance(d time.Duration) { c.unix.Add(int64(d / time.Second)) }

// startServing makes a window with the sample project, starts its server on a free port of
// 127.0.0.1 from the Serve screen, and returns the screen.
func startServing(t *testing.T, opts ...option) (*harness, *serveScreen, *serveClock) {
	t.Helper()
	clock := &serveClock{}
	clock.unix.Store(testNow.Unix())
	h := newHarness(t, append(opts, func(_ *harness, d *Deps) { d.Now = clock.now })...)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	h.ui.showServe()
	s := h.ui.serve
	s.setProjects(mustProjects(t, h))
	s.project.SetSelectedIndex(0)
	typeIn(s.port, "0")
	test.Tap(s.startButton)
	if !h.ui.serving.running() {
		t.Fatalf("the server did not start: %q", s.status.Text)
	}
	t.Cleanup(h.ui.serving.stop)
	return h, s, clock
}

func mustProjects(t *testing.T, h *harness) []store.Project {
	t.Helper()
	projects, err := h.ui.deps.Projects.Projects()
	if err != nil {
		t.Fatal(err)
	}
	return projects
}

// get asks the server for a path, as a demo app does, and returns the status and JSON body.
func get(t *testing.T, base, path string) (int, map[string]string) {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body := map[string]string{}
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

// waitForRequests shows the requests the server answered until the table holds n of them.
// A request is logged as its answer goes out, so it may come a moment after the client
// has its answer: this waits for it, and fails only if it never comes.
func (h *harness) waitForRequests(n int) {
	h.t.Helper()
	if !h.ui.AwaitRequests(n, 10*time.Second) {
		h.t.Fatalf("the table shows %d requests, want %d", h.ui.serving.requests, n)
	}
}

// rowTexts are the texts of the i-th row of the request table, as drawn.
func rowTexts(s *serveScreen, i int) []string {
	row := s.newRequestRow().(*requestRow)
	s.updateRequestRow(i, row)
	texts := make([]string, len(row.cells))
	for j, c := range row.cells {
		texts[j] = c.Text
	}
	return texts
}

func TestTheServeScreenShowsARealRequestAndOpensItsTokenInDecode(t *testing.T) {
	h, s, _ := startServing(t)
	base := h.ui.serving.url
	if !strings.HasPrefix(base, "http://127.0.0.1:") || s.url.Text != base {
		t.Fatalf("tokenUrl %q, shown %q", base, s.url.Text)
	}
	if s.startButton.Text != "Stop serving" || !s.port.Disabled() || !s.project.Disabled() {
		t.Errorf("while serving: button %q, port disabled %v, project disabled %v", s.startButton.Text, s.port.Disabled(), s.project.Disabled())
	}
	if len(s.qrBox.Objects) != 0 {
		t.Error("a QR code shows for a server only this computer can reach")
	}

	status, body := get(t, base, "/rtc/demo/publisher/uid/42/?expiry=600")
	if status != http.StatusOK || body["rtcToken"] == "" {
		t.Fatalf("status %d, body %v", status, body)
	}
	get(t, base, "/rtm/0/")
	h.waitForRequests(2)

	if s.counters.Text != "2 requests · 1 error" {
		t.Errorf("counters %q", s.counters.Text)
	}
	if s.requests.Length() != 2 || s.requestsEmpty.Visible() {
		t.Fatalf("the table has %d rows", s.requests.Length())
	}
	newest, first := rowTexts(s, 0), rowTexts(s, 1)
	if newest[2] != "/rtm/0/" || newest[8] != "400" {
		t.Errorf("the newest row is %q, want the refused /rtm/0/ first", newest)
	}
	want := []string{"14:30:00", "127.0.0.1", "/rtc/demo/publisher/uid/42/?expiry=600", "RTC", "demo", "uid 42", "publisher", "10 min", "200"}
	if got := first[:9]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("row\n%q\nwant\n%q", got, want)
	}

	s.requests.Select(1)
	if h.ui.tabs.Selected() != h.ui.decodeTab || h.ui.decode.input.Text != body["rtcToken"] {
		t.Fatalf("clicking the row did not open its token in Decode")
	}
	if h.ui.decode.parsed == nil || h.ui.decode.signature.Text == "" {
		t.Fatal("Decode shows no diagnosis of the token")
	}
	if !strings.Contains(h.ui.decode.signature.Text, "Valid") && !strings.Contains(h.ui.decode.signature.Text, "valid") {
		t.Errorf("the served token's signature reads %q", h.ui.decode.signature.Text)
	}

	h.ui.showServe()
	test.Tap(s.startButton)
	if h.ui.serving.running() || s.url.Text != "Not serving" || s.startButton.Text != "Start serving" {
		t.Fatalf("after Stop: running %v, url %q, button %q", h.ui.serving.running(), s.url.Text, s.startButton.Text)
	}
	if _, err := http.Get(base + "/ping"); err == nil {
		t.Error("the server still answers after Stop")
	}
	if s.requests.Length() != 2 {
		t.Error("stopping emptied the table")
	}
}

func TestServedTokensGoToTheHistoryLabelledAsServedUnlessTurnedOff(t *testing.T) {
	h, _, _ := startServing(t)
	get(t, h.ui.serving.url, "/rtc/demo/publisher/uid/42/")
	h.waitForRequests(1)
	h.ui.serving.stop() // saving is batched; stopping flushes it
	entries, err := h.mem.List(store.Query{})
	if err != nil || len(entries) != 1 {
		t.Fatalf("history holds %d entries (%v)", len(entries), err)
	}
	if e := entries[0]; !strings.HasPrefix(e.Label, "served /rtc/demo/") || e.Project != "Demo app" || e.Spec.Channel != "demo" {
		t.Errorf("the entry is labelled %q for project %q, channel %q", e.Label, e.Project, e.Spec.Channel)
	}

	// Turned off while serving, the setting applies at once.
	test.Tap(h.ui.serve.startButton)
	h.ui.showSettings()
	h.ui.settingsScreen.saveServed.SetChecked(false)
	if h.ui.settings.SaveServed {
		t.Fatal("the setting did not turn off")
	}
	get(t, h.ui.serving.url, "/rtc/demo/publisher/uid/43/")
	h.waitForRequests(2)
	h.ui.serving.stop()
	if n, _ := h.mem.Count(""); n != 1 {
		t.Errorf("with the setting off, history holds %d entries, want 1", n)
	}
}

func TestTheLANSwitchAsksFirstAndThenServesUnderAKeyWithAQRCode(t *testing.T) {
	h, s, _ := startServing(t)
	loopbackURL := h.ui.serving.url

	s.lan.SetChecked(true)
	dialog := h.ui.win.Canvas().Overlays().Top()
	if dialog == nil || h.ui.serving.choices.lan {
		t.Fatal("the LAN switch turned on without asking")
	}
	test.Tap(findButton(dialog, "No"))
	if s.lan.Checked || h.ui.serving.choices.lan || h.ui.serving.url != loopbackURL {
		t.Fatal("declining left devices on the network allowed")
	}

	s.lan.SetChecked(true)
	test.Tap(findButton(h.ui.win.Canvas().Overlays().Top(), "Allow devices"))
	if !h.ui.serving.choices.lan || !h.ui.serving.running() {
		t.Fatalf("after allowing: LAN %v, running %v, status %q", h.ui.serving.choices.lan, h.ui.serving.running(), s.status.Text)
	}
	u, err := url.Parse(h.ui.serving.url)
	if err != nil || !strings.HasPrefix(u.Path, "/k/") {
		t.Fatalf("the LAN tokenUrl %q carries no key", h.ui.serving.url)
	}
	if len(s.qrBox.Objects) != 1 {
		t.Error("no QR code of the tokenUrl in LAN mode")
	}
	// Every interface answers, the loopback one included; without the key, nothing.
	local := "http://" + net.JoinHostPort("127.0.0.1", u.Port())
	if status, _ := get(t, local, u.Path+"/rtc/demo/publisher/uid/7/"); status != http.StatusOK {
		t.Errorf("with the key: status %d", status)
	}
	if status, _ := get(t, local, "/rtc/demo/publisher/uid/7/"); status != http.StatusNotFound {
		t.Errorf("without the key: status %d", status)
	}
	h.waitForRequests(2)

	s.lan.SetChecked(false)
	if h.ui.serving.choices.lan || strings.Contains(h.ui.serving.url, "/k/") || len(s.qrBox.Objects) != 0 {
		t.Errorf("turning LAN off left url %q and %d QR codes", h.ui.serving.url, len(s.qrBox.Objects))
	}
}

func TestAPortInUseIsOneSentenceInEnglishAndChinese(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	for _, language := range []string{languageEnglish, languageChinese} {
		h.ui.setLanguage(language)
		s := h.ui.serve
		s.project.SetSelectedIndex(0)
		typeIn(s.port, port)
		test.Tap(s.startButton)
		want := map[string]string{
			languageEnglish: "Port " + port + " is in use by another program: choose another port, or stop that program.",
			languageChinese: "端口 " + port + " 已被其他程序占用：请换一个端口，或停止那个程序。",
		}[language]
		if h.ui.serving.running() || s.status.Text != want || s.status.Importance != widget.DangerImportance {
			t.Errorf("%s: running %v, status %q", language, h.ui.serving.running(), s.status.Text)
		}
	}
}

func TestAProjectWithoutACertificateSaysSoInsteadOfStarting(t *testing.T) {
	h := newHarness(t)
	h.addProject("No certificate", sampleAppID, "")
	h.ui.showServe()
	s := h.ui.serve
	s.project.SetSelectedIndex(0)
	typeIn(s.port, "0")
	test.Tap(s.startButton)
	if h.ui.serving.running() || !strings.Contains(s.status.Text, "no certificate in the keychain") {
		t.Errorf("running %v, status %q", h.ui.serving.running(), s.status.Text)
	}
}

func TestTheServerKeepsServingWhileOtherScreensShowAndTheLanguageChanges(t *testing.T) {
	h, _, _ := startServing(t)
	base := h.ui.serving.url
	get(t, base, "/rtc/demo/publisher/uid/1/")
	h.waitForRequests(1)

	h.ui.showBuild()
	h.ui.setLanguage(languageChinese)
	if status, _ := get(t, base, "/rtc/demo/publisher/uid/2/"); status != http.StatusOK {
		t.Fatalf("after the language changed the server answered %d", status)
	}
	h.waitForRequests(2)
	s := h.ui.serve // the screen was built again, in Chinese
	if s.counters.Text != "2 个请求 · 0 个错误" || s.startButton.Text != "停止服务" || s.url.Text != base {
		t.Errorf("counters %q, button %q, url %q", s.counters.Text, s.startButton.Text, s.url.Text)
	}
	if row := rowTexts(s, 0); row[5] != "uid 2" || row[6] != "主播" {
		t.Errorf("the newest row in Chinese is %q", row)
	}

	h.ui.win.Close()
	if h.ui.serving.running() {
		t.Error("closing the window left the server running")
	}
	if _, err := http.Get(base + "/ping"); err == nil {
		t.Error("the server answers after the window closed")
	}
}

func TestTheRehearsePanelTurnsTheBannerOnAndMarksTheRowsItShaped(t *testing.T) {
	h, s, _ := startServing(t)
	p := s.rehearse
	if p.accordion.Items[0].Open || s.banner != nil {
		t.Fatal("the Rehearse panel is open, or a banner shows, before any rehearsal")
	}
	get(t, h.ui.serving.url, "/rtc/demo/publisher/uid/42/")

	p.accordion.Open(0)
	typeIn(p.expiry, "60")
	p.forceExpiry.SetChecked(true)
	p.wrongKind.SetSelected(wrongLabel(serve.WrongUID))
	p.wrong.SetChecked(true)
	if s.banner == nil || len(h.ui.banners.Objects) != 1 {
		t.Fatal("no banner while rehearsing")
	}
	if got := shownTexts(s.banner); !strings.Contains(strings.Join(got, " "), "tokens expire after 1 minute · tokens are for another uid or account") {
		t.Errorf("the banner says %q", got)
	}

	_, body := get(t, h.ui.serving.url, "/rtc/demo/publisher/uid/42/")
	h.waitForRequests(2)
	rehearsed, real := rowTexts(s, 0), rowTexts(s, 1)
	if real[10] != "" || rehearsed[10] != "wrong: uid · expiry 1 min" {
		t.Errorf("rehearsal marks: real %q, rehearsed %q", real[10], rehearsed[10])
	}
	row := s.newRequestRow().(*requestRow)
	s.updateRequestRow(0, row)
	if row.cells[0].Importance != widget.WarningImportance {
		t.Error("the rehearsed row is not set apart")
	}
	// Opened in Decode, the token is diagnosed against what the app asked for.
	s.requests.Select(0)
	if h.ui.decode.input.Text != body["rtcToken"] || !slices.ContainsFunc(h.ui.decode.lastFindings,
		func(f shownFinding) bool { return f.severity == token.Error && strings.Contains(f.text, "42") }) {
		t.Errorf("Decode does not say the token is not for uid 42: %+v", h.ui.decode.lastFindings)
	}
	h.ui.showServe()
	p2, err := token.Parse(body["rtcToken"])
	if err != nil {
		t.Fatal(err)
	}
	if p2.V007.Expire != 60 {
		t.Errorf("the rehearsed token lives %d s", p2.V007.Expire)
	}

	// A value that is not valid is explained and not taken.
	typeIn(p.expiry, "5")
	if r := h.ui.serving.choices.rehearse; r.expiry != time.Minute || !r.forceExpiry || !p.hints[p.expiry].Visible() {
		t.Errorf("a 5 s forced expiry was taken: %v, %v", r.expiry, r.forceExpiry)
	}
	p.forceExpiry.SetChecked(false)
	p.forceExpiry.SetChecked(true)
	if h.ui.serving.choices.rehearse.forceExpiry || p.forceExpiry.Checked {
		t.Error("a forced expiry turned on beside a value that is not valid")
	}

	test.Tap(findButton(s.banner, "Stop rehearsing"))
	if s.banner != nil || len(h.ui.banners.Objects) != 0 || h.ui.serving.choices.rehearse.any() || p.wrong.Checked {
		t.Error("Stop rehearsing left a rehearsal on")
	}
	if h.ui.serving.server.Rehearsal().Active() {
		t.Error("the server still rehearses")
	}
}

func TestTheBannerAndTheQRCodeStayWhenTheThemeChanges(t *testing.T) {
	h, s, _ := startServing(t)
	s.lan.SetChecked(true)
	test.Tap(findButton(h.ui.win.Canvas().Overlays().Top(), "Allow devices"))
	s.rehearse.delay.SetChecked(true)
	h.ui.setTheme(themeDark)
	s = h.ui.serve
	if s.banner == nil || len(h.ui.banners.Objects) != 1 {
		t.Error("the rehearsal banner went with the theme change")
	}
	if len(s.qrBox.Objects) != 1 {
		t.Error("the QR code of the LAN tokenUrl went with the theme change")
	}
}

func TestTheRehearsalBannerShowsInChineseAndStaysAfterTheLanguageChanges(t *testing.T) {
	h, s, _ := startServing(t)
	s.rehearse.fail.SetChecked(true)
	h.ui.setLanguage(languageChinese)
	s = h.ui.serve
	if s.banner == nil {
		t.Fatal("the banner went with the language change")
	}
	if got := strings.Join(shownTexts(s.banner), " "); !strings.Contains(got, "演练中：50% 的 Token 请求以 503 失败") {
		t.Errorf("the banner says %q", got)
	}
	if !s.rehearse.fail.Checked || !s.rehearse.accordion.Items[0].Open {
		t.Error("the rebuilt panel does not show the rehearsal on")
	}
}

func TestTheTimelineShowsEachClientsRenewals(t *testing.T) {
	h, s, clock := startServing(t)
	base := h.ui.serving.url
	get(t, base, "/rtc/demo/publisher/uid/42/?expiry=60")
	get(t, base, "/rtc/demo/publisher/uid/7/?expiry=60")
	clock.advance(32 * time.Second)
	get(t, base, "/rtc/demo/publisher/uid/42/?expiry=60") // renews 28 s before expiry
	clock.advance(40 * time.Second)                       // uid 7's token expired 12 s ago
	h.waitForRequests(3)
	s.session.renewalsNow()
	s.showRenewals()

	if s.renewals.Length() != 2 || s.renewalsEmpty.Visible() {
		t.Fatalf("the timeline shows %d clients", s.renewals.Length())
	}
	stories := map[string]string{}
	for i := range 2 {
		row := s.newRenewalRow().(*renewalRow)
		s.updateRenewalRow(i, row)
		stories[row.client.Text+" "+strings.Fields(row.story.Text)[1]] = row.story.Text
	}
	if got := stories["127.0.0.1 42"]; got != "uid 42 renewed 28 s before expiry (2 tokens)" {
		t.Errorf("uid 42: %q", got)
	}
	if got := stories["127.0.0.1 7"]; got != "uid 7 never renewed; its token expired at 14:31:00" {
		t.Errorf("uid 7: %q", got)
	}

	h.ui.setLanguage(languageChinese)
	s = h.ui.serve
	row := s.newRenewalRow().(*renewalRow)
	s.updateRenewalRow(0, row) // the one that never renewed first
	if row.story.Text != "uid 7 从未续期；其 Token 已于 14:31:00 过期" || row.verdict.Text != "从未续期" {
		t.Errorf("in Chinese: %q, badge %q", row.story.Text, row.verdict.Text)
	}
}

func TestTheRequestLogKeepsTheNewest1000NewestFirst(t *testing.T) {
	var l requestLog
	for i := range 2500 {
		l.add(serve.Request{Seq: uint64(i + 1)})
	}
	if l.len() != maxShownRequests {
		t.Fatalf("the log keeps %d", l.len())
	}
	if l.at(0).Seq != 2500 || l.at(1).Seq != 2499 || l.at(maxShownRequests-1).Seq != 1501 {
		t.Errorf("order: %d %d … %d", l.at(0).Seq, l.at(1).Seq, l.at(maxShownRequests-1).Seq)
	}
	l.clear()
	l.add(serve.Request{Seq: 1})
	l.add(serve.Request{Seq: 2})
	if l.len() != 2 || l.at(0).Seq != 2 || l.at(1).Seq != 1 {
		t.Error("a short log is not newest first")
	}
}

func TestTheRehearsalFieldsAcceptWhatTheServerAccepts(t *testing.T) {
	for _, c := range []struct {
		name  string
		parse func(string) error
		text  string
		ok    bool
	}{
		{"a minute of forced expiry", func(s string) error { _, err := parseForcedExpiry(s); return err }, "60", true},
		{"a forced expiry in minutes", func(s string) error { _, err := parseForcedExpiry(s); return err }, "2m", true},
		{"a forced expiry under 10 s", func(s string) error { _, err := parseForcedExpiry(s); return err }, "9", false},
		{"a failure rate in percent", func(s string) error { _, err := parseFailRate(s); return err }, "25%", true},
		{"a failure rate as a fraction", func(s string) error { _, err := parseFailRate(s); return err }, "0.25", true},
		{"a failure rate of 0", func(s string) error { _, err := parseFailRate(s); return err }, "0", false},
		{"a failure rate over 100%", func(s string) error { _, err := parseFailRate(s); return err }, "150%", false},
		{"a bare 25, which the CLI refuses too", func(s string) error { _, err := parseFailRate(s); return err }, "25", false},
		{"a failure status of 503", func(s string) error { _, err := parseFailStatus(s); return err }, "503", true},
		{"a failure status of 200", func(s string) error { _, err := parseFailStatus(s); return err }, "200", false},
		{"a delay of 3 s", func(s string) error { _, err := parseDelay(s); return err }, "3s", true},
		{"a delay over 30 s", func(s string) error { _, err := parseDelay(s); return err }, "31", false},
		{"port 8080", func(s string) error { _, err := parsePort(s); return err }, "8080", true},
		{"port 70000", func(s string) error { _, err := parsePort(s); return err }, "70000", false},
	} {
		if err := c.parse(c.text); (err == nil) != c.ok {
			t.Errorf("%s (%q): %v", c.name, c.text, err)
		}
	}
	// What the fields accept, the server accepts.
	r := defaultRehearse()
	r.forceExpiry, r.fail, r.delay, r.wrong = true, true, true, true
	if err := r.rehearsal().Validate(); err != nil {
		t.Errorf("the panel's defaults are refused by the server: %v", err)
	}
}

func TestABurstOfRequestsIsCountedInFullAndShowsTheNewest1000(t *testing.T) {
	h := newHarness(t)
	s := h.ui.serving
	const clients, each = 8, 500
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				status := http.StatusOK
				if i%10 == 0 {
					status = http.StatusServiceUnavailable
				}
				s.onRequest(serve.Request{Seq: uint64(c*each + i + 1), Status: status})
			}
		}()
	}
	wg.Wait()
	h.waitForRequests(clients * each)
	if s.requests != clients*each || s.errors != clients*each/10 {
		t.Errorf("counted %d requests and %d errors, want %d and %d", s.requests, s.errors, clients*each, clients*each/10)
	}
	if s.log.len() != maxShownRequests || h.ui.serve.requests.Length() != maxShownRequests {
		t.Errorf("the table holds %d rows", s.log.len())
	}
	if h.ui.serve.counters.Text != "4000 requests · 400 errors" {
		t.Errorf("counters %q", h.ui.serve.counters.Text)
	}
}

func TestTheServeScreenFitsA900By640WindowWhileRehearsing(t *testing.T) {
	h, s, _ := startServing(t)
	p := s.rehearse
	p.accordion.Open(0)
	typeIn(p.expiry, "60")
	p.forceExpiry.SetChecked(true)
	if s.banner == nil {
		t.Fatal("no banner while rehearsing")
	}
	if got := h.ui.win.Content().MinSize(); got.Width > 900 || got.Height > 640 {
		t.Errorf("with the Rehearse panel open and its banner showing, the window cannot be smaller than %v", got)
	}
}
