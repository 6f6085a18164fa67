package audittrail

import (
	"fmt"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/trailselect"
	"github.com/trailbridge/trailbridge/internal/validate"
)

// ReadWrite selects read-only events, write events, both, or none.
type ReadWrite string

// The ReadWrite choices. The zero value means ReadWriteAll.
const (
	ReadWriteAll       ReadWrite = trailselect.ReadWriteAll
	ReadWriteReadOnly  ReadWrite = trailselect.ReadWriteReadOnly
	ReadWriteWriteOnly ReadWrite = trailselect.ReadWriteWriteOnly
	ReadWriteNone      ReadWrite = trailselect.ReadWriteNone
)

// LambdaMode selects which Lambda Invoke data events the trail logs.
type LambdaMode string

// The LambdaMode choices. The zero value means LambdaNone.
const (
	LambdaNone   LambdaMode = trailselect.LambdaNone
	LambdaAll    LambdaMode = trailselect.LambdaAll
	LambdaListed LambdaMode = trailselect.LambdaListed
)

// DefaultTrailName is the trail's name when TrailProps.TrailName is empty.
const DefaultTrailName = "trailbridge"

// DefaultLogRetentionDays is the log group's retention when TrailProps.LogRetentionDays is 0.
const DefaultLogRetentionDays = 365

// S3Objects selects the object-level events of one bucket, or of one prefix in it.
type S3Objects struct {
	// Bucket is the bucket's name.
	Bucket string
	// Prefix limits the selection to object keys that start with it.
	// Default: "" (every object in the bucket).
	Prefix string
}

// Never is the number of days in Lifecycle that turns that transition or
// expiration off (0 means "the default").
const Never = -1

// Lifecycle sets how long log files are kept and where they move. Each zero
// field takes its value from DefaultLifecycle, so a partial Lifecycle changes
// only what it sets; Never turns a transition or an expiration off.
type Lifecycle struct {
	// TransitionDays moves log files to TransitionStorageClass after this
	// many days, or never with Never.
	// Default: DefaultLifecycle.TransitionDays (90).
	TransitionDays int
	// TransitionStorageClass is STANDARD_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER or DEEP_ARCHIVE.
	// Default: DefaultLifecycle.TransitionStorageClass ("GLACIER_IR").
	TransitionStorageClass string
	// ExpirationDays deletes log files after this many days, or never with
	// Never.
	// Default: DefaultLifecycle.ExpirationDays (2557, seven years).
	ExpirationDays int
	// NoncurrentVersionExpirationDays deletes overwritten or deleted versions
	// after this many days, or never with Never.
	// Default: DefaultLifecycle.NoncurrentVersionExpirationDays (90).
	NoncurrentVersionExpirationDays int
	// AccessLogsExpirationDays deletes the server access logs after this
	// many days, or never with Never.
	// Default: DefaultLifecycle.AccessLogsExpirationDays (365).
	AccessLogsExpirationDays int
}

// DefaultLifecycle is the lifecycle used when TrailProps.Lifecycle is nil,
// and for each zero field of a Lifecycle that is given: Glacier Instant
// Retrieval after 90 days, deletion after seven years.
var DefaultLifecycle = Lifecycle{
	TransitionDays:                  90,
	TransitionStorageClass:          "GLACIER_IR",
	ExpirationDays:                  2557,
	NoncurrentVersionExpirationDays: 90,
	AccessLogsExpirationDays:        365,
}

// withDefaults returns l with every zero field set from DefaultLifecycle.
func (l Lifecycle) withDefaults() Lifecycle {
	d := DefaultLifecycle
	orDefault := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	orDefault(&l.TransitionDays, d.TransitionDays)
	orDefault(&l.ExpirationDays, d.ExpirationDays)
	orDefault(&l.NoncurrentVersionExpirationDays, d.NoncurrentVersionExpirationDays)
	orDefault(&l.AccessLogsExpirationDays, d.AccessLogsExpirationDays)
	if l.TransitionStorageClass == "" {
		l.TransitionStorageClass = d.TransitionStorageClass
	}
	return l
}

