// Command baseline is the floor for bench/serveload: a net/http server that answers every
// request with the same token-sized JSON, building nothing. Measured the same way and at the
// same time as tokendesk serve, it shows how much of the latency is the machine's (its cores
// shared with the load tool, the kernel, the Go scheduler) rather than the token server's.
//
//	go run ./bench/baseline -listen 127.0.0.1:18091 &
//	go run ./bench/serveload -url http://127.0.0.1:18091 -c 32 -n 100000 -rate 10000
//
// See docs/performance.md.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18091", "the address to listen on")
	flag.Parse()
	// As long as the answer of tokendesk serve for an RTC token: "007" and 152 more characters.
	body := []byte(`{"rtcToken":"007` + strings.Repeat("A", 152) + `"}`)
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
	})
	if err := http.ListenAndServe(*listen, handler); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}
