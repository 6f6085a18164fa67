package config

import (
	"strings"

	"github.com/trailbridge/trailbridge/constructs/audittrail"
)

// Props converts the trail configuration into the audit trail construct's
// props. ExistingBucket and ExistingKey are left nil: the stack imports them
// from ExistingBucketName and ExistingKeyArn.
func (t *Trail) Props() *audittrail.TrailProps {
	p := &audittrail.TrailProps{
		TrailName:         t.Name,
		OrganizationTrail: t.Organization,
		ManagementEvents:  audittrail.ReadWrite(t.ManagementEvents),
		Lifecycle: &audittrail.Lifecycle{
			TransitionDays:                  t.Bucket.TransitionDays,
			TransitionStorageClass:          t.Bucket.TransitionStorageClass,
			ExpirationDays:                  t.Bucket.ExpirationDays,
			NoncurrentVersionExpirationDays: t.Bucket.NoncurrentVersionExpirationDays,
			AccessLogsExpirationDays:        t.Bucket.AccessLogsExpirationDays,
		},
		CloudWatchLogs:      t.CloudWatchLogs.Enabled,
		LogRetentionDays:    t.CloudWatchLogs.RetentionDays,
		InsightAPICallRate:  t.Insights.APICallRate,
		InsightAPIErrorRate: t.Insights.APIErrorRate,
		S3AllBuckets:        t.DataEvents.S3.All,
		S3ReadWrite:         audittrail.ReadWrite(t.DataEvents.S3.ReadWrite),
		LambdaDataEvents:    audittrail.LambdaMode(t.DataEvents.Lambda.Mode),
		LambdaFunctions:     t.DataEvents.Lambda.FunctionArns,
	}
	for _, b := range t.DataEvents.S3.Buckets {
		bucket, prefix, _ := strings.Cut(b, "/")
		p.S3Objects = append(p.S3Objects, audittrail.S3Objects{Bucket: bucket, Prefix: prefix})
	}
	return p
}
