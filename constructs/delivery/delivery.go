package delivery

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/internal/cdkutil"
	"github.com/trailbridge/trailbridge/internal/nag"
)

// KeyID is the construct ID of the stack's delivery key (a child of the stack).
const KeyID = "TrailbridgeDeliveryKey"

// Key returns the delivery key of scope's stack, creating it on first use.
// Its policy lets events.amazonaws.com (EventBridge delivering to queues,
// topics and dead-letter queues of rules in this account and region),
// sns.amazonaws.com (topics delivering to queues) and
// cloudwatch.amazonaws.com (alarms publishing to topics) generate data keys
// and decrypt with it, each only for sources in this account.
func Key(scope constructs.Construct) awskms.IKey {
	stack := awscdk.Stack_Of(scope)
	if k := stack.Node().TryFindChild(jsii.String(KeyID)); k != nil {
		return k.(awskms.IKey)
	}
	key := awskms.NewKey(stack, jsii.String(KeyID), &awskms.KeyProps{
		Description:       jsii.String("trailbridge: encrypts event queues, dead-letter queues and topics"),
		EnableKeyRotation: jsii.Bool(true),
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
	})
	account := stack.Account()
	rules := stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("events"), Resource: jsii.String("rule"), ResourceName: jsii.String("*")})
	alarms := stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("cloudwatch"), Resource: jsii.String("alarm"), ResourceName: jsii.String("*"), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME})
	topics := stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("sns"), Resource: jsii.String("*"), ArnFormat: awscdk.ArnFormat_NO_RESOURCE_NAME})
	for _, g := range []struct {
		sid, service string
		sourceArn    *string
	}{
		// The key cannot name each rule (queues reference the key, rules
		// reference the queues): it admits this account's rules, and every
		// queue and topic policy then names its own rules.
		{"AllowEventBridgeRulesOfThisAccount", "events.amazonaws.com", rules},
		{"AllowSNSTopicsOfThisAccount", "sns.amazonaws.com", topics},
		{"AllowCloudWatchAlarmsOfThisAccount", "cloudwatch.amazonaws.com", alarms},
	} {
		key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String(g.sid),
			Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String(g.service), nil)},
			Actions:    jsii.Strings("kms:GenerateDataKey", "kms:Decrypt"),
			// In a key policy, "*" is this key.
			Resources: jsii.Strings("*"),
			Conditions: &map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": account},
				"ArnLike":      map[string]any{"aws:SourceArn": g.sourceArn},
			},
		}), jsii.Bool(false))
	}
	logGroups := stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("logs"), Resource: jsii.String("log-group"), ResourceName: jsii.String("*"), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME})
	cdkutil.AllowCloudWatchLogs(key, "AllowCloudWatchLogsGroupsOfThisAccount", "ArnLike", logGroups)
	cdkutil.DenyGrantsExceptForAWSServices(key)
	return key
}

// DeadLetterQueueProps configures a dead-letter queue.
type DeadLetterQueueProps struct {
	// Key encrypts the queue.
	// Default: the stack's delivery Key.
	Key awskms.IKey
	// RetentionDays keeps undelivered events this long (1-14).
	// Default: 14.
	RetentionDays int
}

