// Package progress shows how far c2c's long work is on standard error: a
// bar with the rate and the time left on a terminal, a plain line every so
// often otherwise. Its displays implement batch.Progress.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/c2cnet/c2c/match/batch"
)

// New returns the progress display for w: a bar when w is a terminal,
// plain lines every five seconds otherwise, nothing when quiet.
func New(w io.Writer, quiet bool) batch.Progress {
	if quiet {
		return batch.Quiet{}
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &Bar{w: w}
	}
	return &Lines{w: w, every: 5 * time.Second}
}

// Bar draws a progress bar on a terminal, with the rate and the time left.
type Bar struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

// Stage prints what begins.
func (p *Bar) Stage(what string) {
	if what != "" {
		fmt.Fprintf(p.w, "c2c: %s\n", what)
	}
}

// Start begins a counted stage of total items.
func (p *Bar) Start(what string, total int) {
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription("c2c: "+what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("cities"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }),
	)
}

// Add counts n more items done.
func (p *Bar) Add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

// Finish ends the counted stage; a second call does nothing.
func (p *Bar) Finish() {
	if p.bar != nil && !p.bar.IsFinished() {
		_ = p.bar.Exit()
		fmt.Fprintln(p.w)
	}
	p.bar = nil
}

// Lines prints a line per stage and, for a counted stage, one every
// so often with the count, the rate and the time left.
type Lines struct {
	w           io.Writer
	every       time.Duration
	what        string
	total, done int
	start, last time.Time
}

// Stage prints what begins.
func (p *Lines) Stage(what string) {
	if what != "" {
		fmt.Fprintf(p.w, "c2c: %s\n", what)
	}
}

// Start begins a counted stage of total items.
func (p *Lines) Start(what string, total int) {
	p.what, p.total, p.done = what, total, 0
	p.start, p.last = time.Now(), time.Now()
	fmt.Fprintf(p.w, "c2c: %s: 0/%d\n", what, total)
}

// Add counts n more items done.
func (p *Lines) Add(n int) {
	p.done += n
	if now := time.Now(); now.Sub(p.last) >= p.every && p.done < p.total {
		p.last = now
		p.line(now)
	}
}

// line prints the count, the rate and the time left.
func (p *Lines) line(now time.Time) {
	elapsed := now.Sub(p.start).Seconds()
	rate := float64(p.done) / max(elapsed, 1e-9)
	left := ""
	if rate > 0 && p.done < p.total {
		left = fmt.Sprintf(", about %s left", time.Duration(float64(p.total-p.done)/rate*float64(time.Second)).Round(time.Second))
	}
	fmt.Fprintf(p.w, "c2c: %s: %d/%d (%.0f%%), %.0f/s%s\n", p.what, p.done, p.total, 100*float64(p.done)/float64(max(p.total, 1)), rate, left)
}

// Finish ends the counted stage; a second call does nothing.
func (p *Lines) Finish() {
	if p.total > 0 {
		p.line(time.Now())
	}
	p.total = 0
}
