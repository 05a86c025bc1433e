package cli

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/tokendesk/tokendesk/token"
)

// fixedBuild is a build whose token depends only on the certificate.
var fixedBuild = []string{"build", "--app-id", testAppID, "--channel", "c", "--uid", "1", "--issued-at", "1700000000", "--salt", "1"}

// tokenFor is the token fixedBuild prints with cert.
func tokenFor(t *testing.T, cert string) string {
	t.Helper()
	s := token.Spec{Format: token.Version007, Kind: token.KindRTC, AppID: testAppID, Channel: "c", UID: 1, Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: 1}
	text, err := s.Build(cert)
	if err != nil {
		t.Fatal(err)
	}
	return text + "\n"
}

func TestTheCertificateComesFromTheEnvironmentThenStdinThenTheKeychain(t *testing.T) {
	w := newWorld(t)
	if err := (mockKeychain{}).Set(testAppID, keychainCert); err != nil {
		t.Fatal(err)
	}
	w.env[envCertificate] = envCert
	r := w.run(stdinCert+"\n", append(fixedBuild, "--cert-stdin")...)
	if r.stdout != tokenFor(t, envCert) || !strings.Contains(r.stderr, "--cert-stdin is ignored") {
		t.Errorf("with all three, the environment should win:\n%s", r)
	}
	delete(w.env, envCertificate)
	if out := w.mustRun(stdinCert+"\nrest\n", append(fixedBuild, "--cert-stdin")...); out != tokenFor(t, stdinCert) {
		t.Errorf("without the environment, --cert-stdin should win: %s", out)
	}
	if out := w.mustRun(stdinCert+"\n", fixedBuild...); out != tokenFor(t, keychainCert) {
		t.Errorf("without --cert-stdin, the keychain should be used and stdin ignored: %s", out)
	}
}

func TestNoCertificateAnywhereNamesAllThreeSources(t *testing.T) {
	w := newWorld(t)
	w.expectFailure(exitUsage, "", fixedBuild, "no App Certificate for App ID "+testAppID, "AGORA_APP_CERTIFICATE", "--cert-stdin",
		"tokendesk cert set --app-id "+testAppID)
	v := findVector(t, "v007.json", "rtc_uid_join")
	w.expectFailure(exitUsage, "", []string{"decode", "--verify", v.Token}, "AGORA_APP_CERTIFICATE", "--cert-stdin", "cert set")
}

func TestACertificateThatIsNotOneIsRefusedWithoutRepeatingIt(t *testing.T) {
	const notACert = "this-is-my-secret-certificate!!!"
	w := newWorld(t)
	w.env[envCertificate] = notACert
	r := w.expectFailure(exitUsage, "", fixedBuild, "AGORA_APP_CERTIFICATE: an App Certificate is 32 hexadecimal characters")
	delete(w.env, envCertificate)
	r2 := w.expectFailure(exitUsage, notACert+"\n", append(fixedBuild, "--cert-stdin"), "--cert-stdin: the first line of standard input is not an App Certificate")
	r3 := w.expectFailure(exitUsage, "", append(fixedBuild, "--cert-stdin"), "standard input is empty")
	for _, r := range []result{r, r2, r3} {
		if strings.Contains(r.stdout+r.stderr, notACert) {
			t.Errorf("the certificate was repeated:\n%s", r)
		}
	}
}

func TestAnUnavailableKeychainIsExplained(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID, "--label", "QA")
	keyring.MockInitWithError(errors.New("the Secret Service is not running"))
	defer keyring.MockInit()
	r := w.expectFailure(exitUsage, "", []string{"cert", "list"}, "the Secret Service is not running", "AGORA_APP_CERTIFICATE or with --cert-stdin")
	if !strings.Contains(r.stdout, testAppID+"  QA     unknown") {
		t.Errorf("cert list:\n%s", r.stdout)
	}
	w.expectFailure(exitUsage, "", fixedBuild, "the keychain could not be read", "the Secret Service is not running", "AGORA_APP_CERTIFICATE")
	w.expectFailure(exitUsage, testCertificate+"\n", []string{"cert", "set", "--app-id", testAppID}, "the Secret Service is not running")
	w.expectFailure(exitUsage, "", []string{"cert", "delete", "--app-id", testAppID}, "the Secret Service is not running")
	w.env[envCertificate] = testCertificate
	w.mustRun("", fixedBuild...) // the environment needs no keychain
}

