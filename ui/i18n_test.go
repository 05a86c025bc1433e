package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	gotoken "go/token"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/explain"
	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// The translation checks read the package's source: every text the window shows must reach
// it through lang.L, lang.N or lang.X with a constant English key, and every key must be in
// both translation files. A string literal with a letter in it anywhere else fails the test,
// unless it is one of the kinds of text below that are not shown to people.

// langFuncs are the functions of fyne.io/fyne/v2/lang that translate, with whether they take
// plural forms and whether their first argument is a key with an English fallback after it.
var langFuncs = map[string]struct{ plural, keyed bool }{
	"L": {}, "Localize": {},
	"N": {plural: true}, "LocalizePlural": {plural: true},
	"X": {keyed: true}, "LocalizeKey": {keyed: true},
	"XN": {plural: true, keyed: true}, "LocalizePluralKey": {plural: true, keyed: true},
}

// notShown are literals with letters that are not translated, and why.
var notShown = map[string]string{
	"TokenDesk":          "the product's name",
	"007 (AccessToken2)": "the names of Agora's token builders",
	"006 (AccessToken)":  "the names of Agora's token builders",
	"006 · RTC":          "the format and the product",
	"APaaS":              "Agora's product names",
	"ConvoAI":            "Agora's product names",
	"Chat":               "Agora's product names",
	"Ctrl":               "key names, as printed on keyboards",
	"Alt":                "key names, as printed on keyboards",
	"Shift":              "key names, as printed on keyboards",
	"Super":              "key names, as printed on keyboards",
	"Enter":              "key names, as printed on keyboards",
}

// notShownFuncs are functions whose string literals are not shown to people.
var notShownFuncs = map[string]string{
	"sentence": "it cleans up error text: package prefixes and punctuation",
}

// notShownVars are package variables whose string literals are not shown to people.
var notShownVars = map[string]string{
	"expiryPresets": "English names of the presets, for code that selects one by name; the buttons show lifetimeText",
	"pinIcon":       "SVG source",
	"charAtByte":    "a pattern that finds a position in the token package's English errors",
	"byteIsChar":    "a pattern that finds a position in the token package's English errors",
	"byteAt":        "a pattern that finds a position in the token package's English errors",

	"projectForAppID":      "a pattern that finds the facts in the store's English errors",
	"projectHasAppID":      "a pattern that finds the facts in the store's English errors",
	"projectNumber":        "a pattern that finds the facts in the store's English errors",
	"memoryProjectNumber":  "a pattern that finds the facts in the store's English errors",
	"historyEntry":         "a pattern that finds the facts in the store's English errors",
	"memoryHistoryEntry":   "a pattern that finds the facts in the store's English errors",
	"sessionCertificate":   "a pattern that finds the facts in the store's English errors",
	"keychainCertificate":  "a pattern that finds the facts in the store's English errors",
	"certificateInSession": "a pattern that finds the facts in the store's English errors",
	"projectExists":        "a pattern that finds the facts in the store's English errors",
	"labelExists":          "a pattern that finds the facts in the store's English errors",
	"schemaTooNew":         "a pattern that finds the facts in the store's English errors",
}

// notShownFiles are files whose literals are not shown, and why.
var notShownFiles = map[string]string{
	"memory.go": "the in-memory store's errors mirror store/'s, which storetext.go translates",
}

// notShownCalls are functions whose string arguments are not shown to people.
var notShownCalls = map[string]string{
	"fyne.LogError": "log messages",
}

// externalKeys are the keys that are not constants of this package but come from another,
// by the expression passed to lang: the findings of the diagnosis and of an explanation are
// keyed by their English template, and every template the token and explain packages have
// must be translated.
var externalKeys = map[string]func() []string{
	"f.Template": func() []string { return append(token.FindingTemplates(), explain.FindingTemplates()...) },
}

// formatVerb matches a fmt verb, which is not a word.
var formatVerb = regexp.MustCompile(`%[-+# 0-9.*]*[a-zA-Z%]`)

// placeholder matches a template field of a translation, like {{.Count}}.
var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// langKey is a key used with the lang package.
type langKey struct {
	plural   bool
	fallback string // for lang.X: the English text
	where    string
}

// uiSource parses the package's non-test Go files.
func uiSource(t *testing.T) (*gotoken.FileSet, map[string]*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := gotoken.NewFileSet()
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
	}
	return fset, files
}

// stringConsts are the package's string constants, by name.
func stringConsts(files map[string]*ast.File) map[string]string {
	consts := map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != gotoken.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == gotoken.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	return consts
}

