package operations_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

// A monitor that alarms, on an operations topic, when a rule fails to
// deliver events or dead-letters them, and when its dead-letter queue holds
// anything.
func ExampleNewMonitor() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Security"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	ops := targets.NewAlertTopic(stack, "Operations", &targets.AlertTopicProps{
		Subscriptions: []targets.Subscription{{Protocol: "email", Endpoint: "platform@example.com"}},
	})
	rule := apicall.NewRule(stack, "UserCreated", &apicall.RuleProps{
		Services:   []string{"iam"},
		EventNames: []string{"CreateUser"},
	})
	monitor := operations.NewMonitor(stack, "Monitor", &operations.MonitorProps{
		Topic:                ops.Topic(),
		DeadLetterAgeSeconds: 900,
	})
	monitor.WatchRule("UserCreated", rule)
	for _, alarm := range monitor.Alarms() {
		fmt.Println(*alarm.Node().Id())
	}
	// Output:
	// FailedInvocations
	// InvocationsSentToDLQ
	// Depth
	// OldestMessageAge
}
