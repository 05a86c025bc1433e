package cli

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/store"
)

// leaks reports whether out holds the certificate, or enough of it to matter.
func leaks(out, cert string) bool {
	return strings.Contains(strings.ToLower(out), strings.ToLower(cert[:8]))
}

// commandLines are the ways a certificate can end up on a command line by mistake: as the
// value of every flag of every subcommand, as a positional argument, as a flag name and as a
// subcommand, each alone and after flags that are otherwise right.
func commandLines(cert string) [][]string {
	valid := map[string][]string{
		"build":    {"--app-id", testAppID, "--channel", "room1", "--uid", "1"},
		"decode":   {},
		"batch":    {"--app-id", testAppID, "--channel", "room1", "--count", "2"},
		"cert set": {"--app-id", testAppID},
		"diff":     {"007eJxTYBBOzfPJ"},
	}
	lines := [][]string{{cert}, {"--" + cert}, {"--uid=" + cert}, {"help", cert}, {"-" + cert}}
	for _, f := range append(allFlagSets(), newExplainFlags(&explainOptions{}), newDiffFlags(&diffOptions{})) {
		cmd := strings.Fields(f.cmd)
		if len(cmd) == 2 {
			lines = append(lines, []string{cmd[0], cert})
		}
		for _, base := range [][]string{nil, valid[f.cmd]} {
			with := func(extra ...string) []string {
				return append(append(append([]string{}, cmd...), base...), extra...)
			}
			lines = append(lines, with(cert), with("--"+cert), with("--"+cert+"="+cert))
			f.fs.VisitAll(func(fl *flag.Flag) {
				if fl.Name == "app-id" {
					return // an App ID is 32 hexadecimal characters too, and messages name it
				}
				if _, isBool := fl.Value.(interface{ IsBoolFlag() bool }); isBool {
					lines = append(lines, with("--"+fl.Name+"="+cert))
					return
				}
				lines = append(lines, with("--"+fl.Name, cert), with("--"+fl.Name, cert+" "), with("--"+fl.Name, "x"+cert))
			})
		}
	}
	return lines
}

func TestACertificateInTheWrongPlaceIsNeverEchoed(t *testing.T) {
	const cert = testCertificate
	t.Chdir(t.TempDir()) // for --out
	w := newWorld(t)
	w.env[envCertificate] = envCert
	tried, failed := 0, 0
	for _, args := range commandLines(cert) {
		for _, stdin := range []string{"", cert + "\n", "channel,uid\n" + cert + ",1\n", cert + ",uid\nroom1,1\n"} {
			r := w.exec(stdin, args...)
			tried++
			if r.code == 0 {
				// A 32-hex channel or label is a valid name, and its token is printed; what a
				// command says on the side must still not repeat it.
				if leaks(r.stderr, cert) {
					t.Errorf("tokendesk %s (stdin %.20q) repeated the certificate on standard error:\n%s", strings.Join(args, " "), stdin, r)
				}
				continue
			}
			failed++
			if leaks(r.stdout+r.stderr, cert) {
				t.Errorf("tokendesk %s (stdin %.20q) repeated the certificate:\n%s", strings.Join(args, " "), stdin, r)
			}
		}
	}
	if failed < 200 {
		t.Errorf("only %d of %d command lines failed; the walk no longer reaches the error paths", failed, tried)
	}
}

func TestTheCertificateInTheAppIDOrChannelIsRefusedNotWrittenIntoTheToken(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = envCert
	for _, args := range [][]string{
		{"build", "--app-id", envCert, "--channel", "room1"},
		{"build", "--app-id", testAppID, "--channel", envCert},
		{"build", "--app-id", testAppID, "--service", "rtm", "--user", envCert},
	} {
		r := w.expectFailure(exitUsage, "", args, "cannot be the App Certificate")
		if r.stdout != "" || leaks(r.stderr, envCert) {
			t.Errorf("tokendesk %s printed the certificate or a token:\n%s", strings.Join(args, " "), r)
		}
	}
	r := w.run("channel,uid\n"+envCert+",1\nroom1,2\n", "batch", "--app-id", testAppID)
	if r.code != exitInvalid || strings.Count(r.stdout, "007") != 1 || leaks(r.stdout+r.stderr, envCert) {
		t.Errorf("a batch row with the certificate for its channel was not refused alone:\n%s", r)
	}
}

func TestACertificateAsABatchFileNameIsNotEchoed(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = envCert
	r := w.expectFailure(exitUsage, "", []string{"batch", "--app-id", testAppID, testCertificate}, "cannot be read")
	if leaks(r.stderr, testCertificate) {
		t.Errorf("the error repeats the file name whole:\n%s", r)
	}
	r = w.expectFailure(exitUsage, "", []string{"batch", "--app-id", testAppID, "--channel", "c", "--count", "1", "--out", filepath.Join(w.dir, testCertificate, "x.csv")})
	if leaks(r.stderr, testCertificate) {
		t.Errorf("the --out error repeats the file name whole:\n%s", r)
	}
}

