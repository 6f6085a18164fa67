// Command notify is the Lambda function of the alert notifier (see package
// lambda/notify, and lambda/notify/publish for its logic), built as "bootstrap" for the provided.al2023 runtime and
// invoked asynchronously by the detections' rules with an input
// transformer.
//
// Environment: TRAILBRIDGE_ALERT_TOPIC_ARN, and the AWS_* variables the
// Lambda service sets (package awsenv). A bad variable fails the
// initialization, naming it.
package main
