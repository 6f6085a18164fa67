// Package cdkutil holds small CDK helpers shared by the constructs.
package cdkutil

import (
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/internal/validate"
)

// retentionEnums are awslogs.RetentionDays in the order of validate.RetentionDays.
var retentionEnums = []awslogs.RetentionDays{
	awslogs.RetentionDays_ONE_DAY, awslogs.RetentionDays_THREE_DAYS, awslogs.RetentionDays_FIVE_DAYS,
	awslogs.RetentionDays_ONE_WEEK, awslogs.RetentionDays_TWO_WEEKS, awslogs.RetentionDays_ONE_MONTH,
	awslogs.RetentionDays_TWO_MONTHS, awslogs.RetentionDays_THREE_MONTHS, awslogs.RetentionDays_FOUR_MONTHS,
	awslogs.RetentionDays_FIVE_MONTHS, awslogs.RetentionDays_SIX_MONTHS, awslogs.RetentionDays_ONE_YEAR,
	awslogs.RetentionDays_THIRTEEN_MONTHS, awslogs.RetentionDays_EIGHTEEN_MONTHS, awslogs.RetentionDays_TWO_YEARS,
	awslogs.RetentionDays_THREE_YEARS, awslogs.RetentionDays_FIVE_YEARS, awslogs.RetentionDays_SIX_YEARS,
	awslogs.RetentionDays_SEVEN_YEARS, awslogs.RetentionDays_EIGHT_YEARS, awslogs.RetentionDays_NINE_YEARS,
	awslogs.RetentionDays_TEN_YEARS,
}

// Retention maps a number of days (one of validate.RetentionDays) to the CDK
// enum. It panics on any other number: validate the days first.
func Retention(days int) awslogs.RetentionDays {
	i := slices.Index(validate.RetentionDays, days)
	if i < 0 {
		panic("cdkutil.Retention: not a CloudWatch Logs retention value")
	}
	return retentionEnums[i]
}

// DenyGrantsExceptForAWSServices adds the key policy statement that lets
// only AWS services create grants on key (for the resources they manage),
// so no principal can hand the key to another by a grant (Control Tower
// CT.KMS.PR.3).
func DenyGrantsExceptForAWSServices(key awskms.Key) {
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("DenyGrantsExceptForAWSServices"),
		Effect:     awsiam.Effect_DENY,
		Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
		Actions:    jsii.Strings("kms:CreateGrant"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]any{"BoolIfExists": map[string]any{
			"kms:GrantIsForAWSResource": "false",
			"aws:PrincipalIsAWSService": "false",
		}},
	}), jsii.Bool(false))
}

// EventBridgeNotifications turns on S3 event delivery to EventBridge on the
// bucket (object deletions and overwrites become visible; Control Tower
// CT.S3.PR.4), through the CloudFormation property, without the custom
// resource the L2 option adds.
func EventBridgeNotifications(bucket awss3.Bucket) {
	bucket.Node().DefaultChild().(awss3.CfnBucket).AddPropertyOverride(
		jsii.String("NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled"), true)
}

// ServerAccessLogs sends source's S3 server access logs to target under
// prefix, granting the logging service (logging.s3.amazonaws.com) PutObject
// there only for source in this account. It writes the CloudFormation
// LoggingConfiguration and the bucket policy itself, so the result does not
// depend on the app's @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy flag
// (without it the L2 option switches the target to ACLs, which a bucket with
// ObjectOwnership BUCKET_OWNER_ENFORCED refuses).
func ServerAccessLogs(source, target awss3.Bucket, prefix string) {
	source.Node().DefaultChild().(awss3.CfnBucket).SetLoggingConfiguration(&awss3.CfnBucket_LoggingConfigurationProperty{
		DestinationBucketName: target.BucketName(),
		LogFilePrefix:         jsii.String(prefix),
	})
	stack := awscdk.Stack_Of(source)
	target.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AllowServerAccessLogs"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("logging.s3.amazonaws.com"), nil)},
		Actions:    jsii.Strings("s3:PutObject"),
		Resources:  &[]*string{target.ArnForObjects(jsii.String(prefix + "*"))},
		Conditions: &map[string]any{
			"ArnLike":      map[string]any{"aws:SourceArn": source.BucketArn()},
			"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()},
		},
	}))
}
