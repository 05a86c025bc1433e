package ui

import (
	"slices"
	"time"
)

// fakeClock drives the window's timers from the harness clock: advance moves h.now on and
// runs, in time order, every timer that comes due, including those a timer sets.
type fakeClock struct {
	h      *harness
	timers []*fakeTimer
}

type fakeTimer struct {
	at        time.Time
	fn        func()
	cancelled bool
}

// withFakeClock gives the window clock's timers to c.
func withFakeClock(c *fakeClock) option {
	return func(h *harness, d *Deps) {
		c.h = h
		d.AfterFunc = c.afterFunc
	}
}

func (c *fakeClock) afterFunc(d time.Duration, fn func()) func() {
	t := &fakeTimer{at: c.h.now.Add(d), fn: fn}
	c.timers = append(c.timers, t)
	return func() { t.cancelled = true }
}

// advance moves the clock on by d, running the timers that come due on the way.
func (c *fakeClock) advance(d time.Duration) {
	end := c.h.now.Add(d)
	for {
		c.timers = slices.DeleteFunc(c.timers, func(t *fakeTimer) bool { return t.cancelled })
		i := -1
		for j, t := range c.timers {
			if !t.at.After(end) && (i < 0 || t.at.Before(c.timers[i].at)) {
				i = j
			}
		}
		if i < 0 {
			break
		}
		t := c.timers[i]
		c.timers = slices.Delete(c.timers, i, i+1)
		if t.at.After(c.h.now) {
			c.h.now = t.at
		}
		t.fn()
	}
	c.h.now = end
}

// pending counts the timers not yet run or cancelled.
func (c *fakeClock) pending() int {
	n := 0
	for _, t := range c.timers {
		if !t.cancelled {
			n++
		}
	}
	return n
}
