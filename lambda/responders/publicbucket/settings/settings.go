// Package settings is both sides of the publicbucket responder's configuration
// contract, and its facts: the configuration section
// (trailbridge.responders.<field>: its type, defaults and checks), the
// environment its function reads (Config, ConfigFromEnv), and what the
// function and its deployment share (Name, Events, Actions and Facts). It needs
// neither the CDK nor the AWS SDK's service clients, so that the CDK app
// links no SDK client and its tests run without the CDK.
package settings

import "github.com/trailbridge/trailbridge/internal/config"

// Settings configure the publicbucket responder, which restores S3 Block
// Public Access when a bucket is made public: trailbridge.responders.publicBucket.
type Settings struct {
	// Mode is off, alert, dry-run or remediate.
	// Default: "remediate".
	config.Responder
}

// Section is the responder's configuration section, listed in
// stacks/registry.go.
var Section = config.NewSection("publicBucket", Settings{Responder: config.Responder{Mode: "remediate"}}, nil)
