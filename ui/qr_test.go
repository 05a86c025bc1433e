package ui

import (
	"encoding/base64"
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"
)

// readQR reads a QR code in an image the way a phone does, with another library than the
// one that drew it.
func readQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	result, err := zxingqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code could be read: %v", err)
	}
	return result.GetText()
}

func TestQRImagesReadBackAsTheSameToken(t *testing.T) {
	texts := []string{}
	for _, v := range loadVectors[vector007](t, "v007.json") {
		texts = append(texts, v.Token)
	}
	for _, v := range loadVectors[vector006](t, "v006.json") {
		texts = append(texts, v.Token)
	}
	// Far longer than any real token: more than medium error correction holds at all.
	texts = append(texts, "007"+strings.Repeat("eJxTYGBgYGRgYmBkYGJgZGBiYGRgYmA", 80))
	for _, text := range texts {
		bitmap, err := qrBitmap(text)
		if err != nil {
			t.Fatalf("%d characters: %v", len(text), err)
		}
		side := max(480, 4*len(bitmap)) // a camera needs a few pixels a module
		if got := readQR(t, qrImage(bitmap, side, side)); got != text {
			t.Fatalf("read %q, want %q", got, text)
		}
	}
}

func TestACodeZXingMissesIsLaidOutAnotherWay(t *testing.T) {
	// Look for a token whose medium-level code ZXing's finder misses: about one in fifty.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		raw := make([]byte, 100+rng.IntN(120))
		for i := range raw {
			raw[i] = byte(rng.Uint32())
		}
		text := "007" + base64.StdEncoding.EncodeToString(raw)
		medium, err := qrcode.New(text, qrcode.Medium)
		if err != nil {
			t.Fatal(err)
		}
		if qrReadsBack(medium.Bitmap(), text) {
			continue
		}
		bitmap, err := qrBitmap(text)
		if err != nil {
			t.Fatal(err)
		}
		if got := readQR(t, qrImage(bitmap, 480, 480)); got != text {
			t.Fatalf("read %q, want %q", got, text)
		}
		return
	}
	t.Fatal("no token in 1000 has a medium-level code ZXing misses; the fallback goes untested")
}

func TestQRImagesAreBlackOnWhiteWithSharpModules(t *testing.T) {
	bitmap, err := qrBitmap(loadVectors[vector007](t, "v007.json")[0].Token)
	if err != nil {
		t.Fatal(err)
	}
	img := qrImage(bitmap, 500, 480).(*image.Gray)
	module := 480 / len(bitmap)
	if module < 6 {
		t.Errorf("modules of %d px in 480 px: too small for a camera across a table", module)
	}
	for _, p := range img.Pix {
		if p != 0 && p != 0xff {
			t.Fatalf("grey pixel %d: the modules are blurred", p)
		}
	}
	// The quiet zone: four white modules around the code, plus the centring.
	for x := range 500 {
		for _, y := range []int{0, 4*module - 1, 479} {
			if img.GrayAt(x, y).Y != 0xff {
				t.Fatalf("pixel %d,%d of the quiet zone is not white", x, y)
			}
		}
	}
	// The top-left finder pattern begins right after it.
	x0, y0 := (500-module*len(bitmap))/2, (480-module*len(bitmap))/2
	if img.GrayAt(x0+4*module, y0+4*module).Y != 0 {
		t.Error("no dark module where the finder pattern begins")
	}
}

// shownQR returns the QR code of the dialog on show, and the screen capture cropped to it.
func shownQR(t *testing.T, h *harness) (*canvas.Raster, image.Image) {
	t.Helper()
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shows")
	}
	var code *canvas.Raster
	for _, o := range objectsIn(top) {
		if r, ok := o.(*canvas.Raster); ok {
			code = r
		}
	}
	if code == nil {
		t.Fatal("the dialog shows no QR code")
	}
	shot := h.ui.win.Canvas().Capture()
	pos := onCanvas(h, code)
	r := image.Rect(int(pos.X), int(pos.Y), int(pos.X+code.Size().Width), int(pos.Y+code.Size().Height))
	crop := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(crop, crop.Bounds(), shot, r.Min, draw.Src)
	return code, crop
}

