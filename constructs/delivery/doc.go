// Package delivery holds what every EventBridge delivery in trailbridge
// shares: the customer-managed KMS key that encrypts queues and topics (with
// a key policy that lets EventBridge, SNS and CloudWatch use it: an
// AWS-managed key makes encrypted deliveries fail silently), and standard,
// encrypted dead-letter queues whose policies admit only the rules that use
// them.
//
// In the data flow it sits under every target: rule -> target, and on
// failure rule -> retry policy -> dead-letter queue -> alarm.
//
// Usage (stack is an awscdk.Stack):
//
// A dead-letter queue encrypted with the stack's delivery key (created on
// first use), admitting one more rule:
//
//	dlq := delivery.NewDeadLetterQueue(stack, "Undelivered", &delivery.DeadLetterQueueProps{RetentionDays: 7})
//	delivery.AllowRule(dlq, jsii.String("arn:aws:events:eu-west-1:111111111111:rule/legacy-alerts"))
//	key := delivery.Key(stack) // the stack's customer-managed delivery key
//
// The runnable examples (example_test.go) are on pkg.go.dev and run with
// `go test -run Example -v` in this package's directory; `go doc` does not show
// them.
package delivery