// constString evaluates a constant string expression: literals, constants and their sums.
func constString(e ast.Expr, consts map[string]string) (string, bool) {
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind != gotoken.STRING {
			return "", false
		}
		s, err := strconv.Unquote(v.Value)
		return s, err == nil
	case *ast.Ident:
		s, ok := consts[v.Name]
		return s, ok
	case *ast.ParenExpr:
		return constString(v.X, consts)
	case *ast.BinaryExpr:
		if v.Op != gotoken.ADD {
			return "", false
		}
		a, okA := constString(v.X, consts)
		b, okB := constString(v.Y, consts)
		return a + b, okA && okB
	}
	return "", false
}

// callName is "pkg.Func", "Func" or "x.Method" for a call.
func callName(c *ast.CallExpr) string {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return x.Name + "." + f.Sel.Name
		}
		return "." + f.Sel.Name
	}
	return ""
}

// sourceStrings walks the package: the keys passed to the lang package, and the literals
// with letters that reach the screen without it.
func sourceStrings(fset *gotoken.FileSet, files map[string]*ast.File) (keys map[string]langKey, problems []string) {
	consts := stringConsts(files)
	keys = map[string]langKey{}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f := files[name]
		exempt := map[*ast.BasicLit]bool{} // literals that are keys, or not shown
		markAll := func(n ast.Node) {
			ast.Inspect(n, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok {
					exempt[lit] = true
				}
				return true
			})
		}
		for _, imp := range f.Imports {
			markAll(imp)
		}
		if _, ok := notShownFiles[name]; ok {
			markAll(f)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch v := n.(type) {
			case *ast.GenDecl:
				if v.Tok == gotoken.CONST {
					markAll(v) // constants name code values; shown ones go through lang, and are checked there
				}
				for _, spec := range v.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							if _, ok := notShownVars[id.Name]; ok {
								markAll(vs)
							}
						}
					}
				}
			case *ast.FuncDecl:
				if _, ok := notShownFuncs[v.Name.Name]; ok {
					markAll(v)
				}
			case *ast.Field:
				if v.Tag != nil {
					exempt[v.Tag] = true
				}
			case *ast.CompositeLit:
				// The keys of template data, map[string]any{"Count": n}.
				if m, ok := v.Type.(*ast.MapType); ok {
					if id, ok := m.Key.(*ast.Ident); ok && id.Name == "string" {
						for _, el := range v.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok {
								markAll(kv.Key)
							}
						}
					}
				}
			case *ast.CallExpr:
				name := callName(v)
				if _, ok := notShownCalls[name]; ok {
					markAll(v)
				}
				sel, ok := v.Fun.(*ast.SelectorExpr)
				if !ok {
					break
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "lang" {
					break
				}
				fn, ok := langFuncs[sel.Sel.Name]
				if !ok || len(v.Args) == 0 {
					break
				}
				where := fset.Position(v.Pos()).String()
				if external, ok := externalKeys[exprText(fset, v.Args[0])]; ok {
					// lang.X(f.Template, f.Message, data): the fallback is the filled-in English.
					for _, key := range external() {
						keys[key] = langKey{plural: fn.plural, fallback: key, where: where}
					}
					markAll(v)
					break
				}
				key, ok := constString(v.Args[0], consts)
				if !ok {
					problems = append(problems, fmt.Sprintf("%s: lang.%s needs a constant key, not %s", where, sel.Sel.Name, exprText(fset, v.Args[0])))
					break
				}
				markAll(v.Args[0])
				k := langKey{plural: fn.plural, where: where}
				if fn.keyed {
					if len(v.Args) < 2 {
						break
					}
					fallback, ok := constString(v.Args[1], consts)
					if !ok {
						problems = append(problems, fmt.Sprintf("%s: lang.%s needs a constant fallback", where, sel.Sel.Name))
						break
					}
					markAll(v.Args[1])
					k.fallback = fallback
				}
				if old, ok := keys[key]; ok && old.plural != k.plural {
					problems = append(problems, fmt.Sprintf("%s: %q is used both with and without plural forms (also at %s)", where, key, old.where))
				}
				keys[key] = k
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != gotoken.STRING || exempt[lit] {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !hasWords(s) {
				return true
			}
			if _, ok := notShown[strings.TrimSpace(s)]; ok {
				return true
			}
			problems = append(problems, fmt.Sprintf("%s: %q is not translated: pass it through lang.L", fset.Position(lit.Pos()), s))
			return true
		})
	}
	return keys, problems
}