func TestAHugeValueGivesAShortError(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = envCert
	huge := strings.Repeat("x", 131000)
	for _, args := range [][]string{
		{"build", "--app-id", testAppID, "--channel", "c", "--uid", huge},
		{"build", "--app-id", testAppID, "--channel", "c", "--uid", strings.Repeat("9", 131000)},
		{"build", "--app-id", testAppID, "--channel", "c", "--expire", huge},
		{"build", "--app-id", testAppID, "--channel", "c", "--salt", huge},
		{"build", "--app-id", testAppID, "--channel", "c", "--role", huge},
		{"build", "--app-id", huge},
		{"build", "--" + huge},
		{"build", huge},
		{huge},
		{"history", "show", huge},
		{"decode", huge},
	} {
		r := w.exec("", args...)
		if r.code == 0 || len(r.stderr) > 400 || len(r.stdout) > 400 {
			t.Errorf("tokendesk %.60s…: exit %d, %d bytes of stderr:\n%.600s", strings.Join(args, " "), r.code, len(r.stderr), r.stderr)
		}
	}
}

func TestACSVWithAHugeHeaderIsRefusedWithoutEchoingIt(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = envCert
	file := filepath.Join(w.dir, "huge.csv")
	if err := os.WriteFile(file, []byte(strings.Repeat("channel", 3<<20)+"\nroom1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := w.expectFailure(exitUsage, "", []string{"batch", "--app-id", testAppID, file}, "header")
	if len(r.stderr) > 400 {
		t.Errorf("the error is %d bytes long:\n%.600s", len(r.stderr), r.stderr)
	}
}

func TestAnEmptyFlagValueIsAnErrorNotTheDefault(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = envCert
	build := []string{"build", "--app-id", testAppID, "--channel", "room1"}
	for _, name := range []string{"expire", "role", "service", "format", "uid", "salt", "label"} {
		for _, value := range []string{"", " "} {
			w.expectFailure(exitUsage, "", append(build, "--"+name, value), "--"+name+" is empty")
		}
	}
	w.expectFailure(exitUsage, "", []string{"batch", "--app-id", testAppID, "--channel", "c", "--count", "1", "--format="}, "--format is empty")
	w.expectFailure(exitUsage, "", []string{"decode", "--account", "", "007x"}, "--account is empty")
}

func TestLabelsCannotDriveTheTerminal(t *testing.T) {
	const evil = "evil\x1b[31m\x1b]0;pwned\a\u202egnp"
	w := newWorld(t)
	w.env[envCertificate] = envCert
	w.mustRun(envCert+"\n", "cert", "set", "--app-id", testAppID, "--label", evil)
	w.mustRun("", "build", "--app-id", testAppID, "--channel", "room1", "--save", "--label", evil)
	for _, args := range [][]string{{"cert", "list"}, {"history", "list"}, {"history", "show", "1"}} {
		out := w.mustRun("", args...)
		if strings.ContainsAny(out, "\x1b\a\u202e") {
			t.Errorf("tokendesk %s printed a control character:\n%q", strings.Join(args, " "), out)
		}
		if !strings.Contains(out, `evil\x1b[31m\x1b]0;pwned\a\u202egnp`) {
			t.Errorf("tokendesk %s does not show the label escaped:\n%s", strings.Join(args, " "), out)
		}
	}
	for _, args := range [][]string{{"cert", "list", "--json"}, {"history", "list", "--json"}, {"history", "show", "1", "--json"}} {
		out := w.mustRun("", args...)
		if !strings.Contains(out, `evil\u001b[31m\u001b]0;pwned\u0007`) {
			t.Errorf("tokendesk %s does not keep the label exact:\n%s", strings.Join(args, " "), out)
		}
	}
}

func TestStoreProblemsAreSaidInPlainSentences(t *testing.T) {
	t.Chdir(t.TempDir())
	w := newWorld(t)
	w.env[store.DirEnv] = " "
	w.expectFailure(exitUsage, "", []string{"history", "list"}, "TOKENDESK_DIR is set but blank")
	if _, err := os.Stat(" "); err == nil {
		t.Error(`TOKENDESK_DIR=" " created a folder named " "`)
	}
	file := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	w.env[store.DirEnv] = " " + file + " "
	r := w.expectFailure(exitUsage, "", []string{"history", "list"}, file+" is a file, where TokenDesk needs a folder")
	if regexp.MustCompile(`\(\d+\)`).MatchString(r.stderr) {
		t.Errorf("SQLite's words reach the user:\n%s", r.stderr)
	}
}
