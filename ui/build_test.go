package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

func TestTypedInputsBuildTheTokenOfTheTokenPackage(t *testing.T) {
	tests := []struct {
		name string
		fill func(s *buildScreen)
		want token.Spec
	}{
		{
			name: "an RTC publisher with a uid for an hour",
			fill: func(s *buildScreen) {
				typeIn(s.channel, "demo-room")
				typeIn(s.user, "4242")
			},
			want: token.Spec{Kind: token.KindRTC, Channel: "demo-room", UID: 4242, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600},
		},
		{
			name: "an RTC subscriber with an account for ten minutes",
			fill: func(s *buildScreen) {
				typeIn(s.channel, "room 1")
				s.identity.SetSelected(identityLabel(true))
				typeIn(s.user, "alice@example.com")
				s.role.SetSelected("subscriber")
				s.expiry.SetSelected("10 min")
			},
			want: token.Spec{Kind: token.KindRTC, Channel: "room 1", Account: "alice@example.com", Role: token.RoleSubscriber, Expire: 600, PrivilegeExpire: 600},
		},
		{
			name: "an rtc+rtm token whose RTM user is the account",
			fill: func(s *buildScreen) {
				s.service.SetSelected(kindLabel(token.KindRTCRTM))
				typeIn(s.channel, "call")
				s.identity.SetSelected(identityLabel(true))
				typeIn(s.user, "mia")
				s.expiry.SetSelected(customLabel())
				typeIn(s.customExpiry, "90m")
			},
			want: token.Spec{Kind: token.KindRTCRTM, Channel: "call", Account: "mia", Role: token.RolePublisher, Expire: 5400, PrivilegeExpire: 5400},
		},
		{
			name: "a 006 RTC admin token",
			fill: func(s *buildScreen) {
				s.format.SetSelected(token.Version006)
				typeIn(s.channel, "legacy")
				typeIn(s.user, "7")
				s.role.SetSelected("admin")
				s.expiry.SetSelected("12 hours")
			},
			want: token.Spec{Format: token.Version006, Kind: token.KindRTC, Channel: "legacy", UID: 7, Role: token.RoleAdmin, Expire: token.Lifetime006, PrivilegeExpire: 43200},
		},
		{
			name: "an RTM token for a user",
			fill: func(s *buildScreen) {
				s.service.SetSelected(kindLabel(token.KindRTM))
				typeIn(s.userID, "bot-7")
			},
			want: token.Spec{Kind: token.KindRTM, UserID: "bot-7", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600},
		},
		{
			name: "a classroom room user",
			fill: func(s *buildScreen) {
				s.service.SetSelected(kindLabel(token.KindAPaaSRoomUser))
				typeIn(s.room, "math-101")
				typeIn(s.userID, "teacher-ana")
				typeIn(s.apaasRole, "1")
			},
			want: token.Spec{Kind: token.KindAPaaSRoomUser, RoomUUID: "math-101", UserID: "teacher-ana", APaaSRole: 1, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600},
		},
		{
			name: "advanced per-privilege lifetimes, issue time and salt",
			fill: func(s *buildScreen) {
				typeIn(s.channel, "stage")
				typeIn(s.user, "0")
				typeIn(s.audioExpire, "600")
				typeIn(s.videoExpire, "30m")
				typeIn(s.issuedAt, "1748960000") // 2025-06-03 14:13:20, a quarter of an hour before testNow
				typeIn(s.salt, "424242")
			},
			want: token.Spec{Kind: token.KindRTC, Channel: "stage", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600,
				PerPrivilege: &token.PrivilegeExpires{Join: 3600, Audio: 600, Video: 1800, Data: 3600}, IssuedAt: 1748960000, Salt: 424242},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			s := h.ui.build
			typeIn(s.appID, sampleAppID)
			typeIn(s.certificate, sampleCertificate)
			tt.fill(s)
			if s.buildButton.Disabled() {
				t.Fatalf("Build is disabled: %s", s.problem.Text)
			}
			test.Tap(s.buildButton)

			want := tt.want
			want.AppID = sampleAppID
			if want.IssuedAt == 0 {
				want.IssuedAt = uint32(testNow.Unix())
			}
			if want.Salt == 0 {
				want.Salt = h.salt
			}
			wantToken, err := want.Build(sampleCertificate)
			if err != nil {
				t.Fatal(err)
			}
			sameToken(t, s.tokenOutput.Text, wantToken)
			if got := s.length.Text; got != strings.TrimSpace(got) || !strings.HasPrefix(got, "1") && !strings.HasPrefix(got, "2") {
				t.Errorf("length reads %q", got)
			}
		})
	}
}

