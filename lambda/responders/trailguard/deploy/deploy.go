// Package deploy is how the Response stack deploys the trailguard responder
// (see package stacks/responder).
package deploy

import (
	"strings"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/responders/trailguard/settings"
	"github.com/trailbridge/trailbridge/stacks/responder"
)

// Entry is the responder's line of the registry (stacks/registry.go): its
// configuration section and facts (package settings, which needs neither
// the CDK nor the AWS SDK's service clients) and its definition.
var Entry = responder.NewEntry(settings.Section, settings.Facts, define)

// define returns the responder's definition for its settings r in cfg: the
// app's own trail (when it has one) is protected first.
func define(cfg *config.Config, r settings.Settings) responder.Definition {
	protected := append([]string{}, r.ProtectedTrails...)
	if cfg.Trail.Enabled {
		protected = append([]string{cfg.Trail.Name}, protected...)
	}
	var trails []string
	for _, t := range protected {
		switch {
		case strings.HasPrefix(t, "arn:"):
			trails = append(trails, t)
		case cfg.Trail.Enabled && t == cfg.Trail.Name:
			// The app's own multi-region trail lives in the home region.
			trails = append(trails, responder.ARN("cloudtrail", cfg.HomeRegion, "trail/"+t))
		default:
			trails = append(trails, responder.ARN("cloudtrail", "*", "trail/"+t))
		}
	}
	return responder.Definition{
		ID: "TrailGuard", Description: "restarts logging of protected trails", Package: "./lambda/responders/trailguard/bootstrap",
		Rules:       []responder.Rule{{Service: "cloudtrail", Events: settings.Events}},
		AlwaysAlert: true,
		Member:      true,
		Env:         map[string]string{contract.EnvProtectedTrails: strings.Join(protected, ",")},
		Grants:      []responder.Grant{{Actions: settings.Actions, Resources: trails}},
		Wildcards:   []responder.Wildcard{{Finding: `/^Resource::arn:[^:]+:cloudtrail:\*:[^:]+:trail\/[^*]+$/`, Reason: "A trail given by name may live in any region of the account; the grant names each protected trail exactly."}},
	}
}
