package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/audittrail"
	"github.com/trailbridge/trailbridge/internal/nag"
)

// AuditTrailStackProps configures an AuditTrailStack.
type AuditTrailStackProps struct {
	awscdk.StackProps
	// Trail configures the trail. ExistingBucket and ExistingKey in it are
	// ignored: use ExistingBucketName and ExistingKeyARN.
	// Default: audittrail defaults.
	Trail *audittrail.TrailProps
	// ExistingBucketName imports this bucket for the log files.
	// Default: "" (a bucket is created).
	ExistingBucketName string
	// ExistingKeyARN imports this KMS key for the log files.
	// Default: "" (a key is created).
	ExistingKeyARN string
}

// AuditTrailStack holds the audit trail.
type AuditTrailStack struct {
	awscdk.Stack
	// Trail is the audit trail construct (ID "Trail").
	Trail audittrail.Trail
}

// NewAuditTrailStack creates the audit trail stack.
func NewAuditTrailStack(scope constructs.Construct, id string, props *AuditTrailStackProps) *AuditTrailStack {
	if props == nil {
		props = &AuditTrailStackProps{}
	}
	stack := newStack(scope, id, props.StackProps, "trailbridge: multi-region CloudTrail trail with an encrypted, access-logged, retained bucket")
	var tp audittrail.TrailProps
	if props.Trail != nil {
		tp = *props.Trail
	}
	tp.ExistingBucket, tp.ExistingKey = nil, nil
	if props.ExistingBucketName != "" {
		tp.ExistingBucket = awss3.Bucket_FromBucketName(stack, jsii.String("ExistingBucket"), jsii.String(props.ExistingBucketName))
	}
	if props.ExistingKeyARN != "" {
		tp.ExistingKey = awskms.Key_FromKeyArn(stack, jsii.String("ExistingKey"), jsii.String(props.ExistingKeyARN))
	}
	trail := audittrail.NewTrail(stack, "Trail", &tp)
	if ac := trail.AccessLogsBucket(); ac != nil {
		nag.Suppress(ac, nag.Rule{ID: "AwsSolutions-S1", Reason: "This bucket is the target of the trail bucket's server access logs; logging it too would need a third bucket and so on without end."})
	}
	return &AuditTrailStack{Stack: stack, Trail: trail}
}
