package stacks

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/detection"
	"github.com/trailbridge/trailbridge/internal/config"
)

// Limits that decide how many detections one stack holds. CloudFormation
// takes at most 500 resources and a 1 MB template per stack; a detection
// costs one resource (its rule) and about 1-4 KB of template, and each
// detections stack has a few fixed resources (key, dead-letter queue and its
// policy, alarms, metadata).
const (
	// MaxDetectionsPerStack leaves room for a detections stack's fixed
	// resources within CloudFormation's 500.
	MaxDetectionsPerStack = 450
	// MaxDetectionBytesPerStack is the estimated template size a detections
	// stack may reach, below CloudFormation's 1 MB.
	MaxDetectionBytesPerStack = 800_000
	// MaxDetectionStacks bounds the rule name's shard number (two digits).
	MaxDetectionStacks = 64
	// DefaultRulesPerBus is EventBridge's default quota of rules per event
	// bus (adjustable in Service Quotas).
	DefaultRulesPerBus = 300
	// ruleNamePrefixLength keeps "<prefix>-D<shard>-<id>" within
	// EventBridge's 64-character rule names for IDs of
	// detection.MaxIDLength.
	ruleNamePrefixLength = 18
)

// DetectionRuleNamePrefix starts the name of every detection rule of the
// app: "<stack prefix>-D" (the stack prefix shortened with a hash when
// long). Policies that admit the detection rules (the notifier's invoke
// permission, destination queues, webhook roles) admit rules named so.
func DetectionRuleNamePrefix(cfg *config.Config) string {
	return FitIAMName(cfg.StackPrefix, "", ruleNamePrefixLength) + "-D"
}

// DetectionStackName is the name of detections stack shard (1-based):
// "<prefix>-Detections", then "<prefix>-Detections-2", ...
func DetectionStackName(cfg *config.Config, shard int) string {
	if shard == 1 {
		return cfg.StackPrefix + "-Detections"
	}
	return cfg.StackPrefix + "-Detections-" + strconv.Itoa(shard)
}

// ShardDetections spreads ds over as few detections stacks as fit
// CloudFormation's limits, deterministically: a detection's stack is the
// FNV-1a hash of its ID modulo the number of stacks, which is the smallest
// power of two for which every stack fits (MaxDetectionsPerStack,
// MaxDetectionBytesPerStack). Adding or removing a detection therefore
// moves no other detection, unless the number of stacks has to double;
// then about half of them move once, each to a new stack (its rule is
// created there under a new name before the old one is deleted). Order
// within a stack is the order of ds.
func ShardDetections(ds []detection.Detection) ([][]detection.Detection, error) {
	sizes := make([]int, len(ds))
	for i, d := range ds {
		sizes[i] = detectionTemplateBytes(d)
	}
	for n := 1; n <= MaxDetectionStacks; n *= 2 {
		shards := make([][]detection.Detection, n)
		bytes := make([]int, n)
		fits := true
		for i, d := range ds {
			k := shardOf(d.ID, n)
			shards[k] = append(shards[k], d)
			bytes[k] += sizes[i]
			if len(shards[k]) > MaxDetectionsPerStack || bytes[k] > MaxDetectionBytesPerStack {
				fits = false
			}
		}
		if fits {
			return shards, nil
		}
	}
	return nil, fmt.Errorf("trailbridge.detections: %d detections do not fit in %d stacks of %d detections each; allowed: fewer detections", len(ds), MaxDetectionStacks, MaxDetectionsPerStack)
}

