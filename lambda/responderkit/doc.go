// Package responderkit is what trailbridge's Lambda responders share: the
// Mode they run in, the exemptions they honour, the Decision they log and
// the handlers that Lambda calls.
//
// # Configuration
//
// Configuration comes from the environment, read once in main with
// ConfigFromEnv(os.Getenv) (a responder's settings package extends it with
// its own variables through Env and ReadConfig, and declares its Facts). Every bad variable is reported at
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
//     changes.
//   - TRAILBRIDGE_EXEMPT_TAG: key=value (default trailbridge:exempt=true);
//     a resource carrying it is left alone by the responders that read tags.
//   - TRAILBRIDGE_HOME_ACCOUNT: the 12-digit ID of the account the function
//     runs in (default: the account of TRAILBRIDGE_SELF_ROLE_ARN, which it
//     must match when both are set).
//   - TRAILBRIDGE_MEMBER_ROLE_NAME: the name (not ARN, no path) of the role
//     the responder assumes in other accounts, such as
//     "trailbridge-publicbucket-member"; empty means single-account mode.
//     Requires the home account to be known.
//
// # Accounts
//
// In organization mode member accounts forward their CloudTrail events to
// the central bus, so a responder receives events of other accounts. The
// account of an event is detail.recipientAccountId (else the caller's
// account). An event of the home account, or any event when the home
// account is unknown, is acted on with the function's own credentials.
// For an event of another account:
//
//   - without TRAILBRIDGE_MEMBER_ROLE_NAME nothing is done: the Decision is
//     "skipped", reason "event from account 222222222222, not this account
//     (111111111111), and no member role is configured";
//   - with it, the responder assumes
//     arn:PARTITION:iam::ACCOUNT:role/NAME (PARTITION from the event's
//     region) with sts:AssumeRole, role session name
//     "trailbridge-RESPONDER" (SessionName, such as
//     "trailbridge-publicbucket"), and acts with those credentials. The
//     member role's trust policy must allow sts:AssumeRole to the
//     responder's execution role. Failing to assume the role is an error
//     naming the role ARN: the event is retried, then kept in the
//     dead-letter queue or on-failure destination.
//
// Responders get the SDK clients of an event's account from a
// ClientSource: in Lambda an *accounts.Accounts (package
// responder/accounts), which builds them on first use and keeps them for
// the life of the process. Calls made by the member role (in any
// account) are the responder's own and always skipped, like those of
// TRAILBRIDGE_SELF_ROLE_ARN. Responders whose Spec sets AnyAccount (the
// audit report) act in the home account for events of every account.
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
// recovered into a *PanicError. A Func returning a *SkippedError (Skip)
// yields a "skipped" Decision and no error. Handler.HandleSQS serves functions fed by an
// SQS queue of EventBridge events:
// func(context.Context, events.SQSEvent) (events.SQSEventResponse, error),
// reporting the messages that were rejected or failed as BatchItemFailures.
package responderkit
