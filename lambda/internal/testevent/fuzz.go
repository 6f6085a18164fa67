package testevent

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Seed adds every *.json file of dir to f's corpus, each bare record also
// wrapped in an EventBridge envelope, plus a few malformed inputs.
func Seed(f *testing.F, dir string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in %s: %v", dir, err)
	}
	for _, file := range files {
		b := Load(f, file)
		f.Add(b)
		f.Add(Wrap(f, b))
	}
	for _, s := range []string{"", "null", "{}", `{"detail":{}}`, `{"detail":null}`, "[]", `{"eventVersion":"1.08"}`} {
		f.Add([]byte(s))
	}
}

var actions = []responderkit.Action{
	responderkit.ActionRemediated, responderkit.ActionWouldRemediate, responderkit.ActionSkipped, responderkit.ActionCompliant,
	responderkit.ActionGone, responderkit.ActionAlerted, responderkit.ActionRejected, responderkit.ActionFailed,
}

// CheckDecision fails t if err is a recovered panic, if the action is not
// one of the known ones, or if an error comes with an action other than
// "rejected" or "failed" (and the reverse).
func CheckDecision(t *testing.T, d responderkit.Decision, err error) {
	t.Helper()
	var pe *responderkit.PanicError
	if errors.As(err, &pe) {
		t.Fatalf("panic: %v\n%s", pe.Value, pe.Stack)
	}
	if !slices.Contains(actions, d.Action) {
		t.Fatalf("unknown action %q", d.Action)
	}
	failed := d.Action == responderkit.ActionRejected || d.Action == responderkit.ActionFailed
	if failed != (err != nil) {
		t.Fatalf("action %q with err %v", d.Action, err)
	}
}

// FuzzDecide fuzzes a responder's decision function: f is seeded from dir
// (Seed), and on every input the Handler that handler builds (with mock
// clients that answer every call) must decide without panicking and with
// a well-formed decision (CheckDecision).
func FuzzDecide(f *testing.F, dir string, handler func() *responderkit.Handler) {
	f.Helper()
	Seed(f, dir)
	f.Fuzz(func(t *testing.T, event []byte) {
		d, err := handler().Decide(context.Background(), event)
		CheckDecision(t, d, err)
	})
}
