package cli

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzBatchCSV feeds batch any CSV: it must never panic, always exit 0, 1 or 2, write only
// well-formed CSV rows a spreadsheet cannot run, keep every message on standard error short,
// and never print the certificate.
func FuzzBatchCSV(f *testing.F) {
	for _, seed := range []string{
		"channel,uid\nroom1,1\n",
		"channel,uid,account,user,role,expire\nroom 2,,alice,,subscriber,600\n\"room,3\",3,,,,\n",
		"channel\n=cmd|calc!A0\n@SUM(1)\n+1+2\n-1+2\n",
		"channel,uid\nroom1\nroom2,2,extra\n",
		"\ufeffChannel , UID\nr,\"1\"\n",
		"channel,uid\n\"unterminated,1\n",
		"channel,nope\nx,y\n",
		"",
		"channel,account\r\nroom,a\x1b[31mb\r\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		var stdout, stderr bytes.Buffer
		a := &app{
			env:      envMap{envCertificate: testCertificate}.get,
			now:      func() time.Time { return testNow },
			stdin:    strings.NewReader(input),
			stdout:   &stdout,
			stderr:   &stderr,
			storeDir: func() (string, error) { return t.TempDir(), nil },
			secrets:  mockKeychain{},
			workers:  2,
		}
		code := a.run([]string{"batch", "--app-id", testAppID, "--channel", "fallback", "--user", "u"})
		if code != exitOK && code != exitInvalid && code != exitUsage {
			t.Fatalf("exit %d", code)
		}
		out := stdout.String() + stderr.String()
		if strings.Contains(strings.ToLower(out), strings.ToLower(testCertificate)) {
			t.Fatalf("the certificate was printed:\n%s", out)
		}
		for _, line := range strings.Split(stderr.String(), "\n") {
			if utf8.RuneCountInString(line) > 400 {
				t.Fatalf("a message of %d characters: %.500s", len(line), line)
			}
		}
		if stdout.Len() == 0 {
			return
		}
		records, err := csv.NewReader(&stdout).ReadAll()
		if err != nil {
			t.Fatalf("the output is not CSV: %v", err)
		}
		for _, record := range records {
			if len(record) != 9 {
				t.Fatalf("a row of %d cells: %q", len(record), record)
			}
			for _, cell := range record {
				if cell != "" && strings.IndexByte(formulaStarts, cell[0]) >= 0 {
					t.Fatalf("the cell %q would run as a formula", cell)
				}
			}
		}
	})
}

type envMap map[string]string

func (m envMap) get(k string) string { return m[k] }