func shardOf(id string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// detectionTemplateBytes estimates what d's rule adds to a template: its
// pattern, and per target the input template plus the fixed fields.
//
// The pattern is estimated from the match (what it adds to it: detail
// type, errorCode, each service's source and eventSource) rather than built:
// building every detection's pattern again here costs more than the rest of
// its synth.
func detectionTemplateBytes(d detection.Detection) int {
	b, _ := json.Marshal(d.Match)
	pattern := len(b) + 200 + 80*len(d.Match.Services)
	targets := max(len(d.Destinations), 1)
	return pattern + 400 + targets*(len(d.InputTemplate())+900)
}

// DetectionSinks are what detection rules deliver to, created once in the
// Response stack.
type DetectionSinks struct {
	// Notifier is the ARN of the function that renders alerts for people
	// and publishes them to the alert topic (the "alerts" destination).
	Notifier *string
	// Destinations are the named destinations of
	// trailbridge.detections.destinations.
	Destinations map[string]DetectionDestination
	// Operations receives the detections stacks' alarms.
	Operations awssns.ITopic
}

// DetectionDestination is a named destination's rule target: its ARN and,
// for targets EventBridge calls through a role, the role's ARN.
type DetectionDestination struct {
	// ARN is the target's ARN.
	ARN *string
	// RoleARN is the role EventBridge assumes to deliver, or nil.
	RoleARN *string
	// PartitionKeyPath is a Kinesis stream's partition key path, or nil.
	PartitionKeyPath *string
}

// DetectionStackProps configures a DetectionStack.
type DetectionStackProps struct {
	awscdk.StackProps
	// Config is the validated app configuration.
	Config *config.Config
	// Shard is this stack's number (1-based), part of its rules' names.
	Shard int
	// Detections are this stack's detections (ShardDetections).
	Detections []detection.Detection
	// Sinks are where the rules deliver.
	Sinks DetectionSinks
}

// DetectionStack holds detection rules: one EventBridge rule per detection
// on the home bus (its only resource), a dead-letter queue shared by the
// stack's rules and the queue's alarms.
type DetectionStack struct {
	awscdk.Stack
	// Rules are the detections' rules (AWS::Events::Rule), by detection ID.
	Rules map[string]awscdk.CfnResource
	// DeadLetterQueue receives what the rules could not deliver; each
	// message's RULE_ARN attribute names its rule.
	DeadLetterQueue awssqs.IQueue
	// RuleNamePrefix starts every rule name of this stack.
	RuleNamePrefix string
}

// NewDetectionStack creates the rules of props.Detections, which must be
// valid (config.Load checked them).
func NewDetectionStack(scope constructs.Construct, id string, props *DetectionStackProps) *DetectionStack {
	cfg := props.Config
	stack := newStack(scope, id, props.StackProps, fmt.Sprintf("trailbridge: detections (%d rules on the home event bus)", len(props.Detections)))
	s := &DetectionStack{Stack: stack, Rules: map[string]awscdk.CfnResource{}}
	s.RuleNamePrefix = DetectionRuleNamePrefix(cfg) + strconv.Itoa(props.Shard) + "-"

	dlq := delivery.NewDeadLetterQueue(stack, "DeadLetterQueue", nil)
	s.DeadLetterQueue = dlq
	rules := stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("events"), Resource: jsii.String("rule"), ResourceName: jsii.String(s.RuleNamePrefix + "*")})
	// One statement for every rule of this stack (by name), not one per
	// rule: an SQS policy holds at most 20 statements and 8 KB.
	admitRules(dlq, "AllowThisStacksDetectionRules", rules)
	monitor := operations.NewMonitor(stack, "Monitor", &operations.MonitorProps{Topic: props.Sinks.Operations, WithoutDashboard: true})
	monitor.WatchQueue("DeadLetterQueue", dlq)

	// Shared by every target. The rules are raw CloudFormation resources
	// (CfnResource with the template's own property names), not CfnRule:
	// CfnRule maps and validates its properties in the CDK's Node process at
	// synth, which cost more per detection than everything else, for values
	// built and checked here already.
	paths := map[string]any{}
	for k, v := range detection.InputPaths() {
		paths[k] = v
	}
	// A CfnResource is not taggable by awscdk.Tags_Of: the rules carry the
	// app's tags (trailbridge.tags) themselves, sorted by key as the CDK
	// writes them.
	var tags []any
	for _, k := range slices.Sorted(maps.Keys(cfg.Tags)) {
		tags = append(tags, map[string]any{"Key": k, "Value": cfg.Tags[k]})
	}
	deadLetter := map[string]any{"Arn": dlq.QueueArn()}
	retry := map[string]any{
		"MaximumEventAgeInSeconds": cfg.Delivery.MaxEventAgeSeconds,
		"MaximumRetryAttempts":     cfg.Delivery.RetryAttempts,
	}
	parent := constructs.NewConstruct(stack, jsii.String("Rules"))
	for _, d := range props.Detections {
		p, err := d.Pattern()
		if err != nil {
			panic(fmt.Errorf("trailbridge: detection %s: %w", d.ID, err))
		}
		state := "ENABLED"
		if d.ReadOnly() {
			state = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
		}
		transformer := map[string]any{"InputPathsMap": paths, "InputTemplate": d.InputTemplate()}
		dests := d.Destinations
		if len(dests) == 0 {
			dests = []string{detection.DestinationAlerts}
		}
		var targets []any
		for _, name := range dests {
			t := map[string]any{"InputTransformer": transformer, "DeadLetterConfig": deadLetter, "RetryPolicy": retry}
			if name == detection.DestinationAlerts {
				t["Id"], t["Arn"] = "Notifier", props.Sinks.Notifier
			} else {
				dest, ok := props.Sinks.Destinations[name]
				if !ok {
					panic(fmt.Sprintf("trailbridge: detection %s: destination %q is not declared", d.ID, name))
				}
				t["Id"], t["Arn"] = name, dest.ARN
				if dest.RoleARN != nil {
					t["RoleArn"] = dest.RoleARN
				}
				if dest.PartitionKeyPath != nil {
					t["KinesisParameters"] = map[string]any{"PartitionKeyPath": dest.PartitionKeyPath}
				}
			}
			targets = append(targets, t)
		}
		desc := fmt.Sprintf("trailbridge detection %s (%s): %s", d.ID, d.Severity, d.Title)
		if len(desc) > 512 {
			desc = desc[:509] + "..."
		}
		properties := map[string]any{
			"Name":         s.RuleNamePrefix + d.ID,
			"Description":  desc,
			"EventPattern": p,
			"State":        state,
			"Targets":      targets,
		}
		if len(tags) > 0 {
			properties["Tags"] = tags
		}
		s.Rules[d.ID] = awscdk.NewCfnResource(parent, jsii.String(d.ID), &awscdk.CfnResourceProps{
			Type: jsii.String("AWS::Events::Rule"), Properties: &properties,
		})
	}
	return s
}

// admitRules lets EventBridge rules of queue's account whose ARNs match
// rulesLike (an ArnLike pattern) send to queue, in one statement named sid:
// one statement for many rules keeps the queue policy under SQS's 20
// statements and 8 KB.
func admitRules(queue awssqs.IQueue, sid string, rulesLike *string) {
	queue.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String(sid),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil)},
		Actions:    jsii.Strings("sqs:SendMessage"),
		Resources:  &[]*string{queue.QueueArn()},
		Conditions: &map[string]any{"ArnLike": map[string]any{"aws:SourceArn": rulesLike}, "StringEquals": map[string]any{"aws:SourceAccount": awscdk.Stack_Of(queue).Account()}},
	}))
}
