// Package cli is the tokendesk command line: build, decode and verify Agora access tokens,
// keep App Certificates in the OS keychain, browse the history and build tokens in bulk.
//
// The names of its subcommands and flags, its JSON and its exit statuses are a contract that
// scripts rely on (docs: shared/spec/cli.md). Exit status 0 means success, 1 an invalid signature
// (decode --verify) or rows that failed (batch), and 2 bad input of any kind.
package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/atotto/clipboard"
	"golang.org/x/term"

	"github.com/tokendesk/tokendesk/serve"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1 // decoded, but the signature is invalid; or some batch rows failed
	exitUsage   = 2 // bad input, no certificate, not a token
)

// Run runs the command line with args (without the program name) and returns the exit status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{
		env:       os.Getenv,
		now:       time.Now,
		stdin:     stdin,
		stdout:    stdout,
		stderr:    stderr,
		stdinTTY:  isTerminal(stdin),
		stdoutTTY: isTerminal(stdout),
		stderrTTY: isTerminal(stderr),
		secrets:   store.NewCommandKeychain(store.DefaultKeychainTimeout), // one deadline for the whole command
		copy:      clipboard.WriteAll,
		workers:   runtime.NumCPU(),
	}
	a.readPassword = a.readPasswordFromTerminal
	a.storeDir = a.defaultStoreDir
	return a.run(args)
}

