package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

// maxCandidatesShown is how many uid candidates of a 006 token the report lists by name.
const maxCandidatesShown = 10

// painter colours text when standard output is a terminal and NO_COLOR is not set.
type painter struct{ on bool }

func (a *app) painter() painter {
	return painter{on: a.stdoutTTY && a.env("NO_COLOR") == "" && a.env("TERM") != "dumb"}
}

func (p painter) paint(code, s string) string {
	if !p.on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p painter) bold(s string) string { return p.paint("1", s) }
func (p painter) dim(s string) string  { return p.paint("2", s) }

func (p painter) severity(s token.Severity) string {
	switch s {
	case token.Error:
		return p.paint("1;31", "[error]  ")
	case token.Warning:
		return p.paint("1;33", "[warning]")
	}
	return p.paint("36", "[info]   ")
}

func (p painter) signature(s token.SignatureStatus) string {
	switch s {
	case token.SignatureValid:
		return p.paint("1;32", "valid")
	case token.SignatureInvalid:
		return p.paint("1;31", "INVALID")
	}
	return "unchecked"
}

// report writes the human-readable decode report.
type report struct {
	w   io.Writer
	p   painter
	now time.Time
}

func (r *report) line(label, format string, args ...any) {
	fmt.Fprintf(r.w, "%-11s %s\n", label, fmt.Sprintf(format, args...))
}

// moment writes a unix time in UTC, in the local zone when it differs, and relative to now.
func (r *report) moment(unix int64) string {
	t := time.Unix(unix, 0)
	s := t.UTC().Format("2006-01-02 15:04:05 UTC")
	if local := t.In(r.now.Location()); local.Format("-0700 MST") != "+0000 UTC" {
		s += " (" + local.Format("2006-01-02 15:04:05 MST") + ")"
	}
	return s + ", " + relative(unix, r.now.Unix())
}

func (a *app) printReport(p *token.Parsed, rep token.Report, ctx token.Context, now time.Time, length int) {
	r := &report{w: a.stdout, p: a.painter(), now: now}
	project := ""
	if label := a.projectLabel(p.AppID()); label != "" {
		project = fmt.Sprintf(" (project %s)", strconv.Quote(label))
	}
	if t := p.V007; t != nil {
		r.line("Token", "%s (AccessToken2), %d characters", r.p.bold("007"), length)
		r.line("App ID", "%s%s", t.AppID, project)
		r.line("Issued", "%s", r.moment(int64(t.IssuedAt)))
		if l := t.Life(); l.JoinUntil < l.ExpiresAt {
			r.line("Join until", "%s (a privilege that lets the user in expires then)", r.moment(l.JoinUntil))
		}
		r.line("Expires", "%s (lifetime %s)", r.moment(t.ExpiresAt()), token.SpanWords(int64(t.Expire)))
		r.line("Salt", "%d", t.Salt)
		r.signature(rep, "add --verify to check it with the App Certificate")
		for i := range t.Services {
			r.service007(&t.Services[i], int64(t.IssuedAt))
		}
		if u := t.Unknown; u != nil {
			fmt.Fprintf(r.w, "\nService type %d (unknown) at byte %d: nothing after it can be read\n", u.Type, u.Offset)
		}
	} else {
		r.token006(p.V006, rep, ctx, length, project)
	}
	fmt.Fprintf(r.w, "\n%s\n", r.p.bold("Diagnosis"))
	if len(rep.Findings) == 0 {
		fmt.Fprintln(r.w, "  Nothing to report: the token looks right.")
	}
	for _, f := range rep.Findings {
		fmt.Fprintf(r.w, "  %s %s %s\n", r.p.severity(f.Severity), r.p.dim(f.Code+":"), f.Message)
	}
}

func (r *report) signature(rep token.Report, hint string) {
	switch rep.Signature {
	case token.SignatureUnchecked:
		if rep.SignatureError != nil {
			r.line("Signature", "unchecked: %s", plain(rep.SignatureError))
		} else {
			r.line("Signature", "unchecked: %s", hint)
		}
	case token.SignatureValid:
		r.line("Signature", "%s, signed with the %s certificate", r.p.signature(rep.Signature), rep.SignedWith)
	default:
		r.line("Signature", "%s: %s", r.p.signature(rep.Signature), plain(rep.SignatureError))
	}
}

// life says how long a token lets a user in. A 006 token's ts is always 24 hours after its
// issue; joining stops when its join privilege expires, which is what a person needs to know.
func (r *report) life(l token.Life, is006 bool) {
	switch {
	case is006:
		r.line("Join until", "%s (joinChannel or rtmLogin expires: joining stops then)", r.moment(l.JoinUntil))
		r.line("Token ts", "%s (every 006 token's ts is 24 hours after it was issued)", r.moment(l.ExpiresAt))
	case l.JoinUntil < l.ExpiresAt:
		r.line("Join until", "%s (a privilege that lets the user in expires then)", r.moment(l.JoinUntil))
		r.line("Expires", "%s", r.moment(l.ExpiresAt))
	default:
		r.line("Expires", "%s", r.moment(l.ExpiresAt))
	}
}

