package store

import (
	"errors"
	"testing"

	"github.com/tokendesk/tokendesk/token"
)

func TestSettingsAreTheDefaultsUntilSaved(t *testing.T) {
	s := openStore(t)
	got, err := s.Settings()
	if err != nil || got != DefaultSettings() {
		t.Fatalf("Settings = %+v, %v, want the defaults", got, err)
	}
	want := Settings{Theme: "system", Language: "system", DefaultService: token.KindRTC, DefaultFormat: "007",
		DefaultExpire: 3600, ClipboardClearSeconds: 60, KeepTokens: true, SaveServed: true}
	if got != want {
		t.Errorf("DefaultSettings = %+v, want %+v", got, want)
	}
}

func TestSavedSettingsReadBack(t *testing.T) {
	s := openStore(t)
	want := Settings{Theme: "dark", Language: "zh-Hans", DefaultProject: sampleAppID, DefaultService: token.KindRTM,
		DefaultFormat: "006", DefaultExpire: 600, ClipboardClearSeconds: 0, RetentionCount: 500,
		RetentionDays: 30, KeepTokens: false, ExpiryReminder: true, SaveServed: false}
	if err := s.SaveSettings(want); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Settings(); err != nil || got != want {
		t.Errorf("Settings = %+v, %v, want %+v", got, err, want)
	}
}

func TestASettingTheSavedRowLacksHasItsDefault(t *testing.T) {
	s := openStore(t)
	// As an earlier TokenDesk, which had no keep_tokens or clipboard setting, saved it.
	if _, err := s.db.Exec(`INSERT INTO settings (key, value) VALUES (?, '{"theme": "light"}')`, settingsKey); err != nil {
		t.Fatal(err)
	}
	want := DefaultSettings()
	want.Theme = "light"
	if got, err := s.Settings(); err != nil || got != want {
		t.Errorf("Settings = %+v, %v, want %+v", got, err, want)
	}
}

func TestInvalidSettingsAreRefused(t *testing.T) {
	s := openStore(t)
	for name, change := range map[string]func(*Settings){
		"theme":           func(v *Settings) { v.Theme = "neon" },
		"language":        func(v *Settings) { v.Language = "" },
		"default project": func(v *Settings) { v.DefaultProject = "abc" },
		"service":         func(v *Settings) { v.DefaultService = "video" },
		"format":          func(v *Settings) { v.DefaultFormat = "" },
		"expiry":          func(v *Settings) { v.DefaultExpire = token.MaxLifetime + 1 },
		"clipboard":       func(v *Settings) { v.ClipboardClearSeconds = -1 },
		"retention count": func(v *Settings) { v.RetentionCount = -1 },
		"retention days":  func(v *Settings) { v.RetentionDays = -5 },
	} {
		v := DefaultSettings()
		change(&v)
		if err := s.SaveSettings(v); !errors.Is(err, ErrInvalidSetting) {
			t.Errorf("%s: SaveSettings(%+v) = %v, want ErrInvalidSetting", name, v, err)
		}
	}
	if got, _ := s.Settings(); got != DefaultSettings() {
		t.Errorf("an invalid setting was saved: %+v", got)
	}
}
