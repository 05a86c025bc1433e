package cli

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/token"
)

// readBatchOutput parses batch's CSV and checks its header.
func readBatchOutput(t *testing.T, out string) [][]string {
	t.Helper()
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if strings.Join(records[0], ",")+"\n" != batchHeader {
		t.Fatalf("header %v", records[0])
	}
	return records[1:]
}

func atoi(t *testing.T, s string) uint32 {
	t.Helper()
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		t.Fatal(err)
	}
	return uint32(v)
}

func TestBatchCountBuildsOneTokenPerUIDInOrder(t *testing.T) {
	const n = 2*chunkRows + 77 // several chunks, the last one short
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	out := w.mustRun("", "batch", "--app-id", testAppID, "--channel", "load", "--count", strconv.Itoa(n), "--uid-start", "10",
		"--issued-at", "1700000000", "--expire", "2h")
	rows := readBatchOutput(t, out)
	if len(rows) != n {
		t.Fatalf("%d rows", len(rows))
	}
	salts := map[string]bool{}
	for i, row := range rows {
		if row[0] != strconv.Itoa(i+1) || row[1] != "load" || row[2] != strconv.Itoa(10+i) || row[3] != "" ||
			row[4] != "publisher" || row[5] != "7200" || row[6] != "1700000000" {
			t.Fatalf("row %d: %v", i+1, row)
		}
		salts[row[7]] = true
		spec := token.Spec{Format: token.Version007, Kind: token.KindRTC, AppID: testAppID, Channel: "load", UID: uint32(10 + i),
			Role: token.RolePublisher, Expire: 7200, PrivilegeExpire: 7200, IssuedAt: 1700000000, Salt: atoi(t, row[7])}
		want, err := spec.Build(testCertificate)
		if err != nil || row[8] != want {
			t.Fatalf("row %d: token %s, Spec.Build gives %s (%v)", i+1, row[8], want, err)
		}
	}
	if len(salts) < n-5 {
		t.Errorf("only %d different salts in %d tokens", len(salts), n)
	}
}

func TestBatchCountOf006AndOtherServicesBuildsWhatSpecBuildDoes(t *testing.T) {
	for _, flags := range [][]string{
		{"--format", "006", "--channel", "c"},
		{"--service", "rtm", "--user", "bot"},
		{"--service", "rtc+rtm", "--channel", "c", "--user", "bot", "--role", "subscriber"},
	} {
		w := newWorld(t)
		w.env[envCertificate] = testCertificate
		out := w.mustRun("", append([]string{"batch", "--app-id", testAppID, "--count", "3", "--issued-at", "1700000000"}, flags...)...)
		for _, row := range readBatchOutput(t, out) {
			p, err := token.Parse(row[8])
			if err != nil {
				t.Fatalf("%v: %v", flags, err)
			}
			spec := token.Spec{AppID: testAppID, Kind: token.KindRTC, Format: token.Version007, Role: token.RolePublisher,
				Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: atoi(t, row[7]), UID: atoi(t, row[2])}
			switch flags[1] {
			case "006":
				spec.Format, spec.Channel = token.Version006, "c"
			case "rtm":
				spec.Kind, spec.UserID = token.KindRTM, "bot"
			default:
				spec.Kind, spec.Channel, spec.UserID, spec.Role = token.KindRTCRTM, "c", "bot", token.RoleSubscriber
			}
			want, _ := spec.Build(testCertificate)
			if row[8] != want || p.AppID() != testAppID {
				t.Errorf("%v: %v, want %s", flags, row, want)
			}
		}
	}
}

