package stacks

import (
	"cmp"
	"maps"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/constructs/targets"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/notify"
)

// NotifierPackage is the notifier function's main package.
const NotifierPackage = "./lambda/notify/bootstrap"

// addDetectionSinks creates what the detections stacks' rules deliver to:
// the notifier (alerts people read, on the alert topic) and the named
// destinations. Each admits the app's detection rules by name
// (DetectionRuleNamePrefix) with one statement, whatever their number.
func (s *ResponseStack) addDetectionSinks(cfg *config.Config, moduleDir string, monitor operations.Monitor) {
	stack := s.Stack
	detectionRules := stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("events"), Resource: jsii.String("rule"), ResourceName: jsii.String(DetectionRuleNamePrefix(cfg) + "*")})
	fn := golambda.NewFunction(stack, "Notifier", &golambda.FunctionProps{
		Package:        NotifierPackage,
		ModuleDir:      moduleDir,
		Description:    "trailbridge: renders detections' alerts for people and publishes them to the alert topic",
		Environment:    map[string]string{contract.EnvAlertTopicARN: *s.Alerts.Topic().TopicArn()},
		TimeoutSeconds: 30,
		Tracing:        cfg.Tracing,
	})
	// Publish to the alert topic, with its key: nothing else (the CDK's
	// GrantPublish would add kms:GenerateDataKey*).
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings(notify.Actions...), Resources: &[]*string{s.Alerts.Topic().TopicArn()},
	}))
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("kms:GenerateDataKey", "kms:Decrypt"), Resources: &[]*string{delivery.Key(stack).KeyArn()},
	}))
	awslambda.NewCfnPermission(stack, jsii.String("NotifierInvokedByDetectionRules"), &awslambda.CfnPermissionProps{
		Action:        jsii.String("lambda:InvokeFunction"),
		FunctionName:  fn.Function().FunctionArn(),
		Principal:     jsii.String("events.amazonaws.com"),
		SourceArn:     detectionRules,
		SourceAccount: stack.Account(),
	})
	monitor.WatchFunction("Notifier", fn.Function())
	monitor.WatchQueue("NotifierFunctionDeadLetterQueue", fn.DeadLetterQueue())
	s.Notifier = fn
	s.DetectionSinks = DetectionSinks{
		Notifier:     fn.Function().FunctionArn(),
		Destinations: map[string]DetectionDestination{},
		Operations:   s.Operations.Topic(),
	}

	if len(cfg.Detections.Destinations) == 0 {
		return
	}
	parent := constructs.NewConstruct(stack, jsii.String("Destinations"))
	// EventBridge assumes this role only for the app's detection rules.
	trust := awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), &awsiam.ServicePrincipalOpts{Conditions: &map[string]any{
		"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()},
		"ArnLike":      map[string]any{"aws:SourceArn": detectionRules},
	}})
	for _, name := range slices.Sorted(maps.Keys(cfg.Detections.Destinations)) {
		d := cfg.Detections.Destinations[name]
		switch d.Type {
		case "webhook":
			w := targets.NewWebhook(parent, name, &targets.WebhookProps{
				Endpoint: d.Endpoint, SecretARN: d.SecretARN, SecretField: d.SecretField,
				HeaderName: d.HeaderName, RateLimitPerSecond: d.RateLimitPerSecond,
			})
			role := awsiam.NewRole(w, jsii.String("InvokeRole"), &awsiam.RoleProps{
				Description: jsii.String("Lets trailbridge's detection rules call the " + name + " webhook, and nothing else"),
				AssumedBy:   trust,
			})
			role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("events:InvokeApiDestination"),
				Resources: &[]*string{w.Destination().ApiDestinationArn()},
			}))
			s.DetectionSinks.Destinations[name] = DetectionDestination{ARN: w.Destination().ApiDestinationArn(), RoleARN: role.RoleArn()}
		case "queue":
			// Envelopes a consumer failed to process 5 times wait 14 days in
			// the queue's own dead-letter queue, whose depth is alarmed.
			dlq := delivery.NewDeadLetterQueue(parent, name+"DeadLetterQueue", nil)
			monitor.WatchQueue("Destination"+alnum(name)+"DeadLetterQueue", dlq)
			q := awssqs.NewQueue(parent, jsii.String(name), &awssqs.QueueProps{
				Encryption:          awssqs.QueueEncryption_KMS,
				EncryptionMasterKey: delivery.Key(stack),
				DataKeyReuse:        awscdk.Duration_Hours(jsii.Number(1)),
				EnforceSSL:          jsii.Bool(true),
				RetentionPeriod:     awscdk.Duration_Days(jsii.Number(14)),
				DeadLetterQueue:     &awssqs.DeadLetterQueue{Queue: dlq, MaxReceiveCount: jsii.Number(5)},
			})
			admitRules(q, "AllowDetectionRules", detectionRules)
			awscdk.NewCfnOutput(stack, jsii.String("DestinationQueueUrl"+alnum(name)), &awscdk.CfnOutputProps{
				Value: q.QueueUrl(), Description: jsii.String("URL of the " + name + " destination queue (detections' alert envelopes)"),
			})
			s.DetectionSinks.Destinations[name] = DetectionDestination{ARN: q.QueueArn()}
		case "stream":
			s.DetectionSinks.Destinations[name] = addStreamDestination(stack, parent, name, d, trust)
		}
	}
}

