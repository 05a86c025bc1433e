package token

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
)

// Sentences are the English templates of a family of findings, parsed once, when first
// needed: this package's ([FindingTemplates]) and those a program joins to them. Every
// finding is made from its template and [Params] here, the same way.
type Sentences struct {
	texts  []string
	parsed func() []*template.Template
}

// NewSentences holds texts, in text/template syntax; a field a finding does not fill in is an
// error, never "<no value>".
func NewSentences(texts ...string) *Sentences {
	s := &Sentences{texts: texts}
	s.parsed = sync.OnceValue(func() []*template.Template {
		out := make([]*template.Template, len(texts))
		for i, text := range texts {
			out[i] = template.Must(template.New("").Option("missingkey=error").Parse(text))
		}
		return out
	})
	return s
}

// Templates lists the templates, in order.
func (s *Sentences) Templates() []string { return slices.Clone(s.texts) }

// Fill writes the i-th sentence with the values of p; the error names a field p lacks.
func (s *Sentences) Fill(i int, p Params) (string, error) {
	var b strings.Builder
	err := s.parsed()[i].Execute(&b, map[string]string(p))
	return b.String(), err
}

// Finding is a finding whose message is the i-th sentence filled in with p (nil for none).
func (s *Sentences) Finding(severity Severity, code string, i int, p Params) Finding {
	if p == nil {
		p = Params{}
	}
	msg, err := s.Fill(i, p)
	if err != nil {
		// The templates are constants, and a test fills in each one: this cannot happen.
		msg = s.texts[i]
	}
	return Finding{Severity: severity, Code: code, Message: msg, Template: s.texts[i], Params: p}
}

// Params are the values of a finding's template fields (see [Finding]).
type Params map[string]string

// Span adds a span of time, in English words under name and in seconds under name+"Seconds".
func (p Params) Span(name string, seconds int64) Params {
	if seconds < 0 {
		seconds = -seconds
	}
	p[name] = SpanWords(seconds)
	p[name+"Seconds"] = strconv.FormatInt(seconds, 10)
	return p
}

// Excerpt adds what someone typed, as [Excerpt] quotes it, under name; when it is cut short,
// also its quoted part under name+"Quoted" and its length under name+"Length", for a program
// to say "(N characters)" in its own words.
func (p Params) Excerpt(name, typed string) Params {
	p[name] = Excerpt(typed)
	if quoted, length, cut := ExcerptOf(typed); cut {
		p[name+"Quoted"], p[name+"Length"] = quoted, strconv.Itoa(length)
	}
	return p
}
