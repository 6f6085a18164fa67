// Package operations watches trailbridge's deliveries: alarms on failed and
// dead-lettered rule invocations, on dead-letter queue depth and age, and on
// responder errors and throttles, all sent to an operations topic, plus a
// CloudWatch dashboard of the same metrics.
//
// In the data flow it closes the failure path: target retry policy ->
// dead-letter queue -> alarm -> operations topic.
//
// Usage (stack is an awscdk.Stack):
//
// Alarms on a rule's failed and dead-lettered deliveries, sent to an
// operations topic:
//
//	ops := targets.NewAlertTopic(stack, "Operations", nil)
//	monitor := operations.NewMonitor(stack, "Monitor", &operations.MonitorProps{Topic: ops.Topic()})
//	monitor.WatchRule("UserCreated", rule) // rule: an apicall.Rule
//
// The runnable examples (example_test.go) are on pkg.go.dev and run with
// `go test -run Example -v` in this package's directory; `go doc` does not show
// them.
package operations
