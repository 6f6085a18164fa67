package audittrail

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudtrail"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/internal/cdkutil"
	"github.com/trailbridge/trailbridge/internal/nag"
	"github.com/trailbridge/trailbridge/internal/trailselect"
)

// Trail is a multi-region CloudTrail trail with its key, bucket and
// (optionally) log group.
type Trail interface {
	constructs.Construct
	// CfnTrail is the CloudFormation trail resource ("Resource").
	CfnTrail() awscloudtrail.CfnTrail
	// TrailARN is the trail's ARN, built from its name (no reference to the
	// resource, so key and bucket policies can name it without a cycle).
	TrailARN() *string
	// TrailName is the trail's name.
	TrailName() *string
	// Bucket receives the log files (created or existing).
	Bucket() awss3.IBucket
	// AccessLogsBucket receives the log bucket's server access logs; nil with
	// an existing bucket.
	AccessLogsBucket() awss3.IBucket
	// Key encrypts the log files (created or existing).
	Key() awskms.IKey
	// LogGroup receives the trail in CloudWatch Logs; nil unless
	// CloudWatchLogs is set. It is encrypted with the trail's key only when
	// the construct created that key (an imported key's policy cannot be
	// extended to CloudWatch Logs).
	LogGroup() awslogs.ILogGroup
}

type trail struct {
	constructs.Construct
	resource   awscloudtrail.CfnTrail
	arn        *string
	name       *string
	bucket     awss3.IBucket
	accessLogs awss3.IBucket
	key        awskms.IKey
	logGroup   awslogs.ILogGroup
}

func (t *trail) CfnTrail() awscloudtrail.CfnTrail { return t.resource }
func (t *trail) TrailARN() *string                { return t.arn }
func (t *trail) TrailName() *string               { return t.name }
func (t *trail) Bucket() awss3.IBucket            { return t.bucket }
func (t *trail) AccessLogsBucket() awss3.IBucket  { return t.accessLogs }
func (t *trail) Key() awskms.IKey                 { return t.key }
func (t *trail) LogGroup() awslogs.ILogGroup      { return t.logGroup }

