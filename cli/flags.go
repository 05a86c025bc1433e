package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/tokendesk/tokendesk/token"
)

// flagSet is a flag.FlagSet that remembers the order its flags were defined in and the help
// text of its subcommand, accepts flags after positional arguments and answers a mistyped
// flag with the nearest valid one.
type flagSet struct {
	fs       *flag.FlagSet
	cmd      string // "build", "cert set"
	synopsis string
	about    string
	examples string
	defs     []flagDef
}

type flagDef struct{ name, arg, usage string }

func newFlagSet(cmd, synopsis, about, examples string) *flagSet {
	fs := flag.NewFlagSet("tokendesk "+cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{fs: fs, cmd: cmd, synopsis: synopsis, about: about, examples: examples}
}

// str defines a string flag. Its default is "": a command fills in its own default, so that
// it can tell an empty value from an absent one.
func (f *flagSet) str(p *string, name, arg, usage string) {
	f.fs.StringVar(p, name, "", usage)
	f.defs = append(f.defs, flagDef{name, arg, usage})
}

func (f *flagSet) boolean(p *bool, name, usage string) {
	f.fs.BoolVar(p, name, false, usage)
	f.defs = append(f.defs, flagDef{name, "", usage})
}

// isSet reports whether the flag was given on the command line.
func (f *flagSet) isSet(name string) bool {
	set := false
	f.fs.Visit(func(fl *flag.Flag) { set = set || fl.Name == name })
	return set
}

// parse parses args, flags and positional arguments in any order ("--" ends the flags), and
// returns the positional arguments. After --help it prints the help and returns errHelpShown.
func (a *app) parse(f *flagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := f.check(args); err != nil {
			return nil, err
		}
		if err := f.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.help(a.stdout)
				return nil, errHelpShown
			}
			return nil, usageErrorf("%v (see tokendesk %s --help)", err, f.cmd)
		}
		if err := f.checkEmpty(); err != nil {
			return nil, err
		}
		rest := f.fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// checkEmpty refuses a flag given an empty value: --expire "" is a script whose variable was
// not set, not a request for the default.
func (f *flagSet) checkEmpty() error {
	var empty string
	f.fs.Visit(func(fl *flag.Flag) {
		if _, isBool := fl.Value.(interface{ IsBoolFlag() bool }); !isBool && empty == "" && strings.TrimSpace(fl.Value.String()) == "" {
			empty = fl.Name
		}
	})
	if empty != "" {
		return usageErrorf("--%s is empty: give it a value (--%s %s) or leave it out (see tokendesk %s --help)", empty, empty, f.argOf(empty), f.cmd)
	}
	return nil
}

// check says what the flag package would refuse in args, before it parses them: a name that
// is not a flag's, one not of this subcommand (with the nearest that is), a flag without its
// value, a switch given a value. It reads args as flag.FlagSet.Parse does, up to the first
// positional argument or "--", so no English of the flag package needs reading back.
func (f *flagSet) check(args []string) error {
	see := fmt.Sprintf(" (see tokendesk %s --help)", f.cmd)
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if len(arg) < 2 || arg[0] != '-' || arg == "--" {
			return nil
		}
		name := strings.TrimPrefix(arg[1:], "-")
		if name == "" || name[0] == '-' || name[0] == '=' {
			return usageErrorf("%s is not a flag: flags look like --name or --name=value%s", token.Excerpt(arg), see)
		}
		name, value, hasValue := strings.Cut(name, "=")
		fl := f.fs.Lookup(name)
		switch {
		case fl == nil && (name == "help" || name == "h"):
			return nil // Parse says flag.ErrHelp
		case fl == nil:
			return f.unknown(name, see)
		}
		if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if _, err := strconv.ParseBool(value); hasValue && err != nil {
				return usageErrorf("--%s is a switch and takes no value: write --%s alone%s", name, name, see)
			}
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return usageErrorf("--%s needs a value, e.g. --%s %s%s", name, name, f.argOf(name), see)
			}
			i++
		}
	}
	return nil
}

// unknown says that name is not a flag of this subcommand, which subcommands have it, and
// the nearest flag this one has.
func (f *flagSet) unknown(name, see string) error {
	var names []string
	f.fs.VisitAll(func(fl *flag.Flag) { names = append(names, fl.Name) })
	msg := fmt.Sprintf("%s is not a flag of %s", typedFlag(name), f.cmd)
	if owners := flagOwners(name); len(owners) > 0 {
		msg = fmt.Sprintf("--%s is a flag of %s, not of %s", name, andList(owners), f.cmd)
	}
	if s := nearest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean --%s?", s)
	}
	return usageErrorf("%s%s", msg, see)
}

