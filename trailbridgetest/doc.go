// Package trailbridgetest is the test harness for CDK apps built with
// trailbridge (and for trailbridge's own tests): what every test package of
// a CDK app in Go otherwise copies.
//
//   - Main, called from TestMain, runs the tests with the CDK's built-in
//     CloudFormation validator off (CDK_VALIDATION=false; it costs seconds per
//     synth and `cdk synth` in CI runs it once over the whole app) and closes
//     the jsii runtime once. The runtime's Node process does not see variables
//     set with os.Setenv, so Main re-executes the test binary with the
//     variable set, before jsii starts.
//   - NewApp builds an app with a cdk.json's context (its feature flags),
//     construct-path metadata on (as `cdk synth` records it) and Lambda
//     bundling skipped; Synth synthesizes it and reads the assembly back.
//   - Once synthesizes an app the first time a test asks for it and shares
//     the result with every later test of the package: a synth takes seconds.
//   - Assembly.Template reads a stack's template as a map, with helpers
//     (Resources, Only) and the CDK assertions (Template.Assertions).
//   - Assembly.AssertFires and AssertNotFires route a CloudTrail record or
//     an EventBridge event through the app's rules offline (package
//     simulate) and fail the test unless the named rule fires (or not).
//
// A test file of an app:
//
//	func TestMain(m *testing.M) { trailbridgetest.Main(m) }
//
//	var app = trailbridgetest.Once(&trailbridgetest.AppOptions{CDKJSON: "cdk.json"}, func(app awscdk.App) {
//		newStack(app, "Security", &awscdk.StackProps{Env: trailbridgetest.Env("eu-west-1")})
//	})
//
//	func TestRootLoginAlerts(t *testing.T) {
//		a := app(t)
//		if _, topic := a.Template(t, "Security").Only(t, "AWS::SNS::Topic"); topic["KmsMasterKeyId"] == nil {
//			t.Error("the alert topic is not encrypted")
//		}
//		a.AssertFires(t, rootLogin, "Security/RootLogin")
//	}
package trailbridgetest