func TestCertSetSavesTheCertificateFromStdinOrTheNoEchoPrompt(t *testing.T) {
	w := newWorld(t)
	out := w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID)
	if !strings.Contains(out, "Saved the App Certificate for "+testAppID) {
		t.Errorf("%s", out)
	}
	if got, _ := (mockKeychain{}).Get(testAppID); got != testCertificate {
		t.Errorf("the keychain holds %q", got)
	}
	if out := w.mustRun("", fixedBuild...); out != tokenFor(t, testCertificate) {
		t.Errorf("build does not use the saved certificate: %s", out)
	}

	w.stdinTTY = true
	w.password = otherCertificate
	r := w.run("", "cert", "set", "--app-id", testAppID)
	if r.code != 0 || !strings.Contains(r.stderr, "(not shown as you type)") {
		t.Fatal(r)
	}
	if got, _ := (mockKeychain{}).Get(testAppID); got != otherCertificate {
		t.Errorf("the prompt's certificate was not saved")
	}
}

func TestCertSetRefusesWhatIsNotACertificate(t *testing.T) {
	w := newWorld(t)
	w.expectFailure(exitUsage, "abc\n", []string{"cert", "set", "--app-id", testAppID}, "an App Certificate is 32 hexadecimal characters, this one has 3")
	w.expectFailure(exitUsage, "", []string{"cert", "set", "--app-id", testAppID}, "standard input is empty")
	w.expectFailure(exitUsage, "", []string{"cert", "set", "--app-id", testAppID, testCertificate[:5]}, "never goes on the command line")
	w.expectFailure(exitUsage, testCertificate+"\n", []string{"cert", "set"}, "--app-id is required")
	if _, err := (mockKeychain{}).Get(testAppID); err == nil {
		t.Error("something was saved")
	}
}

func TestCertSetWithALabelNamesTheProjectAndCertListShowsIt(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID, "--label", "QA staging")
	const other = "0123456789abcdef0123456789abcdef"
	w.mustRun(otherCertificate+"\n", "cert", "set", "--app-id", other, "--label", "Demo")
	w.mustRun("", "cert", "delete", "--app-id", other)

	out := w.mustRun("", "cert", "list")
	for _, line := range []string{"APP ID", testAppID + "  QA staging  saved", other + "  Demo        not saved"} {
		if !strings.Contains(out, line) {
			t.Errorf("cert list does not show %q:\n%s", line, out)
		}
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(w.mustRun("", "cert", "list", "--json")), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("%v %v", rows, err)
	}
	if rows[1]["app_id"] != testAppID || rows[1]["label"] != "QA staging" || rows[1]["certificate"] != "saved" {
		t.Errorf("%v", rows)
	}
}

func TestCertListWithoutProjectsSaysHowToAddOne(t *testing.T) {
	w := newWorld(t)
	if out := w.mustRun("", "cert", "list"); !strings.Contains(out, "No projects yet") {
		t.Errorf("%s", out)
	}
	if out := w.mustRun("", "cert", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("%s", out)
	}
}

func TestCertDeleteRemovesTheCertificateAndSaysWhenThereIsNone(t *testing.T) {
	w := newWorld(t)
	w.mustRun(testCertificate+"\n", "cert", "set", "--app-id", testAppID)
	if out := w.mustRun("", "cert", "delete", "--app-id", testAppID); !strings.Contains(out, "Deleted") {
		t.Errorf("%s", out)
	}
	w.expectFailure(exitUsage, "", []string{"cert", "delete", "--app-id", testAppID}, "holds no App Certificate for "+testAppID)
	w.expectFailure(exitUsage, "", fixedBuild, "no App Certificate")
}

func TestCertStdinOnATerminalAsksWithoutEcho(t *testing.T) {
	w := newWorld(t)
	w.stdinTTY = true
	w.password = stdinCert
	r := w.run("", append(fixedBuild, "--cert-stdin")...)
	if r.code != 0 || r.stdout != tokenFor(t, stdinCert) || !strings.Contains(r.stderr, "not shown as you type") {
		t.Error(r)
	}
}
