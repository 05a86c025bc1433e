// Package assets holds the resources bundled into TokenDesk: the app icon, drawn by
// `go run ./assets/gen`.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:generate go run ./gen -o icon.png

//go:embed icon.png
var iconPNG []byte

// Icon is the TokenDesk app icon, a 512×512 PNG.
var Icon fyne.Resource = &fyne.StaticResource{StaticName: "icon.png", StaticContent: iconPNG}