func TestBatchCSVBuildsEveryGoodRowAndReportsBadOnesByLine(t *testing.T) {
	const input = "channel,uid,account,role,expire\n" +
		"room1,1,,publisher,1h\n" +
		"room 2,,alice,subscriber,600\n" +
		"bad/channel,3,,,\n" +
		"\n" +
		"room4,x,,,\n" +
		"\"room,5\",5,,,\n" +
		",6,,,\n" +
		"room7,7,bob,,\n" +
		"room8,8,,boss,\n" +
		"room9,9,,,forever\n" +
		"room10,,,,\n"
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	r := w.expectFailure(exitInvalid, input, []string{"batch", "--app-id", testAppID, "--issued-at", "1700000000"},
		"line 4: channel: a channel name may use",
		"line 6: uid: a uid is a whole number",
		"line 8: no channel: fill the channel column or give --channel",
		"line 9: uid and account are alternatives",
		`line 10: role: "boss" is not a role`,
		`line 11: expire: "forever" is neither seconds (3600) nor a duration`,
		"6 of 10 rows failed")
	rows := readBatchOutput(t, r.stdout)
	want := [][]string{
		{"2", "room1", "1", "", "publisher", "3600"},
		{"3", "room 2", "", "alice", "subscriber", "600"},
		{"7", "room,5", "5", "", "publisher", "3600"},
		{"12", "room10", "0", "", "publisher", "3600"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows:\n%s", len(rows), r.stdout)
	}
	for i, row := range rows {
		if strings.Join(row[:6], "|") != strings.Join(want[i], "|") || row[6] != "1700000000" {
			t.Errorf("row %v, want %v", row, want[i])
		}
		p, err := token.Parse(row[8])
		if err != nil || p.V007.Services[0].Channel != row[1] || p.V007.Salt != atoi(t, row[7]) {
			t.Errorf("row %v: %v", row, err)
		}
	}
}

func TestBatchCSVColumnsFallBackToTheFlags(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	out := w.mustRun("ACCOUNT , Channel\ncarol,\ndave,other\n", "batch", "--app-id", testAppID, "--channel", "main", "--role", "subscriber", "--expire", "5m")
	rows := readBatchOutput(t, out)
	if len(rows) != 2 || rows[0][1] != "main" || rows[0][3] != "carol" || rows[1][1] != "other" || rows[0][4] != "subscriber" || rows[0][5] != "300" {
		t.Errorf("%v", rows)
	}
}

func TestBatchRefusesABadHeaderBeforeBuildingAnything(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	args := []string{"batch", "--app-id", testAppID}
	w.expectFailure(exitUsage, "chanel,uid\nroom,1\n", args, `the CSV column "chanel" is not one batch reads; did you mean channel?`)
	w.expectFailure(exitUsage, "room1,1\n", args, `the CSV column "room1" is not one batch reads`, "is the header line missing?")
	w.expectFailure(exitUsage, "", args, "the CSV is empty")
	w.expectFailure(exitUsage, "uid,uid\n1,2\n", args, `names the column "uid" twice`)
	w.expectFailure(exitUsage, "", append(args, "/nonexistent/users.csv"), `the CSV "/nonexistent/users.csv" cannot be read: there is no such file`)
}

func TestBatchRefusesBadFlagsWithExit2(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	base := []string{"batch", "--app-id", testAppID}
	w.expectFailure(exitUsage, "", append(base, "--count", "3"), "an rtc token needs --channel NAME")
	w.expectFailure(exitUsage, "", append(base, "--count", "0", "--channel", "c"), `--count "0" is not a number of tokens`)
	w.expectFailure(exitUsage, "", append(base, "--count", "3", "--channel", "c", "--uid-start", "4294967294"), "runs past 4294967295")
	w.expectFailure(exitUsage, "", append(base, "--count", "3", "--channel", "bad/channel"), "--channel: a channel name may use")
	w.expectFailure(exitUsage, "", append(base, "--count", "3", "--channel", "c", "file.csv"), "not both")
	w.expectFailure(exitUsage, "", append(base, "--uid-start", "3"), "--uid-start goes with --count")
	w.expectFailure(exitUsage, "", append(base, "--uid", "3"), "--uid is a flag of build and decode, not of batch")
	delete(w.env, envCertificate)
	w.expectFailure(exitUsage, "", append(base, "--count", "3", "--channel", "c"), "no App Certificate")
}

func TestBatchSaysOneTokenAndPointsAJSONLinesFormatAtOutputFormat(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	path := filepath.Join(t.TempDir(), "one.csv")
	r := w.run("", "batch", "--app-id", testAppID, "--channel", "c", "--count", "1", "--out", path)
	if r.code != 0 || !strings.Contains(r.stderr, "wrote 1 token to ") {
		t.Errorf("one token written: %s", r)
	}
	w.expectFailure(exitUsage, "channel\nroom\n", []string{"batch", "--app-id", testAppID, "--format", "jsonl"}, "--output-format")
}

func TestBatchCountsTheTokensItWroteBesideTheFailedRowsInWords(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	args := []string{"batch", "--app-id", testAppID, "-"}
	w.expectFailure(exitInvalid, "channel,uid\nroom,1\nroom,abc\n", args, "1 of 2 rows failed (listed above); the other token was written")
	w.expectFailure(exitInvalid, "channel,uid\nroom,x\nroom,abc\n", args, "2 of 2 rows failed (listed above); no token was written")
	w.expectFailure(exitInvalid, "channel,uid\nroom,1\nroom,2\nroom,abc\n", args, "the other 2 tokens were written")
}

func TestAFlagOfOtherSubcommandsNamesThemAsASentenceLists(t *testing.T) {
	w := newWorld(t)
	r := w.expectFailure(exitUsage, "", []string{"cert", "set", "--app-id", testAppID, "--cert-stdin"}, "--cert-stdin is a flag of build, decode, ")
	if strings.Count(r.stderr, " and ") != 1 {
		t.Errorf("the subcommands are listed with more than one 'and': %s", r.stderr)
	}
}

func TestBatchReadsTheCertificateThenTheCSVFromStdin(t *testing.T) {
	w := newWorld(t)
	out := w.mustRun(testCertificate+"\nchannel,uid\nroom,1\n", "batch", "--app-id", testAppID, "--cert-stdin")
	if rows := readBatchOutput(t, out); len(rows) != 1 || rows[0][2] != "1" {
		t.Errorf("%v", rows)
	}
}

// modesDecideAccess reports whether file modes say who may read a file here. Windows keeps a
// file private with its folder's access list instead, and shows every file as 0666 or 0444.
const modesDecideAccess = runtime.GOOS != "windows"

func TestBatchOutWritesAPrivateFile(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	path := filepath.Join(t.TempDir(), "tokens.csv")
	r := w.run("", "batch", "--app-id", testAppID, "--channel", "c", "--count", "5", "--out", path)
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "wrote 5 tokens to "+path) {
		t.Fatal(r)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if rows := readBatchOutput(t, string(b)); len(rows) != 5 {
		t.Errorf("%d rows", len(rows))
	}
	if info, _ := os.Stat(path); modesDecideAccess && info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode())
	}
}