func TestInvalidInputShowsTheErrorAndKeepsBuildDisabled(t *testing.T) {
	tests := []struct {
		name  string
		fill  func(s *buildScreen)
		field func(s *buildScreen) string
		want  string
	}{
		{"a channel with a slash", func(s *buildScreen) { typeIn(s.channel, "a/b") },
			func(s *buildScreen) string { return s.hints[inChannel].Text }, "'/' at byte 1 is not allowed"},
		{"a uid past 32 bits", func(s *buildScreen) { typeIn(s.user, "4294967296") },
			func(s *buildScreen) string { return s.hints[inUser].Text }, "larger than 4294967295"},
		{"a short App ID", func(s *buildScreen) { typeIn(s.appID, "970CA35de60c") },
			func(s *buildScreen) string { return s.hints[inAppID].Text }, "32 hexadecimal characters"},
		{"a certificate that is not hex", func(s *buildScreen) { typeIn(s.certificate, strings.Repeat("z", 32)) },
			func(s *buildScreen) string { return s.hints[inCertificate].Text }, "character 1 is not one"},
		{"a custom lifetime that is not a duration", func(s *buildScreen) {
			s.expiry.SetSelected(customLabel())
			typeIn(s.customExpiry, "soon")
		}, func(s *buildScreen) string { return s.hints[inCustomLifetime].Text }, "neither seconds"},
		{"an empty account", func(s *buildScreen) {
			s.identity.SetSelected(identityLabel(true))
			typeIn(s.user, "x")
			typeIn(s.user, "")
		}, func(s *buildScreen) string { return s.hints[inUser].Text }, "cannot be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			s := h.ui.build
			fillForm(s, "demo", "1")
			if s.buildButton.Disabled() {
				t.Fatalf("Build is disabled before the mistake: %s", s.problem.Text)
			}
			tt.fill(s)
			if got := tt.field(s); !strings.Contains(got, tt.want) {
				t.Errorf("the field says %q, want it to contain %q", got, tt.want)
			}
			if !s.buildButton.Disabled() {
				t.Error("Build is enabled with an invalid input")
			}
			if s.problem.Text == "" {
				t.Error("nothing says why Build is disabled")
			}
		})
	}
}

func TestEmptyFormSaysWhatIsMissing(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	if !s.buildButton.Disabled() {
		t.Fatal("Build is enabled on an empty form")
	}
	if want := "Choose a project or type an App ID to build."; s.problem.Text != want {
		t.Errorf("problem = %q, want %q", s.problem.Text, want)
	}
	if s.hints[inChannel].Visible() {
		t.Errorf("an untouched field already shows an error: %q", s.hints[inChannel].Text)
	}
}

func TestServiceShowsOnlyTheInputsItUses(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	visible := func(r formRow) bool { return s.rows[r][1].Visible() }
	s.service.SetSelected(kindLabel(token.KindRTM))
	if visible(rowChannel) || visible(rowUser) || !visible(rowUserID) || visible(rowRole) {
		t.Error("RTM shows the wrong rows")
	}
	s.service.SetSelected(kindLabel(token.KindChatApp))
	if visible(rowChannel) || visible(rowUserID) {
		t.Error("chat-app asks for inputs it does not use")
	}
	s.service.SetSelected(kindLabel(token.KindFCDN))
	s.format.SetSelected(token.Version006)
	if s.format.Selected != token.Version007 || s.rows[rowFormat][1].Visible() {
		t.Error("006 can be chosen for fcdn")
	}
	s.service.SetSelected(kindLabel(token.KindRTC))
	s.format.SetSelected(token.Version006)
	if len(s.role.Options) != 4 {
		t.Errorf("006 RTC offers roles %v, want the four 006 roles", s.role.Options)
	}
}