// NewTrail creates the audit trail. It panics with every problem in props
// (see TrailProps.Validate) before creating anything.
//
// Children: Key, AccessLogs, Bucket, LogGroup, LogsRole, Resource (the trail).
func NewTrail(scope constructs.Construct, id string, props *TrailProps) Trail {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	p := props.withDefaults()
	t := &trail{name: jsii.String(p.TrailName)}
	constructs.NewConstruct_Override(t, scope, &id)
	var this constructs.Construct = t
	stack := awscdk.Stack_Of(this)
	account, partition := stack.Account(), stack.Partition()
	t.arn = stack.FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("cloudtrail"), Resource: jsii.String("trail"), ResourceName: t.name,
	})
	// Every grant to CloudTrail names this trail (confused-deputy protection).
	thisTrail := map[string]any{"aws:SourceArn": t.arn}

	logGroupName := jsii.String("/aws/cloudtrail/" + p.TrailName)
	logGroupArn := stack.FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("logs"), Resource: jsii.String("log-group"), ResourceName: logGroupName,
		ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
	})

	if p.ExistingKey != nil {
		t.key = p.ExistingKey
	} else {
		key := awskms.NewKey(this, jsii.String("Key"), &awskms.KeyProps{
			Description:       jsii.String("Encrypts the log files of CloudTrail trail " + p.TrailName),
			EnableKeyRotation: jsii.Bool(true),
			RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
		})
		cloudtrail := awsiam.NewServicePrincipal(jsii.String("cloudtrail.amazonaws.com"), nil)
		key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("AllowCloudTrailToEncryptForThisTrail"),
			Principals: &[]awsiam.IPrincipal{cloudtrail},
			Actions:    jsii.Strings("kms:GenerateDataKey*"),
			// In a key policy, "*" means this key.
			Resources: jsii.Strings("*"),
			Conditions: &map[string]any{
				"StringEquals": thisTrail,
				"StringLike": map[string]any{
					"kms:EncryptionContext:aws:cloudtrail:arn": "arn:" + *partition + ":cloudtrail:*:" + *account + ":trail/*",
				},
			},
		}), jsii.Bool(false))
		key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("AllowCloudTrailToDescribeKeyForThisTrail"),
			Principals: &[]awsiam.IPrincipal{cloudtrail},
			Actions:    jsii.Strings("kms:DescribeKey"),
			Resources:  jsii.Strings("*"),
			Conditions: &map[string]any{"StringEquals": thisTrail},
		}), jsii.Bool(false))
		key.AddToResourcePolicy(bucketKeyStatement(t.arn, *stack.Region(), *partition, p.ExistingBucket), jsii.Bool(false))
		if p.CloudWatchLogs {
			cdkutil.AllowCloudWatchLogs(key, "AllowCloudWatchLogsForTheTrailLogGroup", "ArnEquals", logGroupArn)
		}
		cdkutil.DenyGrantsExceptForAWSServices(key)
		t.key = key
	}

	var bucketPolicyDependency constructs.IDependable
	if p.ExistingBucket != nil {
		t.bucket = p.ExistingBucket
	} else {
		lc := p.Lifecycle
		t.accessLogs = awss3.NewBucket(this, jsii.String("AccessLogs"), &awss3.BucketProps{
			BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
			Encryption:        awss3.BucketEncryption_S3_MANAGED, // server access logging accepts SSE-S3 targets only
			EnforceSSL:        jsii.Bool(true),
			MinimumTLSVersion: jsii.Number(1.2),
			ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
			Versioned:         jsii.Bool(true),
			RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
			LifecycleRules:    &[]*awss3.LifecycleRule{expiry("ExpireAccessLogs", lc.AccessLogsExpirationDays, lc.NoncurrentVersionExpirationDays)},
		})
		rule := expiry("ArchiveAndExpireLogFiles", lc.ExpirationDays, lc.NoncurrentVersionExpirationDays)
		if lc.TransitionDays > 0 {
			rule.Transitions = &[]*awss3.Transition{{
				StorageClass:    storageClasses[lc.TransitionStorageClass](),
				TransitionAfter: awscdk.Duration_Days(jsii.Number(float64(lc.TransitionDays))),
			}}
		}
		bucket := awss3.NewBucket(this, jsii.String("Bucket"), &awss3.BucketProps{
			BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
			// Every object is SSE-KMS with the trail's key by default, not
			// only CloudTrail's log files (whose puts name the key
			// themselves). Digest files stay SSE-S3: CloudTrail names that
			// encryption on their puts, which overrides a bucket default.
			// The bucket key makes S3 call KMS once per bucket key rather
			// than once per object, with the encryption context aws:s3:arn =
			// this bucket's ARN; bucketKeyStatement admits CloudTrail for
			// exactly that call. With ExistingKey, its owner's policy must
			// (see TrailProps.ExistingKey).
			Encryption:        awss3.BucketEncryption_KMS,
			EncryptionKey:     t.key,
			BucketKeyEnabled:  jsii.Bool(true),
			EnforceSSL:        jsii.Bool(true),
			MinimumTLSVersion: jsii.Number(1.2),
			ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
			Versioned:         jsii.Bool(true),
			RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
			LifecycleRules:    &[]*awss3.LifecycleRule{rule},
		})
		cdkutil.ServerAccessLogs(bucket, t.accessLogs.(awss3.Bucket), "trail-bucket/")
		cdkutil.EventBridgeNotifications(t.accessLogs.(awss3.Bucket))
		cdkutil.EventBridgeNotifications(bucket)
		cloudtrail := awsiam.NewServicePrincipal(jsii.String("cloudtrail.amazonaws.com"), nil)
		bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("AllowCloudTrailAclCheckForThisTrail"),
			Principals: &[]awsiam.IPrincipal{cloudtrail},
			Actions:    jsii.Strings("s3:GetBucketAcl"),
			Resources:  &[]*string{bucket.BucketArn()},
			Conditions: &map[string]any{"StringEquals": thisTrail},
		}))
		// An organization trail writes under AWSLogs/<org id>/ as well; the
		// aws:SourceArn condition still pins every write to this trail.
		logs := "AWSLogs/" + *account + "/*"
		if p.OrganizationTrail {
			logs = "AWSLogs/*"
		}
		bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("AllowCloudTrailWriteForThisTrail"),
			Principals: &[]awsiam.IPrincipal{cloudtrail},
			Actions:    jsii.Strings("s3:PutObject"),
			Resources:  &[]*string{bucket.ArnForObjects(jsii.String(logs))},
			Conditions: &map[string]any{"StringEquals": map[string]any{
				"aws:SourceArn": t.arn,
				"s3:x-amz-acl":  "bucket-owner-full-control",
			}},
		}))
		t.bucket = bucket
		bucketPolicyDependency = bucket.Policy()
	}

	var logsRole awsiam.Role
	if p.CloudWatchLogs {
		logGroup := awslogs.NewLogGroup(this, jsii.String("LogGroup"), &awslogs.LogGroupProps{
			LogGroupName:  logGroupName,
			Retention:     cdkutil.Retention(p.LogRetentionDays),
			RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		})
		if p.ExistingKey == nil {
			logGroup.Node().AddDependency(t.key)
			logGroup.Node().DefaultChild().(awslogs.CfnLogGroup).SetKmsKeyId(t.key.KeyArn())
		}
		t.logGroup = logGroup
		logsRole = awsiam.NewRole(this, jsii.String("LogsRole"), &awsiam.RoleProps{
			Description: jsii.String("Lets CloudTrail trail " + p.TrailName + " write to its log group"),
			AssumedBy: awsiam.NewServicePrincipal(jsii.String("cloudtrail.amazonaws.com"), &awsiam.ServicePrincipalOpts{
				Conditions: &map[string]any{"StringEquals": thisTrail},
			}),
		})
		logsRole.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
			Resources: &[]*string{awscdk.Fn_Join(jsii.String(""), &[]*string{logGroupArn, jsii.String(":log-stream:*")})},
		}))
		nag.Suppress(logsRole.Node().FindChild(jsii.String("DefaultPolicy")), nag.Rule{
			ID:        "AwsSolutions-IAM5",
			Reason:    "CloudTrail names its log streams <account>_CloudTrail_<region> at delivery time; the grant is limited to the streams of this trail's own log group.",
			AppliesTo: []any{map[string]any{"regex": "/:log-group:.*:log-stream:\\*$/"}},
		})
	}

	props2 := &awscloudtrail.CfnTrailProps{
		TrailName:                  t.name,
		IsLogging:                  jsii.Bool(true),
		S3BucketName:               t.bucket.BucketName(),
		IsMultiRegionTrail:         jsii.Bool(true),
		IncludeGlobalServiceEvents: jsii.Bool(true),
		EnableLogFileValidation:    jsii.Bool(true),
		IsOrganizationTrail:        jsii.Bool(p.OrganizationTrail),
		KmsKeyId:                   t.key.KeyArn(),
		AdvancedEventSelectors:     cfnSelectors(trailselect.Selectors(p.selectorSpec(), *partition)),
	}
	if logsRole != nil {
		props2.CloudWatchLogsLogGroupArn = t.logGroup.LogGroupArn()
		props2.CloudWatchLogsRoleArn = logsRole.RoleArn()
	}
	var insights []any
	if p.InsightAPICallRate {
		insights = append(insights, &awscloudtrail.CfnTrail_InsightSelectorProperty{InsightType: jsii.String("ApiCallRateInsight")})
	}
	if p.InsightAPIErrorRate {
		insights = append(insights, &awscloudtrail.CfnTrail_InsightSelectorProperty{InsightType: jsii.String("ApiErrorRateInsight")})
	}
	if len(insights) > 0 {
		props2.InsightSelectors = insights
	}
	t.resource = awscloudtrail.NewCfnTrail(this, jsii.String("Resource"), props2)
	if bucketPolicyDependency != nil {
		t.resource.Node().AddDependency(bucketPolicyDependency)
	}
	if logsRole != nil {
		t.resource.Node().AddDependency(logsRole)
	}
	return t
}

