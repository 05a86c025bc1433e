package token

import (
	"errors"
	"strings"
	"testing"
)

// TestInputErrorsSayWhatTheyAlwaysSaid pins the English of every validation error, which the
// CLI prints and the window shows, and checks the facts InputError carries beside it.
func TestInputErrorsSayWhatTheyAlwaysSaid(t *testing.T) {
	uid := func(s string) error { _, err := ParseUID(s); return err }
	long65, long256 := strings.Repeat("a", 65), strings.Repeat("b", 256)
	cases := []struct {
		err  error
		want string
		kind error
		fact InputError // the facts besides Kind, Field and Value
	}{
		{ValidateAppID(""), "token: invalid App ID: an App ID is required", ErrInvalidAppID, InputError{Problem: ProblemEmpty}},
		{ValidateAppID("abc"), `token: invalid App ID: an App ID is 32 hexadecimal characters, "abc" has 3`, ErrInvalidAppID,
			InputError{Problem: ProblemLength, Length: 3, Limit: 32}},
		// A value cut short says its length once: "…" has 28, not "…" (28 characters) has 28.
		{ValidateAppID("970CA35de60c44645bbae8a21506"), `token: invalid App ID: an App ID is 32 hexadecimal characters, "970CA35de60c44645bbae8a2…" has 28`,
			ErrInvalidAppID, InputError{Problem: ProblemLength, Length: 28, Limit: 32}},
		{ValidateAppID("970CA35de60c44645bbae8a215061b33f"), `token: invalid App ID: an App ID is 32 hexadecimal characters, "970…" has 33`,
			ErrInvalidAppID, InputError{Problem: ProblemLength, Length: 33, Limit: 32}},
		{ValidateAppID("970CA35de60c44645bbae8a215061b3g"), "token: invalid App ID: an App ID is 32 hexadecimal characters, 'g' at position 32 is not one",
			ErrInvalidAppID, InputError{Problem: ProblemCharacter, Char: "g", Offset: 31}},
		{ValidateAppID("970CA35de60c44645bbae8a215061bé"), "token: invalid App ID: an App ID is 32 hexadecimal characters, 'é' at position 31 is not one",
			ErrInvalidAppID, InputError{Problem: ProblemCharacter, Char: "é", Offset: 30}},
		{ValidateCertificate(""), "token: invalid App Certificate: no App Certificate was given", ErrInvalidCertificate, InputError{Problem: ProblemEmpty}},
		{ValidateCertificate("abc"), "token: invalid App Certificate: an App Certificate is 32 hexadecimal characters, this one has 3",
			ErrInvalidCertificate, InputError{Problem: ProblemLength, Length: 3, Limit: 32}},
		{ValidateCertificate("97 CA35de60c44645bbae8a215061b33"), "token: invalid App Certificate: an App Certificate is 32 hexadecimal characters, character 3 is not one",
			ErrInvalidCertificate, InputError{Problem: ProblemCharacter, Offset: 2}},
		{ValidateChannel(""), "token: invalid channel name: a channel name cannot be empty", ErrInvalidChannel, InputError{Problem: ProblemEmpty}},
		{ValidateChannel(long65), "token: invalid channel name: a channel name is at most 64 bytes, this one has 65", ErrInvalidChannel,
			InputError{Problem: ProblemLength, Length: 65, Limit: 64}},
		{ValidateChannel("a/b"), "token: invalid channel name: a channel name may use letters a-z and A-Z, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,; '/' at byte 1 is not allowed",
			ErrInvalidChannel, InputError{Problem: ProblemCharacter, Char: "/", Offset: 1}},
		{ValidateChannel("频道"), "token: invalid channel name: a channel name may use letters a-z and A-Z, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,; '频' at byte 0 is not allowed",
			ErrInvalidChannel, InputError{Problem: ProblemCharacter, Char: "频", Offset: 0}},
		{ValidateChannel("x\xff"), "token: invalid channel name: a channel name may use letters a-z and A-Z, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,; '\uFFFD' at byte 1 is not allowed",
			ErrInvalidChannel, InputError{Problem: ProblemCharacter, Char: "\uFFFD", Offset: 1}},
		{ValidateAccount(""), "token: invalid user account: a user account cannot be empty", ErrInvalidAccount, InputError{Problem: ProblemEmpty}},
		{ValidateAccount(long256), "token: invalid user account: a user account is at most 255 bytes, this one has 256", ErrInvalidAccount,
			InputError{Problem: ProblemLength, Length: 256, Limit: 255}},
		{ValidateAccount("a/b"), "token: invalid user account: a user account may use letters a-z and A-Z, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,; '/' at byte 1 is not allowed",
			ErrInvalidAccount, InputError{Problem: ProblemCharacter, Char: "/", Offset: 1}},
		{uid(""), "token: invalid uid: a uid is a whole number from 0 to 4294967295, and none was given", ErrInvalidUID, InputError{Problem: ProblemEmpty}},
		{uid("-1"), `token: invalid uid: a uid is a whole number from 0 to 4294967295, not "-1"`, ErrInvalidUID, InputError{Problem: ProblemNotNumber}},
		{uid("99999999999"), "token: invalid uid: 99999999999 is larger than 4294967295, the largest uid", ErrInvalidUID,
			InputError{Problem: ProblemRange, Limit: 4294967295}},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("no error; want %q", c.want)
			continue
		}
		if c.err.Error() != c.want {
			t.Errorf("the error reads\n%q\nwant\n%q", c.err.Error(), c.want)
		}
		var e *InputError
		if !errors.As(c.err, &e) || !errors.Is(c.err, c.kind) || e.Kind != c.kind {
			t.Errorf("%q is not an InputError of its kind", c.want)
			continue
		}
		got := *e
		got.Kind, got.Field, got.Value = nil, "", ""
		if got != c.fact {
			t.Errorf("%q: facts %+v, want %+v", c.want, got, c.fact)
		}
		if e.Kind == ErrInvalidCertificate && (e.Value != "" || e.Char != "") {
			t.Errorf("%q: an InputError holds part of a certificate", c.want)
		}
	}
}

func TestAnInputErrorStaysAnInputErrorWhenWrapped(t *testing.T) {
	s := Spec{Kind: KindRTM, AppID: sampleAppID, UserID: "a/b", Expire: 60, PrivilegeExpire: 60}
	err := s.Validate()
	var e *InputError
	if !errors.As(err, &e) || e.Problem != ProblemCharacter || e.Value != "a/b" || !errors.Is(err, ErrInvalidAccount) {
		t.Errorf("%v", err)
	}
}
