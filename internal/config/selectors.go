package config

import "github.com/trailbridge/trailbridge/internal/trailselect"

// selectorSpec is what the configured trail logs, for the CloudTrail quota
// check: the same builder the audit trail construct uses for its selectors.
func (t *Trail) selectorSpec() trailselect.Spec {
	s := trailselect.Spec{
		ManagementEvents: t.ManagementEvents,
		S3AllBuckets:     t.DataEvents.S3.All,
		S3ReadWrite:      t.DataEvents.S3.ReadWrite,
		LambdaMode:       t.DataEvents.Lambda.Mode,
		LambdaFunctions:  t.DataEvents.Lambda.FunctionARNs,
	}
	for _, b := range t.DataEvents.S3.Buckets {
		s.S3Objects = append(s.S3Objects, trailselect.ParseObject(b))
	}
	return s
}
