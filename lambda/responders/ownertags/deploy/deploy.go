// Package deploy is how the Response stack deploys the ownertags responder
// (see package stacks/responder).
package deploy

import (
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags/settings"
	"github.com/trailbridge/trailbridge/stacks/responder"
)

// Entry is the responder's line of the registry (stacks/registry.go): its
// configuration section and facts (package settings, which needs neither
// the CDK nor the AWS SDK's service clients) and its definition.
var Entry = responder.NewEntry(settings.Section, settings.Facts, define)

// define returns the responder's definition for its settings r.
func define(_ *config.Config, r settings.Settings) responder.Definition {
	return responder.Definition{
		ID: "OwnerTags", Description: "tags new resources with their creator", Package: "./lambda/responders/ownertags/bootstrap",
		// One rule per service keeps each pattern exact.
		Rules: []responder.Rule{
			{ID: "Ec2Rule", Service: "ec2", Events: []string{"RunInstances", "StartInstances"}},
			{ID: "S3Rule", Service: "s3", Events: []string{"CreateBucket"}},
			{ID: "RdsRule", Service: "rds", Events: []string{"CreateDBInstance"}},
			// CreateFunction20150331 and later versions, not CreateFunctionUrlConfig.
			{ID: "LambdaRule", Service: "lambda", Prefixes: []string{"CreateFunction2"}},
		},
		Member: true,
		Env:    map[string]string{contract.EnvOwnerTagKey: r.OwnerTagKey, contract.EnvCreatedAtTagKey: r.CreatedAtTagKey},
		Grants: []responder.Grant{
			// ec2:DescribeTags has no resource-level permissions.
			{Actions: []string{"ec2:DescribeTags"}, Resources: []string{"*"}},
			{Actions: []string{"ec2:CreateTags"}, Resources: []string{responder.ARN("ec2", "*", "instance/*")}},
			{Actions: []string{"s3:GetBucketTagging", "s3:PutBucketTagging"}, Resources: []string{"arn:" + responder.Partition + ":s3:::*"}},
			{Actions: []string{"rds:ListTagsForResource", "rds:AddTagsToResource"}, Resources: []string{responder.ARN("rds", "*", "db:*")}},
			{Actions: []string{"lambda:ListTags", "lambda:TagResource"}, Resources: []string{responder.ARN("lambda", "*", "function:*")}},
		},
		Wildcards: []responder.Wildcard{
			{Finding: `/^Resource::\*$/`, Reason: "ec2:DescribeTags supports no resource-level permissions."},
			{Finding: `/^Resource::arn:[^:]+:(s3:::\*|ec2:\*:[^:]+:instance\/\*|rds:\*:[^:]+:db:\*|lambda:\*:[^:]+:function:\*)$/`, Reason: "New resources can be created in any watched region with any name, so the tag actions name every instance, bucket, DB instance and function of the account; only tag read and write actions are granted."},
		},
	}
}
