// Package forwarding carries CloudTrail events from the regions (and, in an
// organization, the accounts) where they happen to the home event bus, where
// trailbridge's rules and responders live. A rule sees only the events of
// its own region, and IAM, CloudFront, Route 53 and Organizations events
// appear only in us-east-1, so without forwarding most rules would never fire.
//
// In the data flow it sits between CloudTrail and the API-call rules:
//
//	API call in region R -> EventBridge default bus in R -> forwarder rule
//	  -> home-region bus -> API-call rule -> target
//
// A forwarder matches exactly what the home rules need (NeedsOf gathers the
// services, event names, detail types and conditions such as identity types
// from the rules; NeedOfSpec does the same for a pattern.Spec, e.g. a
// detection's), so nothing else crosses regions and costs money: a home rule
// on every service's calls by the root user is forwarded as just that.
// Read-only events are forwarded only by a rule in the state that receives
// them, and only where a home rule asks.
//
// Usage (stack is an awscdk.Stack):
//
// A us-east-1 forwarder carrying what the home rules need (IAM events
// happen there) to the home region's default bus:
//
//	global := awscdk.NewStack(app, jsii.String("Forwarder-us-east-1"), &awscdk.StackProps{Env: usEast1})
//	forwarding.NewForwarder(global, "Forwarder", &forwarding.ForwarderProps{
//		Needs:      forwarding.NeedsOf(usersRule, groupsRule), // apicall rules of the home stack
//		HomeBusARN: forwarding.BusARN("aws", "eu-west-1", "111111111111", "default"),
//	})
//
// The runnable examples (example_test.go) are on pkg.go.dev and run with
// `go test -run Example -v` in this package's directory; `go doc` does not show
// them.
package forwarding