// expiry is a lifecycle rule that expires current objects after days (0:
// never) and noncurrent versions after noncurrent days (0: never).
func expiry(id string, days, noncurrent int) *awss3.LifecycleRule {
	r := &awss3.LifecycleRule{Id: jsii.String(id), AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(7))}
	if days > 0 {
		r.Expiration = awscdk.Duration_Days(jsii.Number(float64(days)))
	}
	if noncurrent > 0 {
		r.NoncurrentVersionExpiration = awscdk.Duration_Days(jsii.Number(float64(noncurrent)))
	}
	return r
}

func cfnSelectors(sel []trailselect.EventSelector) []any {
	out := make([]any, len(sel))
	for i, s := range sel {
		fields := make([]any, len(s.Fields))
		for j, f := range s.Fields {
			fp := &awscloudtrail.CfnTrail_AdvancedFieldSelectorProperty{Field: jsii.String(f.Field)}
			if len(f.Equals) > 0 {
				fp.EqualTo = jsii.Strings(f.Equals...)
			}
			if len(f.StartsWith) > 0 {
				fp.StartsWith = jsii.Strings(f.StartsWith...)
			}
			fields[j] = fp
		}
		out[i] = &awscloudtrail.CfnTrail_AdvancedEventSelectorProperty{Name: jsii.String(s.Name), FieldSelectors: fields}
	}
	return out
}

