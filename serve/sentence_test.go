package serve

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/token"
)

func TestAnErrorOfTheTokenPackageIsSaidByItsSentenceNotByCuttingItsEnglishPrefix(t *testing.T) {
	spec := &token.Spec{Kind: token.KindRTC, AppID: "not an app id", Channel: "c", Expire: 60}
	_, err := spec.Build(strings.Repeat("a", 32))
	if err == nil {
		t.Fatal("a spec with a bad App ID was built")
	}
	wrapped := fmt.Errorf("building: %w", err)
	got := sentenceOf(wrapped)
	if strings.Contains(got, "token:") || strings.Contains(got, "building:") {
		t.Errorf("sentenceOf(%q) = %q, still carrying a package or context prefix", wrapped, got)
	}
	if got == "" {
		t.Errorf("sentenceOf(%q) says nothing", wrapped)
	}
	if plain := fmt.Errorf("plain"); sentenceOf(plain) != "plain" {
		t.Errorf("an error without a sentence is said as its text, got %q", sentenceOf(plain))
	}
}

func TestAFailureRateIsAFractionOrAPercentageAndNothingElse(t *testing.T) {
	for text, want := range map[string]float64{"0.25": 0.25, "25%": 0.25, " 20 % ": 0.2, "0": 0, "1": 1, "100%": 1} {
		if got, err := ParseFailRate(text); err != nil || got != want {
			t.Errorf("ParseFailRate(%q) = %v, %v; want %v", text, got, err, want)
		}
	}
	for _, text := range []string{"25", "150%", "-0.1", "half", "", "NaN"} {
		if _, err := ParseFailRate(text); !errors.Is(err, ErrConfig) {
			t.Errorf("ParseFailRate(%q) = %v, want an ErrConfig", text, err)
		}
	}
}
