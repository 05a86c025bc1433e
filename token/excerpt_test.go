package token

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExcerptQuotesWhatWasTypedShortSafeAndWithoutACertificate(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a short value is quoted whole", "room1", `"room1"`},
		{"an empty value is two quotes", "", `""`},
		{"24 characters are still whole", strings.Repeat("x", 24), `"` + strings.Repeat("x", 24) + `"`},
		{"a longer value is cut with an ellipsis and its length", strings.Repeat("x", 131000),
			`"` + strings.Repeat("x", 24) + `…" (131000 characters)`},
		{"terminal escapes are escaped", "evil\x1b[31m\a", `"evil\x1b[31m\a"`},
		{"escapes count as the characters they show", "evil\x1b[31m\x1b]0;pwned\a", `"evil\x1b[31m\x1b]0;pwned…" (19 characters)`},
		{"a bidi override is escaped", "abc\u202egnp.exe", `"abc\u202egnp.exe"`},
		{"an invalid byte is escaped", "a\xffb", `"a\xffb"`},
		{"Chinese stays readable", "房间一", `"房间一"`},
		{"a certificate is masked", "5CFd2fd1755d40ecb72977518be15d3b", `"5CF…" (32 characters)`},
		{"a certificate inside a value is masked", "uid=5CFd2fd1755d40ecb72977518be15d3b", `"uid…" (36 characters)`},
		{"31 hex characters are not a certificate", "5CFd2fd1755d40ecb72977518be15d3", `"5CFd2fd1755d40ecb7297751…" (31 characters)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Excerpt(tc.in); got != tc.want {
				t.Errorf("Excerpt(%.40q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestAnExcerptOfEscapedCharactersStaysShort(t *testing.T) {
	got := Excerpt(strings.Repeat("\x00", 5000))
	if n := utf8.RuneCountInString(got); n > ExcerptLength+30 {
		t.Errorf("the excerpt of 5000 NUL bytes is %d characters long: %s", n, got)
	}
	if !strings.HasSuffix(got, "(5000 characters)") {
		t.Errorf("the excerpt does not give the length: %s", got)
	}
}

func TestPrintableEscapesOnlyWhatATerminalWouldObey(t *testing.T) {
	for in, want := range map[string]string{
		"Staging (EU)":                  "Staging (EU)",
		"测试项目":                          "测试项目",
		"evil\x1b[31m\x1b]0;pwned\a":    `evil\x1b[31m\x1b]0;pwned\a`,
		"line\nbreak\ttab":              `line\nbreak\ttab`,
		"abc\u202egnp.exe\u2066x\u200f": `abc\u202egnp.exe\u2066x\u200f`,
		"bad\xffbyte":                   `bad\xffbyte`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseNamesTheStartOfANonTokenWithoutTheRest(t *testing.T) {
	_, err := Parse("5CFd2fd1755d40ecb72977518be15d3b")
	if err == nil || strings.Contains(err.Error(), "5CFd2") || !strings.Contains(err.Error(), `"5CF…"`) {
		t.Errorf("Parse of a certificate says %v", err)
	}
}

func TestInputErrorsNeverRepeatAHugeOrSecretValue(t *testing.T) {
	for _, in := range []string{strings.Repeat("9", 131000), strings.Repeat("x", 131000), "5CFd2fd1755d40ecb72977518be15d3b"} {
		_, err := ParseUID(in)
		if err == nil || len(err.Error()) > 200 || strings.Contains(err.Error(), "5CFd2") {
			t.Errorf("ParseUID of %d characters says %.300v", len(in), err)
		}
	}
	if _, err := ParseRole("5CFd2fd1755d40ecb72977518be15d3b"); err == nil || strings.Contains(err.Error(), "5CFd2") {
		t.Errorf("ParseRole of a certificate says %v", err)
	}
}
