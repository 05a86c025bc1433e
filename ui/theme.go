package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is Fyne's default theme with the colours that carry text made dark enough on
// light and light enough on dark for a contrast of at least 4.5:1 (WCAG AA): the default
// green, orange and blue are too bright under white text, and its greys too faint. When
// variant is set the theme is held to it, for a theme chosen in Settings rather than the
// system's.
type appTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant
}

// appColors are the colours appTheme changes, by variant.
var appColors = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		theme.ColorNamePrimary:             color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff},
		theme.ColorNameForegroundOnPrimary: color.White,
		theme.ColorNameSuccess:             color.NRGBA{R: 0x1b, G: 0x7a, B: 0x3a, A: 0xff},
		theme.ColorNameForegroundOnSuccess: color.White,
		theme.ColorNameWarning:             color.NRGBA{R: 0x9a, G: 0x56, B: 0x00, A: 0xff},
		theme.ColorNameForegroundOnWarning: color.White,
		theme.ColorNameError:               color.NRGBA{R: 0xc0, G: 0x26, B: 0x26, A: 0xff},
		theme.ColorNameForegroundOnError:   color.White,
		theme.ColorNamePlaceHolder:         color.NRGBA{R: 0x5f, G: 0x5f, B: 0x66, A: 0xff},
	},
	theme.VariantDark: {
		theme.ColorNamePrimary:             color.NRGBA{R: 0x6a, G: 0xa8, B: 0xff, A: 0xff},
		theme.ColorNameForegroundOnPrimary: color.Black,
		theme.ColorNameSuccess:             color.NRGBA{R: 0x4c, G: 0xc3, B: 0x6a, A: 0xff},
		theme.ColorNameForegroundOnSuccess: color.Black,
		theme.ColorNameWarning:             color.NRGBA{R: 0xf2, G: 0xa6, B: 0x3b, A: 0xff},
		theme.ColorNameForegroundOnWarning: color.Black,
		theme.ColorNameError:               color.NRGBA{R: 0xff, G: 0x7a, B: 0x7a, A: 0xff},
		theme.ColorNameForegroundOnError:   color.Black,
		theme.ColorNamePlaceHolder:         color.NRGBA{R: 0xa8, G: 0xa8, B: 0xb0, A: 0xff},
	},
}

func (t *appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	if c, ok := appColors[v][n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}

// themeFor is the theme of a theme setting: appTheme over the default theme, held to light
// or dark, or over system, the theme the app started with, when the setting follows the
// system.
func themeFor(name string, system fyne.Theme) fyne.Theme {
	if t, ok := system.(*appTheme); ok {
		system = t.Theme
	}
	t := &appTheme{Theme: theme.DefaultTheme()}
	switch name {
	case themeLight:
		v := theme.VariantLight
		t.variant = &v
	case themeDark:
		v := theme.VariantDark
		t.variant = &v
	default:
		t.Theme = system
	}
	return t
}
