// Command ownertags is the Lambda function of the ownertags responder (see
// package responders/ownertags), built as "bootstrap" for the
// provided.al2023 runtime and fed by an SQS queue of EventBridge events
// (the event source mapping must enable ReportBatchItemFailures).
//
// Environment: TRAILBRIDGE_OWNER_TAG_KEY, TRAILBRIDGE_CREATED_AT_TAG_KEY,
// and TRAILBRIDGE_MODE, TRAILBRIDGE_EXEMPT_PRINCIPALS,
// TRAILBRIDGE_SELF_ROLE_ARN, TRAILBRIDGE_EXEMPT_TAG,
// TRAILBRIDGE_HOME_ACCOUNT, TRAILBRIDGE_MEMBER_ROLE_NAME (package
// responder). Events of other accounts are acted on through the role
// TRAILBRIDGE_MEMBER_ROLE_NAME there, with role session name
// "trailbridge-ownertags".
package main
