package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// TestMain turns the CDK's CloudFormation validator off (CDK_VALIDATION=false)
// and closes the jsii runtime once. The runtime's Node process does not see
// variables set with os.Setenv, so the test binary re-executes itself with
// the variable set, before jsii starts (and with Node's end-of-life banner
// silenced: it says nothing about the code under test).
func TestMain(m *testing.M) {
	if os.Getenv("CDK_VALIDATION") == "" {
		env := append(os.Environ(), "CDK_VALIDATION=false")
		if os.Getenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION") == "" {
			env = append(env, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=18,20")
		}
		if exe, err := os.Executable(); err == nil {
			err = syscall.Exec(exe, os.Args, env)
			fmt.Fprintf(os.Stderr, "re-exec with CDK_VALIDATION=false failed (%v); the validator stays on\n", err)
		}
	}
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// synth synthesizes the example's stack into a temporary directory, without
// building the consumer (bundling is skipped), and returns its template.
func synth(t *testing.T) map[string]any {
	t.Helper()
	dir := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{
		Outdir:  jsii.String(dir),
		Context: &map[string]any{"aws:cdk:bundling-stacks": []any{}},
	})
	moduleDir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	env := &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}
	newStack(app, "SecurityBus", &awscdk.StackProps{Env: env}, Config{OrganizationID: "o-abc123def4", ModuleDir: moduleDir})
	app.Synth(nil)
	b, err := os.ReadFile(filepath.Join(dir, "SecurityBus.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var template map[string]any
	if err := json.Unmarshal(b, &template); err != nil {
		t.Fatal(err)
	}
	return template
}

// only returns the logical ID and properties of the one resource of type typ.
func only(t *testing.T, template map[string]any, typ string) (string, map[string]any) {
	t.Helper()
	var id string
	var props map[string]any
	for logical, r := range template["Resources"].(map[string]any) {
		if m := r.(map[string]any); m["Type"] == typ {
			if id != "" {
				t.Fatalf("more than one %s: %s and %s", typ, id, logical)
			}
			id, props = logical, m["Properties"].(map[string]any)
		}
	}
	if id == "" {
		t.Fatalf("no %s in the template", typ)
	}
	return id, props
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestRuleOnTheCustomBusFeedsTheBuffer(t *testing.T) {
	template := synth(t)
	busID, _ := only(t, template, "AWS::Events::EventBus")
	ruleID, rule := only(t, template, "AWS::Events::Rule")

	if got := js(rule["EventBusName"]); got != `{"Ref":"`+busID+`"}` {
		t.Errorf("rule EventBusName = %s, want the custom bus", got)
	}
	if got := js(rule["EventPattern"].(map[string]any)["detail"].(map[string]any)["eventName"]); got != `["AuthorizeSecurityGroupEgress","AuthorizeSecurityGroupIngress","ModifySecurityGroupRules","RevokeSecurityGroupEgress","RevokeSecurityGroupIngress"]` {
		t.Errorf("eventName = %s", got)
	}

	// The rule's one target is the buffer queue (the queue with a redrive
	// policy; the others are dead-letter queues).
	var bufferID string
	var buffer map[string]any
	for id, r := range template["Resources"].(map[string]any) {
		m := r.(map[string]any)
		if p, ok := m["Properties"].(map[string]any); ok && m["Type"] == "AWS::SQS::Queue" && p["RedrivePolicy"] != nil {
			bufferID, buffer = id, p
		}
	}
	if bufferID == "" {
		t.Fatal("no queue with a dead-letter queue")
	}
	targets := rule["Targets"].([]any)
	if len(targets) != 1 || js(targets[0].(map[string]any)["Arn"]) != `{"Fn::GetAtt":["`+bufferID+`","Arn"]}` {
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
	for _, r := range template["Resources"].(map[string]any) {
		m := r.(map[string]any)
		if m["Type"] != "AWS::SQS::QueuePolicy" || js(m["Properties"].(map[string]any)["Queues"]) != `[{"Ref":"`+bufferID+`"}]` {
			continue
		}
		for _, s := range m["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			st := s.(map[string]any)
			if st["Action"] == "sqs:SendMessage" {
				found = true
				if got := js(st["Condition"]); got != `{"ArnEquals":{"aws:SourceArn":{"Fn::GetAtt":["`+ruleID+`","Arn"]}}}` {
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
	template := synth(t)
	fnID, _ := only(t, template, "AWS::Lambda::Function")
	_, esm := only(t, template, "AWS::Lambda::EventSourceMapping")
	if got := js(esm["FunctionName"]); got != `{"Ref":"`+fnID+`"}` {
		t.Errorf("event source mapping feeds %s, want the consumer", got)
	}
	if js(esm["FunctionResponseTypes"]) != `["ReportBatchItemFailures"]` || esm["BatchSize"] != 50.0 || esm["MaximumBatchingWindowInSeconds"] != 10.0 {
		t.Errorf("event source mapping = %s", js(esm))
	}
}

func TestBusAdmitsOnlyTheOrganization(t *testing.T) {
	template := synth(t)
	_, policy := only(t, template, "AWS::Events::EventBusPolicy")
	if got := js(policy["Statement"].(map[string]any)["Condition"]); got != `{"StringEquals":{"aws:PrincipalOrgID":"o-abc123def4"}}` {
		t.Errorf("bus policy condition = %s", got)
	}
}
