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
// consumer (trailbridgetest skips bundling).
var app = trailbridgetest.Once(&trailbridgetest.AppOptions{CDKJSON: "cdk.json"}, func(app awscdk.App) {
	newStack(app, "SecurityBus", &awscdk.StackProps{Env: trailbridgetest.Env("eu-west-1")}, Config{OrganizationID: "o-abc123def4"})
})

func TestRuleOnTheCustomBusFeedsTheBuffer(t *testing.T) {
	template := app(t).Template(t, "SecurityBus")
	busID, _ := template.Only(t, "AWS::Events::EventBus")
	ruleID, rule := template.Only(t, "AWS::Events::Rule")

	if got := js(rule["EventBusName"]); got != trailbridgetest.Ref(busID) {
		t.Errorf("rule EventBusName = %s, want the custom bus", got)
	}
	if got := js(rule["EventPattern"].(map[string]any)["detail"].(map[string]any)["eventName"]); got != `["AuthorizeSecurityGroupEgress","AuthorizeSecurityGroupIngress","ModifySecurityGroupRules","RevokeSecurityGroupEgress","RevokeSecurityGroupIngress"]` {
		t.Errorf("eventName = %s", got)
	}

	// The rule's one target is the buffer queue (the queue with a redrive
	// policy; the others are dead-letter queues).
	var bufferID string
	var buffer map[string]any
	for id, r := range template.Resources("AWS::SQS::Queue") {
		if p, ok := r["Properties"].(map[string]any); ok && p["RedrivePolicy"] != nil {
			bufferID, buffer = id, p
		}
	}
	if bufferID == "" {
		t.Fatal("no queue with a dead-letter queue")
	}
	targets := rule["Targets"].([]any)
	if len(targets) != 1 || js(targets[0].(map[string]any)["Arn"]) != trailbridgetest.GetAtt(bufferID, "Arn") {
		t.Errorf("targets = %s, want the buffer queue %s", js(targets), bufferID)
	}
	// Six times the consumer's 60 s timeout, encrypted, five receives before
	// the dead-letter queue.
	if buffer["VisibilityTimeout"] != 360.0 || buffer["KmsMasterKeyId"] == nil ||
		buffer["RedrivePolicy"].(map[string]any)["maxReceiveCount"] != 5.0 {
		t.Errorf("buffer queue = %s", js(buffer))
	}

	// Only the rule may send to the buffer.
	found := false
	for _, r := range template.Resources("AWS::SQS::QueuePolicy") {
		p := r["Properties"].(map[string]any)
		if js(p["Queues"]) != "["+trailbridgetest.Ref(bufferID)+"]" {
			continue
		}
		for _, s := range p["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			st := s.(map[string]any)
			if st["Action"] == "sqs:SendMessage" {
				found = true
				// The exact ARN of the rule (ArnLike without a wildcard).
				if got := js(st["Condition"]); got != `{"ArnLike":{"aws:SourceArn":`+trailbridgetest.GetAtt(ruleID, "Arn")+`}}` {
					t.Errorf("buffer policy condition = %s, want the rule", got)
				}
			}
		}
	}
	if !found {
		t.Error("the buffer's policy does not admit the rule")
	}
}

func TestConsumerReadsBatchesAndReportsFailures(t *testing.T) {
	template := app(t).Template(t, "SecurityBus")
	fnID, _ := template.Only(t, "AWS::Lambda::Function")
	_, esm := template.Only(t, "AWS::Lambda::EventSourceMapping")
	if got := js(esm["FunctionName"]); got != trailbridgetest.Ref(fnID) {
		t.Errorf("event source mapping feeds %s, want the consumer", got)
	}
	if js(esm["FunctionResponseTypes"]) != `["ReportBatchItemFailures"]` || esm["BatchSize"] != 50.0 || esm["MaximumBatchingWindowInSeconds"] != 10.0 {
		t.Errorf("event source mapping = %s", js(esm))
	}
}

func TestBusAdmitsOnlyTheOrganization(t *testing.T) {
	template := app(t).Template(t, "SecurityBus")
	_, policy := template.Only(t, "AWS::Events::EventBusPolicy")
	if got := js(policy["Statement"].(map[string]any)["Condition"]); got != `{"StringEquals":{"aws:PrincipalOrgID":"o-abc123def4"}}` {
		t.Errorf("bus policy condition = %s", got)
	}
}
