package audittrail_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/audittrail"
)

// A trail that also delivers to CloudWatch Logs and logs the object-level
// events of one bucket prefix, so that S3 data events reach EventBridge.
func ExampleNewTrail() {
	app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{
		// Server access logs through the bucket policy, not ACLs (a `cdk init`
		// default): the log buckets enforce bucket-owner object ownership.
		"@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": true,
	}})
	stack := awscdk.NewStack(app, jsii.String("Audit"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	props := &audittrail.TrailProps{
		CloudWatchLogs: true,
		S3Objects:      []audittrail.S3Objects{{Bucket: "payroll-data", Prefix: "exports/"}},
	}
	trail := audittrail.NewTrail(stack, "Trail", props)
	fmt.Println("trail:", *trail.TrailName())
	fmt.Println("created bucket:", *trail.Bucket().Node().Path())
	fmt.Println("log group:", trail.LogGroup() != nil)
	fmt.Println("selector condition values:", audittrail.ConditionValueCount(props), "of", audittrail.MaxConditionValues)
	// Output:
	// trail: trailbridge
	// created bucket: Audit/Trail/Bucket
	// log group: true
	// selector condition values: 4 of 500
}

// In an account that already has a log bucket and key, the trail uses them
// and creates neither (nor the access-log bucket).
func ExampleNewTrail_existing() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Audit"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	trail := audittrail.NewTrail(stack, "Trail", &audittrail.TrailProps{
		TrailName:      "org-audit",
		ExistingBucket: awss3.Bucket_FromBucketName(stack, jsii.String("Logs"), jsii.String("central-trail-logs")),
		ExistingKey: awskms.Key_FromKeyArn(stack, jsii.String("LogKey"),
			jsii.String("arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
	})
	fmt.Println("trail:", *trail.TrailName())
	fmt.Println("bucket:", *trail.Bucket().BucketName())
	fmt.Println("access-log bucket created:", trail.AccessLogsBucket() != nil)
	// Output:
	// trail: org-audit
	// bucket: central-trail-logs
	// access-log bucket created: false
}
