// Package targets holds the destinations of an apicall.Rule: where a matched
// CloudTrail event goes once the rule has selected it.
//
//	API call -> CloudTrail -> EventBridge bus -> rule -> target (this package) -> responder or person
//
// Targets that deliver to what you already have: Lambda, Topic, Queue,
// StateMachine and APIDestination, and CDK, which binds any target of the
// CDK's awseventstargets package (Kinesis, Firehose, log groups, event
// buses, CodeBuild, ECS, Batch, ...) and tightens what the CDK leaves
// unscoped. Constructs that create the destination with the settings
// EventBridge needs:
//
//   - NewAlertTopic: an SNS topic for people, with subscriptions; its Target
//     sends a readable message (who did what, where, when, with what result;
//     see AlertMessage) instead of the raw event.
//   - NewBufferedFunction: an SQS queue in front of a function, for
//     responders that see many events; the function reads batches and
//     reports failed records one by one.
//   - NewStreamBuffer: a Kinesis stream in front of a function, for order
//     per partition key, replay within the retention, several consumers or
//     more volume; failed batches are split, retried a bounded number of
//     times and named in a failure queue.
//   - NewWebhook: an EventBridge connection and API destination for a chat or
//     ticketing system, with the credential read from Secrets Manager at
//     deploy time.
//
// Every resource policy a target adds admits only its rule (aws:SourceArn),
// and every role it creates may only deliver to that target. The CDK's own
// targets, bound with CDK, scope some of what they create to the account or
// to the resource instead: CDK's documentation lists which. Encrypted topics
// and queues use a customer-managed key whose policy admits
// events.amazonaws.com (delivery.Key): with an AWS-managed key, EventBridge's
// deliveries fail silently.
//
// Usage (stack is an awscdk.Stack):
//
// A readable SNS alert on root console sign-ins:
//
//	alerts := targets.NewAlertTopic(stack, "Alerts", &targets.AlertTopicProps{
//		Subscriptions: []targets.Subscription{{Protocol: "email", Endpoint: "secops@example.com"}},
//	})
//	apicall.NewRule(stack, "RootLogin", &apicall.RuleProps{
//		Services:          []string{"signin"},
//		EventNames:        []string{"ConsoleLogin"},
//		DetailTypes:       []string{"AWS Console Sign In via CloudTrail"},
//		UserIdentityTypes: []string{"Root"},
//		Targets:           []apicall.RuleTarget{{ID: "Alert", Target: alerts.Target()}},
//	})
//
// The runnable examples (example_test.go) are on pkg.go.dev and run with
// `go test -run Example -v` in this package's directory; `go doc` does not show
// them.
package targets
