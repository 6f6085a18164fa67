// Package deploy is how the Response stack deploys the auditreport
// responder (see package stacks/responder): its function and the Object Lock
// report bucket.
package deploy

import (
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/internal/cdkutil"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/nag"
	"github.com/trailbridge/trailbridge/lambda/responders/auditreport/settings"
	"github.com/trailbridge/trailbridge/stacks/responder"
)

// Entry is the responder's line of the registry (stacks/registry.go): its
// configuration section and facts (package settings, which needs neither
// the CDK nor the AWS SDK's service clients) and its definition.
var Entry = responder.NewEntry(settings.Section, settings.Facts, define)

// define returns the responder's definition for its settings r: one rule per service
// of the configured events.
func define(_ *config.Config, r settings.Settings) responder.Definition {
	byService := map[string][]string{}
	for _, e := range r.Events {
		svc, name, _ := strings.Cut(e, ":")
		byService[svc] = append(byService[svc], name)
	}
	services := slices.Sorted(maps.Keys(byService))
	var rules []responder.Rule
	for _, svc := range services {
		rules = append(rules, responder.Rule{ID: svc, Service: svc, Events: byService[svc]})
	}
	return responder.Definition{
		ID: "AuditReport", Description: "writes reports of sensitive calls", Package: "./lambda/responders/auditreport/bootstrap",
		Rules:     rules,
		Env:       map[string]string{contract.EnvAuditPrefix: contract.DefaultAuditPrefix},
		Wildcards: []responder.Wildcard{{Finding: `/^Resource::<AuditReportReports[0-9A-F]+\.Arn>\/audit\/\*$/`, Reason: "Reports are named by the event ID they describe; the grant is PutObject under the audit/ prefix of the report bucket only."}},
		Extra: func(scope constructs.Construct, fn golambda.Function) {
			bucket := newAuditBucket(scope, r.RetentionDays)
			fn.Function().AddEnvironment(jsii.String(contract.EnvAuditBucket), bucket.BucketName(), nil)
			fn.AddToRolePolicy(allow(bucket.ArnForObjects(jsii.String(contract.DefaultAuditPrefix+"/*")), settings.Actions...))
			// The bucket is SSE-KMS: PutObject needs a data key.
			fn.AddToRolePolicy(allow(delivery.Key(scope).KeyArn(), "kms:GenerateDataKey"))
		},
	}
}

func allow(resource *string, actions ...string) awsiam.PolicyStatement {
	return awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings(actions...), Resources: &[]*string{resource}})
}

// newAuditBucket creates the report bucket: Object Lock in governance mode
// with a default retention, versioned, encrypted with the delivery key,
// TLS-only, access-logged, retained on stack deletion.
func newAuditBucket(scope constructs.Construct, retentionDays int) awss3.Bucket {
	logs := awss3.NewBucket(scope, jsii.String("ReportsAccessLogs"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		Versioned:         jsii.Bool(true),
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Expiration:                  awscdk.Duration_Days(jsii.Number(365)),
			NoncurrentVersionExpiration: awscdk.Duration_Days(jsii.Number(30)),
		}},
	})
	nag.Suppress(logs, nag.Rule{ID: "AwsSolutions-S1", Reason: "This bucket is the target of the report bucket's server access logs; logging it too would need a third bucket and so on without end."})
	cdkutil.EventBridgeNotifications(logs)
	bucket := awss3.NewBucket(scope, jsii.String("Reports"), &awss3.BucketProps{
		BlockPublicAccess:          awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:                 awss3.BucketEncryption_KMS,
		EncryptionKey:              delivery.Key(scope),
		BucketKeyEnabled:           jsii.Bool(true),
		EnforceSSL:                 jsii.Bool(true),
		ObjectOwnership:            awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		Versioned:                  jsii.Bool(true),
		ObjectLockEnabled:          jsii.Bool(true),
		ObjectLockDefaultRetention: awss3.ObjectLockRetention_Governance(awscdk.Duration_Days(jsii.Number(float64(retentionDays)))),
		// Reports stay while locked; afterwards nothing deletes current
		// versions, and replaced versions go once their lock has passed.
		LifecycleRules: &[]*awss3.LifecycleRule{{
			AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(7)),
			NoncurrentVersionExpiration:         awscdk.Duration_Days(jsii.Number(float64(retentionDays + 1))),
		}},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	cdkutil.ServerAccessLogs(bucket, logs, "reports/")
	cdkutil.EventBridgeNotifications(bucket)
	return bucket
}
