package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tokendesk/tokendesk/token"
)

// Settings are the non-secret preferences. A certificate is never one of them.
type Settings struct {
	Theme                 string     `json:"theme"`           // "system", "light" or "dark"
	Language              string     `json:"language"`        // "system", "en", "zh-Hans", ...
	DefaultProject        string     `json:"default_project"` // App ID or ""
	DefaultService        token.Kind `json:"default_service"`
	DefaultFormat         string     `json:"default_format"`          // "007" or "006"
	DefaultExpire         uint32     `json:"default_expire"`          // seconds
	ClipboardClearSeconds int        `json:"clipboard_clear_seconds"` // 0 = never clear
	RetentionCount        int        `json:"retention_count"`         // 0 = unlimited
	RetentionDays         int        `json:"retention_days"`          // 0 = forever
	KeepTokens            bool       `json:"keep_tokens"`             // false keeps only the inputs
	ExpiryReminder        bool       `json:"expiry_reminder"`
	// SaveServed adds the tokens the window's local token server hands out to the history.
	SaveServed bool `json:"save_served"`
}

// DefaultSettings returns the settings of a new installation.
func DefaultSettings() Settings {
	return Settings{
		Theme:                 "system",
		Language:              "system",
		DefaultService:        token.KindRTC,
		DefaultFormat:         token.Version007,
		DefaultExpire:         3600,
		ClipboardClearSeconds: 60,
		KeepTokens:            true,
		SaveServed:            true,
	}
}

// settingsKey is the row of the settings table that holds Settings as JSON. The table is
// key/value so that later preferences can have rows of their own.
const settingsKey = "settings"

// Settings returns the saved settings, or DefaultSettings() when none were saved. A setting
// added after the row was saved has its default value.
func (s *Store) Settings() (_ Settings, err error) {
	defer s.storageErr(&err)
	return readSettings(s.db)
}

func readSettings(q interface {
	QueryRow(string, ...any) *sql.Row
}) (Settings, error) {
	v := DefaultSettings()
	var text []byte
	err := q.QueryRow(`SELECT value FROM settings WHERE key = ?`, settingsKey).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return v, nil
	}
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(text, &v); err != nil {
		return DefaultSettings(), fmt.Errorf("store: reading the settings: %w", err)
	}
	return v, nil
}

// SaveSettings checks and saves the settings. Turning KeepTokens off also removes the token
// strings already in the history, since a person who asks for that wants them gone.
func (s *Store) SaveSettings(v Settings) (err error) {
	defer s.storageErr(&err)
	if err := v.validate(); err != nil {
		return err
	}
	text, err := json.Marshal(v)
	if err != nil {
		return err
	}
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() // after Commit it does nothing
	if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingsKey, text); err != nil {
		return err
	}
	var dropped int64
	if !v.KeepTokens {
		result, err := tx.Exec(`UPDATE history SET token = '' WHERE token != ''`)
		if err != nil {
			return err
		}
		dropped, _ = result.RowsAffected()
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if dropped > 0 {
		s.dropOldPages()
	}
	return nil
}

func (v Settings) validate() error {
	switch v.Theme {
	case "system", "light", "dark":
	default:
		return fmt.Errorf("%w: theme %q is not system, light or dark", ErrInvalidSetting, v.Theme)
	}
	if v.Language == "" {
		return fmt.Errorf("%w: the language is empty; use system for the system's", ErrInvalidSetting)
	}
	if v.DefaultProject != "" {
		if err := token.ValidateAppID(v.DefaultProject); err != nil {
			return fmt.Errorf("%w: default project: %w", ErrInvalidSetting, err)
		}
	}
	if _, err := token.ParseKind(string(v.DefaultService)); err != nil {
		return fmt.Errorf("%w: default service: %w", ErrInvalidSetting, err)
	}
	if v.DefaultFormat != token.Version007 && v.DefaultFormat != token.Version006 {
		return fmt.Errorf("%w: default format %q is not 007 or 006", ErrInvalidSetting, v.DefaultFormat)
	}
	if v.DefaultExpire > token.MaxLifetime {
		return fmt.Errorf("%w: default expiry %d s is longer than Agora's 24 hours", ErrInvalidSetting, v.DefaultExpire)
	}
	for _, n := range []struct {
		name  string
		value int
	}{{"clipboard clear seconds", v.ClipboardClearSeconds}, {"retention count", v.RetentionCount},
		{"retention days", v.RetentionDays}} {
		if n.value < 0 {
			return fmt.Errorf("%w: %s is %d; use 0 to turn it off", ErrInvalidSetting, n.name, n.value)
		}
	}
	return nil
}
