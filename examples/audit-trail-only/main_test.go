package main

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/trailbridge/trailbridge/trailbridgetest"
)

// TestMain turns the CDK's CloudFormation validator off and closes the jsii
// runtime once (see trailbridgetest.Main).
func TestMain(m *testing.M) { trailbridgetest.Main(m) }

const (
	bucketName = "example-org-cloudtrail-logs"
	keyArn     = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// app is the example's stack, synthesized once for every test of the
// package with the context of the example's cdk.json.
var app = trailbridgetest.Once(&trailbridgetest.AppOptions{CDKJSON: "cdk.json"}, func(app awscdk.App) {
	newStack(app, "AuditTrail", &awscdk.StackProps{Env: trailbridgetest.Env("eu-west-1")}, Existing{BucketName: bucketName, KeyArn: keyArn})
})

func TestTrailUsesTheExistingBucketAndKey(t *testing.T) {
	template := app(t).Template(t, "AuditTrail")

	trails := template.Resources("AWS::CloudTrail::Trail")
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
		if n := len(template.Resources(typ)); n != 0 {
			t.Errorf("the stack creates %d %s; want none with an existing bucket and key", n, typ)
		}
	}
	// CloudWatch Logs delivery: a log group and a role only CloudTrail can assume.
	if n := len(template.Resources("AWS::Logs::LogGroup")); n != 1 {
		t.Errorf("want one log group, got %d", n)
	}
}