// NewDeadLetterQueue creates a standard SQS queue (EventBridge needs a
// standard one) encrypted with a customer-managed key, TLS-only, retaining
// messages 14 days. Call AllowRule for each rule that sends to it.
func NewDeadLetterQueue(scope constructs.Construct, id string, props *DeadLetterQueueProps) awssqs.Queue {
	var p DeadLetterQueueProps
	if props != nil {
		p = *props
	}
	if p.RetentionDays == 0 {
		p.RetentionDays = 14
	}
	if p.RetentionDays < 1 || p.RetentionDays > 14 {
		panic(fmt.Sprintf("delivery.DeadLetterQueueProps.RetentionDays: got %d; allowed: 1 to 14 (SQS retention limit)", p.RetentionDays))
	}
	if p.Key == nil {
		p.Key = Key(scope)
	}
	q := awssqs.NewQueue(scope, &id, &awssqs.QueueProps{
		Encryption:          awssqs.QueueEncryption_KMS,
		EncryptionMasterKey: p.Key,
		DataKeyReuse:        awscdk.Duration_Hours(jsii.Number(1)),
		EnforceSSL:          jsii.Bool(true),
		RetentionPeriod:     awscdk.Duration_Days(jsii.Number(float64(p.RetentionDays))),
		RemovalPolicy:       awscdk.RemovalPolicy_DESTROY,
	})
	nag.Suppress(q, nag.Rule{ID: "AwsSolutions-SQS3", Reason: "This queue is a dead-letter queue (of EventBridge rule targets or of asynchronous Lambda invocations); cdk-nag only recognises SQS redrive. A dead-letter queue of a dead-letter queue would only move the problem; an alarm watches its depth instead."})
	return q
}

// MaxRulesPerQueue is how many rules AllowRule names one by one on a
// queue. Their ARNs are the values of one statement's aws:SourceArn
// condition (an SQS policy holds at most 20 statements and 8,192 bytes,
// about 100 bytes per rule ARN); past this many, the statement admits every
// rule of the queue's account and region instead (a queue shared by that
// many rules is a dead-letter queue, such as a forwarder's with a rule per
// service: the most another rule of the account could do is put an event
// into it).
const MaxRulesPerQueue = 60

// admission is the statement of a queue's policy that admits rules, with
// the rule ARNs it admits: a child of the queue (AdmissionID), so that it
// belongs to the queue's app. The condition's value is produced at synth,
// when every rule has been added.
type admission struct {
	constructs.Construct
	rules    []any
	wildcard *string
}

// Produce is the aws:SourceArn condition's value: the rules' ARNs, or every
// rule of the account and region past MaxRulesPerQueue.
func (a *admission) Produce() any {
	switch {
	case len(a.rules) > MaxRulesPerQueue:
		return a.wildcard
	case len(a.rules) == 1:
		return a.rules[0]
	}
	return a.rules
}

// AdmissionID is the ID of the construct AllowRule adds under a queue to
// hold the statement that admits rules (it creates no resource).
const AdmissionID = "TrailbridgeAllowedRules"

// AllowRule lets EventBridge send the events of the rule with ARN ruleArn to
// queue (a dead-letter queue or a target queue), and only the rules allowed
// so: every rule allowed on one queue is a value of one statement's
// aws:SourceArn condition (ArnLike, with exact ARNs), so that a queue
// shared by many rules stays within SQS's policy limits; past
// MaxRulesPerQueue rules the statement admits the account's rules of the
// queue's region.
func AllowRule(queue awssqs.IQueue, ruleArn *string) {
	scope, isConstruct := queue.(constructs.Construct)
	if !isConstruct {
		// A queue reference that is not a construct (no children): one
		// statement for this rule.
		queue.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil)},
			Actions:    jsii.Strings("sqs:SendMessage"),
			Resources:  &[]*string{queue.QueueArn()},
			Conditions: &map[string]any{"ArnLike": map[string]any{"aws:SourceArn": ruleArn}},
		}))
		return
	}
	a, ok := queue.Node().TryFindChild(jsii.String(AdmissionID)).(*admission)
	if !ok {
		stack := awscdk.Stack_Of(queue)
		a = &admission{wildcard: stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("events"), Resource: jsii.String("rule"), ResourceName: jsii.String("*")})}
		constructs.NewConstruct_Override(a, scope, jsii.String(AdmissionID))
		queue.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil)},
			Actions:    jsii.Strings("sqs:SendMessage"),
			Resources:  &[]*string{queue.QueueArn()},
			Conditions: &map[string]any{"ArnLike": map[string]any{"aws:SourceArn": awscdk.Lazy_Any(a, nil)}},
		}))
	}
	a.rules = append(a.rules, ruleArn)
}