func TestTheQRDialogShowsTheBuiltTokenLargeEnoughForAPhone(t *testing.T) {
	h := newHarness(t)
	built := buildOne(t, h, "demo", "42")
	test.Tap(h.ui.build.qrButton)

	code, shot := shownQR(t, h)
	if size := code.Size(); size.Width < 480 || size.Height < 480 {
		t.Errorf("the code is %v on a %v window; a phone across a table needs 480 px or more", size, h.ui.win.Canvas().Size())
	}
	if got := readQR(t, shot); got != built {
		t.Fatalf("the code on screen reads %q, want the token %q", got, built)
	}
}

// darkTheme is the default theme, dark whatever the system prefers.
type darkTheme struct{ fyne.Theme }

func (d darkTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return d.Theme.Color(name, theme.VariantDark)
}

func TestTheQRCodeStaysBlackOnWhiteInTheDarkTheme(t *testing.T) {
	h := newHarness(t)
	h.ui.app.Settings().SetTheme(darkTheme{theme.DefaultTheme()})
	built := buildOne(t, h, "demo", "42")
	test.Tap(h.ui.build.qrButton)
	code, shot := shownQR(t, h)
	around := onCanvas(h, code).Subtract(fyne.NewPos(3, 3))
	if c := color.GrayModel.Convert(h.ui.win.Canvas().Capture().At(int(around.X), int(around.Y))).(color.Gray); c.Y > 0x60 {
		t.Fatalf("the dialog around the code is %v: the theme is not dark", c)
	}
	if c := color.GrayModel.Convert(shot.At(2, 2)).(color.Gray); c.Y != 0xff {
		t.Errorf("the quiet zone is %v in the dark theme, not white", c)
	}
	if got := readQR(t, shot); got != built {
		t.Fatalf("the code reads %q in the dark theme", got)
	}
}

func TestDecodeAndHistoryShowTheirTokenAsAQRCode(t *testing.T) {
	h := newHarness(t)
	built := buildOne(t, h, "demo", "42")

	d := h.ui.decode
	h.ui.openInDecode("007 not a token")
	if !d.qrButton.Disabled() {
		t.Error("QR code is offered for text that is not a token")
	}
	h.ui.openInDecode("  token=\"" + built + "\"\n")
	if d.qrButton.Disabled() {
		t.Fatal("QR code is not offered for a token")
	}
	test.Tap(d.qrButton)
	if _, shot := shownQR(t, h); readQR(t, shot) != built {
		t.Error("the Decode screen's code is not the cleaned token")
	}
	h.ui.win.Canvas().Overlays().Top().Hide()
	h.ui.win.Canvas().Overlays().Remove(h.ui.win.Canvas().Overlays().Top())

	h.ui.showHistory()
	hs := h.ui.history
	if !hs.qrButton.Disabled() {
		t.Error("QR code is offered with no history entry selected")
	}
	hs.list.Select(0)
	test.Tap(hs.qrButton)
	if _, shot := shownQR(t, h); readQR(t, shot) != built {
		t.Error("the History screen's code is not the entry's token")
	}
	if item := hs.qrMenuItem(*hs.selected); item.Label != "Show QR code" {
		t.Errorf("row menu item %q", item.Label)
	}
}

func TestAQRCodeIsNeverSmallerThanACameraReads(t *testing.T) {
	for _, window := range []fyne.Size{minimumWindowSize, defaultWindowSize, fyne.NewSize(2560, 1440)} {
		side := qrSide(window)
		if side < qrMinSide || side > qrMaxSide {
			t.Errorf("side %v in a %v window", side, window)
		}
		if window == defaultWindowSize && side < 480 {
			t.Errorf("side %v in the default window", side)
		}
	}
	if _, err := qrBitmap(strings.Repeat("x", 3000)); err == nil {
		t.Error("a text too long for any QR code was encoded")
	}
}