func TestEachBuildIsSavedToHistory(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	s := h.ui.build
	s.selectProjectByAppID(sampleAppID)
	if s.certificate.Text != sampleCertificate || s.certificateSource != certificateKeychain {
		t.Fatal("choosing the project did not fill its certificate from the keychain")
	}
	typeIn(s.channel, "demo")
	typeIn(s.user, "5")
	test.Tap(s.buildButton)
	entries, err := h.mem.List(store.Query{})
	if err != nil || len(entries) != 1 {
		t.Fatalf("history holds %d entries (%v), want 1", len(entries), err)
	}
	e := entries[0]
	if e.Token != s.tokenOutput.Text || e.Project != "Demo app" || e.Spec.Channel != "demo" || e.Spec.UID != 5 {
		t.Errorf("saved %+v", e)
	}
	if s.saved.Text != "Saved to history." {
		t.Errorf("the card says %q", s.saved.Text)
	}
	if h.ui.history.total != 1 {
		t.Errorf("the history screen shows %d entries, want 1", h.ui.history.total)
	}
}

func TestCopyPutsTheTokenOnTheClipboardAndSaysSo(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	fillForm(s, "demo", "1")
	test.Tap(s.buildButton)
	test.Tap(s.copyButton)
	if got := h.ui.app.Clipboard().Content(); got != s.tokenOutput.Text {
		t.Errorf("clipboard holds %q", got)
	}
	if s.copyButton.Text != "Copied" || !strings.Contains(s.copyNote.Text, "Copied") {
		t.Errorf("button %q, note %q: no visible confirmation", s.copyButton.Text, s.copyNote.Text)
	}
}

func TestCountdownFollowsTheClock(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	fillForm(s, "demo", "1")
	s.expiry.SetSelected("10 min")
	test.Tap(s.buildButton)
	if s.countdown.Text != "in 10 min 00 s" || s.status.Text != "Valid" {
		t.Errorf("countdown %q, status %q", s.countdown.Text, s.status.Text)
	}
	h.now = h.now.Add(7 * 60 * 1e9)
	s.tick()
	if s.countdown.Text != "in 3 min 00 s" || s.status.Text != "Expires soon" {
		t.Errorf("countdown %q, status %q", s.countdown.Text, s.status.Text)
	}
	h.now = h.now.Add(4 * 60 * 1e9)
	s.tick()
	if s.countdown.Text != "expired 1 min 00 s ago" || s.status.Text != "Expired" {
		t.Errorf("countdown %q, status %q", s.countdown.Text, s.status.Text)
	}
}

func TestAddProjectSavesTheCertificateInTheKeychain(t *testing.T) {
	h := newHarness(t)
	s := h.ui.build
	d := s.newProjectDialog(store.Project{}, false)
	typeIn(&d.label.Entry, "Demo app")
	typeIn(&d.appID.Entry, sampleAppID)
	typeIn(&d.certificate.Entry, sampleCertificate)
	d.onClosed(true)
	if got, err := h.certs.Get(sampleAppID); err != nil || got != sampleCertificate {
		t.Fatalf("keychain holds %q, %v", got, err)
	}
	if p, ok := s.selectedProject(); !ok || p.Label != "Demo app" {
		t.Fatalf("the new project is not selected: %+v", p)
	}
	if s.appID.Text != sampleAppID || s.certificate.Text != sampleCertificate {
		t.Error("the form did not take the project's App ID and certificate")
	}
}