// typedFlag names a flag the user typed: --name when the name is short and plain, else as
// token.Excerpt quotes it, so that a value pasted as a flag name is not echoed whole.
func typedFlag(name string) string {
	if len(name) <= token.ExcerptLength && !token.CouldBeCertificate(name) && !strings.ContainsFunc(name, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		return "--" + name
	}
	return token.Excerpt("--" + name)
}

func (f *flagSet) argOf(name string) string {
	for _, d := range f.defs {
		if d.name == name && d.arg != "" {
			return d.arg
		}
	}
	return "VALUE"
}

// help prints the subcommand's usage, flags and examples.
func (f *flagSet) help(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", f.synopsis, strings.TrimSpace(f.about))
	if len(f.defs) > 0 {
		fmt.Fprint(w, "\nFlags:\n")
		width := 0
		for _, d := range f.defs {
			width = max(width, len(d.left()))
		}
		width = min(width, 26)
		for _, d := range f.defs {
			left := d.left()
			if len(left) > width {
				fmt.Fprintf(w, "  %s\n", left)
				left = ""
			}
			for i, line := range wrap(d.usage, helpWidth-width-4) {
				if i > 0 {
					left = ""
				}
				fmt.Fprintf(w, "  %-*s  %s\n", width, left, line)
			}
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, "-h, --help", "show this help")
	}
	if f.examples != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(f.examples, "\n"))
	}
}

// helpWidth is the width help text is wrapped to.
const helpWidth = 100

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}

func (d flagDef) left() string {
	if d.arg == "" {
		return "--" + d.name
	}
	return "--" + d.name + " " + d.arg
}

// allFlagSets returns the flag sets of every subcommand, for telling a user which subcommand
// a misplaced flag belongs to.
func allFlagSets() []*flagSet {
	return []*flagSet{
		newBuildFlags(&buildOptions{}),
		newDecodeFlags(&decodeOptions{}),
		newBatchFlags(&batchOptions{}),
		newCertSetFlags(&certOptions{}),
		newCertDeleteFlags(&certOptions{}),
		newCertListFlags(&certOptions{}),
		newHistoryListFlags(&historyOptions{}),
		newHistoryShowFlags(&historyOptions{}),
		newHistoryRebuildFlags(&historyOptions{}),
		newHistoryDeleteFlags(&historyOptions{}),
		newHistoryClearFlags(&historyOptions{}),
		newServeFlags(&serveOptions{}),
	}
}

// flagOwners lists the subcommands that have a flag of this name.
func flagOwners(name string) []string {
	var owners []string
	for _, f := range allFlagSets() {
		if f.fs.Lookup(name) != nil && !slices.Contains(owners, f.cmd) {
			owners = append(owners, f.cmd)
		}
	}
	return owners
}

// nearest returns the candidate closest to s when it is close enough to be what was meant,
// or "".
func nearest(s string, candidates []string) string {
	s = strings.ToLower(s)
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		d := editDistance(s, strings.ToLower(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	// One edit in four characters still reads as a typo; more reads as another word.
	if best != "" && bestDist <= len(s)/4+1 {
		return best
	}
	// A prefix ("--chan" for --channel) is what was meant too.
	for _, c := range candidates {
		if len(s) >= 3 && strings.HasPrefix(strings.ToLower(c), s) {
			return c
		}
	}
	return ""
}

// editDistance is the Damerau-Levenshtein distance (with adjacent transpositions) of a and b.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// plain is an error as a sentence for a person. The errors of the token and store packages
// say it themselves (their Sentence method: what is wrong, without the package's name);
// any other error is shown as it is.
func plain(err error) string {
	var s interface{ Sentence() string }
	if errors.As(err, &s) {
		return s.Sentence()
	}
	return err.Error()
}

// parseLifetime reads a lifetime given to a flag, as token.ParseLifetime does.
func parseLifetime(flagName, s string) (uint32, error) {
	v, err := token.ParseLifetime(s)
	var le *token.LifetimeError
	if errors.As(err, &le) {
		return 0, usageErrorf("%s: %s", flagName, le.Sentence())
	}
	return v, err
}

// parseUint32 reads a whole number from 0 to 4294967295 given to a flag.
func parseUint32(flagName, what, s string) (uint32, error) {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, usageErrorf("%s %s is not %s: give a whole number from 0 to 4294967295", flagName, token.Excerpt(s), what)
	}
	return uint32(v), nil
}
