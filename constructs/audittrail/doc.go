// Package audittrail is trailbridge's audit trail: a multi-region CloudTrail
// trail that logs global service events and validates its log files, with a
// KMS key (rotation on), a hardened log bucket (SSE-KMS with that key and an
// S3 Bucket Key by default, Block Public Access, TLS only, versioned, server
// access logs, lifecycle, retained on deletion) and,
// optionally, a CloudWatch Logs group.
//
// It is the first step of the data flow, and the one everything else needs:
//
//	API call -> CloudTrail (this trail) -> EventBridge bus -> rule -> target -> responder
//
// CloudTrail delivers management events to EventBridge only while a trail is
// logging, and data events (S3 object calls, Lambda Invoke) only where a trail
// selects them: S3AllBuckets, S3Objects and LambdaDataEvents write advanced
// event selectors, within CloudTrail's quota of MaxConditionValues.
//
// Every grant to CloudTrail (key policy, bucket policy, the log-delivery
// role's trust policy) is conditioned on aws:SourceArn = this trail's ARN, so
// no other trail can use them. With ExistingBucket or ExistingKey the trail
// uses what the account already has; their policies must already admit
// CloudTrail, because a construct cannot change the policy of an imported
// resource.
//
// Usage (stack is an awscdk.Stack):
//
// The trail with its created key, bucket and log group, plus S3 data events
// of one prefix:
//
//	stack := awscdk.NewStack(app, jsii.String("Audit"), &awscdk.StackProps{Env: env})
//	trail := audittrail.NewTrail(stack, "Trail", &audittrail.TrailProps{
//		CloudWatchLogs: true,
//		S3Objects:      []audittrail.S3Objects{{Bucket: "payroll-data", Prefix: "exports/"}},
//	})
//	_ = trail.Bucket() // the log bucket, the key and the log group are exposed
//
// The runnable examples (example_test.go) are on pkg.go.dev and run with
// `go test -run Example -v` in this package's directory; `go doc` does not show
// them.
package audittrail
