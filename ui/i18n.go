package ui

import (
	"embed"
	"sync"
	_ "unsafe" // for go:linkname, below

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/token"
)

// Every string the window shows goes through lang.L, lang.N or lang.X with the English text
// as its key (Fyne's convention); translations/en.json and translations/zh-Hans.json hold
// the texts, and TestEveryStringIsTranslated fails when one is missing, unused or passed raw
// to a widget. The token package's sentences, shared with the command line, are English:
// its diagnosis findings come with their template and values and its validation errors with
// their facts, and tokentext.go says them in the window's language. The store package's
// errors are English too: its keychain errors come with their reason and facts
// (store.KeychainError), and storetext.go says them, and the others the window shows, in the
// window's language.

//go:embed translations
var translations embed.FS

// The languages offered in Settings. languageSystem follows the system, as Fyne does.
const (
	languageSystem  = "system"
	languageEnglish = "en"
	languageChinese = "zh-Hans"
)

// Language names in their own language, as language menus show them.
const (
	englishName = "English"
	chineseName = "简体中文"
)

var registerOnce sync.Once

// registerTranslations adds TokenDesk's translations to Fyne's, once.
func registerTranslations() {
	registerOnce.Do(func() {
		if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
			fyne.LogError("loading the translations", err)
		}
	})
}

// Fyne 2.7 picks the language from the system's locales when translations are added and has
// no setter for it (fyne-io/fyne#5333 asks for one), so these two reach its localizer
// directly: setupLang makes lang.L & co. speak the given language, Fyne's own dialogs and
// menus included; updateLocalizer goes back to the system's choice. If a Fyne update renames
// them, the build fails to link rather than the switch silently doing nothing, and
// TestLanguageSwitchesInTheRunningWindow checks that it works.

//go:linkname fyneSetupLang fyne.io/fyne/v2/lang.setupLang
func fyneSetupLang(language string)

//go:linkname fyneUpdateLocalizer fyne.io/fyne/v2/lang.updateLocalizer
func fyneUpdateLocalizer()

// useLanguage makes the window's texts, and Fyne's, speak language: languageEnglish,
// languageChinese, or languageSystem (or "") for the system's. Call it on the UI goroutine,
// then build the screens again.
func useLanguage(language string) {
	registerTranslations()
	switch language {
	case languageEnglish, languageChinese:
		fyneSetupLang(language)
	default:
		fyneUpdateLocalizer()
	}
}

// languageLabel names a language setting in the Settings menu.
func languageLabel(language string) string {
	switch language {
	case languageEnglish:
		return englishName
	case languageChinese:
		return chineseName
	}
	return lang.L("System")
}

// languageOptions are the languages offered, in the order of the menu.
var languageOptions = []string{languageSystem, languageEnglish, languageChinese}

// roleLabel names a role as the role buttons show it.
func roleLabel(r token.Role) string {
	switch r {
	case token.RolePublisher:
		return lang.L("publisher")
	case token.RoleSubscriber:
		return lang.L("subscriber")
	case token.RoleAttendee:
		return lang.L("attendee")
	case token.RoleAdmin:
		return lang.L("admin")
	}
	return r.String()
}

// identityLabel names the identity choices of the Build form's user row.
func identityLabel(account bool) string {
	if account {
		return lang.L("account")
	}
	return lang.L("uid")
}

// customLabel is the expiry choice that takes a lifetime typed in.
func customLabel() string { return lang.L("Custom") }

// themeLabel names a theme setting.
func themeLabel(name string) string {
	switch name {
	case themeLight:
		return lang.L("Light")
	case themeDark:
		return lang.L("Dark")
	}
	return lang.L("System")
}
