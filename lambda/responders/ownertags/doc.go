// Package ownertags is the logic of the ownertags responder: it tags new
// resources with who created them and when, so that every EC2 instance, S3
// bucket, RDS instance and Lambda function has an owner.
//
// # Events
//
// Fed through an SQS queue (batches, partial batch failures):
// ec2.amazonaws.com RunInstances and StartInstances (the instances in the
// response or the request), s3.amazonaws.com CreateBucket,
// rds.amazonaws.com CreateDBInstance and lambda.amazonaws.com
// CreateFunction20150331.
//
// # Tags
//
// TRAILBRIDGE_OWNER_TAG_KEY (default "trailbridge:owner") is set to the
// principal that made the call: for an assumed role, the role's ARN (path
// included) followed by "/" and the session name, such as
// "arn:aws:iam::111111111111:role/Developer/alice" (session names cannot
// contain "/", so the last element is always the session; the role ARN alone
// would hide which person or job used the role, the session ARN would lose
// the role's path); for other principals their ARN (IAM user, root,
// federated user), else the service that made the call (invokedBy). Values
// are cut to the 256 characters tags allow (the session is dropped first),
// and characters S3, RDS and Lambda tags do not allow become "_".
// TRAILBRIDGE_CREATED_AT_TAG_KEY (default "trailbridge:created-at") is set
// to the record's eventTime (RFC 3339, UTC).
//
// An existing owner tag is never overwritten: a resource that has one is
// "compliant" and left alone (StartInstances thus tags only instances that
// lack it); an existing created-at tag is kept too. A resource carrying the
// exempt tag is "skipped".
//
// # Steps
//
//   - EC2: DescribeTags (filter resource-id and key), then CreateTags on
//     the instances missing the owner tag. InvalidInstanceID.NotFound
//     means "gone", except within a few minutes of RunInstances, when it is
//     EC2's eventual consistency and the error is returned for a retry.
//   - S3: GetBucketTagging (NoSuchTagSet means none), then PutBucketTagging
//     with the existing tags plus the new ones (PutBucketTagging replaces
//     the whole set). In the bucket's region (LocationConstraint, else the
//     record's awsRegion), with ExpectedBucketOwner.
//   - RDS: ListTagsForResource, then AddTagsToResource.
//   - Lambda: ListTags, then TagResource.
//
// Reads happen in every mode but off; writes only in remediate mode
// ("remediated"; "alerted" or "would-remediate" otherwise). A resource that
// no longer exists is "gone" (no error). Calls go to the resource's region.
// Other AWS errors are returned, so the message is received again.
//
// # Accounts
//
// Calls are made in the resources' account with the clients that Kind.For's
// responder.ClientSource gives for it: in Lambda an *accounts.Accounts
// (package responder/accounts), so that in organization mode an event of a
// member account is acted on through the member role there
// (TRAILBRIDGE_MEMBER_ROLE_NAME, role session name
// "trailbridge-ownertags"), and is skipped when no member role is
// configured.
package ownertags
