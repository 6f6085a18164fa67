// Package apicall is trailbridge's API-call rule: an EventBridge rule that
// selects the AWS API calls CloudTrail records (by service, event name,
// caller, source address, account, region and request parameters) and
// delivers them to up to five targets, each with a retry policy and a
// dead-letter queue.
//
// In the data flow it is the step that decides what reaches a responder:
//
//	API call -> CloudTrail -> EventBridge bus -> apicall.Rule -> target -> responder
//
// NewRule encodes what a hand-written rule gets wrong:
//
//   - The event pattern is built and checked by package pattern: EventBridge's
//     quotas (4,096 characters, 1,000 "$or" combinations) and values that would
//     silently match nothing (misspelled detail types, bad account IDs or
//     regions) fail at synth, with every problem listed.
//   - An event name that none of the rule's services records (a typo such as
//     iam's "CreateUsr") is a synth warning (UnknownEventNameWarning) with the
//     nearest names, checked against package catalog/operations; a warning,
//     not an error, since you may know names the table does not.
//   - Failed calls (those with an errorCode) are dropped in the pattern, so
//     they cost no invocation, unless IncludeFailed is set.
//   - Read-only calls (List*, Get*, Describe*, and exceptions such as KMS
//     Decrypt) reach a rule only in state
//     ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, which the CDK's L2 Rule
//     cannot set; the rule picks its state from its event names (StateAuto).
//   - ExemptPrincipalARNs keeps a responder's own role from triggering it
//     again when it changes what it watches.
//   - Every target gets the rule's dead-letter queue (encrypted, admitting
//     only this rule) and retry policy unless it brings its own.
//
// A rule sees only the events of its own region and bus. Global services
// (IAM, CloudFront, Route 53, Organizations) appear in us-east-1 only: see
// catalog.Service.GlobalOnly.
//
// Targets implement Target. Package targets has the usual ones (Lambda,
// Topic, Queue, StateMachine, APIDestination) and constructs that bring
// their resources (AlertTopic, BufferedFunction, Webhook). To prove a rule
// fires for the CloudTrail records it is meant for, and for nothing else,
// synthesize the app and use package simulate (AssertFires, AssertNotFires).
//
// Usage (stack is an awscdk.Stack):
//
// A rule on S3 bucket-policy changes that alerts people, never triggered by
// the responder role that fixes them:
//
//	alerts := targets.NewAlertTopic(stack, "Alerts", nil)
//	rule := apicall.NewRule(stack, "PublicBucket", &apicall.RuleProps{
//		Services:            []string{"s3"},
//		EventNames:          []string{"PutBucketPolicy", "DeleteBucketPublicAccessBlock"},
//		ExemptPrincipalARNs: []string{"arn:aws:iam::111111111111:role/BucketResponder"},
//		Targets:             []apicall.RuleTarget{{ID: "Alert", Target: alerts.Target()}},
//	})
//	fmt.Println(rule.PatternJSON()) // the EventBridge pattern, errorCode dropped
//
// The runnable examples (example_test.go) are on pkg.go.dev and run with
// `go test -run Example -v` in this package's directory; `go doc` does not show
// them.
package apicall
