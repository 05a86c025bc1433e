// Command gen draws the TokenDesk app icon, assets/icon.png: a rounded square with a deep
// blue-to-teal gradient and a white key whose bow is a ticket-like ring.
//
//	go run ./assets/gen
//
// It draws with signed distance functions and 4×4 supersampling, so the edges are smooth
// without any imaging library.
package main

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const size = 512

func main() {
	out := flag.String("o", "assets/icon.png", "where to write the PNG")
	flag.Parse()
	img := draw()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

type rgba struct{ r, g, b, a float64 }

func over(dst, src rgba) rgba {
	a := src.a + dst.a*(1-src.a)
	if a == 0 {
		return rgba{}
	}
	mix := func(s, d float64) float64 { return (s*src.a + d*dst.a*(1-src.a)) / a }
	return rgba{mix(src.r, dst.r), mix(src.g, dst.g), mix(src.b, dst.b), a}
}

func draw() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const samples = 4
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var acc rgba
			for sy := 0; sy < samples; sy++ {
				for sx := 0; sx < samples; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/samples) / size
					y := (float64(py) + (float64(sy)+0.5)/samples) / size
					c := shade(x, y)
					// Accumulate premultiplied, so transparent samples do not darken edges.
					acc.r += c.r * c.a
					acc.g += c.g * c.a
					acc.b += c.b * c.a
					acc.a += c.a
				}
			}
			n := float64(samples * samples)
			a := acc.a / n
			var out color.NRGBA
			if a > 0 {
				out = color.NRGBA{
					R: uint8(math.Round(acc.r / acc.a * 255)),
					G: uint8(math.Round(acc.g / acc.a * 255)),
					B: uint8(math.Round(acc.b / acc.a * 255)),
					A: uint8(math.Round(a * 255)),
				}
			}
			img.SetNRGBA(px, py, out)
		}
	}
	return img
}

// shade is the colour at (x, y), both from 0 to 1.
func shade(x, y float64) rgba {
	var c rgba
	// The badge: a rounded square with a diagonal gradient and a soft top light.
	if roundedBox(x-0.5, y-0.5, 0.44, 0.44, 0.1) <= 0 {
		t := clamp((x+y)/2, 0, 1)
		top := rgba{0.16, 0.27, 0.85, 1} // indigo blue
		bot := rgba{0.03, 0.72, 0.68, 1} // teal
		c = lerp(top, bot, t)
		light := clamp(1-y*1.6, 0, 1) * 0.18
		c = over(c, rgba{1, 1, 1, light})
	}
	if c.a == 0 {
		return c
	}
	// A faint shadow under the key lifts it off the badge.
	if key(x-0.012, y-0.018) <= 0 {
		c = over(c, rgba{0.02, 0.05, 0.2, 0.28})
	}
	if key(x, y) <= 0 {
		c = over(c, rgba{1, 1, 1, 1})
	}
	return c
}

// key is the signed distance to the key: a ring for the bow, a shaft and two teeth, laid
// at 45 degrees from top left to bottom right.
func key(x, y float64) float64 {
	// Rotate about the centre so the key runs diagonally.
	cx, cy := x-0.5, y-0.5
	const a = -math.Pi / 4
	rx := cx*math.Cos(a) - cy*math.Sin(a) - 0.03 // the bow is heavier: nudge it off centre
	ry := cx*math.Sin(a) + cy*math.Cos(a) + 0.01

	// The bow: a ring centred left of the middle, with a rounded-square hole like a ticket
	// punch.
	bowX := rx + 0.17
	bow := math.Max(circle(bowX, ry, 0.15), -roundedBox(bowX, ry, 0.055, 0.055, 0.025))
	// The shaft runs right from the bow.
	shaft := roundedBox(rx-0.1, ry, 0.17, 0.035, 0.02)
	// Two teeth hang below the shaft near its end.
	tooth1 := roundedBox(rx-0.2, ry+0.07, 0.03, 0.05, 0.01)
	tooth2 := roundedBox(rx-0.1, ry+0.055, 0.025, 0.035, 0.01)
	return math.Min(math.Min(bow, shaft), math.Min(tooth1, tooth2))
}

func circle(x, y, r float64) float64 { return math.Hypot(x, y) - r }

// roundedBox is the signed distance to a box of half-size (w, h) with corner radius r.
func roundedBox(x, y, w, h, r float64) float64 {
	qx := math.Abs(x) - w + r
	qy := math.Abs(y) - h + r
	return math.Hypot(math.Max(qx, 0), math.Max(qy, 0)) + math.Min(math.Max(qx, qy), 0) - r
}

func lerp(a, b rgba, t float64) rgba {
	return rgba{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t, a.a + (b.a-a.a)*t}
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
