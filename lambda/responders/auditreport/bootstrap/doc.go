// Command auditreport is the Lambda function of the auditreport responder
// (see package responders/auditreport), built as "bootstrap" for the
// provided.al2023 runtime and invoked by an EventBridge rule.
//
// Environment: TRAILBRIDGE_AUDIT_BUCKET, TRAILBRIDGE_AUDIT_PREFIX, and
// TRAILBRIDGE_MODE, TRAILBRIDGE_EXEMPT_PRINCIPALS,
// TRAILBRIDGE_SELF_ROLE_ARN, TRAILBRIDGE_EXEMPT_TAG,
// TRAILBRIDGE_HOME_ACCOUNT, TRAILBRIDGE_MEMBER_ROLE_NAME (package
// responder). The function writes with its own credentials for events of
// every account; it assumes no member role.
package main
