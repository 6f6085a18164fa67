// Package operations knows which CloudTrail event names each trailbridge
// catalog service records, so that a configuration naming
// "iam:CreateUsr" is refused at synth time with a did-you-mean instead of
// deploying a rule that never matches.
//
// The names come from two places:
//
//   - operations.txt, generated from the API models of the AWS SDK for
//     JavaScript v2 (npm package aws-sdk, Apache-2.0; the version is in the
//     file's header): every API operation of the models whose
//     endpointPrefix or signingName is the catalog service (newest version
//     of each model). A service backed by several models (s3 and s3control,
//     SES v1 and v2, EventBridge and CloudWatch Events, ...) gets their
//     union.
//   - cloudtrail.go, written by hand: where CloudTrail's eventName is not the
//     API name. Renamed calls (S3's PublicAccessBlock calls are recorded as
//     PutBucketPublicAccessBlock or PutAccountPublicAccessBlock, never
//     PutPublicAccessBlock), names recorded besides the API name (S3's
//     PutAccelerateConfiguration), version-suffixed names (Lambda's
//     CreateFunction20150331, CloudFront's UpdateDistribution2017_03_25),
//     events that are not API calls (S3 Batch Operations' JobCreated, KMS's
//     RotateKey and DeleteKey service events,
//     console actions of IAM Identity Center) and the sign-in events of
//     signin.amazonaws.com, which has no API model.
//
// The check errs towards accepting: where it is not known whether CloudTrail
// records the API name itself (Lambda's and CloudFront's bare names, such as
// GetFunction, which the Lambda guide's own sample records), both forms are
// accepted. A refused name is one that no model nor table lists; a name that
// is accepted can still be one that CloudTrail never records when the model
// lists an operation that is not logged (for example data plane calls a
// trail does not select).
//
// [Has] answers whether a service records an event name, [Suggest] proposes
// the nearest names for a miss, [Services] lists the services with a table.
// Services not in [Services] are not checked: [Covers] reports false and
// callers accept any name.
//
// # Regenerating
//
// From the repository root, with npm on the PATH and the registry reachable:
//
//	go generate ./catalog/operations/
//
// runs gen (package main in ./gen), which runs `npm pack aws-sdk@<version>`
// in a temporary directory, reads the models from the tarball and rewrites
// operations.txt; nothing else is written. To move to a newer aws-sdk
// release, change sdkVersion in gen/main.go, regenerate and review the diff.
// To read a tarball already downloaded: go run ./gen -tgz aws-sdk-X.tgz.
package operations
