package ui

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/serve"
	"github.com/tokendesk/tokendesk/token"
)

// requestColumns are the widths of the request table's columns: time, client, route,
// service, channel, uid or account, role, expiry, status, milliseconds and rehearsal. The
// route takes the room left.
var requestColumns = []float32{72, 96, 0, 86, 92, 84, 84, 64, 52, 44, 150}

// requestHeader names the columns of the request table.
func requestHeader() fyne.CanvasObject {
	return container.New(&columns{widths: requestColumns},
		headerLabel(lang.L("Time")), headerLabel(lang.L("Client")), headerLabel(lang.L("Route")),
		headerLabel(lang.L("Service")), headerLabel(lang.L("Channel")), headerLabel(lang.L("User")),
		headerLabel(lang.L("Role")), headerLabel(lang.L("Expiry")), headerLabel(lang.L("Status")),
		headerLabel(lang.L("ms")), headerLabel(lang.L("Rehearsal")))
}

// requestRow is the template of a row of the request table.
type requestRow struct {
	widget.BaseWidget
	cells [11]*widget.Label
}

func (s *serveScreen) newRequestRow() fyne.CanvasObject {
	r := &requestRow{}
	for i := range r.cells {
		r.cells[i] = widget.NewLabel("")
		r.cells[i].Truncation = fyne.TextTruncateEllipsis
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *requestRow) CreateRenderer() fyne.WidgetRenderer {
	objects := make([]fyne.CanvasObject, len(r.cells))
	for i, c := range r.cells {
		objects[i] = c
	}
	return widget.NewSimpleRenderer(container.New(&columns{widths: requestColumns}, objects...))
}

func (s *serveScreen) updateRequestRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*requestRow)
	if id < 0 || id >= s.session.log.len() {
		for _, c := range r.cells {
			c.SetText("")
		}
		return
	}
	req := s.session.log.at(id)
	texts := requestCells(&req)
	importance := widget.MediumImportance
	if req.Rehearsal != "" {
		importance = widget.WarningImportance
	}
	for i, c := range r.cells {
		c.Importance = importance
		c.Text = texts[i]
	}
	status := r.cells[8]
	switch {
	case req.Rehearsal != "":
	case !req.OK():
		status.Importance = widget.DangerImportance
	default:
		status.Importance = widget.SuccessImportance
	}
	for _, c := range r.cells {
		c.Refresh()
	}
}

// requestCells are the texts of a request's row, in the order of requestColumns.
func requestCells(r *serve.Request) [11]string {
	var user string
	switch {
	case r.UID == "":
	case r.Account:
		user = r.UID
	default:
		user = lang.L("uid {{.UID}}", map[string]any{"UID": r.UID})
	}
	var expiry string
	if r.Expiry != 0 {
		expiry = shortSpan(time.Duration(r.Expiry) * time.Second)
	}
	return [11]string{
		r.Time.In(time.Local).Format("15:04:05"),
		r.Client,
		r.Route,
		serviceLabel(r.Service),
		r.Channel,
		user,
		requestRole(r.Role),
		expiry,
		strconv.Itoa(r.Status),
		strconv.FormatFloat(float64(r.Duration.Microseconds())/1000, 'f', 1, 64),
		rehearsalMark(r),
	}
}

// serviceLabel names what a route serves, as the service menu does.
func serviceLabel(s serve.Service) string {
	switch s {
	case serve.ServiceRTC:
		return kindLabel(token.KindRTC)
	case serve.ServiceRTM:
		return kindLabel(token.KindRTM)
	case serve.ServiceRTE:
		return kindLabel(token.KindRTCRTM)
	case serve.ServiceChat:
		return "Chat"
	case serve.ServicePing:
		return lang.L("ping")
	}
	return ""
}

// requestRole names the role a request asked for, as the role buttons do.
func requestRole(role string) string {
	if role == "" {
		return ""
	}
	if r, err := token.ParseRole(role); err == nil {
		return roleLabel(r)
	}
	return role
}

// onRequestSelected opens the token a request got in Decode, with its diagnosis.
func (s *serveScreen) onRequestSelected(id widget.ListItemID) {
	s.requests.Unselect(id)
	if id < 0 || id >= s.session.log.len() {
		return
	}
	req := s.session.log.at(id)
	if req.Token == "" {
		s.status.Importance = widget.MediumImportance
		s.status.SetText(lang.L("That request got no token: it was answered with status {{.Status}}.",
			map[string]any{"Status": req.Status}))
		return
	}
	s.ui.openInDecode(req.Token)
	// Diagnosed against what the client asked for, so that a token for another uid or
	// channel (a rehearsal's, or a bug's) says so.
	if d := s.ui.decode; d.parsed != nil && d.text == token.Clean(req.Token) {
		d.textContext = askedFor(&req, s.session.choices.appID)
		d.rediagnose()
	}
}

// askedFor is what a request asked a token for, as the diagnosis takes it.
func askedFor(r *serve.Request, appID string) token.Context {
	ctx := token.Context{AppID: appID, Channel: r.Channel}
	switch {
	case r.Account:
		ctx.Account = r.UID
	case r.UID != "":
		ctx.UID = r.UID
	case r.Service == serve.ServiceRTC || r.Service == serve.ServiceRTE:
		ctx.UID = "0"
	}
	switch r.Service {
	case serve.ServiceRTC, serve.ServiceRTE:
		ctx.Use = token.ServiceRTC
	case serve.ServiceRTM:
		ctx.Use = token.ServiceRTM
	}
	return ctx
}

// rehearsalMark says which rehearsals shaped a request's answer, for its row.
func rehearsalMark(r *serve.Request) string {
	if r.Rehearsal == "" {
		return ""
	}
	x := r.Rehearsed
	var parts []string
	if x.FailRate != 0 {
		parts = append(parts, lang.L("failed on purpose"))
	}
	if x.Wrong != serve.WrongNone {
		parts = append(parts, lang.L("wrong: {{.What}}", map[string]any{"What": wrongShort(x.Wrong)}))
	}
	if x.ForceExpiry != 0 {
		parts = append(parts, lang.L("expiry {{.Span}}", map[string]any{"Span": shortSpan(x.ForceExpiry)}))
	}
	if x.Delay != 0 {
		parts = append(parts, lang.L("delay {{.Span}}", map[string]any{"Span": shortSpan(x.Delay)}))
	}
	if len(parts) == 0 {
		return lang.L("rehearsal")
	}
	return strings.Join(parts, " · ")
}

// wrongShort names a kind of wrong token in a few letters, for a table cell.
func wrongShort(w serve.Wrong) string {
	switch w {
	case serve.WrongUID:
		return lang.L("uid")
	case serve.WrongChannel:
		return lang.L("channel")
	case serve.WrongRole:
		return lang.L("role")
	case serve.WrongCertificate:
		return lang.L("certificate")
	case serve.WrongExpired:
		return lang.L("expired")
	}
	return string(w)
}
