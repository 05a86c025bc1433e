package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// luminance is a colour's relative luminance, as WCAG 2 defines it.
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	channel := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(n.R) + 0.7152*channel(n.G) + 0.0722*channel(n.B)
}

// over is a colour drawn with its alpha over an opaque background.
func over(c, background color.Color) color.Color {
	f := color.NRGBAModel.Convert(c).(color.NRGBA)
	b := color.NRGBAModel.Convert(background).(color.NRGBA)
	a := float64(f.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{R: mix(f.R, b.R), G: mix(f.G, b.G), B: mix(f.B, b.B), A: 0xff}
}

// contrast is the WCAG contrast ratio of text over a background.
func contrast(text, background color.Color) float64 {
	a, b := luminance(over(text, background)), luminance(background)
	return (max(a, b) + 0.05) / (min(a, b) + 0.05)
}

func TestEveryTextAndBadgeHasAContrastOfAtLeast4Point5InBothThemes(t *testing.T) {
	test.NewTempApp(t)
	type pair struct {
		what             string
		text, background fyne.ThemeColorName
	}
	pairs := []pair{
		{"text", theme.ColorNameForeground, theme.ColorNameBackground},
		{"typed text", theme.ColorNameForeground, theme.ColorNameInputBackground},
		{"a placeholder", theme.ColorNamePlaceHolder, theme.ColorNameInputBackground},
		{"a note or timeline label", theme.ColorNamePlaceHolder, theme.ColorNameBackground},
		{"a selected tab or link", theme.ColorNamePrimary, theme.ColorNameBackground},
		{"a valid status", theme.ColorNameSuccess, theme.ColorNameBackground},
		{"a warning or 'expires soon'", theme.ColorNameWarning, theme.ColorNameBackground},
		{"an error", theme.ColorNameError, theme.ColorNameBackground},
		{"Build token and Copy", theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		{"Copied and the Valid pill", theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess},
		{"the Expires soon and Out of date pills", theme.ColorNameForegroundOnWarning, theme.ColorNameWarning},
		{"Delete and the Expired pill", theme.ColorNameForegroundOnError, theme.ColorNameError},
		{"a plain button", theme.ColorNameForeground, theme.ColorNameButton},
	}
	// A theme chosen in Settings is held to its variant; following the system, the window
	// shows either.
	for _, c := range []struct {
		setting string
		variant fyne.ThemeVariant
	}{{themeLight, theme.VariantDark}, {themeDark, theme.VariantLight}, {themeSystem, theme.VariantLight}, {themeSystem, theme.VariantDark}} {
		th := themeFor(c.setting, theme.DefaultTheme())
		bg := th.Color(theme.ColorNameBackground, c.variant)
		for _, p := range pairs {
			if r := contrast(th.Color(p.text, c.variant), over(th.Color(p.background, c.variant), bg)); r < 4.5 {
				t.Errorf("%s theme (system variant %d): %s has a contrast of %.2f:1", c.setting, c.variant, p.what, r)
			}
		}
		// A banner's text stands on its colour, lightly tinted over the background.
		for _, name := range []fyne.ThemeColorName{theme.ColorNameWarning, theme.ColorNameError} {
			background := over(withAlpha(th.Color(name, c.variant), 0x38), bg)
			if r := contrast(th.Color(theme.ColorNameForeground, c.variant), background); r < 4.5 {
				t.Errorf("%s theme (system variant %d): a %s banner's text has a contrast of %.2f:1", c.setting, c.variant, name, r)
			}
		}
	}
}

func TestTheContrastOfBlackOnWhiteIs21(t *testing.T) {
	if r := contrast(color.Black, color.White); math.Abs(r-21) > 0.01 {
		t.Errorf("black on white: %.2f:1", r)
	}
	if r := contrast(color.White, color.White); r != 1 {
		t.Errorf("white on white: %.2f:1", r)
	}
}
