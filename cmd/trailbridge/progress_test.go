package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock advances by step on every reading.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time {
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

func TestProgressRedrawsAtMostFourTimesASecond(t *testing.T) {
	var out bytes.Buffer
	clock := &fakeClock{t: time.Unix(0, 0), step: 100 * time.Millisecond}
	p := newProgress(&out, true, clock.now, 3)
	// 10 events over 1 s of fake time (one clock reading each): a redraw
	// every 250 ms at most, so 3 or 4 lines, not 10.
	for range 10 {
		p.record(2)
	}
	p.fileDone()
	draws := strings.Count(out.String(), "\r") // every draw starts with \r
	if draws < 3 || draws > 4 {
		t.Errorf("%d redraws for 1.1 s of events, want 3 or 4:\n%q", draws, out.String())
	}
	if !strings.Contains(out.String(), "\r0/3 files, 3 records, 6 matches, 10 records/s\x1b[K") {
		t.Errorf("no first progress line:\n%q", out.String())
	}
	out.Reset()
	p.finish()
	// The line is erased, then the summary is printed on its own line.
	if got, want := out.String(), "\r\x1b[Ksimulate: 1/3 files, 10 records, 20 matches, 8 records/s in 1.2s\n"; got != want {
		t.Errorf("finish wrote %q, want %q", got, want)
	}
}

func TestProgressIsSilentOffATerminal(t *testing.T) {
	var out bytes.Buffer
	clock := &fakeClock{t: time.Unix(0, 0), step: time.Second}
	p := newProgress(&out, false, clock.now, 1)
	p.record(1)
	p.fileDone()
	p.clear()
	p.finish()
	if out.Len() != 0 {
		t.Errorf("wrote %q to a non-terminal", out.String())
	}
}

func TestSimulateShowsProgressOnATerminal(t *testing.T) {
	var out, errOut bytes.Buffer
	clock := &fakeClock{t: time.Unix(0, 0), step: 300 * time.Millisecond}
	c := &cli{stdout: &out, stderr: &errOut, terminal: true, now: clock.now}
	code := c.simulate([]string{"--assembly", assembly, deletion, keyRead, "missing.json"})
	if code != 2 {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	e := errOut.String()
	// The error is printed on a clean line: the progress line is erased first.
	if !strings.Contains(e, "\r\x1b[Ktrailbridge: simulate: open missing.json: no such file or directory\n") {
		t.Errorf("error not on its own line:\n%q", e)
	}
	if !strings.HasSuffix(e, ", 1 failed (see above)\n") || !strings.Contains(e, "simulate: 3/3 files, 2 records, 4 matches, ") {
		t.Errorf("no summary:\n%q", e)
	}
	// Standard output carries results only.
	if strings.Contains(out.String(), "\r") || strings.Contains(out.String(), "records/s") {
		t.Errorf("progress on stdout:\n%q", out.String())
	}
	// Off a terminal (every other test), stderr stays empty on success.
	runCLI(t, "", "simulate", "--assembly", assembly, deletion).check(t, 0, nil, nil)
}
