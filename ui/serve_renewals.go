package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/serve"
)

// renewalRow is the template of a row of the renewal timeline: a verdict badge, the client
// and what it did.
type renewalRow struct {
	widget.BaseWidget
	verdict *widget.Label
	client  *widget.Label
	story   *widget.Label
}

// renewalColumns are the widths of the timeline's columns: verdict, client, story.
var renewalColumns = []float32{150, 140, 0}

func (s *serveScreen) newRenewalRow() fyne.CanvasObject {
	r := &renewalRow{verdict: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		client: widget.NewLabel(""), story: widget.NewLabel("")}
	r.client.Truncation = fyne.TextTruncateEllipsis
	r.story.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *renewalRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(&columns{widths: renewalColumns},
		r.verdict, r.client, r.story))
}

func (s *serveScreen) updateRenewalRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*renewalRow)
	if id < 0 || id >= len(s.session.renewals) {
		return
	}
	c := s.session.renewals[id]
	r.verdict.Text, r.verdict.Importance = renewalVerdict(c.Verdict)
	r.verdict.Refresh()
	r.client.SetText(c.Client)
	r.story.SetText(renewalStory(&c))
}

// renewalVerdict names a client's verdict, in its colour.
func renewalVerdict(v serve.Verdict) (string, widget.Importance) {
	switch v {
	case serve.RenewedInTime:
		return lang.L("Renewed in time"), widget.SuccessImportance
	case serve.RenewedLate:
		return lang.L("Renewed late"), widget.WarningImportance
	case serve.NeverRenewed:
		return lang.L("Never renewed"), widget.DangerImportance
	}
	return lang.L("Token valid"), widget.MediumImportance
}

// renewalStory says what a client did with its tokens: "uid 42 renewed 28 s before expiry",
// "uid 7 never renewed; its token expired at 10:42:13".
func renewalStory(c *serve.ClientTimeline) string {
	who := renewalWho(c)
	tokens := len(c.Served)
	var expires time.Time
	if c.Verdict == serve.NeverRenewed {
		expires = c.ExpiredAt
	} else if tokens > 0 {
		expires = c.Served[tokens-1].ExpiresAt
	}
	values := map[string]any{"Who": who, "Span": spanText(c.Margin.Abs()), "Count": tokens,
		"Time": expires.In(time.Local).Format("15:04:05")}
	switch c.Verdict {
	case serve.RenewedInTime:
		return lang.N("{{.Who}} renewed {{.Span}} before expiry ({{.Count}} tokens)", tokens, values)
	case serve.RenewedLate:
		return lang.N("{{.Who}} renewed {{.Span}} after its token expired ({{.Count}} tokens)", tokens, values)
	case serve.NeverRenewed:
		return lang.L("{{.Who}} never renewed; its token expired at {{.Time}}", values)
	}
	if tokens > 0 {
		return lang.L("{{.Who}} holds a token that expires at {{.Time}}", values)
	}
	return who
}

// renewalWho names a client at the start of a timeline sentence: "uid 42", "account alice",
// "The chat app".
func renewalWho(c *serve.ClientTimeline) string {
	switch {
	case c.UID == "" && c.Service == serve.ServiceChat:
		return lang.L("The chat app")
	case c.Account:
		return lang.L("account {{.Account}}", map[string]any{"Account": c.UID})
	case c.UID == "":
		return lang.L("uid {{.UID}}", map[string]any{"UID": "0"})
	}
	return lang.L("uid {{.UID}}", map[string]any{"UID": c.UID})
}