// addStreamDestination creates a stream destination: an on-demand Kinesis
// data stream encrypted with the stack's delivery key, with the stream
// buffer's retention (targets.NewStreamBuffer), and no consumer (consumers
// outside the app read it, by the name and ARN in the stack's outputs); and
// the role EventBridge assumes for the app's detection rules (trust), which
// may only put records to this stream and have Kinesis encrypt them.
func addStreamDestination(stack awscdk.Stack, parent constructs.Construct, name string, d config.Destination, trust awsiam.IPrincipal) DetectionDestination {
	key := delivery.Key(stack)
	st := awskinesis.NewStream(parent, jsii.String(name), &awskinesis.StreamProps{
		Encryption:      awskinesis.StreamEncryption_KMS,
		EncryptionKey:   key,
		StreamMode:      awskinesis.StreamMode_ON_DEMAND,
		RetentionPeriod: awscdk.Duration_Hours(jsii.Number(targets.DefaultStreamRetentionHours)),
		// Alerts in flight, kept for the retention: not an archive, and a
		// retained on-demand stream keeps costing by the hour.
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	role := awsiam.NewRole(st, jsii.String("PutRole"), &awsiam.RoleProps{
		Description: jsii.String("Lets trailbridge's detection rules put alerts to the " + name + " stream, and nothing else"),
		AssumedBy:   trust,
	})
	role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("kinesis:PutRecord", "kinesis:PutRecords"),
		Resources: &[]*string{st.StreamArn()},
	}))
	// Kinesis encrypts each record with a data key it generates with the
	// writer's permissions, through the Kinesis endpoint of this region.
	role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:    jsii.Strings("kms:GenerateDataKey"),
		Resources:  &[]*string{key.KeyArn()},
		Conditions: &map[string]any{"StringEquals": map[string]any{"kms:ViaService": "kinesis." + *stack.Region() + ".amazonaws.com"}},
	}))
	awscdk.NewCfnOutput(stack, jsii.String("DestinationStreamName"+alnum(name)), &awscdk.CfnOutputProps{
		Value: st.StreamName(), Description: jsii.String("Name of the " + name + " destination stream (detections' alert envelopes)"),
	})
	awscdk.NewCfnOutput(stack, jsii.String("DestinationStreamArn"+alnum(name)), &awscdk.CfnOutputProps{
		Value: st.StreamArn(), Description: jsii.String("ARN of the " + name + " destination stream (detections' alert envelopes)"),
	})
	return DetectionDestination{
		ARN:              st.StreamArn(),
		RoleARN:          role.RoleArn(),
		PartitionKeyPath: jsii.String(cmp.Or(d.PartitionKeyPath, targets.DefaultStreamPartitionKeyPath)),
	}
}

// addFailedInvocationsAlarm creates one alarm over every rule's failed
// deliveries in this account and region (a CloudWatch Metrics Insights
// query over AWS/Events by RuleName), instead of an alarm per rule: the
// dead-letter queues' messages name the failing rule (RULE_ARN).
func (s *ResponseStack) addFailedInvocationsAlarm() {
	awscloudwatch.NewCfnAlarm(s.Stack, jsii.String("RulesFailedInvocations"), &awscloudwatch.CfnAlarmProps{
		AlarmDescription:   jsii.String("trailbridge: an EventBridge rule in this region failed to deliver events to a target (the rule's dead-letter queue says which, in each message's RULE_ARN attribute)"),
		ComparisonOperator: jsii.String("GreaterThanOrEqualToThreshold"),
		Threshold:          jsii.Number(1),
		EvaluationPeriods:  jsii.Number(1),
		TreatMissingData:   jsii.String("notBreaching"),
		Metrics: []any{&awscloudwatch.CfnAlarm_MetricDataQueryProperty{
			Id:         jsii.String("failed"),
			Expression: jsii.String(`SELECT SUM(FailedInvocations) FROM SCHEMA("AWS/Events", RuleName)`),
			Period:     jsii.Number(300),
			ReturnData: jsii.Bool(true),
		}},
		AlarmActions: &[]any{s.Operations.Topic().TopicArn()},
		OkActions:    &[]any{s.Operations.Topic().TopicArn()},
	})
}

// alnum keeps the letters and digits of s (for construct and output IDs).
func alnum(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			out = append(out, c)
		}
	}
	return string(out)
}