// bucketKeyStatement lets CloudTrail deliver this trail's log files to a
// bucket whose default encryption has an S3 Bucket Key.
//
// CloudTrail's log file puts are SSE-KMS with the trail's key. Without a
// bucket key, S3 calls kms:GenerateDataKey for each object with CloudTrail's
// encryption context (aws:cloudtrail:arn), which
// AllowCloudTrailToEncryptForThisTrail admits. With a bucket key, S3 calls
// kms:GenerateDataKey for the bucket key instead, with the encryption context
// aws:s3:arn = the bucket's ARN and no aws:cloudtrail:arn, so that statement's
// condition no longer matches and delivery would fail. This statement admits
// that call and nothing else:
//
//   - kms:GenerateDataKey only (what S3 calls to make a bucket key; CloudTrail
//     needs no other data-key variant);
//   - aws:SourceArn = this trail (the same confused-deputy pin as every grant
//     to CloudTrail here);
//   - kms:ViaService = s3.<region>.amazonaws.com: only S3 of the trail's home
//     region on CloudTrail's behalf, never a direct call;
//   - the encryption context aws:s3:arn: the imported bucket's ARN exactly when
//     the bucket is imported. A created bucket's ARN cannot be named here: its
//     default encryption names this key, so a key policy naming the bucket
//     would be a dependency cycle, and its name is generated by CloudFormation.
//     The condition then admits only a bucket ARN (arn:<partition>:s3:::name,
//     no "/"), the shape of a bucket-key context, which excludes per-object
//     contexts (object ARNs); aws:SourceArn already binds the call to the one
//     bucket this trail writes to.
func bucketKeyStatement(trailArn *string, region, partition string, existingBucket awss3.IBucket) awsiam.PolicyStatement {
	equals := map[string]any{
		"aws:SourceArn":  trailArn,
		"kms:ViaService": "s3." + region + ".amazonaws.com",
	}
	conditions := map[string]any{"StringEquals": equals}
	const context = "kms:EncryptionContext:aws:s3:arn"
	if existingBucket != nil {
		equals[context] = existingBucket.BucketArn()
	} else {
		conditions["StringLike"] = map[string]any{context: "arn:" + partition + ":s3:::*"}
		conditions["StringNotLike"] = map[string]any{context: "arn:" + partition + ":s3:::*/*"}
	}
	return awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AllowCloudTrailBucketKeyForThisTrail"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudtrail.amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:GenerateDataKey"),
		// In a key policy, "*" means this key.
		Resources:  jsii.Strings("*"),
		Conditions: &conditions,
	})
}
