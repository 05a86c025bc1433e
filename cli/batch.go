package cli

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

type batchOptions struct {
	specOptions
	count    string
	uidStart string
	out      string
}

// batchColumns are the columns a batch CSV may have, in any order.
var batchColumns = []string{"channel", "uid", "account", "user", "role", "expire"}

// batchHeader is the first line of the output.
const batchHeader = "line,channel,uid,account,role,expire,issued_at,salt,token\n"

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
is never written. A row that cannot be built is reported on standard error with its line number,
and the other rows are still built.

Exit status: 0 every row built; 1 some rows failed (the rest are in the output); 2 bad flags,
an unreadable CSV header, or no certificate.`,
		`  tokendesk batch --app-id 970CA35de60c44645bbae8a215061b33 --channel load --count 100000 --uid-start 1000 > tokens.csv
  tokendesk batch --app-id 970CA35de60c44645bbae8a215061b33 --expire 2h users.csv --out tokens.csv
  printf 'channel,account,role\nroom1,alice,publisher\nroom1,bob,subscriber\n' | tokendesk batch --app-id 970CA35de60c44645bbae8a215061b33
  tokendesk batch --app-id 970CA35de60c44645bbae8a215061b33 --service rtm --count 10 --user qa-bot`)
	defineSpecFlags(f, &o.specOptions, true)
	f.str(&o.count, "count", "N", "build N tokens instead of reading a CSV (with --channel)")
	f.str(&o.uidStart, "uid-start", "U", "with --count: the first uid; the others follow it (default 1)")
	f.str(&o.out, "out", "FILE", "write the CSV to FILE (mode 0600) instead of standard output")
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
	base        token.Spec
	cert        string
	fromCSV     bool
	uidStart    uint32
	privExpire  bool // --privilege-expire was given, so a row's expire does not change it
	fixedPrefix []byte
}

func (a *app) batch(args []string) error {
	o := &batchOptions{}
	f := newBatchFlags(o)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	job := &batchJob{privExpire: f.isSet("privilege-expire")}
	count := 0
	if f.isSet("count") {
		count, err = strconv.Atoi(strings.TrimSpace(o.count))
		if err != nil || count < 1 {
			return usageErrorf("--count %q is not a number of tokens: give a whole number, 1 or more", o.count)
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
			return usageErrorf("batch reads one CSV file, but got %d arguments", len(rest))
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
				return usageErrorf("the CSV cannot be read: %v", err)
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
		csvIn = csv.NewReader(input)
		csvIn.FieldsPerRecord = -1
		csvIn.ReuseRecord = true
		if columns, err = readBatchHeader(csvIn); err != nil {
			return err
		}
	}

	out := a.stdout
	if o.out != "" {
		file, err := os.OpenFile(o.out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return usageErrorf("--out: %v", err)
		}
		defer file.Close()
		out = file
	}
	job.fixedPrefix = fixedColumns(&job.base)

	built, failed, err := a.runBatch(job, out, count, csvIn, columns)
	if err != nil {
		return err
	}
	if o.out != "" {
		fmt.Fprintf(a.stderr, "tokendesk batch: wrote %d tokens to %s\n", built, o.out)
	}
	if failed > 0 {
		return &exitError{code: exitInvalid, msg: fmt.Sprintf("%d of %d rows failed (listed above); the other %d tokens were written", failed, built+failed, built)}
	}
	return nil
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
				return nil, usageErrorf("the CSV column %q is not one batch reads; did you mean %s? The columns are %s", name, s, strings.Join(batchColumns, ","))
			}
			return nil, usageErrorf("the CSV column %q is not one batch reads; the columns are %s (is the header line missing?)", name, strings.Join(batchColumns, ","))
		}
		if _, dup := columns[name]; dup {
			return nil, usageErrorf("the CSV header names the column %q twice", name)
		}
		columns[name] = i
	}
	return columns, nil
}

// fixedColumns is the part of an output row that is the same for every row with --count:
// role, expire and issue time.
func fixedColumns(spec *token.Spec) []byte {
	b := appendCSVField(nil, spec.Role.String())
	b = append(b, ',')
	b = strconv.AppendUint(b, uint64(spec.Expire), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, uint64(spec.IssuedAt), 10)
	return append(b, ',')
}

// runBatch builds every row on a.workers goroutines and writes the results in input order.
func (a *app) runBatch(job *batchJob, out io.Writer, count int, in *csv.Reader, columns map[string]int) (built, failed int, err error) {
	w := bufio.NewWriterSize(out, 256<<10)
	if _, err := w.WriteString(batchHeader); err != nil {
		return 0, 0, usageErrorf("writing the output: %v", err)
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
		if errors.As(err, &parseErr) {
			rows = append(rows, batchRow{line: parseErr.Line, parseErr: parseErr.Err})
			continue
		}
		if err != nil {
			return rows, err
		}
		if len(record) == 1 && strings.TrimSpace(record[0]) == "" {
			continue // a blank line
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
	channel := appendCSVField(nil, job.base.Channel)
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
			c.errs = append(c.errs, fmt.Sprintf("line %d: %s", line, strings.TrimPrefix(specError(err).Error(), "--")))
			continue
		}
		c.out = strconv.AppendInt(c.out, int64(line), 10)
		c.out = append(c.out, ',')
		c.out = append(c.out, channel...)
		c.out = append(c.out, ',')
		c.out = strconv.AppendUint(c.out, uint64(uid), 10)
		c.out = append(c.out, ',', ',')
		c.out = append(c.out, job.fixedPrefix...)
		c.out = strconv.AppendUint(c.out, uint64(s), 10)
		c.out = append(c.out, ',')
		c.out = append(c.out, text...)
		c.out = append(c.out, '\n')
	}
}

// buildRow builds one CSV row.
func (job *batchJob) buildRow(c *batchChunk, r *batchRow, salt uint32) {
	fail := func(format string, args ...any) {
		c.errs = append(c.errs, fmt.Sprintf("line %d: ", r.line)+fmt.Sprintf(format, args...))
	}
	if r.parseErr != nil {
		fail("the CSV cannot be read here: %v", r.parseErr)
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
	channel, _, userID, room := uses(&spec)
	switch {
	case channel && spec.Channel == "":
		fail("no channel: fill the channel column or give --channel")
		return
	case userID && spec.UserID == "" && !(spec.Kind == token.KindRTCRTM && spec.Account != ""):
		fail("no user: fill the user column or give --user")
		return
	case room && spec.RoomUUID == "":
		fail("no room: give --room")
		return
	}
	text, err := spec.Build(job.cert)
	if err != nil {
		fail("%s", strings.TrimPrefix(specError(err).Error(), "--"))
		return
	}
	c.out = strconv.AppendInt(c.out, int64(r.line), 10)
	c.out = append(c.out, ',')
	c.out = appendCSVField(c.out, spec.Channel)
	c.out = append(c.out, ',')
	if spec.Account == "" {
		c.out = strconv.AppendUint(c.out, uint64(spec.UID), 10)
	}
	c.out = append(c.out, ',')
	c.out = appendCSVField(c.out, spec.Account)
	c.out = append(c.out, ',')
	c.out = appendCSVField(c.out, spec.Role.String())
	c.out = append(c.out, ',')
	c.out = strconv.AppendUint(c.out, uint64(spec.Expire), 10)
	c.out = append(c.out, ',')
	c.out = strconv.AppendUint(c.out, uint64(spec.IssuedAt), 10)
	c.out = append(c.out, ',')
	c.out = strconv.AppendUint(c.out, uint64(spec.Salt), 10)
	c.out = append(c.out, ',')
	c.out = append(c.out, text...)
	c.out = append(c.out, '\n')
}

// appendCSVField appends s as a CSV field, quoted when it has to be.
func appendCSVField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") && (s == "" || s[0] != ' ' && s[0] != '\t') {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
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
