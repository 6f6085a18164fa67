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

const (
	bucketName = "example-org-cloudtrail-logs"
	keyArn     = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// synth synthesizes the example's stack into a temporary directory and
// returns its template.
func synth(t *testing.T) map[string]any {
	t.Helper()
	dir := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir)})
	env := &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}
	newStack(app, "AuditTrail", &awscdk.StackProps{Env: env}, Existing{BucketName: bucketName, KeyArn: keyArn})
	app.Synth(nil)
	b, err := os.ReadFile(filepath.Join(dir, "AuditTrail.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var template map[string]any
	if err := json.Unmarshal(b, &template); err != nil {
		t.Fatal(err)
	}
	return template
}

func resources(template map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range template["Resources"].(map[string]any) {
		if m := r.(map[string]any); m["Type"] == typ {
			out[id] = m
		}
	}
	return out
}

func TestTrailUsesTheExistingBucketAndKey(t *testing.T) {
	template := synth(t)

	trails := resources(template, "AWS::CloudTrail::Trail")
	if len(trails) != 1 {
		t.Fatalf("want one trail, got %d", len(trails))
	}
	for id, trail := range trails {
		p := trail["Properties"].(map[string]any)
		for field, want := range map[string]any{
			"S3BucketName":               bucketName,
			"KMSKeyId":                   keyArn,
			"TrailName":                  "org-audit",
			"IsLogging":                  true,
			"IsMultiRegionTrail":         true,
			"IncludeGlobalServiceEvents": true,
			"EnableLogFileValidation":    true,
		} {
			if p[field] != want {
				t.Errorf("%s: %s = %v, want %v", id, field, p[field], want)
			}
		}
	}

	// The account's bucket and key are used, not replaced: the stack creates
	// neither a bucket nor a key (nor policies on them).
	for _, typ := range []string{"AWS::S3::Bucket", "AWS::S3::BucketPolicy", "AWS::KMS::Key"} {
		if n := len(resources(template, typ)); n != 0 {
			t.Errorf("the stack creates %d %s; want none with an existing bucket and key", n, typ)
		}
	}
	// CloudWatch Logs delivery: a log group and a role only CloudTrail can assume.
	if n := len(resources(template, "AWS::Logs::LogGroup")); n != 1 {
		t.Errorf("want one log group, got %d", n)
	}
}