// app holds everything a command touches outside its arguments, so that tests can run every
// command in-process with a fake environment, clock, keychain and store.
type app struct {
	env    func(string) string
	now    func() time.Time
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	stdinTTY, stdoutTTY, stderrTTY bool

	// readPassword reads a line from the terminal without echoing it.
	readPassword func() (string, error)
	storeDir     func() (string, error)
	secrets      store.Secrets
	copy         func(string) error
	workers      int

	// interrupt, when set, replaces Ctrl+C for serve; onServe is told of the server once it
	// listens. Tests set both.
	interrupt func() (context.Context, context.CancelFunc)
	onServe   func(*serve.Server)

	in *bufio.Reader // stdin, buffered once so that --cert-stdin and a token can share it
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (a *app) readPasswordFromTerminal() (string, error) {
	f, ok := a.stdin.(*os.File)
	if !ok {
		return "", errors.New("standard input is not a terminal")
	}
	b, err := term.ReadPassword(int(f.Fd()))
	return string(b), err
}

// input returns standard input, buffered.
func (a *app) input() *bufio.Reader {
	if a.in == nil {
		a.in = bufio.NewReader(a.stdin)
	}
	return a.in
}

// readLine reads one line of standard input, without its line ending, refusing one longer than
// limit bytes. It returns io.EOF only when the input is empty.
func (a *app) readLine(limit int) (string, error) {
	var line []byte
	for {
		chunk, isPrefix, err := a.input().ReadLine()
		line = append(line, chunk...)
		if len(line) > limit {
			return "", fmt.Errorf("the first line of standard input is longer than %d bytes", limit)
		}
		if err != nil {
			if err == io.EOF && len(line) > 0 {
				break
			}
			return "", err
		}
		if !isPrefix {
			break
		}
	}
	return strings.TrimSuffix(string(line), "\r"), nil
}

// exitError carries an exit status and, unless msg is empty, a sentence for standard error.
type exitError struct {
	code int
	msg  string
	cmd  string // "history clear", when the error is about a subcommand's subcommand
}

// inSubcommand names the two-word command an error came from, for its message.
func inSubcommand(cmd string, err error) error {
	var e *exitError
	if errors.As(err, &e) && e.msg != "" {
		return &exitError{code: e.code, msg: e.msg, cmd: cmd}
	}
	return err
}

func (e *exitError) Error() string { return e.msg }

// usageErrorf reports bad input: exit status 2.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

// errHelpShown ends a command whose help was printed: exit status 0.
var errHelpShown = &exitError{code: exitOK}

type command struct {
	name    string
	summary string
	run     func(a *app, args []string) error
}

func commands() []command {
	return []command{
		{"build", "build a token and print it", (*app).build},
		{"decode", "decode, explain and verify a token", (*app).decode},
		{"explain", "find and explain the tokens and Agora errors in pasted text or a log", (*app).explain},
		{"diff", "compare two tokens: what differs that matters for joining", (*app).diff},
		{"cert", "keep App Certificates in the OS keychain (set, delete, list)", (*app).cert},
		{"history", "list, show, rebuild and delete the tokens built before", (*app).history},
		{"batch", "build many tokens at once: CSV in, CSV out", (*app).batch},
		{"serve", "serve tokens to demo apps, as agora-token-service does", (*app).serve},
		{"version", "print the version", (*app).version},
	}
}

func (a *app) run(args []string) int {
	if len(args) == 0 {
		a.topHelp(a.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if name == "help" && len(args) > 1 {
			return a.run([]string{args[1], "--help"})
		}
		a.topHelp(a.stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return a.finish(name, c.run(a, args[1:]))
		}
	}
	return a.finish("", a.unknownCommand(name))
}

// finish prints err, if it has a message, and turns it into the exit status.
func (a *app) finish(cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	prefix := "tokendesk: "
	if cmd != "" {
		prefix = "tokendesk " + cmd + ": "
	}
	var e *exitError
	if errors.As(err, &e) {
		if e.cmd != "" {
			prefix = "tokendesk " + e.cmd + ": "
		}
		if e.msg != "" {
			fmt.Fprintln(a.stderr, prefix+e.msg)
		}
		return e.code
	}
	fmt.Fprintln(a.stderr, prefix+plain(err))
	return exitUsage
}

func (a *app) unknownCommand(name string) error {
	if strings.HasPrefix(name, "-") {
		flagName := strings.TrimLeft(name, "-")
		flagName, _, _ = strings.Cut(flagName, "=")
		if owners := flagOwners(flagName); len(owners) > 0 {
			return usageErrorf("--%s goes after a subcommand, e.g. tokendesk %s --%s; run tokendesk --help for the list",
				flagName, owners[0], flagName)
		}
		return usageErrorf("%s is not an option of tokendesk; run tokendesk --help for the subcommands", typedFlag(strings.TrimLeft(name, "-")))
	}
	names := make([]string, 0, 8)
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if s := nearest(name, names); s != "" {
		return usageErrorf("%s is not a subcommand; did you mean %s? Run tokendesk --help for the list", token.Excerpt(name), s)
	}
	return usageErrorf("%s is not a subcommand; run tokendesk --help for the list", token.Excerpt(name))
}

func (a *app) topHelp(w io.Writer) {
	fmt.Fprint(w, `tokendesk builds, decodes and verifies Agora access tokens (006 and 007).

Usage:
  tokendesk                      open the desktop window
  tokendesk SUBCOMMAND [flags]   work on the command line (no display needed)

Subcommands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
The App Certificate never goes in a flag. It comes from, in order: the environment variable
AGORA_APP_CERTIFICATE; --cert-stdin (the first line of standard input); the OS keychain entry
saved with "tokendesk cert set --app-id ID".

Exit status: 0 success; 1 invalid signature (decode --verify) or failed rows (batch);
2 bad input, no certificate, or not a token.

Examples:
  tokendesk build --app-id 970CA35de60c44645bbae8a215061b33 --channel room1 --uid 42
  tokendesk decode "007eJxTY..." --verify
  tokendesk batch --app-id 970CA35de60c44645bbae8a215061b33 --channel load --count 1000 > tokens.csv

Run "tokendesk SUBCOMMAND --help" for the flags of each subcommand.
`)
}

// copyToClipboard copies text for cmd's --copy; a failure is only a warning, since the token
// is printed anyway. atotto/clipboard runs xclip, xsel or wl-copy on Linux and the BSDs and
// reports only their exit status, which says nothing to a person.
func (a *app) copyToClipboard(cmd, text string) {
	err := a.copy(text)
	if err == nil {
		return
	}
	reason := err.Error()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		reason = "the clipboard program failed (xclip, xsel and wl-copy need a display: is there one?)"
	}
	fmt.Fprintf(a.stderr, "tokendesk %s: warning: the token could not be copied to the clipboard: %s\n", cmd, reason)
}

// andList writes items as a sentence lists them: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// plural picks the word for n things: one or many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
