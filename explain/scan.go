package explain

import (
	"strings"

	"github.com/tokendesk/tokendesk/token"
)

// maxTokenRun is the longest run of base64 taken for a token. Real tokens are a few hundred
// bytes; a longer run is data, not a token, and skipping it keeps the scan linear.
const maxTokenRun = 8 << 10

// minTokenRun is the shortest run that is worth calling an unreadable token: "007" alone, or
// a short number, is not one.
const minTokenRun = 60

// minTokenLength is shorter than any token: a 007 token's signature alone is 32 bytes, a 006
// token's App ID 32 characters. Shorter runs are not taken at all.
const minTokenLength = 40

// candidate is a run of text that starts like a token.
type candidate struct {
	start, end int    // in the text
	text       string // unescaped: %2B, %2F, %3D and \/ undone
}

func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}

// escapeAt returns the length of an escape inside a token at s[i:] and the byte it stands
// for: URL escapes of '+', '/' and '=', and JSON's "\/" (PHP's json_encode writes it).
func escapeAt(s string, i int) (int, byte) {
	if s[i] == '\\' && i+1 < len(s) && s[i+1] == '/' {
		return 2, '/'
	}
	if s[i] != '%' || i+2 >= len(s) {
		return 0, 0
	}
	switch strings.ToUpper(s[i+1 : i+3]) {
	case "2B":
		return 3, '+'
	case "2F":
		return 3, '/'
	case "3D":
		return 3, '='
	}
	return 0, 0
}

// tokenCandidates finds every run that starts with "006" or "007" where a word starts, in one
// pass over the text.
func tokenCandidates(text string) []candidate {
	var out []candidate
	for i := 0; i+3 <= len(text); {
		j := strings.Index(text[i:], "00")
		if j < 0 {
			break
		}
		start := i + j
		if start+3 > len(text) || (text[start+2] != '6' && text[start+2] != '7') ||
			start > 0 && (isBase64(text[start-1]) && text[start-1] != '=') {
			i = start + 1
			continue
		}
		end, escaped := start, false
		for end < len(text) {
			if isBase64(text[end]) {
				end++
				continue
			}
			if n, _ := escapeAt(text, end); n > 0 {
				end += n
				escaped = true
				continue
			}
			break
		}
		i = end
		if end-start > maxTokenRun || end-start < minTokenLength {
			continue
		}
		run := text[start:end]
		if escaped {
			var b strings.Builder
			for k := 0; k < len(run); {
				if n, c := escapeAt(run, k); n > 0 {
					b.WriteByte(c)
					k += n
					continue
				}
				b.WriteByte(run[k])
				k++
			}
			run = b.String()
		}
		out = append(out, candidate{start: start, end: end, text: run})
	}
	return out
}

// match is an error or callback found at an offset, on a line of the text.
type match struct {
	offset int
	line   int
	entry  int // index in catalog
}

// mention is a value the text gives for a uid, channel, account or App ID.
type mention struct {
	value  string
	offset int
	line   int
	quoted bool
}

// scan is what one pass over the words of a text finds.
type scan struct {
	matches  []match
	uids     mentions
	channels mentions
	accounts mentions
	appIDs   mentions
	// joinLine is the last line that mentions joining ("joinChannel", "joined", ...).
	joinLine int
}

// maxMentions is how many mentions of each kind are kept for their checks: a few say enough.
const maxMentions = 8

// mentions keeps the first few mentions of one kind, the last one, and the last one on a line
// that mentions joining, in constant space whatever the length of the text.
type mentions struct {
	first    []mention
	last     mention
	lastJoin mention
	seen     bool
	seenJoin bool
}

func (ms *mentions) add(m mention, joinLine int) {
	if len(ms.first) < maxMentions {
		ms.first = append(ms.first, m)
	}
	ms.last, ms.seen = m, true
	if m.line == joinLine {
		ms.lastJoin, ms.seenJoin = m, true
	}
}

// joined notes that line mentions joining: the last mention, if on that line, was a join's.
func (ms *mentions) joined(line int) {
	if ms.seen && ms.last.line == line {
		ms.lastJoin, ms.seenJoin = ms.last, true
	}
}

// pick chooses the mention a client most likely joined with: the last one on a line that
// mentions joining, else the last one.
func (ms *mentions) pick() (mention, bool) {
	if ms.seenJoin {
		return ms.lastJoin, true
	}
	return ms.last, ms.seen
}

// The lookup tables of the scan, built once from the catalogue.
var (
	// wordEntries maps a lower-case identifier to its entry.
	wordEntries = map[string]int{}
	// phrases maps the lower-case first word of a message to the messages that start with
	// it, longest first.
	phrases = map[string][]phrase{}
)

