// Package settings is both sides of the ownertags responder's configuration
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

// Settings configure the ownertags responder, which tags new resources with
// their creator and creation time: trailbridge.responders.ownerTags.
type Settings struct {
	// Mode is off, alert, dry-run or remediate.
	// Default: "remediate".
	config.Responder
	// OwnerTagKey is the tag that names the creator.
	// Default: "trailbridge:owner".
	OwnerTagKey string `json:"ownerTagKey"`
	// CreatedAtTagKey is the tag that holds the creation time.
	// Default: "trailbridge:created-at".
	CreatedAtTagKey string `json:"createdAtTagKey"`
}

// Section is the responder's configuration section, listed in
// stacks/registry.go.
var Section = config.NewSection("ownerTags", Settings{
	Responder:       config.Responder{Mode: "remediate"},
	OwnerTagKey:     "trailbridge:owner",
	CreatedAtTagKey: "trailbridge:created-at",
}, check)

func check(_ *config.Config, s *Settings, p config.Problems) {
	for _, k := range [][2]string{{"ownerTagKey", s.OwnerTagKey}, {"createdAtTagKey", s.CreatedAtTagKey}} {
		field, key := k[0], k[1]
		if problem := contract.TagKey(key); problem != "" {
			p.Add(field, key, problem)
		}
	}
	if s.OwnerTagKey == s.CreatedAtTagKey {
		p.Add("createdAtTagKey", s.CreatedAtTagKey, "a different key than ownerTagKey")
	}
}
