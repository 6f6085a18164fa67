package main

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/trailbridge/trailbridge/trailbridgetest"
)

// TestMain turns the CDK's CloudFormation validator off and closes the jsii
// runtime once (see trailbridgetest.Main).
func TestMain(m *testing.M) { trailbridgetest.Main(m) }

var js = trailbridgetest.JSON

// app is the example's stack, synthesized once for every test of the
// package with the context of the example's cdk.json, without building the
// responder (trailbridgetest skips bundling).
var app = trailbridgetest.Once(&trailbridgetest.AppOptions{CDKJSON: "cdk.json"}, func(app awscdk.App) {
	newStack(app, "CustomRule", &awscdk.StackProps{Env: trailbridgetest.Env("eu-west-1")}, Config{AlertEmail: "security@example.com"})
})

func TestRuleAlertsAndInvokesTheResponder(t *testing.T) {
	template := app(t).Template(t, "CustomRule")
	ruleID, rule := template.Only(t, "AWS::Events::Rule")
	fnID, _ := template.Only(t, "AWS::Lambda::Function")
	roleID, _ := template.Only(t, "AWS::IAM::Role")
	topicID, _ := template.Only(t, "AWS::SNS::Topic")

	pattern := rule["EventPattern"].(map[string]any)
	detail := pattern["detail"].(map[string]any)
	if got := js(detail["eventName"]); got != `["CreateKeyPair","ImportKeyPair"]` {
		t.Errorf("eventName = %s", got)
	}
	if got := js(pattern["source"]); got != `["aws.ec2"]` {
		t.Errorf("source = %s", got)
	}
	// The responder's own role is exempt, so its calls never trigger it.
	exempt := js(detail["userIdentity"])
	if want := `{"sessionContext":{"sessionIssuer":{"arn":[{"anything-but":[` + trailbridgetest.GetAtt(roleID, "Arn") + `]},{"exists":false}]}}}`; exempt != want {
		t.Errorf("userIdentity = %s\nwant %s", exempt, want)
	}

	if len(rule["Targets"].([]any)) != 2 {
		t.Fatalf("want the Alert and Responder targets, got %s", js(rule["Targets"]))
	}
	alert := trailbridgetest.Target(t, rule, "Alert")
	if got := js(alert["Arn"]); got != trailbridgetest.Ref(topicID) {
		t.Errorf("Alert target = %s, want the topic", got)
	}
	if alert["InputTransformer"] == nil {
		t.Error("the Alert target sends the raw event; want the readable message")
	}
	if got := js(trailbridgetest.Target(t, rule, "Responder")["Arn"]); got != trailbridgetest.GetAtt(fnID, "Arn") {
		t.Errorf("Responder target = %s, want the function", got)
	}

	// Only this rule may invoke the function.
	_, perm := template.Only(t, "AWS::Lambda::Permission")
	if got := js(perm["SourceArn"]); got != trailbridgetest.GetAtt(ruleID, "Arn") {
		t.Errorf("invoke permission SourceArn = %s, want the rule", got)
	}
}

func TestResponderIsAGoFunction(t *testing.T) {
	template := app(t).Template(t, "CustomRule")
	_, fn := template.Only(t, "AWS::Lambda::Function")
	if fn["Runtime"] != "provided.al2023" || fn["Handler"] != "bootstrap" || js(fn["Architectures"]) != `["arm64"]` {
		t.Errorf("function = runtime %v, handler %v, architectures %s", fn["Runtime"], fn["Handler"], js(fn["Architectures"]))
	}
	_, sub := template.Only(t, "AWS::SNS::Subscription")
	if sub["Protocol"] != "email" || sub["Endpoint"] != "security@example.com" {
		t.Errorf("subscription = %s", js(sub))
	}
}
