// Package tbrecord is a testing.TB that records failures instead of
// failing, for the tests of test helpers (trailbridgetest, sourcetest):
// they check what a helper reports about a bad input.
package tbrecord

import (
	"fmt"
	"testing"
)

// Recorder records the failures reported through it; every other method is
// the embedded TB's (set it to the running test). Fatal and Fatalf record
// and return: the helper under test goes on.
type Recorder struct {
	testing.TB
	// Failures are the messages reported, in order.
	Failures []string
}

// Helper does nothing: the recorder has no call stack to trim.
func (r *Recorder) Helper() {}

// Error records a failure.
func (r *Recorder) Error(a ...any) { r.Failures = append(r.Failures, fmt.Sprint(a...)) }

// Errorf records a failure.
func (r *Recorder) Errorf(format string, a ...any) {
	r.Failures = append(r.Failures, fmt.Sprintf(format, a...))
}

// Fatal records a failure, and returns.
func (r *Recorder) Fatal(a ...any) { r.Error(a...) }

// Fatalf records a failure, and returns.
func (r *Recorder) Fatalf(format string, a ...any) { r.Errorf(format, a...) }
