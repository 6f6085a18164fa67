package delivery_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/delivery"
)

// A dead-letter queue shared by rules defined outside trailbridge: each rule
// that sends to it is admitted by AllowRule, and nothing else is.
func ExampleNewDeadLetterQueue() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Security"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	dlq := delivery.NewDeadLetterQueue(stack, "Undelivered", &delivery.DeadLetterQueueProps{RetentionDays: 7})
	delivery.AllowRule(dlq, jsii.String("arn:aws:events:eu-west-1:111111111111:rule/legacy-alerts"))
	fmt.Println(*dlq.Node().Path(), "fifo:", *dlq.Fifo())
	// The queue is encrypted with the stack's delivery key, created on first use.
	fmt.Println(*delivery.Key(stack).Node().Path())
	// Output:
	// Security/Undelivered fifo: false
	// Security/TrailbridgeDeliveryKey
}
