package cli

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tokendesk/tokendesk/token"
)

type batchOptions struct {
	specOptions
	count    string
	uidStart string
	out      string
	output   string
	force    bool
}

// batchColumns are the columns a batch CSV may have, in any order.
var batchColumns = []string{"channel", "uid", "account", "user", "role", "expire"}

// batchHeader is the first line of the output.
const batchHeader = "line,channel,uid,account,role,expire,issued_at,salt,token\n"

// maxBatchLine is the longest line a batch CSV may have. A row holds a channel name (at most
// 64 bytes), an account (255) and a few short values; a longer line is not a batch CSV, and
// refusing it early keeps a huge file from being read into memory.
const maxBatchLine = 64 << 10

// Tuning of the batch pipeline: rows are built in chunks by one worker each, and at most
// chunksInFlight chunks per worker wait to be written, which bounds memory.
const (
	chunkRows        = 1024
	chunksInFlight   = 4
	maxErrorsShown   = 100
	progressInterval = 200 * time.Millisecond
)

func newBatchFlags(o *batchOptions) *flagSet {
	f := newFlagSet("batch", "tokendesk batch --app-id ID [flags] [FILE.csv | -]\n       tokendesk batch --app-id ID --channel NAME --count N [--uid-start U] [flags]",
		`Builds many tokens in one run and writes them as CSV, on standard output or to --out.

Input is a CSV file (FILE, or standard input when FILE is absent or "-") whose first line names
its columns, in any order:

  channel,uid,account,user,role,expire

Every column is optional; an empty cell, or a missing column, takes the value of the flag of the
same name (--channel, --user, --role, --expire). uid and account are alternatives in a row (neither
means uid 0). Each row needs what its service needs: a channel for rtc, a user for rtm, and so on.
Or, instead of a CSV, --count N builds N tokens for --channel with uids --uid-start,
--uid-start+1, and so on.

Every token gets its own random salt; all share one issue time (--issued-at, or now).
Output columns:

  line,channel,uid,account,role,expire,issued_at,salt,token

line is the row's line number in the input CSV (the row number with --count). The certificate
is never written. A row that cannot be built, or that has more or fewer cells than the header,
is reported on standard error with its line number, and the other rows are still built.

The output is safe to open in a spreadsheet: a cell that starts with =, +, -, @, a tab or a
carriage return, which Excel or LibreOffice would run as a formula, is written with a leading
' (so the channel -1+2 reads '-1+2). For the exact values, use --output-format jsonl: one JSON
object per line, with the same fields.

--out writes a new file readable only by you (mode 0600), complete or not at all, and refuses to
replace an existing file unless --force is given.

Exit status: 0 every row built; 1 some rows failed (the rest are in the output); 2 bad flags,
an unreadable CSV header, or no certificate.`,
		`  tokendesk batch --app-id 970CA35de60c44645bbae8a215061b33 --channel load --count 100000 --uid-start 1000 > tokens.csv
  tokendesk batch --app-id 970CA35de60c44645bbae8a215061b33 --expire 2h users.csv --out tokens.csv
  printf 'channel,account,role\nroom1,alice,publisher\nroom1,bob,subscriber\n' | tokendesk batch --app-id 970CA35de60c44645bbae8a215061b33
  tokendesk batch --app-id 970CA35de60c44645bbae8a215061b33 --service rtm --count 10 --user qa-bot`)
	defineSpecFlags(f, &o.specOptions, true)
	f.str(&o.count, "count", "N", "build N tokens instead of reading a CSV (with --channel)")
	f.str(&o.uidStart, "uid-start", "U", "with --count: the first uid; the others follow it (default 1)")
	f.str(&o.out, "out", "FILE", "write the output to a new FILE (mode 0600) instead of standard output")
	f.boolean(&o.force, "force", "with --out: replace FILE if it exists")
	f.str(&o.output, "output-format", "F", "csv (spreadsheet-safe) or jsonl (exact values, one JSON object per line) (default csv)")
	return f
}

// batchRow is one row of the input CSV. Empty cells are left to the flags.
type batchRow struct {
	line                        int
	channel, uid, account, user string
	role, expire                string
	parseErr                    error
}

