package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is the release, set at link time with
// -ldflags "-X github.com/tokendesk/tokendesk/cli.Version=v1.2.3"; otherwise the module
// version or VCS revision recorded in the binary is shown.
var Version = ""

func (a *app) version(args []string) error {
	f := newFlagSet("version", "tokendesk version", "Prints the version of tokendesk, the Go version and the platform.", "  tokendesk version")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArguments("version", rest); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "tokendesk %s (%s, %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}

func versionString() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	revision, modified := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision == "" {
		return "(devel)"
	}
	if len(revision) > 12 {
		revision = revision[:12]
	}
	if modified {
		revision += "+dirty"
	}
	return "(devel " + revision + ")"
}
