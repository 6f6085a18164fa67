// Command opensg is the Lambda function of the opensg responder (see
// package responders/opensg), built as "bootstrap" for the provided.al2023
// runtime and invoked by an EventBridge rule.
//
// Environment: TRAILBRIDGE_ADMIN_PORTS, and TRAILBRIDGE_MODE,
// TRAILBRIDGE_EXEMPT_PRINCIPALS, TRAILBRIDGE_SELF_ROLE_ARN,
// TRAILBRIDGE_EXEMPT_TAG (package responder).
package main
