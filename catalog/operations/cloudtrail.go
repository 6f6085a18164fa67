package operations

import "regexp"

// The tables in this file say where CloudTrail's eventName is not an API
// operation name of the generated table. Each entry names its source; where
// the source leaves a doubt the name is accepted (a false refusal blocks a
// valid configuration, a false acceptance costs a rule that never fires).

// renamed maps an API operation to the event names CloudTrail records for it
// instead: the API name itself is never an eventName, so it is refused and
// these are suggested. Source: the S3 user guide, "Amazon S3 CloudTrail
// events" (bucket-level calls) and "Logging IAM Access Analyzer / S3 Block
// Public Access" (account-level calls through S3 Control); the repository's
// samples s3_PutBucketPublicAccessBlock*.json and
// s3_DeleteBucketPublicAccessBlock.json.
var renamed = map[string]map[string][]string{
	"s3": {
		"PutPublicAccessBlock":    {"PutBucketPublicAccessBlock", "PutAccountPublicAccessBlock"},
		"GetPublicAccessBlock":    {"GetBucketPublicAccessBlock", "GetAccountPublicAccessBlock"},
		"DeletePublicAccessBlock": {"DeleteBucketPublicAccessBlock", "DeleteAccountPublicAccessBlock"},
	},
}

// also are event names CloudTrail records besides the API operation names,
// for calls it names differently from the API but where the API name may be
// recorded too (so it stays accepted), and for events that are not API calls.
var also = map[string][]string{
	"s3": {
		// S3 user guide, "Amazon S3 CloudTrail events": bucket-level names
		// of PutBucketAccelerateConfiguration, GetBucketAccelerateConfiguration,
		// PutObjectLockConfiguration and GetObjectLockConfiguration.
		"PutAccelerateConfiguration", "GetAccelerateConfiguration",
		"PutBucketObjectLockConfiguration", "GetBucketObjectLockConfiguration",
		// S3 Batch Operations job events (eventType AwsServiceEvent, detail-type
		// "AWS Service Event via CloudTrail"): S3 user guide,
		// batch-ops-examples-event-bridge-cloud-trail; samples JobCreated__*.json.
		"JobCreated", "JobStatusChanged",
	},
	"kms": {
		// Events KMS itself records (eventType AwsServiceEvent): the deletion
		// of a key at the end of its waiting period, automatic rotation,
		// multi-Region key synchronization, expiry of imported key material.
		// KMS developer guide, "Logging AWS KMS API calls with AWS
		// CloudTrail"; samples in lambda/cloudtrail/testdata/samples/events/kms.
		"DeleteExpiredKeyMaterial", "DeleteKey", "RotateKey", "SynchronizeMultiRegionKey",
	},
	"organizations": {
		// Service events that end account creation and closure (AWS
		// Organizations user guide, "Logging AWS Organizations API calls with
		// AWS CloudTrail"; sample CreateAccountResult__*.json).
		"CreateAccountResult", "CloseAccountResult",
	},
	"cloudtrail": {
		// Service event of a service-linked channel (CloudTrail user guide,
		// "Viewing service-linked channels"; sample CreateServiceLinkedChannel__*.json).
		"CreateServiceLinkedChannel",
	},
	"sso": {
		// IAM Identity Center user guide, "IAM Identity Center console
		// actions" logged by CloudTrail: calls of the console's own API,
		// which no SDK model has.
		"AssociateDirectory", "AssociateProfile", "CreateApplicationInstance",
		"CreateApplicationInstanceCertificate", "CreateProfile", "DeleteApplicationInstance",
		"DeleteApplicationInstanceCertificate", "DeletePermissionsPolicy", "DeleteProfile",
		"DescribePermissionsPolicies", "DisassociateDirectory", "DisassociateProfile",
		"GetApplicationInstance", "GetApplicationTemplate", "GetManagedApplicationInstance",
		"GetProfile", "GetSSOStatus", "ImportApplicationInstanceServiceProviderMetadata",
		"ListApplicationInstanceCertificates", "ListApplicationInstances", "ListApplicationTemplates",
		"ListDirectoryAssociations", "ListProfileAssociations", "ListProfiles",
		"PutPermissionsPolicy", "StartSSO", "UpdateApplicationInstanceActiveCertificate",
		"UpdateApplicationInstanceDisplayData", "UpdateApplicationInstanceResponseConfiguration",
		"UpdateApplicationInstanceResponseSchemaConfiguration", "UpdateApplicationInstanceSecurityConfiguration",
		"UpdateApplicationInstanceServiceProviderConfiguration", "UpdateApplicationInstanceStatus",
		"UpdateDirectoryAssociation", "UpdateProfile", "UpdateSSOConfiguration", "UpdateTrust",
		// Portal sign-in: IAM Identity Center user guide, "IAM Identity
		// Center sign-in events" are in signin; "Federate" and "Authenticate"
		// are recorded as sso.amazonaws.com.
		"Authenticate", "Federate",
	},
}

// signinEvents are the event names of signin.amazonaws.com, which has no API
// model. Sources: CloudTrail user guide, "AWS Management Console sign-in
// events" (ConsoleLogin, CheckMfa, PasswordUpdated; samples in
// lambda/cloudtrail/testdata/samples/events/signin), IAM user guide, "Logging
// IAM and AWS STS API calls with AWS CloudTrail" (SwitchRole, ExitRole,
// RenewRole, GetSigninToken for federation sign-in, root password recovery)
// and the IAM Identity Center user guide, "IAM Identity Center sign-in
// events" (UserAuthentication, CredentialChallenge, CredentialVerification,
// ExternalIdPDirectoryLogin). Other names may exist: add them with their
// source.
var signinEvents = []string{
	"CheckMfa", "ConsoleLogin", "CredentialChallenge", "CredentialVerification",
	"ExitRole", "ExternalIdPDirectoryLogin", "GetSigninToken", "PasswordRecoveryCompleted",
	"PasswordRecoveryRequested", "PasswordUpdated", "RenewRole", "SwitchRole",
	"UserAuthentication",
}

// versioned are the services whose event names are the API name followed by
// the version of the API called: Lambda's CreateFunction20150331 and
// UpdateFunctionConfiguration20150331v2 (Lambda developer guide, "Logging
// Lambda API calls using CloudTrail"; sample lambda_CreateFunction20150331.json)
// and CloudFront's UpdateDistribution2017_03_25 (CloudFront developer guide,
// "Logging Amazon CloudFront API calls using AWS CloudTrail"). Which version a
// call carries depends on the client, so any date of the right form is
// accepted after an API name; the bare API name is accepted too (the Lambda
// guide's own GetFunction sample has none).
var versioned = map[string]*regexp.Regexp{
	"lambda":     regexp.MustCompile(`^([A-Za-z][A-Za-z0-9]*?)([0-9]{8}(?:v[0-9]+)?)$`),
	"cloudfront": regexp.MustCompile(`^([A-Za-z][A-Za-z0-9]*?)([0-9]{4}_[0-9]{2}_[0-9]{2})$`),
}