// batchChunk is a run of consecutive rows, built by one worker and written in order.
type batchChunk struct {
	first int // line number of the first row, with --count
	n     int
	rows  []batchRow // nil with --count
	salts []byte
	out   []byte
	errs  []string
	done  chan struct{}
}

// batchJob is what every row of one run shares.
type batchJob struct {
	base       token.Spec
	cert       string
	fromCSV    bool
	jsonl      bool
	uidStart   uint32
	privExpire bool // --privilege-expire was given, so a row's expire does not change it
}

func (a *app) batch(args []string) error {
	o := &batchOptions{}
	f := newBatchFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	job := &batchJob{privExpire: f.isSet("privilege-expire")}
	switch {
	case !f.isSet("output-format") || o.output == "csv":
	case o.output == "jsonl":
		job.jsonl = true
	default:
		return usageErrorf("--output-format %s is not an output format; use csv or jsonl", token.Excerpt(o.output))
	}
	if o.force && o.out == "" {
		return usageErrorf("--force goes with --out FILE: it allows replacing FILE")
	}
	if o.out != "" && !o.force {
		if _, err := os.Lstat(o.out); err == nil {
			return usageErrorf("--out %s already exists; give --force to replace it", token.Excerpt(o.out))
		}
	}
	count := 0
	if f.isSet("count") {
		count, err = strconv.Atoi(strings.TrimSpace(o.count))
		if err != nil || count < 1 {
			return usageErrorf("--count %s is not a number of tokens: give a whole number, 1 or more", token.Excerpt(o.count))
		}
		if len(rest) > 0 {
			return usageErrorf("give a CSV file or --count, not both")
		}
		job.uidStart = 1
		if f.isSet("uid-start") {
			if job.uidStart, err = parseUint32("--uid-start", "a uid", o.uidStart); err != nil {
				return err
			}
		}
		if uint64(job.uidStart)+uint64(count)-1 > 0xFFFFFFFF {
			return usageErrorf("--uid-start %d with --count %d runs past 4294967295, the largest uid", job.uidStart, count)
		}
	} else {
		if f.isSet("uid-start") {
			return usageErrorf("--uid-start goes with --count; a CSV gives each row's uid in its uid column")
		}
		if len(rest) > 1 {
			return usageErrorf("batch reads one CSV file, but got %d %s", len(rest), plural(len(rest), "argument", "arguments"))
		}
		job.fromCSV = true
	}

	spec, warnings, err := a.batchSpec(f, o, job.fromCSV)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintf(a.stderr, "tokendesk batch: warning: %s\n", w)
	}
	if err := spec.Stamp(a.now()); err != nil {
		return usageErrorf("%s", plain(err))
	}
	if err := applyStamp(f, &o.specOptions, &spec); err != nil {
		return err
	}
	if !job.fromCSV {
		spec.UID = job.uidStart
		if err := spec.Validate(); err != nil {
			return specError(err)
		}
	}
	job.base = spec

	var input io.Reader
	if job.fromCSV {
		if len(rest) == 1 && rest[0] != "-" {
			file, err := os.Open(rest[0])
			if err != nil {
				return usageErrorf("the CSV %s cannot be read: %s", token.Excerpt(rest[0]), fileProblem(err))
			}
			defer file.Close()
			input = file
		} else if a.stdinTTY {
			return usageErrorf("give a CSV file, pipe one in, or use --count N (see tokendesk batch --help)")
		}
	}
	if job.cert, err = a.certificate(spec.AppID, o.certStdin); err != nil {
		return err
	}
	if job.fromCSV && input == nil {
		input = a.input()
	}
	var csvIn *csv.Reader
	var columns map[string]int
	if job.fromCSV {
		csvIn = newBatchReader(input)
		if columns, err = readBatchHeader(csvIn); err != nil {
			return err
		}
	}

	out := a.stdout
	var file *outFile
	if o.out != "" {
		if file, err = createOutFile(o.out); err != nil {
			return err
		}
		defer file.discard()
		out = file
	}

	built, failed, err := a.runBatch(job, out, count, csvIn, columns)
	if err != nil {
		return err
	}
	if file != nil {
		if err := file.commit(o.force); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "tokendesk batch: wrote %d %s to %s\n", built, plural(built, "token", "tokens"), shownPath(o.out))
	}
	if failed > 0 {
		return &exitError{code: exitInvalid, msg: fmt.Sprintf("%d of %d rows failed (listed above); %s", failed, built+failed, written(built))}
	}
	return nil
}

