// Package operations watches trailbridge's deliveries: alarms on failed and
// dead-lettered rule invocations, on dead-letter queue depth and age, and on
// responder errors and throttles, all sent to an operations topic, plus a
// CloudWatch dashboard of the same metrics.
//
// In the data flow it closes the failure path: target retry policy ->
// dead-letter queue -> alarm -> operations topic.
package operations
