// Package settings is both sides of the mfagroup responder's configuration
// contract, and its facts: the configuration section
// (trailbridge.responders.<field>: its type, defaults and checks), the
// environment its function reads (Config, ConfigFromEnv), and what the
// function and its deployment share (Name, Events, Actions and Facts). It needs
// neither the CDK nor the AWS SDK's service clients, so that the CDK app
// links no SDK client and its tests run without the CDK.
package settings

import (
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
)

// Settings configure the mfagroup responder, which puts new IAM users in a
// group that denies everything but MFA self-service until they have MFA:
// trailbridge.responders.mfaGroup.
type Settings struct {
	// Mode is off, alert, dry-run or remediate.
	// Default: "remediate".
	config.Responder
	// GroupName is the IAM group the stack creates and new users join.
	// Default: "trailbridge-mfa-required".
	GroupName string `json:"groupName"`
}

// Section is the responder's configuration section, listed in
// stacks/registry.go.
var Section = config.NewSection("mfaGroup", Settings{
	Responder: config.Responder{Mode: "remediate"},
	GroupName: "trailbridge-mfa-required",
}, check)

func check(_ *config.Config, s *Settings, p config.Problems) {
	if problem := contract.GroupName(s.GroupName); problem != "" {
		p.Add("groupName", s.GroupName, problem)
	}
}
