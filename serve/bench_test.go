package serve

import (
	"net/http"
	"runtime"
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

// liveHeap is the memory the heap holds after garbage collection. Two collections empty the
// sync.Pools (the token builder keeps zlib writers in one), which the first only moves aside.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// The request log is bounded: a server that has answered many requests holds no more memory
// than one whose log has just filled up.
func TestTheServersMemoryDoesNotGrowWithTheRequestsItAnswered(t *testing.T) {
	s, err := New(Config{AppID: testAppID, Certificate: testCertificate})
	if err != nil {
		t.Fatal(err)
	}
	w := &nullWriter{h: http.Header{}}
	serveN := func(from, to int) {
		for i := from; i < to; i++ {
			r, _ := http.NewRequest(http.MethodGet, "/rtc/load/publisher/uid/"+strconv.Itoa(i+1)+"/", nil)
			r.RemoteAddr = "127.0.0.1:50000"
			clear(w.h)
			s.ServeHTTP(w, r)
		}
	}
	serveN(0, LogSize)
	full := liveHeap()
	serveN(LogSize, 6*LogSize)
	later := liveHeap()
	// A little slack for what the runtime itself keeps; the log alone holds about 1 MB.
	if later > full+256<<10 {
		t.Errorf("the heap grew from %d KiB after %d requests to %d KiB after %d", full>>10, LogSize, later>>10, 6*LogSize)
	}
	if got := len(s.Requests()); got != LogSize {
		t.Errorf("the log holds %d requests", got)
	}
}
