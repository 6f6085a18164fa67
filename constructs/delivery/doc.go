// Package delivery holds what every EventBridge delivery in trailbridge
// shares: the customer-managed KMS key that encrypts queues and topics (with
// a key policy that lets EventBridge, SNS and CloudWatch use it: an
// AWS-managed key makes encrypted deliveries fail silently), and standard,
// encrypted dead-letter queues whose policies admit only the rules that use
// them.
//
// In the data flow it sits under every target: rule -> target, and on
// failure rule -> retry policy -> dead-letter queue -> alarm.
package delivery
