// Command tokendesk is the TokenDesk desktop app and, when given arguments,
// the tokendesk command line for Agora access tokens.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2/app"

	// Before Fyne reads the locale: see the package comment.
	_ "github.com/tokendesk/tokendesk/internal/localefix"

	"github.com/tokendesk/tokendesk/cli"
	"github.com/tokendesk/tokendesk/internal/harden"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/ui"
)

// appID is the application ID; it must match ID in FyneApp.toml.
const appID = "io.tokendesk.app"

// noDisplayMessage is printed when the window is asked for but there is no
// display to show it on.
const noDisplayMessage = "tokendesk: no display found; the desktop window needs one. " +
	"Use the command line instead, e.g. `tokendesk decode TOKEN` or `tokendesk --help`."

func main() {
	mode := startModeFor(os.Args)
	if mode == startCommandLine {
		attachConsole() // first, so that even the warning below reaches the console
	}
	// Before anything holds a certificate: no core file may ever contain one.
	if err := harden.Process(); err != nil {
		fmt.Fprintf(os.Stderr, "tokendesk: warning: core dumps could not be turned off: %v\n", err)
	}
	if mode == startCommandLine {
		os.Exit(runCLI(os.Args[1:]))
	}
	if !haveDisplay(runtime.GOOS, os.Getenv) {
		fmt.Fprintln(os.Stderr, noDisplayMessage)
		os.Exit(2)
	}
	runWindow()
}

// haveDisplay reports whether a graphical display looks available. Only on
// Linux and the BSDs can this be told from the environment; elsewhere a
// display is assumed.
func haveDisplay(goos string, getenv func(string) string) bool {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
	}
	return true
}

// runWindow opens the TokenDesk window over the user's store. A store that cannot be opened
// does not stop the window: it says so and keeps history in memory for the session.
func runWindow() {
	a := app.NewWithID(appID)
	deps := ui.Deps{Certificates: store.NewCertificates(), Version: cli.Version}
	dir, err := store.DefaultDir()
	var st *store.Store
	if err == nil {
		st, err = store.Open(dir)
	}
	if err != nil {
		deps.StoreError = err
	} else {
		defer st.Close()
		deps.History, deps.Projects, deps.Settings = st, st, st
		deps.MovedAside = st.MovedAside()
		deps.Salvaged = st.Salvaged()
	}
	// Start-up parses fonts and builds every screen, garbage the collector would keep as
	// headroom for as long as the window idles; hand it back once the window is up.
	time.AfterFunc(3*time.Second, debug.FreeOSMemory)
	// The window's live heap is some 17 MB at start, mostly parsed fonts (docs/performance.md
	// says which, and how it was 37 MB). Left to the defaults the
	// collector lets the heap double before it runs, and each screen drawn, each token built
	// raised the resident set for good (266 MB after 60 build/decode/history rounds under
	// Xvfb, from 181 MB). A lower target and a soft limit keep it near what is live (202 MB
	// after the same rounds); the limit is soft, so a large history page still fits.
	debug.SetGCPercent(50)
	debug.SetMemoryLimit(48 << 20)
	ui.New(a, deps).Window().ShowAndRun()
}
