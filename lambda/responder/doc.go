// Package responder is what trailbridge's Lambda responders share: the
// Mode they run in, the exemptions they honour, the Decision they log and
// the handlers that Lambda calls.
//
// # Configuration
//
// Configuration comes from the environment, read once in main with
// ConfigFromEnv(os.Getenv) (responder packages extend it with their own
// variables through Env and ReadConfig). Every bad variable is reported at
// once, each as an *EnvError naming the variable, its value and what is
// allowed:
//
//   - TRAILBRIDGE_MODE (required): off, alert, dry-run or remediate.
//   - TRAILBRIDGE_EXEMPT_PRINCIPALS: comma-separated ARN patterns ("*" and
//     "?" wildcards) of principals whose calls are skipped. A pattern is
//     matched against the role ARN of an assumed role (path included) and
//     against the identity's ARN (the session ARN, for an assumed role).
//   - TRAILBRIDGE_SELF_ROLE_ARN: the responder's own execution role, whose
//     calls are always skipped so that a responder never acts on its own
//     changes. When set, events of other accounts are skipped too.
//   - TRAILBRIDGE_EXEMPT_TAG: key=value (default trailbridge:exempt=true);
//     a resource carrying it is left alone by the responders that read tags.
//
// # Modes and decisions
//
// In ModeOff nothing is looked at ("skipped", reason "mode off"). In the
// other modes a responder reads the resource's current state (so it reports
// "compliant", "gone" or an exempt tag accurately); where a remedy is due it
// logs "alerted" in ModeAlert, "would-remediate" in ModeDryRun, and acts and
// logs "remediated" in ModeRemediate. Every event yields one Decision,
// logged as one JSON line by log/slog's JSON handler with the fields
// eventID, eventName, principal, resource, mode, action, reason and
// details.
//
// # Handlers
//
// Handler.Handle serves functions that EventBridge invokes (asynchronously):
// func(context.Context, json.RawMessage) (Decision, error). Malformed or
// unsupported events are logged as "rejected" and returned as an error
// (*RejectedError), as are AWS errors ("failed"), so Lambda retries them and
// then keeps them in the function's on-failure destination; panics are
// recovered into a *PanicError. Handler.HandleSQS serves functions fed by an
// SQS queue of EventBridge events:
// func(context.Context, events.SQSEvent) (events.SQSEventResponse, error),
// reporting the messages that were rejected or failed as BatchItemFailures.
package responder