func (r *report) service007(s *token.Service, issued int64) {
	fmt.Fprintf(r.w, "\n%s (type %d)\n", r.p.bold("Service "+s.Type.String()), s.Type)
	field := func(label, value string) { fmt.Fprintf(r.w, "  %-10s %s\n", label, value) }
	for _, f := range s.Type.Fields() {
		switch f {
		case token.FieldChannel:
			field("Channel", quoteIfNeeded(s.Channel))
		case token.FieldUID:
			field("UID", uidWords(s.UID))
		case token.FieldAccount:
			field("Account", uidWords(s.Account))
		case token.FieldUserID:
			field("User ID", quoteIfNeeded(s.UserID))
		case token.FieldRoomUUID:
			field("Room", quoteIfNeeded(s.RoomUUID))
		case token.FieldUserUUID:
			field("User", quoteIfNeeded(s.UserUUID))
		case token.FieldRole:
			field("Role", strconv.Itoa(int(s.Role)))
		case token.FieldPermissions:
			for _, res := range s.Permissions {
				for _, p := range res.Permissions {
					field("Permission", fmt.Sprintf("%s %s: %s", nameAt(token.RTM2ResourceNames, res.Type),
						nameAt(token.RTM2PermissionNames, p.Type), strings.Join(p.Resources, ", ")))
				}
			}
		}
	}
	if len(s.Privileges) == 0 {
		return
	}
	fmt.Fprintln(r.w, "  Privileges")
	for _, p := range s.Privileges {
		value := strconv.FormatUint(uint64(p.Value), 10) + " s"
		fmt.Fprintf(r.w, "    %-20s %-9s until %s\n", s.Type.PrivilegeName(p.ID), value, r.moment(issued+int64(p.Value)))
	}
}

// verify006Hint says which flags check a 006 token's signature, which covers the channel
// and uid it does not hold; an RTM token's are its user id and uid 0.
func verify006Hint(t *token.Token006) string {
	if t.ForRTM() {
		return "add --verify --channel USER_ID --uid 0 to check it (a 006 RTM token is signed for its user id in the channel's place)"
	}
	return "add --verify --channel NAME --uid N to check it (a 006 signature covers both)"
}

func (r *report) token006(t *token.Token006, rep token.Report, ctx token.Context, length int, project string) {
	r.line("Token", "%s (AccessToken), %d characters", r.p.bold("006"), length)
	r.line("App ID", "%s%s", t.AppID, project)
	l := t.Life()
	r.life(l, true)
	r.line("Issued", "%s (not in a 006 token: the official builders issue it 24 hours before ts)", r.moment(l.IssuedAt))
	r.line("Salt", "%d", t.Salt)
	r.signature(rep, verify006Hint(t))

	channel := fmt.Sprintf("CRC32 %d (0x%08x); the name itself is not in a 006 token", t.CRCChannel, t.CRCChannel)
	if ctx.Channel != "" {
		channel += "; " + matchWords(token.MatchChannel(t.CRCChannel, ctx.Channel), "--channel "+strconv.Quote(ctx.Channel))
	}
	r.line("Channel", "%s", channel)
	uid := fmt.Sprintf("CRC32 %d (0x%08x)", t.CRCUID, t.CRCUID)
	if s, ok := clientUID(ctx); ok {
		given := "--account " + strconv.Quote(ctx.Account)
		if ctx.Account == "" {
			given = "--uid " + ctx.UID
		}
		uid += "; " + matchWords(token.MatchUID(t.CRCUID, s), given)
	}
	r.line("UID", "%s", uid)
	r.line("", "%s", candidateWords(token.RecoverUIDs(t.CRCUID)))

	if len(t.Privileges) == 0 {
		return
	}
	fmt.Fprintf(r.w, "\n%s\n", r.p.bold("Privileges"))
	for _, p := range t.Privileges {
		if p.Value == 0 {
			fmt.Fprintf(r.w, "  %-26s value 0: no expiry of its own, it lasts as long as the token\n", token.PrivilegeName006(p.ID))
			continue
		}
		fmt.Fprintf(r.w, "  %-26s until %s\n", token.PrivilegeName006(p.ID), r.moment(int64(p.Value)))
	}
}

func matchWords(match bool, given string) string {
	if match {
		return "matches " + given
	}
	return "does NOT match " + given
}

// candidateWords describes the numeric uids whose CRC32 a 006 token holds.
func candidateWords(uids []uint32) string {
	if len(uids) == 0 {
		return "No numeric uid has this CRC32: the token is for a string user account, which cannot be read back."
	}
	shown := make([]string, 0, maxCandidatesShown)
	for _, u := range uids[:min(len(uids), maxCandidatesShown)] {
		if u == 0 {
			shown = append(shown, `0 (written "", any user)`)
		} else {
			shown = append(shown, strconv.FormatUint(uint64(u), 10))
		}
	}
	list := strings.Join(shown, ", ")
	if len(uids) > maxCandidatesShown {
		list += fmt.Sprintf(" and %d more", len(uids)-maxCandidatesShown)
	}
	if len(uids) == 1 {
		return "The only numeric uid with this CRC32: " + list + " (a user account could have it too)."
	}
	return fmt.Sprintf("%d numeric uids have this CRC32: %s.", len(uids), list)
}

func uidWords(uid string) string {
	if uid == "" {
		return `"" (uid 0: any user)`
	}
	return quoteIfNeeded(uid)
}

// quoteIfNeeded quotes a name that is empty or has spaces or unusual characters, so that where
// it starts and ends is clear.
func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsAny(s, " \"\t\r\n") || token.IndexInvalidNameChar(s) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

// relative says when unix is from now: "in 42 minutes", "3 hours ago", "now".
func relative(unix, now int64) string {
	switch {
	case unix == now:
		return "now"
	case unix > now:
		return "in " + token.SpanWords(unix-now)
	}
	return token.SpanWords(now-unix) + " ago"
}

// projectLabel is the label of the project with this App ID, or "" when there is none or the
// store cannot be read: a decode should not fail for want of a label.
func (a *app) projectLabel(appID string) string {
	st, ok := a.openExistingStore()
	if !ok {
		return ""
	}
	defer st.Close()
	p, err := st.Project(appID)
	if err != nil || p.Label == appID {
		return ""
	}
	return p.Label
}