// codeLike matches literals that are code rather than text: identifiers, file names and
// paths in lower case ("darwin", "tokendesk-projects.json"), and markup ("<svg ...").
var codeLike = regexp.MustCompile(`^([a-z0-9_./()+-]*|<.*)$`)

// hasWords reports whether s has a letter outside fmt verbs and template fields, and is not
// code.
func hasWords(s string) bool {
	if codeLike.MatchString(s) {
		return false
	}
	s = formatVerb.ReplaceAllString(s, "")
	s = placeholder.ReplaceAllString(s, "")
	return strings.ContainsFunc(s, unicode.IsLetter)
}

func exprText(fset *gotoken.FileSet, e ast.Expr) string {
	var b strings.Builder
	if err := printer.Fprint(&b, fset, e); err != nil {
		return "an expression"
	}
	return b.String()
}

// translationFile reads a translation file: each key's text, or its plural forms.
func translationFile(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := translations.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// forms are the texts of a translation: one, or its plural forms by name.
func forms(v any) map[string]string {
	switch x := v.(type) {
	case string:
		return map[string]string{"other": x}
	case map[string]any:
		out := map[string]string{}
		for k, f := range x {
			s, _ := f.(string)
			out[k] = s
		}
		return out
	}
	return nil
}

// sameInChinese are keys whose Chinese text is the English one: product names and
// identifiers that Agora's Chinese documentation leaves in English.
var sameInChinese = []string{
	"RTC", "RTM", "RTC + RTM", "FPA", "RTM2", "ConvoAI", "App ID", "uid", "{{.Time}}",
	"uid {{.UID}}", "uid CRC32", "layout.dateTime", "layout.thisYear", "layout.date", "Token",
	"{{.Field}}: {{.Problem}}", "TokenDesk", "tokenUrl",
	// Which of the error catalogue's languages the window speaks: a language code.
	"catalogue.language",
	// What separates the items of a list: punctuation, "、" in Chinese.
	"list.separator",
}

func TestEveryStringIsTranslated(t *testing.T) {
	keys, problems := sourceStrings(uiSource(t))
	for _, p := range problems {
		t.Error(p)
	}
	if len(keys) < 200 {
		t.Fatalf("found only %d keys: is the source walk broken?", len(keys))
	}
	for _, file := range []string{"en.json", "zh-Hans.json"} {
		tr := translationFile(t, file)
		for key, k := range keys {
			v, ok := tr[key]
			if !ok {
				t.Errorf("%s: no translation of %q (used at %s)", file, key, k.where)
				continue
			}
			fs := forms(v)
			want := []string{"other"}
			if k.plural && file == "en.json" {
				want = []string{"one", "other"}
			}
			for _, form := range want {
				if fs[form] == "" {
					t.Errorf("%s: %q has no %q form", file, key, form)
				}
			}
			if !k.plural && len(fs) != 1 {
				t.Errorf("%s: %q has plural forms but is not used with lang.N", file, key)
			}
			// A translation uses the template fields the code fills in, and no others.
			source := key
			if k.fallback != "" {
				source = k.fallback
			}
			wantFields := fieldNames(source)
			for form, text := range fs {
				if got := fieldNames(text); !slices.Equal(got, wantFields) && !(k.plural && form == "one" && len(got) == 0) {
					t.Errorf("%s: %q (%s) has fields %v, want %v", file, key, form, got, wantFields)
				}
			}
			if file == "en.json" && !k.plural && fs["other"] != source {
				t.Errorf("en.json: %q reads %q: the English text is the key itself", key, fs["other"])
			}
			if file == "zh-Hans.json" && !slices.Contains(sameInChinese, key) {
				for form, text := range fs {
					if !strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
						t.Errorf("zh-Hans.json: %q (%s) = %q has no Chinese in it", key, form, text)
					}
				}
			}
		}
		for key := range tr {
			if _, ok := keys[key]; !ok {
				t.Errorf("%s: %q is not used any more", file, key)
			}
		}
	}
}

