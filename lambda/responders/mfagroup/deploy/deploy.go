// Package deploy is how the Response stack deploys the mfagroup responder
// (see package stacks/responder): its function and the MFA-required group.
package deploy

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/responders/mfagroup/settings"
	"github.com/trailbridge/trailbridge/stacks/responder"
)

// Entry is the responder's line of the registry (stacks/registry.go): its
// configuration section and facts (package settings, which needs neither
// the CDK nor the AWS SDK's service clients) and its definition.
var Entry = responder.NewEntry(settings.Section, settings.Facts, define)

// define returns the responder's definition for its settings r.
func define(_ *config.Config, r settings.Settings) responder.Definition {
	group := r.GroupName
	return responder.Definition{
		ID: "MFAGroup", Description: "holds new IAM users in the MFA-required group", Package: "./lambda/responders/mfagroup/bootstrap",
		Rules:       []responder.Rule{{Service: "iam", Events: settings.Events}},
		AlwaysAlert: true,
		Member:      true,
		Env:         map[string]string{contract.EnvMFAGroup: group},
		Grants: []responder.Grant{
			{Actions: []string{"iam:ListUserTags", "iam:ListMFADevices", "iam:ListGroupsForUser"}, Resources: []string{responder.ARN("iam", "", "user/*")}},
			{Actions: []string{"iam:AddUserToGroup"}, Resources: []string{responder.ARN("iam", "", "group/"+group)}},
		},
		Wildcards:   []responder.Wildcard{{Finding: `/^Resource::arn:[^:]+:iam::[^:]+:user\/\*$/`, Reason: "The responder reads the tags, MFA devices and groups of whichever user was just created; it may add users only to its own group."}},
		Extra:       func(scope constructs.Construct, _ golambda.Function) { newMFAGroup(scope, group) },
		MemberExtra: func(scope constructs.Construct) { newMFAGroup(scope, group) },
	}
}

// newMFAGroup creates the group whose policy denies everything but MFA
// self-service while the caller has not signed in with MFA (the IAM User
// Guide's "manage own MFA device" policy).
func newMFAGroup(scope constructs.Construct, name string) {
	stack := awscdk.Stack_Of(scope)
	self := "arn:" + *stack.Partition() + ":iam::" + *stack.Account() + ":"
	doc := awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:       jsii.String("AllowOwnMFASetup"),
			Actions:   jsii.Strings("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice", "iam:ListMFADevices", "iam:GetUser", "iam:ChangePassword"),
			Resources: jsii.Strings(self+"mfa/${aws:username}", self+"user/${aws:username}"),
		}),
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("DenyEverythingElseWithoutMFA"),
			Effect:     awsiam.Effect_DENY,
			NotActions: jsii.Strings("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:GetUser", "iam:ChangePassword", "iam:GetAccountPasswordPolicy", "sts:GetSessionToken"),
			Resources:  jsii.Strings("*"),
			Conditions: &map[string]any{"BoolIfExists": map[string]any{"aws:MultiFactorAuthPresent": "false"}},
		}),
	}})
	group := awsiam.NewGroup(scope, jsii.String("MFARequiredGroup"), &awsiam.GroupProps{GroupName: jsii.String(name)})
	awsiam.NewPolicy(scope, jsii.String("MFARequiredPolicy"), &awsiam.PolicyProps{Document: doc, Groups: &[]awsiam.IGroup{group}})
}
