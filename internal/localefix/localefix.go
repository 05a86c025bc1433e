// Package localefix keeps the "C.UTF-8" locale of containers and SSH sessions from making
// Fyne print "Error parsing user locale C" on every start, CLI commands included.
//
// Fyne reads the locale while its packages initialise, before main runs, so the fix has to
// happen in an init function that runs earlier: main imports this package, which imports
// nothing but os and so is initialised before Fyne's lang package (Go initialises ready
// packages in import-path order, and Fyne's lang waits on golang.org/x/text).
package localefix

import "os"

func init() {
	apply(os.Getenv, os.Setenv)
}

// apply sets LANGUAGE=en when the locale names no language ("C.UTF-8", "POSIX.utf8").
// gettext-style LANGUAGE only chooses a language for messages, and "C" means English.
func apply(getenv func(string) string, setenv func(string, string) error) {
	if getenv("LANGUAGE") != "" {
		return
	}
	locale := ""
	for _, name := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = getenv(name); locale != "" {
			break
		}
	}
	switch {
	case len(locale) > 2 && locale[:2] == "C.", len(locale) > 6 && locale[:6] == "POSIX.":
		_ = setenv("LANGUAGE", "en")
	}
}