// fieldNames are the template fields of a text, sorted and without repeats.
func fieldNames(text string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// TestTheSourceCheckCatchesRawText makes sure the check above fails on what it is for.
func TestTheSourceCheckCatchesRawText(t *testing.T) {
	src := `package ui
const prefKey = "window.lastTab"
func f(u *UI, name string) {
	widget.NewButton("Build token", nil)
	widget.NewLabel("007")
	u.status.SetText(lang.L(name))
	u.status.SetText(fmt.Sprintf("%d characters", 3))
	fyne.LogError("reading settings", nil)
	lang.L("Saved.")
	lang.N("{{.Count}} tokens", 2, map[string]any{"Count": 2})
	lang.X("layout.date", "2 Jan 2006")
	widget.NewLabel("TokenDesk")
}`
	fset := gotoken.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	keys, problems := sourceStrings(fset, map[string]*ast.File{"x.go": f})
	text := strings.Join(problems, "\n")
	for _, want := range []string{`"Build token" is not translated`, `"%d characters" is not translated`, "lang.L needs a constant key, not name"} {
		if !strings.Contains(text, want) {
			t.Errorf("the check did not say %s; it said:\n%s", want, text)
		}
	}
	if len(problems) != 3 {
		t.Errorf("%d problems, want 3:\n%s", len(problems), text)
	}
	if len(keys) != 3 || !keys["{{.Count}} tokens"].plural || keys["layout.date"].fallback != "2 Jan 2006" {
		t.Errorf("keys found: %v", keys)
	}
}

// shownTexts collects the texts o shows: of its widgets, and every text drawn.
func shownTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *canvas.Text:
			out = append(out, v.Text)
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		case *widget.Check:
			out = append(out, v.Text)
		case *widget.Entry:
			if v.Text == "" {
				out = append(out, v.PlaceHolder)
			}
		case *widget.Select:
			if v.Selected == "" {
				out = append(out, v.PlaceHolder)
			}
			out = append(out, v.Selected)
		case *widget.RadioGroup:
			out = append(out, v.Options...)
		case *widget.Accordion:
			for _, it := range v.Items {
				out = append(out, it.Title)
			}
		case *container.AppTabs:
			for _, it := range v.Items {
				out = append(out, it.Text)
			}
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// untranslated are the texts among shown that are English keys with a Chinese translation.
func untranslated(t *testing.T, shown []string) []string {
	t.Helper()
	zh := translationFile(t, "zh-Hans.json")
	var out []string
	for _, s := range shown {
		if v, ok := zh[s].(string); ok && v != s {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func tabNames(u *UI) []string {
	var names []string
	for _, item := range u.tabs.Items {
		names = append(names, item.Text)
	}
	return names
}

func TestLanguageSwitchesInTheRunningWindow(t *testing.T) {
	h := newHarness(t)
	h.addProject("Demo app", sampleAppID, sampleCertificate)
	b := h.ui.build
	b.selectProjectByAppID(sampleAppID)
	typeIn(b.channel, "demo-room")
	typeIn(b.user, "42")
	b.role.SetSelected(roleLabel(token.RoleSubscriber))
	test.Tap(b.buildButton)
	built := b.builtToken
	if built == "" {
		t.Fatalf("no token built: %s", b.problem.Text)
	}
	h.ui.openInDecode(built)
	h.ui.showSettings()

	h.ui.settingsScreen.language.SetSelected(chineseName)
	if v := savedSettings(t, h); v.Language != languageChinese {
		t.Errorf("language %q saved", v.Language)
	}
	if got := tabNames(h.ui); !slices.Equal(got, []string{"生成", "解析", "历史记录", "设置", "服务"}) {
		t.Fatalf("tabs %q after switching to Chinese", got)
	}
	if h.ui.tabs.Selected() != h.ui.settingsTab {
		t.Error("the switch left the Settings screen")
	}

	// What was typed and built is still there, in Chinese.
	b = h.ui.build
	if b.channel.Text != "demo-room" || b.user.Text != "42" || b.role.Selected != "观众" || b.builtToken != built {
		t.Errorf("the form after the switch: channel %q, uid %q, role %q, token kept %v",
			b.channel.Text, b.user.Text, b.role.Selected, b.builtToken == built)
	}
	if b.buildButton.Text != "生成 Token" || b.copyButton.Text != "复制" || b.status.Text != "有效" {
		t.Errorf("Build shows %q, %q, %q", b.buildButton.Text, b.copyButton.Text, b.status.Text)
	}
	if b.expiry.Selected != "1 小时" || b.countdown.Text != "1 小时 00 分 00 秒后" {
		t.Errorf("expiry %q, countdown %q", b.expiry.Selected, b.countdown.Text)
	}
	if d := h.ui.decode; d.text != built || d.status.Text != "有效" {
		t.Errorf("Decode shows %q for the token", d.status.Text)
	}
	if h.ui.history.total != 1 || h.ui.history.count.Text != "1 个 Token" {
		t.Errorf("History counts %q", h.ui.history.count.Text)
	}

	// A Chinese form builds the same tokens.
	typeIn(b.issuedAt, "1748961000")
	typeIn(b.salt, "7")
	test.Tap(b.buildButton)
	spec := token.Spec{Kind: token.KindRTC, AppID: sampleAppID, Channel: "demo-room", UID: 42, Role: token.RoleSubscriber,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1748961000, Salt: 7}
	want, err := spec.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	sameToken(t, b.builtToken, want)

	// Every screen shows Chinese wherever a translation exists.
	for i, item := range h.ui.tabs.Items {
		h.ui.tabs.SelectIndex(i)
		h.relayout()
		if got := untranslated(t, shownTexts(h.ui.win.Canvas().Content())); len(got) > 0 {
			t.Errorf("%s shows English: %q", item.Text, got)
		}
	}
	// Fyne's own texts follow too: the confirmation's other button is its "No".
	h.ui.history.confirmClear(2)
	dialogTexts := shownTexts(h.ui.win.Canvas().Overlays().Top())
	if !slices.Contains(dialogTexts, "全部删除") || !slices.Contains(dialogTexts, "不") {
		t.Errorf("the Clear history dialog shows %q", dialogTexts)
	}
	h.ui.win.Canvas().Overlays().Top().Hide()
	h.ui.win.Canvas().Overlays().Remove(h.ui.win.Canvas().Overlays().Top())

	h.ui.settingsScreen.language.SetSelected(englishName)
	if got := tabNames(h.ui); !slices.Equal(got, []string{"Build", "Decode", "History", "Settings", "Serve"}) {
		t.Fatalf("tabs %q after switching back to English", got)
	}
	if b := h.ui.build; b.buildButton.Text != "Build token" || b.role.Selected != "subscriber" || b.channel.Text != "demo-room" {
		t.Errorf("Build after switching back: %q, role %q, channel %q", b.buildButton.Text, b.role.Selected, b.channel.Text)
	}
}

func TestAWindowOpensInTheSavedLanguage(t *testing.T) {
	h := newHarness(t, withSettings(func(v *store.Settings) { v.Language = languageChinese }))
	if got := tabNames(h.ui); !slices.Equal(got, []string{"生成", "解析", "历史记录", "设置", "服务"}) {
		t.Fatalf("tabs %q", got)
	}
	if got := h.ui.settingsScreen.language.Selected; got != chineseName {
		t.Errorf("Settings shows the language as %q", got)
	}
	// The choices of the model show in Chinese.
	b := h.ui.build
	b.model.Role, b.model.Account, b.model.Lifetime = token.RolePublisher, true, expiryPresets[0]
	b.update()
	if b.role.Selected != "主播" || b.identity.Selected != "用户名" || b.expiry.Selected != "10 分钟" {
		t.Errorf("role %q, identity %q, expiry %q", b.role.Selected, b.identity.Selected, b.expiry.Selected)
	}
}

func TestTextsReadNaturallyInBothLanguages(t *testing.T) {
	now := testNow
	for _, c := range []struct {
		language string
		got      func() string
		want     string
	}{
		{languageEnglish, func() string { return countdown(now, now.Add(time.Hour)) }, "in 1 h 00 min 00 s"},
		{languageChinese, func() string { return countdown(now, now.Add(time.Hour)) }, "1 小时 00 分 00 秒后"},
		{languageChinese, func() string { return countdown(now, now.Add(-90*time.Second)) }, "已过期 1 分 30 秒"},
		{languageEnglish, func() string { return lifetimeText(5400) }, "5400 s (1 h 30 min)"},
		{languageChinese, func() string { return lifetimeText(5400) }, "5400 秒（1 小时 30 分）"},
		{languageEnglish, func() string { return lifetimeText(3600) }, "1 hour"},
		{languageEnglish, func() string { return lifetimeText(7200) }, "2 hours"},
		{languageChinese, func() string { return localTime(now) }, "2025-06-03 14:30:00"},
		{languageEnglish, func() string { return localTime(now) }, "Tue 3 Jun 2025 14:30:00"},
		{languageChinese, func() string { return sentence(errors.New(lang.L("a lifetime cannot be negative"))) }, "有效期不能为负数。"},
		{languageChinese, func() string {
			s, _ := entryStatus(&token.Spec{IssuedAt: uint32(now.Unix()), Expire: 120}, now)
			return s
		}, "2 分 00 秒后过期"},
	} {
		useLanguage(c.language)
		if got := c.got(); got != c.want {
			t.Errorf("%s: %q, want %q", c.language, got, c.want)
		}
	}
	useLanguage(languageEnglish)
}
