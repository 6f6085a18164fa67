// Package settings is both sides of the opensg responder's configuration
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

// Settings configure the opensg responder, which revokes ingress rules that
// open admin ports to the world: trailbridge.responders.openSecurityGroup.
type Settings struct {
	// Mode is off, alert, dry-run or remediate.
	// Default: "dry-run".
	config.Responder
	// AdminPorts are the TCP ports that must not be open to 0.0.0.0/0 or
	// ::/0, each once (at least one while the responder is on).
	// Default: [22, 3389].
	AdminPorts []int `json:"adminPorts"`
}

// Section is the responder's configuration section, listed in
// stacks/registry.go.
var Section = config.NewSection("openSecurityGroup", Settings{
	Responder:  config.Responder{Mode: "dry-run"},
	AdminPorts: []int{22, 3389},
}, check)

func check(_ *config.Config, s *Settings, p config.Problems) {
	if s.Mode != "off" && len(s.AdminPorts) == 0 {
		p.Add("adminPorts", s.AdminPorts, "at least one port while the responder is on")
	}
	seen := map[int]bool{}
	for i, port := range s.AdminPorts {
		if problem := contract.PortNumber(port); problem != "" {
			p.Add(fmt.Sprintf("adminPorts[%d]", i), port, problem)
		} else if seen[port] {
			p.Add(fmt.Sprintf("adminPorts[%d]", i), port, "each port once")
		}
		seen[port] = true
	}
}
