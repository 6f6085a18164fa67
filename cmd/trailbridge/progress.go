package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progressInterval is the least time between two redraws of the progress
// line: at most four a second.
const progressInterval = 250 * time.Millisecond

// isTerminal reports whether f is a character device (a terminal), without
// a dependency on golang.org/x/term.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress reports how far `simulate` is, on one line of a terminal that it
// rewrites with \r (files done/total, records, matches, rate), and prints a
// one-line summary at the end. Off a terminal it writes nothing: stderr
// then carries only errors and warnings, as scripts expect.
type progress struct {
	w       io.Writer
	on      bool // w is a terminal
	now     func() time.Time
	start   time.Time
	last    time.Time // last redraw
	drawn   bool      // the progress line is on screen
	total   int       // input files
	files   int       // input files done
	records int       // events routed
	matches int       // rules that fired, summed over events
	errors  int       // inputs or events that could not be read or routed
}

func newProgress(w io.Writer, terminal bool, now func() time.Time, total int) *progress {
	t := now()
	return &progress{w: w, on: terminal, now: now, start: t, last: t, total: total}
}

// record counts one routed event and the rules it fired.
func (p *progress) record(matches int) {
	p.records++
	p.matches += matches
	p.tick()
}

// fileDone counts one input file done.
func (p *progress) fileDone() {
	p.files++
	p.tick()
}

// tick redraws the line when the last redraw is progressInterval old.
func (p *progress) tick() {
	if !p.on {
		return
	}
	if t := p.now(); t.Sub(p.last) >= progressInterval {
		p.last = t
		fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(t))
		p.drawn = true
	}
}

// clear removes the progress line, before anything else is written to the
// terminal; the next tick draws it again.
func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// finish replaces the progress line with the summary.
func (p *progress) finish() {
	if !p.on {
		return
	}
	p.clear()
	t := p.now()
	s := "simulate: " + p.line(t) + fmt.Sprintf(" in %s", t.Sub(p.start).Round(time.Millisecond))
	if p.errors > 0 {
		s += fmt.Sprintf(", %d failed (see above)", p.errors)
	}
	fmt.Fprintln(p.w, s)
}

func (p *progress) line(t time.Time) string {
	rate := 0.0
	if d := t.Sub(p.start).Seconds(); d > 0 {
		rate = float64(p.records) / d
	}
	return fmt.Sprintf("%d/%d files, %d records, %d matches, %.0f records/s", p.files, p.total, p.records, p.matches, rate)
}
