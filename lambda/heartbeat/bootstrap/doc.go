// Command heartbeat is the Lambda function of the heartbeat (see package
// lambda/heartbeat, and lambda/heartbeat/beat for its logic), built as
// "bootstrap" for the provided.al2023 runtime and invoked asynchronously by
// an EventBridge schedule in its region.
//
// Environment: TRAILBRIDGE_HEARTBEAT_PARAMETER, and the AWS_* variables the
// Lambda service sets (package awsenv). A bad variable fails the
// initialization, naming it.
package main
