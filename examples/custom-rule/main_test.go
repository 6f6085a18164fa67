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
// building the responder (bundling is skipped), and returns its template.
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
	newStack(app, "CustomRule", &awscdk.StackProps{Env: env}, Config{AlertEmail: "security@example.com", ModuleDir: moduleDir})
	app.Synth(nil)
	b, err := os.ReadFile(filepath.Join(dir, "CustomRule.template.json"))
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

func TestRuleAlertsAndInvokesTheResponder(t *testing.T) {
	template := synth(t)
	ruleID, rule := only(t, template, "AWS::Events::Rule")
	fnID, _ := only(t, template, "AWS::Lambda::Function")
	roleID, _ := only(t, template, "AWS::IAM::Role")
	topicID, _ := only(t, template, "AWS::SNS::Topic")

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
	if want := `{"sessionContext":{"sessionIssuer":{"arn":[{"anything-but":[{"Fn::GetAtt":["` + roleID + `","Arn"]}]},{"exists":false}]}}}`; exempt != want {
		t.Errorf("userIdentity = %s\nwant %s", exempt, want)
	}

	targets := map[string]map[string]any{}
	for _, tg := range rule["Targets"].([]any) {
		m := tg.(map[string]any)
		targets[m["Id"].(string)] = m
	}
	if len(targets) != 2 {
		t.Fatalf("want the Alert and Responder targets, got %s", js(rule["Targets"]))
	}
	if got := js(targets["Alert"]["Arn"]); got != `{"Ref":"`+topicID+`"}` {
		t.Errorf("Alert target = %s, want the topic", got)
	}
	if targets["Alert"]["InputTransformer"] == nil {
		t.Error("the Alert target sends the raw event; want the readable message")
	}
	if got := js(targets["Responder"]["Arn"]); got != `{"Fn::GetAtt":["`+fnID+`","Arn"]}` {
		t.Errorf("Responder target = %s, want the function", got)
	}

	// Only this rule may invoke the function.
	_, perm := only(t, template, "AWS::Lambda::Permission")
	if got := js(perm["SourceArn"]); got != `{"Fn::GetAtt":["`+ruleID+`","Arn"]}` {
		t.Errorf("invoke permission SourceArn = %s, want the rule", got)
	}
}

func TestResponderIsAGoFunction(t *testing.T) {
	template := synth(t)
	_, fn := only(t, template, "AWS::Lambda::Function")
	if fn["Runtime"] != "provided.al2023" || fn["Handler"] != "bootstrap" || js(fn["Architectures"]) != `["arm64"]` {
		t.Errorf("function = runtime %v, handler %v, architectures %s", fn["Runtime"], fn["Handler"], js(fn["Architectures"]))
	}
	_, sub := only(t, template, "AWS::SNS::Subscription")
	if sub["Protocol"] != "email" || sub["Endpoint"] != "security@example.com" {
		t.Errorf("subscription = %s", js(sub))
	}
}
