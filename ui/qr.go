package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/tokendesk/tokendesk/store"
)

// The side of the QR code on screen: as large as the window allows, for a phone camera
// across a table, and never so small that a camera struggles.
const (
	qrMinSide = 360
	qrMaxSide = 720
)

// qrLevels are the error correction levels a code may use, in order of preference. Medium
// keeps a 200-character token at a size a camera reads from afar; the others lay the modules
// out anew when medium's code does not read back, and low holds the longest tokens.
var qrLevels = []qrcode.RecoveryLevel{qrcode.Medium, qrcode.Low, qrcode.High}

// qrBitmap encodes a token as a QR code, its quiet zone of four modules included. About one
// token code in fifty has a module pattern that ZXing's finder misses (zbar reads it), and
// ZXing is what many phone scanners build on; so each code is read back with gozxing, the
// Go port of ZXing, and the next level is tried when it is missed.
func qrBitmap(text string) ([][]bool, error) {
	var first [][]bool
	var lastErr error
	for _, level := range qrLevels {
		q, err := qrcode.New(text, level)
		if err != nil {
			lastErr = err
			continue
		}
		bitmap := q.Bitmap()
		if qrReadsBack(bitmap, text) {
			return bitmap, nil
		}
		if first == nil {
			first = bitmap
		}
	}
	if first == nil {
		return nil, lastErr
	}
	return first, nil
}

// qrReadsBack reports whether ZXing reads text in the bitmap drawn at a few pixels a module.
func qrReadsBack(bitmap [][]bool, text string) bool {
	side := 6 * len(bitmap)
	img, err := gozxing.NewBinaryBitmapFromImage(qrImage(bitmap, side, side))
	if err != nil {
		return false
	}
	result, err := zxingqr.NewQRCodeReader().Decode(img, nil)
	return err == nil && result.GetText() == text
}

// qrImage draws a QR bitmap black on white, whatever the theme, in a w×h image: every module
// the same whole number of pixels, so that its edges stay sharp, and the code centred.
func qrImage(bitmap [][]bool, w, h int) image.Image {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	n := len(bitmap)
	if n == 0 {
		return img
	}
	module := max(min(w, h)/n, 1)
	x0, y0 := (w-n*module)/2, (h-n*module)/2
	for y, row := range bitmap {
		for x, dark := range row {
			if !dark {
				continue
			}
			for py := y0 + y*module; py < y0+(y+1)*module; py++ {
				for px := x0 + x*module; px < x0+(x+1)*module; px++ {
					if image.Pt(px, py).In(img.Rect) {
						img.SetGray(px, py, color.Gray{})
					}
				}
			}
		}
	}
	return img
}

// qrSide is the side of the code in a window of the given size: what is left once the
// dialog's title, note and button have their room.
func qrSide(window fyne.Size) float32 {
	return min(max(min(window.Width-160, window.Height-230), qrMinSide), qrMaxSide)
}

// newQRCode is the canvas object that shows a token's QR code at side×side or larger.
func newQRCode(text string, side float32) (*canvas.Raster, error) {
	bitmap, err := qrBitmap(text)
	if err != nil {
		return nil, err
	}
	code := canvas.NewRaster(func(w, h int) image.Image { return qrImage(bitmap, w, h) })
	code.ScaleMode = canvas.ImageScalePixels
	code.SetMinSize(fyne.NewSquareSize(side))
	return code, nil
}

// showQR shows a token as a QR code in a dialog, for a phone to scan.
func (u *UI) showQR(text string) {
	if text == "" {
		return
	}
	code, err := newQRCode(text, qrSide(u.win.Canvas().Size()))
	if err != nil {
		u.showError(err)
		return
	}
	note := widget.NewLabelWithStyle(lang.L("Scan it with a phone camera. The code holds the token only, never the App Certificate."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	note.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.L("Token as a QR code"), lang.L("Close"), container.NewBorder(nil, note, nil, nil, code), u.win)
	d.Show()
}

// newQRButton is the button that shows a token as a QR code.
func newQRButton(tapped func()) *widget.Button {
	return widget.NewButtonWithIcon(lang.L("QR code"), theme.NewThemedResource(qrIcon), tapped)
}

// qrIcon is a QR code symbol (Material Icons "qr_code", Apache 2.0).
var qrIcon = &fyne.StaticResource{StaticName: "qr_code.svg", StaticContent: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">` +
	`<path fill="#000000" d="M3 11h8V3H3v8zm2-6h4v4H5V5zM3 21h8v-8H3v8zm2-6h4v4H5v-4zM13 3v8h8V3h-8zm6 6h-4V5h4v4zM19 19h2v2h-2zM13 13h2v2h-2zM15 15h2v2h-2zM13 17h2v2h-2zM15 19h2v2h-2zM17 17h2v2h-2zM17 13h2v2h-2zM19 15h2v2h-2z"/></svg>`)}

func (s *decodeScreen) onShowQR() {
	if s.parsed != nil {
		s.ui.showQR(s.text)
	}
}

func (s *historyScreen) onQR(e store.Entry) { s.withToken(e, s.ui.showQR) }

func (s *historyScreen) onQRSelected() { s.withSelected(s.onQR)() }

func (s *historyScreen) qrMenuItem(e store.Entry) *fyne.MenuItem {
	return fyne.NewMenuItem(lang.L("Show QR code"), func() { s.onQR(e) })
}
