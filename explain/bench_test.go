package explain

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tokendesk/tokendesk/token"
)

// logText is size bytes of an SDK log with timestamps, join lines, errors and tokens distinct
// tokens spread through it.
func logText(b testing.TB, size, tokens int) string {
	var sb strings.Builder
	lines := []string{
		"2024-05-01 10:00:%02d.%03d I/agora: [rtc] onNetworkQuality uid=0 txQuality=1 rxQuality=1\n",
		"2024-05-01 10:00:%02d.%03d D/agora: [rtc] audio volume indication speakers=2 totalVolume=37\n",
		"2024-05-01 10:00:%02d.%03d I/app: joinChannel channel=room1 uid=0\n",
		"2024-05-01 10:00:%02d.%03d W/agora: onConnectionStateChanged state: 4, reason: 2\n",
	}
	every := max(size/90/max(tokens, 1), 1) // lines are about 90 bytes
	for i := 0; sb.Len() < size; i++ {
		if i%every == 0 && i/every < tokens {
			tok := build(b, func(s *token.Spec) { s.Salt = uint32(i + 1) })
			fmt.Fprintf(&sb, "2024-05-01 10:00:00.000 I/app: got token %s from server\n2024-05-01 10:00:00.001 E/agora: onError: 110\n", tok)
		}
		fmt.Fprintf(&sb, lines[i%len(lines)], i%60, i%1000)
	}
	return sb.String()
}

// BenchmarkExplain1MBLogWith100Tokens is the budget of issue 12: under 100 ms.
func BenchmarkExplain1MBLogWith100Tokens(b *testing.B) {
	text := logText(b, 1<<20, 100)
	if r := Explain(text, Options{Now: now}); len(r.Tokens) < 100 {
		b.Fatalf("the log holds %d tokens, want at least 100", len(r.Tokens))
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Explain(text, Options{Now: now})
	}
}

// BenchmarkExplainIsLinear explains texts of 256 KiB and 1 MiB that are hard on the scan; the
// time per byte stays the same as the text grows.
func BenchmarkExplainIsLinear(b *testing.B) {
	shapes := map[string]string{
		"token prefixes":    "007 006 0070",
		"long base64 run":   "007" + strings.Repeat("A", 64),
		"error keywords":    "error error code: reason: ",
		"mentions":          `uid="` + strings.Repeat("x", 40) + ` channel:`,
		"unterminated JSON": `{"appId":"`,
		"zeros":             "0000000000",
	}
	for name, unit := range shapes {
		for _, size := range []int{256 << 10, 1 << 20} {
			text := strings.Repeat(unit, size/len(unit))
			b.Run(fmt.Sprintf("%s/%dKiB", name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					Explain(text, Options{Now: now})
				}
			})
		}
	}
}
