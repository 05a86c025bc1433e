package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// envCertificate and envAppID are the environment variables the command line reads.
const (
	envCertificate = "AGORA_APP_CERTIFICATE"
	envAppID       = "AGORA_APP_ID"
)

// maxCertificateLine bounds how much of standard input is read for a certificate.
const maxCertificateLine = 4 << 10

// certificate finds the App Certificate for appID: the environment, then the first line of
// standard input when fromStdin, then the keychain. Its errors never hold the certificate.
func (a *app) certificate(appID string, fromStdin bool) (string, error) {
	if cert := strings.TrimSpace(a.env(envCertificate)); cert != "" {
		if fromStdin {
			fmt.Fprintf(a.stderr, "tokendesk: warning: %s is set, so it is used and --cert-stdin is ignored\n", envCertificate)
		}
		if err := token.ValidateCertificate(cert); err != nil {
			return "", usageErrorf("%s: %s", envCertificate, plain(err))
		}
		return cert, nil
	}
	if fromStdin && a.stdinTTY {
		// A terminal would echo the certificate: ask for it without echo instead.
		fmt.Fprint(a.stderr, "App Certificate (not shown as you type): ")
		cert, err := a.readPassword()
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", usageErrorf("--cert-stdin: reading the certificate: %v", err)
		}
		if err := token.ValidateCertificate(strings.TrimSpace(cert)); err != nil {
			return "", usageErrorf("--cert-stdin: that is not an App Certificate: %s", plain(err))
		}
		return strings.TrimSpace(cert), nil
	}
	if fromStdin {
		line, err := a.readLine(maxCertificateLine)
		if err == io.EOF {
			return "", usageErrorf("--cert-stdin: standard input is empty; write the App Certificate on its first line")
		}
		if err != nil {
			return "", usageErrorf("--cert-stdin: %v", err)
		}
		cert := strings.TrimSpace(line)
		if err := token.ValidateCertificate(cert); err != nil {
			return "", usageErrorf("--cert-stdin: the first line of standard input is not an App Certificate: %s", plain(err))
		}
		return cert, nil
	}
	cert, err := a.secrets.Get(appID)
	if err == nil {
		if err := token.ValidateCertificate(cert); err != nil {
			return "", usageErrorf("the keychain entry for %s is not an App Certificate (%s): save it again with tokendesk cert set --app-id %s",
				appID, plain(err), appID)
		}
		return cert, nil
	}
	why := ""
	if !errors.Is(err, store.ErrNotFound) {
		why = fmt.Sprintf(" (the keychain could not be read: %s)", plain(err))
	}
	return "", usageErrorf("no App Certificate for App ID %s: set the environment variable %s, "+
		"or pass --cert-stdin and write it on the first line of standard input, "+
		"or save it in the OS keychain with tokendesk cert set --app-id %s%s", appID, envCertificate, appID, why)
}

// secondaryCertificate returns the project's secondary App Certificate from the keychain, for
// build --secondary: there is no other place to give one.
func (a *app) secondaryCertificate(appID string, certStdin bool) (string, error) {
	if certStdin || strings.TrimSpace(a.env(envCertificate)) != "" {
		return "", usageErrorf("--secondary signs with the secondary certificate saved in the keychain, while %s and --cert-stdin give a certificate directly: use one or the other", envCertificate)
	}
	cert, err := a.secrets.Get(store.SecondaryKey(appID))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "", usageErrorf("no secondary App Certificate for App ID %s: save it with tokendesk cert set --secondary --app-id %s", appID, appID)
	case err != nil:
		return "", keychainError(err)
	}
	if err := token.ValidateCertificate(cert); err != nil {
		return "", usageErrorf("the keychain entry of the secondary certificate for %s is not an App Certificate (%s): save it again with tokendesk cert set --secondary --app-id %s",
			appID, plain(err), appID)
	}
	return cert, nil
}

// verifyingSecondary returns the secondary certificate saved for the App ID, or "" when there
// is none or the keychain cannot say: a signature is then checked with the primary alone.
func (a *app) verifyingSecondary(appID string) string {
	cert, err := a.secrets.Get(store.SecondaryKey(appID))
	if err != nil || token.ValidateCertificate(cert) != nil {
		return ""
	}
	return cert
}

// appIDFrom returns the App ID given by a flag or, failing that, by AGORA_APP_ID, checked.
func (a *app) appIDFrom(flagValue string) (string, error) {
	id := strings.TrimSpace(flagValue)
	source := "--app-id"
	if id == "" {
		id = strings.TrimSpace(a.env(envAppID))
		source = envAppID
	}
	if id == "" {
		return "", usageErrorf("--app-id is required (or set %s): the 32 hexadecimal characters of the project's App ID", envAppID)
	}
	if err := token.ValidateAppID(id); err != nil {
		return "", usageErrorf("%s: %s", source, plain(err))
	}
	return id, nil
}

type certOptions struct {
	appID     string
	label     string
	json      bool
	secondary bool
}

