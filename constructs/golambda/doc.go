// Package golambda deploys a Go Lambda function, a responder, from a main
// package of your module: `go build` runs on the machine that synthesizes
// (no Docker) for provided.al2023 on arm64, and the asset hash covers the
// package's sources and those of every package of the module it imports
// (SourceHash), so an unchanged responder is not redeployed.
//
// It is the last step of the data flow, where an event becomes an action:
//
//	API call -> CloudTrail -> EventBridge bus -> rule -> target -> responder
//
// The function gets its own log group (JSON logs, retention, encrypted), a
// dead-letter queue for failed asynchronous invocations (EventBridge invokes
// asynchronously), and a role that holds only what is granted to it with
// AddToRolePolicy or a Grant* call, plus writing to its own log group.
//
// Wire it to a rule with targets.Lambda(fn.Function()), or behind a queue with
// targets.NewBufferedFunction, and exempt its role from the rule
// (apicall.RuleProps.ExemptPrincipalARNs) so that what it does never triggers
// it again. Delivery is at least once: a responder must be idempotent.
//
// Tests that synthesize a stack with a Function skip the build with the
// context value "aws:cdk:bundling-stacks": [].
//
// Usage (stack is an awscdk.Stack):
//
// A Go responder built from ./responder (go build, arm64, no Docker) and
// invoked by a rule that its own calls never trigger:
//
//	fn := golambda.NewFunction(stack, "Rotate", &golambda.FunctionProps{Package: "./responder"})
//	apicall.NewRule(stack, "KeyPairCreated", &apicall.RuleProps{
//		Services:            []string{"ec2"},
//		EventNames:          []string{"CreateKeyPair"},
//		ExemptPrincipalARNs: []string{*fn.Role().RoleArn()},
//		Targets:             []apicall.RuleTarget{{ID: "Rotate", Target: targets.Lambda(fn.Function())}},
//	})
//
// The runnable examples (example_test.go) are on pkg.go.dev and run with
// `go test -run Example -v` in this package's directory; `go doc` does not show
// them.
package golambda