type phrase struct {
	text  string // lower case
	entry int
}

func init() {
	for i, e := range catalog {
		for _, name := range append([]string{e.Name}, e.aliases...) {
			lower := strings.ToLower(name)
			first := lower
			if k := strings.IndexFunc(lower, func(r rune) bool { return !isWordByte(byte(r)) }); k >= 0 {
				first = lower[:k]
			}
			if first == lower {
				wordEntries[lower] = i
				continue
			}
			list := append(phrases[first], phrase{lower, i})
			for k := len(list) - 1; k > 0 && len(list[k].text) > len(list[k-1].text); k-- {
				list[k], list[k-1] = list[k-1], list[k]
			}
			phrases[first] = list
		}
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// keyword kinds for what follows a word.
const (
	followNone = iota
	followCode
	followReason
	followUID
	followChannel
	followAccount
	followAppID
)

var keywords = map[string]int{
	"error": followCode, "err": followCode, "code": followCode, "errorcode": followCode, "error_code": followCode,
	"errcode": followCode, "err_code": followCode, "onerror": followCode, "errno": followCode,
	"reason": followReason,
	"uid":    followUID, "localuid": followUID, "local_uid": followUID,
	"channel": followChannel, "channelname": followChannel, "channel_name": followChannel, "channelid": followChannel,
	"cname":   followChannel,
	"account": followAccount, "useraccount": followAccount, "user_account": followAccount,
	"appid": followAppID, "app_id": followAppID, "app-id": followAppID,
}

// words scans the text once, skipping the token candidates, for catalogue names and
// messages, numbered errors and reasons, and the values given for uid, channel, account and
// App ID.
func words(text string, skip []candidate) scan {
	s := scan{joinLine: -1}
	var lower []byte // the current word in lower case, reused
	line := 0
	next := 0 // index of the next candidate to skip
	for i := 0; i < len(text); {
		if next < len(skip) && i >= skip[next].start {
			i = max(i, skip[next].end)
			next++
			continue
		}
		c := text[i]
		if !isWordByte(c) {
			if c == '\n' {
				line++
			}
			if c == '"' || c == '\'' {
				// An App ID passed by position, with white space inside its quotes:
				// client.join(" 970CA35d…", "room1", token).
				if m, ok := spacedAppID(text, i, line); ok {
					s.appIDs.add(m, s.joinLine)
				}
			}
			i++
			continue
		}
		start := i
		for i < len(text) && isWordByte(text[i]) {
			i++
		}
		word := text[start:i]
		if len(word) > 64 {
			continue
		}
		lower = appendLower(lower[:0], word)
		if list, ok := phrases[string(lower)]; ok {
			if end, entry, ok := matchPhrase(text, start, list); ok {
				s.matches = append(s.matches, match{start, line, entry})
				i = end
				continue
			}
		}
		if entry, ok := wordEntries[string(lower)]; ok {
			s.matches = append(s.matches, match{start, line, entry})
			continue
		}
		if len(lower) >= 4 && string(lower[:4]) == "join" && s.joinLine != line {
			s.joinLine = line
			for _, ms := range [...]*mentions{&s.uids, &s.channels, &s.accounts} {
				ms.joined(line)
			}
		}
		switch keywords[string(lower)] {
		case followCode:
			if n, ok := numberAfter(text, i); ok {
				if name, ok := bareCodes[n]; ok {
					s.matches = append(s.matches, match{start, line, indexOf(name)})
				}
			}
		case followReason:
			if n, ok := numberAfter(text, i); ok {
				if name, ok := bareReasons[n]; ok {
					s.matches = append(s.matches, match{start, line, indexOf(name)})
				}
			}
		case followUID:
			if m, ok := valueAfter(text, i, line); ok {
				s.uids.add(m.mention, s.joinLine)
			}
		case followChannel:
			if m, ok := valueAfter(text, i, line); ok && (m.quoted || strings.ContainsAny(m.value, "0123456789") || m.sep) {
				s.channels.add(m.mention, s.joinLine)
			}
		case followAccount:
			if m, ok := valueAfter(text, i, line); ok && (m.quoted || m.sep) {
				s.accounts.add(m.mention, s.joinLine)
			}
		case followAppID:
			if m, ok := valueAfter(text, i, line); ok {
				s.appIDs.add(m.mention, s.joinLine)
			}
		}
	}
	return s
}

func appendLower(dst []byte, s string) []byte {
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func indexOf(name string) int {
	for i, e := range catalog {
		if e.Name == name {
			return i
		}
	}
	panic("explain: no catalogue entry " + name)
}

// matchPhrase reports whether one of the messages starts at text[start:], ignoring case.
func matchPhrase(text string, start int, list []phrase) (end, entry int, ok bool) {
	for _, p := range list {
		end := start + len(p.text)
		if end <= len(text) && strings.EqualFold(text[start:end], p.text) {
			return end, p.entry, true
		}
	}
	return 0, 0, false
}

// numberAfter reads the number that follows a keyword: "error 110", "code: -110",
// "errorCode=110", "error code is 110", "onError(110".
func numberAfter(text string, i int) (int, bool) {
	i = skipSeparators(text, i)
	for _, filler := range [...]string{"code", "is"} {
		if hasWordAt(text, i, filler) {
			i = skipSeparators(text, i+len(filler))
		}
	}
	if i < len(text) && text[i] == '-' {
		i++
	}
	n, digits := 0, 0
	for i < len(text) && text[i] >= '0' && text[i] <= '9' && digits < 6 {
		n = n*10 + int(text[i]-'0')
		i++
		digits++
	}
	if digits == 0 || i < len(text) && (isWordByte(text[i]) || text[i] == '.' && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9') {
		return 0, false
	}
	return n, true
}

func hasWordAt(text string, i int, word string) bool {
	end := i + len(word)
	return end <= len(text) && strings.EqualFold(text[i:end], word) && (end == len(text) || !isWordByte(text[end]))
}

// skipSeparators skips what stands between a keyword and its value: spaces, ':' '=' '(' '['
// and quotes, at most a few of them.
func skipSeparators(text string, i int) int {
	for n := 0; n < 6 && i < len(text); n++ {
		switch text[i] {
		case ' ', '\t', ':', '=', '(', '[', '"', '\'', '#':
			i++
			continue
		}
		break
	}
	return i
}

// valued is a mention and whether a ':' or '=' stood before it.
type valued struct {
	mention
	sep bool
}

// valueAfter reads the value that follows a keyword: quoted ("channelName": "room 1"), or a
// run of name characters (uid=42, channel: room1).
func valueAfter(text string, i, line int) (valued, bool) {
	var quote byte
	sep := false
	for n := 0; n < 6 && i < len(text); n++ {
		c := text[i]
		if c == ':' || c == '=' {
			sep = true
		} else if c != ' ' && c != '\t' && c != '"' && c != '\'' && c != '(' {
			break
		}
		i++
		if c == '"' || c == '\'' {
			quote = c
			break // what follows the quote is the value, spaces and all
		}
	}
	if quote == 0 && hasWordAt(text, i, "is") {
		i = skipSeparators(text, i+2)
	}
	start := i
	if quote != 0 {
		end := strings.IndexByte(text[i:min(len(text), i+256)], quote)
		if end < 0 || strings.ContainsAny(text[i:i+end], "\r\n") {
			return valued{}, false
		}
		return valued{mention{value: text[i : i+end], offset: start, line: line, quoted: true}, sep}, true
	}
	for i < len(text) && i-start < 256 && (isWordByte(text[i]) || text[i] == '.' || text[i] == '%' || text[i] == '@') {
		i++
	}
	if i == start {
		return valued{}, false
	}
	value := strings.TrimRight(text[start:i], ".")
	return valued{mention{value: value, offset: start, line: line}, sep}, value != ""
}

// spacedAppID reads a quoted App ID with white space around it at the quote text[i]: 32
// hexadecimal characters and a space or tab before or after them, within the quotes. It looks
// at most 40 bytes ahead, so the scan stays linear.
func spacedAppID(text string, i, line int) (mention, bool) {
	quote := text[i]
	end := strings.IndexByte(text[i+1:min(len(text), i+42)], quote)
	if end < 0 {
		return mention{}, false
	}
	value := text[i+1 : i+1+end]
	trimmed := strings.Trim(value, " \t")
	if trimmed == value || len(trimmed) != 32 || token.ValidateAppID(trimmed) != nil {
		return mention{}, false
	}
	return mention{value: value, offset: i + 1, line: line, quoted: true}, true
}

// context is what the text says the client did: the App ID, channel and uid or account.
func (s *scan) context() token.Context {
	var ctx token.Context
	if m, ok := s.channels.pick(); ok && token.ValidateChannel(m.value) == nil {
		ctx.Channel = m.value
	}
	if m, ok := s.uids.pick(); ok {
		if uid, err := token.ParseUID(m.value); err == nil {
			ctx.UID = token.UIDString(uid)
			if uid == 0 {
				ctx.UID = "0"
			}
		}
	}
	if m, ok := s.accounts.pick(); ok && ctx.UID == "" && token.ValidateAccount(m.value) == nil {
		ctx.Account = m.value
	}
	for _, m := range s.appIDs.first {
		if len(m.value) == 32 && token.ValidateAppID(m.value) == nil {
			ctx.AppID = m.value
		}
	}
	return ctx
}