func newCertSetFlags(o *certOptions) *flagSet {
	f := newFlagSet("cert set", "tokendesk cert set --app-id ID [--secondary] [--label NAME] < certificate",
		`Saves the App Certificate of a project in the OS keychain (macOS Keychain, Windows Credential
Manager, or the Secret Service on Linux), where build, decode --verify, history rebuild and batch
find it by App ID. The certificate is read from standard input (its first line) or, when standard
input is a terminal, from a prompt that does not echo it. It is never printed. The App ID is
recorded as a project, so that cert list shows it: named by --label, or, when it has no project
yet, by the first eight characters of the App ID.

--secondary saves the project's secondary certificate instead, in a keychain entry of its own:
Agora accepts tokens signed with either while a certificate is being replaced. Verifying tries
both and says which one signed; build signs with the primary unless given --secondary.`,
		`  tokendesk cert set --app-id 970CA35de60c44645bbae8a215061b33
  tokendesk cert set --app-id 970CA35de60c44645bbae8a215061b33 --label "QA staging" < cert.txt
  pass show agora/qa | tokendesk cert set --app-id 970CA35de60c44645bbae8a215061b33
  tokendesk cert set --secondary --app-id 970CA35de60c44645bbae8a215061b33 < secondary.txt`)
	f.str(&o.appID, "app-id", "ID", "the project's App ID (or env AGORA_APP_ID)")
	f.boolean(&o.secondary, "secondary", "save the project's secondary certificate")
	f.str(&o.label, "label", "NAME", "name the project, as cert list and history show it (default: the App ID's first eight characters)")
	return f
}

func newCertDeleteFlags(o *certOptions) *flagSet {
	f := newFlagSet("cert delete", "tokendesk cert delete --app-id ID [--secondary]",
		"Removes the App Certificate of a project from the OS keychain, without a prompt; with\n--secondary, its secondary certificate.",
		"  tokendesk cert delete --app-id 970CA35de60c44645bbae8a215061b33")
	f.str(&o.appID, "app-id", "ID", "the project's App ID (or env AGORA_APP_ID)")
	f.boolean(&o.secondary, "secondary", "delete the project's secondary certificate")
	return f
}

func newCertListFlags(o *certOptions) *flagSet {
	f := newFlagSet("cert list", "tokendesk cert list [--json]",
		`Lists the projects (App IDs and labels) and whether the OS keychain holds a certificate, and a
secondary certificate, for each. It never prints a certificate. A project is added by cert set --label.`,
		"  tokendesk cert list\n  tokendesk cert list --json")
	f.boolean(&o.json, "json", `print a JSON array of {"app_id", "label", "certificate", "secondary"}`)
	return f
}

const certUsage = `Usage: tokendesk cert set|delete|list [flags]

Keeps App Certificates in the OS keychain, by App ID.

Subcommands:
  set      save a certificate (from standard input or a no-echo prompt)
  delete   remove a certificate
  list     list projects and whether a certificate is saved for each

Examples:
  tokendesk cert set --app-id 970CA35de60c44645bbae8a215061b33 --label "QA staging"
  tokendesk cert list
  tokendesk cert delete --app-id 970CA35de60c44645bbae8a215061b33
`

func (a *app) cert(args []string) error {
	sub, rest, err := a.subcommand("cert", certUsage, []string{"set", "delete", "list"}, args)
	if err != nil || sub == "" {
		return err
	}
	o := &certOptions{}
	run := map[string]func(*certOptions, []string) error{
		"set": a.certSet, "delete": a.certDelete, "list": a.certList,
	}[sub]
	return inSubcommand("cert "+sub, run(o, rest))
}

// subcommand picks the second word of "cert set" or "history list". sub is "" when the help
// was printed.
func (a *app) subcommand(cmd, usage string, names, args []string) (sub string, rest []string, err error) {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, usage)
		return "", nil, usageErrorf("say what to do: %s", strings.Join(names, ", "))
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(a.stdout, usage)
		return "", nil, nil
	}
	for _, n := range names {
		if args[0] == n {
			return n, args[1:], nil
		}
	}
	if s := nearest(args[0], names); s != "" {
		return "", nil, usageErrorf("%s is not a %s subcommand; did you mean %s %s?", token.Excerpt(args[0]), cmd, cmd, s)
	}
	return "", nil, usageErrorf("%s is not a %s subcommand; use one of %s", token.Excerpt(args[0]), cmd, strings.Join(names, ", "))
}

func noArguments(cmd string, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, but got %s (see tokendesk %s --help)", cmd, token.Excerpt(args[0]), cmd)
	}
	return nil
}

