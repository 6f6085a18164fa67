package targets

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
)

var eventsPrincipal = "events.amazonaws.com"

// fromRule is the condition that admits only this rule.
func fromRule(rule apicall.Rule) *map[string]any {
	return &map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": rule.RuleARN()}}
}

type lambdaTarget struct{ fn awslambda.IFunction }

// Lambda invokes fn. Its invoke permission admits only the rule
// (SourceArn = the rule's ARN).
func Lambda(fn awslambda.IFunction) apicall.Target { return &lambdaTarget{fn} }

func (t *lambdaTarget) Bind(scope constructs.Construct, rule apicall.Rule, _ string) *awsevents.CfnRule_TargetProperty {
	awslambda.NewCfnPermission(scope, jsii.String("InvokePermission"), &awslambda.CfnPermissionProps{
		Action:        jsii.String("lambda:InvokeFunction"),
		FunctionName:  t.fn.FunctionArn(),
		Principal:     jsii.String(eventsPrincipal),
		SourceArn:     rule.RuleARN(),
		SourceAccount: awscdk.Stack_Of(scope).Account(),
	})
	return &awsevents.CfnRule_TargetProperty{Arn: t.fn.FunctionArn()}
}

// TopicOptions configures a Topic target.
type TopicOptions struct {
	// Raw sends the whole event instead of the readable message.
	// Default: false (a readable message; see AlertMessage).
	Raw bool
}

type topicTarget struct {
	topic awssns.ITopic
	opts  TopicOptions
}

// Topic publishes to topic. The topic policy admits only the rule. The
// topic must be encrypted with a key whose policy admits
// events.amazonaws.com (delivery.Key, or NewAlertTopic).
func Topic(topic awssns.ITopic, opts *TopicOptions) apicall.Target {
	return &topicTarget{topic: topic, opts: orZero(opts)}
}

func (t *topicTarget) Bind(_ constructs.Construct, rule apicall.Rule, _ string) *awsevents.CfnRule_TargetProperty {
	t.topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String(eventsPrincipal), nil)},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  &[]*string{t.topic.TopicArn()},
		Conditions: fromRule(rule),
	}))
	tp := &awsevents.CfnRule_TargetProperty{Arn: t.topic.TopicArn()}
	if !t.opts.Raw {
		tp.InputTransformer = AlertMessage()
	}
	return tp
}

// AlertMessage is the input transformer that turns a CloudTrail event into
// a message a person can read: who did what, where, when, from which address
// and with what result.
func AlertMessage() *awsevents.CfnRule_InputTransformerProperty {
	return &awsevents.CfnRule_InputTransformerProperty{
		InputPathsMap: &map[string]*string{
			"who":      jsii.String("$.detail.userIdentity.arn"),
			"whoType":  jsii.String("$.detail.userIdentity.type"),
			"action":   jsii.String("$.detail.eventName"),
			"service":  jsii.String("$.detail.eventSource"),
			"account":  jsii.String("$.account"),
			"region":   jsii.String("$.detail.awsRegion"),
			"time":     jsii.String("$.detail.eventTime"),
			"ip":       jsii.String("$.detail.sourceIPAddress"),
			"error":    jsii.String("$.detail.errorCode"),
			"login":    jsii.String("$.detail.responseElements.ConsoleLogin"),
			"mfa":      jsii.String("$.detail.additionalEventData.MFAUsed"),
			"eventID":  jsii.String("$.detail.eventID"),
			"category": jsii.String("$.detail-type"),
		},
		InputTemplate: jsii.String(alertText),
	}
}

// alertText is the readable message, as a JSON string with placeholders.
const alertText = `"trailbridge alert: <action> on <service> (<category>)\n` +
	`Who: <who> (<whoType>)\n` +
	`Where: account <account>, region <region>, from <ip>\n` +
	`When: <time>\n` +
	`Result: error code [<error>] (empty means the call succeeded); console login [<login>], MFA used [<mfa>]\n` +
	`CloudTrail event ID: <eventID>"`

type queueTarget struct{ queue awssqs.IQueue }

// Queue sends the event to queue. The queue policy admits only the rule;
// the queue must be a standard queue encrypted with a key whose policy
// admits events.amazonaws.com (delivery.Key).
func Queue(queue awssqs.IQueue) apicall.Target { return &queueTarget{queue} }

func (t *queueTarget) Bind(_ constructs.Construct, rule apicall.Rule, _ string) *awsevents.CfnRule_TargetProperty {
	delivery.AllowRule(t.queue, rule.RuleARN())
	return &awsevents.CfnRule_TargetProperty{Arn: t.queue.QueueArn()}
}

// invokeRole is a role EventBridge assumes to call a target that needs one.
// The trust policy is limited to this account's rules: naming the rule
// itself would be a dependency cycle (the rule names the role).
func invokeRole(scope constructs.Construct, statement awsiam.PolicyStatement) awsiam.Role {
	role := awsiam.NewRole(scope, jsii.String("Role"), &awsiam.RoleProps{
		Description: jsii.String("Lets an EventBridge rule of trailbridge deliver to its target"),
		AssumedBy: awsiam.NewServicePrincipal(jsii.String(eventsPrincipal), &awsiam.ServicePrincipalOpts{
			Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Stack_Of(scope).Account()}},
		}),
	})
	role.AddToPrincipalPolicy(statement)
	return role
}

type stateMachineTarget struct {
	sm awsstepfunctions.IStateMachine
}

// StateMachine starts an execution of sm per event, through a role that may
// only start that state machine.
func StateMachine(sm awsstepfunctions.IStateMachine) apicall.Target {
	return &stateMachineTarget{sm}
}

func (t *stateMachineTarget) Bind(scope constructs.Construct, _ apicall.Rule, _ string) *awsevents.CfnRule_TargetProperty {
	role := invokeRole(scope, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("states:StartExecution"),
		Resources: &[]*string{t.sm.StateMachineArn()},
	}))
	return &awsevents.CfnRule_TargetProperty{Arn: t.sm.StateMachineArn(), RoleArn: role.RoleArn()}
}

// APIDestinationOptions configures an APIDestination target.
type APIDestinationOptions struct {
	// Raw sends the whole event instead of the readable message.
	// Default: false.
	Raw bool
}

type apiDestinationTarget struct {
	dest awsevents.IApiDestination
	opts APIDestinationOptions
}

// APIDestination sends the event to an HTTPS endpoint (see NewWebhook),
// through a role that may only invoke that destination.
func APIDestination(dest awsevents.IApiDestination, opts *APIDestinationOptions) apicall.Target {
	return &apiDestinationTarget{dest: dest, opts: orZero(opts)}
}

func (t *apiDestinationTarget) Bind(scope constructs.Construct, _ apicall.Rule, _ string) *awsevents.CfnRule_TargetProperty {
	role := invokeRole(scope, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("events:InvokeApiDestination"),
		Resources: &[]*string{t.dest.ApiDestinationArn()},
	}))
	tp := &awsevents.CfnRule_TargetProperty{Arn: t.dest.ApiDestinationArn(), RoleArn: role.RoleArn()}
	if !t.opts.Raw {
		// Chat and ticketing webhooks take a JSON object with a text field.
		m := AlertMessage()
		m.InputTemplate = jsii.String(`{"text": ` + alertText + `}`)
		tp.InputTransformer = m
	}
	return tp
}

// orZero returns *p, or T's zero value (every option at its default) when p
// is nil.
func orZero[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
