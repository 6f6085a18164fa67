// Command audit-trail-only is a CDK app that adds trailbridge's audit trail,
// and nothing else, to an account that already has a log bucket and a KMS key
// (a landing zone, a central logging account): the trail writes to them
// instead of creating its own.
//
// Set the bucket and key in cdk.json (context "existingBucketName" and
// "existingKeyArn") or on the command line:
//
//	npx aws-cdk@2 synth -c existingBucketName=my-logs -c existingKeyArn=arn:aws:kms:...
//
// Both policies must already admit CloudTrail for this trail: a construct
// cannot change the policy of an imported bucket or key.
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/audittrail"
)

// Existing names what the account already has.
type Existing struct {
	// BucketName is the S3 bucket that receives the log files.
	BucketName string
	// KeyArn is the KMS key that encrypts them.
	KeyArn string
}

// newStack builds the stack: main and the test share it.
func newStack(scope constructs.Construct, id string, props *awscdk.StackProps, existing Existing) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	audittrail.NewTrail(stack, "Trail", &audittrail.TrailProps{
		TrailName:      "org-audit",
		ExistingBucket: awss3.Bucket_FromBucketName(stack, jsii.String("LogBucket"), jsii.String(existing.BucketName)),
		ExistingKey:    awskms.Key_FromKeyArn(stack, jsii.String("LogKey"), jsii.String(existing.KeyArn)),
		CloudWatchLogs: true,
	})
	return stack
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	existing := Existing{
		BucketName: contextString(app, "existingBucketName"),
		KeyArn:     contextString(app, "existingKeyArn"),
	}
	newStack(app, "AuditTrail", &awscdk.StackProps{Env: env()}, existing)
	app.Synth(nil)
}

// contextString reads a required string from the app's context.
func contextString(app awscdk.App, key string) string {
	v, ok := app.Node().TryGetContext(jsii.String(key)).(string)
	if !ok || v == "" {
		fmt.Fprintf(os.Stderr, "audit-trail-only: set the context value %q (cdk.json or -c %s=...)\n", key, key)
		os.Exit(1)
	}
	return v
}

// env is the account and region the CDK CLI resolved from your credentials.
func env() *awscdk.Environment {
	account, region := os.Getenv("CDK_DEFAULT_ACCOUNT"), os.Getenv("CDK_DEFAULT_REGION")
	if account == "" || region == "" {
		return nil // environment-agnostic
	}
	return &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
}
