package targets_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

// Any target of the CDK's awseventstargets package, here a Kinesis stream
// you already have, partitioned by who made the call. The rule's
// dead-letter queue and retry policy apply; the CDK creates the role
// EventBridge uses ("EventsRole", beside the stream), which may only write
// to that stream and is denied to rules of other accounts.
func ExampleCDK() {
	stack := newStack()
	stream := awskinesis.NewStream(stack, jsii.String("AuditStream"), &awskinesis.StreamProps{
		StreamMode:    awskinesis.StreamMode_ON_DEMAND,
		Encryption:    awskinesis.StreamEncryption_KMS,
		EncryptionKey: delivery.Key(stack),
	})
	rule := apicall.NewRule(stack, "IAMChanges", &apicall.RuleProps{
		Services:   []string{"iam"},
		EventNames: []string{"CreateUser", "AttachUserPolicy"},
		Targets: []apicall.RuleTarget{{ID: "Stream", Target: targets.CDK(awseventstargets.NewKinesisStream(stream, &awseventstargets.KinesisStreamProps{
			PartitionKeyPath: jsii.String("$.detail.userIdentity.arn"),
		}))}},
	})
	fmt.Println(rule.Targets()[0].ID)
	fmt.Println(*stream.Node().FindChild(jsii.String("EventsRole")).Node().Path())
	// Output:
	// Stream
	// Security/AuditStream/EventsRole
}

// A responder behind a Kinesis stream: events of one security group stay
// in order (they share a partition key), and a failed batch is split,
// retried three times, then named in the failure queue.
func ExampleNewStreamBuffer() {
	stack := newStack()
	fn := golambda.NewFunction(stack, "Consumer", &golambda.FunctionProps{
		Package:        "./constructs/golambda/testdata/echo",
		TimeoutSeconds: 60,
	})
	buffer := targets.NewStreamBuffer(stack, "Buffer", &targets.StreamBufferProps{
		Function:         fn.Function(),
		PartitionKeyPath: "$.detail.requestParameters.groupId",
		RetentionHours:   72,
	})
	apicall.NewRule(stack, "SecurityGroupChanges", &apicall.RuleProps{
		Services:   []string{"ec2"},
		EventNames: []string{"AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"},
		Targets:    []apicall.RuleTarget{{ID: "Buffer", Target: buffer.Target()}},
	})
	fmt.Println(*buffer.Stream().Node().Path())
	fmt.Println(*buffer.FailureQueue().Node().Path())
	for _, a := range buffer.Alarms() {
		fmt.Println(*a.Node().Path())
	}
	// Output:
	// Security/Buffer/Stream
	// Security/Buffer/FailureQueue
	// Security/Buffer/IteratorAgeAlarm
	// Security/Buffer/FailureQueueDepthAlarm
}
