// Package contract is the stack-to-handler contract of the responders, declared
// once: the environment variables a stack sets and a handler reads, the
// modes, the defaults, and the formats of the values (account IDs, ARNs,
// trail names, tag keys, ports) with their validation.
//
// The app configuration (internal/config), the stacks and the Lambda code
// (lambda/responderkit and each responder) all import it, so a value the
// configuration accepts is one the handler accepts, and a variable the stack
// sets is one the handler reads (tests/contract_test.go checks the latter on
// a synthesized stack).
//
// It imports neither the CDK nor the AWS SDK: it is linked into every Lambda
// binary.
package contract

// Environment variables every responder reads (package responderkit).
const (
	// EnvMode holds the Mode: off, alert, dry-run or remediate. Required.
	EnvMode = "TRAILBRIDGE_MODE"
	// EnvExemptPrincipals holds comma-separated ARN patterns ("*" any run of
	// characters, "?" one character) of principals whose calls are skipped.
	// Optional.
	EnvExemptPrincipals = "TRAILBRIDGE_EXEMPT_PRINCIPALS"
	// EnvSelfRoleARN holds the ARN of the responder's own execution role,
	// whose calls are always skipped. Optional but recommended.
	EnvSelfRoleARN = "TRAILBRIDGE_SELF_ROLE_ARN"
	// EnvExemptTag holds the key=value tag that exempts a resource.
	// Default: DefaultExemptTag.
	EnvExemptTag = "TRAILBRIDGE_EXEMPT_TAG"
	// EnvHomeAccount holds the ID of the account the function runs in.
	// Optional; default: the account of EnvSelfRoleARN.
	EnvHomeAccount = "TRAILBRIDGE_HOME_ACCOUNT"
	// EnvMemberRoleName holds the name of the role the responder assumes in
	// the other accounts of the organization to act on their events.
	// Optional: empty means single-account mode.
	EnvMemberRoleName = "TRAILBRIDGE_MEMBER_ROLE_NAME"
)

// Common lists the variables every responder reads, in the order above.
var Common = []string{EnvMode, EnvExemptPrincipals, EnvSelfRoleARN, EnvExemptTag, EnvHomeAccount, EnvMemberRoleName}

// Environment variables of single responders.
const (
	// EnvMFAGroup holds the name of the IAM group new users without MFA join
	// (mfagroup). Required.
	EnvMFAGroup = "TRAILBRIDGE_MFA_GROUP"
	// EnvOwnerTagKey holds the owner tag's key (ownertags).
	// Default: DefaultOwnerTagKey.
	EnvOwnerTagKey = "TRAILBRIDGE_OWNER_TAG_KEY"
	// EnvCreatedAtTagKey holds the creation time tag's key (ownertags).
	// Default: DefaultCreatedAtTagKey.
	EnvCreatedAtTagKey = "TRAILBRIDGE_CREATED_AT_TAG_KEY"
	// EnvProtectedTrails holds the protected trails, comma-separated names or
	// ARNs (trailguard). Required.
	EnvProtectedTrails = "TRAILBRIDGE_PROTECTED_TRAILS"
	// EnvAdminPorts holds the admin ports, comma-separated (opensg).
	// Default: DefaultAdminPorts.
	EnvAdminPorts = "TRAILBRIDGE_ADMIN_PORTS"
	// EnvAuditBucket holds the report bucket's name (auditreport). Required.
	EnvAuditBucket = "TRAILBRIDGE_AUDIT_BUCKET"
	// EnvAuditPrefix holds the key prefix of the reports (auditreport).
	// Default: DefaultAuditPrefix.
	EnvAuditPrefix = "TRAILBRIDGE_AUDIT_PREFIX"
)

// Defaults of the variables above when unset.
const (
	// DefaultExemptTag is the exempt tag when EnvExemptTag is unset.
	DefaultExemptTag = "trailbridge:exempt=true"
	// DefaultOwnerTagKey is the owner tag's key when EnvOwnerTagKey is unset.
	DefaultOwnerTagKey = "trailbridge:owner"
	// DefaultCreatedAtTagKey is the creation time tag's key when
	// EnvCreatedAtTagKey is unset.
	DefaultCreatedAtTagKey = "trailbridge:created-at"
	// DefaultAdminPorts are the admin ports when EnvAdminPorts is unset: SSH
	// and RDP.
	DefaultAdminPorts = "22,3389"
	// DefaultAuditPrefix is the report key prefix when EnvAuditPrefix is
	// unset.
	DefaultAuditPrefix = "audit"
)

// EnvCDKJSON names the cdk.json the app (app.go) reads its configuration
// from instead of the one in the working directory. Not a responder
// variable.
const EnvCDKJSON = "TRAILBRIDGE_CDK_JSON"

// EnvAlertTopicARN holds the ARN of the SNS topic the alert notifier
// (lambda/notify) publishes readable alerts to. Required. Not a responder
// variable.
const EnvAlertTopicARN = "TRAILBRIDGE_ALERT_TOPIC_ARN"

// EnvHeartbeatParameter holds the name of the SSM parameter the heartbeat
// function (lambda/heartbeat) writes on every beat, the one resource its
// role may write. Required. Not a responder variable.
const EnvHeartbeatParameter = "TRAILBRIDGE_HEARTBEAT_PARAMETER"
