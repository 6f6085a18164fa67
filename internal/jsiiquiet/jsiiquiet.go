// Package jsiiquiet closes the jsii runtime without the spurious
// "Runtime process exited abnormally: waitid: no child processes" that
// jsii-runtime-go prints on about half of all runs.
//
// The cause (jsii-runtime-go v1.139.0, internal/kernel/process/process.go):
// once the Node process has started, a goroutine waits for it
// (p.cmd.Wait()) and prints "Runtime process exited abnormally: %v" to
// os.Stderr, without a newline, when that wait returns an error. jsii.Close
// also calls p.cmd.Wait(). Both wait for the same child; the kernel reaps it
// for one of them and the other gets ECHILD, so whenever the goroutine loses
// it prints the message, glued to whatever stderr prints next
// ("...no child processesTrailbridge-AuditTrail" in `cdk ls`). Nothing went
// wrong: the Node process exited cleanly.
//
// Close points file descriptor 2 at a pipe while it calls jsii.Close, waits
// (bounded) until that goroutine has ended, so that its message, however late
// it is scheduled, lands in the pipe, then points descriptor 2 back. A filter
// between the pipe and the real stderr drops exactly that message (the
// "Runtime process exited abnormally: " prefix followed by an ECHILD reason)
// and passes every other byte through unchanged and in order, including a
// real abnormal exit ("Runtime process exited abnormally: exit status 1").
// Where descriptors cannot be redirected (Windows), Close is jsii.Close.
package jsiiquiet

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/aws/jsii-runtime-go"
)

// Prefix is what jsii-runtime-go prints before the wait error.
const Prefix = "Runtime process exited abnormally: "

// Dropped lists the exact messages the filter removes: the prefix followed
// by ECHILD as os.Process.Wait reports it, from the pidfd wait ("waitid"),
// a process already reaped ("wait"), or the BSDs' wait6.
var Dropped = []string{
	Prefix + "waitid: " + syscall.ECHILD.Error(),
	Prefix + "wait: " + syscall.ECHILD.Error(),
	Prefix + "wait6: " + syscall.ECHILD.Error(),
}

// waiter is the function of jsii-runtime-go's goroutine that waits for the
// Node process and prints the message (a closure in ensureStarted).
// TestWaiterName checks it against the pinned jsii-runtime-go.
const waiter = "github.com/aws/jsii-runtime-go/internal/kernel/process.(*Process).ensureStarted.func"

// waitLimit bounds how long Close waits for the waiter goroutine to end.
const waitLimit = 2 * time.Second

// Close calls jsii.Close, dropping the spurious ECHILD message (see the
// package comment). Call it where the program would call jsii.Close, once
// the jsii runtime is no longer needed.
func Close() { quietly(jsii.Close, waiter, waitLimit) }

// quietly runs closeFn with stderr filtered, then waits up to limit for every
// goroutine running a function whose name starts with fn to end, and restores
// stderr once the filter has written everything it passes.
func quietly(closeFn func(), fn string, limit time.Duration) {
	restore := filterStderr()
	defer restore()
	closeFn()
	deadline := time.Now().Add(limit)
	for running(fn) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
}

// running reports whether a goroutine is executing a function whose name
// starts with fn.
func running(fn string) bool {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Contains(string(buf[:n]), "\n"+fn)
		}
		buf = make([]byte, 2*len(buf))
	}
}

// Filter writes to W what is written to it, less every message of Dropped.
// A message may arrive in pieces and be glued to other output: the bytes that
// could still start one are held back until they can be decided, or until
// Flush.
type Filter struct {
	// W receives the output.
	W       io.Writer
	pending []byte
}

// Write filters b. It returns len(b) unless W fails.
func (f *Filter) Write(b []byte) (int, error) {
	f.pending = append(f.pending, b...)
	out, hold := f.scan()
	if err := f.emit(out); err != nil {
		return 0, err
	}
	f.pending = append(f.pending[:0], hold...)
	return len(b), nil
}

// Flush writes the bytes held back because they could start a message.
func (f *Filter) Flush() error {
	out := f.pending
	f.pending = nil
	return f.emit([][]byte{out})
}

func (f *Filter) emit(parts [][]byte) error {
	for _, p := range parts {
		if len(p) == 0 {
			continue
		}
		if _, err := f.W.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// scan splits pending into the parts to write now (every dropped message
// removed) and the tail that is a proper prefix of a message.
func (f *Filter) scan() (out [][]byte, hold []byte) {
	buf, start := f.pending, 0
	for i := 0; i < len(buf); {
		j := bytes.IndexByte(buf[i:], Prefix[0])
		if j < 0 {
			break
		}
		i += j
		if n := matched(buf[i:]); n > 0 {
			out = append(out, buf[start:i])
			i += n
			start = i
			continue
		}
		if couldStart(buf[i:]) {
			return append(out, buf[start:i]), buf[i:]
		}
		i++
	}
	return append(out, buf[start:]), nil
}

// matched returns the length of the message of Dropped that b starts with, or 0.
func matched(b []byte) int {
	for _, m := range Dropped {
		if bytes.HasPrefix(b, []byte(m)) {
			return len(m)
		}
	}
	return 0
}

// couldStart reports whether b is a proper prefix of a message of Dropped.
func couldStart(b []byte) bool {
	for _, m := range Dropped {
		if len(b) < len(m) && strings.HasPrefix(m, string(b)) {
			return true
		}
	}
	return false
}
