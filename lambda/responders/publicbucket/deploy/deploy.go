// Package deploy is how the Response stack deploys the publicbucket
// responder (see package stacks/responder).
package deploy

import (
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket/settings"
	"github.com/trailbridge/trailbridge/stacks/responder"
)

// Entry is the responder's line of the registry (stacks/registry.go): its
// configuration section and facts (package settings, which needs neither
// the CDK nor the AWS SDK's service clients) and its definition.
var Entry = responder.NewEntry(settings.Section, settings.Facts, define)

// define returns the responder's definition: the same whatever its settings
// (only its mode, which the Entry adds).
func define(*config.Config, settings.Settings) responder.Definition {
	return responder.Definition{
		ID: "PublicBucket", Description: "restores S3 Block Public Access", Package: "./lambda/responders/publicbucket/bootstrap",
		Rules:       []responder.Rule{{Service: "s3", Events: settings.Events}},
		AlwaysAlert: true,
		Member:      true,
		// Any bucket can be made public: the bucket-level actions name every bucket.
		Grants:    []responder.Grant{{Actions: settings.Actions, Resources: []string{"arn:" + responder.Partition + ":s3:::*"}}},
		Wildcards: []responder.Wildcard{{Finding: `/^Resource::arn:[^:]+:s3:::\*$/`, Reason: "Any bucket of the account can be made public, so the bucket-level Block Public Access actions name every bucket; no object or other action is granted."}},
	}
}