// TrailProps configures a Trail. nil props give a multi-region trail of all
// management events with a new key, bucket and access-log bucket.
type TrailProps struct {
	// TrailName is the trail's name. The key and bucket policies name the
	// trail's ARN, so it is fixed at synth.
	// Default: "trailbridge".
	TrailName string
	// OrganizationTrail logs every account of the AWS Organization (deploy in
	// the management account or a delegated administrator).
	// Default: false.
	OrganizationTrail bool
	// ManagementEvents selects management events.
	// Default: ReadWriteAll.
	ManagementEvents ReadWrite
	// ExistingBucket receives the log files instead of a new bucket. Its
	// policy must already admit CloudTrail for this trail; the construct
	// cannot change the policy of an imported bucket, and leaves its default
	// encryption as it is. With a created key, the key policy admits
	// CloudTrail through this bucket's S3 Bucket Key, if it has one.
	// Default: nil (a hardened bucket is created, encrypted by default with
	// SSE-KMS, the trail's key and an S3 Bucket Key).
	ExistingBucket awss3.IBucket
	// ExistingKey encrypts the log files instead of a new key. Its policy must
	// already admit CloudTrail for this trail. With a created bucket, it is
	// also the bucket's default encryption key, with an S3 Bucket Key, so the
	// policy must also let CloudTrail generate the bucket key: a statement
	// allowing principal cloudtrail.amazonaws.com the action
	// kms:GenerateDataKey on "*" with the conditions aws:SourceArn = this
	// trail's ARN, kms:ViaService = s3.<region>.amazonaws.com and
	// kms:EncryptionContext:aws:s3:arn = the log bucket's ARN (the
	// AllowCloudTrailBucketKeyForThisTrail statement of a created key).
	// Without it, CloudTrail cannot deliver log files to the bucket. With
	// CloudWatchLogs, the log group keeps CloudWatch Logs' default
	// encryption: an imported key's policy cannot be extended to admit
	// CloudWatch Logs.
	// Default: nil (a key with rotation is created).
	ExistingKey awskms.IKey
	// Lifecycle sets the log bucket's lifecycle; each zero field keeps its
	// default. It is an error together with ExistingBucket (an imported
	// bucket's lifecycle cannot be set).
	// Default: DefaultLifecycle.
	Lifecycle *Lifecycle
	// CloudWatchLogs also delivers the trail to a CloudWatch Logs group.
	// Default: false.
	CloudWatchLogs bool
	// LogRetentionDays is the log group's retention, one of CloudWatch Logs' values.
	// Default: 365.
	LogRetentionDays int
	// InsightAPICallRate turns on API call rate Insights.
	// Default: false.
	InsightAPICallRate bool
	// InsightAPIErrorRate turns on API error rate Insights.
	// Default: false.
	InsightAPIErrorRate bool
	// S3AllBuckets logs the object-level events of every bucket.
	// Default: false.
	S3AllBuckets bool
	// S3Objects logs the object-level events of these buckets or prefixes.
	// Default: none.
	S3Objects []S3Objects
	// S3ReadWrite selects read or write object-level events.
	// Default: ReadWriteAll.
	S3ReadWrite ReadWrite
	// LambdaDataEvents selects Lambda Invoke events.
	// Default: LambdaNone.
	LambdaDataEvents LambdaMode
	// LambdaFunctions lists the functions whose Invoke events are logged when
	// LambdaDataEvents is LambdaListed.
	// Default: none.
	LambdaFunctions []string
}

var storageClasses = map[string]func() awss3.StorageClass{
	"STANDARD_IA":         awss3.StorageClass_INFREQUENT_ACCESS,
	"INTELLIGENT_TIERING": awss3.StorageClass_INTELLIGENT_TIERING,
	"GLACIER_IR":          awss3.StorageClass_GLACIER_INSTANT_RETRIEVAL,
	"GLACIER":             awss3.StorageClass_GLACIER,
	"DEEP_ARCHIVE":        awss3.StorageClass_DEEP_ARCHIVE,
}

// withDefaults returns a copy of p with every zero field set to its default.
func (p *TrailProps) withDefaults() TrailProps {
	var out TrailProps
	if p != nil {
		out = *p
	}
	if out.TrailName == "" {
		out.TrailName = DefaultTrailName
	}
	if out.ManagementEvents == "" {
		out.ManagementEvents = ReadWriteAll
	}
	if out.S3ReadWrite == "" {
		out.S3ReadWrite = ReadWriteAll
	}
	if out.LambdaDataEvents == "" {
		out.LambdaDataEvents = LambdaNone
	}
	if out.LogRetentionDays == 0 {
		out.LogRetentionDays = DefaultLogRetentionDays
	}
	var lc Lifecycle
	if out.Lifecycle != nil {
		lc = *out.Lifecycle
	}
	lc = lc.withDefaults()
	out.Lifecycle = &lc
	return out
}

