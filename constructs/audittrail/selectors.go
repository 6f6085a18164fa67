package audittrail

import "github.com/trailbridge/trailbridge/internal/trailselect"

// MaxConditionValues is CloudTrail's quota of condition values across all the
// advanced event selectors of one trail.
const MaxConditionValues = trailselect.MaxConditionValues

// selectorSpec is what the trail of p (with defaults applied) logs, for
// package trailselect, which builds the selectors.
func (p *TrailProps) selectorSpec() trailselect.Spec {
	s := trailselect.Spec{
		ManagementEvents: string(p.ManagementEvents),
		S3AllBuckets:     p.S3AllBuckets,
		S3ReadWrite:      string(p.S3ReadWrite),
		LambdaMode:       string(p.LambdaDataEvents),
		LambdaFunctions:  p.LambdaFunctions,
	}
	for _, o := range p.S3Objects {
		s.S3Objects = append(s.S3Objects, trailselect.Object{Bucket: o.Bucket, Prefix: o.Prefix})
	}
	return s
}

// ConditionValueCount is the number of condition values the trail's advanced
// event selectors would use; CloudTrail refuses more than MaxConditionValues.
func ConditionValueCount(p *TrailProps) int {
	d := p.withDefaults()
	return trailselect.ConditionValueCount(d.selectorSpec())
}
