package config

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/suggest"
	"github.com/trailbridge/trailbridge/internal/trailselect"
	"github.com/trailbridge/trailbridge/internal/validate"
)

// StorageClasses are the S3 storage classes a log bucket may transition to.
var StorageClasses = []string{"STANDARD_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"}

var reStackName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,63}$`)

func (c *Config) validate(errs *Errors) {
	if !catalog.ValidRegion(c.HomeRegion) {
		errs.add("trailbridge.homeRegion", c.HomeRegion, "an AWS region such as us-east-1"+suggest.Hint(c.HomeRegion, catalog.Regions()))
	}
	if problem := contract.Account(c.Account); c.Account != "" && problem != "" {
		errs.add("trailbridge.account", c.Account, problem)
	}
	if !reStackName.MatchString(c.StackPrefix) {
		errs.add("trailbridge.stackPrefix", c.StackPrefix, "1 to 64 letters, digits and '-', starting with a letter")
	}
	for _, k := range sortedKeys(anyMap(c.Tags)) {
		v := c.Tags[k]
		switch {
		case k == "" || len(k) > 128:
			errs.add("trailbridge.tags", k, "tag keys of 1 to 128 characters")
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			errs.add("trailbridge.tags."+k, k, "tag keys that do not start with \"aws:\" (reserved by AWS)")
		case len(v) > 256:
			errs.add("trailbridge.tags."+k, v, "tag values of at most 256 characters")
		}
	}
	if !slices.Contains(contract.TracingModes, c.Tracing) {
		errs.add("trailbridge.tracing", c.Tracing, "one of "+strings.Join(contract.TracingModes, ", "))
	}
	c.Trail.validate(errs)
	c.validateResponders(errs)
	c.validateRegions(errs)
	c.validateInputs(errs)
	c.validateDetections(errs)
	c.Health.validate(errs)
}

func (t *Trail) validate(errs *Errors) {
	const p = "trailbridge.trail."
	if problem := contract.TrailName(t.Name); problem != "" {
		errs.add(p+"name", t.Name, problem)
	}
	if !slices.Contains([]string{"all", "readOnly", "writeOnly", "none"}, t.ManagementEvents) {
		errs.add(p+"managementEvents", t.ManagementEvents, `one of "all", "readOnly", "writeOnly", "none"`)
	}
	if t.ExistingBucketName != "" && !validate.BucketName(t.ExistingBucketName) {
		errs.add(p+"existingBucketName", t.ExistingBucketName, validate.BucketNameRule)
	}
	if t.ExistingKeyARN != "" && !validate.KeyARN(t.ExistingKeyARN) {
		errs.add(p+"existingKeyArn", t.ExistingKeyARN, "a KMS key or alias ARN such as arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	}

	b := t.Bucket
	if b.TransitionDays < 0 {
		errs.add(p+"bucket.transitionDays", b.TransitionDays, "0 (never) or a positive number of days")
	}
	if !slices.Contains(StorageClasses, b.TransitionStorageClass) {
		errs.add(p+"bucket.transitionStorageClass", b.TransitionStorageClass, "one of "+strings.Join(StorageClasses, ", ")+suggest.Hint(b.TransitionStorageClass, StorageClasses))
	} else if b.TransitionStorageClass == "STANDARD_IA" && b.TransitionDays > 0 && b.TransitionDays < 30 {
		errs.add(p+"bucket.transitionDays", b.TransitionDays, "at least 30 days before a transition to STANDARD_IA (an S3 rule)")
	}
	switch {
	case b.ExpirationDays < 0:
		errs.add(p+"bucket.expirationDays", b.ExpirationDays, "0 (never) or a positive number of days")
	case b.ExpirationDays > 0 && b.TransitionDays > 0 && b.ExpirationDays <= b.TransitionDays:
		errs.add(p+"bucket.expirationDays", b.ExpirationDays, fmt.Sprintf("more days than transitionDays (%d), or 0 for never", b.TransitionDays))
	}
	if b.NoncurrentVersionExpirationDays < 1 {
		errs.add(p+"bucket.noncurrentVersionExpirationDays", b.NoncurrentVersionExpirationDays, "a positive number of days")
	}
	if b.AccessLogsExpirationDays < 1 {
		errs.add(p+"bucket.accessLogsExpirationDays", b.AccessLogsExpirationDays, "a positive number of days")
	}
	if t.CloudWatchLogs.Enabled && !slices.Contains(validate.RetentionDays, t.CloudWatchLogs.RetentionDays) {
		errs.add(p+"cloudWatchLogs.retentionDays", t.CloudWatchLogs.RetentionDays, "one of CloudWatch Logs' retention values: "+joinInts(validate.RetentionDays))
	}

	s3 := t.DataEvents.S3
	if !slices.Contains([]string{"all", "readOnly", "writeOnly"}, s3.ReadWrite) {
		errs.add(p+"dataEvents.s3.readWrite", s3.ReadWrite, `one of "all", "readOnly", "writeOnly"`)
	}
	if s3.All && len(s3.Buckets) > 0 {
		errs.add(p+"dataEvents.s3.buckets", s3.Buckets, "an empty list when dataEvents.s3.all is true (all buckets are already selected)")
	}
	seen := map[string]bool{}
	for i, entry := range s3.Buckets {
		bucket, _, _ := strings.Cut(entry, "/")
		field := fmt.Sprintf("%sdataEvents.s3.buckets[%d]", p, i)
		switch {
		case !validate.BucketName(bucket):
			errs.add(field, entry, `"bucket" or "bucket/prefix" with a valid S3 bucket name`)
		case seen[entry]:
			errs.add(field, entry, "each bucket or prefix once")
		}
		seen[entry] = true
	}
	l := t.DataEvents.Lambda
	switch l.Mode {
	case "none", "all":
		if len(l.FunctionARNs) > 0 {
			errs.add(p+"dataEvents.lambda.functionArns", l.FunctionARNs, fmt.Sprintf(`an empty list unless dataEvents.lambda.mode is "listed" (it is %q)`, l.Mode))
		}
	case "listed":
		if len(l.FunctionARNs) == 0 {
			errs.add(p+"dataEvents.lambda.functionArns", l.FunctionARNs, `at least one function ARN when dataEvents.lambda.mode is "listed"`)
		}
	default:
		errs.add(p+"dataEvents.lambda.mode", l.Mode, `one of "none", "all", "listed"`)
	}
	for i, arn := range l.FunctionARNs {
		if !validate.LambdaARN(arn) {
			errs.add(fmt.Sprintf("%sdataEvents.lambda.functionArns[%d]", p, i), arn, "a Lambda function ARN such as arn:aws:lambda:us-east-1:111111111111:function:my-function")
		}
	}
	if t.ManagementEvents == "none" {
		if t.Insights.APICallRate || t.Insights.APIErrorRate {
			errs.add(p+"insights", t.Insights, `no Insights when managementEvents is "none" (Insights analyse management events)`)
		}
		if !s3.All && len(s3.Buckets) == 0 && l.Mode == "none" {
			errs.add(p+"managementEvents", t.ManagementEvents, `"all", "readOnly" or "writeOnly" unless data events are selected (the trail would log nothing)`)
		}
	} else if t.ManagementEvents == "readOnly" && t.Insights.APICallRate {
		errs.add(p+"insights.apiCallRate", true, `false when managementEvents is "readOnly" (API call rate Insights analyse write events)`)
	}
	if n := trailselect.ConditionValueCount(t.selectorSpec()); n > trailselect.MaxConditionValues {
		errs.add(p+"dataEvents", fmt.Sprintf("%d condition values", n), fmt.Sprintf("at most %d condition values across the trail's advanced event selectors (a CloudTrail quota); select prefixes or fewer buckets and functions", trailselect.MaxConditionValues))
	}
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

func anyMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// MaxArchiveRetentionDays bounds trailbridge.health.archive.retentionDays
// (ten years; EventBridge itself would keep events forever with 0, which
// here turns the archive off).
const MaxArchiveRetentionDays = 3650

func (h *Health) validate(errs *Errors) {
	const p = "trailbridge.health."
	hb := h.Heartbeat
	if hb.IntervalMinutes < 1 || hb.IntervalMinutes > 1440 {
		errs.add(p+"heartbeat.intervalMinutes", hb.IntervalMinutes, "1 to 1440 minutes")
	} else if hb.AlarmAfterMinutes < 2*hb.IntervalMinutes || hb.AlarmAfterMinutes > 1440 {
		errs.add(p+"heartbeat.alarmAfterMinutes", hb.AlarmAfterMinutes, fmt.Sprintf("%d to 1440 minutes (at least twice intervalMinutes, %d, so that one late heartbeat does not alarm; at most a day, CloudWatch's longest alarm window)", 2*hb.IntervalMinutes, hb.IntervalMinutes))
	}
	if !hb.Enabled {
		// Only here: Defaults loads (and so validates) the defaults, whose
		// heartbeat is enabled.
		def := Defaults(Env{}, nil).Health.Heartbeat
		for _, f := range []struct {
			name      string
			got, want int
		}{{"intervalMinutes", hb.IntervalMinutes, def.IntervalMinutes}, {"alarmAfterMinutes", hb.AlarmAfterMinutes, def.AlarmAfterMinutes}} {
			if f.got != f.want {
				errs.add(p+"heartbeat."+f.name, f.got, fmt.Sprintf("its default (%d) while heartbeat.enabled is false: no heartbeat is deployed, so the setting does nothing", f.want))
			}
		}
	}
	if r := h.Archive.RetentionDays; r < 0 || r > MaxArchiveRetentionDays {
		errs.add(p+"archive.retentionDays", r, fmt.Sprintf("0 (no archive) to %d days", MaxArchiveRetentionDays))
	}
}