// written says how many of the rows' tokens were written besides the failed ones.
func written(built int) string {
	switch built {
	case 0:
		return "no token was written"
	case 1:
		return "the other token was written"
	}
	return fmt.Sprintf("the other %d tokens were written", built)
}

// batchSpec reads the flags into the spec every row starts from. With a CSV, a row may still
// supply the channel or user, so only what flags gave is checked here.
func (a *app) batchSpec(f *flagSet, o *batchOptions, fromCSV bool) (token.Spec, []string, error) {
	spec, warnings, err := a.specFromFlags(f, &o.specOptions, !fromCSV)
	if err != nil {
		return spec, nil, err
	}
	if spec.Channel != "" {
		if err := token.ValidateChannel(spec.Channel); err != nil {
			return spec, nil, usageErrorf("--channel: %s", plain(err))
		}
	}
	if spec.UserID != "" {
		if err := token.ValidateAccount(spec.UserID); err != nil {
			return spec, nil, usageErrorf("--user: %s", plain(err))
		}
	}
	return spec, warnings, nil
}

// newBatchReader reads a batch CSV as RFC 4180 says, with every row as long as the header and
// no line longer than maxBatchLine.
func newBatchReader(input io.Reader) *csv.Reader {
	r := csv.NewReader(&lineLimiter{r: input, limit: maxBatchLine})
	r.FieldsPerRecord = 0
	r.ReuseRecord = true
	return r
}

// lineTooLongError ends the reading of a CSV at a line longer than maxBatchLine.
type lineTooLongError struct{ line int }

func (e *lineTooLongError) Error() string {
	return fmt.Sprintf("line %d is longer than %d bytes, which no batch CSV needs", e.line, maxBatchLine)
}

// lineLimiter passes a reader through, failing with a lineTooLongError at a line too long.
type lineLimiter struct {
	r     io.Reader
	limit int
	line  int // line breaks seen
	run   int // bytes since the last line break
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			l.line, l.run = l.line+1, 0
		} else if l.run++; l.run > l.limit {
			return i, &lineTooLongError{line: l.line + 1}
		}
	}
	return n, err
}

func readBatchHeader(r *csv.Reader) (map[string]int, error) {
	header, err := r.Read()
	if err == io.EOF {
		return nil, usageErrorf("the CSV is empty: its first line names the columns, e.g. channel,uid,role")
	}
	if err != nil {
		return nil, usageErrorf("the CSV header cannot be read: %v", err)
	}
	columns := make(map[string]int, len(header))
	for i, name := range header {
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff") // the byte order mark spreadsheets write
		}
		name = strings.ToLower(strings.TrimSpace(name))
		known := false
		for _, c := range batchColumns {
			known = known || c == name
		}
		switch {
		case name == "":
			return nil, usageErrorf("column %d of the CSV header has no name; the columns are %s", i+1, strings.Join(batchColumns, ","))
		case !known:
			if s := nearest(name, batchColumns); s != "" {
				return nil, usageErrorf("the CSV column %s is not one batch reads; did you mean %s? The columns are %s", token.Excerpt(name), s, strings.Join(batchColumns, ","))
			}
			return nil, usageErrorf("the CSV column %s is not one batch reads; the columns are %s (is the header line missing?)", token.Excerpt(name), strings.Join(batchColumns, ","))
		}
		if _, dup := columns[name]; dup {
			return nil, usageErrorf("the CSV header names the column %s twice", token.Excerpt(name))
		}
		columns[name] = i
	}
	return columns, nil
}

