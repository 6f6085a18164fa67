// Command kinesis-buffer is a CDK app with one rule on the calls that weaken
// or remove a KMS key (DisableKey, ScheduleKeyDeletion, PutKeyPolicy) and two
// Kinesis targets:
//
//   - an audit stream the app creates for readers outside it (a SIEM),
//     bound with targets.CDK(awseventstargets.NewKinesisStream(...)): any
//     target of the CDK's awseventstargets package works the same way, with
//     the rule's dead-letter queue and retry policy;
//   - a stream buffer (targets.NewStreamBuffer) in front of a Go function
//     (./consumer) that reads the changes of each key in order and reports
//     partial batch failures (events.KinesisEventResponse).
//
// Synthesize it with the CDK CLI:
//
//	npx aws-cdk@2 synth
package main

import (
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

// newStack builds the stack: main and the test share it.
func newStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)

	// The audit stream: read from outside the app, encrypted with the
	// stack's delivery key (the one the rule's dead-letter queue uses). Give
	// its readers audit.GrantRead(role): that grants kms:Decrypt on the key
	// as well.
	audit := awskinesis.NewStream(stack, jsii.String("AuditStream"), &awskinesis.StreamProps{
		StreamMode:      awskinesis.StreamMode_ON_DEMAND,
		Encryption:      awskinesis.StreamEncryption_KMS,
		EncryptionKey:   delivery.Key(stack),
		RetentionPeriod: awscdk.Duration_Days(jsii.Number(7)),
	})

	consumer := golambda.NewFunction(stack, "Consumer", &golambda.FunctionProps{
		// Relative to the nearest directory with a go.mod above the one
		// the app runs in: this example's.
		Package:        "./consumer",
		Description:    "Reads KMS key changes from the stream buffer, in order per key",
		TimeoutSeconds: 60,
	})
	buffer := targets.NewStreamBuffer(stack, "Buffer", &targets.StreamBufferProps{
		Function: consumer.Function(),
		// Every event the rule matches names the key (as the caller did: its
		// ID or its ARN): its changes stay in order, on one shard.
		PartitionKeyPath: "$.detail.requestParameters.keyId",
		RetentionHours:   72, // three days to replay what the failure queue names
		BatchSize:        25,
		// Wait up to 2 s to fill a batch: a key change is acted on quickly.
		MaxBatchingWindowSeconds: 2,
	})

	apicall.NewRule(stack, "KeyChanges", &apicall.RuleProps{
		Services:   []string{"kms"},
		EventNames: []string{"DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy"},
		Targets: []apicall.RuleTarget{
			// The CDK creates the role EventBridge writes with ("EventsRole",
			// beside the stream): it may only write to this stream and
			// encrypt with its key, and targets.CDK denies it to rules of
			// other accounts.
			{ID: "Audit", Target: targets.CDK(awseventstargets.NewKinesisStream(audit, &awseventstargets.KinesisStreamProps{
				PartitionKeyPath: jsii.String("$.detail.eventID"), // spread evenly; a duplicate delivery lands on the same shard
			}))},
			{ID: "Buffer", Target: buffer.Target()},
		},
	})
	return stack
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	newStack(app, "KeyChanges", &awscdk.StackProps{Env: env()})
	app.Synth(nil)
}

// env is the account and region the CDK CLI resolved from your credentials.
func env() *awscdk.Environment {
	account, region := os.Getenv("CDK_DEFAULT_ACCOUNT"), os.Getenv("CDK_DEFAULT_REGION")
	if account == "" || region == "" {
		return nil // environment-agnostic
	}
	return &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
}
