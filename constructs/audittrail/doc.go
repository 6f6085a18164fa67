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
package audittrail
