// Package cloudtrail reads the CloudTrail records that trailbridge's Go
// Lambda responders act on: EventBridge events of the "AWS API Call via
// CloudTrail" family, bare records, and CloudTrail log files.
//
// # Reading events
//
// [Parse] accepts an EventBridge event ([Envelope], whose Detail is a
// [Record]) or a bare record, telling them apart by their "detail" and
// "eventVersion" members. [ParseLogFile] reads a log file as CloudTrail
// writes it to S3, {"Records": [...]}, compressed with gzip or not. A Lambda
// handler may also take an Envelope or a Record as its argument: their
// UnmarshalJSON methods apply the same rules.
//
// # Lenient where CloudTrail varies
//
// Records differ across services, event versions (1.0 to 1.11 are known;
// later 1.NN versions parse with a warning in Record.Warnings) and the paths
// that produced them. The package accepts booleans written as "true",
// numbers written as 300.0 or "300" ([FlexInt]), documents written either as
// objects or as strings of JSON ([FlexJSON], as S3 does with bucketPolicy),
// single objects where lists are expected, and absent optional fields.
// ReadOnly and ManagementEvent are pointers, nil when absent, so absent is
// not mistaken for false. Service-specific sections (requestParameters,
// responseElements, additionalEventData, ...) are kept as raw JSON.
//
// # Strict where a decision depends on a field
//
// Parse requires eventVersion (1.N or 1.NN), an RFC 3339 eventTime,
// eventSource, eventName and awsRegion, and rejects fields of the wrong JSON
// type. [Record.Require] checks further fields a responder relies on, and
// typed decoders read the requests that trailbridge's responders handle:
// [DecodeS3BucketRequest], [DecodeIAMCreateUser], [DecodeEC2RunInstances],
// [DecodeEC2StartInstances], [DecodeAuthorizeSecurityGroupIngress],
// [DecodeTrailRequest], [DecodeRDSCreateDBInstance] and
// [DecodeLambdaCreateFunction]; [DecodeRequest] and [DecodeResponse] serve
// the rest. Failed calls often carry null requestParameters or
// responseElements; decoders report that instead of returning zero values.
//
// Every error is a *[ParseError] naming the JSON path of the field (such as
// "detail.requestParameters.bucketName") and a [Reason]; errors from
// encoding/json are wrapped in it. Nothing in the package panics on bad
// input.
//
// # Who made the call
//
// [UserIdentity] covers every identity type (Root, IAMUser, AssumedRole,
// FederatedUser, AWSService, AWSAccount, IdentityCenterUser, and records of
// AWS-internal activity with no type at all). For an assumed role, ARN is the
// session ARN and [UserIdentity.IssuerARN] the role's ARN;
// [UserIdentity.PrincipalARN] picks the role, which is what a responder
// compares with its own role to ignore the calls it made itself.
//
// The test data holds the 123 records and 4 envelopes from the AWS user
// guides in testdata/samples (with their attribution) and crafted variants in
// testdata/fixtures.
package cloudtrail