func TestWithoutAKeychainTheBannerOffersSessionOnlyCertificates(t *testing.T) {
	h := newHarness(t, withKeychainUnavailable())
	if h.ui.keychainErr == nil || len(h.ui.banners.Objects) != 1 {
		t.Fatal("no banner says the keychain is unavailable")
	}
	s := h.ui.build
	d := s.newProjectDialog(store.Project{}, false)
	if d.save.Checked || !d.save.Disabled() {
		t.Error("the dialog offers to save in a keychain that is not there")
	}
	typeIn(&d.label.Entry, "Demo app")
	typeIn(&d.appID.Entry, sampleAppID)
	typeIn(&d.certificate.Entry, sampleCertificate)
	d.onClosed(true)
	if got, err := h.certs.Get(sampleAppID); err != nil || got != sampleCertificate {
		t.Fatalf("the session does not hold the certificate: %v", err)
	}
}

func TestLoadSpecThenBuildGivesTheSpecsToken(t *testing.T) {
	specs := []token.Spec{
		{Kind: token.KindRTC, Channel: "a", UID: 1, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600},
		{Kind: token.KindRTC, Channel: "a", Account: "0", Role: token.RoleSubscriber, Expire: 1234, PrivilegeExpire: 600},
		{Kind: token.KindRTCRTM, Channel: "b", Account: "mia", UserID: "mia-rtm", Role: token.RolePublisher, Expire: 7200, PrivilegeExpire: 3600},
		{Kind: token.KindConvoAI, Channel: "c", UID: 9, UserID: "agent", Role: token.RoleSubscriber, Expire: 3600, PrivilegeExpire: 3600},
		{Kind: token.KindSTT, Channel: "c", UID: 9, UserID: "agent", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600,
			PerPrivilege: &token.PrivilegeExpires{Join: 3600, Audio: 60, Video: 0, Data: 3600}},
		{Kind: token.KindFCDN, Channel: "cdn", Account: "viewer", Role: token.RoleSubscriber, Expire: 3600, PrivilegeExpire: 3600},
		{Kind: token.KindStreaming, Channel: "live", UID: 3, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600},
		{Kind: token.KindFPA, Role: token.RolePublisher, Expire: 86400},
		{Kind: token.KindChatApp, Role: token.RolePublisher, Expire: 600, PrivilegeExpire: 600},
		{Kind: token.KindAPaaSUser, UserID: "u1", Role: token.RolePublisher, Expire: 600, PrivilegeExpire: 600},
		{Kind: token.KindRTM2, UserID: "u2", Role: token.RolePublisher, Expire: 600, PrivilegeExpire: 600,
			RTM2: []token.RTM2Resource{{Type: 0, Permissions: []token.RTM2Permission{{Type: 0, Resources: []string{"lobby"}}}}}},
		{Format: token.Version006, Kind: token.KindRTM, UserID: "rtm-user", Role: token.RolePublisher, Expire: token.Lifetime006, PrivilegeExpire: 3600},
		{Format: token.Version006, Kind: token.KindRTC, Channel: "x", UID: 2882341273, Role: token.RoleAttendee, Expire: token.Lifetime006,
			Privileges006: []token.Privilege{{ID: 1, Value: 1446455471}}},
	}
	h := newHarness(t)
	for _, spec := range specs {
		t.Run(string(spec.Kind)+" "+spec.Format, func(t *testing.T) {
			spec.AppID, spec.IssuedAt, spec.Salt = sampleAppID, 1700000000, 77
			want, err := spec.Build(sampleCertificate)
			if err != nil {
				t.Fatal(err)
			}
			s := h.ui.build
			s.loadSpec(spec, true)
			typeIn(s.certificate, sampleCertificate)
			if s.buildButton.Disabled() {
				t.Fatalf("Build is disabled: %s", s.problem.Text)
			}
			test.Tap(s.buildButton)
			// A token of 2023 has long expired: Build asks first.
			confirm := findButton(h.ui.win.Canvas().Overlays().Top(), "Build anyway")
			if confirm == nil {
				t.Fatal("rebuilding a token of 2023 did not ask first")
			}
			test.Tap(confirm)
			sameToken(t, s.tokenOutput.Text, want)
		})
	}
}
