// Command trailguard is the Lambda function of the trailguard responder
// (see package responders/trailguard), built as "bootstrap" for the
// provided.al2023 runtime and invoked by an EventBridge rule.
//
// Environment: TRAILBRIDGE_PROTECTED_TRAILS, and TRAILBRIDGE_MODE,
// TRAILBRIDGE_EXEMPT_PRINCIPALS, TRAILBRIDGE_SELF_ROLE_ARN,
// TRAILBRIDGE_EXEMPT_TAG, TRAILBRIDGE_HOME_ACCOUNT,
// TRAILBRIDGE_MEMBER_ROLE_NAME (package responder). Events of other
// accounts are acted on through the role TRAILBRIDGE_MEMBER_ROLE_NAME
// there, with role session name "trailbridge-trailguard".
package main