// Validate reports every problem in the props at once (errors.Join), each
// naming the field, the value and what is allowed. NewTrail panics with this
// error; call it first to handle the problems yourself.
func (p *TrailProps) Validate() error {
	d := p.withDefaults()
	probs := validate.NewProblems("audittrail.TrailProps")
	bad := probs.Add
	if problem := contract.TrailName(d.TrailName); !validate.IsToken(d.TrailName) && problem != "" {
		bad("TrailName", d.TrailName, problem)
	}
	rw := []ReadWrite{ReadWriteAll, ReadWriteReadOnly, ReadWriteWriteOnly, ReadWriteNone}
	if !slices.Contains(rw, d.ManagementEvents) {
		bad("ManagementEvents", d.ManagementEvents, "all, readOnly, writeOnly or none")
	}
	if !slices.Contains(rw[:3], d.S3ReadWrite) {
		bad("S3ReadWrite", d.S3ReadWrite, "all, readOnly or writeOnly")
	}
	if !slices.Contains(validate.RetentionDays, d.LogRetentionDays) {
		bad("LogRetentionDays", d.LogRetentionDays, fmt.Sprintf("one of CloudWatch Logs' retention values %v", validate.RetentionDays))
	}
	lc := d.Lifecycle
	if _, ok := storageClasses[lc.TransitionStorageClass]; !ok {
		bad("Lifecycle.TransitionStorageClass", lc.TransitionStorageClass, "STANDARD_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER or DEEP_ARCHIVE")
	}
	for name, v := range map[string]int{"TransitionDays": lc.TransitionDays, "ExpirationDays": lc.ExpirationDays,
		"NoncurrentVersionExpirationDays": lc.NoncurrentVersionExpirationDays, "AccessLogsExpirationDays": lc.AccessLogsExpirationDays} {
		if v < 0 && v != Never {
			bad("Lifecycle."+name, v, "a positive number of days, 0 for the default or Never (-1)")
		}
	}
	if lc.ExpirationDays > 0 && lc.TransitionDays > 0 && lc.ExpirationDays <= lc.TransitionDays {
		bad("Lifecycle.ExpirationDays", lc.ExpirationDays, fmt.Sprintf("more than TransitionDays (%d), or Never", lc.TransitionDays))
	}
	if p != nil && p.ExistingBucket != nil && p.Lifecycle != nil {
		bad("Lifecycle", *p.Lifecycle, "nil with ExistingBucket (the construct cannot set an imported bucket's lifecycle; set it where the bucket is defined)")
	}
	if d.S3AllBuckets && len(d.S3Objects) > 0 {
		bad("S3Objects", d.S3Objects, "empty when S3AllBuckets is true")
	}
	for i, o := range d.S3Objects {
		if !validate.IsToken(o.Bucket) && !validate.BucketName(o.Bucket) {
			bad(fmt.Sprintf("S3Objects[%d].Bucket", i), o.Bucket, validate.BucketNameRule)
		}
	}
	switch d.LambdaDataEvents {
	case LambdaNone, LambdaAll:
		if len(d.LambdaFunctions) > 0 {
			bad("LambdaFunctions", d.LambdaFunctions, "empty unless LambdaDataEvents is LambdaListed")
		}
	case LambdaListed:
		if len(d.LambdaFunctions) == 0 {
			bad("LambdaFunctions", d.LambdaFunctions, "at least one function ARN when LambdaDataEvents is LambdaListed")
		}
	default:
		bad("LambdaDataEvents", d.LambdaDataEvents, "none, all or listed")
	}
	for i, arn := range d.LambdaFunctions {
		if !validate.IsToken(arn) && !validate.LambdaARN(arn) {
			bad(fmt.Sprintf("LambdaFunctions[%d]", i), arn, "a Lambda function ARN")
		}
	}
	if d.ManagementEvents == ReadWriteNone {
		if d.InsightAPICallRate || d.InsightAPIErrorRate {
			bad("ManagementEvents", d.ManagementEvents, "all, readOnly or writeOnly when Insights are on (Insights analyse management events)")
		}
		if !d.S3AllBuckets && len(d.S3Objects) == 0 && d.LambdaDataEvents == LambdaNone {
			bad("ManagementEvents", d.ManagementEvents, "all, readOnly or writeOnly unless data events are selected (the trail would log nothing)")
		}
	}
	if d.ManagementEvents == ReadWriteReadOnly && d.InsightAPICallRate {
		bad("InsightAPICallRate", true, "false when ManagementEvents is readOnly (API call rate Insights analyse write events)")
	}
	if n := ConditionValueCount(&d); n > MaxConditionValues {
		bad("S3Objects/LambdaFunctions", fmt.Sprintf("%d condition values", n), fmt.Sprintf("at most %d condition values across all advanced event selectors (CloudTrail quota)", MaxConditionValues))
	}
	return probs.Err()
}
