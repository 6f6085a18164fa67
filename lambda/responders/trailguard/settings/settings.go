// Package settings is both sides of the trailguard responder's configuration
// contract, and its facts: the configuration section
// (trailbridge.responders.<field>: its type, defaults and checks), the
// environment its function reads (Config, ConfigFromEnv), and what the
// function and its deployment share (Name, Events, Actions and Facts). It needs
// neither the CDK nor the AWS SDK's service clients, so that the CDK app
// links no SDK client and its tests run without the CDK.
package settings

import (
	"fmt"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
)

// Settings configure the trailguard responder, which restarts logging of
// protected trails and alerts on any change to them:
// trailbridge.responders.trailGuard.
type Settings struct {
	// Mode is off, alert, dry-run or remediate.
	// Default: "remediate".
	config.Responder
	// ProtectedTrails are trail names or ARNs besides the app's own trail
	// (always protected while trail.enabled is true).
	// Default: [] (required when trail.enabled is false and the guard is on).
	ProtectedTrails []string `json:"protectedTrails"`
}

// Section is the responder's configuration section, listed in
// stacks/registry.go.
var Section = config.NewSection("trailGuard", Settings{
	Responder:       config.Responder{Mode: "remediate"},
	ProtectedTrails: []string{},
}, check)

func check(cfg *config.Config, s *Settings, p config.Problems) {
	for i, t := range s.ProtectedTrails {
		if problem := contract.Trail(t); problem != "" {
			p.Add(fmt.Sprintf("protectedTrails[%d]", i), t, problem)
		}
	}
	if s.Mode != "off" && !cfg.Trail.Enabled && len(s.ProtectedTrails) == 0 {
		p.Add("protectedTrails", s.ProtectedTrails, "at least one trail when trail.enabled is false (the guard has nothing to protect), or trailGuard.mode \"off\"")
	}
}
