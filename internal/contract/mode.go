package contract

import (
	"fmt"
	"strings"
)

// Mode says how far a responder goes: the value of EnvMode and of each
// responder's "mode" in the app configuration.
type Mode string

// The modes, in increasing order of effect.
const (
	// ModeOff: nothing is deployed; a function that runs anyway skips every
	// event.
	ModeOff Mode = "off"
	// ModeAlert: the rule only alerts; a function logs "alerted" where a
	// remedy is due.
	ModeAlert Mode = "alert"
	// ModeDryRun: the function logs "would-remediate" where a remedy is due,
	// and the rule alerts.
	ModeDryRun Mode = "dry-run"
	// ModeRemediate: the function acts.
	ModeRemediate Mode = "remediate"
)

// Modes lists every mode, in increasing order of effect.
var Modes = []Mode{ModeOff, ModeAlert, ModeDryRun, ModeRemediate}

// ModeNames returns the modes as strings, in the order of Modes.
func ModeNames() []string {
	out := make([]string, len(Modes))
	for i, m := range Modes {
		out[i] = string(m)
	}
	return out
}

// ParseMode reads a mode exactly as written (lower case, no spaces).
func ParseMode(s string) (Mode, error) {
	for _, m := range Modes {
		if s == string(m) {
			return m, nil
		}
	}
	return "", fmt.Errorf("mode %q: must be one of %s", s, strings.Join(ModeNames(), ", "))
}

// Acts reports whether the mode changes resources (ModeRemediate).
func (m Mode) Acts() bool { return m == ModeRemediate }

// TracingModes are the X-Ray tracing modes of the app's Lambda functions
// (the config's trailbridge.tracing and golambda.FunctionProps.Tracing).
var TracingModes = []string{"Active", "PassThrough", "Disabled"}