func (a *app) certSet(o *certOptions, args []string) error {
	f := newCertSetFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArguments("cert set", rest); err != nil {
		return usageErrorf("%s; the certificate never goes on the command line: it is read from standard input", err.Error())
	}
	appID, err := a.appIDFrom(o.appID)
	if err != nil {
		return err
	}
	var cert string
	if a.stdinTTY {
		fmt.Fprintf(a.stderr, "App Certificate for %s (not shown as you type): ", appID)
		cert, err = a.readPassword()
		fmt.Fprintln(a.stderr)
	} else {
		cert, err = a.readLine(maxCertificateLine)
		if err == io.EOF {
			return usageErrorf("standard input is empty; write the App Certificate on its first line")
		}
	}
	if err != nil {
		return usageErrorf("reading the certificate: %v", err)
	}
	cert = strings.TrimSpace(cert)
	if err := token.ValidateCertificate(cert); err != nil {
		return usageErrorf("%s", plain(err))
	}
	key, which, other, otherName := appID, "App Certificate", store.SecondaryKey(appID), "secondary"
	if o.secondary {
		key, which, other, otherName = store.SecondaryKey(appID), "secondary App Certificate", appID, "primary"
	}
	if strings.EqualFold(cert, appID) {
		return usageErrorf("this is the App ID, not its App Certificate: copy the certificate from the project in Agora Console")
	}
	if saved, err := a.secrets.Get(other); err == nil && strings.EqualFold(saved, cert) {
		return usageErrorf("this is already the project's %s certificate: a project's primary and secondary certificates are two different ones", otherName)
	}
	if err := a.secrets.Set(key, cert); err != nil {
		return keychainError(err)
	}
	fmt.Fprintf(a.stdout, "Saved the %s for %s in the keychain.\n", which, appID)
	label, err := a.recordProject(appID, o.label)
	if err != nil {
		return err
	}
	if label != "" {
		fmt.Fprintf(a.stdout, "Project %s is App ID %s.\n", strconv.Quote(label), appID)
	}
	return nil
}

// recordProject records the App ID as a project, so that cert list shows it: with the label
// given, or, for an App ID that has no project yet, the short form of the App ID. It returns
// the label it wrote, or "" when it left an existing project as it was.
func (a *app) recordProject(appID, label string) (string, error) {
	st, err := a.openStore()
	if err != nil {
		return "", err
	}
	defer st.Close()
	p, err := st.Project(appID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		p = store.Project{AppID: appID, Label: store.ShortAppID(appID), Service: token.KindRTC, Format: token.Version007,
			Role: token.RolePublisher, Expire: token.DefaultLifetime}
	case err != nil:
		return "", usageErrorf("%s", plain(err))
	case label == "":
		return "", nil
	}
	if label != "" {
		p.Label = label
	}
	if err := st.SaveProject(&p); err != nil {
		return "", usageErrorf("saving the project label: %s", plain(err))
	}
	return p.Label, nil
}

func (a *app) certDelete(o *certOptions, args []string) error {
	f := newCertDeleteFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArguments("cert delete", rest); err != nil {
		return err
	}
	appID, err := a.appIDFrom(o.appID)
	if err != nil {
		return err
	}
	key, which := appID, "App Certificate"
	if o.secondary {
		key, which = store.SecondaryKey(appID), "secondary App Certificate"
	}
	err = a.secrets.Delete(key)
	if errors.Is(err, store.ErrNotFound) {
		return usageErrorf("the keychain holds no %s for %s; nothing was deleted", which, appID)
	}
	if err != nil {
		return keychainError(err)
	}
	fmt.Fprintf(a.stdout, "Deleted the %s for %s from the keychain.\n", which, appID)
	return nil
}

func (a *app) certList(o *certOptions, args []string) error {
	f := newCertListFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArguments("cert list", rest); err != nil {
		return err
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	projects, err := st.Projects()
	if err != nil {
		return usageErrorf("%s", plain(err))
	}
	type row struct {
		AppID       string `json:"app_id"`
		Label       string `json:"label"`
		Certificate string `json:"certificate"` // "saved", "not saved" or "unknown"
		Secondary   string `json:"secondary"`   // likewise, for the secondary certificate
	}
	rows := make([]row, 0, len(projects))
	var unavailable error
	state := func(key string) string {
		if _, err := a.secrets.Get(key); errors.Is(err, store.ErrNotFound) {
			return "not saved"
		} else if err != nil {
			unavailable = err
			return "unknown"
		}
		return "saved"
	}
	for _, p := range projects {
		rows = append(rows, row{p.AppID, p.Label, state(p.AppID), state(store.SecondaryKey(p.AppID))})
	}
	if o.json {
		if err := writeJSON(a.stdout, rows); err != nil {
			return err
		}
	} else if len(rows) == 0 {
		fmt.Fprintln(a.stdout, `No projects yet: tokendesk cert set --app-id ID --label NAME adds one.`)
	} else {
		tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "APP ID\tLABEL\tCERTIFICATE\tSECONDARY")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.AppID, cell(r.Label), r.Certificate, r.Secondary)
		}
		tw.Flush()
	}
	if unavailable != nil {
		return keychainError(unavailable)
	}
	return nil
}

// keychainError explains a keychain failure, and what works without a keychain.
func keychainError(err error) error {
	if errors.Is(err, store.ErrKeychainUnavailable) {
		return usageErrorf("%s (without a keychain, give the certificate in %s or with --cert-stdin)", plain(err), envCertificate)
	}
	return usageErrorf("%s", plain(err))
}

// writeJSON prints v as indented JSON, without escaping <, > and & (channel names may hold them).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
