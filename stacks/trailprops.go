package stacks

import (
	"github.com/trailbridge/trailbridge/constructs/audittrail"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/trailselect"
)

// TrailProps converts the trail configuration into the audit trail
// construct's props. ExistingBucket and ExistingKey are left nil: the stack
// imports them from ExistingBucketName and ExistingKeyARN. With an existing
// bucket the lifecycle is left out (the construct cannot set it).
func TrailProps(t *config.Trail) *audittrail.TrailProps {
	p := &audittrail.TrailProps{
		TrailName:           t.Name,
		OrganizationTrail:   t.Organization,
		ManagementEvents:    audittrail.ReadWrite(t.ManagementEvents),
		CloudWatchLogs:      t.CloudWatchLogs.Enabled,
		LogRetentionDays:    t.CloudWatchLogs.RetentionDays,
		InsightAPICallRate:  t.Insights.APICallRate,
		InsightAPIErrorRate: t.Insights.APIErrorRate,
		S3AllBuckets:        t.DataEvents.S3.All,
		S3ReadWrite:         audittrail.ReadWrite(t.DataEvents.S3.ReadWrite),
		LambdaDataEvents:    audittrail.LambdaMode(t.DataEvents.Lambda.Mode),
		LambdaFunctions:     t.DataEvents.Lambda.FunctionARNs,
	}
	if t.ExistingBucketName == "" {
		// In cdk.json 0 days means never; in the construct 0 means the default.
		never := func(days int) int {
			if days == 0 {
				return audittrail.Never
			}
			return days
		}
		p.Lifecycle = &audittrail.Lifecycle{
			TransitionDays:                  never(t.Bucket.TransitionDays),
			TransitionStorageClass:          t.Bucket.TransitionStorageClass,
			ExpirationDays:                  never(t.Bucket.ExpirationDays),
			NoncurrentVersionExpirationDays: never(t.Bucket.NoncurrentVersionExpirationDays),
			AccessLogsExpirationDays:        never(t.Bucket.AccessLogsExpirationDays),
		}
	}
	for _, b := range t.DataEvents.S3.Buckets {
		o := trailselect.ParseObject(b)
		p.S3Objects = append(p.S3Objects, audittrail.S3Objects{Bucket: o.Bucket, Prefix: o.Prefix})
	}
	return p
}