// failingWriter fails after a few bytes, as a closed pipe does.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.n += len(p); f.n > 1<<20 {
		return 0, io.ErrClosedPipe
	}
	return len(p), nil
}

func TestBatchStopsWhenTheOutputFails(t *testing.T) {
	a := &app{stderr: io.Discard, workers: 2}
	job := &batchJob{cert: testCertificate, uidStart: 1}
	job.base = token.Spec{Format: token.Version007, Kind: token.KindRTC, AppID: testAppID, Channel: "c", Role: token.RolePublisher,
		Expire: 60, PrivilegeExpire: 60, IssuedAt: 1700000000}
	_, _, err := a.runBatch(job, &failingWriter{}, 100000, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "writing the output") {
		t.Errorf("%v", err)
	}
}

func TestAppendCSVFieldQuotesOnlyWhenItMust(t *testing.T) {
	for in, want := range map[string]string{"room": "room", "": "", "a,b": `"a,b"`, ` lead`: `" lead"`, `say "hi"`: `"say ""hi"""`, "a b": "a b"} {
		if got := string(appendCSVField(nil, in)); got != want {
			t.Errorf("appendCSVField(%q) = %s, want %s", in, got, want)
		}
	}
}

func BenchmarkBatchCount(b *testing.B) {
	a := &app{stderr: io.Discard, workers: 2}
	job := &batchJob{cert: testCertificate, uidStart: 1}
	job.base = token.Spec{Format: token.Version007, Kind: token.KindRTC, AppID: testAppID, Channel: "load", Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := a.runBatch(job, io.Discard, 10000, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBatchCSVIsSafeToOpenInASpreadsheet(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	const input = "channel,account\n" +
		"=cmd|calc!A0,a\n" +
		"@SUM(1),b\n" +
		"+1+2,c\n" +
		"-1+2,d\n" +
		"=HYPERLINK(1),e\n" +
		"room,@SUM(1)\n" +
		"room,=1+2\n"
	r := w.run(input, "batch", "--app-id", testAppID)
	if r.code != 0 {
		t.Fatal(r)
	}
	for _, row := range readBatchOutput(t, r.stdout) {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune(formulaStarts, rune(cell[0])) {
				t.Errorf("line %s: the cell %q would run as a formula:\n%s", row[0], cell, r.stdout)
			}
		}
	}
	if !strings.Contains(r.stdout, `"'=cmd|calc!A0"`) || !strings.Contains(r.stdout, `"'@SUM(1)"`) {
		t.Errorf("a formula is not kept as text with a leading ':\n%s", r.stdout)
	}
	help := w.mustRun("", "batch", "--help")
	if !strings.Contains(help, "leading\n' (so the channel -1+2 reads '-1+2)") && !strings.Contains(help, "' (so the channel -1+2 reads '-1+2)") {
		t.Errorf("--help does not say how formulas are neutralised:\n%s", help)
	}
}

func TestBatchJSONLinesGiveTheExactValues(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	out := w.mustRun("channel,uid,account\n=1+2,7,\n-room,,@bob\n", "batch", "--app-id", testAppID, "--issued-at", "1700000000",
		"--output-format", "jsonl")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one JSON object per row:\n%s", out)
	}
	var first, second jsonRow
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if first.Line != 2 || first.Channel != "=1+2" || first.UID == nil || *first.UID != 7 || first.IssuedAt != 1700000000 {
		t.Errorf("first row %+v", first)
	}
	if second.Line != 3 || second.Channel != "-room" || second.Account != "@bob" || second.UID != nil {
		t.Errorf("second row %+v", second)
	}
	p, err := token.Parse(first.Token)
	if err != nil || p.V007.Salt != first.Salt {
		t.Errorf("the token does not carry the row's salt: %v", err)
	}
	w.expectFailure(exitUsage, "", []string{"batch", "--app-id", testAppID, "--output-format", "xml"}, "--output-format \"xml\" is not an output format")
}

func TestARaggedBatchRowIsAnErrorWithItsLineNumber(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	r := w.expectFailure(exitInvalid, "channel,uid\nroom1\nroom2,2\nroom3,3,extra\n", []string{"batch", "--app-id", testAppID},
		"line 2: the row has 1 cell, the header 2", "line 4: the row has 3 cells, the header 2", "2 of 3 rows failed")
	if rows := readBatchOutput(t, r.stdout); len(rows) != 1 || rows[0][0] != "3" {
		t.Errorf("only line 3 should be built: %v", rows)
	}
	out := w.mustRun("channel,uid\nroom1,1\n   \nroom2,2\n", "batch", "--app-id", testAppID)
	if rows := readBatchOutput(t, out); len(rows) != 2 {
		t.Errorf("a line of spaces is not a row: %v", rows)
	}
	out = w.mustRun("channel\nroom1\n   \nroom2\n", "batch", "--app-id", testAppID)
	if rows := readBatchOutput(t, out); len(rows) != 2 {
		t.Errorf("a line of spaces in a CSV of one column is not a row: %v", rows)
	}
}

func TestBatchOutNeverReplacesAFileUnlessForced(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	path := filepath.Join(t.TempDir(), "tokens.csv")
	if err := os.WriteFile(path, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"batch", "--app-id", testAppID, "--channel", "c", "--count", "3", "--out", path}
	w.expectFailure(exitUsage, "", args, "already exists; give --force to replace it")
	if b, _ := os.ReadFile(path); string(b) != "keep me\n" {
		t.Fatalf("the file was changed: %q", b)
	}
	w.mustRun("", append(args, "--force")...)
	b, _ := os.ReadFile(path)
	if rows := readBatchOutput(t, string(b)); len(rows) != 3 {
		t.Errorf("%d rows", len(rows))
	}
	if info, _ := os.Stat(path); modesDecideAccess && info.Mode().Perm() != 0o600 {
		t.Errorf("the replaced file has mode %v, want 0600", info.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".tokendesk-*")); len(left) != 0 {
		t.Errorf("temporary files were left behind: %v", left)
	}
	w.expectFailure(exitUsage, "", []string{"batch", "--app-id", testAppID, "--channel", "c", "--count", "3", "--force"}, "--force goes with --out")
	w.expectFailure(exitUsage, "", []string{"batch", "--app-id", testAppID, "--channel", "c", "--count", "3", "--out", ""}, "--out is empty")
}

func TestAFailedBatchLeavesNoOutFile(t *testing.T) {
	w := newWorld(t)
	w.env[envCertificate] = testCertificate
	dir := t.TempDir()
	path := filepath.Join(dir, "tokens.csv")
	w.expectFailure(exitUsage, "nope,uid\nroom,1\n", []string{"batch", "--app-id", testAppID, "--out", path}, "not one batch reads")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed batch left %v", entries)
	}
}
