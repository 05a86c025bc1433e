package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

type historyOptions struct {
	search    string
	limit     string
	json      bool
	fresh     bool
	certStdin bool
	copy      bool
	save      bool
	yes       bool
}

const historyUsage = `Usage: tokendesk history list|show|rebuild|delete|clear [flags]

The tokens built before, by the desktop app or with build --save, with everything needed to build
each again. The history lives in $TOKENDESK_DIR or the user's config directory.

Subcommands:
  list      list entries, newest first
  show      show one entry
  rebuild   build an entry's token again (same salt and times: the same token)
  delete    delete one entry
  clear     delete every entry

Examples:
  tokendesk history list --search room1
  tokendesk history show 12 --json
  tokendesk history rebuild 12
  tokendesk history clear --yes
`

func newHistoryListFlags(o *historyOptions) *flagSet {
	f := newFlagSet("history list", "tokendesk history list [--search TEXT] [--limit N] [--json]",
		`Lists history entries, pinned first, then newest first. --search matches, ignoring case, a part
of the channel, uid or account, user id, label, App ID or project.`,
		`  tokendesk history list
  tokendesk history list --search alice --limit 0
  tokendesk history list --json | jq '.[0].id'`)
	f.str(&o.search, "search", "TEXT", "only entries whose channel, uid, user, label, App ID or project contains TEXT")
	f.str(&o.limit, "limit", "N", "at most N entries; 0 means all (default 50)")
	f.boolean(&o.json, "json", `print a JSON array of entries, each with an "id"`)
	return f
}

func newHistoryShowFlags(o *historyOptions) *flagSet {
	f := newFlagSet("history show", "tokendesk history show ID [--json]",
		"Shows one history entry: its inputs, times, salt and token.",
		"  tokendesk history show 12\n  tokendesk history show 12 --json")
	f.boolean(&o.json, "json", "print the entry as a JSON object")
	return f
}

func newHistoryRebuildFlags(o *historyOptions) *flagSet {
	f := newFlagSet("history rebuild", "tokendesk history rebuild ID [--fresh] [--cert-stdin] [--copy] [--save]",
		`Builds an entry's token again and prints it, alone, on standard output. With the same salt and
times it is the very same token. --fresh instead builds the same inputs with a new salt, issued
now. The App Certificate comes from AGORA_APP_CERTIFICATE, then --cert-stdin, then the OS
keychain entry for the entry's App ID.`,
		"  tokendesk history rebuild 12\n  tokendesk history rebuild 12 --fresh --copy --save")
	f.boolean(&o.fresh, "fresh", "a new salt and issue time now, instead of the entry's")
	f.boolean(&o.certStdin, "cert-stdin", "read the App Certificate from the first line of standard input")
	f.boolean(&o.copy, "copy", "also copy the token to the clipboard")
	f.boolean(&o.save, "save", "also record the token as a new history entry")
	return f
}

func newHistoryDeleteFlags(*historyOptions) *flagSet {
	return newFlagSet("history delete", "tokendesk history delete ID",
		"Deletes one history entry, without a prompt.", "  tokendesk history delete 12")
}

func newHistoryClearFlags(o *historyOptions) *flagSet {
	f := newFlagSet("history clear", "tokendesk history clear [--yes]",
		`Deletes every history entry. It asks first when standard input is a terminal; otherwise --yes
is required.`,
		"  tokendesk history clear\n  tokendesk history clear --yes")
	f.boolean(&o.yes, "yes", "do not ask for confirmation")
	return f
}

func (a *app) history(args []string) error {
	sub, rest, err := a.subcommand("history", historyUsage, []string{"list", "show", "rebuild", "delete", "clear"}, args)
	if err != nil || sub == "" {
		return err
	}
	o := &historyOptions{}
	run := map[string]func(*historyOptions, []string) error{
		"list": a.historyList, "show": a.historyShow, "rebuild": a.historyRebuild,
		"delete": a.historyDelete, "clear": a.historyClear,
	}[sub]
	return inSubcommand("history "+sub, run(o, rest))
}

