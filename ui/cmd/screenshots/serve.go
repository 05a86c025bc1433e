package main

import (
	"io"
	"log"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"github.com/tokendesk/tokendesk/serve"
	"github.com/tokendesk/tokendesk/ui"
)

// windowClock is the window's clock: the token server's goroutines read it while the Serve
// samples move it on, so it is atomic. It shows now, except while they run.
var windowClock = func() *atomic.Int64 {
	c := &atomic.Int64{}
	c.Store(now.Unix())
	return c
}()

func windowNow() time.Time { return time.Unix(windowClock.Load(), 0) }

// wait moves the window's clock on.
func wait(d time.Duration) { windowClock.Add(int64(d / time.Second)) }

// serveSamples starts the window's token server, sends it what demo apps send, and captures
// the Serve screen: serve.png with plain requests, then serve-rehearse.png with the Rehearse
// panel, its banner, rehearsed rows and the renewal timeline.
func serveSamples(u *ui.UI, w fyne.Window, out string) {
	defer windowClock.Store(now.Unix())
	// Taller than the others: the request table and the renewal timeline share the height.
	w.Resize(fyne.NewSize(windowSize.Width, 900))
	defer w.Resize(windowSize)
	u.Show(ui.ScreenServe)
	// The port of the UI kits' examples, unless another program has it.
	var base string
	var err error
	for _, port := range []int{8080, 18080, 0} {
		if base, err = u.StartServing(sampleAppID, port); err == nil {
			break
		}
	}
	if err != nil {
		log.Fatal(err)
	}
	defer u.StopServing()
	asked := 0
	ask := func(path string, after time.Duration) {
		res, err := http.Get(base + path)
		if err != nil {
			log.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		asked++
		wait(after)
	}
	// A web demo, a React Native one (no trailing slash), an RTM login, a chat app token and
	// a typo.
	ask("/ping", 1*time.Second)
	ask("/rtc/demo-room/publisher/uid/4242/", 2*time.Second)
	ask("/rtm/4242/", 5*time.Second)
	ask("/rtc/demo-room/subscriber/uid/7?expiry=600", 3*time.Second)
	ask("/rtc/demo-room/publisher/uid/web-user/", 4*time.Second)
	ask("/chat/app/?expiry=1800", 6*time.Second)
	ask("/rte/demo-room/publisher/uid/4242/", 2*time.Second)
	if !u.AwaitRequests(asked, 10*time.Second) {
		log.Fatal("the Serve screen did not show the sample requests")
	}
	capture(w, filepath.Join(out, "serve.png"))

	// A tester turns on a 60-second expiry: uid 42 renews in time, uid 7 never does, and a
	// token for the wrong uid shows how the app fails.
	u.Rehearse(serve.Rehearsal{ForceExpiry: time.Minute})
	ask("/rtc/qa-lab/publisher/uid/42/", 0)
	ask("/rtc/qa-lab/publisher/uid/7/", 32*time.Second)
	ask("/rtc/qa-lab/publisher/uid/42/", 0)
	u.Rehearse(serve.Rehearsal{ForceExpiry: time.Minute, Wrong: serve.WrongUID})
	ask("/rtc/qa-lab/subscriber/uid/9/", 40*time.Second)
	if !u.AwaitRequests(asked, 10*time.Second) {
		log.Fatal("the Serve screen did not show the rehearsed requests")
	}
	capture(w, filepath.Join(out, "serve-rehearse.png"))
	u.Rehearse(serve.Rehearsal{})
}
