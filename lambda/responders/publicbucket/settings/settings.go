// Package settings is the publicbucket responder's configuration section
// (trailbridge.responders.<field>): its type, defaults and checks. It needs no
// CDK, so its tests run without one.
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
