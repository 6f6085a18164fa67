package apicall_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

// A rule on S3 bucket policy and public access block changes that alerts
// people. The responder role named in ExemptPrincipalARNs is left out, so
// its own fixes do not trigger the rule again.
func ExampleNewRule() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Security"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	alerts := targets.NewAlertTopic(stack, "Alerts", nil)
	rule := apicall.NewRule(stack, "PublicBucket", &apicall.RuleProps{
		Services:            []string{"s3"},
		EventNames:          []string{"PutBucketPolicy", "DeleteBucketPublicAccessBlock"},
		ExemptPrincipalARNs: []string{"arn:aws:iam::111111111111:role/BucketResponder"},
		Targets:             []apicall.RuleTarget{{ID: "Alert", Target: alerts.Target()}},
	})
	fmt.Println(rule.State())
	fmt.Println(rule.PatternJSON())
	fmt.Println(len(rule.Targets()), "target")
	// Output:
	// ENABLED
	// {"detail":{"errorCode":[{"exists":false}],"eventName":["DeleteBucketPublicAccessBlock","PutBucketPolicy"],"eventSource":["s3.amazonaws.com"],"userIdentity":{"arn":[{"anything-but":{"prefix":"arn:aws:sts::111111111111:assumed-role/BucketResponder/"}},{"exists":false}],"sessionContext":{"sessionIssuer":{"arn":[{"anything-but":["arn:aws:iam::111111111111:role/BucketResponder"]},{"exists":false}]}}}},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.s3"]}
	// 1 target
}

// Read-only calls reach a rule only in the state
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: the rule picks it from its
// event names.
func ExampleNewRule_readOnly() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Security"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	rule := apicall.NewRule(stack, "SecretRead", &apicall.RuleProps{
		Services:          []string{"secretsmanager"},
		EventNames:        []string{"GetSecretValue"},
		UserIdentityTypes: []string{"IAMUser", "Root"},
	})
	fmt.Println(rule.State())
	// Output:
	// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
}
