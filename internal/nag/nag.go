// Package nag records cdk-nag rule suppressions on resources, each with the
// reason the finding does not apply. It writes the "cdk_nag" metadata that
// cdk-nag reads, so production code needs no dependency on cdk-nag itself.
package nag

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Rule is one suppressed cdk-nag rule.
type Rule struct {
	// ID is the rule, e.g. "AwsSolutions-IAM5".
	ID string
	// Reason says why the finding does not apply here (at least 10 characters).
	Reason string
	// AppliesTo narrows an IAM5/IAM4 suppression to these findings: strings
	// such as "Action::s3:*", or {"regex": "/.../"} maps.
	// Default: every finding of ID.
	AppliesTo []any
}

// Suppress adds rules to the CloudFormation resource of c (c itself when it
// is a CfnResource, else its default child).
func Suppress(c constructs.IConstruct, rules ...Rule) {
	res, ok := c.(awscdk.CfnResource)
	if !ok {
		res = c.Node().DefaultChild().(awscdk.CfnResource)
	}
	var list []any
	if existing, ok := res.GetMetadata(jsii.String("cdk_nag")).(map[string]any); ok {
		if prev, ok := existing["rules_to_suppress"].([]any); ok {
			list = prev
		}
	}
	for _, r := range rules {
		entry := map[string]any{"id": r.ID, "reason": r.Reason}
		if len(r.AppliesTo) > 0 {
			entry["applies_to"] = r.AppliesTo
		}
		list = append(list, entry)
	}
	res.AddMetadata(jsii.String("cdk_nag"), map[string]any{"rules_to_suppress": list})
}
