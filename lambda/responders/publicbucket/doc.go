// Package publicbucket is the logic of the publicbucket responder: it
// turns S3 Block Public Access fully on for a bucket whose policy, ACL or
// public access block was just changed.
//
// # Events
//
// s3.amazonaws.com PutBucketPolicy, PutBucketAcl,
// DeleteBucketPublicAccessBlock and PutBucketPublicAccessBlock. A
// PutBucketPublicAccessBlock that enables all four settings needs nothing
// ("compliant", no AWS call). The other calls are acted on whatever they
// set: a bucket touched this way must end with all four settings on, which
// never breaks a non-public policy or ACL. The Decision's details list what
// the call made public ("public"): policy statements that allow Principal
// "*" (or {"AWS": "*"}), ACL grants to AllUsers or AuthenticatedUsers, a
// public canned ACL, the public access block settings turned off or
// removed; and the bucket's settings before the remedy ("before").
//
// # Steps
//
//  1. GetBucketTagging: a bucket carrying the exempt tag is "skipped"
//     (NoSuchTagSet means no tags).
//  2. GetPublicAccessBlock: all four settings on means "compliant"
//     (NoSuchPublicAccessBlockConfiguration means all off).
//  3. PutPublicAccessBlock with BlockPublicAcls, IgnorePublicAcls,
//     BlockPublicPolicy and RestrictPublicBuckets all true, in remediate
//     mode ("remediated"); "alerted" or "would-remediate" otherwise.
//
// NoSuchBucket at any step means "gone" (no error). Calls go to the
// record's awsRegion (the bucket's region) with ExpectedBucketOwner set to
// the record's account, so a same-named bucket of another account is never
// touched. Other AWS errors are returned for a retry.
//
// # Accounts
//
// Calls are made in the bucket's account with the clients that Kind.For's
// responder.ClientSource gives for it: in Lambda an *accounts.Accounts
// (package responder/accounts), so that in organization mode an event of a
// member account is acted on through the member role there
// (TRAILBRIDGE_MEMBER_ROLE_NAME, role session name
// "trailbridge-publicbucket"), and is skipped when no member role is
// configured.
package publicbucket
