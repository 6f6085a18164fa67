package tests

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/gates"
)

// TestSecurityAndDeliveryGates runs every gate (policy linter, delivery
// checks) over every stack the app synthesizes, in each configuration, and
// over the stack that uses every target kind.
func TestSecurityAndDeliveryGates(t *testing.T) {
	check := func(name string, template map[string]any) {
		for _, f := range gates.Check(template) {
			t.Errorf("%s: [%s] %s (%s): %s", name, f.Gate, f.Resource, f.Path, f.Message)
		}
	}
	for name := range configurations {
		a := synthApp(t, name)
		for _, id := range stackIDs(a) {
			check(name+"/"+id, a.Stacks[id].Template)
		}
	}
	check("EveryTarget", targetsStack(t).Template)
}
