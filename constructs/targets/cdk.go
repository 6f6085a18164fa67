package targets

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
)

// queueSameAccountFlag is the CDK feature flag that makes
// awseventstargets.SqsQueue condition the policy of an encrypted queue on
// aws:SourceAccount; without it that policy admits EventBridge rules of
// every account.
const queueSameAccountFlag = "@aws-cdk/aws-events:eventsTargetQueueSameAccount"

// singletonRoleID is the construct ID of the role that the CDK's targets
// (KinesisStream, KinesisFirehoseStream, FirehoseDeliveryStream,
// SfnStateMachine, CodeBuildProject, EventBus, EcsTask, ...) create, one per
// target resource (or per rule for EventBus), when the caller gives none.
const singletonRoleID = "EventsRole"

type cdkTarget struct{ target awsevents.IRuleTarget }

// CDK binds any target of the CDK's awseventstargets package (Kinesis
// stream, Firehose, log group, event bus, Step Functions, CodeBuild, ECS,
// Batch, API Gateway, ...) to an apicall.Rule. The target sees the rule as
// an awsevents.IRule in the rule's own account and region, so nothing is
// treated as cross-environment, and everything it returns (role, input,
// dead-letter queue, retry policy, Kinesis/SQS/ECS/Batch/HTTP/Redshift/
// AppSync/Run Command parameters) lands in the rule's CloudFormation
// target. The rule's dead-letter queue and retry policy apply unless the
// target sets its own.
//
// Scoping of what the CDK creates (see the README, "Any CDK target"):
//
//   - Resource policies: LambdaFunction's invoke permission and the policy of
//     an SqsQueue on an unencrypted queue name this rule (aws:SourceArn). For
//     an encrypted queue the CDK admits EventBridge rules of this account
//     only (aws:SourceAccount: targets.CDK turns on the CDK flag that does so,
//     whatever the app's cdk.json says); use Queue for a policy that names
//     the rule.
//   - Roles: the role the CDK creates for role-based targets is shared by
//     every rule that delivers to that resource and may act on that resource
//     only. Its trust policy admits events.amazonaws.com without a
//     condition; targets.CDK adds a statement that denies assuming it for rules of
//     any other account. It cannot name the rule: the rule names the role,
//     so that would be a dependency cycle.
//   - CloudWatchLogGroup writes an account-wide CloudWatch Logs resource
//     policy (through a custom resource) that admits events.amazonaws.com to
//     that log group, with no rule condition: CloudWatch Logs allows 10 such
//     policies per account and region.
func CDK(t awsevents.IRuleTarget) apicall.Target { return &cdkTarget{t} }

func (t *cdkTarget) Bind(scope constructs.Construct, rule apicall.Rule, id string) *awsevents.CfnRule_TargetProperty {
	// scope is new and still childless: its context applies to the view below.
	scope.Node().SetContext(jsii.String(queueSameAccountFlag), true)
	view := ruleView(scope, rule)
	cfg := t.target.Bind(view, jsii.String(id))
	tp := &awsevents.CfnRule_TargetProperty{Arn: cfg.Arn}
	if cfg.Role != nil {
		tp.RoleArn = cfg.Role.RoleArn()
		if role, ok := cfg.Role.(awsiam.Role); ok && *role.Node().Id() == singletonRoleID {
			denyOtherAccounts(role)
		}
	}
	if cfg.Input != nil {
		in := cfg.Input.Bind(view)
		tp.Input, tp.InputPath = in.Input, in.InputPath
		if in.InputTemplate != nil {
			tp.InputTransformer = &awsevents.CfnRule_InputTransformerProperty{InputTemplate: in.InputTemplate, InputPathsMap: in.InputPathsMap}
		}
	}
	// Only set what the target set: a typed nil in these interface fields
	// would hide the rule's defaults from apicall.Rule.AddTarget.
	setIfGiven(&tp.DeadLetterConfig, cfg.DeadLetterConfig)
	setIfGiven(&tp.RetryPolicy, cfg.RetryPolicy)
	setIfGiven(&tp.AppSyncParameters, cfg.AppSyncParameters)
	setIfGiven(&tp.BatchParameters, cfg.BatchParameters)
	setIfGiven(&tp.EcsParameters, cfg.EcsParameters)
	setIfGiven(&tp.HttpParameters, cfg.HttpParameters)
	setIfGiven(&tp.KinesisParameters, cfg.KinesisParameters)
	setIfGiven(&tp.RedshiftDataParameters, cfg.RedshiftDataParameters)
	setIfGiven(&tp.RunCommandParameters, cfg.RunCommandParameters)
	setIfGiven(&tp.SqsParameters, cfg.SqsParameters)
	return tp
}

// setIfGiven sets *field to v unless v is nil, so that field stays an
// untyped nil when the target left it out.
func setIfGiven[T any](field *any, v *T) {
	if v != nil {
		*field = v
	}
}

// ruleView is rule as an awsevents.IRule ("Rule", a child of scope) for the
// CDK's targets. Its ARN is the rule's ARN, written with the stack's
// partition, region and account, so its env is the rule's own and no target
// takes it for a rule of another account or region (an import from the bare
// Fn::GetAtt would get account and region tokens cut out of the ARN).
func ruleView(scope constructs.Construct, rule apicall.Rule) awsevents.IRule {
	stack := awscdk.Stack_Of(rule)
	// "rule/NAME" or "rule/BUS/NAME": everything after ":rule/".
	name := awscdk.Fn_Select(jsii.Number(1), awscdk.Fn_Split(jsii.String(":rule/"), rule.RuleARN(), nil))
	arn := "arn:" + *stack.Partition() + ":events:" + *stack.Region() + ":" + *stack.Account() + ":rule/" + *name
	return awsevents.Rule_FromEventRuleArn(scope, jsii.String("Rule"), jsii.String(arn))
}

// denyOtherAccounts adds to role's trust policy a statement that denies
// events.amazonaws.com assuming it for a rule of another account.
func denyOtherAccounts(role awsiam.Role) {
	role.AssumeRolePolicy().AddStatements(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("DenyEventBridgeOfOtherAccounts"),
		Effect:     awsiam.Effect_DENY,
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String(eventsPrincipal), nil)},
		Actions:    jsii.Strings("sts:AssumeRole"),
		Conditions: &map[string]any{"StringNotEquals": map[string]any{"aws:SourceAccount": awscdk.Stack_Of(role).Account()}},
	}))
}
