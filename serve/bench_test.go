package serve

import (
	"net/http"
	"strconv"
	"testing"
)

// nullWriter is a ResponseWriter that keeps the headers and throws the body away, so that
// the benchmark measures the server, not a recorder.
type nullWriter struct{ h http.Header }

func (w *nullWriter) Header() http.Header         { return w.h }
func (w *nullWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nullWriter) WriteHeader(int)             {}

// BenchmarkServeRTC answers GET /rtc/load/publisher/uid/N/ in-process, a new uid each time:
// routing, checks, a freshly built token, the log and the counters, without the network.
func BenchmarkServeRTC(b *testing.B) {
	s, err := New(Config{AppID: testAppID, Certificate: testCertificate})
	if err != nil {
		b.Fatal(err)
	}
	paths := make([]*http.Request, 1024)
	for i := range paths {
		paths[i], _ = http.NewRequest(http.MethodGet, "/rtc/load/publisher/uid/"+strconv.Itoa(i+1)+"/", nil)
		paths[i].RemoteAddr = "127.0.0.1:50000"
	}
	w := &nullWriter{h: http.Header{}}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		clear(w.h)
		s.ServeHTTP(w, paths[i%len(paths)])
	}
}
