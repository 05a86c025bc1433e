// Command serveload measures a token server on loopback: requests per second and latency
// percentiles with a number of concurrent clients, and, given the server's process id, its
// resident memory after the first requests and after all of them.
//
// It asks /rtc/CHANNEL/publisher/uid/N/ with a new uid each time, so that every answer is a
// freshly built token, and checks each answer holds one. It works against tokendesk serve and
// against agora-token-service alike:
//
//	tokendesk serve --app-id ID --no-save --listen 127.0.0.1:18090 2>/dev/null &
//	go run ./bench/serveload -url http://127.0.0.1:18090 -c 32 -n 200000 -pid $!
//
// With -rate it sends at a steady rate instead of as fast as the clients can: request i is due
// i/rate seconds after the start, and a request sent late because its client was still
// waiting for an answer counts its latency from when it was due, so a server that falls
// behind is charged for every request it kept waiting, not only for the one it was slow to
// answer. That is how the latency goal is read: p99 at 10,000 requests a second from 32
// clients. Without -rate the clients saturate the machine, which measures the most the
// server can answer, with the latency of a queue that never empties.
//
// With -self it serves in its own process instead, and reports the heap in use after garbage
// collection, which shows that the request log is bounded.
//
// See docs/performance.md for the figures and how they were taken.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tokendesk/tokendesk/serve"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "the server's tokenUrl")
	clients := flag.Int("c", 32, "concurrent clients, each with its own keep-alive connection")
	total := flag.Int("n", 100000, "requests in all, after the first -first")
	first := flag.Int("first", 1000, "requests sent before measuring (and before the first memory reading)")
	pid := flag.Int("pid", 0, "the server's process id, to read its resident memory (Linux)")
	rate := flag.Float64("rate", 0, "requests per second in all, sent on a steady schedule; 0 sends as fast as the clients can")
	self := flag.Bool("self", false, "serve in this process instead of -url, and report its heap after garbage collection")
	flag.Parse()
	// The tool shares the cores with the server, and its own collections would show as the
	// server's latency: collect a quarter as often as by default.
	debug.SetGCPercent(400)
	var heap func() uint64
	if *self {
		srv, err := serve.New(serve.Config{AppID: sampleAppID, Certificate: sampleCertificate, Listen: "127.0.0.1:0"})
		if err == nil {
			err = srv.Start()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "serveload:", err)
			os.Exit(1)
		}
		*url, heap = srv.URL(), liveHeap
	}
	if *rate < 0 {
		fmt.Fprintln(os.Stderr, "serveload: -rate must be a number of requests per second, or 0 for as fast as possible")
		os.Exit(2)
	}
	if err := run(*url, *clients, *first, *total, *rate, *pid, heap); err != nil {
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
}

// The sample App ID and certificate of Agora's documentation, for -self.
const (
	sampleAppID       = "970CA35de60c44645bbae8a215061b33"
	sampleCertificate = "5CFd2fd1755d40ecb72977518be15d3b"
)

// liveHeap is what this process's heap holds after garbage collection; two collections
// empty the sync.Pools, which the first only moves aside.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func run(url string, clients, first, total int, rate float64, pid int, heap func() uint64) error {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	var next atomic.Uint64
	if _, err := load(client, url, clients, first, 0, &next); err != nil {
		return err
	}
	before, err := rss(pid)
	if err != nil {
		return err
	}
	var heapBefore uint64
	if heap != nil {
		client.CloseIdleConnections()
		heapBefore = heap()
	}
	began := time.Now()
	latencies, err := load(client, url, clients, total, rate, &next)
	if err != nil {
		return err
	}
	elapsed := time.Since(began)
	after, err := rss(pid)
	if err != nil {
		return err
	}
	slices.Sort(latencies)
	at := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	pace := "as fast as they can"
	if rate > 0 {
		pace = fmt.Sprintf("at %.0f/s", rate)
	}
	fmt.Printf("%d requests, %d clients %s, %.2f s: %.0f requests/s; latency p50 %s, p90 %s, p99 %s, max %s\n",
		total, clients, pace, elapsed.Seconds(), float64(total)/elapsed.Seconds(),
		round(at(0.50)), round(at(0.90)), round(at(0.99)), round(latencies[len(latencies)-1]))
	latencies = nil // the clients' own record is not the server's memory
	client.CloseIdleConnections()
	if pid != 0 {
		fmt.Printf("server resident memory: %.1f MiB after %d requests, %.1f MiB after %d\n",
			float64(before)/(1<<20), first, float64(after)/(1<<20), first+total)
	}
	if heap != nil {
		fmt.Printf("live heap after garbage collection: %.2f MiB after %d requests, %.2f MiB after %d\n",
			float64(heapBefore)/(1<<20), first, float64(heap())/(1<<20), first+total)
	}
	return nil
}

// load sends n requests from clients goroutines and returns each one's latency. With a rate,
// request i is due i/rate seconds after the start: a client that is early waits for that
// moment, one that is late sends at once and counts the latency from the moment it was due.
func load(client *http.Client, url string, clients, n int, rate float64, next *atomic.Uint64) ([]time.Duration, error) {
	latencies := make([]time.Duration, n)
	start := time.Now()
	var sent atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Pointer[error]
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := sent.Add(1) - 1
				if i >= int64(n) || failed.Load() != nil {
					return
				}
				uid := next.Add(1)
				began := time.Now()
				if rate > 0 {
					due := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
					if wait := due.Sub(began); wait > 0 {
						// Early: the request goes out when the timer fires. Go's timers
						// fire up to a millisecond late, which is the tool's own delay, so
						// the latency counts from the send.
						time.Sleep(wait)
						began = time.Now()
					} else {
						// Late: the client was still waiting for its previous answer.
						// The server kept this request waiting, and is charged from the
						// moment it was due.
						began = due
					}
				}
				err := ask(client, url+"/rtc/load/publisher/uid/"+strconv.FormatUint(uid, 10)+"/")
				latencies[i] = time.Since(began)
				if err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		return nil, *err
	}
	return latencies, nil
}

// ask sends one request and checks the answer holds a token.
func ask(client *http.Client, url string) error {
	res, err := client.Get(url)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	if res.StatusCode != 200 || !bytes.Contains(body, []byte(`"rtcToken":"007`)) {
		return fmt.Errorf("%s answered %d: %.100s", url, res.StatusCode, body)
	}
	return nil
}

// rss is the resident memory of a process, from /proc; 0 when pid is 0.
func rss(pid int) (int64, error) {
	if pid == 0 {
		return 0, nil
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}

func round(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
