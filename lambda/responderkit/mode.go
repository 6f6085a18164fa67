package responderkit

import (
	"strings"

	"github.com/trailbridge/trailbridge/internal/contract"
)

// Mode says how far a responder goes when an event calls for a remedy. Its
// values are contract.Modes: the app configuration accepts the same list.
type Mode string

// The modes a responder runs in (contract.ModeOff and so on).
const (
	// ModeOff: do nothing; every event is "skipped" with reason "mode off".
	ModeOff = Mode(contract.ModeOff)
	// ModeAlert: look, but only log "alerted" where a remedy is due.
	ModeAlert = Mode(contract.ModeAlert)
	// ModeDryRun: look, and log "would-remediate" where a remedy is due.
	ModeDryRun = Mode(contract.ModeDryRun)
	// ModeRemediate: look and act; log "remediated".
	ModeRemediate = Mode(contract.ModeRemediate)
)

// Modes lists every mode, in increasing order of effect (contract.Modes).
var Modes = func() []Mode {
	out := make([]Mode, len(contract.Modes))
	for i, m := range contract.Modes {
		out[i] = Mode(m)
	}
	return out
}()

// ParseMode reads a mode exactly as written (lower case, no spaces).
func ParseMode(s string) (Mode, error) {
	m, err := contract.ParseMode(s)
	return Mode(m), err
}

func modeList() string { return strings.Join(contract.ModeNames(), ", ") }

// Acts reports whether the mode changes resources (ModeRemediate).
func (m Mode) Acts() bool { return contract.Mode(m).Acts() }

// Outcome is the action a responder reports when a remedy is due: "alerted"
// in ModeAlert, "would-remediate" in ModeDryRun, "remediated" in
// ModeRemediate (after acting) and "skipped" otherwise.
func (m Mode) Outcome() Action {
	switch m {
	case ModeAlert:
		return ActionAlerted
	case ModeDryRun:
		return ActionWouldRemediate
	case ModeRemediate:
		return ActionRemediated
	default:
		return ActionSkipped
	}
}

// Action is what a responder did about one event, as logged in a Decision.
type Action string

// The actions of a Decision.
const (
	// ActionRemediated: the responder changed the resource.
	ActionRemediated Action = "remediated"
	// ActionWouldRemediate: a remedy was due but the mode is dry-run.
	ActionWouldRemediate Action = "would-remediate"
	// ActionSkipped: nothing was looked at: mode off, a failed call, the
	// responder's own call, an exempt principal or resource.
	ActionSkipped Action = "skipped"
	// ActionCompliant: the resource is already as it should be (or the
	// remedy was already applied: delivery is at least once).
	ActionCompliant Action = "compliant"
	// ActionGone: the resource no longer exists.
	ActionGone Action = "gone"
	// ActionAlerted: a remedy was due but the mode is alert, or no remedy
	// exists (a deleted trail).
	ActionAlerted Action = "alerted"
	// ActionRejected: the event is malformed or not one the responder
	// handles; the handler returns an error so the event is kept (Lambda's
	// on-failure destination, or the queue's DLQ).
	ActionRejected Action = "rejected"
	// ActionFailed: an AWS call failed (or the responder panicked); the
	// handler returns the error so the event is retried.
	ActionFailed Action = "failed"
)