// runBatch builds every row on a.workers goroutines and writes the results in input order.
func (a *app) runBatch(job *batchJob, out io.Writer, count int, in *csv.Reader, columns map[string]int) (built, failed int, err error) {
	w := bufio.NewWriterSize(out, 256<<10)
	if !job.jsonl { // JSON lines name their fields in every line
		if _, err := w.WriteString(batchHeader); err != nil {
			return 0, 0, usageErrorf("writing the output: %v", err)
		}
	}
	workers := max(a.workers, 1)
	work := make(chan *batchChunk, workers)
	ordered := make(chan *batchChunk, workers*chunksInFlight)
	stop := make(chan struct{})
	free := sync.Pool{New: func() any { return &batchChunk{} }}

	var readErr error
	go func() {
		defer close(work)
		defer close(ordered)
		send := func(c *batchChunk) bool {
			c.done = make(chan struct{})
			select {
			case ordered <- c:
			case <-stop:
				return false
			}
			work <- c
			return true
		}
		if in == nil {
			for first := 1; first <= count; first += chunkRows {
				c := free.Get().(*batchChunk)
				c.first, c.n, c.rows = first, min(chunkRows, count-first+1), nil
				if !send(c) {
					return
				}
			}
			return
		}
		for {
			c := free.Get().(*batchChunk)
			c.rows, readErr = readBatchRows(in, columns, c.rows[:0])
			c.n = len(c.rows)
			if c.n > 0 && !send(c) {
				return
			}
			if readErr != nil {
				if readErr == io.EOF {
					readErr = nil
				}
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tmpl *token.Token007
			for c := range work {
				job.buildChunk(c, &tmpl)
				close(c.done)
			}
		}()
	}

	progress := a.newProgress(count)
	shown := 0
	for c := range ordered {
		<-c.done
		if err == nil {
			if _, werr := w.Write(c.out); werr != nil {
				err = usageErrorf("writing the output: %v", werr)
				close(stop)
			}
		}
		built += c.n - len(c.errs)
		failed += len(c.errs)
		for _, msg := range c.errs {
			if shown < maxErrorsShown {
				progress.clear()
				fmt.Fprintf(a.stderr, "tokendesk batch: %s\n", msg)
			} else if shown == maxErrorsShown {
				progress.clear()
				fmt.Fprintln(a.stderr, "tokendesk batch: further failed rows are counted but not listed")
			}
			shown++
		}
		progress.update(built + failed)
		c.errs, c.out = c.errs[:0], c.out[:0]
		free.Put(c)
	}
	wg.Wait()
	progress.finish()
	if err != nil {
		return built, failed, err
	}
	if readErr != nil {
		return built, failed, usageErrorf("reading the CSV stopped after %d rows: %v", built+failed, readErr)
	}
	if ferr := w.Flush(); ferr != nil {
		return built, failed, usageErrorf("writing the output: %v", ferr)
	}
	return built, failed, nil
}

// readBatchRows appends up to chunkRows rows. A row the CSV reader rejects (a stray quote) is
// kept with its error so that it is reported in order; only a failure to read ends the input.
func readBatchRows(in *csv.Reader, columns map[string]int, rows []batchRow) ([]batchRow, error) {
	cell := func(record []string, name string) string {
		if i, ok := columns[name]; ok && i < len(record) {
			return strings.TrimSpace(record[i])
		}
		return ""
	}
	for len(rows) < chunkRows {
		record, err := in.Read()
		if err == io.EOF {
			return rows, io.EOF
		}
		var parseErr *csv.ParseError
		switch {
		case errors.As(err, &parseErr) && errors.Is(err, csv.ErrFieldCount):
			if len(record) == 1 && strings.TrimSpace(record[0]) == "" {
				continue // a line of spaces
			}
			rows = append(rows, batchRow{line: parseErr.Line, parseErr: fmt.Errorf("the row has %s, the header %d",
				cells(len(record)), in.FieldsPerRecord)})
			continue
		case errors.As(err, &parseErr):
			rows = append(rows, batchRow{line: parseErr.Line, parseErr: fmt.Errorf("the CSV cannot be read here: %w", parseErr.Err)})
			continue
		case err != nil:
			return rows, err
		case len(record) == 1 && strings.TrimSpace(record[0]) == "":
			continue // a line of spaces, in a CSV of one column
		}
		line, _ := in.FieldPos(0)
		rows = append(rows, batchRow{
			line:    line,
			channel: cell(record, "channel"),
			uid:     cell(record, "uid"),
			account: cell(record, "account"),
			user:    cell(record, "user"),
			role:    cell(record, "role"),
			expire:  cell(record, "expire"),
		})
	}
	return rows, nil
}

// cells is "1 cell" or "n cells".
func cells(n int) string {
	if n == 1 {
		return "1 cell"
	}
	return strconv.Itoa(n) + " cells"
}

// buildChunk builds the chunk's rows into c.out and c.errs. tmpl is the worker's own
// template for the fast path of --count with 007 RTC tokens.
func (job *batchJob) buildChunk(c *batchChunk, tmpl **token.Token007) {
	c.salts = append(c.salts[:0], make([]byte, 8*c.n)...)
	salts := c.salts
	if _, err := rand.Read(salts); err != nil {
		for i := range c.n {
			c.errs = append(c.errs, fmt.Sprintf("line %d: no random salt: %v", c.first+i, err))
		}
		return
	}
	salt := func(i int) uint32 { return uint32(binary.LittleEndian.Uint64(salts[8*i:])%token.MaxSalt) + 1 }
	if c.rows != nil {
		for i := range c.rows {
			job.buildRow(c, &c.rows[i], salt(i))
		}
		return
	}
	fast := job.base.Kind == token.KindRTC && !job.base.Is006()
	if fast && *tmpl == nil {
		*tmpl = job.base.Token007()
	}
	spec := job.base
	for i := range c.n {
		line := c.first + i
		uid := job.uidStart + uint32(line-1)
		s := salt(i)
		var text string
		var err error
		if fast {
			t := *tmpl
			t.Salt = s
			t.Services[0].UID = token.UIDString(uid)
			text, err = t.Build(job.cert)
		} else {
			spec.UID, spec.Salt = uid, s
			text, err = spec.Build(job.cert)
		}
		if err != nil {
			c.errs = append(c.errs, fmt.Sprintf("line %d: %s", line, rowError(err)))
			continue
		}
		spec.UID, spec.Salt = uid, s
		c.out = job.appendRow(c.out, line, &spec, text)
	}
}

// buildRow builds one CSV row.
func (job *batchJob) buildRow(c *batchChunk, r *batchRow, salt uint32) {
	fail := func(format string, args ...any) {
		c.errs = append(c.errs, fmt.Sprintf("line %d: ", r.line)+fmt.Sprintf(format, args...))
	}
	if r.parseErr != nil {
		fail("%v", r.parseErr)
		return
	}
	spec := job.base
	spec.Salt = salt
	if r.channel != "" {
		spec.Channel = r.channel
	}
	if r.user != "" {
		spec.UserID = r.user
	}
	switch {
	case r.uid != "" && r.account != "":
		fail("uid and account are alternatives: give one of them")
		return
	case r.uid != "":
		uid, err := token.ParseUID(r.uid)
		if err != nil {
			fail("uid: %s", plain(err))
			return
		}
		spec.UID = uid
	case r.account != "":
		spec.Account = r.account
	}
	if r.role != "" {
		role, err := token.ParseRole(r.role)
		if err != nil {
			fail("role: %s", plain(err))
			return
		}
		spec.Role = role
	}
	if r.expire != "" {
		expire, err := parseLifetime("expire", r.expire)
		if err != nil {
			fail("%s", err.Error())
			return
		}
		spec.Expire = expire
		if !job.privExpire {
			spec.PrivilegeExpire = expire
		}
	}
	in := spec.Inputs()
	switch {
	case in.Channel && spec.Channel == "":
		fail("no channel: fill the channel column or give --channel")
		return
	case in.UserID && spec.RTMUser() == "":
		fail("no user: fill the user column or give --user")
		return
	case in.Room && spec.RoomUUID == "":
		fail("no room: give --room")
		return
	}
	text, err := spec.Build(job.cert)
	if err != nil {
		fail("%s", rowError(err))
		return
	}
	c.out = job.appendRow(c.out, r.line, &spec, text)
}

// appendRow appends one output row: line, channel, uid, account, role, expire, issued_at,
// salt and token, as CSV or as a line of JSON.
func (job *batchJob) appendRow(b []byte, line int, spec *token.Spec, text string) []byte {
	if job.jsonl {
		row := jsonRow{Line: line, Channel: spec.Channel, Account: spec.Account, User: spec.UserID, Role: spec.Role.String(),
			Expire: spec.Expire, IssuedAt: spec.IssuedAt, Salt: spec.Salt, Token: text}
		if spec.Account == "" {
			row.UID = &spec.UID
		}
		js, _ := json.Marshal(&row) // a struct of strings and numbers always marshals
		return append(append(b, js...), '\n')
	}
	b = strconv.AppendInt(b, int64(line), 10)
	b = append(b, ',')
	b = appendCSVField(b, spec.Channel)
	b = append(b, ',')
	if spec.Account == "" {
		b = strconv.AppendUint(b, uint64(spec.UID), 10)
	}
	b = append(b, ',')
	b = appendCSVField(b, spec.Account)
	b = append(b, ',')
	b = appendCSVField(b, spec.Role.String())
	b = append(b, ',')
	b = strconv.AppendUint(b, uint64(spec.Expire), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, uint64(spec.IssuedAt), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, uint64(spec.Salt), 10)
	b = append(b, ',')
	b = append(b, text...)
	return append(b, '\n')
}

// jsonRow is a row of --output-format jsonl: the values exactly, as a program reads them.
type jsonRow struct {
	Line     int     `json:"line"`
	Channel  string  `json:"channel,omitempty"`
	UID      *uint32 `json:"uid,omitempty"`
	Account  string  `json:"account,omitempty"`
	User     string  `json:"user,omitempty"`
	Role     string  `json:"role"`
	Expire   uint32  `json:"expire"`
	IssuedAt uint32  `json:"issued_at"`
	Salt     uint32  `json:"salt"`
	Token    string  `json:"token"`
}

// formulaStarts are the first characters that make a spreadsheet read a cell as a formula
// (OWASP, "CSV Injection").
const formulaStarts = "=+-@\t\r"

// appendCSVField appends s as a CSV field (RFC 4180), quoted when it has to be. A value a
// spreadsheet would run as a formula gets a leading ', which keeps it text.
func appendCSVField(b []byte, s string) []byte {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		b = append(b, '"', '\'')
		return appendQuoted(b, s)
	}
	if !strings.ContainsAny(s, ",\"\r\n") && (s == "" || !unicode.IsSpace(firstRune(s))) {
		return append(b, s...)
	}
	b = append(b, '"')
	return appendQuoted(b, s)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// appendQuoted appends the rest of a quoted CSV field: s with its quotes doubled, and the
// closing quote.
func appendQuoted(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// shownPath is a path as a message that is not an error shows it: whole, but with control
// characters escaped, and masked when it could hold a certificate pasted by mistake.
func shownPath(path string) string {
	if token.CouldBeCertificate(path) {
		return token.Excerpt(path)
	}
	return token.Printable(path)
}

// fileProblem says what went wrong with a file without repeating its name, which the
// message gives once, as an excerpt.
func fileProblem(err error) string {
	var pathErr *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "there is no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.As(err, &pathErr):
		return pathErr.Err.Error()
	}
	return err.Error()
}

// progress draws a progress line on standard error when it is a terminal.
type progress struct {
	a     *app
	total int // 0 when unknown
	start time.Time
	last  time.Time
	drawn bool
}

func (a *app) newProgress(total int) *progress {
	now := time.Now()
	return &progress{a: a, total: total, start: now, last: now}
}

func (p *progress) update(done int) {
	if !p.a.stderrTTY {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < progressInterval {
		return
	}
	p.last = now
	rate := float64(done) / now.Sub(p.start).Seconds()
	if p.total > 0 {
		const width = 30
		filled := done * width / p.total
		fmt.Fprintf(p.a.stderr, "\r[%s%s] %3d%% %d/%d tokens, %.0f/s ", strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
			done*100/p.total, done, p.total, rate)
	} else {
		fmt.Fprintf(p.a.stderr, "\r%d tokens, %.0f/s ", done, rate)
	}
	p.drawn = true
}

func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.a.stderr, "\r\x1b[K")
		p.drawn = false
	}
}

func (p *progress) finish() { p.clear() }