// entryID reads the one ID argument of show, rebuild and delete.
func entryID(cmd string, rest []string) (int64, error) {
	if len(rest) != 1 {
		return 0, usageErrorf("%s takes one ID, the number history list shows (see tokendesk %s --help)", cmd, cmd)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(rest[0], "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageErrorf("%s is not a history ID: give the number history list shows, e.g. tokendesk %s 12", token.Excerpt(rest[0]), cmd)
	}
	return id, nil
}

// openEntry opens the store and reads the entry whose ID is the one argument of cmd. The
// caller closes the store.
func (a *app) openEntry(cmd string, rest []string) (*store.Store, store.Entry, error) {
	id, err := entryID(cmd, rest)
	if err != nil {
		return nil, store.Entry{}, err
	}
	st, err := a.openStore()
	if err != nil {
		return nil, store.Entry{}, err
	}
	e, err := st.Entry(id)
	if err != nil {
		st.Close()
		return nil, store.Entry{}, storeError(err, id)
	}
	return st, e, nil
}

// storeError turns an error of the store into a sentence.
func storeError(err error, id int64) error {
	if errors.Is(err, store.ErrNotFound) && id > 0 {
		return usageErrorf("there is no history entry %d (tokendesk history list shows the IDs)", id)
	}
	return usageErrorf("%s", plain(err))
}

func (a *app) historyList(o *historyOptions, args []string) error {
	f := newHistoryListFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArguments("history list", rest); err != nil {
		return err
	}
	limit := 50
	if f.isSet("limit") {
		if limit, err = strconv.Atoi(strings.TrimSpace(o.limit)); err != nil || limit < 0 {
			return usageErrorf("--limit %s is not a number of entries: give a whole number, 0 for all", token.Excerpt(o.limit))
		}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	entries, err := st.List(store.Query{Search: o.search, Limit: limit})
	if err != nil {
		return storeError(err, 0)
	}
	if o.json {
		if entries == nil {
			entries = []store.Entry{}
		}
		return writeJSON(a.stdout, entries)
	}
	if len(entries) == 0 {
		if o.search != "" {
			fmt.Fprintf(a.stdout, "No history entry matches %s.\n", token.Excerpt(o.search))
		} else {
			fmt.Fprintln(a.stdout, "The history is empty: tokendesk build --save records a token in it.")
		}
		return nil
	}
	now := a.now()
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tSERVICE\tCHANNEL\tUID/USER\tPROJECT\tLABEL\tJOIN UNTIL")
	for _, e := range entries {
		id := strconv.FormatInt(e.ID, 10)
		if e.Pinned {
			id += "*"
		}
		service := string(e.Spec.Kind)
		if e.Spec.Is006() {
			service += " (006)"
		}
		who := e.Spec.UIDString()
		if e.Spec.UserID != "" && who == "" {
			who = e.Spec.UserID
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, e.CreatedAt.In(now.Location()).Format("2006-01-02 15:04"),
			service, cell(e.Spec.Channel), cell(who), cell(e.Project), cell(e.Label), relative(e.Spec.Life().JoinUntil, now.Unix()))
	}
	tw.Flush()
	if limit > 0 && len(entries) == limit {
		if total, err := st.Count(o.search); err == nil && total > limit {
			fmt.Fprintf(a.stderr, "Showing %d of %d entries; --limit 0 shows them all.\n", limit, total)
		}
	}
	return nil
}

// cell is a name as a table shows it: on one line, with nothing a terminal would obey (see
// token.Printable), and "-" when empty.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return token.Printable(s)
}

func (a *app) historyShow(o *historyOptions, args []string) error {
	f := newHistoryShowFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	st, e, err := a.openEntry("history show", rest)
	if err != nil {
		return err
	}
	defer st.Close()
	if o.json {
		return writeJSON(a.stdout, e)
	}
	a.printEntry(a.stdout, &e)
	return nil
}

func (a *app) printEntry(w io.Writer, e *store.Entry) {
	now := a.now()
	r := &report{w: w, p: a.painter(), now: now}
	s := &e.Spec
	id := strconv.FormatInt(e.ID, 10)
	if e.Pinned {
		id += " (pinned)"
	}
	r.line("Entry", "%s", id)
	r.line("Created", "%s", r.moment(e.CreatedAt.Unix()))
	if e.Project != "" && e.Project != s.AppID {
		r.line("Project", "%s", token.Printable(e.Project))
	}
	if e.Label != "" {
		r.line("Label", "%s", token.Printable(e.Label))
	}
	format := s.Format
	if format == "" {
		format = token.Version007
	}
	r.line("Service", "%s, format %s", s.Kind, format)
	r.line("App ID", "%s", s.AppID)
	in := s.Inputs()
	if in.Channel {
		r.line("Channel", "%s", quoteIfNeeded(s.Channel))
	}
	if in.UID {
		if s.Account != "" {
			r.line("Account", "%s", quoteIfNeeded(s.Account))
		} else {
			r.line("UID", "%s", uidWords(s.UIDString()))
		}
	}
	if in.UserID && s.UserID != "" {
		r.line("User ID", "%s", quoteIfNeeded(s.UserID))
	}
	if in.Room {
		r.line("Room", "%s (role %d)", quoteIfNeeded(s.RoomUUID), s.APaaSRole)
	}
	if in.UsesRole() {
		r.line("Role", "%s", s.Role)
	}
	if !s.Is006() {
		r.line("Expire", "%d s (%s)", s.Expire, token.SpanWords(int64(s.Expire)))
	}
	if p := s.PerPrivilege; p != nil {
		r.line("Privileges", "join %d s, audio %d s, video %d s, data %d s", p.Join, p.Audio, p.Video, p.Data)
	} else {
		r.line("Privileges", "%d s (%s)", s.PrivilegeExpire, token.SpanWords(int64(s.PrivilegeExpire)))
	}
	r.line("Issued", "%s", r.moment(int64(s.IssuedAt)))
	r.life(s.Life(), s.Is006())
	r.line("Salt", "%d", s.Salt)
	if e.Token != "" {
		r.line("Token", "%s", e.Token)
	} else {
		r.line("Token", "not kept (tokendesk history rebuild %d builds it again)", e.ID)
	}
}

func (a *app) historyRebuild(o *historyOptions, args []string) error {
	f := newHistoryRebuildFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	st, e, err := a.openEntry("history rebuild", rest)
	if err != nil {
		return err
	}
	defer st.Close()
	cert, err := a.certificate(e.Spec.AppID, o.certStdin)
	if err != nil {
		return err
	}
	var text string
	spec := e.Spec
	if o.fresh {
		text, spec, err = store.RebuildFresh(e, cert, a.now())
	} else {
		text, err = store.Rebuild(e, cert)
	}
	if err != nil {
		return usageErrorf("entry %d cannot be built again: %s", e.ID, plain(err))
	}
	if !o.fresh && e.Token != "" && e.Token != text {
		if same, _ := sameToken(e.Token, text); !same {
			// A token the project's secondary certificate signed is rebuilt with it.
			if bySecondary, ok := a.rebuildWithSecondary(e); ok {
				text = bySecondary
			} else {
				fmt.Fprintf(a.stderr, "tokendesk history rebuild: warning: the token differs from the one kept for entry %d: the certificate is not the one it was built with\n", e.ID)
			}
		}
	}
	if o.save {
		ne := store.Entry{Spec: spec, Token: text, Project: e.Project, Label: e.Label}
		if err := st.Add(&ne); err != nil {
			return usageErrorf("the token was rebuilt but not saved (run again without --save to get it): %s", plain(err))
		}
	}
	if o.copy {
		a.copyToClipboard("history rebuild", text)
	}
	_, err = fmt.Fprintln(a.stdout, text)
	return err
}

// rebuildWithSecondary rebuilds an entry with the project's secondary certificate, and
// reports whether that gives the token kept for it.
func (a *app) rebuildWithSecondary(e store.Entry) (string, bool) {
	secondary := a.verifyingSecondary(e.Spec.AppID)
	if secondary == "" {
		return "", false
	}
	text, err := store.Rebuild(e, secondary)
	if err != nil {
		return "", false
	}
	same, _ := sameToken(e.Token, text)
	return text, same
}

// sameToken reports whether two token texts are the same token, whatever zlib made of them.
func sameToken(a, b string) (bool, error) {
	if !strings.HasPrefix(a, token.Version007) || !strings.HasPrefix(b, token.Version007) {
		return a == b, nil
	}
	ca, err := token.Content007(a)
	if err != nil {
		return false, err
	}
	cb, err := token.Content007(b)
	if err != nil {
		return false, err
	}
	return string(ca) == string(cb), nil
}

func (a *app) historyDelete(o *historyOptions, args []string) error {
	f := newHistoryDeleteFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	id, err := entryID("history delete", rest)
	if err != nil {
		return err
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Delete(id); err != nil {
		return storeError(err, id)
	}
	fmt.Fprintf(a.stdout, "Deleted history entry %d.\n", id)
	return nil
}

func (a *app) historyClear(o *historyOptions, args []string) error {
	f := newHistoryClearFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArguments("history clear", rest); err != nil {
		return err
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	if !o.yes {
		if !a.stdinTTY {
			return usageErrorf("this deletes every history entry: add --yes to confirm (standard input is not a terminal to ask on)")
		}
		n, err := st.Count("")
		if err != nil {
			return storeError(err, 0)
		}
		if n == 0 {
			fmt.Fprintln(a.stdout, "The history is already empty.")
			return nil
		}
		fmt.Fprintf(a.stderr, "Delete all %d history entries? This cannot be undone. [y/N] ", n)
		answer, err := a.readLine(256)
		if err != nil && err != io.EOF {
			return usageErrorf("reading the answer: %v", err)
		}
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "y", "yes":
		default:
			fmt.Fprintln(a.stdout, "Nothing was deleted.")
			return nil
		}
	}
	if err := st.Clear(); err != nil {
		return storeError(err, 0)
	}
	fmt.Fprintln(a.stdout, "The history is cleared.")
	return nil
}
