// Package notify is the alert notifier, the Lambda function that turns a
// detection's alert into an e-mail a person reads: the facts its stacks
// share (Actions, the message attributes, the configuration it reads). It
// imports no AWS SDK service client, so that the CDK app links none; the
// logic that publishes with the SNS client is package notify/publish.
//
// # Input
//
// Every detection's rule sends its events through an EventBridge input
// transformer (detection.InputPaths and Detection.InputTemplate); the
// notifier's target receives the result, a detection.Envelope, as an
// asynchronous invocation. An input that is not an Envelope (not a JSON
// object, no alert.detection, no valid alert.severity) is logged and
// returned as an error wrapping publish.ErrMalformed: it is never published, and
// Lambda's asynchronous retries end it in the function's dead-letter
// queue, where it can be inspected.
//
// # Output
//
// detection.Render makes the subject and body; the notifier publishes them
// to the SNS topic named by TRAILBRIDGE_ALERT_TOPIC_ARN
// (contract.EnvAlertTopicARN) with the message attributes "severity" and
// "detection" (String), so that a subscription's filter policy can select
// alerts by severity or detection. Any publish error (throttling, a
// timeout, a missing permission, a KMS error) is returned after the SDK's
// own retries: Lambda retries the invocation twice, then hands it to the
// dead-letter queue. Delivery is at least once, so a person may receive an
// alert twice.
//
// # Permissions
//
// sns:Publish on the topic (Actions); for a topic encrypted with a
// customer-managed key, kms:GenerateDataKey and kms:Decrypt on that key.
package notify
